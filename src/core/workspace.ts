/**
 * The workspace index: one small summary per record, plus the set of all file paths (for link checks).
 * Built from texts by the fast path; keeps no YAML documents. Answers the cross-file questions the rules ask.
 */
import type { RecordSummary } from './summary';
import { indexSummary, keepLastParsed } from './summary';
import type { Policy } from './policy';
import { resolveLink } from './paths';

export class WorkspaceIndex {
  private readonly records = new Map<string, RecordSummary>();
  /** Files known to exist besides the records (a record's path is a file too: no second entry per record). */
  private readonly files = new Set<string>();
  private byId: Map<string, RecordSummary[]> | undefined;
  private sorted: RecordSummary[] | undefined;
  /** Whether the records were added in path order (a scan adds them so): then all() needs no sort. */
  private inOrder = true;
  private lastAdded: string | undefined;
  private reviewsByIncident: Map<string, RecordSummary[]> | undefined;

  constructor(public policy: Policy) {}

  /** Registers a file that exists (record or not). */
  addFile(path: string): void { if (!this.records.has(path)) this.files.add(path); }
  hasFile(path: string): boolean { return this.records.has(path) || this.files.has(path); }
  get fileCount(): number {
    let n = this.records.size;
    for (const f of this.files) if (!this.records.has(f)) n++; // a record stored after addFile
    return n;
  }

  /** Parses a file's text and stores its summary (or forgets it when it is not a record). */
  update(path: string, text: string): RecordSummary | null {
    this.files.add(path);
    const summary = indexSummary(path, text, this.policy);
    this.set(path, summary);
    return summary;
  }

  /**
   * The same for an edit (an open document's text, a file changed on disk while the workspace is open): a record
   * whose front matter stops parsing keeps what it said when it last parsed (keepLastParsed).
   */
  edit(path: string, text: string): RecordSummary | null {
    this.files.add(path);
    const summary = keepLastParsed(this.records.get(path), indexSummary(path, text, this.policy));
    this.set(path, summary);
    return summary;
  }

  set(path: string, summary: RecordSummary | null): void {
    if (summary) {
      const before = this.records.size;
      this.records.set(path, summary); // one lookup: a new key shows in the size
      if (this.inOrder && this.records.size > before) {
        if (this.lastAdded !== undefined && path < this.lastAdded) this.inOrder = false;
        this.lastAdded = path;
      }
    } else if (this.records.delete(path)) this.files.add(path); // no longer a record, still a file
    this.byId = undefined;
    this.reviewsByIncident = undefined;
    this.sorted = undefined;
  }

  remove(path: string): void {
    this.set(path, null);
    this.files.delete(path);
  }

  get(path: string): RecordSummary | undefined { return this.records.get(path); }
  /** All records by path (the array is shared until the next change: do not mutate it). */
  all(): readonly RecordSummary[] {
    if (!this.sorted) {
      // A Map keeps insertion order (a key set again keeps its place), so records added in path order are sorted.
      this.sorted = [...this.records.values()];
      if (!this.inOrder) this.sorted.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    }
    return this.sorted;
  }
  get size(): number { return this.records.size; }

  incidentsById(id: string): RecordSummary[] {
    if (!this.byId) {
      this.byId = new Map();
      for (const r of this.records.values()) {
        if (r.kind !== 'incident' || !r.id) continue;
        const l = this.byId.get(r.id);
        if (l) l.push(r); else this.byId.set(r.id, [r]);
      }
    }
    return this.byId.get(id) ?? [];
  }

  /** The incident a review's `incident:` names (an id, or a path). */
  resolveIncident(fromFile: string, ref: string): RecordSummary | undefined {
    if (ref.includes('/') || /\.md$/i.test(ref)) {
      const p = resolveLink(fromFile, ref);
      const r = p === undefined ? undefined : this.records.get(p);
      return r?.kind === 'incident' ? r : undefined;
    }
    return this.incidentsById(ref)[0];
  }

  /** Reviews whose `incident:` points at this incident. */
  reviewsFor(incident: RecordSummary): RecordSummary[] {
    if (!this.reviewsByIncident) {
      this.reviewsByIncident = new Map();
      for (const r of this.records.values()) {
        if (r.kind !== 'review' || !r.incident) continue;
        const target = this.resolveIncident(r.path, r.incident);
        if (!target) continue;
        const l = this.reviewsByIncident.get(target.path);
        if (l) l.push(r); else this.reviewsByIncident.set(target.path, [r]);
      }
    }
    return this.reviewsByIncident.get(incident.path) ?? [];
  }

  /** Records whose cross-file results may change when `path` changes (not including `path`). */
  dependents(path: string, before?: RecordSummary | null): string[] {
    const out = new Set<string>();
    for (const r of [this.records.get(path), before]) {
      if (!r) continue;
      if (r.kind === 'incident') {
        if (r.id) for (const other of this.incidentsById(r.id)) out.add(other.path);
        for (const rev of this.reviewsFor(r)) out.add(rev.path);
        if (r.review) { const p = resolveLink(r.path, r.review); if (p) out.add(p); }
      } else if (r.kind === 'review' && r.incident) {
        const inc = this.resolveIncident(r.path, r.incident);
        if (inc) out.add(inc.path);
        if (r.incident && !r.incident.includes('/')) for (const i of this.incidentsById(r.incident)) out.add(i.path);
      }
    }
    // Links to this path (runbooks, reviews) from incidents.
    for (const r of this.records.values()) {
      if (r.kind !== 'incident') continue;
      if (r.review && resolveLink(r.path, r.review) === path) out.add(r.path);
      if (r.runbooks.some((l) => resolveLink(r.path, l) === path)) out.add(r.path);
    }
    out.delete(path);
    return [...out].sort();
  }
}
