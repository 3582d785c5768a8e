/**
 * Writing a record back safely: the one way the CLI (and anything else outside an editor) changes a record.
 *
 * - Writers of one file are serialised by a lock file beside it (`.NAME.hindsight.lock`, created exclusively:
 *   O_CREAT|O_EXCL never follows a symlink). Under the lock the file is read again and the change is computed
 *   from what is there now, so two writers never lose each other's edits. A writer that cannot get the lock in
 *   time says so (WriteRefused); a lock whose holder is gone (its process no longer exists on this host, or, held
 *   from another host, it is older than STALE_MS) is taken over, by one writer at a time (breakStale), and a
 *   writer commits only while the lock is still its own.
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
/** A lock of a live process of this host is stale after this (its pid was reused: a writer holds it for milliseconds). */
const LOCAL_STALE_MS = 10 * 60_000;
/** A second lock, held for microseconds while a stale lock is removed, is stale after this. */
const BREAK_STALE_MS = 5_000;

const lockName = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.hindsight.lock`);
const TMP_RE = (base: string) => new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.hindsight-[0-9a-f]{16}\\.tmp$`);

function sleep(ms: number): void { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); }

function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
  // An exited process not yet reaped (a zombie) answers the signal but will never release its lock.
  try { return !/^\d+ \(.*\) Z /s.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return true; }
}

const OPEN_NEW = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

/** The text of the lock file at `lock` (never through a link); undefined when there is none or it is not a regular file. */
function lockText(lock: string): string | undefined {
  try {
    const fd = fs.openSync(lock, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    try { return fs.fstatSync(fd).isFile() ? fs.readFileSync(fd, 'utf8') : undefined; } finally { fs.closeSync(fd); }
  } catch { return undefined; }
}

/**
 * Whether a lock with this text is stale: its holder (`pid@host token`) is a process of this host that no longer
 * exists, or a holder elsewhere (or unreadable) has held it longer than STALE_MS. A live holder on this host is
 * stale only after LOCAL_STALE_MS (its pid reused after a reboot); one that really held it so long finds the lock
 * no longer its own and writes nothing.
 */
function isStale(text: string, mtimeMs: number): boolean {
  const m = /^([1-9]\d{0,9})@(\S*)/.exec(text.trim()); // pid 0 or -1 (or an empty lock) is no process: judged by age
  const age = Date.now() - mtimeMs;
  if (m && m[2] === os.hostname()) return !alive(Number(m[1])) || age > LOCAL_STALE_MS;
  return age > STALE_MS;
}

/**
 * Removes the lock at `lock` if it still holds `judged` (the stale text a writer saw). Writers that judged the same
 * lock stale take turns through a second lock (`….lock.break`), so none of them removes a lock another writer
 * created after the stale one went: each removes only the text it judged, and only one looks at a time.
 */
export function breakStale(lock: string, judged: string, name = lock): boolean {
  const breaker = `${lock}.break`;
  let fd: number;
  try { fd = fs.openSync(breaker, OPEN_NEW, 0o600); } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    let st: fs.Stats;
    try { st = fs.lstatSync(breaker); } catch { return false; } // gone meanwhile: the next round tries again
    // Only a writer makes this name, as a file: a folder or a link there is not ours, and would never go away.
    if (!st.isFile()) throw new WriteRefused(`${name}: something that is not a lock file is at ${path.basename(breaker)} (${st.isSymbolicLink() ? 'a symbolic link' : st.isDirectory() ? 'a folder' : 'not a regular file'}); nothing was written. Remove it and try again.`);
    // A breaker holds it for microseconds: one older than a few seconds was killed there.
    try { if (Date.now() - st.mtimeMs > BREAK_STALE_MS) fs.unlinkSync(breaker); } catch { /* gone */ }
    return false;
  }
  fs.closeSync(fd);
  try {
    if (lockText(lock) !== judged) return false;
    fs.unlinkSync(lock);
    return true;
  } catch { return false; } finally { try { fs.unlinkSync(breaker); } catch { /* gone */ } }
}

/** A held lock: `stillHeld()` before committing, `release()` after (removes the lock only while it is ours). */
interface Lock { stillHeld(): boolean; release(): void }

function acquire(file: string, timeoutMs: number, name: string): Lock {
  const lock = lockName(file);
  const mine = `${process.pid}@${os.hostname()} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + timeoutMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      const fd = fs.openSync(lock, OPEN_NEW, 0o600);
      try { fs.writeSync(fd, mine); } finally { fs.closeSync(fd); }
      const stillHeld = () => lockText(lock) === mine;
      return { stillHeld, release: () => { if (stillHeld()) try { fs.unlinkSync(lock); } catch { /* already gone */ } } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let st: fs.Stats | undefined;
    try { st = fs.lstatSync(lock); } catch { continue; } // released meanwhile: try again at once
    // A link or anything but a file at the lock's name was not made by a writer: say so now, not after the wait.
    if (!st.isFile()) throw new WriteRefused(`${name}: something that is not a lock file is at the lock's name (${path.basename(lock)}, ${st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}); nothing was written. Remove it and try again.`);
    const text = lockText(lock);
    // Taken over: try again at once; not (another writer is breaking it, or it is back): wait, within the deadline.
    if (text !== undefined && isStale(text, st.mtimeMs) && breakStale(lock, text, name)) continue;
    if (Date.now() >= deadline) {
      throw new WriteRefused(`${name} is being changed by another writer (lock ${path.basename(lock)} held for over ${Math.round(timeoutMs / 1000)} s); nothing was written. If no other hindsight is running, remove the lock file.`);
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
  if (d.text.includes('\0')) throw new WriteRefused(`${name} holds a NUL byte (binary content); not ${opts.write === false ? 'reading' : 'editing'} it (hindsight validate shows where)`);
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
  const name = opts.name ?? file;
  const lock = acquire(file, opts.timeoutMs ?? LOCK_TIMEOUT_MS, name);
  try {
    removeStaleTemps(file);
    const { text, stat } = readRecordForEdit(file, { name: opts.name });
    const result = change(text);
    if (result && result.text !== text) {
      // Never commit without the lock (a lock taken over as stale, or removed by hand, is no longer ours).
      if (!lock.stillHeld()) throw new WriteRefused(`${name}: the lock was taken from this writer before it could write; nothing was written. Try again.`);
      replace(file, result.text, stat);
    }
    return result;
  } finally { lock.release(); }
}
