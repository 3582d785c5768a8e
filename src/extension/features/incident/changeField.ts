/** Change Status / Change Severity: a minimal edit of the field plus a timeline event, through a WorkspaceEdit (undo works). */
import * as vscode from 'vscode';
import { applyEdits, assignRole, changeField, EditError, get, incidentRoles, isActiveStatus, milestoneChanges, parseRecord, reopenedMilestones, scalarText } from '../../../core/index';
import type { HindsightModel } from '../../services/model';
import { applyCoreEdits } from '../../services/edits';
import { activeDocumentUri, targetUri } from '../../services/targets';
import { peopleToSuggest, pickPerson } from '../../services/people';

export async function changeIncidentField(model: HindsightModel, field: 'status' | 'severity', arg?: unknown, value?: string): Promise<boolean> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  if (!uri || rel === undefined) { void vscode.window.showWarningMessage('Open an incident (or pick one in the Hindsight view) first.'); return false; }
  const doc = await vscode.workspace.openTextDocument(uri);
  const summary = model.index.get(rel);
  // The document as it is now, not the index (which follows an edit a moment later: a second change at once
  // would be taken for no change).
  const root = parseRecord(rel, doc.getText(), model.policy).root;
  const current = scalarText(get(root, field));
  if (value === undefined) {
    const items = field === 'status'
      ? model.policy.statuses.map((s) => {
        // Back to an earlier status: say which milestones it empties (its event keeps their values).
        const reopens = s.id === current ? [] : reopenedMilestones(model.policy, current, s.id).filter((m) => scalarText(get(root, m)));
        const detail = [s.requires.length ? `fills ${s.requires.join(', ')} when missing` : '', reopens.length ? `reopens: empties ${reopens.join(', ')} (the event keeps them)` : ''].filter(Boolean).join(' · ');
        return { label: s.id, description: s.id === current ? 'current' : isActiveStatus(model.policy, s.id) ? '' : 'ends the incident', detail: detail || undefined };
      })
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
  const before = doc.getText();
  const ok = await applyCoreEdits(doc, edits);
  // Shown when it is not already in front (in the text editor or the timeline editor).
  if (ok && activeDocumentUri()?.toString() !== uri.toString()) await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
  // Milestones filled with now (closing straight from investigating): said, since the real times may be earlier.
  if (ok && field === 'status') {
    const { filled } = milestoneChanges(before, applyEdits(before, edits), rel, model.policy);
    if (filled.length) void vscode.window.showInformationMessage(`${summary?.id ?? rel} is ${value}: ${filled.map((f) => f.milestone).join(' and ')} ${filled.length > 1 ? 'were' : 'was'} empty and ${filled.length > 1 ? 'are' : 'is'} now set to this moment (${filled[0].value}). Edit ${filled.length > 1 ? 'them' : 'it'} in the file if ${filled.length > 1 ? 'they' : 'it'} happened earlier.`);
  }
  return ok;
}

/**
 * Assign Role: names the person in one of the incident's roles (the commander, or a role under `roles:`). Without
 * a role, asks which (the severity's required ones first, then the policy's); without a person, asks who (the
 * incident's people and the repo's history, or a typed name; never a placeholder). A minimal edit with a `role`
 * event saying who took the role; undo works.
 */
export async function assignIncidentRole(model: HindsightModel, arg?: unknown, role?: string, person?: string): Promise<boolean> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  if (!uri || rel === undefined) { void vscode.window.showWarningMessage('Open an incident (or pick one in the Hindsight view) first.'); return false; }
  const doc = await vscode.workspace.openTextDocument(uri);
  const rec = parseRecord(rel, doc.getText(), model.policy);
  const summary = model.index.get(rel);
  const roles = incidentRoles(rec.root, model.policy, summary?.severity);
  if (role === undefined) {
    const names = [...new Set([...roles.map((r) => r.role), ...model.policy.roles])];
    const pick = await vscode.window.showQuickPick(names.map((n) => {
      const r = roles.find((x) => x.role === n);
      return { label: n, description: [r?.person ?? 'nobody', r?.required ? `${summary?.severity ?? 'the severity'} requires it` : ''].filter(Boolean).join(' · ') };
    }), { title: `Assign a role on ${summary?.id ?? rel}`, placeHolder: 'Which role?' });
    if (!pick) return false;
    role = pick.label;
  }
  const current = roles.find((r) => r.role === role)?.person;
  if (person === undefined) {
    const mine = roles.flatMap((r) => (r.person ? [r.person] : []));
    const notes = new Map(mine.map((p) => [p, 'on this incident']));
    person = await pickPerson(`${role} of ${summary?.id ?? rel}${current ? ` (now ${current})` : ''}`, peopleToSuggest(model, mine), { placeholder: `Who is ${role}? Pick someone or type a name`, notes });
    if (person === undefined) return false;
  }
  if (person === current) return true;
  let edits;
  try { edits = assignRole(doc.getText(), rel, role, person, model.policy, { now: Date.now(), by: model.gitUser }); } catch (e) {
    if (e instanceof EditError) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return false; }
    throw e;
  }
  return applyCoreEdits(doc, edits);
}
