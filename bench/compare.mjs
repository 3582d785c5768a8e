// Compares this build's first open with another revision's, the way this machine allows: paired, alternating
// fresh processes of bench/extension-bench.mjs (one of each per round, in turn), so that the machine's drift
// (up to 10% between sets of rounds, 1.5x between single rounds) hits both alike. Prints each build's medians
// and the median of the per-round ratios (this build / the other), the steadier figure.
// Usage: node bench/compare.mjs REV [--rounds N] [--warm]   (REV: any git revision, e.g. main~3 or a hash)
// The other build is checked out in a git worktree under $TMPDIR (made once per revision, then reused) and
// built there with this checkout's node_modules; this build must be built already (`npm run build -- --production`).
// --warm: later opens; each build keeps its saved index in a folder of its own (HINDSIGHT_BENCH_STORAGE; a revision
// older than that variable uses the bench's default folder, which this build then does not touch).
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const rev = args[0];
if (!rev || rev.startsWith('--')) { console.error('usage: node bench/compare.mjs REV [--rounds N] [--warm]'); process.exit(2); }
const rounds = Number(args.includes('--rounds') ? args[args.indexOf('--rounds') + 1] : 15);
const warm = args.includes('--warm');
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
if (!existsSync(join(ROOT, 'dist', 'extension.js'))) { console.error('compare: dist/extension.js is missing: run `npm run build -- --production` first'); process.exit(2); }
const git = (...a) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
const hash = git('rev-parse', '--verify', `${rev}^{commit}`);
const other = join(tmpdir(), `hindsight-compare-${hash.slice(0, 12)}`);
if (!existsSync(join(other, 'dist', 'extension.js'))) {
  if (!existsSync(other)) git('worktree', 'add', '--detach', other, hash);
  if (!existsSync(join(other, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(other, 'node_modules'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: other, stdio: 'inherit' });
}

const KEYS = ['treeVsRawRead', 'indexVsRawRead', 'allFourViewsVsRawRead'];
const run = (dir) => {
  const env = { ...process.env, HINDSIGHT_BENCH_STORAGE: join(tmpdir(), `hindsight-bench-storage-${dir === ROOT ? 'this' : hash.slice(0, 12)}`) };
  const out = execFileSync(process.execPath, ['--expose-gc', 'bench/extension-bench.mjs', ...(warm ? ['--warm'] : [])], { cwd: dir, encoding: 'utf8', env });
  return JSON.parse(out);
};
if (warm) { run(ROOT); run(other); } // each later open starts from the index the previous run saved
const runs = { this: [], other: [] };
for (let i = 0; i < rounds; i++) {
  // Alternate which build goes first, so that neither always runs on the heels of the other.
  const order = i % 2 ? [['other', other], ['this', ROOT]] : [['this', ROOT], ['other', other]];
  for (const [name, dir] of order) runs[name].push(run(dir));
  process.stderr.write(`round ${i + 1}/${rounds}\r`);
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const r2 = (x) => Math.round(x * 100) / 100;
const result = { compared: { this: git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : ''), other: hash.slice(0, 12) }, rounds, open: warm ? 'later (saved index)' : 'first (no saved index)' };
for (const k of KEYS) {
  result[k] = {
    this: r2(median(runs.this.map((x) => x[k]))),
    other: r2(median(runs.other.map((x) => x[k]))),
    thisOverOther: r2(median(runs.this.map((x, i) => x[k] / runs.other[i][k]))),
  };
}
console.log(JSON.stringify(result, null, 2));
