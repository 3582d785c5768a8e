/** Import a Markdown timeline into structured events; export the timeline as a Markdown table (clipboard, or into the linked review). */
import * as vscode from 'vscode';
import { appendTimelineEvents, EditError, findTimelineSection, importTimeline, parseRecord, refreshTimelineSection, timelineEvents, timelineHeading, timelineSection, timelineTable, type TimelineEvent } from '../../../core/index';
import type { HindsightModel } from '../../services/model';
import { applyCoreEdits } from '../../services/edits';
import { targetUri } from '../../services/targets';

export interface ImportArgs { date?: string; zone?: string }

export async function importMarkdownTimeline(model: HindsightModel, arg?: unknown, args: ImportArgs = {}): Promise<number | undefined> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  if (!uri || rel === undefined) { void vscode.window.showWarningMessage('Open an incident first.'); return undefined; }
  const doc = await vscode.workspace.openTextDocument(uri);
  let opts = { ...args };
  let r = importTimeline(doc.getText(), opts);
  if (r.error) { void vscode.window.showWarningMessage(`Hindsight: nothing imported: ${r.error}.`); return 0; }
  if (!r.section) { void vscode.window.showInformationMessage('No "## Timeline" section found in this file.'); return 0; }
  if (r.needsDate && !opts.date) {
    const date = await vscode.window.showInputBox({ title: 'Import timeline: date', prompt: 'Some lines give only a time. On which day (YYYY-MM-DD)?', validateInput: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? undefined : 'YYYY-MM-DD') });
    if (!date) return undefined;
    opts = { ...opts, date };
  }
  if ((r.needsZone || !r.zone) && !opts.zone) {
    const zone = await vscode.window.showInputBox({ title: 'Import timeline: time zone', prompt: 'The text does not say which zone its times are in: UTC, CET, +02:00, ...', value: 'UTC' });
    if (!zone) return undefined;
    opts = { ...opts, zone };
  }
  r = importTimeline(doc.getText(), opts);
  const have = new Set(timelineEvents(parseRecord(rel, doc.getText(), model.policy).root).map((e) => JSON.stringify([e.at, e.text])));
  const fresh: TimelineEvent[] = r.events.filter((e) => !have.has(JSON.stringify([e.at, e.text])));
  try {
    if (fresh.length && !(await applyCoreEdits(doc, appendTimelineEvents(doc.getText(), fresh)))) return undefined;
  } catch (e) {
    if (e instanceof EditError) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return undefined; }
    throw e;
  }
  const skipped = r.events.length - fresh.length;
  const msg = `Imported ${fresh.length} event${fresh.length === 1 ? '' : 's'}${skipped ? ` (${skipped} already there)` : ''}${r.unreadable.length ? `; ${r.unreadable.length} line${r.unreadable.length === 1 ? '' : 's'} could not be read` : ''}.`;
  if (r.unreadable.length) {
    void vscode.window.showWarningMessage(msg, 'Show lines').then((c) => {
      if (c) void vscode.workspace.openTextDocument({ language: 'markdown', content: `# Lines not imported from ${rel}\n\n${r.unreadable.map((u) => `- line ${u.line}: ${u.reason}: \`${u.text.replace(/`/g, "'")}\``).join('\n')}\n` }).then((d) => vscode.window.showTextDocument(d));
    });
  } else void vscode.window.showInformationMessage(msg);
  return fresh.length;
}

function eventsOf(model: HindsightModel, rel: string, text: string): TimelineEvent[] {
  return timelineEvents(parseRecord(rel, text, model.policy).root).sort((a, b) => a.at.localeCompare(b.at));
}

export async function copyTimelineTable(model: HindsightModel, arg?: unknown, timeZone?: string): Promise<string | undefined> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  if (!uri || rel === undefined) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  const table = timelineTable(eventsOf(model, rel, doc.getText()), { timeZone });
  await vscode.env.clipboard.writeText(table + '\n');
  void vscode.window.showInformationMessage('Timeline copied as a Markdown table.');
  return table;
}

/**
 * Puts the incident's timeline into its review: refreshes the section Hindsight keeps there (between its markers),
 * or inserts one under the review's Timeline heading (after the heading line; nothing of the author's is replaced).
 */
export async function insertTimelineIntoReview(model: HindsightModel, arg?: unknown, timeZone?: string): Promise<boolean> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  if (!uri || rel === undefined) return false;
  const summary = model.index.get(rel);
  const reviewRel = summary?.review ?? (summary ? model.index.reviewsFor(summary)[0]?.path : undefined);
  if (!reviewRel || !model.index.hasFile(reviewRel)) { void vscode.window.showWarningMessage('This incident has no review yet: create one first.'); return false; }
  const review = await vscode.workspace.openTextDocument(model.uriOf(reviewRel));
  if (findTimelineSection(review.getText())) return refreshReviewTimeline(model, review.uri, timeZone);
  const incDoc = await vscode.workspace.openTextDocument(uri);
  const text = review.getText();
  const found = timelineHeading(text);
  if (!found.ok) void vscode.window.showWarningMessage(`Hindsight: the review's Markdown could not be read (${found.reason}); the timeline is added at its end.`);
  const heading = found.ok ? found.heading : undefined;
  const table = timelineSection(summary?.id, eventsOf(model, rel, incDoc.getText()), { timeZone });
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = heading ? heading.next : text.length;
  const insert = heading ? `${eol}${table.replace(/\n/g, eol)}${eol}` : `${eol}## Timeline${eol}${eol}${table.replace(/\n/g, eol)}${eol}`;
  const ok = await applyCoreEdits(review, [{ start: at, end: at, text: insert }]);
  if (ok) await vscode.window.showTextDocument(review, { preview: false });
  return ok;
}

/** Refreshes a review's timeline section from its incident (the command behind the review's CodeLens). */
export async function refreshReviewTimeline(model: HindsightModel, arg?: unknown, timeZone?: string): Promise<boolean> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  const review = rel !== undefined ? model.index.get(rel) : undefined;
  if (!uri || !review || review.kind !== 'review') { void vscode.window.showWarningMessage('Open a review first.'); return false; }
  const incident = review.incident !== undefined ? model.index.resolveIncident(review.path, review.incident) : undefined;
  if (!incident) { void vscode.window.showWarningMessage(`The review's incident '${review.incident ?? ''}' is not in this workspace: its timeline cannot be refreshed.`); return false; }
  const doc = await vscode.workspace.openTextDocument(uri);
  const incText = model.textOf(incident.path);
  if (incText === undefined) { void vscode.window.showWarningMessage(`${incident.path} cannot be read.`); return false; }
  let edits;
  try { edits = refreshTimelineSection(doc.getText(), incident.id, eventsOf(model, incident.path, incText), { timeZone }); } catch (e) {
    if (e instanceof EditError) { void vscode.window.showWarningMessage(`Hindsight: ${e.message}`); return false; }
    throw e;
  }
  if (!edits.length) { void vscode.window.showInformationMessage(`The timeline is up to date with ${incident.id ?? incident.path}.`); return true; }
  const ok = await applyCoreEdits(doc, edits);
  if (ok) void vscode.window.showInformationMessage(`Timeline refreshed from ${incident.id ?? incident.path}.`);
  return ok;
}
