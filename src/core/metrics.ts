/** Response metrics of an incident: time to detect, acknowledge, mitigate, resolve, against the severity's targets. */
import type { Policy } from './policy';
import { clockInputOf, overDeadline, planClocks, targetDuration, targetLength, type TargetClock } from './sla';
import type { RecordSummary } from './summary';
import { parseDateTime, formatDuration } from './time';

export interface Metric {
  name: 'detect' | 'acknowledge' | 'mitigate' | 'resolve'; label: string;
  /** Wall-clock time from detection (else the start). */
  ms: number;
  target?: number; targetText?: string; met?: boolean;
  /**
   * The time as said: the wall-clock time, or where its target counts in a calendar the working time it took in
   * that calendar (`10h of working time`), the time the target is judged on.
   */
  value: string;
  /** When missed: by how much, in the target's own time (working hours where it counts in a calendar). */
  missedBy?: string;
}

function t(s: string | undefined): number | undefined {
  const r = parseDateTime(s);
  return r.ok && !r.dateOnly ? r.ms : undefined;
}

export function incidentMetrics(r: RecordSummary, policy: Policy): Metric[] {
  const m = r.milestones;
  const started = t(m.started), detected = t(m.detected);
  const base = detected ?? started;
  const out: Metric[] = [];
  if (started !== undefined && detected !== undefined && detected >= started) out.push({ name: 'detect', label: 'TTD', ms: detected - started, value: formatDuration(detected - started) });
  // Met or missed against the same clock as the rules: the stricter of the priority's target (in its calendar)
  // and the severity's (sla.ts).
  const plan = planClocks(clockInputOf(r), policy);
  const pairs: [Metric['name'], string, string | undefined][] = [['acknowledge', 'TTA', m.acknowledged], ['mitigate', 'TTM', m.mitigated], ['resolve', 'TTR', m.resolved]];
  for (const [name, label, when] of pairs) {
    const w = t(when);
    if (base === undefined || w === undefined || w < base) continue;
    const c = plan.clocks.find((x) => x.target === name);
    const met = c ? w <= c.deadlineMs : undefined;
    const working = c?.calendar !== undefined && c.tookMs !== undefined;
    out.push({
      name, label, ms: w - base, target: c?.limit, targetText: c ? targetText(c, r.severity) : undefined, met,
      value: working ? targetDuration(c!, c!.tookMs!) : formatDuration(w - base),
      ...(c && met === false ? { missedBy: targetLength(c, overDeadline(c, w, policy)) } : {}),
    });
  }
  return out;
}

/** A target as the metrics write it: its length, and where it comes from unless that is the incident's severity. */
export function targetText(c: Pick<TargetClock, 'limitText' | 'source' | 'calendar'>, severity: string | undefined): string {
  return `${c.source === severity ? c.limitText : `${c.limitText} ${c.source}`}${c.calendar !== undefined ? ` in ${c.calendar} hours` : ''}`;
}

/** `TTA 3m ✓ 5m · TTM 1h 20m ✗ 1h (+20m)`. */
export function formatMetrics(ms: Metric[]): string {
  return ms.map((x) => {
    const v = `${x.label} ${x.value}`;
    if (x.target === undefined) return v;
    return x.met ? `${v} ✓ (target ${x.targetText})` : `${v} ✗ (target ${x.targetText}, +${x.missedBy})`;
  }).join(' · ');
}
