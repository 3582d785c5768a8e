/** Response metrics of an incident: time to detect, acknowledge, mitigate, resolve, against the severity's targets. */
import { findSeverity, type Policy } from './policy';
import type { RecordSummary } from './summary';
import { parseDateTime, formatDuration } from './time';

export interface Metric { name: 'detect' | 'acknowledge' | 'mitigate' | 'resolve'; label: string; ms: number; target?: number; targetText?: string; met?: boolean }

function t(s: string | undefined): number | undefined {
  const r = parseDateTime(s);
  return r.ok && !r.dateOnly ? r.ms : undefined;
}

export function incidentMetrics(r: RecordSummary, policy: Policy): Metric[] {
  const sev = findSeverity(policy, r.severity);
  const m = r.milestones;
  const started = t(m.started), detected = t(m.detected);
  const base = detected ?? started;
  const out: Metric[] = [];
  if (started !== undefined && detected !== undefined && detected >= started) out.push({ name: 'detect', label: 'TTD', ms: detected - started });
  const pairs: [Metric['name'], string, string | undefined, 'acknowledge' | 'mitigate' | 'resolve'][] = [
    ['acknowledge', 'TTA', m.acknowledged, 'acknowledge'], ['mitigate', 'TTM', m.mitigated, 'mitigate'], ['resolve', 'TTR', m.resolved, 'resolve']];
  for (const [name, label, when, target] of pairs) {
    const w = t(when);
    if (base === undefined || w === undefined || w < base) continue;
    const limit = sev?.targets[target];
    out.push({ name, label, ms: w - base, target: limit, targetText: sev?.targetsText[target], met: limit === undefined ? undefined : w - base <= limit });
  }
  return out;
}

/** `TTA 3m ✓ 5m · TTM 1h 20m ✗ 1h (+20m)`. */
export function formatMetrics(ms: Metric[]): string {
  return ms.map((x) => {
    const v = `${x.label} ${formatDuration(x.ms)}`;
    if (x.target === undefined) return v;
    return x.met ? `${v} ✓ (target ${x.targetText})` : `${v} ✗ (target ${x.targetText}, +${formatDuration(x.ms - x.target)})`;
  }).join(' · ');
}
