/** Context keys for menus and keybindings: whether the active editor holds an incident. */
import * as vscode from 'vscode';
import type { HindsightModel } from '../../services/model';

export function register(model: HindsightModel): vscode.Disposable {
  const update = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const rel = uri && model.relPath(uri);
    void vscode.commands.executeCommand('setContext', 'hindsight.activeIsIncident', rel !== undefined && model.index.get(rel)?.kind === 'incident');
  };
  const subs = [vscode.window.onDidChangeActiveTextEditor(update), model.onDidChange(update), model.onDidBecomeReady(update)];
  update();
  return vscode.Disposable.from(...subs);
}
