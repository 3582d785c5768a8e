/**
 * The index saved between sessions (in the extension's workspace storage): one summary per record with the
 * file's size and mtime. Valid only for the same format version and the same policy text; a file whose size or
 * mtime differs is re-read. Never the source of truth for diagnostics: those always come from the file's text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCandidatePath, restoreSummary, savedSummary, WorkspaceIndex, type Policy, type RepoEntry } from '../../core/index';
import type { NodeRepoSource } from '../../node/repo';
import type { Logger } from './output';
import { fnv1a } from '../util/hash';

const FORMAT = 2;

/** Per file: its size, its mtime and its summary as savedSummary() writes it. */
interface Saved { format: number; policy: string; files: Record<string, [number, number, unknown]> }
/** A file restored from the saved index, with the size and mtime saved with its summary. */
export interface Unverified { path: string; size: number; mtimeMs: number }

function hash(s: string): string {
  return fnv1a(s).toString(16) + ':' + s.length;
}

export class IndexCache {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly file: string, private readonly root: string, private readonly log: Logger) {}

  /**
   * The saved index for the files there are now (one walk, no file opened): each candidate file with a saved
   * summary is restored as it was saved and listed in `unverified` with the size and mtime saved with it (see
   * verify()); `stale` are the files to read (new ones, links: the scan reports those). A file gone since is not
   * restored. Undefined when there is no saved index for this format and policy.
   */
  restore(src: NodeRepoSource, policy: Policy, policyText: string): { index: WorkspaceIndex; stale: RepoEntry[]; unverified: Unverified[] } | undefined {
    let saved: Saved;
    try { saved = JSON.parse(fs.readFileSync(this.file, 'utf8')); } catch { return undefined; }
    if (saved.format !== FORMAT || saved.policy !== hash(policyText)) return undefined;
    const index = new WorkspaceIndex(policy);
    const stale: RepoEntry[] = [];
    const unverified: Unverified[] = [];
    for (const e of src.list()) {
      // A restored record is a known file through its summary; every other file is registered as one.
      if (e.link || e.special) { index.addFile(e.path); stale.push(e); continue; } // never opened: the scan reports it where records are
      if (!isCandidatePath(e.path, policy)) { index.addFile(e.path); continue; }
      const c = saved.files[e.path];
      const summary = c ? restoreSummary(e.path, c[2]) : undefined;
      if (summary) { index.set(e.path, summary); unverified.push({ path: e.path, size: c[0], mtimeMs: c[1] }); }
      else { index.addFile(e.path); stale.push(e); }
    }
    return { index, stale, unverified };
  }

  /**
   * Which restored files changed since they were saved (their size or mtime differs: to read again) or are gone,
   * a `stat` each, in slices of about 10 ms with `pause()` between them. Undefined when cancelled.
   */
  async verify(files: readonly Unverified[], opts: { pause: () => Promise<void>; cancelled: () => boolean }): Promise<{ changed: RepoEntry[]; gone: string[] } | undefined> {
    const changed: RepoEntry[] = [], gone: string[] = [];
    let sliceEnd = Date.now() + 10;
    for (let i = 0; i < files.length; i++) {
      if ((i & 63) === 0 && i > 0 && Date.now() >= sliceEnd) {
        await opts.pause();
        if (opts.cancelled()) return undefined;
        sliceEnd = Date.now() + 10;
      }
      const f = files[i];
      const st = fs.statSync(this.root + path.sep + f.path, { throwIfNoEntry: false });
      if (!st) gone.push(f.path);
      else if (st.size !== f.size || st.mtimeMs !== f.mtimeMs) changed.push({ path: f.path, size: st.size });
    }
    return { changed, gone };
  }

  /** Saves a few seconds after the last change, off the keystroke path. */
  scheduleSave(index: () => WorkspaceIndex, policyText: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; this.save(index(), policyText); }, 3000);
  }

  save(index: WorkspaceIndex, policyText: string): void {
    try {
      const files: Saved['files'] = {};
      for (const r of index.all()) {
        if (r.lastParsed) continue; // what it said before an edit broke it: the next open reads the file
        try { const st = fs.statSync(path.join(this.root, r.path)); files[r.path] = [st.size, st.mtimeMs, savedSummary(r)]; } catch { /* gone */ }
      }
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ format: FORMAT, policy: hash(policyText), files } satisfies Saved));
      fs.renameSync(tmp, this.file);
    } catch (e) {
      this.log.warn(`could not save the index: ${(e as Error).message}`);
    }
  }

  dispose(): void { if (this.timer) clearTimeout(this.timer); }
}
