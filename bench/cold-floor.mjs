// What a first (cold) start can cost at the least, on this machine: each figure is a fresh Node process (as an
// extension host is on the first open of a workspace) that lists the workspace and reads every file with the
// extension's reader, then does one of:
//   read       nothing more (the walk and the reads alone);
//   top-lines  one regex pass over each front matter that visits its top-level lines and slices their keys
//              (the least any reader of front matter does; it checks nothing and builds no summary);
//   index      the index's summary of every file (`indexSummary`, what the views are built from);
// and then, in the same process, the raw read of the same files (`readFileSync(path, 'utf8')`, the baseline of the
// tree target). Rounds are interleaved so that the machine's drift hits every mode alike; medians and ranges of
// the ratios are printed. Usage: node bench/cold-floor.mjs [--dir DIR] [--rounds N] (after `npm run compile-tests`).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const dir = resolve(opt('--dir', join(tmpdir(), 'hindsight-bench-10000')));
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MODES = ['read', 'top-lines', 'index'];
if (!existsSync(join(ROOT, 'out', 'src', 'core', 'index.js'))) { console.error('cold-floor: out/ is missing: run `npm run compile-tests` first'); process.exit(2); }
if (!args.includes('--dir') && !args.includes('--child')) createRequire(import.meta.url)('./dataset.cjs').ensureDataset({ n: 10000, dir });

if (args.includes('--child')) {
  const mode = opt('--child', 'read');
  const require = createRequire(import.meta.url);
  const { NodeRepoSource } = require(join(ROOT, 'out', 'src', 'node', 'repo.js'));
  const core = require(join(ROOT, 'out', 'src', 'core', 'index.js'));
  const policy = core.defaultPolicy();
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const TOP = /\n[^ \n]/g; // a line at column 0
  let t0 = now();
  const src = new NodeRepoSource(dir);
  const list = src.list();
  let keys = 0;
  let records = 0;
  for (const e of list) {
    const r = src.readText(e.path, core.DEFAULT_MAX_BYTES);
    const text = r.decoded?.ok ? r.decoded.text : '';
    if (mode === 'top-lines') {
      const end = text.indexOf('\n---', 3);
      TOP.lastIndex = 3;
      while (TOP.test(text)) {
        const at = TOP.lastIndex - 1;
        if (end >= 0 && at > end) break;
        const colon = text.indexOf(':', at);
        if (colon > 0 && text.slice(at, colon).length < 40) keys++;
      }
    } else if (mode === 'index') {
      if (core.indexSummary(e.path, text, policy)) records++;
    }
  }
  const ms = now() - t0;
  t0 = now();
  for (const e of list) readFileSync(join(dir, e.path), 'utf8');
  const rawMs = now() - t0;
  console.log(JSON.stringify({ mode, files: list.length, keys, records, ms, rawMs }));
  process.exit(0);
}

const rounds = Number(opt('--rounds', '5'));
const runs = Object.fromEntries(MODES.map((m) => [m, []]));
for (let r = 0; r < rounds; r++) {
  for (const mode of MODES) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, '--dir', dir], { encoding: 'utf8' });
    runs[mode].push(JSON.parse(out.trim().split('\n').pop()));
  }
}
const r2 = (x) => Math.round(x * 100) / 100;
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const summary = {};
for (const mode of MODES) {
  const ratios = runs[mode].map((x) => x.ms / x.rawMs);
  summary[mode] = { medianMs: r2(median(runs[mode].map((x) => x.ms))), medianRawReadMs: r2(median(runs[mode].map((x) => x.rawMs))), medianVsRawRead: r2(median(ratios)), minVsRawRead: r2(Math.min(...ratios)), maxVsRawRead: r2(Math.max(...ratios)) };
}
console.log(JSON.stringify({ coldFloor: { machine: { cpus: cpus().length, node: process.version }, workspace: dir, files: runs.read[0].files, rounds, ...summary } }, null, 2));
