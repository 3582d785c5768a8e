/** Context keys for menus, keybindings and the walkthrough: whether the active editor (text, or the timeline editor) holds an incident or a runbook; whether the repo has its own policy. */
import * as vscode from 'vscode';
import type { FeatureContext } from '../../services/featureContext';
import { activeDocumentUri } from '../../services/targets';

export function register({ model }: FeatureContext): vscode.Disposable {
  const update = () => {
    const uri = activeDocumentUri();
    const rel = uri && model.relPath(uri);
    const kind = rel !== undefined ? model.index.get(rel)?.kind : undefined;
    void vscode.commands.executeCommand('setContext', 'hindsight.activeIsIncident', kind === 'incident');
    void vscode.commands.executeCommand('setContext', 'hindsight.isRunbook', kind === 'runbook');
    // The walkthrough hides "Initialize the repository" in a repo that has its policy already.
    const hasPolicy = model.policy.source !== 'built-in';
    if (hasPolicy !== lastHasPolicy) { lastHasPolicy = hasPolicy; void vscode.commands.executeCommand('setContext', 'hindsight.hasPolicy', hasPolicy); }
  };
  let lastHasPolicy: boolean | undefined;
  const subs = [vscode.window.onDidChangeActiveTextEditor(update), vscode.window.tabGroups.onDidChangeTabs(update), vscode.window.tabGroups.onDidChangeTabGroups(update), model.onDidChange(() => update()), model.onDidBecomeReady(update)];
  update();
  return vscode.Disposable.from(...subs);
}
