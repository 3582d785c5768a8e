import * as assert from 'node:assert/strict';
import { appendTimelineEvent, applyEdits, buildTimelineView, EditError, parseRecord, renderSafeMarkdown, safeHref, timelineEvents, viewAfterAppend } from '../../src/core/index';
import { applyOrder, orderDelta, parseFromHost, parseFromWebview } from '../../src/webview/protocol';
import fc from 'fast-check';
import { RUNS } from './yaml-fast.test';
import * as fs from 'node:fs';
import * as yaml from 'yaml';
import * as path from 'node:path';
import { acmePolicy, REPO_ROOT } from './helpers';

/** Payloads from ../shared/notes/security.md and the usual XSS lists (shared with the UI test). None may produce markup that runs or navigates. */
export const HOSTILE: string[] = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'hostile-texts.json'), 'utf8'));

describe('safe Markdown for event texts', () => {
  for (const p of HOSTILE) {
    it(`renders inert: ${p.slice(0, 60)}`, () => {
      const html = renderSafeMarkdown(p);
      // Only our own tags, with only our own attributes: everything else is escaped text.
      const stripped = html.replace(/<\/?(strong|em|code)>/g, '').replace(/<a href="[^"<>]*" title="[^"<>]*">|<\/a>/g, '');
      assert.ok(!stripped.includes('<') && !stripped.includes('>'), html);
      for (const href of html.matchAll(/href="([^"]*)"/g)) assert.match(href[1], /^(https?:|mailto:|[^:]*$)/i, html);
      assert.doesNotMatch(html, /href="(javascript|command|vscode|data|file):/i);
    });
  }
  it('keeps the useful subset', () => {
    assert.equal(renderSafeMarkdown('Rolled **back** to `v1.2` see [PR](https://github.com/x/y/pull/1) and [doc](runbooks/db.md)'),
      'Rolled <strong>back</strong> to <code>v1.2</code> see <a href="https://github.com/x/y/pull/1" title="https://github.com/x/y/pull/1">PR</a> and <a href="runbooks/db.md" title="runbooks/db.md">doc</a>');
    assert.equal(safeHref('mailto:oncall@example.com'), 'mailto:oncall@example.com');
    assert.equal(safeHref('command:foo'), undefined);
  });
  it('an image becomes a link to it labelled as an image, never "!<a" and never fetched (issue 16)', () => {
    assert.equal(renderSafeMarkdown('see ![graph](https://x.example/g.png)'), 'see <a href="https://x.example/g.png" title="https://x.example/g.png">image: graph</a>');
    assert.equal(renderSafeMarkdown('![](https://x.example/g.png)'), '<a href="https://x.example/g.png" title="https://x.example/g.png">image: https://x.example/g.png</a>');
    assert.doesNotMatch(renderSafeMarkdown('![x](data:image/png;base64,AAAA)'), /<a|<img/);
  });
});

describe('timeline editor protocol', () => {
  it('accepts exactly the protocol', () => {
    assert.deepEqual(parseFromWebview({ type: 'add', version: 3, event: { at: 'now', kind: 'note', text: 'x' } }), { type: 'add', version: 3, event: { at: 'now', kind: 'note', text: 'x' } });
    assert.deepEqual(parseFromWebview({ type: 'delete', version: 1, index: 0 }), { type: 'delete', version: 1, index: 0 });
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'setStatus', version: 4, value: 'mitigated' }), { type: 'setStatus', version: 4, value: 'mitigated' });
    assert.deepEqual(parseFromWebview({ type: 'setSeverity', version: 4, value: 'SEV1' }), { type: 'setSeverity', version: 4, value: 'SEV1' });
    assert.deepEqual(parseFromWebview({ type: 'assignRole', version: 4, role: 'communications' }), { type: 'assignRole', version: 4, role: 'communications' });
  });
  it('the webview accepts only well-formed host messages', () => {
    const ok = { type: 'render', version: 2, state: { ok: true, kinds: [], milestones: [], metrics: [] }, order: { seq: 1, base: 0, prefix: 0, suffix: 0, ids: ['0:a:1'] }, newEvents: [{ id: '0:a:1', index: 0, at: '', kind: 'note', text: 'x', html: 'x' }], zone: 'utc', reset: true };
    assert.ok(parseFromHost(ok));
    assert.equal(parseFromHost({ ...ok, order: { ...ok.order, ids: [1] } }), undefined);
    assert.equal(parseFromHost({ ...ok, order: { ...ok.order, prefix: -1 } }), undefined);
    assert.equal(parseFromHost({ ...ok, order: undefined }), undefined);
    assert.ok(parseFromHost({ ...ok, more: true }));
    assert.equal(parseFromHost({ ...ok, more: 'yes' }), undefined);
    assert.equal(parseFromHost({ ...ok, newEvents: [{ id: 1 }] }), undefined);
    assert.equal(parseFromHost({ ...ok, zone: 'mars' }), undefined);
    assert.ok(parseFromHost({ type: 'notice', level: 'error', message: 'x' }));
    assert.equal(parseFromHost({ type: 'eval', code: 'alert(1)' }), undefined);
  });

  it('the order of events travels as a change: applying it to what the webview has gives the new order', () => {
    const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 12 });
    fc.assert(fc.property(ids, ids, fc.nat(1000), (last, next, seq) => {
      const d = orderDelta(last, next, seq + 1, seq);
      assert.deepEqual(applyOrder(last, seq, d, false), next);
      assert.ok(d.ids.length <= next.length);
      // a webview that is not at the base render cannot apply it
      assert.equal(applyOrder(last, seq + 7, d, false), undefined);
    }), { numRuns: RUNS });
    // one event added at the end of a thousand: one id travels
    const many = Array.from({ length: 1000 }, (_, i) => `e${i}`);
    const d = orderDelta(many, [...many, 'new'], 5, 4);
    assert.deepEqual({ prefix: d.prefix, suffix: d.suffix, ids: d.ids }, { prefix: 1000, suffix: 0, ids: ['new'] });
    assert.deepEqual(applyOrder([], 0, orderDelta([], many, 1, 0), true), many, 'a reset carries the whole list');
    assert.equal(applyOrder(many, 4, { seq: 5, base: 4, prefix: 900, suffix: 200, ids: [] }, false), undefined, 'a delta that does not fit');
  });

  it('drops everything else', () => {
    const bad: unknown[] = [null, 'add', [], { type: 'runCommand', command: 'workbench.action.terminal.new' }, { type: 'add', version: 1, event: { at: 'now', kind: 'note' } },
      { type: 'add', version: -1, event: { at: 'now', kind: 'note', text: 'x' } }, { type: 'add', version: 1, event: { at: 'now', kind: 'note', text: 'x', path: '/etc/passwd' } },
      { type: 'delete', version: 1, index: 1.5 }, { type: 'delete', version: 1, index: '0' }, { type: 'ready', extra: 1 }, { type: 'update', version: 1, index: 0, patch: { text: 'x'.repeat(20_000) } },
      { type: 'update', version: 1, index: 0, patch: { command: 'x' } }, { type: 'openText', uri: 'file:///etc/passwd' },
      { type: 'setStatus', version: 1 }, { type: 'setStatus', version: 1, value: '' }, { type: 'setStatus', version: 1, value: 7 }, { type: 'setSeverity', version: 1, value: 'x'.repeat(65) },
      { type: 'setStatus', version: 1, value: 'resolved', command: 'x' }, { type: 'assignRole', version: 1, role: 'scribe', person: 'mallory' }, { type: 'assignRole', version: 1.5, role: 'scribe' }];
    for (const b of bad) assert.equal(parseFromWebview(b), undefined, JSON.stringify(b).slice(0, 80));
  });
});

describe('timeline view', () => {
  const doc = `---
id: INC-9
title: Checkout down
severity: SEV1
status: mitigated
started: 2026-03-01T10:00:00Z
detected: 2026-03-01T10:02:00Z
acknowledged: 2026-03-01T10:04:00Z
mitigated: 2026-03-01T11:30:00Z
timeline:
  - at: 2026-03-01T10:04:00Z
    kind: acknowledged
    text: Paged
  - at: 2026-03-01T10:02:00Z
    kind: detected
    text: Alert <b>fired</b>
  - at: 2026-03-01T11:30:00Z
    kind: mitigated
    text: Rolled back
---
`;
  it('events in time order with offsets, gaps, milestones and metrics', () => {
    const v = buildTimelineView(doc, 'incidents/x.md', acmePolicy());
    assert.equal(v.ok, true);
    assert.deepEqual(v.events.map((e) => [e.index, e.kind, e.offset, e.gapBefore]), [[1, 'detected', 'T+2m', undefined], [0, 'acknowledged', 'T+4m', undefined], [2, 'mitigated', 'T+1h 30m', '1h 26m']]);
    assert.equal(v.events[0].html, 'Alert &lt;b&gt;fired&lt;/b&gt;');
    assert.deepEqual(v.metrics.map((m) => [m.label, m.value, m.met, m.missedBy]), [['Time to detect', '2m', undefined, undefined], ['Time to acknowledge', '2m', true, undefined], ['Time to mitigate', '1h 28m', false, '28m']]);
    assert.equal(v.events[2].milestoneSet, true);
  });
  it('an error, and nothing else, when the front matter does not parse', () => {
    const v = buildTimelineView(doc.replace('title: Checkout down', 'title: [Checkout'), 'incidents/x.md', acmePolicy());
    assert.equal(v.ok, false);
    assert.match(v.error!, /YAML syntax error/);
    assert.deepEqual(v.events, []);
  });
  it('reads odd timelines as their plain values would (scalars, nulls, numbers; a list or mapping in a field as JSON, not a crash)', () => {
    const odd = `---\nid: INC-1\nstarted: 2026-01-01T00:00:00Z\nmitigated: 2026-01-01T01:00:00Z\ntimeline:\n  - just a string\n  - at: 2026-01-01T01:00:00Z\n    kind: mitigated\n    text: 42\n    by: null\n  - null\n  - at: [1, 2]\n    kind: {a: 1}\n    text: true\n  - at: 2026-01-01T00:30:00Z\n    kind: note\n    text: "quoted \\"x\\" and it''s"\n    by: sam\n  - {}\n---\n`;
    const v = buildTimelineView(odd, 'incidents/odd.md', acmePolicy());
    assert.ok(v.ok, v.error);
    // The oracle: the values as plain JS, as the view read them before it walked the tree directly.
    const plain = (yaml.parse(odd.split('---\n')[1]) as { timeline: unknown[] }).timeline;
    const expected = plain.map((e, index) => {
      const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
      const str = (x: unknown) => (typeof x === 'object' ? JSON.stringify(x) : String(x)); // collections as JSON
      return { index, at: o.at == null ? '' : str(o.at), kind: o.kind == null ? '' : str(o.kind), text: o.text == null ? '' : str(o.text), by: o.by == null ? undefined : str(o.by) };
    });
    const got = [...v.events].sort((a, b) => a.index - b.index).map((e) => ({ index: e.index, at: e.at, kind: e.kind, text: e.text, by: e.by }));
    assert.deepEqual(got, expected);
    assert.equal(v.events.find((e) => e.kind === 'mitigated')?.milestoneSet, true);
    // The same reading for review prefill and export: the mappings only, in file order.
    const plainEvents = timelineEvents(parseRecord('incidents/odd.md', odd, acmePolicy()).root);
    assert.deepEqual(plainEvents, expected.filter((_, i) => plain[i] && typeof plain[i] === 'object').map(({ at, kind, text, by }) => ({ at, kind, text, ...(by === undefined ? {} : { by }) })));
  });
  it('property: the view after an append, computed without a parse, equals the view built from the new text', () => {
    const policy = acmePolicy();
    const minute = fc.integer({ min: 0, max: 600 });
    const iso = (m: number) => new Date(Date.UTC(2026, 2, 1, 10) + m * 60_000).toISOString().replace('.000Z', 'Z');
    const atArb = fc.oneof({ weight: 8, arbitrary: minute.map(iso) }, { weight: 1, arbitrary: fc.constantFrom('2026-03-01', 'soon', '', '2026-02-30T10:00:00Z') });
    const kindArb = fc.constantFrom('note', 'action', 'detected', 'acknowledged', 'mitigated', 'resolved', 'deploy');
    const textArb = fc.oneof(fc.constantFrom('x', 'Rolled back: "v2" #1', '**bold** [l](https://e.x)', "it's 42", 'true', '- dash', 'a: b'), fc.string({ maxLength: 12 }), fc.string({ maxLength: 10, unit: fc.constantFrom('a', ' ', '\n', '\t', 'é', '"', "'", '#', ':', '-', '\\', '\u2028') }));
    const eventArb = fc.record({ at: atArb, kind: kindArb, text: textArb, by: fc.option(fc.constantFrom('sam', 'lea'), { nil: undefined }) });
    const docArb = fc.record({
      started: fc.option(minute.map(iso), { nil: undefined }), mitigated: fc.option(minute.map(iso), { nil: undefined }),
      events: fc.array(eventArb, { maxLength: 8 }), odd: fc.boolean(),
    }).map(({ started, mitigated, events, odd }) => {
      const lines = ['---', 'id: INC-1', 'severity: SEV2', 'status: mitigated', ...(started ? [`started: ${started}`] : []), ...(mitigated ? [`mitigated: ${mitigated}`] : [])];
      if (events.length || odd) lines.push('timeline:');
      for (const e of events) lines.push(`  - at: ${JSON.stringify(e.at)}`, `    kind: ${e.kind}`, `    text: ${JSON.stringify(e.text)}`, ...(e.by ? [`    by: ${e.by}`] : []));
      if (odd) lines.push('  - just a note');
      return [...lines, '---', '', '# body', ''].join('\n');
    });
    const newArb = fc.record({ at: minute.map(iso), kind: kindArb, text: textArb.filter((t) => t.trim().length > 0), by: fc.option(fc.oneof(fc.constantFrom('sam', 'kim', 'Lea Martin (SRE)', 'a: b', '#x', '- x', '"q"', 'null', '42'), fc.string({ minLength: 1, maxLength: 8 })).filter((b) => b.trim().length > 0), { nil: undefined }) })
      .map((e) => (e.by === undefined ? { at: e.at, kind: e.kind, text: e.text } : e));
    let incremental = 0;
    fc.assert(fc.property(docArb, newArb, (doc, ev) => {
      const before = buildTimelineView(doc, 'incidents/p.md', policy);
      let edits;
      try { edits = appendTimelineEvent(doc, ev); } catch (e) { if (e instanceof EditError) return true; throw e; }
      const full = buildTimelineView(applyEdits(doc, edits), 'incidents/p.md', policy);
      const fast = viewAfterAppend(before, ev);
      if (fast === undefined) return true;
      incremental++;
      assert.deepEqual(fast, full);
      return true;
    }), { numRuns: Math.max(300, RUNS / 5) });
    assert.ok(incremental > 50, `only ${incremental} appends were computed incrementally`);
  });
});
