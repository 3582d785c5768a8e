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

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureDataset } = require(path.join(__dirname, '..', '..', 'bench', 'dataset.cjs')) as { ensureDataset(o: { n: number; dir: string }): { files: string[]; bytes: number; policyText: string } };

function ms(t0: bigint): number { return Number(process.hrtime.bigint() - t0) / 1e6; }
function pct(a: number[], p: number): number { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; }
function round(x: number): number { return Math.round(x * 100) / 100; }

const { files, bytes, policyText } = ensureDataset({ n: N, dir });
const policy = loadPolicy(policyText).policy;
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
