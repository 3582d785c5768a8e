import type { ParsedYaml } from './ast';
import { parseFast } from './fast';
import { parseFull } from './full';

export * from './ast';
export { quoteYaml, formatScalar, resolvePlain, isSafePlain } from './scalar';

/** Parses the YAML in text[start, end): the fast subset parser when it can, `yaml` otherwise. */
export function parseYaml(text: string, start: number, end: number, opts: { forceFull?: boolean; skip?: ReadonlySet<string> } = {}): ParsedYaml {
  if (!opts.forceFull) {
    const root = parseFast(text, start, end, opts.skip);
    if (root !== undefined) return { root, errors: [], parser: 'fast' };
  }
  return parseFull(text, start, end);
}
