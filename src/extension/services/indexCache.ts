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

function hash(s: string): string {
  return fnv1a(s).toString(16) + ':' + s.length;
}

export class IndexCache {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly file: string, private readonly root: string, private readonly log: Logger) {}

  restore(src: NodeRepoSource, policy: Policy, policyText: string): { index: WorkspaceIndex; stale: RepoEntry[] } | undefined {
    let saved: Saved;
    try { saved = JSON.parse(fs.readFileSync(this.file, 'utf8')); } catch { return undefined; }
    if (saved.format !== FORMAT || saved.policy !== hash(policyText)) return undefined;
    const index = new WorkspaceIndex(policy);
    const stale: RepoEntry[] = [];
    for (const e of src.list()) {
      // A restored record is a known file through its summary; every other file is registered as one.
      if (e.link) { index.addFile(e.path); stale.push(e); continue; } // never followed: the scan reports it where records are
      if (!isCandidatePath(e.path, policy)) { index.addFile(e.path); continue; }
      let st: fs.Stats;
      try { st = fs.statSync(path.join(this.root, e.path)); } catch { index.addFile(e.path); continue; }
      const c = saved.files[e.path];
      const summary = c && c[0] === st.size && c[1] === st.mtimeMs ? restoreSummary(e.path, c[2]) : undefined;
      if (summary) index.set(e.path, summary);
      else { index.addFile(e.path); stale.push({ path: e.path, size: st.size }); }
    }
    return { index, stale };
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
