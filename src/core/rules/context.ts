import type { Policy } from '../policy';
import type { Problem } from '../problem';
import type { ParsedRecord } from '../record';
import type { WorkspaceIndex } from '../workspace';
import type { YNode, YMap } from '../yaml/index';
import { CATALOG } from './catalog';
import type { ClockSite } from '../sla';

export interface RuleContext {
  rec: ParsedRecord;
  root: YMap;
  policy: Policy;
  /** Cross-file rules run only when an index is given. */
  index?: WorkspaceIndex;
  /** Current time in ms, for time-based rules (overdue reviews, action items, runbooks). */
  now: number;
  /** Told the clock site of an incident (validate's onClockSite). */
  onClockSite?: (site: ClockSite) => void;
  report(at: { start: number; end: number } | YNode | undefined, code: string, message: string, extra?: Pick<Problem, 'allowed' | 'data'>): void;
}

export function makeReporter(rec: ParsedRecord, out: Problem[]): RuleContext['report'] {
  return (at, code, message, extra) => {
    const fallback = rec.split.open ?? { start: rec.split.textStart, end: rec.split.textStart };
    const r = at ?? fallback;
    out.push({ file: rec.path, start: r.start, end: r.end, severity: CATALOG[code]?.severity ?? 'error', code, message, ...extra });
  };
}
