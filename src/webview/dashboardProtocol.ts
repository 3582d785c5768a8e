/**
 * The metrics dashboard's message protocol, defined once for the extension host and the webview and validated on
 * arrival both ways. The host sends figures; the webview draws them (inline SVG built with DOM calls, text only as
 * textContent). The webview asks for a (re)render, or to open one of the records the host listed.
 */
import type { DashboardData } from '../core/dashboard';

/** `open`: a record the host listed; `item`, an action item of it (its place in `action_items`) to open it at. */
export type DashboardFromWebview = { type: 'ready' } | { type: 'refresh' } | { type: 'open'; path: string; item?: number }
  /** The incidents behind a bar: a month (`YYYY-MM`) of the chart, and a severity for one stack of it. */
  | { type: 'openMonth'; month: string; severity?: string };
export type DashboardFromHost = { type: 'render'; data: DashboardData };

export function parseDashboardFromWebview(v: unknown): DashboardFromWebview | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if ((o.type === 'ready' || o.type === 'refresh') && Object.keys(o).length === 1) return { type: o.type };
  // A repo-relative path (the host also checks it is one it sent).
  if (o.type === 'open' && Object.keys(o).every((k) => k === 'type' || k === 'path' || k === 'item') && typeof o.path === 'string' && o.path.length > 0 && o.path.length < 1024
    && !o.path.startsWith('/') && !o.path.split('/').includes('..') && !/[\\\0:]/.test(o.path)) {
    if (o.item === undefined) return { type: 'open', path: o.path };
    return isIndex(o.item) ? { type: 'open', path: o.path, item: o.item } : undefined;
  }
  if (o.type === 'openMonth' && typeof o.month === 'string' && /^\d{4}-\d{2}$/.test(o.month)
    && Object.keys(o).every((k) => k === 'type' || k === 'month' || k === 'severity')
    && (o.severity === undefined || (typeof o.severity === 'string' && o.severity.length > 0 && o.severity.length < 200))) {
    return o.severity === undefined ? { type: 'openMonth', month: o.month } : { type: 'openMonth', month: o.month, severity: o.severity };
  }
  return undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
function isIndex(v: unknown): v is number { return Number.isSafeInteger(v) && (v as number) >= 0; }
const optNum = (v: unknown) => v === undefined || isNum(v);
const optStr = (v: unknown) => v === undefined || isStr(v);
const series = (l: unknown) => Array.isArray(l) && l.every((s) => isObj(s) && isStr(s.key) && optNum(s.median) && optNum(s.p90) && isNum(s.measured) && isNum(s.met) && isNum(s.withTarget));

export function parseDashboardFromHost(v: unknown): DashboardFromHost | undefined {
  if (!isObj(v) || v.type !== 'render' || !isObj(v.data)) return undefined;
  const d = v.data;
  const ok = isStr(d.generatedAt) && isStr(d.since) && isNum(d.incidents) && isNum(d.active) && isNum(d.reviewsDue)
    && isObj(d.actionItems) && isNum(d.actionItems.open) && isNum(d.actionItems.overdue) && Array.isArray(d.actionItems.byAge)
    && d.actionItems.byAge.every((b) => isObj(b) && isStr(b.bucket) && isNum(b.count))
    && Array.isArray(d.severities) && d.severities.every(isStr) && Array.isArray(d.months) && d.months.every(isStr)
    && Array.isArray(d.monthSeverity) && d.monthSeverity.every((x) => isObj(x) && isStr(x.month) && isStr(x.severity) && isNum(x.count))
    && series(d.mitigate) && series(d.resolve)
    && Array.isArray(d.targets) && d.targets.every((t) => isObj(t) && isStr(t.severity) && optNum(t.mitigate) && optNum(t.resolve))
    && Array.isArray(d.breakdown) && d.breakdown.every((b) => isObj(b) && (b.by === 'priority' || b.by === 'category') && isStr(b.key) && isNum(b.count)
      && Array.isArray(b.targets) && b.targets.every((t) => isObj(t) && (t.name === 'acknowledge' || t.name === 'mitigate' || t.name === 'resolve') && isNum(t.met) && isNum(t.withTarget)))
    && isObj(d.attention) && isNum(d.attention.reviewsDueTotal) && isNum(d.attention.overdueItemsTotal)
    && Array.isArray(d.attention.reviewsDue) && d.attention.reviewsDue.every((x) => isObj(x) && isStr(x.path) && optStr(x.id) && optStr(x.title) && optStr(x.severity) && isNum(x.dueMs))
    && Array.isArray(d.attention.overdueItems) && d.attention.overdueItems.every((x) => isObj(x) && isStr(x.path) && isIndex(x.item) && optStr(x.id) && optStr(x.title) && optStr(x.owner) && isStr(x.due) && optStr(x.review));
  return ok ? { type: 'render', data: d as unknown as DashboardData } : undefined;
}
