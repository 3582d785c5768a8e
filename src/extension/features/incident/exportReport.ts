/** Export Incident Report: the CLI's `hindsight export` (Markdown or one self-contained HTML file), written where the user picks. */
import * as vscode from 'vscode';
import { incidentReport, resolveLink } from '../../../core/index';
import type { HindsightModel } from '../../services/model';
import { targetUri } from '../../services/targets';

export interface ExportArgs { format?: 'md' | 'html'; target?: vscode.Uri }

export async function exportIncident(model: HindsightModel, arg: unknown, given: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  const uri = targetUri(model, arg);
  const rel = uri && model.relPath(uri);
  const inc = rel !== undefined ? model.index.get(rel) : undefined;
  if (!uri || !inc || inc.kind !== 'incident') { void vscode.window.showWarningMessage('Open an incident (or pick one in the Incidents view) first.'); return undefined; }
  // Refused before any question: a report needs the front matter, and a format asked for nothing is a wasted step.
  if (!inc.ok) { void vscode.window.showErrorMessage(`Hindsight: cannot export ${rel}: its front matter does not parse (see the Problems panel).`); return undefined; }
  const format = given.format ?? (await vscode.window.showQuickPick([{ label: 'HTML', description: 'one self-contained file to share', f: 'html' as const }, { label: 'Markdown', f: 'md' as const }], { title: `Export ${inc.id ?? rel}` }))?.f;
  if (!format) return undefined;
  const text = model.textOf(rel!);
  if (text === undefined) { void vscode.window.showErrorMessage(`Hindsight: ${rel} cannot be read`); return undefined; }
  const linked = inc.review !== undefined ? resolveLink(inc.path, inc.review) : undefined;
  const reviewPath = linked !== undefined && model.index.get(linked)?.kind === 'review' ? linked : model.index.reviewsFor(inc)[0]?.path;
  const reviewText = reviewPath !== undefined ? model.textOf(reviewPath) : undefined;
  let report: string;
  try {
    report = incidentReport({ incident: { path: rel!, text }, ...(reviewPath !== undefined && reviewText !== undefined ? { review: { path: reviewPath, text: reviewText } } : {}) }, model.policy, { format, now: Date.now() });
  } catch (e) { void vscode.window.showErrorMessage(`Hindsight: ${(e as Error).message}`); return undefined; }
  const target = given.target ?? await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(model.root!, `${inc.id ?? 'incident'}-report.${format}`), filters: format === 'html' ? { HTML: ['html'] } : { Markdown: ['md'] } });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(report));
  // The report is of the text in the editor: said when that is not what the file on disk holds.
  const unsaved = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty);
  if (!given.target) void vscode.window.showInformationMessage(`Hindsight: exported ${inc.id ?? rel} to ${vscode.workspace.asRelativePath(target)}${unsaved ? ' (with the changes not saved yet in the editor)' : ''}`);
  return target;
}
