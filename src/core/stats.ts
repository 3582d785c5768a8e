/**
 * Metrics across incidents: time to detect / acknowledge / mitigate / resolve per incident, and per severity and
 * per month (count, median, p90, targets met), plus reviews due and open action items by age. Computed from the
 * index's summaries only (no file is parsed again), so `hindsight stats` costs little more than the index.
 *
 * Times are absolute instants (offsets applied), so durations across a DST change are right. An incident's month
 * is the UTC month it started (else was detected). Percentiles are nearest-rank; the median of an even count is
 * the mean of the two middle values.
 */
import { incidentMetrics, type Metric } from './metrics';
import { findSeverity, isActiveStatus, type Policy } from './policy';
import type { RecordSummary } from './summary';
import type { WorkspaceIndex } from './workspace';
import { resolveLink } from './paths';
import { parseDateTime, parseDate, DAY } from './time';
import { actionItemIsOpen, actionItemOverdue } from './due';
import { effectivePriority } from './sla';

export type MetricName = Metric['name'];
export const METRIC_NAMES: MetricName[] = ['detect', 'acknowledge', 'mitigate', 'resolve'];
export const METRIC_LABELS: Record<MetricName, string> = { detect: 'TTD', acknowledge: 'TTA', mitigate: 'TTM', resolve: 'TTR' };

export interface Aggregate {
  /** Incidents with this metric measured. */
  measured: number;
  median?: number;
  p90?: number;
  /** Of the measured incidents whose severity has a target for it: how many met it. */
  withTarget: number;
  met: number;
}

export interface StatsRow {
  key: string;
  count: number;
  metrics: Record<MetricName, Aggregate>;
}

export interface IncidentStat {
  path: string; id?: string; title?: string; severity?: string; status?: string; priority?: string; category?: string;
  month?: string; startedMs?: number; active: boolean;
  metrics: Metric[];
}

export interface ActionItemStats {
  open: number; done: number; overdue: number;
  /** Open items by age (since their review's date): buckets in order. */
  byAge: { bucket: string; count: number }[];
  byOwner: { owner: string; open: number; overdue: number }[];
}

export interface Stats {
  since?: string;
  now: number;
  incidents: number;
  active: number;
  bySeverity: StatsRow[];
  /** By the priority in force (policy order, then none), and by top-level category: empty when no incident has one. */
  byPriority: StatsRow[];
  byCategory: StatsRow[];
  byMonth: StatsRow[];
  /** Incident counts per month and severity (the chart's stacks). */
  monthSeverity: { month: string; severity: string; count: number }[];
  /** Severity targets, for drawing them: ms per metric and severity. */
  targets: { severity: string; acknowledge?: number; mitigate?: number; resolve?: number }[];
  reviewsDue: { path: string; id?: string; dueMs: number }[];
  actionItems: ActionItemStats;
  perIncident: IncidentStat[];
}


function ms(s: string | undefined): number | undefined {
  const r = parseDateTime(s);
  return r.ok && !r.dateOnly ? r.ms : undefined;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(sorted: number[]): number | undefined {
  if (!sorted.length) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function aggregate(stats: IncidentStat[], name: MetricName): Aggregate {
  const values: number[] = [];
  let withTarget = 0, met = 0;
  for (const s of stats) {
    const m = s.metrics.find((x) => x.name === name);
    if (!m) continue;
    values.push(m.ms);
    if (m.met !== undefined) { withTarget++; if (m.met) met++; }
  }
  values.sort((a, b) => a - b);
  return { measured: values.length, median: median(values), p90: percentile(values, 90), withTarget, met };
}

function row(key: string, group: IncidentStat[]): StatsRow {
  const metrics = {} as Record<MetricName, Aggregate>;
  for (const n of METRIC_NAMES) metrics[n] = aggregate(group, n);
  return { key, count: group.length, metrics };
}

/**
 * When the incident's review is due, if it needs one and has none: its severity sets review_within and neither
 * a review it links nor a review linking it exists (the same test as the review-overdue rule). Undefined otherwise.
 */
export function reviewDueMs(index: WorkspaceIndex, policy: Policy, r: RecordSummary): number | undefined {
  if (r.kind !== 'incident' || r.milestones.resolved === undefined) return undefined;
  const sev = findSeverity(policy, r.severity);
  if (sev?.reviewWithin === undefined) return undefined;
  // The cheap questions first: most incidents that need a review have one (no date to parse then).
  const linked = r.review !== undefined ? resolveLink(r.path, r.review) : undefined;
  if ((linked !== undefined && index.get(linked)?.kind === 'review') || index.reviewsFor(r).length) return undefined;
  const resolved = ms(r.milestones.resolved);
  return resolved === undefined ? undefined : resolved + sev.reviewWithin;
}

/** Incidents whose review is due and missing, past the deadline, earliest deadline first. */
export function dueReviews(index: WorkspaceIndex, policy: Policy, now: number): Stats['reviewsDue'] {
  const out: Stats['reviewsDue'] = [];
  for (const r of index.all()) {
    const dueMs = reviewDueMs(index, policy, r);
    if (dueMs !== undefined && now > dueMs) out.push({ path: r.path, id: r.id, dueMs });
  }
  return out.sort((a, b) => a.dueMs - b.dueMs);
}

const AGE_BUCKETS: [string, number][] = [['< 30 days', 30], ['30-90 days', 90], ['90-180 days', 180], ['> 180 days', Infinity]];

/** When an incident started, for figures per month: `started`, else `detected` (an instant), else undefined. */
export function incidentStartMs(r: RecordSummary): number | undefined {
  return ms(r.milestones.started) ?? ms(r.milestones.detected);
}

/** The UTC month (`YYYY-MM`) an incident counts in, or undefined when it has no start. */
export function incidentMonth(r: RecordSummary): string | undefined {
  const t = incidentStartMs(r);
  return t === undefined ? undefined : new Date(t).toISOString().slice(0, 7);
}

export function computeStats(index: WorkspaceIndex, policy: Policy, opts: { now: number; since?: string }): Stats {
  const records = index.all();
  const sinceMs = opts.since !== undefined ? parseDate(opts.since) : undefined;
  if (sinceMs && !sinceMs.ok) throw new Error(`'${opts.since}' is not a date like 2026-01-01`);
  const from = sinceMs?.ok ? sinceMs.ms : undefined;
  const incidents = records.filter((r) => r.kind === 'incident');

  const perIncident: IncidentStat[] = [];
  for (const r of incidents) {
    const startedMs = incidentStartMs(r);
    if (from !== undefined && (startedMs === undefined || startedMs < from)) continue;
    perIncident.push({
      path: r.path, id: r.id, title: r.title, severity: r.severity, status: r.status, priority: effectivePriority(policy, r), category: r.category,
      month: startedMs === undefined ? undefined : new Date(startedMs).toISOString().slice(0, 7), startedMs,
      active: !!r.status && isActiveStatus(policy, r.status),
      metrics: incidentMetrics(r, policy),
    });
  }
  perIncident.sort((a, b) => (a.startedMs ?? Infinity) - (b.startedMs ?? Infinity) || a.path.localeCompare(b.path));

  const sevOrder = policy.severities.map((s) => s.id);
  const bySev = new Map<string, IncidentStat[]>();
  for (const s of perIncident) { const k = s.severity ?? '(none)'; (bySev.get(k) ?? bySev.set(k, []).get(k)!).push(s); }
  const sevKeys = [...bySev.keys()].sort((a, b) => (sevOrder.indexOf(a) < 0 ? 99 : sevOrder.indexOf(a)) - (sevOrder.indexOf(b) < 0 ? 99 : sevOrder.indexOf(b)) || a.localeCompare(b));
  const byMonthMap = new Map<string, IncidentStat[]>();
  for (const s of perIncident) if (s.month) (byMonthMap.get(s.month) ?? byMonthMap.set(s.month, []).get(s.month)!).push(s);
  const months = [...byMonthMap.keys()].sort();
  const monthSeverity: Stats['monthSeverity'] = [];
  for (const m of months) {
    const counts = new Map<string, number>();
    for (const s of byMonthMap.get(m)!) counts.set(s.severity ?? '(none)', (counts.get(s.severity ?? '(none)') ?? 0) + 1);
    for (const k of sevKeys) if (counts.get(k)) monthSeverity.push({ month: m, severity: k, count: counts.get(k)! });
  }

  const reviewsDue = dueReviews(index, policy, opts.now);
  // The incident process (issue 18): rows per priority (policy order) and per top-level category (policy order,
  // then others by name), each with the rows' "none" last; none at all when no incident has one.
  const grouped = (keyOf: (s: IncidentStat) => string | undefined, order: string[]): StatsRow[] => {
    const by = new Map<string, IncidentStat[]>();
    for (const x of perIncident) { const k = keyOf(x) ?? '(none)'; (by.get(k) ?? by.set(k, []).get(k)!).push(x); }
    if (!by.size || (by.size === 1 && by.has('(none)'))) return [];
    const rank = (k: string) => (k === '(none)' ? 1e9 : order.indexOf(k) < 0 ? 1e6 : order.indexOf(k));
    return [...by.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((k) => row(k, by.get(k)!));
  };
  const byPriority = grouped((x) => x.priority, policy.priorities.map((p) => p.id));
  const byCategory = grouped((x) => x.category?.split('/')[0], (policy.categories ?? []).map((c) => c.id));

  const items: ActionItemStats = { open: 0, done: 0, overdue: 0, byAge: AGE_BUCKETS.map(([bucket]) => ({ bucket, count: 0 })), byOwner: [] };
  const owners = new Map<string, { owner: string; open: number; overdue: number }>();
  for (const r of records) {
    if (r.kind !== 'review') continue;
    const created = parseDate(r.date);
    for (const a of r.actionItems) {
      if (!actionItemIsOpen(a)) { items.done++; continue; }
      items.open++;
      const overdue = actionItemOverdue(a, opts.now);
      if (overdue) items.overdue++;
      if (created.ok) {
        const days = (opts.now - created.ms) / DAY;
        items.byAge[AGE_BUCKETS.findIndex(([, max]) => days < max)].count++;
      }
      const o = a.owner ?? '(no owner)';
      const e = owners.get(o) ?? owners.set(o, { owner: o, open: 0, overdue: 0 }).get(o)!;
      e.open++;
      if (overdue) e.overdue++;
    }
  }
  items.byOwner = [...owners.values()].sort((a, b) => b.open - a.open || a.owner.localeCompare(b.owner));

  return {
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    now: opts.now,
    incidents: perIncident.length,
    active: perIncident.filter((s) => s.active).length,
    bySeverity: sevKeys.map((k) => row(k, bySev.get(k)!)),
    byPriority, byCategory,
    byMonth: months.map((m) => row(m, byMonthMap.get(m)!)),
    monthSeverity,
    targets: policy.severities.map((s) => ({ severity: s.id, acknowledge: s.targets.acknowledge, mitigate: s.targets.mitigate, resolve: s.targets.resolve })),
    reviewsDue,
    actionItems: items,
    perIncident,
  };
}
