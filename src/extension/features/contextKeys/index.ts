/** Context keys for menus and keybindings: whether the active editor (text, or the timeline editor) holds an incident or a runbook. */
import * as vscode from 'vscode';
import type { FeatureContext } from '../../services/featureContext';
import { changesSummaries } from '../../services/model';
import { activeDocumentUri } from '../../services/targets';

export function register({ model }: FeatureContext): vscode.Disposable {
  const update = () => {
    const uri = activeDocumentUri();
    const rel = uri && model.relPath(uri);
    const kind = rel !== undefined ? model.index.get(rel)?.kind : undefined;
    void vscode.commands.executeCommand('setContext', 'hindsight.activeIsIncident', kind === 'incident');
    void vscode.commands.executeCommand('setContext', 'hindsight.isRunbook', kind === 'runbook');
  };
  const subs = [vscode.window.onDidChangeActiveTextEditor(update), vscode.window.tabGroups.onDidChangeTabs(update), vscode.window.tabGroups.onDidChangeTabGroups(update), model.onDidChange((c) => { if (changesSummaries(c)) update(); }), model.onDidBecomeReady(update)];
  update();
  return vscode.Disposable.from(...subs);
}
