/** Action items of reviews: add one, mark one done, open its link. Every change is a minimal edit through a WorkspaceEdit. */
import * as vscode from 'vscode';
import { ACTION_ITEM_TYPES, nextActionItemId, actionItemIsOpen, appendActionItem, EditError, formatIso, incidentPeople, parseDate, parseRecord, get, resolveLink, safeHref, setActionItemFields, DAY, type ActionItemInput, type RecordSummary } from '../../../core/index';
import type { HindsightModel } from '../../services/model';
import { applyCoreEdits } from '../../services/edits';
import { actionItemNode, reviewTarget } from '../../services/targets';
import { peopleToSuggest, pickPerson } from '../../services/people';

export interface AddActionItemArgs { title?: string; owner?: string; due?: string; type?: string; link?: string }

async function edit(model: HindsightModel, r: RecordSummary, make: (text: string) => ReturnType<typeof appendActionItem>): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(model.uriOf(r.path));
  try { return await applyCoreEdits(doc, make(doc.getText())); }
  catch (e) { if (e instanceof EditError) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return false; } throw e; }
}

export async function addActionItem(model: HindsightModel, arg: unknown, given: AddActionItemArgs = {}): Promise<boolean> {
  const r = reviewTarget(model, arg) ?? await pickReview(model);
  if (!r) return false;
  const owners = [...new Set(model.records().flatMap((x) => x.actionItems.map((a) => a.owner)).filter((o): o is string => !!o))].sort();
  const title = given.title ?? await vscode.window.showInputBox({ title: `New action item for ${r.title ?? r.path}`, prompt: 'What must change', validateInput: (v) => (v.trim() ? undefined : 'An action item needs a title') });
  if (!title?.trim()) return false;
  // The incident's own people first (its commander and roles), then the user and the repo's people, then the owners used so far.
  const own = peopleOfIncident(model, r);
  const people = peopleToSuggest(model, own);
  const notes = new Map([...owners.map((o): [string, string] => [o, 'owns action items']), ...own.map((p): [string, string] => [p, `on ${r.incident}`])]);
  const owner = given.owner ?? await pickPerson(`Owner of "${title.trim()}"`, [...people, ...owners.filter((o) => !people.includes(o))], { placeholder: 'Who will do it? Pick someone (the incident\'s people first) or type a name or team; empty: no owner yet', optional: true, notes });
  if (owner === undefined) return false;
  const defaultDue = formatIso(Date.now() + 30 * DAY).slice(0, 10);
  const due = given.due ?? await vscode.window.showInputBox({ title: 'Due date', prompt: 'YYYY-MM-DD (30 days from today offered)', value: defaultDue, validateInput: (v) => (parseDate(v.trim()).ok ? undefined : 'A date like 2026-12-31') });
  if (due === undefined) return false;
  let type = given.type;
  if (type === undefined && !given.title) {
    // No type first: Enter skips the question rather than choosing one.
    const pick = await vscode.window.showQuickPick([{ label: 'No type', description: 'skip' }, ...ACTION_ITEM_TYPES.map((t) => ({ label: t, description: TYPE_NOTES[t] }))], { title: 'Type', placeHolder: 'What kind of change is it? Enter: no type' });
    if (!pick) return false;
    type = pick.label === 'No type' ? undefined : pick.label;
  }
  const item: ActionItemInput = { id: nextActionItemId(model.records(), r), title: title.trim(), ...(owner.trim() ? { owner: owner.trim() } : {}), due: due.trim(), status: 'open', ...(type ? { type } : {}), ...(given.link ? { link: given.link } : {}) };
  const before = r.actionItems.length;
  if (!(await edit(model, r, (text) => appendActionItem(text, item)))) return false;
  // Say so, and show it in the Action Items view once the index has it (the tree feature reveals rows).
  void vscode.window.showInformationMessage(`Added ${item.id} "${item.title}" to ${r.title ?? r.path}${item.owner ? ` (owner ${item.owner}` : ' (no owner'}, due ${item.due}).`);
  void revealWhenIndexed(model, r.path, before);
  return true;
}

const TYPE_NOTES: Record<string, string> = {
  detective: 'finds it sooner next time (alerts, monitoring)',
  preventive: 'keeps it from happening again',
  corrective: 'repairs what it broke or left behind',
};

/** The people of the incident a review is about (commander, roles), read from its front matter. */
function peopleOfIncident(model: HindsightModel, review: RecordSummary): string[] {
  if (!review.incident) return [];
  const inc = model.index.incidentsById(review.incident)[0] ?? model.index.get(review.incident);
  const text = inc && model.textOf(inc.path);
  return text === undefined ? [] : incidentPeople(parseRecord(inc!.path, text, model.policy).root);
}

async function revealWhenIndexed(model: HindsightModel, path: string, index: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((model.index.get(path)?.actionItems.length ?? 0) > index) { await vscode.commands.executeCommand('hindsight.revealActionItem', path, index); return; }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function pickReview(model: HindsightModel): Promise<RecordSummary | undefined> {
  const reviews = model.records().filter((r) => r.kind === 'review');
  const pick = await vscode.window.showQuickPick(reviews.map((r) => ({ label: r.title ?? r.path, description: [r.incident, r.status].filter(Boolean).join(' · '), r })), { title: 'Which review?' });
  return pick?.r;
}

/** The file position (among all list items) of the review's `index`-th mapping item, as the summary counts them. */
function fileIndex(text: string, r: RecordSummary, index: number, model: HindsightModel): number | undefined {
  const rec = parseRecord(r.path, text, model.policy);
  const seq = get(rec.root, 'action_items');
  if (seq?.type !== 'seq') return undefined;
  let n = -1;
  for (let i = 0; i < seq.items.length; i++) if (seq.items[i].type === 'map' && ++n === index) return i;
  return undefined;
}

export async function markActionItemDone(model: HindsightModel, arg: unknown): Promise<boolean> {
  let r: RecordSummary | undefined;
  let index: number | undefined;
  const n = actionItemNode(arg);
  if (n) { r = model.index.get(n.review.path) ?? n.review; index = n.index; }
  else {
    r = reviewTarget(model, arg);
    if (!r) return false;
    const open = r.actionItems.map((a, i) => ({ a, i })).filter(({ a }) => actionItemIsOpen(a));
    if (!open.length) { void vscode.window.showInformationMessage('This review has no open action items.'); return false; }
    const pick = await vscode.window.showQuickPick(open.map(({ a, i }) => ({ label: a.title ?? a.id ?? `item ${i + 1}`, description: [a.id, a.owner, a.due && `due ${a.due}`].filter(Boolean).join(' · '), i })), { title: 'Mark which action item done?' });
    index = pick?.i;
  }
  if (!r || index === undefined) return false;
  const review = r;
  const at = index;
  return edit(model, review, (text) => {
    const i = fileIndex(text, review, at, model);
    if (i === undefined) throw new EditError('That action item is no longer in the review; refresh the view');
    return setActionItemFields(text, i, { status: 'done' });
  });
}

export async function openActionItemLink(model: HindsightModel, arg: unknown): Promise<boolean> {
  const n = actionItemNode(arg);
  if (!n?.item.link) { void vscode.window.showInformationMessage('This action item has no link.'); return false; }
  const link = n.item.link.trim();
  const href = safeHref(link);
  if (href === undefined) { void vscode.window.showWarningMessage(`Hindsight opens only http(s), mailto and repo links, not '${link}'.`); return false; }
  if (/^(https?|mailto):/i.test(href)) return vscode.env.openExternal(vscode.Uri.parse(href, true));
  const rel = resolveLink(n.review.path, href);
  if (rel === undefined || !model.index.hasFile(rel)) { void vscode.window.showWarningMessage(`'${link}' is not a file of this repo.`); return false; }
  await vscode.window.showTextDocument(model.uriOf(rel));
  return true;
}
