import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, EditError, linkRunbook, parseRecord, rankRunbooks, summarize, type RecordSummary } from '../../src/core/index';
import { acmePolicy } from './helpers';

const rb = (path: string, title: string, services: string[], alerts: string[] = []): RecordSummary => ({
  path, kind: 'runbook', title, ok: true, services, alerts, milestones: {}, runbooks: [], timelineCount: 0, authors: [], actionItems: [],
});

describe('runbooks for an incident: the pick\'s order and the runbooks: edit', () => {
  const all = [
    rb('runbooks/a-generic.md', 'A generic checklist', []),
    rb('runbooks/checkout.md', 'Checkout error rate high', ['checkout'], ['CheckoutErrorRateHigh']),
    rb('runbooks/search.md', 'Search index rebuild', ['search'], ['SearchIndexerLagHigh']),
    rb('runbooks/payments.md', 'Payments database failover', ['payments', 'checkout'], ['PaymentsDbReplicaLag']),
  ];

  it('linked first, then an alert the incident names, then shared services, then the rest by title', () => {
    const order = (inc: Parameters<typeof rankRunbooks>[0]) => rankRunbooks(inc, all).map((m) => m.runbook.path);
    assert.deepEqual(order({ services: [], runbooks: [] }), ['runbooks/a-generic.md', 'runbooks/checkout.md', 'runbooks/payments.md', 'runbooks/search.md']);
    assert.deepEqual(order({ services: ['Checkout'], runbooks: [] }), ['runbooks/checkout.md', 'runbooks/payments.md', 'runbooks/a-generic.md', 'runbooks/search.md']);
    // The alert named in the incident (any case, as a word) outranks a shared service.
    const text = 'timeline:\n  - text: "paymentsdbreplicalag fired"\n';
    const m = rankRunbooks({ services: ['checkout'], runbooks: [], text }, all);
    assert.deepEqual(m.slice(0, 2).map((x) => [x.runbook.path, x.alerts, x.services]), [['runbooks/payments.md', ['PaymentsDbReplicaLag'], ['checkout']], ['runbooks/checkout.md', [], ['checkout']]]);
    // Not a word of its own: no match.
    assert.deepEqual(rankRunbooks({ services: [], runbooks: [], text: 'XSearchIndexerLagHighY' }, all).find((x) => x.runbook.path === 'runbooks/search.md')!.alerts, []);
    // Linked before anything else.
    assert.deepEqual(order({ services: ['checkout'], runbooks: ['runbooks/search.md'] })[0], 'runbooks/search.md');
    assert.equal(rankRunbooks({ services: [], runbooks: ['runbooks/search.md'] }, all)[0].linked, true);
  });

  const inc = (runbooks: string) => `---\nid: INC-1\ntitle: T\n${runbooks}timeline:\n  - at: 2026-11-20T08:45:00Z\n    kind: detected\n    text: x\n---\n# Body\n`;
  const after = (text: string, p: string) => applyEdits(text, linkRunbook(text, p));
  const runbooksOf = (text: string) => summarize(parseRecord('incidents/x.md', text, acmePolicy()))?.runbooks;

  it('adds the runbook in the list\'s own style, as a minimal edit, and not twice', () => {
    const flow = inc('runbooks: [runbooks/a.md]\n');
    assert.equal(after(flow, 'runbooks/b.md'), inc('runbooks: [runbooks/a.md, runbooks/b.md]\n'));
    assert.equal(after(inc('runbooks: []\n'), 'runbooks/b.md'), inc('runbooks: [runbooks/b.md]\n'));
    assert.equal(after(inc('runbooks:\n  - runbooks/a.md # the main one\n'), 'runbooks/b.md'), inc('runbooks:\n  - runbooks/a.md # the main one\n  - runbooks/b.md\n'));
    assert.equal(after(inc('runbooks:\n'), 'runbooks/b.md'), inc('runbooks: [runbooks/b.md]\n'));
    assert.equal(after(inc(''), 'runbooks/b.md'), inc('runbooks: [runbooks/b.md]\n'), 'created before timeline:');
    assert.deepEqual(linkRunbook(flow, 'runbooks/a.md'), [], 'already there');
    assert.deepEqual(runbooksOf(after(inc(''), 'runbooks/odd, [name].md')), ['runbooks/odd, [name].md'], 'quoted when it must be');
    const crlf = inc('runbooks:\n  - runbooks/a.md\n').replace(/\n/g, '\r\n');
    assert.equal(after(crlf, 'runbooks/b.md'), inc('runbooks:\n  - runbooks/a.md\n  - runbooks/b.md\n').replace(/\n/g, '\r\n'));
    assert.throws(() => linkRunbook(inc('runbooks: {a: 1}\n'), 'runbooks/b.md'), EditError);
    assert.throws(() => linkRunbook('---\nid: [\n---\n', 'runbooks/b.md'), EditError);
  });

  it('property: whatever the list holds, the runbook is added once and every other byte stays', () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9 ._,[\]-]{0,20}$/).map((s) => `runbooks/${s}.md`);
    fc.assert(fc.property(fc.array(name, { maxLength: 4 }), name, fc.boolean(), (list, p, block) => {
      const field = block ? (list.length ? `runbooks:\n${list.map((x) => `  - ${JSON.stringify(x)}\n`).join('')}` : '') : `runbooks: [${list.map((x) => JSON.stringify(x)).join(', ')}]\n`;
      const text = inc(field);
      const edits = linkRunbook(text, p);
      const out = applyEdits(text, edits);
      const expected = list.includes(p) ? list : [...list, p];
      assert.deepEqual(runbooksOf(out), expected);
      assert.ok(edits.every((e) => e.start === e.end), 'insertions only');
      assert.ok(out.endsWith('timeline:\n  - at: 2026-11-20T08:45:00Z\n    kind: detected\n    text: x\n---\n# Body\n'));
    }), { numRuns: 300 });
  });
});
