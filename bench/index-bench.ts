/**
 * Indexing and validation benchmark. Generates N synthetic records (default 10,000, ~3 KB each, incidents with
 * ~20-event timelines, reviews, runbooks) and prints JSON figures measured in one run, so ratios are comparable:
 * raw read of the same files (the baseline), the index, full validation, single-file revalidation p50/p99, heap.
 *   node out/bench/index-bench.js [--records N] [--dir DIR]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { computeStats, loadPolicy, parseRecord, scanRepo, validateRecord, validateScan, parseYaml, splitFrontMatter } from '../src/core/index';
import { NodeRepoSource } from '../src/node/repo';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const N = Number(arg('--records', '10000'));
const dir = arg('--dir', path.join(os.tmpdir(), `hindsight-bench-${N}`));

const POLICY = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'acme', '.hindsight', 'policy.yaml'), 'utf8');
const SERVICES = ['checkout', 'payments', 'search', 'identity'];
const KINDS = ['action', 'communication', 'note', 'deploy', 'escalated'];

function iso(ms: number): string { return new Date(ms).toISOString().replace('.000Z', 'Z'); }

function incident(i: number): string {
  const start = Date.UTC(2024, 10, 1) + Math.floor(i * (730 * 86_400_000) / Math.max(1, Math.floor(N * 0.5)));
  const sev = ['SEV1', 'SEV2', 'SEV3', 'SEV4'][i % 4];
  const events: string[] = [];
  for (let e = 0; e < 20; e++) {
    const at = iso(start + e * 240_000);
    const kind = e === 0 ? 'detected' : e === 1 ? 'acknowledged' : e === 15 ? 'mitigated' : e === 19 ? 'resolved' : KINDS[e % KINDS.length];
    const text = e % 3 === 0 ? `"Checked ${SERVICES[e % 4]} dashboards: error rate ${e}%, p99 ${e * 37}ms"` : `Step ${e} of the mitigation for incident ${i}`;
    events.push(`  - at: ${at}\n    kind: ${kind}\n    text: ${text}${e % 4 === 0 ? '\n    by: responder' + (e % 7) : ''}`);
  }
  return `---
id: INC-2025-${String(i).padStart(5, '0')}
title: "Synthetic incident ${i}: ${SERVICES[i % 4]} degraded"
severity: ${sev}
status: closed
services: [${SERVICES[i % 4]}]
commander: person${i % 50}
roles:
  scribe: person${(i + 1) % 50}
  communications: person${(i + 2) % 50}
escalation: ${sev === 'SEV1' ? 'major-incident' : sev === 'SEV4' ? 'team-page' : 'team-page'}
started: ${iso(start)}
detected: ${iso(start)}
acknowledged: ${iso(start + 240_000)}
mitigated: ${iso(start + 15 * 240_000)}
resolved: ${iso(start + 19 * 240_000)}
runbooks: [runbooks/rb-${i % 500}.md]
timeline:
${events.join('\n')}
---

# Synthetic incident ${i}

## Summary

${'The service degraded after a configuration change and recovered after a rollback. '.repeat(6)}

## Impact

${'Some customers saw slow pages and failed requests for a while. '.repeat(6)}
`;
}

function review(i: number): string {
  return `---
title: "Review of incident ${i}"
incident: INC-2025-${String(i).padStart(5, '0')}
status: published
authors: [person${i % 50}]
date: 2025-06-01
action_items:
${Array.from({ length: 6 }, (_, a) => `  - id: AI-${i}-${a}\n    title: Action ${a} for ${i}\n    owner: team-${a}\n    due: 2027-0${1 + (a % 9)}-15\n    status: ${a % 2 ? 'done' : 'open'}\n    type: preventive`).join('\n')}
---

# Review of incident ${i}

## Summary

${'What happened, in plain words, for people outside the team. '.repeat(6)}

## Impact

${'Customers saw errors on checkout for a few minutes. '.repeat(5)}

## Timeline

See the incident.

## Contributing Factors

${'- A default that was safe in tests.\n'.repeat(8)}
## Action Items

See front matter.

## Lessons Learned

${'Fail closed on missing configuration. '.repeat(8)}
`;
}

function runbook(i: number): string {
  return `---
title: Runbook ${i}
services: [${SERVICES[i % 4]}]
alerts: [Alert${i}]
owner: team-${i % 10}
last_reviewed: 2026-10-01
review_every: 365d
---

# Runbook ${i}

## Meaning

${'This alert fires when the error budget burns too fast. '.repeat(10)}

## Diagnosis

${Array.from({ length: 8 }, (_, s) => `${s + 1}. Check step ${s} on the dashboard and note what you see.`).join('\n')}

\`\`\`sh
kubectl -n svc${i % 10} get pods -o wide
kubectl -n svc${i % 10} logs deploy/api --since=15m
\`\`\`

## Mitigation

${Array.from({ length: 8 }, (_, s) => `- [ ] Mitigation step ${s}: roll back or scale out as needed.`).join('\n')}
`;
}

function generate(): { files: string[]; bytes: number } {
  const marker = path.join(dir, '.complete');
  const files: string[] = [];
  let bytes = 0;
  const reuse = fs.existsSync(marker);
  if (!reuse) { fs.rmSync(dir, { recursive: true, force: true }); for (const d of ['incidents', 'reviews', 'runbooks', '.hindsight']) fs.mkdirSync(path.join(dir, d), { recursive: true }); fs.writeFileSync(path.join(dir, '.hindsight', 'policy.yaml'), POLICY); }
  const nInc = Math.floor(N * 0.5), nRev = Math.floor(N * 0.25), nRb = N - nInc - nRev;
  const add = (rel: string, make: () => string) => { const f = path.join(dir, rel); if (!reuse) { const t = make(); fs.writeFileSync(f, t); } files.push(f); };
  for (let i = 0; i < nInc; i++) add(`incidents/inc-${i}.md`, () => incident(i));
  for (let i = 0; i < nRev; i++) add(`reviews/rev-${i}.md`, () => review(i));
  for (let i = 0; i < nRb; i++) add(`runbooks/rb-${i}.md`, () => runbook(i));
  for (const f of files) bytes += fs.statSync(f).size;
  if (!reuse) fs.writeFileSync(marker, '');
  return { files, bytes };
}

function ms(t0: bigint): number { return Number(process.hrtime.bigint() - t0) / 1e6; }
function pct(a: number[], p: number): number { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; }
function round(x: number): number { return Math.round(x * 100) / 100; }

const { files, bytes } = generate();
const policy = loadPolicy(POLICY).policy;
(globalThis as { gc?: () => void }).gc?.();
const heapBefore = process.memoryUsage().heapUsed;

// Baseline: read every file as text.
let t = process.hrtime.bigint();
let chars = 0;
for (const f of files) chars += fs.readFileSync(f, 'utf8').length;
const rawRead = ms(t);

// The index (what the tree view needs): walk + read + fast parse + summaries.
t = process.hrtime.bigint();
const scan = scanRepo(new NodeRepoSource(dir), policy);
const indexMs = ms(t);
(globalThis as { gc?: () => void }).gc?.();
const heapIndex = process.memoryUsage().heapUsed - heapBefore;

// Full validation (what the CLI does): read + index + every rule including cross-file ones.
t = process.hrtime.bigint();
const full = scanRepo(new NodeRepoSource(dir), policy, { keepTexts: true });
const result = validateScan(full, policy, { now: Date.UTC(2026, 10, 23) });
const validateMs = ms(t);

// hindsight stats (index, then aggregate), measured right after an index of the same files alone.
t = process.hrtime.bigint();
scanRepo(new NodeRepoSource(dir), policy);
const indexAgainMs = ms(t);
t = process.hrtime.bigint();
const stats = computeStats(scanRepo(new NodeRepoSource(dir), policy).index, policy, { now: Date.UTC(2026, 10, 23) });
const statsMs = ms(t);
t = process.hrtime.bigint();
computeStats(scan.index, policy, { now: Date.UTC(2026, 10, 23) });
const aggregateOnlyMs = ms(t);

// Which parser answered: the fast path, or yaml.
let fast = 0, slow = 0;
for (const text of full.texts.values()) {
  const s = splitFrontMatter(text);
  if (s.content) { if (parseYaml(text, s.content.start, s.content.end).parser === 'fast') fast++; else slow++; }
}

// Revalidating one 3 KB incident on a keystroke: parse + all rules with the index.
const one = fs.readFileSync(files[1], 'utf8');
const rel = 'incidents/inc-1.md';
const samples: number[] = [];
for (let i = 0; i < 2000; i++) {
  const text = one.replace('Step 2 of', `Step 2${i % 10} of`);
  const t1 = process.hrtime.bigint();
  validateRecord(parseRecord(rel, text, policy), policy, { index: full.index });
  samples.push(ms(t1));
}

// The same keystroke path forced through yaml, for comparison.
const slowSamples: number[] = [];
const s1 = splitFrontMatter(one);
for (let i = 0; i < 300; i++) { const t1 = process.hrtime.bigint(); parseYaml(one, s1.content!.start, s1.content!.end, { forceFull: true }); slowSamples.push(ms(t1)); }

const out = {
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  records: files.length, megabytes: round(bytes / 2 ** 20), avgKB: round(bytes / files.length / 1024),
  rawReadMs: round(rawRead),
  indexMs: round(indexMs), indexVsRawRead: round(indexMs / rawRead),
  fullValidationMs: round(validateMs), fullValidationVsRawRead: round(validateMs / rawRead), problems: result.problems.length, checked: result.checked,
  fastPathFiles: fast, yamlFallbackFiles: slow,
  statsMs: round(statsMs), statsIndexAloneMs: round(indexAgainMs), statsVsIndex: round(statsMs / indexAgainMs), statsAggregateOnlyMs: round(aggregateOnlyMs), statsIncidents: stats.incidents,
  revalidateOneMs: { p50: round(pct(samples, 50)), p99: round(pct(samples, 99)) },
  yamlParseDocumentOneMs: { p50: round(pct(slowSamples, 50)), p99: round(pct(slowSamples, 99)) },
  heapForIndexMB: round(heapIndex / 2 ** 20),
  chars,
};
console.log(JSON.stringify(out, null, 2));
