/**
 * The index saved between sessions (in the extension's workspace storage): one summary per record with the
 * file's size and mtime. Valid only for the same format version and the same policy text; a file whose size or
 * mtime differs is re-read. Never the source of truth for diagnostics: those always come from the file's text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCandidatePath, restoreSummary, WorkspaceIndex, type Policy, type RecordSummary, type RepoEntry } from '../../core/index';
import type { NodeRepoSource } from '../../node/repo';
import type { Logger } from './output';
import { fnv1a } from '../util/hash';

const FORMAT = 1;

interface Saved { format: number; policy: string; files: Record<string, [number, number, RecordSummary]> }

function hash(s: string): string {
  return fnv1a(s).toString(16) + ':' + s.length;
}

const LISTS = ['services', 'runbooks', 'authors', 'actionItems', 'alerts'] as const;

/** Summaries without their empty lists and path (a third of the bytes, a faster JSON.parse). */
function compact(r: RecordSummary): RecordSummary {
  const c: Record<string, unknown> = { ...r };
  delete c.path;
  for (const k of LISTS) if (!(c[k] as unknown[]).length) delete c[k];
  if (!Object.keys(r.milestones).length) delete c.milestones;
  return c as unknown as RecordSummary;
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
      if (c && c[0] === st.size && c[1] === st.mtimeMs) index.set(e.path, restoreSummary(e.path, c[2]));
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
        try { const st = fs.statSync(path.join(this.root, r.path)); files[r.path] = [st.size, st.mtimeMs, compact(r)]; } catch { /* gone */ }
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
