import * as assert from 'node:assert/strict';
import { buildTimelineView, renderSafeMarkdown, safeHref } from '../../src/core/index';
import { parseFromHost, parseFromWebview } from '../../src/webview/protocol';
import * as fs from 'node:fs';
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
});

describe('timeline editor protocol', () => {
  it('accepts exactly the protocol', () => {
    assert.deepEqual(parseFromWebview({ type: 'add', version: 3, event: { at: 'now', kind: 'note', text: 'x' } }), { type: 'add', version: 3, event: { at: 'now', kind: 'note', text: 'x' } });
    assert.deepEqual(parseFromWebview({ type: 'delete', version: 1, index: 0 }), { type: 'delete', version: 1, index: 0 });
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
  });
  it('the webview accepts only well-formed host messages', () => {
    const ok = { type: 'render', version: 2, state: { ok: true, kinds: [], milestones: [], metrics: [] }, eventIds: ['0:a:1'], newEvents: [{ id: '0:a:1', index: 0, at: '', kind: 'note', text: 'x', html: 'x' }], zone: 'utc', reset: true };
    assert.ok(parseFromHost(ok));
    assert.equal(parseFromHost({ ...ok, eventIds: [1] }), undefined);
    assert.equal(parseFromHost({ ...ok, newEvents: [{ id: 1 }] }), undefined);
    assert.equal(parseFromHost({ ...ok, zone: 'mars' }), undefined);
    assert.ok(parseFromHost({ type: 'notice', level: 'error', message: 'x' }));
    assert.equal(parseFromHost({ type: 'eval', code: 'alert(1)' }), undefined);
  });

  it('drops everything else', () => {
    const bad: unknown[] = [null, 'add', [], { type: 'runCommand', command: 'workbench.action.terminal.new' }, { type: 'add', version: 1, event: { at: 'now', kind: 'note' } },
      { type: 'add', version: -1, event: { at: 'now', kind: 'note', text: 'x' } }, { type: 'add', version: 1, event: { at: 'now', kind: 'note', text: 'x', path: '/etc/passwd' } },
      { type: 'delete', version: 1, index: 1.5 }, { type: 'delete', version: 1, index: '0' }, { type: 'ready', extra: 1 }, { type: 'update', version: 1, index: 0, patch: { text: 'x'.repeat(20_000) } },
      { type: 'update', version: 1, index: 0, patch: { command: 'x' } }, { type: 'openText', uri: 'file:///etc/passwd' }];
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
});
