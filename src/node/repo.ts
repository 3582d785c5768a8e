/** Node implementations of the core's platform interfaces: the file system walk, policy and template loading, git. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as nodeBuffer from 'node:buffer';
import type * as ChildProcess from 'node:child_process';
import { decodeBytes, defaultPolicy, isSkippedFolder, loadPolicy, POLICY_PATH, type DecodeResult, type PolicyLoad, type RepoEntry, type RepoSource, type TemplateName } from '../core/index';

// The calls made once per file, taken out of their modules once: a bundled `import * as fs` is an object of
// getters, and a getter per call was ~3% of a first index of 10,000 files.
const { openSync, readSync, closeSync, fstatSync } = fs;
const { O_RDONLY } = fs.constants; // a number: no flag string to parse per file
const { isUtf8 } = nodeBuffer;

/** Files up to this size are read in one call into a shared buffer. */
const READ_CHUNK = 65536;

/** Decodes bytes that may live in a shared buffer: the text never refers to them afterwards. */
function decodeShared(bytes: Buffer): DecodeResult {
  if (bytes.subarray(0, 8192).indexOf(0) >= 0) return { ok: false, reason: 'binary' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (isUtf8(bytes)) return { ok: true, text: bytes.toString('utf8'), bom, invalidUtf8: false };
  return decodeBytes(Buffer.from(bytes));
}


export class NodeRepoSource implements RepoSource {
  constructor(readonly root: string, private readonly include?: string[]) {
    this.prefix = root.endsWith(path.sep) || root.endsWith('/') ? root : root + path.sep;
  }

  list(): RepoEntry[] {
    const out: RepoEntry[] = [];
    const walk = (rel: string) => {
      let entries: fs.Dirent[];
      try { entries = fs.readdirSync(path.join(this.root, rel), { withFileTypes: true }); } catch { return; }
      for (const e of entries) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (isSkippedFolder(e.name)) continue;
          walk(r);
        } else if (e.isFile()) {
          out.push({ path: r }); // size comes with the read (one fstat), not from a stat per file here
        } else if (e.isSymbolicLink()) {
          out.push({ path: r, link: true }); // never followed; the scan reports it where records are
        } else {
          out.push({ path: r, special: true }); // a FIFO, socket or device: never opened (a FIFO would block the read)
        }
      }
    };
    if (this.include) {
      for (const inc of this.include) {
        const abs = path.join(this.root, inc);
        let st: fs.Stats;
        try { st = fs.lstatSync(abs); } catch { continue; }
        if (st.isSymbolicLink()) out.push({ path: inc.replace(/\\/g, '/').replace(/\/$/, ''), link: true });
        else if (st.isDirectory()) walk(inc === '' || inc === '.' ? '' : inc.replace(/\\/g, '/').replace(/\/$/, ''));
        else if (st.isFile()) out.push({ path: inc.replace(/\\/g, '/'), size: st.size });
        else out.push({ path: inc.replace(/\\/g, '/'), special: true });
      }
    } else walk('');
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The entry of one repo-relative path as list() would give it (a link flagged, never followed); undefined when it is gone. */
  entryOf(rel: string): RepoEntry | undefined {
    let st: fs.Stats;
    try { st = fs.lstatSync(this.prefix + rel); } catch { return undefined; }
    if (st.isSymbolicLink()) return { path: rel, link: true };
    if (st.isDirectory()) return undefined;
    return st.isFile() ? { path: rel } : { path: rel, special: true };
  }

  /** One buffer for every read (reads are synchronous; a record that fits is decoded from it and not kept). */
  private readonly buf = Buffer.allocUnsafe(READ_CHUNK);
  private readonly prefix: string;

  /**
   * One open, one read into a shared 64 KB buffer and one close per file: a file that fits (nearly every
   * record) needs no stat and no buffer of its own, and is decoded straight from the shared buffer (faster than
   * `readFileSync(path, 'utf8')` here, which allocates and stats per file). Binary (a NUL in the first 8 KB) and
   * invalid UTF-8 are detected on the bytes. A file that fills the buffer is stat-ed on the open descriptor and,
   * unless it is over `maxBytes`, read whole.
   */
  readText(rel: string, maxBytes: number): { size: number; decoded?: DecodeResult } {
    const abs = this.prefix + rel;
    const fd = openSync(abs, O_RDONLY);
    try {
      const n = readSync(fd, this.buf, 0, READ_CHUNK, 0);
      if (n > maxBytes) return { size: n };
      if (n < READ_CHUNK) return { size: n, decoded: decodeShared(this.buf.subarray(0, n)) };
      const size = fstatSync(fd).size;
      if (size > maxBytes) return { size };
      const whole = Buffer.allocUnsafe(size + 1);
      let got = 0;
      for (let k; got < whole.length && (k = readSync(fd, whole, got, whole.length - got, got)) > 0;) got += k;
      if (got > maxBytes) return { size: got }; // it grew since the stat
      return { size: got, decoded: decodeShared(whole.subarray(0, got)) };
    } finally { closeSync(fd); }
  }

  read(rel: string, maxBytes?: number): Uint8Array {
    const abs = path.join(this.root, rel);
    if (maxBytes === undefined) return fs.readFileSync(abs);
    const fd = openSync(abs, O_RDONLY);
    try {
      const buf = Buffer.alloc(maxBytes);
      const n = readSync(fd, buf, 0, maxBytes, 0);
      return buf.subarray(0, n);
    } finally { closeSync(fd); }
  }
}

/** The repo root for a path: the nearest folder above it with `.hindsight/` or `.git`, else the folder itself. */
export function findRepoRoot(start: string): string {
  let dir = path.resolve(start);
  try { if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir); } catch { /* reported by the caller */ }
  let cur = dir;
  for (;;) {
    if (fs.existsSync(path.join(cur, '.hindsight')) || fs.existsSync(path.join(cur, '.git'))) return cur;
    const up = path.dirname(cur);
    if (up === cur) return dir;
    cur = up;
  }
}

/** The policy and the repo's templates are at most this large (a real policy is a few KB). */
export const CONFIG_MAX_BYTES = 1024 * 1024;

/** A repo file that must not be read: outside the repo through a link, not a regular file, too large. */
export class RepoFileRefused extends Error {}

/**
 * Reads a configuration file of the repo (the policy, a template): only a regular file inside the repo, at most
 * `maxBytes`. A FIFO, a device (`/dev/zero`), a folder or a link to a file outside the repo is refused with a
 * reason, never read: the file is opened non-blocking and checked on the open descriptor. ENOENT is thrown as is.
 */
export function readRepoFile(root: string, rel: string, maxBytes = CONFIG_MAX_BYTES): string {
  const abs = path.join(root, rel);
  let real: string;
  try { real = fs.realpathSync(abs); } catch (e) {
    // A link whose target is missing is not "no policy": the repo meant one (the built-in would be used silently).
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && isLink(abs)) throw new RepoFileRefused(`${rel} is a symbolic link to ${fs.readlinkSync(abs)}, which does not exist; not read`);
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new RepoFileRefused(`${rel} is a symbolic link that leads back to itself; not read`);
    throw e;
  }
  const realRoot = fs.realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)) {
    throw new RepoFileRefused(`${rel} is a link to a file outside the repo; not read`);
  }
  let fd: number;
  try { fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0)); } catch (e) {
    // A socket cannot be opened (ENXIO): not a regular file either.
    if ((e as NodeJS.ErrnoException).code === 'ENXIO') throw new RepoFileRefused(`${rel} is not a regular file (a socket); not read`);
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new RepoFileRefused(`${rel} is not a regular file; not read`);
    if (st.size > maxBytes) throw new RepoFileRefused(`${rel} is ${(st.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit; not read`);
    const buf = Buffer.alloc(st.size);
    let got = 0;
    for (let k; got < buf.length && (k = readSync(fd, buf, got, buf.length - got, got)) > 0;) got += k;
    const d = decodeBytes(buf.subarray(0, got));
    if (!d.ok || d.text.includes('\0')) throw new RepoFileRefused(`${rel} is binary (a NUL byte); not read`);
    return d.text;
  } finally { closeSync(fd); }
}

function isLink(abs: string): boolean {
  try { return fs.lstatSync(abs).isSymbolicLink(); } catch { return false; }
}

export interface RepoPolicy extends PolicyLoad { exists: boolean; text?: string }

export function readRepoPolicy(root: string): RepoPolicy {
  let text: string;
  try { text = readRepoFile(root, POLICY_PATH); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { policy: defaultPolicy(), problems: [], usable: true, exists: false };
    return { policy: defaultPolicy(), problems: [{ file: POLICY_PATH, start: 0, end: 0, severity: 'error', code: 'policy-invalid', message: `The policy file could not be read: ${(e as Error).message}` }], usable: false, exists: true };
  }
  return { ...loadPolicy(text, POLICY_PATH), exists: true, text };
}

/** The built-in templates and starter policy, put into the bundles by scripts/build.mjs (dist/cli.js runs alone). */
declare const HINDSIGHT_BUILTINS: Record<string, string> | undefined;

/** A built-in template (`incident`, `review`, `runbook`) or the starter `policy`: from the bundle, else `templates/` at the package root (tests run from out/). */
export function builtinTemplate(name: TemplateName | 'policy'): string {
  const file = name === 'policy' ? 'policy.yaml' : `${name}.md`;
  if (typeof HINDSIGHT_BUILTINS !== 'undefined' && HINDSIGHT_BUILTINS[file] !== undefined) return HINDSIGHT_BUILTINS[file];
  for (const dir of [path.join(__dirname, '..', 'templates'), path.join(__dirname, '..', '..', 'templates'), path.join(__dirname, '..', '..', '..', 'templates')]) {
    try { return fs.readFileSync(path.join(dir, file), 'utf8'); } catch { /* next */ }
  }
  throw new Error(`the built-in ${file} is missing (build with scripts/build.mjs, or run from the package)`);
}

/** A template: the repo's `.hindsight/templates/NAME.md` when present, else the built-in one. Throws RepoFileRefused. */
export function readTemplate(root: string, name: TemplateName): { text: string; source: string } {
  const rel = `.hindsight/templates/${name}.md`;
  try { return { text: readRepoFile(root, rel), source: rel }; } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
  return { text: builtinTemplate(name), source: `built-in ${name}` };
}

/**
 * `node:child_process`, loaded on first use: loading it costs ~2.5 ms, a tenth of the extension's activation
 * budget, and nothing at activation spawns a process.
 */
export function childProcess(): typeof ChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at activation (the architecture lint)
  return require('node:child_process') as typeof ChildProcess;
}

/** Files changed since REV (committed, staged, unstaged and untracked), repo-relative. */
export function changedSince(root: string, rev: string): string[] {
  if (rev.startsWith('-')) throw new Error(`'${rev}' is not a revision`);
  const exe = gitExecutable();
  if (!exe) throw new Error('git was not found on PATH');
  const git = (args: string[]) => childProcess().execFileSync(exe, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try { git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]); } catch { throw new Error(`'${rev}' is not a git revision in ${root}`); }
  const prefix = git(['rev-parse', '--show-prefix']).trim();
  const files = new Set<string>();
  const add = (out: string, fromTop: boolean) => {
    for (const l of out.split('\0')) { // -z: names may hold newlines
      if (!l) continue;
      if (fromTop) { if (prefix && !l.startsWith(prefix)) continue; files.add(prefix ? l.slice(prefix.length) : l); }
      else files.add(l);
    }
  };
  add(git(['diff', '--name-only', '--no-renames', '-z', rev, '--']), true);
  add(git(['ls-files', '--others', '--exclude-standard', '-z']), false);
  return [...files].sort();
}

/**
 * git's absolute path, found on PATH (absolute entries only), or undefined. Spawning the bare name `git` would let
 * Windows run a `git.exe` planted in the working folder (a cloned repo) before PATH is searched.
 */
export function gitExecutable(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | undefined {
  const names = platform === 'win32' ? ['git.exe', 'git.cmd'] : ['git'];
  for (const dir of (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':')) {
    if (!dir || !path.isAbsolute(dir)) continue; // '' and '.' mean the current folder
    for (const n of names) {
      const f = path.join(dir, n);
      try { if (fs.statSync(f).isFile()) { if (platform !== 'win32') fs.accessSync(f, fs.constants.X_OK); return f; } } catch { /* next */ }
    }
  }
  return undefined;
}

/**
 * Makes the folders of `relDir` (repo-relative) one at a time, never through a link: a part that exists as a
 * symbolic link or as anything but a folder is refused. (`mkdir -p` follows a committed `incidents -> /elsewhere`
 * and a new record would be written outside the repo.)
 */
export function ensureRepoDir(root: string, relDir: string): void {
  let cur = root;
  let rel = '';
  for (const part of relDir.split(/[\\/]/)) {
    if (!part || part === '.') continue;
    if (part === '..') throw new RepoFileRefused(`${relDir} is outside the repo; not writing there`);
    cur = path.join(cur, part);
    rel = rel ? `${rel}/${part}` : part;
    let st: fs.Stats;
    try { st = fs.lstatSync(cur); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      try { fs.mkdirSync(cur); continue; } catch (m) { if ((m as NodeJS.ErrnoException).code !== 'EEXIST') throw m; }
      st = fs.lstatSync(cur); // made meanwhile by another writer: judged as it is
    }
    if (st.isSymbolicLink()) throw new RepoFileRefused(`${rel} is a symbolic link; not writing through it (records, their folders and .hindsight must be real folders in the repo)`);
    if (!st.isDirectory()) throw new RepoFileRefused(`${rel} is not a folder; not writing there`);
  }
}

/** The first folder on the way to `rel` (repo-relative) that is a symbolic link, or undefined (none, or not there yet). */
export function linkedFolder(root: string, rel: string): string | undefined {
  const parts = rel.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const folder = parts.slice(0, i).join('/');
    try { if (fs.lstatSync(path.join(root, folder)).isSymbolicLink()) return folder; } catch { return undefined; }
  }
  return undefined;
}

/**
 * Writes a new file of the repo (`rel`, repo-relative) only when nothing is at its name yet: its folders made by
 * ensureRepoDir, the file created exclusively (O_EXCL: an existing file or link at the name is EEXIST, never
 * followed; no race with a concurrent writer).
 */
export function writeNew(root: string, rel: string, text: string): void {
  ensureRepoDir(root, path.dirname(rel));
  const fd = fs.openSync(path.join(root, rel), fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o666);
  try { fs.writeSync(fd, text); } finally { fs.closeSync(fd); }
}
