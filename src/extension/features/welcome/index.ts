/**
 * The first start: a new user opening a repo with records should land on Hindsight, not on the Explorer. The
 * first time Hindsight activates on this machine (a flag in the global state), it reveals the Hindsight view and
 * opens the walkthrough beside it. Never again after that, and never in a workspace with no record folders'
 * records yet read (it waits for the first read, so it never shows an empty view as the welcome).
 */
import * as vscode from 'vscode';
import type { FeatureContext } from '../../services/featureContext';
import { logUnexpected } from '../../services/output';

export const WELCOMED_KEY = 'hindsight.welcomed';

export function register({ model, log, globalState }: FeatureContext): vscode.Disposable {
  if (globalState.get<boolean>(WELCOMED_KEY)) return new vscode.Disposable(() => undefined);
  let done = false;
  const welcome = async () => {
    if (done || !model.records().length) return;
    done = true;
    await globalState.update(WELCOMED_KEY, true);
    await vscode.commands.executeCommand('workbench.view.extension.hindsight');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'hindsight.hindsight#hindsight.start', false);
  };
  model.whenReady().then(welcome).catch((e: unknown) => logUnexpected(log, 'the first start\'s welcome', e));
  return new vscode.Disposable(() => { done = true; });
}
