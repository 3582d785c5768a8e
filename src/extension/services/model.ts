/**
 * The workspace as Hindsight sees it: the repo root, the policy (the last good one when the file breaks), the
 * index of records, and the text of each record (the open document when there is one, else the file).
 * Loads in the background; activation never waits for it. Watches files and the policy.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeBytes, defaultPolicy, loadPolicy, POLICY_PATH, scanRepo, scanRepoAsync, incidentsFirst, indexSummary, WorkspaceIndex, DEFAULT_MAX_BYTES, isCandidatePath, type Policy, type Problem, type RecordSummary, type ScanResult } from '../../core/index';
import { NodeRepoSource, childProcess, gitExecutable, readRepoFile } from '../../node/repo';
import { Disposable, KeyedDebouncer, pause } from '../util/dispose';
import { logRejection, type Logger } from './output';
import { IndexCache } from './indexCache';

/**
 * What changed. `all`: a (re)load replaced the index. `policy`: the policy was read again (a reload follows).
 * `files`: `paths` are the files whose text changed on disk or in an open document, plus the records that depend
 * on them (what to validate again); `summaries` are those whose summary in the index changed (what the views show).
 */
export type ModelChange = { kind: 'all' } | { kind: 'files'; paths: string[]; summaries: string[] } | { kind: 'policy' };

/** How long after the last keystroke an open document's text is taken into the index. */
const OVERLAY_DEBOUNCE_MS = 150;

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
  // The state, read-only from outside (getters below): only the model's loads, watchers and overlay change it.
  private _policy: Policy = defaultPolicy();
  private _policyProblems: Problem[] = [];
  private _policyText: string | undefined;
  private _index: WorkspaceIndex = new WorkspaceIndex(this._policy);
  private _gitUser: string | undefined;
  private _lastRead: { filesRead: number } | undefined;
  private readonly overlay = this._register(new KeyedDebouncer(OVERLAY_DEBOUNCE_MS));
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
  /** Files where records are that cannot be read as one (binary, too large, a symlink ...), as the CLI reports them. */
  private readonly _readProblems = new Map<string, Problem>();

  constructor(private readonly log: Logger, storage?: vscode.Uri) {
    super();
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    this.root = folder?.uri;
    this.cache = storage && this.root ? this._register(new IndexCache(path.join(storage.fsPath, 'index-v1.json'), this.root.fsPath, log)) : undefined;
    this.readyPromise = new Promise((r) => { this.resolveReady = r; });
    this._register({ dispose: () => { if (this.flushTimer) clearTimeout(this.flushTimer); } });
  }

  get policy(): Policy { return this._policy; }
  /** Problems of .hindsight/policy.yaml (its diagnostics). */
  get policyProblems(): readonly Problem[] { return this._policyProblems; }
  get policyText(): string | undefined { return this._policyText; }
  /** The index of records: the files on disk, overlaid with the text of open documents (unsaved edits too). */
  get index(): WorkspaceIndex { return this._index; }
  /** git's user.name, for `by:` in the events Hindsight logs (looked up after the first read). */
  get gitUser(): string | undefined { return this._gitUser; }
  /** The last full read of the workspace: files read. */
  get lastRead(): { readonly filesRead: number } | undefined { return this._lastRead; }

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
    // The overlay: open documents (unsaved edits included) win over the disk, a moment after the last keystroke;
    // a closed document's unsaved changes are gone, so its file's text is read again.
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onDocument(e.document)));
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.onDocument(d)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      const rel = this.relPath(d.uri);
      if (rel === undefined || !this._ready) return;
      const text = this.textOf(rel);
      if (text !== undefined) this.applyText(rel, text);
    }));
    // `by:` for the events Hindsight logs. Loading child_process (with net and stream) and spawning git cost this
    // thread ~20 ms: not in activation, and not while the views are first painted either (a second after the first
    // load; until then events are logged without `by:`, as when git has no user.name).
    const cwd = this.root.fsPath;
    void this.readyPromise.then(() => {
      const timer = setTimeout(() => {
        // Not in Restricted Mode (git reads the workspace's config), and git by its absolute path from PATH.
        const git = this.isDisposed || !vscode.workspace.isTrusted ? undefined : gitExecutable();
        if (git) childProcess().execFile(git, ['config', 'user.name'], { cwd, timeout: 3000 }, (err, out) => { if (!err) this._gitUser = String(out).trim() || undefined; });
      }, GIT_USER_DELAY_MS);
      this._register({ dispose: () => clearTimeout(timer) });
    });
    setTimeout(() => { void this.reload(); }, 0);
  }

  private onDocument(doc: vscode.TextDocument): void {
    const rel = this.relPath(doc.uri);
    if (rel === undefined) return;
    // Before the model is ready the running load takes the open documents' text when it ends.
    this.overlay.trigger(rel, () => { if (this._ready) this.applyText(rel, doc.getText()); });
  }

  private markReady(): void {
    if (this._ready) return;
    this._ready = true;
    this.resolveReady();
    this._onDidBecomeReady.fire();
  }

  /**
   * Re-reads the policy and every file, in batches. On the first load, with a saved index (same format and
   * policy), the views show it after a walk; then a stat per file finds what changed, and only that is read again.
   */
  reload(): Promise<void> {
    const p = this.load();
    logRejection(this.log, 'reading the workspace', p);
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
    // The saved index only when nothing is shown yet: a reload (Refresh, a policy change, a large checkout) reads
    // every file while the views keep the index they show.
    const restored = this._ready ? undefined : this.cache?.restore(src, this.policy, this.policyText ?? '');
    if (restored) {
      // The views show the saved index at once; then each restored file's size and mtime is checked (a stat each,
      // in slices) and what changed since is read again, with the new files. Until then a file edited while the
      // window was closed shows as it was saved; a file gone is not shown (the walk did not find it).
      this._index = restored.index;
      this.applyOpenDocuments();
      this.markReady();
      this._onDidChange.fire({ kind: 'all' });
      trace('index-ready');
      const checked = await this.cache!.verify(restored.unverified, { pause, cancelled });
      if (!checked || cancelled()) return;
      const toRead = [...restored.stale, ...checked.changed];
      const before = new Map<string, RecordSummary | null>();
      for (const e of checked.changed) before.set(e.path, this.index.get(e.path) ?? null);
      for (const p of checked.gone) { before.set(p, this.index.get(p) ?? null); this.index.remove(p); }
      this.log.info(`restored ${restored.unverified.length} records from the saved index and checked them in ${Date.now() - t0} ms; reading ${toRead.length} file${toRead.length === 1 ? '' : 's'} changed since or not in it (new, or not readable as a record)${checked.gone.length ? `; ${checked.gone.length} gone` : ''}`);
      if (!toRead.length && !checked.gone.length) return;
      const r = await scanRepoAsync(src, this.policy, { pause, cancelled, entries: toRead, index: this.index });
      if (!r || cancelled()) return;
      const paths = [...toRead.map((e) => e.path), ...checked.gone];
      for (const p of paths) this._readProblems.delete(p);
      this.noteReadProblems(r.readProblems, false);
      this.applyOpenDocuments(); // an open document wins over the file read again
      this.cache?.scheduleSave(() => this.index, this.policyText ?? '');
      // What to validate again: these files and the records that depend on them, before and after.
      const affected = new Set(paths);
      for (const p of paths) for (const d of this.index.dependents(p, before.get(p))) affected.add(d);
      this._onDidChange.fire({ kind: 'files', paths: [...affected], summaries: paths });
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
      this._index = index;
      this.applyOpenDocuments();
      this._onDidReadIncidents.fire();
      trace('incidents-read');
    };
    const result = await scanRepoAsync(src, this.policy, { pause, cancelled, entries: order.entries, index, checkpoint: { at: order.incidents, reached } });
    return this.loaded(result, cancelled, t0);
  }

  private loaded(result: ScanResult | undefined, cancelled: () => boolean, t0: number): void {
    if (!result || cancelled()) return;
    this._index = result.index;
    this.cache?.scheduleSave(() => this.index, this.policyText ?? '');
    this.applyOpenDocuments();
    this.noteReadProblems(result.readProblems, true);
    this._lastRead = { filesRead: result.filesRead };
    this.log.info(`indexed ${this.index.size} records (${result.filesRead} files read) in ${Date.now() - t0} ms; policy: ${this.policy.source}`);
    this.markReady();
    this._onDidChange.fire({ kind: 'all' });
    trace('index-ready');
  }

  /** Open documents win over the disk. */
  private applyOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) {
      const rel = this.relPath(doc.uri);
      if (rel !== undefined && isCandidatePath(rel, this.policy) && doc.getText().length <= DEFAULT_MAX_BYTES && !this.unreadable(rel)) this.index.set(rel, indexSummary(rel, doc.getText(), this.policy));
    }
  }

  /** Reads the policy; a broken one keeps the last good policy (or the default) and is reported. */
  private readPolicy(): void {
    const file = path.join(this.root!.fsPath, POLICY_PATH);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    let text: string | undefined;
    if (doc) text = doc.getText();
    else {
      // Only a regular file inside the workspace, at most 1 MB (never a FIFO, a device or a link outside it).
      try { text = readRepoFile(this.root!.fsPath, POLICY_PATH); } catch (e) {
        text = undefined;
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.log.warn(`.hindsight/policy.yaml not read: ${(e as Error).message}; using the built-in policy`);
          this._policyText = undefined; this._policy = defaultPolicy();
          this._policyProblems = [{ file: POLICY_PATH, start: 0, end: 0, severity: 'error', code: 'policy-invalid', message: `The policy file could not be read: ${(e as Error).message}` }];
          return;
        }
      }
    }
    this._policyText = text;
    if (text === undefined) { this._policy = defaultPolicy(); this._policyProblems = []; return; }
    const r = loadPolicy(text, POLICY_PATH);
    this._policyProblems = r.problems;
    if (r.usable) this._policy = r.policy;
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
      // Never through a link (the CLI does not either), and judged on the open descriptor: a file swapped for a
      // FIFO between a check and the read would block this thread (O_NONBLOCK), a link is refused (O_NOFOLLOW).
      const fd = fs.openSync(uri.fsPath, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
      try {
        const st = fs.fstatSync(fd);
        if (!st.isFile() || st.size > DEFAULT_MAX_BYTES) return undefined;
        const d = decodeBytes(fs.readFileSync(fd));
        return d.ok ? d.text : undefined;
      } finally { fs.closeSync(fd); }
    } catch { return undefined; }
  }

  /** An open document's text (typed, opened, closed): its summary in the index, and a change event saying what changed. */
  private applyText(rel: string, text: string): void {
    if (rel === POLICY_PATH) { this.readPolicy(); this._onDidChange.fire({ kind: 'policy' }); void this.reload(); return; }
    if (!isCandidatePath(rel, this.policy) || this.unreadable(rel)) { this._onDidChange.fire({ kind: 'files', paths: [rel], summaries: [] }); return; }
    const before = this.index.get(rel) ?? null;
    // Over the size cap, an open document is not read (the diagnostics say so); the index keeps what the disk gave.
    const after = text.length > DEFAULT_MAX_BYTES ? before : this.index.edit(rel, text);
    const crossFileChanged = JSON.stringify(crossFacts(before)) !== JSON.stringify(crossFacts(after));
    const paths = [rel, ...(crossFileChanged ? this.index.dependents(rel, before) : [])];
    this._onDidChange.fire({ kind: 'files', paths, summaries: JSON.stringify(before) !== JSON.stringify(after) ? [rel] : [] });
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
    const src = new NodeRepoSource(this.root!.fsPath);
    for (const rel of paths) {
      const before = this.index.get(rel) ?? null;
      const entry = src.entryOf(rel);
      this._readProblems.delete(rel);
      if (!entry) this.index.remove(rel);
      else if (entry.link || isCandidatePath(rel, this.policy)) {
        const text = entry.link ? undefined : this.textOf(rel);
        if (text !== undefined) this.index.edit(rel, text);
        else {
          // Not readable as a record (a link, binary, too large): read as the CLI reads it, to report the same.
          this.index.set(rel, null);
          this.noteReadProblems(scanRepo(src, this.policy, { entries: [entry], index: this.index }).readProblems, false);
          this.index.addFile(rel);
        }
      } else this.index.addFile(rel);
      affected.add(rel);
      for (const d of this.index.dependents(rel, before)) affected.add(d);
    }
    this._onDidChange.fire({ kind: 'files', paths: [...affected], summaries: paths });
    this.cache?.scheduleSave(() => this.index, this.policyText ?? '');
  }

  records(): readonly RecordSummary[] { return this.index.all(); }

  /** A file the read refused (a link, binary ...): an open document of it is not read as a record either. */
  private unreadable(rel: string): boolean { return this._readProblems.get(rel)?.code === 'file-unreadable'; }

  /** The problem of a file that cannot be read as a record (file-unreadable ...), as `hindsight validate` reports it. */
  readProblemOf(rel: string): Problem | undefined { return this._readProblems.get(rel); }
  /** Every file with such a problem. */
  readProblemPaths(): readonly string[] { return [...this._readProblems.keys()]; }

  private noteReadProblems(problems: readonly Problem[], replaceAll: boolean): void {
    if (replaceAll) this._readProblems.clear();
    for (const p of problems) { this._readProblems.set(p.file, p); this.log.warn(`${p.file}: ${p.message}`); }
  }
}

function crossFacts(r: RecordSummary | null): unknown {
  if (!r) return null;
  return [r.kind, r.id, r.review, r.incident, r.runbooks, r.severity, r.milestones.resolved];
}

/** Whether a change can change what the views show (the summaries in the index, the policy): not a keystroke that left the summary as it was. */
export function changesSummaries(c: ModelChange): boolean {
  return c.kind !== 'files' || c.summaries.length > 0;
}
