/**
 * The workspace as Hindsight sees it: the repo root, the policy (the last good one when the file breaks), the
 * index of records, and the text of each record (the open document when there is one, else the file).
 * Loads in the background; activation never waits for it. Watches files and the policy.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeBytes, defaultPolicy, loadPolicy, POLICY_PATH, scanRepoAsync, incidentsFirst, indexSummary, WorkspaceIndex, DEFAULT_MAX_BYTES, isCandidatePath, type Policy, type Problem, type RecordSummary, type ScanResult } from '../../core/index';
import { NodeRepoSource, childProcess } from '../../node/repo';
import { Disposable, pause } from '../util/dispose';
import type { Logger } from './output';
import { IndexCache } from './indexCache';

export type ModelChange = { kind: 'all' } | { kind: 'files'; paths: string[] } | { kind: 'policy' };

const IGNORED = /(^|\/)(\.git|node_modules)(\/|$)/;
/** How long after the first load the git user is looked up (see start()). */
const GIT_USER_DELAY_MS = 1000;
/**
 * For bench/vscode-paint.mjs: when set, the moments of a load (`load-start`, `incidents-read`, `index-ready`, as
 * epoch milliseconds) are appended to this file, to be set against when the workbench shows the views.
 */
const TRACE_FILE = process.env.HINDSIGHT_TRACE_FILE;
const trace = (what: string): void => { if (TRACE_FILE) { try { fs.appendFileSync(TRACE_FILE, `${what} ${Date.now()}\n`); } catch { /* a benchmark aid only */ } } };

export class HindsightModel extends Disposable {
  readonly root: vscode.Uri | undefined;
  policy: Policy = defaultPolicy();
  policyProblems: Problem[] = [];
  policyText: string | undefined;
  index: WorkspaceIndex = new WorkspaceIndex(this.policy);
  gitUser: string | undefined;
  private _ready = false;
  private loadGeneration = 0;
  private readonly _onDidChange = this._register(new vscode.EventEmitter<ModelChange>());
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidBecomeReady = this._register(new vscode.EventEmitter<void>());
  private readonly _onDidStartLoad = this._register(new vscode.EventEmitter<Promise<void>>());
  /** A (re)load of the workspace began; the promise settles when it ends (for progress in the views). */
  readonly onDidStartLoad = this._onDidStartLoad.event;
  private readonly _onDidReadIncidents = this._register(new vscode.EventEmitter<void>());
  /**
   * The first read of the workspace has read the incident folders (read first) and goes on with the rest; `index`
   * holds those incidents now and fills in until the model is ready. Only views that need no other records
   * (the Incidents view) use it; everything else waits for ready.
   */
  readonly onDidReadIncidents = this._onDidReadIncidents.event;
  private readyPromise: Promise<void>;
  private resolveReady!: () => void;
  private pending = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly cache: IndexCache | undefined;
  /** The last full read of the workspace: files read. */
  lastRead: { filesRead: number } | undefined;

  constructor(private readonly log: Logger, storage?: vscode.Uri) {
    super();
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    this.root = folder?.uri;
    this.cache = storage && this.root ? this._register(new IndexCache(path.join(storage.fsPath, 'index-v1.json'), this.root.fsPath, log)) : undefined;
    this.readyPromise = new Promise((r) => { this.resolveReady = r; });
    this._register({ dispose: () => { if (this.flushTimer) clearTimeout(this.flushTimer); } });
  }

  get ready(): boolean { return this._ready; }
  whenReady(): Promise<void> { return this.readyPromise; }
  get onDidBecomeReady(): vscode.Event<void> { return this._onDidBecomeReady.event; }

  /** Starts loading in the background and watching. Returns at once. */
  start(): void {
    if (!this.root) { this.markReady(); return; }
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.root, '**/*')));
    const onFs = (uri: vscode.Uri) => { const rel = this.relPath(uri); if (rel !== undefined && !IGNORED.test(rel)) this.queue(rel); };
    this._register(watcher.onDidCreate(onFs));
    this._register(watcher.onDidChange(onFs));
    this._register(watcher.onDidDelete(onFs));
    // `by:` for the events Hindsight logs. Loading child_process (with net and stream) and spawning git cost this
    // thread ~20 ms: not in activation, and not while the views are first painted either (a second after the first
    // load; until then events are logged without `by:`, as when git has no user.name).
    const cwd = this.root.fsPath;
    void this.readyPromise.then(() => {
      const timer = setTimeout(() => {
        if (!this.isDisposed) childProcess().execFile('git', ['config', 'user.name'], { cwd, timeout: 3000 }, (err, out) => { if (!err) this.gitUser = String(out).trim() || undefined; });
      }, GIT_USER_DELAY_MS);
      this._register({ dispose: () => clearTimeout(timer) });
    });
    setTimeout(() => { void this.reload(); }, 0);
  }

  private markReady(): void {
    if (this._ready) return;
    this._ready = true;
    this.resolveReady();
    this._onDidBecomeReady.fire();
  }

  /**
   * Re-reads the policy and every file, in batches. With a saved index (same extension version and policy),
   * the tree is ready after a walk and a stat per file; only files whose size or mtime changed are re-read.
   */
  reload(): Promise<void> {
    const p = this.load();
    this._onDidStartLoad.fire(p);
    return p;
  }

  private async load(): Promise<void> {
    if (!this.root) return;
    const gen = ++this.loadGeneration;
    const t0 = Date.now();
    trace('load-start');
    this.readPolicy();
    const src = new NodeRepoSource(this.root.fsPath);
    const cancelled = () => gen !== this.loadGeneration || this.isDisposed;
    const restored = this.cache?.restore(src, this.policy, this.policyText ?? '');
    if (restored) {
      this.index = restored.index;
      this.applyOpenDocuments();
      this.log.info(`restored ${restored.index.size - restored.stale.length} records from the saved index in ${Date.now() - t0} ms; re-reading ${restored.stale.length} changed files`);
      this.markReady();
      this._onDidChange.fire({ kind: 'all' });
      trace('index-ready');
      if (!restored.stale.length) return;
      const r = await scanRepoAsync(src, this.policy, { pause, cancelled, entries: restored.stale, index: this.index });
      if (!r || cancelled()) return;
      for (const p of r.readProblems) this.log.warn(`${p.file}: ${p.message}`);
      this.cache?.scheduleSave(() => this.index, this.policyText ?? '');
      this._onDidChange.fire({ kind: 'files', paths: restored.stale.map((e) => e.path) });
      return;
    }
    // The first read (nothing shown yet) reads the incident folders first and shows the Incidents view from them;
    // a reload keeps the views on the previous index until the new one is complete.
    if (this._ready) return this.loaded(await scanRepoAsync(src, this.policy, { pause, cancelled }), cancelled, t0);
    const order = incidentsFirst(src.list(), this.policy);
    const index = new WorkspaceIndex(this.policy);
    const reached = () => {
      if (cancelled()) return;
      this.log.info(`read the ${index.size} records of the incident folders in ${Date.now() - t0} ms; the Incidents view shows them while the rest is read`);
      this.index = index;
      this.applyOpenDocuments();
      this._onDidReadIncidents.fire();
      trace('incidents-read');
    };
    const result = await scanRepoAsync(src, this.policy, { pause, cancelled, entries: order.entries, index, checkpoint: { at: order.incidents, reached } });
    return this.loaded(result, cancelled, t0);
  }

  private loaded(result: ScanResult | undefined, cancelled: () => boolean, t0: number): void {
    if (!result || cancelled()) return;
    this.index = result.index;
    this.cache?.scheduleSave(() => this.index, this.policyText ?? '');
    this.applyOpenDocuments();
    for (const p of result.readProblems) this.log.warn(`${p.file}: ${p.message}`);
    this.lastRead = { filesRead: result.filesRead };
    this.log.info(`indexed ${this.index.size} records (${result.filesRead} files read) in ${Date.now() - t0} ms; policy: ${this.policy.source}`);
    this.markReady();
    this._onDidChange.fire({ kind: 'all' });
    trace('index-ready');
  }

  /** Open documents win over the disk. */
  private applyOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) {
      const rel = this.relPath(doc.uri);
      if (rel !== undefined && isCandidatePath(rel, this.policy)) this.index.set(rel, indexSummary(rel, doc.getText(), this.policy));
    }
  }

  /** Reads the policy; a broken one keeps the last good policy (or the default) and is reported. */
  private readPolicy(): void {
    const file = path.join(this.root!.fsPath, POLICY_PATH);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    let text: string | undefined;
    if (doc) text = doc.getText();
    else { try { text = fs.readFileSync(file, 'utf8'); } catch { text = undefined; } }
    this.policyText = text;
    if (text === undefined) { this.policy = defaultPolicy(); this.policyProblems = []; return; }
    const r = loadPolicy(text, POLICY_PATH);
    this.policyProblems = r.problems;
    if (r.usable) this.policy = r.policy;
    else this.log.warn(`.hindsight/policy.yaml cannot be used (${r.problems[0]?.message}); keeping the ${this.policy.source === 'built-in' ? 'built-in' : 'last good'} policy`);
  }

  relPath(uri: vscode.Uri): string | undefined {
    if (!this.root || uri.scheme !== 'file') return undefined;
    const rel = path.relative(this.root.fsPath, uri.fsPath);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  uriOf(rel: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root!, ...rel.split('/'));
  }

  /** The text of a record: the open document, else the file (undefined when unreadable, binary or too large). */
  textOf(rel: string): string | undefined {
    const uri = this.uriOf(rel);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc) return doc.getText();
    try {
      const st = fs.statSync(uri.fsPath);
      if (st.size > DEFAULT_MAX_BYTES) return undefined;
      const d = decodeBytes(fs.readFileSync(uri.fsPath));
      return d.ok ? d.text : undefined;
    } catch { return undefined; }
  }

  /** A document's text changed (typed, opened): update its summary; returns the records to revalidate. */
  updateFromText(rel: string, text: string): string[] {
    if (rel === POLICY_PATH) { this.readPolicy(); this.reindexAll(); return []; }
    if (!isCandidatePath(rel, this.policy)) return [rel];
    const before = this.index.get(rel) ?? null;
    const after = indexSummary(rel, text, this.policy);
    this.index.set(rel, after);
    this.index.addFile(rel);
    const crossFileChanged = JSON.stringify(crossFacts(before)) !== JSON.stringify(crossFacts(after));
    const affected = [rel, ...(crossFileChanged ? this.index.dependents(rel, before) : [])];
    if (JSON.stringify(before) !== JSON.stringify(after)) this._onDidChange.fire({ kind: 'files', paths: [] }); // views only
    return affected;
  }

  private reindexAll(): void {
    void this.reload();
  }

  private queue(rel: string): void {
    this.pending.add(rel);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), 100);
  }

  /** File system changes, batched (a git checkout changes many files at once). */
  private flush(): void {
    this.flushTimer = undefined;
    const paths = [...this.pending];
    this.pending.clear();
    if (!this._ready) return; // the running load will see them
    if (paths.includes(POLICY_PATH)) { this.readPolicy(); void this.reload(); this._onDidChange.fire({ kind: 'policy' }); return; }
    if (paths.length > 500) { void this.reload(); return; }
    const affected = new Set<string>();
    for (const rel of paths) {
      const before = this.index.get(rel) ?? null;
      const exists = fs.existsSync(this.uriOf(rel).fsPath);
      if (!exists) this.index.remove(rel);
      else if (isCandidatePath(rel, this.policy)) {
        const text = this.textOf(rel);
        if (text === undefined) { this.index.set(rel, null); this.index.addFile(rel); }
        else this.index.update(rel, text);
      } else this.index.addFile(rel);
      affected.add(rel);
      for (const d of this.index.dependents(rel, before)) affected.add(d);
    }
    this._onDidChange.fire({ kind: 'files', paths: [...affected] });
    this.cache?.scheduleSave(() => this.index, this.policyText ?? '');
  }

  records(): readonly RecordSummary[] { return this.index.all(); }
}

function crossFacts(r: RecordSummary | null): unknown {
  if (!r) return null;
  return [r.kind, r.id, r.review, r.incident, r.runbooks, r.severity, r.milestones.resolved];
}
