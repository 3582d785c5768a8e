/** The Hindsight commands. Each handler validates its arguments; none passes an argument to a shell or executeCommand. */
import * as vscode from 'vscode';
import { EditError, sortTimeline } from '../../../core/index';
import { initRepo, InitRefused } from '../../../node/init';
import type { HindsightModel } from '../../services/model';
import type { Logger } from '../../services/output';
import type { DiagnosticsFeature } from '../diagnostics/index';
import type { TreeFeature } from '../tree/index';
import { applyCoreEdits } from '../../services/edits';
import { createRecord, type NewRecordArgs } from './newRecord';
import { changeIncidentField, resolveTarget } from './changeField';
import { copyTimelineTable, importMarkdownTimeline, insertTimelineIntoReview, type ImportArgs } from './timelineIO';
import { exportIncident, type ExportArgs } from './exportReport';
import { addActionItem, markActionItemDone, openActionItemLink, type AddActionItemArgs } from './actionItems';

const asArgs = (a: unknown): NewRecordArgs => (a && typeof a === 'object' && !(a instanceof vscode.Uri) && !('type' in (a as object)) ? a as NewRecordArgs : {});
const asString = (a: unknown): string | undefined => (typeof a === 'string' ? a : undefined);

export function register(model: HindsightModel, trees: TreeFeature, diagnostics: DiagnosticsFeature, log: Logger): vscode.Disposable {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, fn);
  return vscode.Disposable.from(
    reg('hindsight.newIncident', (a) => createRecord(model, 'incident', asArgs(a), !asArgs(a).title)),
    reg('hindsight.newRunbook', (a) => createRecord(model, 'runbook', asArgs(a), !asArgs(a).title)),
    reg('hindsight.newReview', async (a) => {
      const args = asArgs(a);
      if (!args.incident && !args.title) {
        const incidents = model.records().filter((r) => r.kind === 'incident');
        const pick = await vscode.window.showQuickPick([{ label: '$(circle-slash) No incident', path: '' }, ...incidents.map((r) => ({ label: `${r.id ?? ''} ${r.title ?? ''}`.trim(), description: r.review ? `has ${r.review}` : r.severity, path: r.path }))], { title: 'New Review: which incident is it about?' });
        if (!pick) return undefined;
        if (pick.path) args.incident = pick.path;
      }
      return createRecord(model, 'review', args, !args.incident && !args.title);
    }),
    reg('hindsight.createReview', (a) => {
      const uri = resolveTarget(model, a);
      const rel = uri && model.relPath(uri);
      if (rel === undefined) { void vscode.window.showWarningMessage('Pick an incident first.'); return undefined; }
      return createRecord(model, 'review', { incident: rel }, false);
    }),
    reg('hindsight.changeStatus', (a, v) => changeIncidentField(model, 'status', a, asString(v))),
    reg('hindsight.changeSeverity', (a, v) => changeIncidentField(model, 'severity', a, asString(v))),
    reg('hindsight.openTimeline', async (a) => {
      const uri = resolveTarget(model, a);
      if (!uri || !model.relPath(uri)) { void vscode.window.showWarningMessage('Open an incident (or pick one in the Hindsight view) first.'); return; }
      await vscode.commands.executeCommand('vscode.openWith', uri, 'hindsight.timeline');
    }),
    reg('hindsight.importTimeline', (a, o) => importMarkdownTimeline(model, a, o && typeof o === 'object' ? { date: typeof (o as ImportArgs).date === 'string' ? (o as ImportArgs).date : undefined, zone: typeof (o as ImportArgs).zone === 'string' ? (o as ImportArgs).zone : undefined } : {})),
    reg('hindsight.copyTimelineTable', (a) => copyTimelineTable(model, a)),
    reg('hindsight.addActionItem', (a, given) => addActionItem(model, a, given && typeof given === 'object' ? given as AddActionItemArgs : {})),
    reg('hindsight.markActionItemDone', (a) => markActionItemDone(model, a)),
    reg('hindsight.exportIncident', (a, o) => exportIncident(model, a, o && typeof o === 'object' ? o as ExportArgs : {})),
    reg('hindsight.openActionItemLink', (a) => openActionItemLink(model, a)),
    reg('hindsight.insertTimelineIntoReview', (a) => insertTimelineIntoReview(model, a)),
    reg('hindsight.sortTimeline', async (a) => {
      const uri = resolveTarget(model, a);
      if (!uri) return false;
      const doc = await vscode.workspace.openTextDocument(uri);
      try { return await applyCoreEdits(doc, sortTimeline(doc.getText())); } catch (e) { if (e instanceof EditError) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return false; } throw e; }
    }),
    reg('hindsight.init', async () => {
      if (!model.root) { void vscode.window.showErrorMessage('Open a folder first: Hindsight initializes the repository in it.'); return; }
      try {
        const written = initRepo(model.root.fsPath);
        log.info(`initialized: ${written.join(', ')}`);
        await model.reload();
        await vscode.window.showTextDocument(model.uriOf('.hindsight/policy.yaml'));
      } catch (e) {
        if (e instanceof InitRefused) { void vscode.window.showInformationMessage(`Hindsight: ${e.message}`); return; }
        throw e;
      }
    }),
    reg('hindsight.validateWorkspace', async () => {
      await model.whenReady();
      await diagnostics.validateAll();
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
    reg('hindsight.showOutput', () => log.show()),
    reg('hindsight.refresh', () => model.reload()),
    reg('hindsight.openRecord', (a) => {
      if (!(a instanceof vscode.Uri) || !model.relPath(a)) return undefined; // only our own records
      return vscode.window.showTextDocument(a, { preview: true });
    }),
    reg('hindsight.revealActive', async () => {
      const uri = vscode.window.activeTextEditor?.document.uri;
      const rel = uri && model.relPath(uri);
      if (rel === undefined || !(await trees.reveal(rel))) void vscode.window.showInformationMessage('The active file is not a Hindsight record.');
    }),
    reg('hindsight.filter', async () => {
      const p = model.policy;
      const f = trees.incidents.filter;
      type Item = vscode.QuickPickItem & { dim?: 'severities' | 'statuses' | 'services'; value?: string };
      const services = p.services ?? [...new Set(model.records().filter((r) => r.kind === 'incident').flatMap((r) => r.services))].sort();
      const items: Item[] = [
        { label: 'Severity', kind: vscode.QuickPickItemKind.Separator },
        ...p.severities.map((s) => ({ label: s.id, description: s.title, dim: 'severities' as const, value: s.id, picked: f.severities.includes(s.id) })),
        { label: 'Status', kind: vscode.QuickPickItemKind.Separator },
        ...p.statuses.map((s) => ({ label: s.id, dim: 'statuses' as const, value: s.id, picked: f.statuses.includes(s.id) })),
        { label: 'Service', kind: vscode.QuickPickItemKind.Separator },
        ...services.map((s) => ({ label: s, dim: 'services' as const, value: s, picked: f.services.includes(s) })),
      ];
      const picks = await vscode.window.showQuickPick(items, { title: 'Filter incidents', canPickMany: true, placeHolder: 'Show incidents matching all picked dimensions (any value within one)' });
      if (!picks) return;
      const get = (d: Item['dim']) => picks.filter((x) => x.dim === d).map((x) => x.value!);
      trees.setFilter({ severities: get('severities'), statuses: get('statuses'), services: get('services') });
    }),
    reg('hindsight.clearFilter', () => trees.setFilter({ severities: [], statuses: [], services: [] })),
  );
}

