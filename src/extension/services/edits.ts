import * as vscode from 'vscode';
import type { TextEdit } from '../../core/index';

/** Core edits (offsets into `doc`'s text) as a WorkspaceEdit on the document, so undo and dirty state are VS Code's. */
export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[], we = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const e of edits) {
    const range = new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end));
    if (e.start === e.end) we.insert(doc.uri, range.start, e.text); else we.replace(doc.uri, range, e.text);
  }
  return we;
}

/** Applies core edits to a document and checks the result (a rejected edit is reported, never retried blindly). */
export async function applyCoreEdits(doc: vscode.TextDocument, edits: readonly TextEdit[]): Promise<boolean> {
  if (!edits.length) return true;
  const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, edits));
  if (!ok) void vscode.window.showErrorMessage(`Hindsight could not edit ${vscode.workspace.asRelativePath(doc.uri)} (the edit was rejected).`);
  return ok;
}
