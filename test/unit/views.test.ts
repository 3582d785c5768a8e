import * as assert from 'node:assert/strict';
import { actionItemIsOpen, actionItemsView, activeIncidentCount, computeStats, dashboardData, defaultPolicy, incidentsView, parseRecord, reviewsView, runbookReviewOverdue, runbooksView, validateRecord, WorkspaceIndex, type ActionItemRow, type Policy, type RecordRow, type RecordSummary, type ViewContent, type ViewGroup } from '../../src/core/index';
import { NOW } from './helpers';

const policy = defaultPolicy();
const noFilter = { severities: [], services: [], statuses: [] };

function index(files: Record<string, string>, p: Policy = policy): WorkspaceIndex {
  const ix = new WorkspaceIndex(p);
  for (const [path, text] of Object.entries(files)) ix.update(path, text);
  return ix;
}
const fm = (o: Record<string, string>, extra = ''): string => `---\n${Object.entries(o).map(([k, v]) => `${k}: ${v}`).join('\n')}\n${extra}---\n`;
const ids = (rows: RecordRow[]): (string | undefined)[] => rows.map((r) => r.record.id ?? r.record.title);
const shape = (c: ViewContent<RecordRow>): [string, (string | undefined)[]][] | (string | undefined)[] => ('rows' in c ? ids(c.rows) : c.groups.map((g): [string, (string | undefined)[]] => [g.label, ids(g.rows)]));
const groups = (gs: ViewGroup<ActionItemRow>[]): [string, (string | undefined)[]][] => gs.map((g) => [g.label, g.rows.map((r) => r.item.id)]);

describe('views: what the editor\'s views show (core view model)', () => {
  const incidents = index({
    'incidents/a.md': fm({ id: 'A', title: 'a', severity: 'SEV3', status: 'investigating', started: '2026-01-01T10:00:00Z' }),
    'incidents/b.md': fm({ id: 'B', title: 'b', severity: 'SEV1', status: 'investigating', started: '2026-01-02T10:00:00Z', services: '[api]' }),
    'incidents/c.md': fm({ id: 'C', title: 'c', severity: 'SEV1', status: 'resolved', started: '2026-01-03T10:00:00Z', resolved: '2026-01-03T12:00:00Z' }),
    'incidents/d.md': fm({ id: 'D', title: 'd', severity: 'SEV9', status: 'paused', started: '2026-01-04T10:00:00Z' }),
    'incidents/e.md': fm({ id: 'E', title: 'e', severity: 'SEV2', started: '2026-01-05T10:00:00Z' }),
    'incidents/f.md': fm({ id: 'F', title: 'f', severity: 'SEV3', status: 'investigating', started: '2026-01-06T10:00:00Z' }),
  }).all();

  it('Incidents by status: active statuses first in policy order, most severe then most recent; unknown and missing statuses last; empty groups left out', () => {
    assert.deepEqual(shape(incidentsView(incidents, policy, { filter: noFilter, groupBy: 'status' })), [
      ['Investigating', ['B', 'F', 'A']],
      ['Resolved', ['C']],
      ['Unknown status', ['D']],
      ['No status', ['E']],
    ]);
  });

  it('Incidents by status: one read with front matter that does not parse comes first, in a group that says so (fresh eyes: under No status, last)', () => {
    const withBroken = index({ 'incidents/a.md': fm({ id: 'A', title: 'a', severity: 'SEV3', status: 'investigating' }), 'incidents/g.md': '---\nid: G\ntitle: Checkout: down\nstatus: investigating\n---\n' }).all();
    assert.deepEqual(shape(incidentsView(withBroken, policy, { filter: noFilter, groupBy: 'status' })), [['Front matter does not parse', ['G']], ['Investigating', ['A']]]);
  });

  it('Incidents by severity (policy order, active first, then recent) and ungrouped (active, severity, recent)', () => {
    assert.deepEqual(shape(incidentsView(incidents, policy, { filter: noFilter, groupBy: 'severity' })), [
      ['SEV1', ['B', 'C']], ['SEV2', ['E']], ['SEV3', ['F', 'A']], ['Unknown severity', ['D']],
    ]);
    // Unknown and missing statuses count as active (isActiveStatus), as the tree always showed them.
    assert.deepEqual(shape(incidentsView(incidents, policy, { filter: noFilter, groupBy: 'none' })), ['B', 'E', 'F', 'A', 'D', 'C']);
  });

  it('the filter: any value within a dimension, all dimensions', () => {
    assert.deepEqual(shape(incidentsView(incidents, policy, { filter: { severities: ['SEV1', 'SEV3'], services: [], statuses: ['investigating'] }, groupBy: 'none' })), ['B', 'F', 'A']);
    assert.deepEqual(shape(incidentsView(incidents, policy, { filter: { severities: [], services: ['api'], statuses: [] }, groupBy: 'status' })), [['Investigating', ['B']]]);
  });

  it('the badge counts incidents with a known active status only', () => {
    assert.equal(activeIncidentCount(incidents, policy), 3);
  });

  it('Runbooks: a group per service (a runbook under each), by title; then those without a service; review overdue as the rule says', () => {
    const ix = index({
      'runbooks/z.md': fm({ title: 'Zeta', services: '[db, api]' }),
      'runbooks/a.md': fm({ title: 'Alpha', services: '[db]', last_reviewed: '2026-01-01', review_every: '90d' }),
      'runbooks/n.md': fm({ title: 'Nothing' }),
    });
    const gs = runbooksView(ix.all());
    assert.deepEqual(gs.map((g) => [g.id, g.rows.map((r) => r.id)]), [
      ['svc/api', ['api/runbooks/z.md']], ['svc/db', ['db/runbooks/a.md', 'db/runbooks/z.md']], ['svc/none', ['runbooks/n.md']],
    ]);
    const alpha = ix.get('runbooks/a.md')!;
    assert.equal(runbookReviewOverdue(alpha, Date.parse('2026-03-31T00:00:00Z')), false, 'due 2026-04-01');
    assert.equal(runbookReviewOverdue(alpha, Date.parse('2026-04-02T00:00:00Z')), true);
    const rule = (now: number) => validateRecord(parseRecord('runbooks/a.md', fm({ title: 'Alpha', last_reviewed: '2026-01-01', review_every: '90d' }), policy), policy, { now }).some((p) => p.code === 'runbook-review-overdue');
    for (const now of [Date.parse('2026-03-31T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z'), Date.parse('2026-04-01T00:00:01Z'), Date.parse('2026-04-02T00:00:00Z')]) {
      assert.equal(runbookReviewOverdue(alpha, now), rule(now), `the view and the rule agree at ${new Date(now).toISOString()}`);
    }
  });

  it('Reviews: Review due first (with its deadline), then by review status, newest first', () => {
    const ix = index({
      'incidents/x.md': fm({ id: 'X', title: 'x', severity: 'SEV1', status: 'resolved', started: '2026-01-01T10:00:00Z', resolved: '2026-01-01T12:00:00Z' }),
      'reviews/1.md': fm({ title: 'R1', incident: 'A', status: 'draft', date: '2026-02-01' }),
      'reviews/2.md': fm({ title: 'R2', incident: 'A', status: 'draft', date: '2026-03-01' }),
      'reviews/3.md': fm({ title: 'R3', incident: 'A', status: 'published', date: '2026-01-01' }),
      'reviews/4.md': fm({ title: 'R4', incident: 'A', status: 'shelved' }),
    });
    const gs = reviewsView(ix, policy, NOW);
    assert.deepEqual(gs.map((g) => [g.label, ids(g.rows)]), [['Review due', ['X']], ['Draft', ['R2', 'R1']], ['Published', ['R3']], ['Unknown status', ['R4']]]);
    assert.equal(gs[0].rows[0].dueMs, Date.parse('2026-01-06T12:00:00Z'), 'resolved + the SEV1 review_within (5d)');
    assert.equal(gs[0].rows[0].id, 'due/incidents/x.md');
  });

  describe('action items: one test of open and overdue for the view, the stats, the dashboard and the rule', () => {
    const items = `action_items:
  - { id: AI-1, title: done, owner: sre, due: 2026-01-01, status: done }
  - { id: AI-2, title: blocked, owner: web, due: 2026-01-01, status: blocked }
  - { id: AI-3, title: open later, owner: sre, due: 2027-01-01, status: open }
  - { id: AI-4, title: no status, owner: sre, due: 2026-02-01 }
  - { id: AI-5, title: Done by another spelling, owner: web, due: 2026-01-01, status: Done }
`;
    const reviewText = fm({ title: 'R', incident: 'A', status: 'draft', date: '2026-01-01' }, items);
    const ix = index({ 'reviews/r.md': reviewText });

    it('open = any status but done (blocked is open), overdue = open a day past due', () => {
      assert.deepEqual(['done', 'blocked', 'open', undefined, 'Done'].map((status) => actionItemIsOpen({ status })), [false, true, true, true, false]);
    });

    it('the Action Items view: open first (overdue first, then by due date), done last; blocked is open and overdue', () => {
      assert.deepEqual(groups(actionItemsView(ix.all(), { groupBy: 'status', now: NOW })), [['Open', ['AI-2', 'AI-4', 'AI-3']], ['Done', ['AI-1', 'AI-5']]]);
      const blocked = actionItemsView(ix.all(), { groupBy: 'status', now: NOW })[0].rows[0];
      assert.deepEqual([blocked.open, blocked.overdue], [true, true]);
      assert.deepEqual(groups(actionItemsView(ix.all(), { groupBy: 'owner', now: NOW })), [['sre', ['AI-4', 'AI-3']], ['web', ['AI-2']], ['Done', ['AI-1', 'AI-5']]]);
    });

    it('the Action Items view: by due date within overdue, open and done, whatever the order in the file', () => {
      const later = fm({ title: 'L', incident: 'B', status: 'draft', date: '2026-01-01' }, `action_items:
  - { id: L-1, title: a, due: 2027-03-01 }
  - { id: L-2, title: b, due: 2026-03-01 }
  - { id: L-3, title: c, due: 2026-12-01 }
  - { id: L-4, title: d, due: 2026-01-01 }
  - { id: L-5, title: e, due: 2026-05-01, status: done }
  - { id: L-6, title: f, due: 2026-02-01, status: done }
`);
      const view = actionItemsView(index({ 'reviews/l.md': later }).all(), { groupBy: 'status', now: NOW });
      assert.deepEqual(groups(view), [['Open', ['L-4', 'L-2', 'L-3', 'L-1']], ['Done', ['L-6', 'L-5']]]);
    });

    it('the view, hindsight stats, the dashboard and the action-item-overdue rule count the same items', () => {
      const view = actionItemsView(ix.all(), { groupBy: 'status', now: NOW });
      const viewOpen = view.flatMap((g) => g.rows).filter((r) => r.open).length;
      const viewOverdue = view.flatMap((g) => g.rows).filter((r) => r.overdue).length;
      const stats = computeStats(ix, policy, { now: NOW }).actionItems;
      const dash = dashboardData(ix, policy, { now: NOW });
      const rule = validateRecord(parseRecord('reviews/r.md', reviewText, policy), policy, { now: NOW }).filter((p) => p.code === 'action-item-overdue').length;
      assert.deepEqual({ open: stats.open, overdue: stats.overdue, done: stats.done }, { open: viewOpen, overdue: viewOverdue, done: 2 });
      assert.equal(dash.attention.overdueItemsTotal, viewOverdue);
      assert.equal(rule, viewOverdue, 'the rule warns about the same overdue items');
      assert.equal(viewOverdue, 2);
    });
  });

  it('a view model row keeps the index\'s summary object (the tree compares them to skip rebuilds)', () => {
    const ix = index({ 'incidents/a.md': fm({ id: 'A', title: 'a', severity: 'SEV3', status: 'investigating' }) });
    const c = incidentsView(ix.all(), policy, { filter: noFilter, groupBy: 'status' });
    const r: RecordSummary = ('groups' in c ? c.groups[0].rows[0] : c.rows[0]).record;
    assert.equal(r, ix.get('incidents/a.md'));
  });
});
