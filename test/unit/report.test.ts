/**
 * The export reads the review's Markdown as GitHub renders it (issue 15, section 3): remark's tree, rendered to
 * HTML by report.ts's small safe renderer and handed on as Markdown with only unsafe parts rewritten. Each test
 * was checked to fail on the hand-written block renderer and line scanner this replaced (the commit says how).
 */
import * as assert from 'node:assert/strict';
import type { Nodes } from 'mdast';
import { defaultPolicy, incidentReport } from '../../src/core/index';
import { safeHref } from '../../src/core/safeMarkdown';
import { parseMarkdown } from '../../src/core/remark';
import { NOW } from './helpers';

const policy = defaultPolicy();
const INC = (extra = '') => `---\nid: INC-1\ntitle: Outage\nseverity: SEV3\nstatus: resolved\nstarted: 2026-03-01T10:00:00Z\nreview: reviews/r.md\n${extra}---\n`;
const REV = (body: string, fm = '') => `---\ntitle: Review\nincident: INC-1\n${fm}---\n${body}`;
const report = (body: string, format: 'md' | 'html', opts: { inc?: string; fm?: string } = {}) =>
  incidentReport({ incident: { path: 'incidents/i.md', text: INC(opts.inc) }, review: { path: 'reviews/r.md', text: REV(body, opts.fm) } }, policy, { format, now: NOW });
const html = (body: string) => { const h = report(body, 'html'); return h.slice(h.indexOf('<h2>Review</h2>'), h.indexOf('<footer>')); };
const md = (body: string, opts: { inc?: string; fm?: string } = {}) => { const m = report(body, 'md', opts); return m.slice(m.indexOf('## Review'), m.indexOf('\n---\n\nExported')); };

function nodes(markdown: string): Nodes[] {
  const out: Nodes[] = [];
  const walk = (n: Nodes): void => { out.push(n); if ('children' in n) for (const c of n.children as Nodes[]) walk(c); };
  walk(parseMarkdown(markdown));
  return out;
}
/** Where the links of the Markdown go, as GitHub reads it (inline links, images, definitions). */
const urls = (markdown: string) => nodes(markdown).flatMap((n) => ('url' in n && typeof n.url === 'string' ? [n.url] : []));

describe('the export reads the review as GitHub renders it', () => {
  it('setext headings are headings, two levels under the report\'s (HTML and Markdown)', () => {
    const body = 'Summary\n=======\n\nAll good.\n\nImpact\n------\n\nNone.\n';
    assert.match(html(body), /<h3>Summary<\/h3><p>All good.<\/p><h4>Impact<\/h4><p>None.<\/p>/);
    const m = md(body);
    assert.match(m, /^### Summary$/m);
    assert.match(m, /^#### Impact$/m);
    assert.deepEqual(nodes(m).filter((n) => n.type === 'heading').map((n) => (n as { depth: number }).depth), [2, 3, 4], 'no review heading ranks with the report\'s');
  });

  it('HTML: tables without leading pipes, ordered and nested lists, block quotes, entities, as GitHub shows them', () => {
    const h = html('Time | Event\n--- | ---\n10:00 | S&amp;O paged\n\n1. first\n2. second\n   - nested\n\n> quoted *text*\n');
    assert.match(h, /<table><tr><th>Time<\/th><th>Event<\/th><\/tr><tr><td>10:00<\/td><td>S&amp;O paged<\/td><\/tr><\/table>/);
    assert.match(h, /<ol><li>first<\/li><li>second<ul><li>nested<\/li><\/ul><\/li><\/ol>/);
    assert.match(h, /<blockquote><p>quoted <em>text<\/em><\/p><\/blockquote>/);
  });

  it('HTML comments are left out of both formats (GitHub hides them)', () => {
    const body = '## Summary\n\n<!--\ninternal: blame Bob\n-->\n\nShort.\n';
    assert.doesNotMatch(html(body), /blame Bob/);
    assert.doesNotMatch(md(body), /blame Bob/);
  });

  it('Markdown: code keeps what it shows (a `<` in a code span is not turned into &lt;)', () => {
    const m = md('Run `kubectl get pods | grep -v "<none>"` first.\n\n```sh\necho "<b>"\n```\n');
    assert.match(m, /`kubectl get pods \| grep -v "<none>"`/);
    assert.match(m, /^echo "<b>"$/m);
    assert.deepEqual(nodes(m).filter((n) => n.type === 'html'), []);
  });

  it('Markdown: no link reaches anything but http(s), mailto or a relative path, however it is written', () => {
    const body = '[x] and [y][y]\n\n[x]: javascript:alert(1)\n[y]: <command:workbench.action.terminal.new>\n\n[[z](javascript:alert(2))\n\n<javascript:alert(3)>\n\n[ok](https://example.com)\n';
    const m = md(body, { inc: 'timeline:\n  - at: 2026-03-01T10:00:00Z\n    kind: note\n    text: "[[e](javascript:alert(4))"\n' });
    const bad = urls(report(body, 'md', { inc: 'timeline:\n  - at: 2026-03-01T10:00:00Z\n    kind: note\n    text: "[[e](javascript:alert(4))"\n' })).filter((u) => safeHref(u) === undefined);
    assert.deepEqual(bad, []);
    assert.ok(urls(m).includes('https://example.com'));
    const h = html(body);
    assert.doesNotMatch(h, /href="(?!https?:)/);
    assert.match(h, /<a href="https:\/\/example.com">ok<\/a>/);
  });

  it('Markdown: a `\\|` in a value stays in its table cell', () => {
    const m = report('', 'md', { fm: 'action_items:\n  - id: AI-1\n    title: "a\\\\|b"\n    owner: x\n' });
    const table = nodes(m).find((n) => n.type === 'table' && JSON.stringify(n).includes('AI-1')) as { children: { children: unknown[] }[] };
    assert.ok(table);
    for (const row of table.children) assert.equal(row.children.length, 5);
  });

  it('a review the parser refuses (nested too deep) is shown as written, with the reason, never thrown', () => {
    const body = '> '.repeat(5000) + '<img src=x onerror=alert(1)>\n';
    const h = html(body);
    assert.match(h, /nested deeper than/);
    assert.match(h, /<pre>(&gt; )+&lt;img src=x onerror=alert\(1\)&gt;/);
    const m = md(body);
    assert.match(m, /nested deeper than/);
    assert.deepEqual(nodes(m).filter((n) => n.type === 'html' || n.type === 'blockquote'), []);
  });
});

describe('the export\'s Response table', () => {
  const inc = (fm: string) => ({ incident: { path: 'incidents/i.md', text: `---\nid: INC-1\ntitle: Outage\nseverity: SEV2\ncommander: ana\n${fm}---\n` } });
  const rows = (fm: string, now: number) => {
    const m = incidentReport(inc(fm), policy, { format: 'md', now });
    return m.slice(m.indexOf('## Response'), m.indexOf('## Timeline')).split('\n').filter((l) => l.startsWith('| Time'));
  };
  it('an open incident: the targets still running, due or breached, as the timeline editor shows them (noted by fresh eyes)', () => {
    const open = 'status: investigating\nstarted: 2026-03-01T10:00:00Z\nacknowledged: 2026-03-01T10:20:00Z\n';
    assert.deepEqual(rows(open, Date.parse('2026-03-01T15:00:00Z')), [
      '| Time to acknowledge | 20m | missed by 5m (target 15m) |',
      '| Time to mitigate | running, 5h so far | breached 1h ago (target 4h) |',
      '| Time to resolve | running, 5h so far | due in 19h (target 24h) |',
    ]);
    const h = incidentReport(inc(open), policy, { format: 'html', now: Date.parse('2026-03-01T15:00:00Z') });
    assert.match(h, /<th>Time to mitigate<\/th><td class="t">running, 5h so far<\/td><td class="missed">breached 1h ago \(target 4h\)<\/td>/);
  });
  it('an ended incident: a target whose milestone is not set is not measured, in its place', () => {
    assert.deepEqual(rows('status: resolved\nstarted: 2026-03-01T10:00:00Z\nmitigated: 2026-03-01T11:00:00Z\nresolved: 2026-03-01T12:00:00Z\n', NOW), [
      "| Time to acknowledge | not measured | 'acknowledged' is not set (target 15m) |",
      '| Time to mitigate | 1h | met (target 4h) |',
      '| Time to resolve | 2h | met (target 24h) |',
    ]);
  });
});

describe('the export\'s facts and timeline', () => {
  it('the facts a reader outside the repo needs: priority with its impact and urgency, category, every role held, the escalation policy, runbooks (found by fresh eyes)', () => {
    const inc = '---\nid: INC-1\ntitle: Outage\nseverity: SEV1\nstatus: resolved\nimpact: wide\nurgency: high\npriority: P1\ncategory: app\nservices: [checkout]\ncommander: maria\nroles:\n  communications: aisha\n  scribe: TBD\nassigned_to: team-a\nrunbooks: [runbooks/a.md]\nstarted: 2026-03-01T10:00:00Z\nresolved: 2026-03-01T12:00:00Z\n---\n';
    const m = incidentReport({ incident: { path: 'incidents/i.md', text: inc } }, policy, { format: 'md', now: NOW });
    const facts = m.slice(m.indexOf('\n- ') + 1, m.indexOf('\n\n## ')).split('\n');
    assert.deepEqual(facts, [
      '- **Severity:** SEV1 (Critical)', '- **Priority:** P1 (impact wide, urgency high)', '- **Status:** resolved', '- **Category:** app',
      '- **Services:** checkout', '- **Commander:** maria', '- **Communications:** aisha', '- **Assigned to:** team-a',
      '- **Started:** 2026-03-01 10:00 UTC', '- **Resolved:** 2026-03-01 12:00 UTC', '- **Runbooks:** runbooks/a.md',
    ]);
    const h = incidentReport({ incident: { path: 'incidents/i.md', text: inc } }, policy, { format: 'html', now: NOW });
    assert.match(h, /<tr><th>Priority<\/th><td>P1 \(impact wide, urgency high\)<\/td><\/tr>/);
    assert.match(h, /<tr><th>Communications<\/th><td>aisha<\/td><\/tr>/);
  });

  it('the review\'s timeline section (Hindsight\'s copy of the incident\'s) is not printed a second time (found by fresh eyes)', () => {
    const body = '## Timeline\n\n<!-- hindsight:timeline from INC-1: refreshed by Hindsight -->\n| Time | Kind | Event | By |\n| --- | --- | --- | --- |\n| 2026-03-01 10:00 UTC | note | Copied event | |\n<!-- /hindsight:timeline -->\n\n## Lessons\n\nKept.\n';
    for (const format of ['md', 'html'] as const) {
      const r = report(body, format);
      assert.doesNotMatch(r, /Copied event/, format);
      assert.match(r, /The incident(&#39;|&#x27;|')s timeline, above\./, format);
      assert.match(r, /Kept\./, format);
    }
  });
});
