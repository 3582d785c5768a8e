import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { computeStats, defaultPolicy, incidentMetrics, incidentReport, loadPolicy, median, parseRecord, percentile, summarize, WorkspaceIndex, type Policy } from '../../src/core/index';
import { formatStats } from '../../src/cli/commands/stats';
import { ACME, REPO_ROOT, acmePolicy, tempDir } from './helpers';
import hostile from '../fixtures/hostile-texts.json';
import type { Nodes } from 'mdast';
import { parseMarkdown } from '../../src/core/remark';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const NOW = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;

function incident(fields: Record<string, string>, extra = ''): string {
  return `---\n${Object.entries({ title: 'T', status: 'resolved', ...fields }).map(([k, v]) => `${k}: ${v}`).join('\n')}\n${extra}---\n`;
}
function summaryOf(path: string, text: string, policy: Policy) {
  return summarize(parseRecord(path, text, policy))!;
}
function indexOf(files: Record<string, string>, policy: Policy): WorkspaceIndex {
  const idx = new WorkspaceIndex(policy);
  for (const [p, t] of Object.entries(files)) { idx.addFile(p); idx.set(p, summaryOf(p, t, policy)); }
  return idx;
}

describe('metrics on crafted incidents', () => {
  const policy = defaultPolicy();
  const m = (fields: Record<string, string>) => Object.fromEntries(incidentMetrics(summaryOf('incidents/x.md', incident({ severity: 'SEV1', ...fields }), policy), policy).map((x) => [x.name, [x.ms / MIN, x.met]]));

  it('from detected (else started); missing milestones give no metric, never a wrong one', () => {
    assert.deepEqual(m({ started: '2026-03-01T10:00:00Z', detected: '2026-03-01T10:10:00Z', acknowledged: '2026-03-01T10:13:00Z', mitigated: '2026-03-01T11:10:00Z', resolved: '2026-03-01T14:10:00Z' }),
      { detect: [10, undefined], acknowledge: [3, true], mitigate: [60, true], resolve: [240, true] });
    assert.deepEqual(m({ started: '2026-03-01T10:00:00Z', mitigated: '2026-03-01T11:30:00Z' }), { mitigate: [90, false] }, 'no detected: from started');
    assert.deepEqual(m({ mitigated: '2026-03-01T11:30:00Z' }), {}, 'no start at all: nothing to measure from');
    assert.deepEqual(m({ started: '2026-03-01', mitigated: '2026-03-01T11:30:00Z' }), {}, 'a bare date is not an instant');
    assert.deepEqual(m({ started: '2026-03-01T12:00:00Z', resolved: '2026-03-01T11:00:00Z' }), {}, 'resolved before started: not a negative duration');
  });

  it('zones: offsets are applied, so a duration across a DST change is the real one', () => {
    // Europe/Berlin switches from +01:00 to +02:00 at 2026-03-29 02:00 local: 01:30+01:00 to 03:30+02:00 is one hour.
    assert.deepEqual(m({ started: '2026-03-29T01:30:00+01:00', mitigated: '2026-03-29T03:30:00+02:00' }), { mitigate: [60, true] });
    // and back in October: 02:30+02:00 to 02:30+01:00 is one hour too
    assert.deepEqual(m({ started: '2026-10-25T02:30:00+02:00', resolved: '2026-10-25T02:30:00+01:00' }), { resolve: [60, true] });
    assert.deepEqual(m({ started: '2026-03-01T10:00:00-05:00', acknowledged: '2026-03-01T15:04:00Z' }), { acknowledge: [4, true] });
  });
});

describe('stats across incidents', () => {
  const policy = defaultPolicy();
  it('percentiles are nearest-rank; the median of an even count is the mean of the middle two', () => {
    assert.equal(median([1, 2, 3, 4]), 2.5);
    assert.equal(median([5]), 5);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
    assert.equal(percentile([1, 2], 90), 2);
    assert.equal(percentile([], 90), undefined);
  });

  it('per severity and per month: counts, median, p90, targets met; --since; reviews due; action items by age and owner', () => {
    const at = (day: number, min: number) => new Date(Date.UTC(2026, 9, day, 10, min)).toISOString().replace('.000Z', 'Z');
    const files: Record<string, string> = {};
    // four SEV2 incidents in October: mitigated after 30, 60, 90 and 300 minutes (the SEV2 target is 4h)
    [30, 60, 90, 300].forEach((mit, i) => { files[`incidents/s2-${i}.md`] = incident({ id: `INC-${i}`, severity: 'SEV2', started: at(i + 1, 0), detected: at(i + 1, 0), mitigated: new Date(Date.parse(at(i + 1, 0)) + mit * MIN).toISOString().replace('.000Z', 'Z') }); });
    // one SEV1 in September, resolved long ago without a review (SEV1 needs one within 5d)
    files['incidents/s1.md'] = incident({ id: 'INC-9', severity: 'SEV1', started: '2026-09-10T10:00:00Z', resolved: '2026-09-10T12:00:00Z' });
    // one active incident in November
    files['incidents/now.md'] = incident({ id: 'INC-10', severity: 'SEV3', status: 'investigating', started: '2026-11-20T10:00:00Z' });
    files['reviews/r.md'] = `---\ntitle: R\nincident: INC-0\ndate: 2026-10-05\nstatus: draft\naction_items:\n  - id: A1\n    title: a\n    owner: ann\n    due: 2026-10-20\n  - id: A2\n    title: b\n    owner: ann\n    due: 2027-01-01\n  - id: A3\n    title: c\n    owner: bob\n    due: 2026-10-10\n    status: done\n---\n`;
    const s = computeStats(indexOf(files, policy), policy, { now: NOW });
    assert.equal(s.incidents, 6);
    assert.equal(s.active, 1);
    assert.deepEqual(s.bySeverity.map((r) => [r.key, r.count]), [['SEV1', 1], ['SEV2', 4], ['SEV3', 1]]);
    const sev2 = s.bySeverity[1].metrics.mitigate;
    assert.deepEqual([sev2.measured, sev2.median! / MIN, sev2.p90! / MIN, sev2.met, sev2.withTarget], [4, 75, 300, 3, 4]);
    assert.deepEqual(s.byMonth.map((r) => [r.key, r.count]), [['2026-09', 1], ['2026-10', 4], ['2026-11', 1]]);
    assert.deepEqual(s.monthSeverity, [{ month: '2026-09', severity: 'SEV1', count: 1 }, { month: '2026-10', severity: 'SEV2', count: 4 }, { month: '2026-11', severity: 'SEV3', count: 1 }]);
    assert.deepEqual(s.reviewsDue.map((r) => [r.id, new Date(r.dueMs).toISOString()]), [['INC-9', '2026-09-15T12:00:00.000Z']]);
    assert.deepEqual({ ...s.actionItems, byAge: s.actionItems.byAge.map((b) => b.count) }, { open: 2, done: 1, overdue: 1, byAge: [0, 2, 0, 0], byOwner: [{ owner: 'ann', open: 2, overdue: 1 }] });
    const since = computeStats(indexOf(files, policy), policy, { now: NOW, since: '2026-10-03' });
    assert.deepEqual([since.incidents, since.since], [3, '2026-10-03']);
    assert.throws(() => computeStats(indexOf(files, policy), policy, { now: NOW, since: 'last week' }));
  });

  it('text and markdown output: file-provided values stay in their cells', () => {
    const files = { 'incidents/x.md': incident({ id: 'INC-1', severity: '"SEV|1\\n# injected"', started: '2026-10-01T10:00:00Z' }) };
    const md = formatStats(computeStats(indexOf(files, policy), policy, { now: NOW }), 'markdown');
    assert.ok(md.includes('| SEV&#124;1&#92;x0a&#35; injected |'), md); // the line break shown as an escape
    assert.ok(!/^# injected/m.test(md));
  });

  it('markdown output keeps owners and ids as text: no raw HTML, links or images (issue 16)', () => {
    const review = '---\ntitle: R\nincident: INC-1\nstatus: draft\naction_items:\n  - id: AI-1\n    title: t\n    owner: "<img src=x onerror=alert(1)>"\n    due: 2020-01-01\n  - id: AI-2\n    title: t\n    owner: "[me](javascript:alert(1))"\n    due: 2020-01-01\n---\n';
    const files = { 'incidents/x.md': incident({ id: 'INC-1', severity: 'SEV1', started: '2026-10-01T10:00:00Z' }), 'reviews/r.md': review };
    const md = formatStats(computeStats(indexOf(files, policy), policy, { now: NOW }), 'markdown');
    assert.ok(!md.includes('<img'), md);
    assert.ok(!md.includes(']('), md);
    assert.ok(md.includes('&#60;img src=x onerror=alert&#40;1&#41;&#62;'), md);
    const text = formatStats(computeStats(indexOf(files, policy), policy, { now: NOW }), 'text');
    assert.ok(text.includes('<img src=x onerror=alert(1)>'), 'text output shows the value as written');
  });

  it('test/fixtures/acme: the figures the README quotes', () => {
    const policy = acmePolicy();
    const files: Record<string, string> = {};
    for (const dir of ['incidents', 'reviews']) for (const f of fs.readdirSync(path.join(ACME, dir))) files[`${dir}/${f}`] = fs.readFileSync(path.join(ACME, dir, f), 'utf8');
    const s = computeStats(indexOf(files, policy), policy, { now: NOW });
    assert.equal(s.incidents, 10);
    assert.equal(s.bySeverity.find((r) => r.key === 'SEV1')!.count, 2);
    assert.equal(s.actionItems.open, 4);
  });
});

/** The Markdown with its code spans and code blocks blanked out (remark's reading). */
function outsideCode(md: string): string {
  let out = md;
  const walk = (n: Nodes): void => {
    if (n.type === 'code' || n.type === 'inlineCode') { const [a, b] = [n.position!.start.offset!, n.position!.end.offset!]; out = out.slice(0, a) + ' '.repeat(b - a) + out.slice(b); return; }
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(parseMarkdown(md));
  return out;
}
/** Raw HTML remark finds in the Markdown. */
function htmlNodes(md: string): string[] {
  const out: string[] = [];
  const walk = (n: Nodes): void => { if (n.type === 'html') out.push(n.value); if ('children' in n) for (const c of n.children as Nodes[]) walk(c); };
  walk(parseMarkdown(md));
  return out;
}

describe('incident reports (hindsight export)', () => {
  const policy = acmePolicy();
  const read = (p: string) => ({ path: p, text: fs.readFileSync(path.join(ACME, p), 'utf8') });
  const input = { incident: read('incidents/2026-03-14-checkout-outage.md'), review: read('reviews/2026-03-16-checkout-outage.md') };

  it('Markdown: facts, response against targets, the timeline in time order, the review and its action items', () => {
    const md = incidentReport(input, policy, { format: 'md', now: NOW });
    assert.match(md, /^# INC-2026-0001 Checkout returns 500 for all card payments\n/);
    // Facts as a list, no table with an empty header; every time Hindsight writes in one format (issue 17).
    assert.match(md, /^# [^\n]+\n\n- \*\*Severity:\*\* SEV1 \(Critical\)\n/);
    assert.doesNotMatch(md, /^\| \|/m, 'no table starts with an empty header cell');
    assert.match(md, /^- \*\*Started:\*\* 2026-03-14 09:58 UTC$/m);
    assert.match(md, /^\| time \| kind \| what happened \| by \|$/m);
    assert.match(md, /Exported by Hindsight from incidents\/[^ ]+ on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/m);
    assert.match(md, /\| Time to acknowledge \| 3m \| met \(target 5m\) \|/);
    const rows = [...md.matchAll(/^\| (2026-03-14 \d\d:\d\d UTC) \|/gm)].map((x) => x[1]);
    assert.deepEqual(rows, [...rows].sort());
    assert.equal(rows.length, 8);
    assert.match(md, /\| AI-2 \| Alert on pool exhaustion before errors reach customers \| team-sre \| 2027-03-31 \| open \|/);
    assert.match(md, /^#### Summary$/m, 'the review\'s headings sit under the report\'s');
  });

  it('HTML: one self-contained file, no script, nothing fetched', () => {
    const html = incidentReport(input, policy, { format: 'html', now: NOW });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src https: data:">/);
    assert.doesNotMatch(html, /<script|<link |src="http|@import/i);
    assert.match(html, /<td class="met">met \(target 5m\)<\/td>/);
    assert.match(html, /<table><tr><th>Time \(UTC\)<\/th><th>Event<\/th><\/tr>/, 'the review\'s Markdown table becomes a table');
  });

  it('hostile titles, event texts and review bodies stay inert in both formats', () => {
    const payloads = hostile as string[];
    for (const p of payloads) {
      const inc = `---\nid: INC-1\ntitle: ${JSON.stringify(p)}\nseverity: SEV4\nstatus: resolved\nstarted: 2026-03-01T10:00:00Z\nreview: reviews/r.md\ntimeline:\n  - at: 2026-03-01T10:00:00Z\n    kind: note\n    text: ${JSON.stringify(p)}\n    by: ${JSON.stringify(p)}\n---\n`;
      const rev = `---\ntitle: ${JSON.stringify(p)}\nincident: INC-1\naction_items:\n  - title: ${JSON.stringify(p)}\n    owner: x\n---\n# ${p}\n\n${p}\n\n- ${p}\n\n| a | b |\n|---|---|\n| ${p.replace(/\n/g, ' ')} | x |\n`;
      const inputs = { incident: { path: 'incidents/x.md', text: inc }, review: { path: 'reviews/r.md', text: rev } };
      const html = incidentReport(inputs, policy, { format: 'html', now: NOW });
      const body = html.slice(html.indexOf('<body>'));
      assert.doesNotMatch(body, /<(script|img|iframe|svg|style|object|embed|math|form|input|details|meta|link|base)\b/i, p);
      assert.doesNotMatch(body, /<[^>]*\son[a-z]+\s*=/i, p); // an event handler inside a real tag
      assert.doesNotMatch(body, /href="(?!https?:|mailto:)[a-z][a-z0-9+.-]*:/i, p);
      const md = incidentReport(inputs, policy, { format: 'md', now: NOW });
      // Read as GitHub reads it: no raw HTML at all; tags only as text inside code, where they are shown literally.
      assert.deepEqual(htmlNodes(md), [], p);
      assert.doesNotMatch(outsideCode(md), /<(script|img|iframe|svg|style|object|embed|details)\b/i, p);
      assert.doesNotMatch(md.replace(/\\\[[^\]]*\]\([^)]*\)/g, ''), /\]\(\s*(javascript|command|vscode|data):/i, p);
    }
  });
});

describe('hindsight stats and export (CLI)', () => {
  const run = (args: string[], cwd = ACME) => { const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' }); return { code: r.status, out: r.stdout, err: r.stderr }; };
  it('stats: text, json and markdown; bad options exit 2', () => {
    const t = run(['stats', '--now', '2026-11-23T12:00:00Z']);
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /^10 incidents \(all time; --since DATE for a period\), 3 active\./);
    const j = JSON.parse(run(['stats', '--format', 'json', '--now', '2026-11-23T12:00:00Z']).out);
    assert.equal(j.incidents, 10);
    assert.equal(j.perIncident.length, 10);
    assert.match(run(['stats', '--format', 'markdown', '--since', '2026-06-01']).out, /^# Incident metrics\n\n7 incidents since 2026-06-01, 3 active\./);
    assert.equal(run(['stats', '--format', 'xml']).code, 2);
    assert.equal(run(['stats', '--since', 'yesterday']).code, 2);
  });
  it('export: to stdout or a file; an unknown incident is refused with exit 1', () => {
    assert.match(run(['export', 'INC-2026-0001']).out, /^# INC-2026-0001 /);
    const dir = tempDir('hindsight-export-');
    const r = run(['export', 'INC-2026-0001', '--format', 'html', '--output', path.join(dir, 'r.html')]);
    assert.equal(r.code, 0, r.err);
    assert.match(fs.readFileSync(path.join(dir, 'r.html'), 'utf8'), /^<!DOCTYPE html>/);
    // An existing file is replaced only with --force; a record or a link never.
    fs.writeFileSync(path.join(dir, 'notes.md'), 'mine');
    const again = run(['export', 'INC-2026-0001', '--output', path.join(dir, 'notes.md')]);
    assert.equal(again.code, 1);
    assert.match(again.err, /notes\.md exists: pass --force to replace it/);
    assert.equal(fs.readFileSync(path.join(dir, 'notes.md'), 'utf8'), 'mine');
    assert.equal(run(['export', 'INC-2026-0001', '--output', path.join(dir, 'notes.md'), '--force']).code, 0);
    assert.match(fs.readFileSync(path.join(dir, 'notes.md'), 'utf8'), /^# INC-2026-0001 /);
    const repo = path.join(dir, 'acme');
    fs.cpSync(ACME, repo, { recursive: true });
    const record = path.join(repo, 'incidents', fs.readdirSync(path.join(repo, 'incidents')).find((f) => f.endsWith('.md'))!);
    const before = fs.readFileSync(record, 'utf8');
    const over = run(['export', 'INC-2026-0001', '--output', record, '--force'], repo);
    assert.equal(over.code, 1);
    assert.match(over.err, /is a record: export writes a report, never over a record/);
    assert.equal(fs.readFileSync(record, 'utf8'), before);
    // A new file in a record folder would be read as a record (and fail validation): refused, nothing written.
    const inFolder = run(['export', 'INC-2026-0001', '--output', 'reviews/report.md'], repo);
    assert.equal(inFolder.code, 1);
    assert.match(inFolder.err, /reviews\/report\.md is in a review folder, where every Markdown file is read as a review record: write the report elsewhere \(--output INC-2026-0001\.md\)/);
    assert.match(run(['export', 'INC-2026-0001', '--output', 'incidents/r.md'], repo).err, /is in an incident folder, where every Markdown file is read as an incident record/);
    assert.ok(!fs.existsSync(path.join(repo, 'reviews', 'report.md')));
    assert.equal(run(['export', 'INC-2026-0001', '--format', 'html', '--output', 'reviews/report.html'], repo).code, 0, 'not Markdown: not a record');
    // A folder is named as one first (--force would not help).
    // A record folder: the suggestion is outside it (the suggestion in it was then refused; found by fresh eyes).
    assert.match(run(['export', 'INC-2026-0001', '--output', 'incidents'], repo).err, /incidents is a folder: name the report's file \(--output INC-2026-0001\.md\)/);
    fs.mkdirSync(path.join(repo, 'out'));
    assert.match(run(['export', 'INC-2026-0001', '--output', 'out'], repo).err, /out is a folder: name the report's file \(--output out\/INC-2026-0001\.md\)/);
    fs.symlinkSync(path.join(dir, 'r.html'), path.join(dir, 'link.html'));
    assert.match(run(['export', 'INC-2026-0001', '--output', path.join(dir, 'link.html'), '--force']).err, /is a link/);
    assert.match(run(['export', 'INC-2026-0001', '--output', path.join(dir, 'no-such', 'r.md')]).err, /cannot write .*no such folder/);
    assert.equal(run(['export', 'INC-9999']).code, 1);
    assert.equal(run(['export', 'INC-2026-0001', '--format', 'pdf']).code, 2);
  });
});

describe('the metrics dashboard (figures and protocol)', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { dashboardData } = require('../../src/core/index') as typeof import('../../src/core/index');
  const { parseDashboardFromHost, parseDashboardFromWebview } = require('../../src/webview/dashboardProtocol') as typeof import('../../src/webview/dashboardProtocol');
  it('the last twelve months of test/fixtures/acme, with unknown severities after the policy\'s, validated by the webview\'s parser', () => {
    const policy = acmePolicy();
    const files: Record<string, string> = {};
    for (const dir of ['incidents', 'reviews']) for (const f of fs.readdirSync(path.join(ACME, dir))) files[`${dir}/${f}`] = fs.readFileSync(path.join(ACME, dir, f), 'utf8');
    files['incidents/hostile.md'] = incident({ id: 'INC-X', severity: JSON.stringify('<img src=x onerror=alert(1)>'), started: '2026-11-01T10:00:00Z' });
    const d = dashboardData(indexOf(files, policy), policy, { now: NOW });
    // A true twelve-month window (December to November), every month on the axis, empty ones too (issue 17).
    assert.equal(d.since, '2025-12-01');
    assert.deepEqual(d.months, ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    assert.deepEqual([...new Set(d.monthSeverity.map((x) => x.month))], ['2026-01', '2026-03', '2026-06', '2026-09', '2026-10', '2026-11']);
    assert.deepEqual(d.mitigate.map((x) => x.key), d.months);
    assert.deepEqual(d.mitigate[2 /* 2026-02 */], { key: '2026-02', measured: 0, met: 0, withTarget: 0 });
    assert.deepEqual(d.severities, ['SEV1', 'SEV2', 'SEV3', 'SEV4', '<img src=x onerror=alert(1)>']);
    assert.equal(d.mitigate.length, d.months.length);
    assert.deepEqual(parseDashboardFromHost({ type: 'render', data: d })?.data, d);
    assert.equal(parseDashboardFromHost({ type: 'render', data: { ...d, incidents: -1 } }), undefined);
    assert.equal(parseDashboardFromHost({ type: 'render', data: { ...d, months: [1] } }), undefined);
    // By priority and category (issue 18): the fixture's incidents with a priority or a category, and the
    // webview's parser refuses a breakdown row that is not one.
    assert.deepEqual(d.breakdown.filter((b) => b.by === 'priority').map((b) => `${b.key} ${b.count}`), ['P1 1', 'P3 2', '(none) 7']);
    assert.deepEqual(d.breakdown.filter((b) => b.by === 'category').map((b) => `${b.key} ${b.count}`), ['network 1', 'application 1', '(none) 8']);
    assert.equal(parseDashboardFromHost({ type: 'render', data: { ...d, breakdown: [{ by: 'severity', key: 'x', count: 1, targets: [] }] } }), undefined);
    assert.deepEqual(parseDashboardFromWebview({ type: 'refresh' }), { type: 'refresh' });
    assert.equal(parseDashboardFromWebview({ type: 'refresh', command: 'x' }), undefined);
  });
  it('lists what needs attention: reviews due and overdue action items, most urgent first, with hostile titles kept as text', () => {
    const policy = acmePolicy();
    const files: Record<string, string> = {};
    for (const dir of ['incidents', 'reviews']) for (const f of fs.readdirSync(path.join(ACME, dir))) files[`${dir}/${f}`] = fs.readFileSync(path.join(ACME, dir, f), 'utf8');
    const evil = '<img src=x onerror=alert(1)>';
    files['incidents/zz-evil.md'] = incident({ id: 'INC-EVIL', title: JSON.stringify(evil), severity: 'SEV1', started: '2026-10-01T10:00:00Z', resolved: '2026-10-01T12:00:00Z' });
    files['reviews/zz-evil.md'] = `---\ntype: review\ntitle: ${JSON.stringify(evil)}\nstatus: draft\ndate: 2026-10-05\naction_items:\n  - id: AI-9\n    title: ${JSON.stringify(evil)}\n    owner: team-x\n    due: 2026-10-10\n    status: open\n  - id: AI-10\n    title: done one\n    due: 2026-01-01\n    status: done\n---\n`;
    const d = dashboardData(indexOf(files, policy), policy, { now: NOW });
    const due = d.attention.reviewsDue.map((r) => r.id);
    assert.ok(due.includes('INC-EVIL') && due.includes('INC-2026-0902'), due.join());
    assert.deepEqual(d.attention.reviewsDue.map((r) => r.dueMs), [...d.attention.reviewsDue.map((r) => r.dueMs)].sort((a, b) => a - b), 'earliest deadline first');
    assert.equal(d.attention.reviewsDue.find((r) => r.id === 'INC-EVIL')?.title, evil);
    const items = d.attention.overdueItems;
    assert.ok(items.some((x) => x.id === 'AI-9' && x.title === evil && x.path === 'reviews/zz-evil.md' && x.item === 0), 'with its place in action_items');
    assert.ok(!items.some((x) => x.id === 'AI-10'), 'done items are not overdue');
    assert.deepEqual(items.map((x) => x.due), [...items.map((x) => x.due)].sort());
    assert.equal(d.attention.overdueItemsTotal, items.length);
    assert.ok(parseDashboardFromHost({ type: 'render', data: d }), 'the webview accepts it');
    assert.equal(parseDashboardFromHost({ type: 'render', data: { ...d, attention: { ...d.attention, overdueItems: [{ path: 1 }] } } }), undefined);
    assert.equal(parseDashboardFromHost({ type: 'render', data: { ...d, attention: { ...d.attention, overdueItems: [{ ...items[0], item: -1 }] } } }), undefined);
    // The item it opens at: its place, and its id checked against the file as it is now.
    const { actionItemRange, parseRecord } = require('../../src/core/index') as typeof import('../../src/core/index');
    const text = files['reviews/zz-evil.md'];
    const root = parseRecord('reviews/zz-evil.md', text, policy).root;
    const at = actionItemRange(root, 1, 'AI-10')!;
    assert.ok(text.slice(at.start, at.end).startsWith('id: AI-10'), text.slice(at.start, at.end));
    assert.equal(actionItemRange(root, 1, 'AI-9'), undefined, 'another item at that place: not opened there');
    assert.equal(actionItemRange(root, 2), undefined);
    assert.equal(actionItemRange(parseRecord('incidents/x.md', '---\nid: X\n---\n', policy).root, 0), undefined);
  });
  it('a bar opens the incidents behind it: the month and severity are checked, and the incidents listed in time order', () => {
    const { incidentsInMonth, lastMonths } = require('../../src/core/index') as typeof import('../../src/core/index');
    assert.deepEqual(lastMonths(Date.UTC(2026, 0, 15), 3), ['2025-11', '2025-12', '2026-01']);
    const policy = acmePolicy();
    const files = {
      'incidents/a.md': incident({ id: 'INC-A', severity: 'SEV1', started: '2026-10-20T10:00:00Z' }),
      'incidents/b.md': incident({ id: 'INC-B', severity: 'SEV2', started: '2026-10-02T10:00:00Z' }),
      'incidents/c.md': incident({ id: 'INC-C', severity: 'SEV1', started: '2026-09-30T23:00:00Z' }),
    };
    const ix = indexOf(files, policy);
    assert.deepEqual(incidentsInMonth(ix, '2026-10').map((r) => r.id), ['INC-B', 'INC-A']);
    assert.deepEqual(incidentsInMonth(ix, '2026-10', 'SEV1').map((r) => r.id), ['INC-A']);
    assert.deepEqual(parseDashboardFromWebview({ type: 'openMonth', month: '2026-10', severity: 'SEV1' }), { type: 'openMonth', month: '2026-10', severity: 'SEV1' });
    assert.deepEqual(parseDashboardFromWebview({ type: 'openMonth', month: '2026-10' }), { type: 'openMonth', month: '2026-10' });
    for (const bad of [{ type: 'openMonth', month: '2026-1' }, { type: 'openMonth', month: '2026-10', severity: '' }, { type: 'openMonth', month: '2026-10', path: 'x' }, { type: 'openMonth' }])
      assert.equal(parseDashboardFromWebview(bad), undefined, JSON.stringify(bad));
  });
  it('the webview may ask to open a repo-relative path and nothing else', () => {
    assert.deepEqual(parseDashboardFromWebview({ type: 'open', path: 'reviews/a.md' }), { type: 'open', path: 'reviews/a.md' });
    for (const bad of ['/etc/passwd', '../x.md', 'a/../../b', 'C:\\x', 'command:workbench.action.terminal.new', '', 'a\0b', 7])
      assert.equal(parseDashboardFromWebview({ type: 'open', path: bad }), undefined, String(bad));
    assert.equal(parseDashboardFromWebview({ type: 'open', path: 'a.md', then: 'x' }), undefined);
    assert.deepEqual(parseDashboardFromWebview({ type: 'open', path: 'reviews/a.md', item: 2 }), { type: 'open', path: 'reviews/a.md', item: 2 });
    for (const item of [-1, 1.5, '2', null, Infinity]) assert.equal(parseDashboardFromWebview({ type: 'open', path: 'reviews/a.md', item }), undefined, String(item));
  });
});
