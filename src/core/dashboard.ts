/** The figures the metrics dashboard draws, from the stats of the last months. */
import { computeStats, incidentMonth, incidentStartMs } from './stats';
import type { RecordSummary } from './summary';
import { actionItemOverdue } from './due';
import type { Policy } from './policy';
import type { WorkspaceIndex } from './workspace';

/** Per month: a response-time series against the targets. */
export interface DashboardSeries { key: string; median?: number; p90?: number; measured: number; met: number; withTarget: number }
export interface DashboardData {
  generatedAt: string;
  since: string;
  incidents: number;
  active: number;
  reviewsDue: number;
  actionItems: { open: number; overdue: number; done: number; byAge: { bucket: string; count: number }[] };
  /** Severity ids in policy order (then any unknown ones), for colours and legends. */
  severities: string[];
  months: string[];
  monthSeverity: { month: string; severity: string; count: number }[];
  mitigate: DashboardSeries[];
  resolve: DashboardSeries[];
  /**
   * Per priority and per category (issue 18), in the period: incidents and, per target, how many met it of those
   * with one (the stricter of the priority's and the severity's). Empty when no incident has one.
   */
  breakdown: { by: 'priority' | 'category'; key: string; count: number; targets: { name: 'acknowledge' | 'mitigate' | 'resolve'; met: number; withTarget: number }[] }[];
  /** Per severity: the targets in ms, for the legend. */
  targets: { severity: string; mitigate?: number; resolve?: number }[];
  /** What needs someone now (all time, not only the period): the records to open, most urgent first, at most ATTENTION_MAX each. */
  attention: {
    reviewsDue: { path: string; id?: string; title?: string; severity?: string; dueMs: number }[];
    /** `item`: the item's place in the review's `action_items` (to open the review at it). */
    overdueItems: { path: string; item: number; id?: string; title?: string; owner?: string; due: string; review?: string }[];
    /** How many there are in all (the lists are cut). */
    reviewsDueTotal: number;
    overdueItemsTotal: number;
  };
}

export const ATTENTION_MAX = 8;


/** The last `n` calendar months (UTC) up to and including the month of `now`, oldest first: `YYYY-MM`. */
export function lastMonths(now: number, n: number): string[] {
  const d = new Date(now);
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
  return out;
}

/** The incidents counted in a month of the dashboard (and of one severity), in time order: what a bar stands for. */
export function incidentsInMonth(index: WorkspaceIndex, month: string, severity?: string): RecordSummary[] {
  return index.all().filter((r) => r.kind === 'incident' && incidentMonth(r) === month && (severity === undefined || r.severity === severity))
    .sort((a, b) => (incidentStartMs(a) ?? 0) - (incidentStartMs(b) ?? 0) || (a.path < b.path ? -1 : 1));
}

export function dashboardData(index: WorkspaceIndex, policy: Policy, opts: { now: number; months?: number }): DashboardData {
  // A true window of calendar months ending with this one, every month on the axis (empty ones too).
  const axis = lastMonths(opts.now, opts.months ?? 12);
  const since = `${axis[0]}-01`;
  const s = computeStats(index, policy, { now: opts.now, since });
  const sevOrder = policy.severities.map((x) => x.id);
  const extra = [...new Set(s.monthSeverity.map((x) => x.severity))].filter((x) => !sevOrder.includes(x)).sort();
  const rows = new Map(s.byMonth.map((r) => [r.key, r]));
  const series = (name: 'mitigate' | 'resolve'): DashboardSeries[] => axis.map((key) => {
    const m = rows.get(key)?.metrics[name];
    return m ? { key, median: m.median, p90: m.p90, measured: m.measured, met: m.met, withTarget: m.withTarget } : { key, measured: 0, met: 0, withTarget: 0 };
  });
  const reviewsDue = s.reviewsDue.map((d) => { const r = index.get(d.path); return { path: d.path, id: d.id, title: r?.title, severity: r?.severity, dueMs: d.dueMs }; });
  const overdue: DashboardData['attention']['overdueItems'] = [];
  for (const r of index.all()) {
    if (r.kind !== 'review') continue;
    r.actionItems.forEach((a, item) => {
      if (actionItemOverdue(a, opts.now)) overdue.push({ path: r.path, item, id: a.id, title: a.title, owner: a.owner, due: a.due!, review: r.title });
    });
  }
  overdue.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  return {
    attention: { reviewsDue: reviewsDue.slice(0, ATTENTION_MAX), overdueItems: overdue.slice(0, ATTENTION_MAX), reviewsDueTotal: reviewsDue.length, overdueItemsTotal: overdue.length },
    generatedAt: new Date(opts.now).toISOString(), since,
    incidents: s.incidents, active: s.active, reviewsDue: s.reviewsDue.length,
    actionItems: { open: s.actionItems.open, overdue: s.actionItems.overdue, done: s.actionItems.done, byAge: s.actionItems.byAge },
    severities: [...sevOrder, ...extra],
    months: axis,
    monthSeverity: s.monthSeverity.filter((x) => axis.includes(x.month)),
    mitigate: series('mitigate'), resolve: series('resolve'),
    targets: s.targets.map((t) => ({ severity: t.severity, mitigate: t.mitigate, resolve: t.resolve })),
    breakdown: ([['priority', s.byPriority], ['category', s.byCategory]] as const).flatMap(([by, rows]) => rows.map((r) => ({
      by, key: r.key, count: r.count,
      targets: (['acknowledge', 'mitigate', 'resolve'] as const).map((name) => ({ name, met: r.metrics[name].met, withTarget: r.metrics[name].withTarget })),
    }))),
  };
}
