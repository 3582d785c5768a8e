// The extension benchmark (bench/extension-bench.mjs) run N times, each in a fresh process as a first open of the
// workspace is (no saved index), and summarized: median and range of each figure, the Incidents view's time against
// the raw read of the same run above all. One run says little on a machine whose speed drifts by up to 2x within minutes.
// Usage: node bench/extension-rounds.mjs [--rounds N] [--dir DIR] [--node PATH|code-server]
// (after `npm run build -- --production`). `--node code-server`: under the Node 24 that runs code-server's
// extension host (installed by scripts/setup-vscode.sh; skipped, saying so, when it is not there).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus, homedir } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const rounds = Number(opt('--rounds', '7'));
const bench = fileURLToPath(new URL('./extension-bench.mjs', import.meta.url));
const extra = args.includes('--dir') ? ['--dir', opt('--dir')] : [];
let node = opt('--node', process.execPath);
if (node === 'code-server') {
  const env = join(process.env.HINDSIGHT_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'hindsight'), 'env.json');
  node = existsSync(env) ? JSON.parse(readFileSync(env, 'utf8')).node24 : undefined;
  if (!node || !existsSync(node)) { console.log(`extension-rounds: skipped under code-server's Node: not installed (${env}; scripts/setup-vscode.sh installs it)`); process.exit(0); }
}
if (!existsSync(fileURLToPath(new URL('../dist/extension.js', import.meta.url)))) { console.error('extension-rounds: dist/extension.js is missing: run `npm run build -- --production` first'); process.exit(2); }
const runs = [];
for (let r = 0; r < rounds; r++) {
  const out = execFileSync(node, ['--expose-gc', bench, ...extra], { encoding: 'utf8' });
  runs.push(JSON.parse(out.slice(out.indexOf('{'))));
}
const r2 = (x) => Math.round(x * 100) / 100;
const stats = (k) => {
  const v = runs.map((x) => x[k]).sort((a, b) => a - b);
  return { median: r2(v[Math.floor(v.length / 2)]), min: r2(v[0]), max: r2(v[v.length - 1]) };
};
console.log(JSON.stringify({
  extensionColdStart: {
    machine: { cpus: cpus().length, node: runs[0].machine?.node ?? process.version }, workspace: runs[0].workspace, files: runs[0].files, records: runs[0].records, rounds,
    // The Incidents view (shown once the incident folders are read), the whole index, all four views.
    treeVsRawRead: stats('treeVsRawRead'), treeReadyMs: stats('treeReadyMs'), rawReadMs: stats('rawReadMs'),
    indexVsRawRead: stats('indexVsRawRead'), indexReadyMs: stats('indexReadyMs'),
    loadPlusActivateMs: stats('loadPlusActivateMs'), allFourViewsVsRawRead: stats('allFourViewsVsRawRead'),
    heapAfterIndexAndDiagnosticsMB: stats('heapAfterIndexAndDiagnosticsMB'),
  },
}, null, 2));
