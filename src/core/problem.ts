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

export function listValues(values: readonly string[], max = 12): string {
  if (values.length === 0) return '(none defined)';
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown}, ... (${values.length} in all)` : shown;
}
