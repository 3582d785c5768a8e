/** Where an offset is in a record's front matter: for completion, hover, links. */
import { splitFrontMatter } from './frontmatter';
import { get, scalarText, type YMap, type YNode, type YScalar } from './yaml/index';

export interface FieldContext {
  /** Path of keys from the root to the value under the cursor, e.g. ['timeline', 'kind'] or ['services']. */
  path: string[];
  /** The partial word before the cursor and where it starts. */
  prefix: string;
  prefixStart: number;
  /** The cursor is on a key (to be completed), not a value. */
  onKey: boolean;
}

/**
 * A line-based look at the cursor (works while the YAML is half-typed and does not parse):
 * `severity: SE|`, `  - kind: no|`, `services: [checkout, pa|`, `  - |` under `runbooks:`, `  sc|` under `roles:`.
 */
export function fieldContextAt(text: string, offset: number): FieldContext | undefined {
  const split = splitFrontMatter(text);
  if (split.kind !== 'yaml' && split.kind !== 'unterminated') return undefined;
  const c = split.content!;
  if (offset < c.start || offset > c.end) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const indentOf = (l: string) => l.length - l.trimStart().length;
  // the parent keys, found by walking up to less-indented `key:` lines
  const parents = (fromLineStart: number, indent: number): string[] => {
    const out: string[] = [];
    let pos = fromLineStart;
    let cur = indent;
    while (pos > c.start && cur > 0) {
      const prevEnd = pos - 1;
      const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
      const line = text.slice(Math.max(prevStart, c.start), prevEnd).replace(/\r$/, '');
      pos = prevStart;
      if (!line.trim() || line.trimStart().startsWith('#')) continue;
      const ind = indentOf(line);
      const item = /^(\s*)-(\s+)(?:([A-Za-z0-9_.$/-]+)\s*:)?/.exec(line);
      if (item) {
        const keyCol = item[1].length + 1 + item[2].length;
        if (item[3] !== undefined && keyCol < cur) { out.unshift(item[3]); cur = keyCol; }
        // `- key:` whose key is a sibling (same column), or a plain item: the list's parent is above the dash
        if (ind < cur) cur = ind + 1;
        continue;
      }
      const m = /^\s*([A-Za-z0-9_.$/-]+)\s*:/.exec(line);
      if (ind < cur && m) { out.unshift(m[1]); cur = ind; }
      if (pos <= c.start) break;
    }
    return out;
  };
  const word = /[A-Za-z0-9_.$/:+-]*$/.exec(before)![0];
  const keyVal = /^(\s*)(-\s+)?([A-Za-z0-9_.$/-]+)\s*:\s*(\[[^\]]*)?([^\]]*)$/.exec(before);
  if (keyVal) {
    const indent = keyVal[1].length + (keyVal[2]?.length ?? 0);
    const prefixInFlow = keyVal[4] !== undefined ? /[^,[\s]*$/.exec(before)![0] : word;
    return { path: [...parents(lineStart, indent), keyVal[3]], prefix: prefixInFlow, prefixStart: offset - prefixInFlow.length, onKey: false };
  }
  const item = /^(\s*)-\s+([^:]*)$/.exec(before);
  if (item) return { path: parents(lineStart, item[1].length + 1), prefix: item[2].trim(), prefixStart: offset - item[2].trimStart().length, onKey: false };
  const key = /^(\s*)([A-Za-z0-9_.$/-]*)$/.exec(before);
  if (key) return { path: [...parents(lineStart, key[1].length), ''], prefix: key[2], prefixStart: offset - key[2].length, onKey: true };
  return undefined;
}

/** The scalar under an offset in a parsed tree, with its key path. */
export function scalarAt(root: YMap | null, offset: number): { path: string[]; node: YScalar } | undefined {
  const walk = (n: YNode, path: string[]): { path: string[]; node: YScalar } | undefined => {
    if (offset < n.start || offset > n.end) return undefined;
    if (n.type === 'scalar') return { path, node: n };
    if (n.type === 'seq') { for (const it of n.items) { const r = walk(it, path); if (r) return r; } return undefined; }
    for (const p of n.items) {
      if (offset >= p.key.start && offset <= p.key.end) return undefined;
      const r = walk(p.value, [...path, String(p.key.value)]);
      if (r) return r;
    }
    return undefined;
  };
  return root ? walk(root, []) : undefined;
}

/**
 * Where the `index`-th item of a review's `action_items` is (the range of its node), for opening the review at the
 * item. `id`, when given, must be the item's id: a list that changed since the index was taken gives undefined
 * rather than another item.
 */
export function actionItemRange(root: YMap | null, index: number, id?: string): { start: number; end: number } | undefined {
  const list = get(root, 'action_items');
  const item = list?.type === 'seq' ? list.items[index] : undefined;
  if (!item) return undefined;
  if (id !== undefined && (item.type !== 'map' || scalarText(get(item, 'id')) !== id)) return undefined;
  return { start: item.start, end: item.end };
}
