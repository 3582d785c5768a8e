/**
 * The front-matter tree every rule and edit works on. Offsets are absolute in the file text.
 * Produced either by the fast subset parser (fast.ts) or from a `yaml` Document (full.ts); both give the same tree.
 */
export type ScalarValue = string | number | boolean | null;
/** `skipped`: a shallow parse did not read this value (see KeySet); its value is null and means nothing. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'block' | 'empty' | 'alias' | 'skipped';
/** Keys (a Set, or any object that answers `has`): the top-level keys a shallow parse does not read. */
export interface KeySet {
  has(key: string): boolean;
  /** Skipped keys whose length is still read (`timeline`): a value of theirs outside the subset is never skipped unread. */
  counts?(key: string): boolean;
}

/** `anchor`: the YAML anchor (`&name`) on this node, when it carries one (aliases of it share its value). */
export interface YScalar { type: 'scalar'; start: number; end: number; value: ScalarValue; style: ScalarStyle; anchor?: string }
export interface YPair { key: YScalar; value: YNode }
export interface YMap { type: 'map'; start: number; end: number; items: YPair[]; flow: boolean }
export interface YSeq { type: 'seq'; start: number; end: number; items: YNode[]; flow: boolean; /** set when the items were skipped (shallow parse): how many there are */ count?: number }
export type YNode = YScalar | YMap | YSeq;

/**
 * Front matter nested deeper than this (mappings and sequences, block or flow) is not read: real records nest a
 * few levels, and parsers recurse per level (a 5,000-deep document overflowed the stack). Block indentation
 * beyond 2 columns a level counts as deeper.
 */
export const MAX_YAML_DEPTH = 100;

export interface YamlError {
  start: number; end: number; code: string; message: string;
  /** The edit its hint describes, when it is unambiguous (a quick fix): replace start..end with text. */
  fix?: { title: string; start: number; end: number; text: string };
}

export interface ParsedYaml {
  root: YNode | null;
  errors: YamlError[];
  /** Which parser produced the tree. */
  parser: 'fast' | 'full';
}

export function getPair(map: YMap | null | undefined, key: string): YPair | undefined {
  // Callers may hand any node (`roles: oncall` where a mapping was expected): only a mapping has pairs.
  if (!map || map.type !== 'map') return undefined;
  // Last one wins, as in yaml's toJS; duplicate keys are reported separately.
  for (let i = map.items.length - 1; i >= 0; i--) if (map.items[i].key.value === key) return map.items[i];
  return undefined;
}

export function get(map: YMap | null | undefined, key: string): YNode | undefined {
  return getPair(map, key)?.value;
}

export function isEmpty(node: YNode | undefined): boolean {
  return !node || (node.type === 'scalar' && (node.value === null || node.value === ''));
}

/** Scalar as text (numbers and booleans as written), or undefined for collections and null. */
export function scalarText(node: YNode | undefined): string | undefined {
  if (!node || node.type !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** A list of scalar strings: a sequence, or a single scalar taken as a one-item list. */
export function stringList(node: YNode | undefined): { text: string; node: YScalar }[] {
  if (!node) return [];
  if (node.type === 'scalar') return node.value === null ? [] : [{ text: String(node.value), node }];
  if (node.type === 'seq') {
    const out: { text: string; node: YScalar }[] = [];
    for (const item of node.items) if (item.type === 'scalar' && item.value !== null) out.push({ text: String(item.value), node: item });
    return out;
  }
  return [];
}

/** Plain JS value with null-prototype objects: no key, `__proto__` included, can reach Object.prototype. */
export function toJS(node: YNode | null | undefined): unknown {
  if (!node) return null;
  switch (node.type) {
    case 'scalar': return node.value;
    case 'seq': return node.items.map(toJS);
    case 'map': {
      const obj: Record<string, unknown> = Object.create(null);
      for (const p of node.items) obj[String(p.key.value)] = toJS(p.value);
      return obj;
    }
  }
}
