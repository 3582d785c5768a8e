/**
 * Reading a whole repo through a small platform interface: index every record, validate every record.
 * Each file is read once; texts are kept only for the validation pass that needs them.
 */
import { decodeBytes, type DecodeResult } from './text';
import { isCandidatePath, folderKind, parseRecord, classify } from './record';
import { summarize, indexSummary } from './summary';
import { splitFrontMatter } from './frontmatter';
import { parseYaml, get, scalarText } from './yaml/index';
import { WorkspaceIndex } from './workspace';
import { validateRecord, sortProblems } from './validate';
import type { Policy } from './policy';
import type { Problem } from './problem';

/** A file of the repo; `size` when the listing knows it cheaply; `link`: a symbolic link (never followed, reported in record folders). */
export interface RepoEntry { path: string; size?: number; link?: true; /** a FIFO, socket or device: never opened, reported in record folders */ special?: true }

/** What the core needs from a platform: the repo's files (repo-relative, forward slashes) and their bytes. */
export interface RepoSource {
  list(): RepoEntry[];
  /** The file's bytes; at most `maxBytes` of them (its head) when given. */
  read(path: string, maxBytes?: number): Uint8Array;
  /** Optional fast path: the file decoded, unless it is larger than `maxBytes` (then only its size). */
  readText?(path: string, maxBytes: number): { size: number; decoded?: DecodeResult };
}

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export interface ScanResult {
  index: WorkspaceIndex;
  /** Record texts by path (only when asked to keep them). */
  texts: Map<string, string>;
  /** Problems found while reading: skipped files, bad encodings. */
  readProblems: Problem[];
  filesRead: number;
}

function headDeclaresRecord(bytes: Uint8Array): boolean {
  const d = decodeBytes(bytes.subarray(0, 65536));
  if (!d.ok) return false;
  const split = splitFrontMatter(d.text);
  if (split.kind !== 'yaml' || !split.content) return false;
  const y = parseYaml(d.text, split.content.start, split.content.end);
  const t = scalarText(get(y.root?.type === 'map' ? y.root : null, 'type'));
  return t === 'incident' || t === 'runbook' || t === 'review';
}

interface ScanState { index: WorkspaceIndex; texts: Map<string, string>; readProblems: Problem[]; filesRead: number }

function skipped(st: ScanState, path: string, message: string, code = 'file-skipped'): void {
  st.readProblems.push({ file: path, start: 0, end: 0, severity: 'warning', code, message });
}

/** A file of a record folder (or one that declares itself a record) that cannot be read as a record: an error, so CI cannot be slipped past. */
function unreadable(st: ScanState, path: string, message: string): void {
  st.readProblems.push({ file: path, start: 0, end: 0, severity: 'error', code: 'file-unreadable', message });
}

function tooLarge(src: RepoSource, st: ScanState, path: string, size: number, policy: Policy, maxBytes: number): void {
  if (folderKind(path, policy) !== null || headDeclaresRecord(src.read(path, 65536))) {
    unreadable(st, path, `File is ${(size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit for records; not read`);
  }
}

function scanEntry(src: RepoSource, entry: RepoEntry, policy: Policy, st: ScanState, keepTexts: boolean, maxBytes: number): void {
  // A record's path is known as a file through its summary; other files are registered as files (and, read
  // again into an index that had a summary for it, lose it: a file that became binary is no record any more).
  if (!readEntry(src, entry, policy, st, keepTexts, maxBytes)) { if (st.index.get(entry.path)) st.index.set(entry.path, null); st.index.addFile(entry.path); }
}

/** Reads one file of the scan; true when it stored a record's summary. */
function readEntry(src: RepoSource, entry: RepoEntry, policy: Policy, st: ScanState, keepTexts: boolean, maxBytes: number): boolean {
  if (entry.link) {
    // Never followed (it could point anywhere); reported where a record could be: a record folder, or a link that is one.
    if (folderKind(entry.path + '/', policy) !== null) unreadable(st, entry.path, 'A symbolic link where records are; not followed: records and record folders must be real files and folders in the repo');
    return false;
  }
  if (!isCandidatePath(entry.path, policy)) return false;
  if (entry.special) {
    if (folderKind(entry.path, policy) !== null) unreadable(st, entry.path, 'Not a regular file (a FIFO, socket or device) where records are; not read');
    return false;
  }
  if (entry.size !== undefined && entry.size > maxBytes) { tooLarge(src, st, entry.path, entry.size, policy, maxBytes); return false; }
  let decoded: DecodeResult;
  try {
    if (src.readText) {
      const r = src.readText(entry.path, maxBytes);
      if (!r.decoded) { tooLarge(src, st, entry.path, r.size, policy, maxBytes); return false; }
      decoded = r.decoded;
    } else {
      const bytes = src.read(entry.path, maxBytes + 1);
      if (bytes.length > maxBytes) { tooLarge(src, st, entry.path, entry.size ?? bytes.length, policy, maxBytes); return false; }
      decoded = decodeBytes(bytes);
    }
  } catch (e) {
    // A name that is not UTF-8 comes from the listing with U+FFFD in place of its bytes: no file has that name.
    const message = (e as { code?: string }).code === 'ENOENT' && entry.path.includes('\uFFFD')
      ? 'File name is not valid UTF-8 (its bytes are shown as U+FFFD), so it cannot be opened by name: rename it'
      : `File could not be read: ${(e as Error).message}`;
    if (folderKind(entry.path, policy) !== null) unreadable(st, entry.path, message); else skipped(st, entry.path, message);
    return false;
  }
  st.filesRead++;
  if (!decoded.ok) { if (folderKind(entry.path, policy) !== null) unreadable(st, entry.path, 'File is binary (a NUL byte in its first 8 KB); not read as a record'); return false; }
  // The index needs summaries only: a shallow parse, unless the texts are kept for validation anyway.
  const summary = keepTexts ? summarize(parseRecord(entry.path, decoded.text, policy)) : indexSummary(entry.path, decoded.text, policy);
  st.index.set(entry.path, summary);
  if (!summary) return false;
  if (decoded.invalidUtf8) skipped(st, entry.path, 'File is not valid UTF-8; invalid bytes are shown as U+FFFD and the file is never rewritten by Hindsight', 'invalid-encoding');
  if (keepTexts) st.texts.set(entry.path, decoded.text);
  return true;
}

/** Reads the repo (or only `entries`, into `index`): summaries into the index, problems of files that cannot be read as records. */
export function scanRepo(src: RepoSource, policy: Policy, opts: { keepTexts?: boolean; maxBytes?: number; entries?: readonly RepoEntry[]; index?: WorkspaceIndex } = {}): ScanResult {
  const st: ScanState = { index: opts.index ?? new WorkspaceIndex(policy), texts: new Map(), readProblems: [], filesRead: 0 };
  for (const entry of opts.entries ?? src.list()) scanEntry(src, entry, policy, st, !!opts.keepTexts, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  return st;
}

/**
 * The same as scanRepo, in slices of about `sliceMs` (default 10 ms), awaiting `pause()` between them so that an
 * editor stays responsive. (A fixed number of files per slice was either too long for slow files or far more
 * pauses than needed for fast ones.)
 */
export async function scanRepoAsync(src: RepoSource, policy: Policy, opts: {
  pause: () => Promise<void>; sliceMs?: number; maxBytes?: number; cancelled?: () => boolean;
  /** Only these entries (default: all of src.list()), into this index (default: a new one). */
  entries?: RepoEntry[]; index?: WorkspaceIndex;
  /** The clock (tests); default Date.now. */
  now?: () => number;
  /**
   * Called once when the first `at` entries have been read (with 0 < at <= entries), followed by a pause: the
   * extension shows the Incidents view as soon as the incident folders, listed first, are read.
   */
  checkpoint?: { at: number; reached: (st: ScanResult) => void };
}): Promise<ScanResult | undefined> {
  const st: ScanState = { index: opts.index ?? new WorkspaceIndex(policy), texts: new Map(), readProblems: [], filesRead: 0 };
  const entries = opts.entries ?? src.list();
  const now = opts.now ?? Date.now;
  const sliceMs = opts.sliceMs ?? 10;
  let sliceEnd = now() + sliceMs;
  const cp = opts.checkpoint && opts.checkpoint.at > 0 && opts.checkpoint.at <= entries.length ? opts.checkpoint : undefined;
  for (let i = 0; i < entries.length; i++) {
    // At the checkpoint, what waits for it (a view asking for its items) runs before the scan goes on. Otherwise
    // the clock is read every 16 files (a file takes ~20 us; one over 1 MB takes a few ms).
    const atCheckpoint = cp !== undefined && i === cp.at;
    if (atCheckpoint) cp.reached(st);
    if (atCheckpoint || ((i & 15) === 0 && i > 0 && now() >= sliceEnd)) {
      await opts.pause();
      if (opts.cancelled?.()) return undefined;
      sliceEnd = now() + sliceMs;
    }
    scanEntry(src, entries[i], policy, st, false, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  }
  if (cp && cp.at === entries.length) cp.reached(st);
  return st;
}

/**
 * The entries under the policy's incident folders first (each part keeps its order), and how many those are:
 * reading them first lets the Incidents view show before the rest of the workspace is read. It is complete
 * then unless a file elsewhere declares `type: incident` (that one appears when the read ends).
 */
export function incidentsFirst(entries: readonly RepoEntry[], policy: Policy): { entries: RepoEntry[]; incidents: number } {
  const first: RepoEntry[] = [], rest: RepoEntry[] = [];
  for (let i = 0; i < entries.length; i++) (folderKind(entries[i].path, policy) === 'incident' ? first : rest).push(entries[i]);
  const n = first.length;
  for (let i = 0; i < rest.length; i++) first.push(rest[i]);
  return { entries: first, incidents: n };
}

/** Validates the records of a scan (all of them, or those `only` accepts) with the cross-file rules. */
export function validateScan(scan: ScanResult, policy: Policy, opts: { now?: number; only?: (path: string) => boolean } = {}): { problems: Problem[]; checked: number } {
  const problems: Problem[] = [];
  let checked = 0;
  for (const p of scan.readProblems) if (!opts.only || opts.only(p.file)) problems.push(p);
  for (const [path, text] of scan.texts) {
    if (opts.only && !opts.only(path)) continue;
    checked++;
    problems.push(...validateRecord(parseRecord(path, text, policy), policy, { index: scan.index, now: opts.now }));
  }
  return { problems: sortByFile(problems), checked };
}

function sortByFile(p: Problem[]): Problem[] {
  const byFile = new Map<string, Problem[]>();
  for (const x of p) { const l = byFile.get(x.file); if (l) l.push(x); else byFile.set(x.file, [x]); }
  return [...byFile.keys()].sort().flatMap((f) => sortProblems(byFile.get(f)!));
}

export { classify };
