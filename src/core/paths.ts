/** Repo-relative, forward-slash path helpers (no Node `path`: the core also runs in a browser). */

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Normalizes `a/./b/../c` to `a/c`; undefined when it climbs above the root or is absolute. */
export function normalizePath(p: string): string | undefined {
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') { if (!out.length) return undefined; out.pop(); continue; }
    out.push(seg);
  }
  return out.join('/');
}

/** Resolves a link written in a record: `./x` and `../x` relative to the record's folder, anything else from the repo root. */
export function resolveLink(fromFile: string, link: string): string | undefined {
  const clean = link.split('#')[0].trim();
  if (!clean || /^[a-z][a-z0-9+.-]*:/i.test(clean) || clean.startsWith('/')) return undefined;
  if (clean.startsWith('./') || clean.startsWith('../')) return normalizePath(dirname(fromFile) + '/' + clean);
  return normalizePath(clean);
}

export function isUrl(link: string): boolean {
  return /^https?:\/\//i.test(link.trim());
}
