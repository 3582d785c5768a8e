/** Change Status / Change Severity: a minimal edit of the field plus a timeline event, through a WorkspaceEdit (undo works). */
import * as vscode from 'vscode';
import { changeField, EditError, isActiveStatus } from '../../../core/index';
import type { HindsightModel } from '../../services/model';
import { applyCoreEdits } from '../../services/edits';
import { activeDocumentUri, targetUri } from '../../services/targets';

export async function changeIncidentField(model: HindsightModel, field: 'status' | 'severity', arg?: unknown, value?: string): Promise<boolean> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  if (!uri || rel === undefined) { void vscode.window.showWarningMessage('Open an incident (or pick one in the Hindsight view) first.'); return false; }
  const doc = await vscode.workspace.openTextDocument(uri);
  const summary = model.index.get(rel);
  const current = field === 'status' ? summary?.status : summary?.severity;
  if (value === undefined) {
    const items = field === 'status'
      ? model.policy.statuses.map((s) => ({ label: s.id, description: s.id === current ? 'current' : isActiveStatus(model.policy, s.id) ? '' : 'ends the incident', detail: s.requires.length ? `fills ${s.requires.join(', ')} when missing` : undefined }))
      : model.policy.severities.map((s) => ({ label: s.id, description: [s.title, s.id === current ? 'current' : ''].filter(Boolean).join(' · '), detail: s.description }));
    const pick = await vscode.window.showQuickPick(items, { title: `Change ${field} of ${summary?.id ?? rel}`, placeHolder: current ? `Now: ${current}` : undefined });
    if (!pick) return false;
    value = pick.label;
  }
  if (value === current) return true;
  let edits;
  try {
    edits = changeField(doc.getText(), rel, field, value, model.policy, { now: Date.now(), by: model.gitUser });
  } catch (e) {
    if (e instanceof EditError) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return false; }
    throw e;
  }
  const ok = await applyCoreEdits(doc, edits);
  // Shown when it is not already in front (in the text editor or the timeline editor).
  if (ok && activeDocumentUri()?.toString() !== uri.toString()) await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
  return ok;
}
