/**
 * Re-judging the clocks of open incidents (issue 18): what the extension does on each minute tick, measured on
 * N open incidents (default 1,000) under a policy with a priority matrix, a business calendar (Europe/Berlin,
 * holidays) and escalation policies. Prints JSON figures:
 *   plan:  making every incident's plan once (on a change of its text; not on a tick)
 *   tick:  the diagnostics' re-judging (clockKey for every site, clockProblems where the state changed), the status
 *          bar's most urgent clock (one pass over the plans) and every open incident's row text (the tree's refresh)
 *   entries: every incident's full SlaEntry, sorted (hindsight sla, the status bar's tooltip every 5 minutes)
 * over 240 simulated minutes (4 hours, where targets go at risk and breach). Budget: a tick under 5 ms.
 *   node out/bench/clock-bench.js [--incidents N]
 */
import { clockKey, clockProblems, clockSiteOf, loadPolicy, parseRecord, slaEntry, sortSla, urgentText, type ClockSite, type SlaEntry } from '../src/core/index';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const N = Number(arg('--incidents', '1000'));

const policy = loadPolicy(`impacts: [extensive, significant, moderate, minor]
urgencies: [critical, high, medium, low]
priorities:
  - { id: P1, targets: { acknowledge: 15m, mitigate: 1h, resolve: 4h }, escalation: major }
  - { id: P2, targets: { acknowledge: 30m, resolve: 8h }, calendar: business }
  - { id: P3, targets: { resolve: 3d }, calendar: business }
  - { id: P4 }
priority_matrix:
  extensive:   { critical: P1, high: P1, medium: P2, low: P3 }
  significant: { critical: P1, high: P2, medium: P3, low: P3 }
  moderate:    { critical: P2, high: P3, medium: P3, low: P4 }
  minor:       { critical: P3, high: P3, medium: P4, low: P4 }
calendars:
  business: { zone: Europe/Berlin, days: [mon, tue, wed, thu, fri], hours: "08:00-18:00", holidays: [2026-12-24, 2026-12-25, 2026-12-26] }
escalation_policies:
  - id: major
    steps:
      - { after: 0m, notify: [team:owning-team] }
      - { after: 30m, kind: hierarchical, notify: [user:head-of-ops] }
severities:
  - { id: SEV1, targets: { acknowledge: 5m, mitigate: 1h, resolve: 4h }, escalation: major }
  - { id: SEV2, targets: { acknowledge: 15m, mitigate: 4h, resolve: 1d } }
  - { id: SEV3 }
`).policy;

const impacts = ['extensive', 'significant', 'moderate', 'minor'], urgencies = ['critical', 'high', 'medium', 'low'], sevs = ['SEV1', 'SEV2', 'SEV3'];
const start = Date.parse('2026-11-27T12:00:00Z'); // a Friday: business clocks stop over the weekend
const texts: [string, string][] = [];
for (let i = 0; i < N; i++) {
  const started = new Date(start - (i % 600) * 60_000).toISOString().replace('.000Z', 'Z');
  texts.push([`incidents/i${i}.md`, `---\nid: INC-${i}\ntitle: Incident ${i}\nseverity: ${sevs[i % 3]}\nstatus: investigating\nimpact: ${impacts[i % 4]}\nurgency: ${urgencies[(i >> 2) % 4]}\nstarted: ${started}\n${i % 5 === 0 ? `acknowledged: ${started}\n` : ''}timeline:\n  - at: ${started}\n    kind: detected\n    text: Alert\n${i % 7 === 0 ? `  - at: ${started}\n    kind: escalated\n    text: Paged\n    to: team:owning-team\n` : ''}---\n# Incident ${i}\n`]);
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (a: number[], p: number) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const round = (x: number) => Math.round(x * 1000) / 1000;

let t0 = process.hrtime.bigint();
const sites: { site: ClockSite; key: string; summary: { path: string; id?: string; title?: string; severity?: string; status?: string } }[] = texts.map(([path, text]) => {
  const rec = parseRecord(path, text, policy);
  const site = clockSiteOf(path, rec.root, policy, { start: 0, end: 0 })!;
  // As the diagnostics do when they check a file: its clock key as of then.
  return { site, key: clockKey(site, start - 60_000), summary: { path, id: path, title: path, severity: 'SEV2', status: 'investigating' } };
});
const planMs = ms(t0);

const ticks: number[] = [];
let changedTotal = 0;
let entries: SlaEntry[] = [];
const entryRuns: number[] = [];
for (let minute = 0; minute < 240; minute++) {
  const now = start + minute * 60_000;
  t0 = process.hrtime.bigint();
  // The diagnostics' re-judging.
  for (const s of sites) {
    const key = clockKey(s.site, now);
    if (key === s.key) continue;
    s.key = key;
    changedTotal++;
    clockProblems(s.site, now);
  }
  // The status bar: the plan whose running clock runs out first.
  let best: ClockSite | undefined;
  for (const s of sites) { const u = s.site.plan.urgent; if (u && (!best || u.deadlineMs < best.plan.urgent!.deadlineMs)) best = s.site; }
  if (best) urgentText(best.plan, now);
  // The tree's refresh: each open incident's row text.
  for (const s of sites) urgentText(s.site.plan, now);
  ticks.push(ms(t0));
  if (minute % 60 === 0) { const t1 = process.hrtime.bigint(); entries = sortSla(sites.map((s) => slaEntry(s.summary, s.site.plan, now)!)); entryRuns.push(ms(t1)); }
}
console.log(JSON.stringify({
  incidents: N, planAllMs: round(planMs),
  tickMs: { p50: round(pct(ticks, 50)), p90: round(pct(ticks, 90)), p99: round(pct(ticks, 99)), max: round(Math.max(...ticks)) },
  // The budget is per tick: met by the median and p90 tick; the p99 tick (many incidents changing state in the same
  // minute, and garbage collection) is reported as measured.
  budgetMs: 5, metAtP90: pct(ticks, 90) < 5, metAtP99: pct(ticks, 99) < 5,
  entriesAllMs: round(pct(entryRuns, 50)),
  statesChanged: changedTotal, breachedAtEnd: entries.filter((e) => e.breached).length,
}, null, 2));
