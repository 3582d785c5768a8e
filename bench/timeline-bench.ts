/**
 * Timeline editor, host side: an incident with 1,000 events. Measures building the view the webview renders
 * (first paint's host part, plus the message size) and one edit round trip's host part (compute the minimal
 * edit, apply it, rebuild the view). The webview's own DOM work is not measured here.
 *   node out/bench/timeline-bench.js [--events N]
 */
import { appendTimelineEvent, appendTimelineEventUnchecked, applyEdits, buildTimelineView, htmlMemo, loadPolicy, updateTimelineEvent, verified, viewAfterAppend, YamlMemo } from '../src/core/index';
import * as fs from 'node:fs';
import * as path from 'node:path';

const n = Number(process.argv[process.argv.indexOf('--events') + 1] || 1000) || 1000;
const policy = loadPolicy(fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'acme', '.hindsight', 'policy.yaml'), 'utf8')).policy;
const start = Date.UTC(2026, 2, 1, 10);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
let text = `---\nid: INC-2026-0100\ntitle: A long incident\nseverity: SEV2\nstatus: investigating\nstarted: ${iso(start)}\ndetected: ${iso(start)}\ntimeline:\n`;
for (let i = 0; i < n; i++) text += `  - at: ${iso(start + i * 60_000)}\n    kind: ${['action', 'note', 'communication'][i % 3]}\n    text: "Step ${i}: checked **dashboards**, see [runbook](runbooks/x.md)"\n    by: responder${i % 7}\n`;
text += '---\n';

const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p / 100 * a.length))];
const time = (f: () => void, runs: number) => { const out: number[] = []; for (let i = 0; i < runs; i++) { const t = process.hrtime.bigint(); f(); out.push(Number(process.hrtime.bigint() - t) / 1e6); } return out; };

const firstCold = time(() => buildTimelineView(text, 'incidents/x.md', policy), 1)[0];
const view = time(() => JSON.stringify(buildTimelineView(text, 'incidents/x.md', policy)), 20);
let doc = text;
const roundTrip = time(() => {
  const edits = appendTimelineEvent(doc, { at: iso(start + n * 60_000), kind: 'note', text: 'one more' });
  doc = applyEdits(doc, edits);
  JSON.stringify(buildTimelineView(doc, 'incidents/x.md', policy));
}, 20);
// As the editor does it: one memo of parses and one of rendered texts per open editor (the edit's safety check,
// the view after it and the next edit share one parse).
const yamlMemo = new YamlMemo();
const html = htmlMemo();
buildTimelineView(doc, 'incidents/x.md', policy, html, yamlMemo);
const roundTripMemo = time(() => {
  const edits = appendTimelineEvent(doc, { at: iso(start + n * 60_000), kind: 'note', text: 'one more' }, yamlMemo);
  doc = applyEdits(doc, edits);
  JSON.stringify(buildTimelineView(doc, 'incidents/x.md', policy, html, yamlMemo));
}, 20);
// As the editor does an add now: the edit unchecked, the view derived from the previous one (no parse of the new
// text), posted; then the check (one parse) before the edit is applied. 'toView' is what the webview waits for.
let prevView = buildTimelineView(doc, 'incidents/x.md', policy, html, yamlMemo);
const toView: number[] = [];
const incremental = time(() => {
  const t0 = process.hrtime.bigint();
  const ev = { at: iso(start + n * 60_000), kind: 'note', text: 'one more' };
  const edits = appendTimelineEventUnchecked(doc, ev, yamlMemo);
  const next = viewAfterAppend(prevView, ev, html)!;
  JSON.stringify(next.events[next.events.length - 1]);
  toView.push(Number(process.hrtime.bigint() - t0) / 1e6);
  verified(doc, edits, yamlMemo);
  doc = applyEdits(doc, edits);
  prevView = next;
}, 20);
const update = time(() => { const e = updateTimelineEvent(doc, 500, { text: 'edited' }); JSON.stringify(buildTimelineView(applyEdits(doc, e), 'incidents/x.md', policy)); }, 20);
const r = (x: number) => Math.round(x * 10) / 10;
console.log(JSON.stringify({
  events: n, documentKB: r(text.length / 1024), renderMessageKB: r(JSON.stringify(buildTimelineView(text, 'incidents/x.md', policy)).length / 1024),
  firstViewColdMs: r(firstCold), viewMs: { p50: r(pct(view, 50)), p99: r(pct(view, 99)) },
  addRoundTripHostMs: { p50: r(pct(roundTrip, 50)), p99: r(pct(roundTrip, 99)) },
  addRoundTripHostWithMemosMs: { p50: r(pct(roundTripMemo, 50)), p99: r(pct(roundTripMemo, 99)) },
  addIncrementalHostToViewMs: { p50: r(pct(toView, 50)), p99: r(pct(toView, 99)) },
  addIncrementalHostWithCheckMs: { p50: r(pct(incremental, 50)), p99: r(pct(incremental, 99)) },
  editRoundTripHostMs: { p50: r(pct(update, 50)), p99: r(pct(update, 99)) },
}, null, 2));
