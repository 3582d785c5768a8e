import * as assert from 'node:assert/strict';
import { fieldContextAt, formatMetrics, incidentMetrics, parseRecord, planNewRecord, scalarAt, summarize, WorkspaceIndex, CreateError, applyEdits } from '../../src/core/index';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acmePolicy, REPO_ROOT } from './helpers';

const at = (textWithCaret: string) => {
  const offset = textWithCaret.indexOf('|');
  return fieldContextAt(textWithCaret.replace('|', ''), offset);
};

describe('cursor context for completion', () => {
  it('a top-level value', () => {
    assert.deepEqual(at('---\nid: X\nseverity: SE|\n---\n'), { path: ['severity'], prefix: 'SE', prefixStart: 20, onKey: false });
  });
  it('a value inside a timeline event', () => {
    const c = at('---\ntimeline:\n  - at: 2026-01-01T00:00:00Z\n    kind: no|\n---\n')!;
    assert.deepEqual(c.path, ['timeline', 'kind']);
    assert.equal(c.prefix, 'no');
    const first = at('---\ntimeline:\n  - kind: |\n---\n')!;
    assert.deepEqual(first.path, ['timeline', 'kind']);
  });
  it('an item of a flow list and of a block list', () => {
    assert.deepEqual(at('---\nservices: [checkout, pa|\n---\n')!.path, ['services']);
    assert.equal(at('---\nservices: [checkout, pa|\n---\n')!.prefix, 'pa');
    assert.deepEqual(at('---\nrunbooks:\n  - run|\n---\n')!.path, ['runbooks']);
  });
  it('a key under roles:', () => {
    const c = at('---\nroles:\n  sc|\n---\n')!;
    assert.deepEqual(c.path, ['roles', '']);
    assert.equal(c.onKey, true);
  });
  it('nothing outside the front matter', () => {
    assert.equal(at('---\nid: X\n---\nseverity: |\n'), undefined);
  });
  it('scalarAt finds the value and its key path', () => {
    const t = '---\nseverity: SEV1\nservices: [a, b]\n---\n';
    const rec = parseRecord('incidents/x.md', t, acmePolicy());
    assert.deepEqual(scalarAt(rec.root, t.indexOf('SEV1') + 1)?.path, ['severity']);
    assert.equal(scalarAt(rec.root, t.indexOf('b]'))?.node.value, 'b');
    assert.equal(scalarAt(rec.root, t.indexOf('severity')), undefined, 'on a key');
  });
});

describe('incident metrics', () => {
  const inc = (lines: string) => summarize(parseRecord('incidents/x.md', `---\nid: I\nseverity: SEV1\n${lines}\n---\n`, acmePolicy()))!;
  it('measures from detected against the severity targets, across zones', () => {
    const m = incidentMetrics(inc('started: 2026-03-29T00:50:00Z\ndetected: 2026-03-29T01:00:00Z\nacknowledged: 2026-03-29T03:04:00+02:00\nmitigated: 2026-03-29T02:30:00Z'), acmePolicy());
    assert.deepEqual(m.map((x) => [x.name, x.ms / 60000, x.met]), [['detect', 10, undefined], ['acknowledge', 4, true], ['mitigate', 90, false]]);
    assert.equal(formatMetrics(m), 'TTD 10m · TTA 4m ✓ (target 5m) · TTM 1h 30m ✗ (target 1h, +30m)');
  });
  it('falls back to started, and skips missing or inverted milestones', () => {
    const m = incidentMetrics(inc('started: 2026-03-01T10:00:00Z\nacknowledged: 2026-03-01T09:00:00Z\nresolved: 2026-03-01T12:00:00Z'), acmePolicy());
    assert.deepEqual(m.map((x) => [x.name, x.ms / 60000]), [['resolve', 120]]);
  });
});

describe('planning new records', () => {
  const tpl = (n: string) => ({ text: fs.readFileSync(path.join(REPO_ROOT, 'templates', `${n}.md`), 'utf8'), source: n });
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('an incident gets the next id, the first status, the severity\'s escalation', () => {
    const policy = acmePolicy();
    const index = new WorkspaceIndex(policy);
    index.update('incidents/a.md', '---\nid: INC-2026-0007\n---\n');
    const p = planNewRecord('incident', { title: 'DB down', severity: 'SEV1', services: ['payments'] }, tpl('incident'), policy, index, now);
    assert.equal(p.path, 'incidents/2026-11-23-db-down.md');
    assert.match(p.text, /^id: INC-2026-0008$/m);
    assert.match(p.text, /^escalation: major-incident$/m);
    assert.match(p.text, /^status: investigating$/m);
    assert.throws(() => planNewRecord('incident', { severity: 'SEV9' }, tpl('incident'), policy, index, now), CreateError);
    assert.throws(() => planNewRecord('incident', { services: ['billing'] }, tpl('incident'), policy, index, now), CreateError);
  });
  it('a review from an incident links it back with a minimal edit', () => {
    const policy = acmePolicy();
    const incText = '---\nid: INC-1\ntitle: Checkout down\nseverity: SEV2\nstatus: closed\n---\nbody\n';
    const p = planNewRecord('review', { incident: { path: 'incidents/a.md', text: incText } }, tpl('review'), policy, new WorkspaceIndex(policy), now);
    assert.equal(p.path, 'reviews/2026-11-23-review-checkout-down.md');
    assert.equal(applyEdits(incText, p.incidentEdit!.edits), incText.replace('---\nbody', `review: ${p.path}\n---\nbody`));
    assert.throws(() => planNewRecord('review', { incident: { path: 'incidents/a.md', text: incText.replace('status: closed', 'review: x.md') } }, tpl('review'), policy, new WorkspaceIndex(policy), now), CreateError);
  });
});
