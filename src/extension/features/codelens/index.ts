/**
 * CodeLenses above an incident's front matter: its metrics against the severity's targets, Open Timeline, Change
 * Status, and Create Review (flagged when one is due); in a review, Refresh Timeline from Incident above the
 * timeline section Hindsight keeps.
 */
import * as vscode from 'vscode';
import { findTimelineSection, reviewDueMs, formatMetrics, incidentMetrics, MILESTONE_OF, resolveLink, summarize } from '../../../core/index';
import type { FeatureContext } from '../../services/featureContext';
import { changesSummaries } from '../../services/model';
import { recordOf, RECORD_SELECTOR } from '../../services/records';

export function register({ model, clocks }: FeatureContext): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const sub = model.onDidChange((c) => { if (changesSummaries(c)) changed.fire(); });
  const tick = clocks.onDidTick(() => { if (clocks.openCount) changed.fire(); });
  const provider = vscode.languages.registerCodeLensProvider(RECORD_SELECTOR, {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(doc) {
      const rec = recordOf(model, doc);
      if (rec?.kind === 'review') {
        // The timeline section Hindsight keeps in a review: refresh it from the incident (never a silent copy).
        const at = findTimelineSection(doc.getText());
        return at ? [new vscode.CodeLens(new vscode.Range(at.line, 0, at.line, 0), { title: '$(refresh) Refresh Timeline from Incident', command: 'hindsight.refreshReviewTimeline', arguments: [doc.uri], tooltip: 'Replace this table with the incident\'s timeline as it is now' })] : [];
      }
      if (!rec || rec.kind !== 'incident' || !rec.root) return [];
      const s = summarize(rec)!;
      const range = new vscode.Range(0, 0, 0, 0);
      const metrics = formatMetrics(incidentMetrics(s, model.policy));
      // The commands first, the figures last: an editor beside the side bar cuts the line off at its end.
      const lenses = [new vscode.CodeLens(range, { title: 'Open Timeline', command: 'hindsight.openTimeline', arguments: [doc.uri] })];
      lenses.push(new vscode.CodeLens(range, { title: 'Change Status', command: 'hindsight.changeStatus', arguments: [doc.uri] }));
      // Create Review when the incident has none; flagged when it is due (the review-overdue rule's test, for this incident only).
      const self = model.index.get(rec.path);
      const linked = s.review !== undefined ? resolveLink(rec.path, s.review) : undefined;
      const hasReview = (linked !== undefined && model.index.get(linked)?.kind === 'review') || (self ? model.index.reviewsFor(self).length > 0 : false);
      if (!hasReview) {
        const dueMs = self ? reviewDueMs(model.index, model.policy, self) : undefined;
        const due = dueMs !== undefined && Date.now() > dueMs;
        lenses.push(new vscode.CodeLens(range, { title: due ? `$(warning) Review due since ${new Date(dueMs!).toISOString().slice(0, 10)}: Create Review` : 'Create Review', command: 'hindsight.createReview', arguments: [doc.uri] }));
      }
      // Figures read from front matter that does not parse would be '? · ?': say what is wrong instead.
      if (!s.ok) lenses.push(new vscode.CodeLens(range, { title: '$(error) Front matter does not parse: see Problems', command: 'workbench.actions.view.problems', tooltip: 'Fix the YAML error (its quick fix, where there is one) and the figures come back' }));
      else lenses.push(new vscode.CodeLens(range, { title: `$(pulse) ${s.severity ?? '?'} · ${s.status ?? '?'}${metrics ? ' · ' + metrics : ''}`, command: '', tooltip: 'Response times measured from detected (or started), against the targets (in working time where a target counts in a calendar)' }));
      // An open incident's running clocks, above the milestone each one waits for (or above status: when the
      // milestone line is not written): the target, its source and calendar, the time left or overdue.
      const entry = clocks.entry(rec.path);
      for (const c of entry?.clocks ?? []) {
        if (c.done !== undefined) continue;
        const pair = rec.root.items.find((x) => x.key.value === MILESTONE_OF[c.target]) ?? rec.root.items.find((x) => x.key.value === 'status');
        if (!pair) continue;
        const line = doc.positionAt(pair.key.start).line;
        const icon = c.state === 'breached' ? '$(error)' : c.state === 'at-risk' ? '$(warning)' : '$(watch)';
        lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: `${icon} ${c.text} · target ${c.limit} (${c.source}${c.calendar ? `, ${c.calendar} calendar` : ''})`, command: '', tooltip: `Due ${c.due}; at risk from ${c.atRisk}` }));
      }
      return lenses;
    },
  });
  return vscode.Disposable.from(provider, sub, tick, changed);
}
