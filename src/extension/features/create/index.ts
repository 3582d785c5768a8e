/** New Incident, New Review, New Runbook, Create Review from Incident: new records from the repo's templates. */
import * as vscode from 'vscode';
import type { FeatureContext } from '../../services/featureContext';
import { registerCommands } from '../../services/commands';
import { isTreeNode, targetUri } from '../../services/targets';
import { createRecord, type NewRecordArgs } from './newRecord';

const asArgs = (a: unknown): NewRecordArgs => (a && typeof a === 'object' && !(a instanceof vscode.Uri) && !isTreeNode(a) ? a as NewRecordArgs : {});

export function register({ model, log, settings }: FeatureContext): vscode.Disposable {
  return registerCommands(log, {
    'hindsight.newIncident': (a) => createRecord(model, settings, 'incident', asArgs(a), !asArgs(a).title),
    'hindsight.newRunbook': (a) => createRecord(model, settings, 'runbook', asArgs(a), !asArgs(a).title),
    'hindsight.newReview': async (a) => {
      const args = asArgs(a);
      if (!args.incident && !args.title) {
        const incidents = model.records().filter((r) => r.kind === 'incident');
        const pick = await vscode.window.showQuickPick([{ label: '$(circle-slash) No incident', path: '' }, ...incidents.map((r) => ({ label: `${r.id ?? ''} ${r.title ?? ''}`.trim(), description: r.review ? `has ${r.review}` : r.severity, path: r.path }))], { title: 'New Review: which incident is it about?' });
        if (!pick) return undefined;
        if (pick.path) args.incident = pick.path;
      }
      return createRecord(model, settings, 'review', args, !args.incident && !args.title);
    },
    'hindsight.createReview': (a) => {
      const uri = targetUri(model, a);
      const rel = uri && model.relPath(uri);
      if (rel === undefined) { void vscode.window.showWarningMessage('Pick an incident first.'); return undefined; }
      return createRecord(model, settings, 'review', { incident: rel }, false);
    },
  });
}
