// Extension benchmark: loads the production bundle (dist/extension.js) in Node with a small stand-in for the
// `vscode` module, and measures in one run: bundle load + activate(), the time until the Incidents tree of a
// 10,000-record workspace answers with all its incidents (on a first open: once the incident folders, read
// first, are read), the whole index, all four views, against the raw read of the same files; the full
// diagnostics pass, and heap. Usage: node --expose-gc bench/extension-bench.mjs [--dir DIR]
// (DIR defaults to the workspace bench/index-bench makes; run `npm run bench` first.)
import Module from 'node:module';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir, cpus, totalmem } from 'node:os';

const args = process.argv.slice(2);
const dirArg = args.indexOf('--dir');
const dir = resolve(dirArg >= 0 ? args[dirArg + 1] : join(tmpdir(), 'hindsight-bench-10000'));
const require = createRequire(import.meta.url);
const ROOT = resolve(new URL('..', import.meta.url).pathname);

// --- a minimal vscode stand-in: real event emitters and URIs, inert UI -------------------------------
class EventEmitter { constructor() { this.l = []; this.event = (f) => { this.l.push(f); return { dispose: () => { this.l = this.l.filter((x) => x !== f); } }; }; } fire(e) { for (const f of [...this.l]) f(e); } dispose() { this.l = []; } }
class Uri {
  constructor(path) { this.scheme = 'file'; this.path = path; this.fsPath = path; }
  static file(p) { return new Uri(p); }
  static joinPath(u, ...parts) { return new Uri(join(u.fsPath, ...parts)); }
  toString() { return 'file://' + this.path; }
}
const inert = () => new Proxy(function () {}, { get: (_t, k) => (k === 'dispose' ? () => {} : k === 'then' ? undefined : inert()), apply: () => inert() });
class Simple { constructor(...a) { this.args = a; } }
const collections = [];
const vscode = {
  EventEmitter, Uri,
  Disposable: class { constructor(f) { this.f = f; } dispose() { this.f?.(); } static from(...d) { return { dispose: () => d.forEach((x) => x.dispose()) }; } },
  RelativePattern: Simple, ThemeIcon: Simple, ThemeColor: Simple, MarkdownString: class { constructor() { this.value = ''; } appendMarkdown(s) { this.value += s; return this; } appendText(s) { this.value += s; return this; } },
  TreeItem: class { constructor(label, state) { this.label = label; this.collapsibleState = state; } },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  Diagnostic: class { constructor(range, message, severity) { Object.assign(this, { range, message, severity }); } },
  Range: class { constructor(a, b, c, d) { this.start = typeof a === 'object' ? a : { line: a, character: b }; this.end = typeof a === 'object' ? b : { line: c, character: d }; } },
  Position: class { constructor(l, c) { this.line = l; this.character = c; } },
  CodeActionKind: { QuickFix: { value: 'quickfix', contains: () => true } },
  CompletionItemKind: new Proxy({}, { get: () => 0 }), QuickPickItemKind: { Separator: -1 },
  workspace: {
    workspaceFolders: [{ uri: Uri.file(dir), name: 'bench', index: 0 }], textDocuments: [],
    getConfiguration: () => ({ get: () => undefined }),
    createFileSystemWatcher: () => ({ onDidCreate: () => ({ dispose() {} }), onDidChange: () => ({ dispose() {} }), onDidDelete: () => ({ dispose() {} }), dispose() {} }),
    onDidChangeTextDocument: () => ({ dispose() {} }), onDidGrantWorkspaceTrust: () => ({ dispose() {} }), isTrusted: true, onDidOpenTextDocument: () => ({ dispose() {} }), onDidCloseTextDocument: () => ({ dispose() {} }), onDidChangeConfiguration: () => ({ dispose() {} }),
  },
  window: {
    createOutputChannel: () => ({ info(m) { if (process.env.BENCH_LOG) console.error(m); }, warn() {}, error() {}, show() {}, dispose() {} }),
    createTreeView: () => ({ dispose() {}, reveal: async () => {} }),
    withProgress: (_o, task) => task({ report() {} }),
    registerCustomEditorProvider: () => ({ dispose() {} }), registerWebviewViewProvider: () => ({ dispose() {} }), onDidCloseTerminal: () => ({ dispose() {} }),
    onDidChangeActiveTextEditor: () => ({ dispose() {} }), activeTextEditor: undefined,
  },
  languages: {
    createDiagnosticCollection: () => {
      const m = new Map();
      const put = (u, d) => (d ? m.set(String(u), d) : m.delete(String(u)));
      const c = { set: (u, d) => (Array.isArray(u) ? u.forEach(([x, y]) => put(x, y)) : put(u, d)), has: (u) => m.has(String(u)), delete: (u) => m.delete(String(u)), clear: () => m.clear(), forEach: (f) => m.forEach((v, k) => f(Uri.file(k.slice(7)), v)), dispose() {}, size: () => m.size };
      collections.push(c); return c;
    },
    registerCompletionItemProvider: () => ({ dispose() {} }), registerHoverProvider: () => ({ dispose() {} }), registerCodeActionsProvider: () => ({ dispose() {} }),
    registerDocumentLinkProvider: () => ({ dispose() {} }), registerCodeLensProvider: () => ({ dispose() {} }),
  },
  commands: { registerCommand: () => ({ dispose() {} }), executeCommand: async () => undefined },
  env: { uiKind: 1 },
};
const origLoad = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : origLoad.call(this, request, ...rest); };

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
const storage = process.argv.includes('--warm') ? join(tmpdir(), 'hindsight-bench-storage') : undefined;
const api = ext.activate({ subscriptions: [], extensionUri: Uri.file(ROOT), storageUri: storage ? Uri.file(storage) : undefined, workspaceState: { get: () => undefined, update: async () => {} } });
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
  // Files the first read summarized with the WebAssembly scanner (the rest took the TypeScript path); none when warm.
  summarizedByWasm: api.model.lastRead?.fromBytes ?? 0,
}, null, 2));
process.exit(0);
