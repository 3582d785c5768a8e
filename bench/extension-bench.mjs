// Extension benchmark: loads the production bundle (dist/extension.js) in Node with a small stand-in for the
// `vscode` module, and measures in one run: bundle load + activate(), the time until the Incidents tree of a
// 10,000-record workspace answers with all its incidents (on a first open: once the incident folders, read
// first, are read), the whole index, all four views, against the raw read of the same files; the full
// diagnostics pass, and heap. Usage: node --expose-gc bench/extension-bench.mjs [--dir DIR]
// (DIR defaults to bench/dataset.cjs's 10,000-record workspace, made when missing.)
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir, cpus, totalmem } from 'node:os';

const args = process.argv.slice(2);
const dirArg = args.indexOf('--dir');
const dir = resolve(dirArg >= 0 ? args[dirArg + 1] : join(tmpdir(), 'hindsight-bench-10000'));
const require = createRequire(import.meta.url);
const ROOT = resolve(new URL('..', import.meta.url).pathname);
if (!existsSync(join(ROOT, 'dist', 'extension.js'))) { console.error('extension-bench: dist/extension.js is missing: run `npm run build -- --production` first'); process.exit(2); }
if (dirArg < 0) require(join(ROOT, 'bench', 'dataset.cjs')).ensureDataset({ n: 10000, dir });

// The `vscode` stand-in shared with the unit tests (test/vscode-stand-in.cjs).
const { createVscodeStandIn, installVscodeStandIn, Uri } = require(join(ROOT, 'test', 'vscode-stand-in.cjs'));
const { vscode } = createVscodeStandIn(dir, { log: !!process.env.BENCH_LOG });
installVscodeStandIn(vscode);

// --- measure -----------------------------------------------------------------------------------------
const files = [];
const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { if (e.name === '.hindsight') continue; const p = join(d, e.name); if (e.isDirectory()) walk(p); else files.push(p); } };
walk(dir);
globalThis.gc?.();
const heap0 = process.memoryUsage().heapUsed;

const modulesBefore = new Set(process.moduleLoadList);
let t = process.hrtime.bigint();
const ext = require(join(ROOT, 'dist', 'extension.js'));
const loadMs = Number(process.hrtime.bigint() - t) / 1e6;
t = process.hrtime.bigint();
// The saved index's folder (HINDSIGHT_BENCH_STORAGE: compare.mjs gives each build its own).
const storage = process.argv.includes('--warm') ? process.env.HINDSIGHT_BENCH_STORAGE || join(tmpdir(), 'hindsight-bench-storage') : undefined;
const api = ext.activate({ subscriptions: [], extensionUri: Uri.file(ROOT), storageUri: storage ? Uri.file(storage) : undefined, workspaceState: { get: () => undefined, update: async () => {} }, globalState: { get: () => true, update: async () => {} } });
const activateMs = Number(process.hrtime.bigint() - t) / 1e6;
// Node built-ins that the bundle and activate() loaded (child_process alone costs ~2.5 ms).
const builtinsAtActivation = process.moduleLoadList.filter((m) => !modulesBefore.has(m) && /^NativeModule [a-z_]+$/.test(m)).map((m) => m.slice(13));

// The Incidents view is ready when, after its first change, VS Code's request for its items (which comes as a
// message, so after the current task: setImmediate here) is answered with the workspace's incidents. On a first
// open that is as soon as the incident folders are read (the model reads them first); the other views wait for
// the whole index (whenReady).
const treeStart = process.hrtime.bigint();
const countIncidents = (roots) => roots.reduce((n, g) => n + (g.type === 'group' ? g.children.length : 1), 0);
const firstPaint = new Promise((resolveFirst) => {
  const d = api.trees.incidents.onDidChangeTreeData(() => {
    d.dispose();
    setImmediate(() => {
      const b0 = process.hrtime.bigint();
      const shown = countIncidents(api.trees.incidents.getChildren());
      const t1 = process.hrtime.bigint();
      resolveFirst({ ms: Number(t1 - treeStart) / 1e6, buildMs: Number(t1 - b0) / 1e6, shown, modelReady: api.model.ready });
    });
  });
});
await api.model.whenReady();
const indexReadyMs = Number(process.hrtime.bigint() - treeStart) / 1e6;
const first = await firstPaint;
const treeMs = first.ms;
const incidentsInIndex = api.model.records().filter((r) => r.kind === 'incident').length;
if (first.shown !== incidentsInIndex) { console.error(`the Incidents view's first paint showed ${first.shown} incidents of ${incidentsInIndex}`); process.exit(1); }
if (args.includes('--tree-only')) { console.log(JSON.stringify({ loadPlusActivateMs: loadMs + activateMs, indexReadyMs, treeReadyMs: treeMs })); process.exit(0); } // for profiling the start alone
// The other three views are built when VS Code asks for them (when they are visible): here all at once, once
// the whole index is read.
for (const t of [api.trees.runbooks, api.trees.reviews, api.trees.actionItems]) for (const g of t.getChildren()) t.getChildren(g);
const allViewsMs = Number(process.hrtime.bigint() - treeStart) / 1e6;
if (!api.trees.reviews.getChildren().length) { console.error('the Reviews view is empty after the read'); process.exit(1); }
const fullPassStart = process.hrtime.bigint();
await new Promise((r) => { const d = api.diagnostics.onDidFinishFullPass(() => { d.dispose(); r(); }); });
const fullPassMs = Number(process.hrtime.bigint() - fullPassStart) / 1e6;
globalThis.gc?.();
const heapMB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
if (storage) await new Promise((r) => setTimeout(r, 3500)); // let the index be saved for the next (warm) run

// Raw read of the same files, in the same process, after (the page cache is warm for both).
t = process.hrtime.bigint();
let chars = 0;
for (const f of files) chars += readFileSync(f, 'utf8').length;
const rawReadMs = Number(process.hrtime.bigint() - t) / 1e6;

const r2 = (x) => Math.round(x * 100) / 100;
console.log(JSON.stringify({
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  workspace: dir, files: files.length, records: api.model.index.size, savedIndex: storage ? (existsSync(join(storage, 'index-v1.json')) ? 'used if present at start' : 'none') : 'off (cold start)',
  bundleLoadMs: r2(loadMs), activateMs: r2(activateMs), loadPlusActivateMs: r2(loadMs + activateMs), builtinsAtActivation,
  // treeReadyMs: the Incidents view answered with all the workspace's incidents (before the rest of the read on a
  // first open: incidentsViewBeforeIndex); indexReadyMs: the whole index; allFourViewsMs: all four views built.
  indexReadyMs: r2(indexReadyMs), treeReadyMs: r2(treeMs), incidentsShown: first.shown, incidentsViewBeforeIndex: !first.modelReady, incidentsViewBuildMs: r2(first.buildMs),
  rawReadMs: r2(rawReadMs), treeVsRawRead: r2(treeMs / rawReadMs), indexVsRawRead: r2(indexReadyMs / rawReadMs), allFourViewsMs: r2(allViewsMs), allFourViewsVsRawRead: r2(allViewsMs / rawReadMs),
  fullDiagnosticsPassMs: r2(fullPassMs), heapAfterIndexAndDiagnosticsMB: r2(heapMB), chars,
}, null, 2));
process.exit(0);
