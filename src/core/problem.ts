export type ProblemSeverity = 'error' | 'warning' | 'info';

/** One finding. Offsets are into the file's text; `allowed` lists the values a quick fix can offer. */
export interface Problem {
  file: string;
  start: number;
  end: number;
  severity: ProblemSeverity;
  code: string;
  message: string;
  allowed?: string[];
  /** Extra data for quick fixes (e.g. the missing field's name). */
  data?: Record<string, string>;
}

/** Said after the first of several YAML syntax errors (the rest are often its echo): ` (2 more YAML errors after it, ...)`. */
export function moreYamlErrors(count: number): string {
  return ` (${count} more YAML error${count > 1 ? 's' : ''} after it, often from this one)`;
}

export function listValues(values: readonly string[], max = 12): string {
  if (values.length === 0) return '(none defined)';
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown}, ... (${values.length} in all)` : shown;
}

/** Edit distance (insertions, deletions, substitutions), case-insensitive; capped work for long strings. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase().slice(0, 64); b = b.toLowerCase().slice(0, 64);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The allowed values closest to a wrong one first (a near miss: `extensiv` -> `extensive`), the rest in their order;
 * `near` is the closest when it is within a typo's distance (at most a third of its length, and 3).
 */
export function byCloseness(value: string, allowed: readonly string[]): { ordered: string[]; near?: string } {
  const scored = allowed.map((v, i) => ({ v, i, d: editDistance(value, v) }));
  scored.sort((x, y) => x.d - y.d || x.i - y.i);
  const best = scored[0];
  const near = best && best.d <= Math.min(3, Math.max(1, Math.floor(best.v.length / 3))) ? best.v : undefined;
  return { ordered: scored.map((x) => x.v), near };
}
