/** The workspace as a whole: Initialize Repository, Refresh (read everything again), Show Output. */
import * as vscode from 'vscode';
import { POLICY_PATH } from '../../../core/index';
import { initRepo, InitRefused } from '../../../node/init';
import { RepoFileRefused } from '../../../node/repo';
import type { FeatureContext } from '../../services/featureContext';
import { registerCommands } from '../../services/commands';

export function register({ model, log }: FeatureContext): vscode.Disposable {
  return registerCommands(log, {
    'hindsight.init': async () => {
      if (!model.root) { void vscode.window.showErrorMessage('Open a folder first: Hindsight initializes the repository in it.'); return; }
      try {
        const written = initRepo(model.root.fsPath);
        log.info(`initialized: ${written.join(', ')}`);
        await model.reload();
        await vscode.window.showTextDocument(model.uriOf(POLICY_PATH));
      } catch (e) {
        if (e instanceof InitRefused) { void vscode.window.showInformationMessage(`Hindsight: ${e.message}`); return; }
        if (e instanceof RepoFileRefused) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return; }
        throw e;
      }
    },
    'hindsight.refresh': () => model.reload(),
    'hindsight.showOutput': () => log.show(),
  });
}
