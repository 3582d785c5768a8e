/**
 * Writing a record back safely: the one way the CLI (and anything else outside an editor) changes a record.
 *
 * - Writers of one file are serialised by a lock file beside it (`.NAME.hindsight.lock`, created exclusively:
 *   O_CREAT|O_EXCL never follows a symlink). Under the lock the file is read again and the change is computed
 *   from what is there now, so two writers never lose each other's edits. A writer that cannot get the lock in
 *   time says so (WriteRefused); a lock whose holder is gone (its process no longer exists on this host, or it is
 *   older than STALE_MS) is taken over.
 * - The new text goes to a temporary file with an unpredictable name in the same folder, created exclusively
 *   with the record's mode, given its owner where permitted, synced, and renamed over the record: a crash leaves
 *   the old record or the new one, never half of one. Temporary files of our naming left by a killed writer are
 *   removed by the next writer (it holds the lock, so none of them is in use).
 * - A record that is a symlink, not a regular file, or not writable by this user is refused, not rewritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import { decodeBytes, DEFAULT_MAX_BYTES } from '../core/index';

/** The edit cannot be made (the file's kind, permissions, contents, or a lock held by another writer): exit 1. */
export class WriteRefused extends Error {}

export const LOCK_TIMEOUT_MS = 10_000;
/** A lock older than this is stale whatever its holder says (a writer holds it for milliseconds). */
export const STALE_MS = 60_000;

const lockName = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.hindsight.lock`);
const TMP_RE = (base: string) => new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.hindsight-[0-9a-f]{16}\\.tmp$`);

function sleep(ms: number): void { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); }

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Whether the lock at `lock` is stale: its holder (pid@host written in it) is gone, or it is too old. */
function staleLock(lock: string): boolean {
  let st: fs.Stats;
  try { st = fs.lstatSync(lock); } catch { return false; }
  if (!st.isFile()) return false; // not ours: never removed
  if (Date.now() - st.mtimeMs > STALE_MS) return true;
  let owner: string;
  try { owner = fs.readFileSync(lock, 'utf8'); } catch { return false; }
  const m = /^(\d+)@(.*)$/.exec(owner.trim());
  return !!m && m[2] === os.hostname() && !alive(Number(m[1]));
}

function acquire(file: string, timeoutMs: number): () => void {
  const lock = lockName(file);
  const deadline = Date.now() + timeoutMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      const fd = fs.openSync(lock, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
      try { fs.writeSync(fd, `${process.pid}@${os.hostname()}\n`); } finally { fs.closeSync(fd); }
      return () => { try { fs.unlinkSync(lock); } catch { /* already gone: nothing to release */ } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (staleLock(lock)) { try { fs.unlinkSync(lock); } catch { /* another writer took it over first */ } continue; }
    if (Date.now() >= deadline) {
      throw new WriteRefused(`${path.basename(file)} is being changed by another writer (lock ${path.basename(lock)} held for over ${Math.round(timeoutMs / 1000)} s); nothing was written. If no other hindsight is running, remove the lock file.`);
    }
    sleep(wait);
  }
}

/** Removes temporary files of our naming beside `file` (left by a writer that was killed). Call under the lock. */
function removeStaleTemps(file: string): void {
  const re = TMP_RE(path.basename(file));
  let names: string[];
  try { names = fs.readdirSync(path.dirname(file)); } catch { return; }
  for (const n of names) if (re.test(n)) { try { fs.unlinkSync(path.join(path.dirname(file), n)); } catch { /* gone */ } }
}

/**
 * The record's text for editing; refuses what must not be rewritten (a symlink, a special file, over the size
 * cap, unwritable, binary, invalid UTF-8). `write: false`: the same checks but writability, for reading only.
 */
export function readRecordForEdit(file: string, opts: { write?: boolean; name?: string } = {}): { text: string; stat: fs.Stats } {
  const name = opts.name ?? file; // how messages name it (the CLI: repo-relative)
  let st: fs.Stats;
  try { st = fs.lstatSync(file); } catch (e) { throw new WriteRefused(`${name} cannot be read: ${(e as Error).message}`); }
  if (st.isSymbolicLink()) throw new WriteRefused(`${name} is a symbolic link; not editing it (edit the file it points to, inside the repo)`);
  if (!st.isFile()) throw new WriteRefused(`${name} is not a regular file; not editing it`);
  if (st.size > DEFAULT_MAX_BYTES) throw new WriteRefused(`${name} is ${(st.size / 1048576).toFixed(1)} MB, over the ${DEFAULT_MAX_BYTES / 1048576} MB limit for records; not editing it`);
  if (opts.write !== false && (st.mode & 0o222) === 0) throw new WriteRefused(`${name} is read-only (mode ${(st.mode & 0o777).toString(8)}); not editing it`);
  if (opts.write !== false) try { fs.accessSync(file, fs.constants.W_OK); } catch { throw new WriteRefused(`${name} is not writable by you (mode ${(st.mode & 0o777).toString(8)}); not editing it`); }
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  let bytes: Buffer;
  try { bytes = fs.readFileSync(fd); } finally { fs.closeSync(fd); }
  const d = decodeBytes(bytes);
  if (!d.ok) throw new WriteRefused(`${name} is binary; not editing it`);
  if (d.invalidUtf8) throw new WriteRefused(`${name} is not valid UTF-8; not editing it (its bytes would change)`);
  return { text: d.text, stat: st };
}

/** Writes `text` over `file` atomically, keeping its mode (and owner where permitted). */
function replace(file: string, text: string, st: fs.Stats): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.hindsight-${randomBytes(8).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), st.mode & 0o7777);
  try {
    try {
      fs.fchmodSync(fd, st.mode & 0o7777); // the umask narrowed the mode given to open
      try { fs.fchownSync(fd, st.uid, st.gid); } catch { /* not permitted: the file is ours, as a new file would be */ }
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally { fs.closeSync(fd); }
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* not created or already renamed */ }
    throw e;
  }
}

/**
 * Changes a record under its lock: reads it, asks `change` for the new text (undefined: nothing to write), and
 * replaces the file. `change` sees the file as it is under the lock, so it must compute the edit from that text
 * (and may throw to refuse). Returns what `change` returned.
 */
export function editRecord<T extends { text: string } | undefined>(file: string, change: (text: string) => T, opts: { timeoutMs?: number; name?: string } = {}): T {
  readRecordForEdit(file, { name: opts.name }); // refuse early, before waiting for a lock
  const release = acquire(file, opts.timeoutMs ?? LOCK_TIMEOUT_MS);
  try {
    removeStaleTemps(file);
    const { text, stat } = readRecordForEdit(file, { name: opts.name });
    const result = change(text);
    if (result && result.text !== text) replace(file, result.text, stat);
    return result;
  } finally { release(); }
}
