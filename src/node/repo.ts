/** Node implementations of the core's platform interfaces: the file system walk, policy and template loading, git. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { isUtf8 } from 'node:buffer';
import { decodeBytes, defaultPolicy, loadPolicy, POLICY_PATH, type DecodeResult, type PolicyLoad, type RepoEntry, type RepoSource, type TemplateName } from '../core/index';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hindsight', '.hg', '.svn']);

export class NodeRepoSource implements RepoSource {
  constructor(readonly root: string, private readonly include?: string[]) {}

  list(): RepoEntry[] {
    const out: RepoEntry[] = [];
    const walk = (rel: string) => {
      let entries: fs.Dirent[];
      try { entries = fs.readdirSync(path.join(this.root, rel), { withFileTypes: true }); } catch { return; }
      for (const e of entries) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (SKIP_DIRS.has(e.name) || (e.name.startsWith('.') && e.name !== '.hindsight')) continue;
          walk(r);
        } else if (e.isFile()) {
          out.push({ path: r }); // size comes with the read (one fstat), not from a stat per file here
        }
        // symbolic links are not followed
      }
    };
    if (this.include) {
      for (const inc of this.include) {
        const abs = path.join(this.root, inc);
        let st: fs.Stats;
        try { st = fs.lstatSync(abs); } catch { continue; }
        if (st.isDirectory()) walk(inc === '' || inc === '.' ? '' : inc.replace(/\\/g, '/').replace(/\/$/, ''));
        else if (st.isFile()) out.push({ path: inc.replace(/\\/g, '/'), size: st.size });
      }
    } else walk('');
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * One stat and one native read per file (`readFileSync(path, 'utf8')` is the fastest read Node has; the stat
   * keeps files over `maxBytes` unread). Binary (a NUL in the first 8 KB) and invalid UTF-8 (a U+FFFD in the
   * decoded text) are rare: those files are read again as bytes and decoded exactly by `decodeBytes`.
   */
  readText(rel: string, maxBytes: number): { size: number; decoded?: DecodeResult } {
    const abs = path.join(this.root, rel);
    const size = fs.statSync(abs).size;
    if (size > maxBytes) return { size };
    const text = fs.readFileSync(abs, 'utf8');
    if (text.length > maxBytes) return { size: Buffer.byteLength(text) }; // it grew since the stat
    const nul = text.indexOf('\0');
    const suspicious = (nul >= 0 && nul < 8192) || text.includes('\ufffd');
    if (!suspicious) return { size, decoded: { ok: true, text, bom: text.charCodeAt(0) === 0xfeff, invalidUtf8: false } };
    const bytes = fs.readFileSync(abs);
    if (bytes.length > maxBytes) return { size: bytes.length };
    if (bytes.subarray(0, 8192).indexOf(0) >= 0) return { size: bytes.length, decoded: { ok: false, reason: 'binary' } };
    if (isUtf8(bytes)) return { size: bytes.length, decoded: { ok: true, text: bytes.toString('utf8'), bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, invalidUtf8: false } };
    return { size: bytes.length, decoded: decodeBytes(bytes) };
  }

  read(rel: string, maxBytes?: number): Uint8Array {
    const abs = path.join(this.root, rel);
    if (maxBytes === undefined) return fs.readFileSync(abs);
    const fd = fs.openSync(abs, 'r');
    try {
      const buf = Buffer.alloc(maxBytes);
      const n = fs.readSync(fd, buf, 0, maxBytes, 0);
      return buf.subarray(0, n);
    } finally { fs.closeSync(fd); }
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

export interface RepoPolicy extends PolicyLoad { exists: boolean; text?: string }

export function readRepoPolicy(root: string): RepoPolicy {
  const file = path.join(root, POLICY_PATH);
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { policy: defaultPolicy(), problems: [], usable: true, exists: false };
    return { policy: defaultPolicy(), problems: [{ file: POLICY_PATH, start: 0, end: 0, severity: 'error', code: 'policy-invalid', message: `The policy file could not be read: ${(e as Error).message}` }], usable: false, exists: true };
  }
  return { ...loadPolicy(text, POLICY_PATH), exists: true, text };
}

/** Where the built-in templates live: `templates/` at the package root (next to dist/ or out/). */
export function builtinTemplatesDir(): string {
  const candidates = [path.join(__dirname, '..', 'templates'), path.join(__dirname, '..', '..', 'templates'), path.join(__dirname, '..', '..', '..', 'templates')];
  for (const c of candidates) if (fs.existsSync(path.join(c, 'incident.md'))) return c;
  throw new Error('built-in templates not found');
}

/** A template: the repo's `.hindsight/templates/NAME.md` when present, else the built-in one. */
export function readTemplate(root: string, name: TemplateName): { text: string; source: string } {
  const own = path.join(root, '.hindsight', 'templates', `${name}.md`);
  if (fs.existsSync(own)) return { text: fs.readFileSync(own, 'utf8'), source: `.hindsight/templates/${name}.md` };
  const file = path.join(builtinTemplatesDir(), `${name}.md`);
  return { text: fs.readFileSync(file, 'utf8'), source: `built-in ${name}` };
}

/** Files changed since REV (committed, staged, unstaged and untracked), repo-relative. */
export function changedSince(root: string, rev: string): string[] {
  if (rev.startsWith('-')) throw new Error(`'${rev}' is not a revision`);
  const git = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try { git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]); } catch { throw new Error(`'${rev}' is not a git revision in ${root}`); }
  const prefix = git(['rev-parse', '--show-prefix']).trim();
  const files = new Set<string>();
  const add = (out: string, fromTop: boolean) => {
    for (const l of out.split('\n')) {
      if (!l) continue;
      if (fromTop) { if (prefix && !l.startsWith(prefix)) continue; files.add(prefix ? l.slice(prefix.length) : l); }
      else files.add(l);
    }
  };
  add(git(['diff', '--name-only', '--no-renames', '-z', rev, '--']).replace(/\0/g, '\n'), true);
  add(git(['ls-files', '--others', '--exclude-standard', '-z']).replace(/\0/g, '\n'), false);
  return [...files].sort();
}

export function gitUserName(root: string): string | undefined {
  try { return execFileSync('git', ['config', 'user.name'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined; } catch { return undefined; }
}

/** Writes a file only when it does not exist yet (no race with a concurrent writer: O_EXCL). */
export function writeNew(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { flag: 'wx' });
}
