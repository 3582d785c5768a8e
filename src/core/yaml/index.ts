import type { KeySet, ParsedYaml } from './ast';
import { parseFast } from './fast';
import { parseFull } from './full';

export * from './ast';
export { quoteYaml, formatScalar, resolvePlain, isSafePlain } from './scalar';

/**
 * The last few parses, owned by a caller that parses the same text again and again (an open editor: the edit's
 * safety check, the view after it, the next edit's own parse). Parse trees are never mutated, so sharing them
 * is safe; texts are compared by value.
 */
export class YamlMemo {
  private entries: { text: string; start: number; end: number; skip: KeySet | undefined; forceFull: boolean; result: ParsedYaml }[] = [];
  constructor(private readonly size = 4) {}
  get(text: string, start: number, end: number, skip: KeySet | undefined, forceFull: boolean): ParsedYaml | undefined {
    return this.entries.find((e) => e.start === start && e.end === end && e.skip === skip && e.forceFull === forceFull && e.text === text)?.result;
  }
  set(text: string, start: number, end: number, skip: KeySet | undefined, forceFull: boolean, result: ParsedYaml): void {
    this.entries.unshift({ text, start, end, skip, forceFull, result });
    if (this.entries.length > this.size) this.entries.length = this.size;
  }
}

/** Parses the YAML in text[start, end): the fast subset parser when it can, `yaml` otherwise. */
export function parseYaml(text: string, start: number, end: number, opts: { forceFull?: boolean; skip?: KeySet; memo?: YamlMemo } = {}): ParsedYaml {
  const cached = opts.memo?.get(text, start, end, opts.skip, !!opts.forceFull);
  if (cached) return cached;
  let result: ParsedYaml | undefined;
  if (!opts.forceFull) {
    const root = parseFast(text, start, end, opts.skip);
    if (root !== undefined) result = { root, errors: [], parser: 'fast' };
  }
  result ??= parseFull(text, start, end);
  opts.memo?.set(text, start, end, opts.skip, !!opts.forceFull, result);
  return result;
}
