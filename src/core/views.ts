/**
 * What the editor's four views show, as plain data: which rows, in which groups, in which order. The extension
 * turns these into tree items (labels, icons, tooltips); the grouping and sorting are decided here, once, with
 * the same tests of "active", "open" and "overdue" as the stats, the dashboard and the rules.
 */
import { activeStatusIds, isActiveStatus, type Policy } from './policy';
import type { ActionItemSummary, RecordSummary } from './summary';
import type { WorkspaceIndex } from './workspace';
import { actionItemIsOpen, actionItemOverdue } from './due';
import { dueReviews } from './stats';
import { effectivePriority } from './sla';

/** A record's row; `id` is unique within its view (a runbook listed under two services has two rows). */
export interface RecordRow { type: 'record'; id: string; record: RecordSummary; /** Reviews view, Review due: the deadline. */ dueMs?: number }
/** `index`: the item's position among the review's action items (mappings, in file order). */
export interface ActionItemRow { type: 'actionItem'; id: string; item: ActionItemSummary; index: number; review: RecordSummary; open: boolean; overdue: boolean }
/** A group of rows; `id` is unique within its view and stable across rebuilds (VS Code keeps expansion by id). */
export interface ViewGroup<R> { id: string; label: string; rows: R[] }
/** A view's content: groups, or (Incidents grouped by nothing) rows. */
export type ViewContent<R> = { groups: ViewGroup<R>[] } | { rows: R[] };

/** Any value within a dimension, all dimensions; a category matches its subcategories (`network` matches `network/dns`). */
export interface IncidentFilter { severities: string[]; services: string[]; statuses: string[]; priorities?: string[]; categories?: string[] }
export type IncidentGrouping = 'status' | 'severity' | 'priority' | 'category' | 'none';

/** A filter as kept between sessions (workspace state), read back: lists of strings only; undefined when it is not one. */
export function readIncidentFilter(saved: unknown): IncidentFilter | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const o = saved as Record<string, unknown>;
  const list = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v] : undefined);
  const f: IncidentFilter = { severities: list(o.severities) ?? [], services: list(o.services) ?? [], statuses: list(o.statuses) ?? [], priorities: list(o.priorities) ?? [], categories: list(o.categories) ?? [] };
  return Object.values(f).some((v) => v.length) ? f : undefined;
}
export type ActionItemGrouping = 'status' | 'owner' | 'review';

/** Code-unit order: enough for ISO dates and for paths as a tie-break (the index's own order), and much cheaper than a locale's collation. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The items in the order of a string key (descending with `desc`), items of one key in their given order: one
 * pass into a bucket per key, then the distinct keys sorted. Dates repeat (an action item's due date, a review's
 * date), so this is far fewer comparisons than a sort of every item (a sort of 7,500 action items by due date
 * was most of the Action Items view).
 */
function byKeyOrder<T>(items: readonly T[], key: (t: T) => string, desc = false): T[] {
  const buckets = new Map<string, T[]>();
  for (const t of items) { const k = key(t); const b = buckets.get(k); if (b) b.push(t); else buckets.set(k, [t]); }
  const keys = [...buckets.keys()].sort(cmp);
  if (desc) keys.reverse();
  const out: T[] = [];
  for (const k of keys) for (const t of buckets.get(k)!) out.push(t);
  return out;
}

/** `in-review` -> `In review`. */
export function groupLabel(id: string): string { return id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' '); }

/** Whether an incident passes the filter: any picked value within a dimension, every dimension that has picks. */
export function incidentMatches(r: RecordSummary, f: IncidentFilter, policy?: Policy): boolean {
  return (!f.severities.length || f.severities.includes(r.severity ?? ''))
    && (!f.services.length || r.services.some((s) => f.services.includes(s)))
    && (!f.statuses.length || f.statuses.includes(r.status ?? ''))
    && (!f.priorities?.length || f.priorities.includes((policy ? effectivePriority(policy, r) : r.priority) ?? ''))
    && (!f.categories?.length || f.categories.some((c) => r.category === c || (r.category ?? '').startsWith(c + '/')));
}

/** A dimension of the Incidents view's filter, with the values to pick from (the filter's own picked). */
export interface FilterDimension { dim: keyof IncidentFilter; title: string; values: { value: string; label: string; description?: string; picked: boolean }[] }

/**
 * What the Filter command offers: severities, statuses, services (the policy's, else those incidents name),
 * priorities and categories when the policy has them; a category with its subcategories, then each subcategory
 * on its own (`network/dns`).
 */
export function incidentFilterChoices(policy: Policy, incidents: readonly RecordSummary[], f: IncidentFilter): FilterDimension[] {
  const picked = (dim: keyof IncidentFilter, v: string) => (f[dim] ?? []).includes(v);
  const services = policy.services ?? [...new Set(incidents.flatMap((r) => r.services))].sort();
  const out: FilterDimension[] = [
    { dim: 'severities', title: 'Severity', values: policy.severities.map((s) => ({ value: s.id, label: s.id, description: s.title, picked: picked('severities', s.id) })) },
    { dim: 'statuses', title: 'Status', values: policy.statuses.map((s) => ({ value: s.id, label: s.id, picked: picked('statuses', s.id) })) },
    { dim: 'services', title: 'Service', values: services.map((s) => ({ value: s, label: s, picked: picked('services', s) })) },
  ];
  if (policy.priorities.length) out.push({ dim: 'priorities', title: 'Priority', values: policy.priorities.map((x) => ({ value: x.id, label: x.id, description: x.title, picked: picked('priorities', x.id) })) });
  if (policy.categories?.length) {
    out.push({
      dim: 'categories', title: 'Category', values: policy.categories.flatMap((c) => [
        { value: c.id, label: c.id, description: [c.title, c.subcategories.length ? `all ${c.subcategories.length} subcategories` : undefined].filter(Boolean).join(' · ') || undefined, picked: picked('categories', c.id) },
        ...c.subcategories.map((sub) => ({ value: `${c.id}/${sub}`, label: `${c.id}/${sub}`, picked: picked('categories', `${c.id}/${sub}`) })),
      ]),
    });
  }
  return out;
}

/** Incidents known to be active (a status of the policy that does not resolve them): the badge's count. */
export function activeIncidentCount(records: readonly RecordSummary[], policy: Policy): number {
  // The policy's active statuses once, not two searches of its list per incident (this runs on every change).
  const active = activeStatusIds(policy);
  let n = 0;
  for (const r of records) if (r.kind === 'incident' && r.status !== undefined && active.has(r.status)) n++;
  return n;
}

/**
 * The Incidents view: by status (the policy's active statuses first, in policy order; then unknown and missing
 * statuses), by severity (policy order), or ungrouped (active first, then by severity). Within a group the most
 * severe first, then the most recent. Empty groups are left out.
 */
export function incidentsView(incidents: readonly RecordSummary[], policy: Policy, opts: { filter: IncidentFilter; groupBy: IncidentGrouping }): ViewContent<RecordRow> {
  const shown = incidents.filter((r) => incidentMatches(r, opts.filter, policy));
  const ranks = new Map(policy.severities.map((s, i) => [s.id, i]));
  const sevRank = (r: RecordSummary) => (r.severity === undefined ? 99 : ranks.get(r.severity) ?? 99);
  const byRecency = (a: RecordSummary, b: RecordSummary) => cmp(b.milestones.started ?? '', a.milestones.started ?? '') || cmp(a.path, b.path);
  const row = (r: RecordSummary): RecordRow => ({ type: 'record', id: r.path, record: r });
  const active = (r: RecordSummary) => isActiveStatus(policy, r.status);
  const nonEmpty = (gs: ViewGroup<RecordRow>[]) => ({ groups: gs.filter((g) => g.rows.length) });
  if (opts.groupBy === 'none') {
    return { rows: [...shown].sort((a, b) => Number(active(b)) - Number(active(a)) || sevRank(a) - sevRank(b) || byRecency(a, b)).map(row) };
  }
  if (opts.groupBy === 'priority') {
    // The priority in force (derived from impact and urgency, else as written), in the policy's order.
    const ids = policy.priorities.map((p) => p.id);
    const byPrio = new Map<string, RecordSummary[]>(ids.map((id) => [id, []]));
    const none: RecordSummary[] = [];
    for (const r of shown) { const p = effectivePriority(policy, r); (p !== undefined ? byPrio.get(p) ?? none : none).push(r); }
    const sorted = (rs: RecordSummary[]) => rs.sort((a, b) => Number(active(b)) - Number(active(a)) || sevRank(a) - sevRank(b) || byRecency(a, b)).map(row);
    const groups = ids.map((id) => { const p = policy.priorities.find((x) => x.id === id)!; return { id: `prio/${id}`, label: p.title ? `${id} · ${p.title}` : id, rows: sorted(byPrio.get(id)!) }; });
    groups.push({ id: 'prio/none', label: 'No priority', rows: sorted(none) });
    return nonEmpty(groups);
  }
  if (opts.groupBy === 'category') {
    // By top-level category (a subcategory's incidents under their category), in the policy's order, then others.
    const ids = (policy.categories ?? []).map((c) => c.id);
    const top = (r: RecordSummary) => r.category?.split('/')[0];
    const seen = [...new Set(shown.map(top).filter((c): c is string => c !== undefined && !ids.includes(c)))].sort();
    const sorted = (rs: RecordSummary[]) => rs.sort((a, b) => Number(active(b)) - Number(active(a)) || sevRank(a) - sevRank(b) || byRecency(a, b)).map(row);
    const groups = [...ids, ...seen].map((id) => ({ id: `cat/${id}`, label: policy.categories?.find((c) => c.id === id)?.title ?? id, rows: sorted(shown.filter((r) => top(r) === id)) }));
    groups.push({ id: 'cat/none', label: 'No category', rows: sorted(shown.filter((r) => top(r) === undefined)) });
    // Categories with an active incident first (in the policy's order), then the others: the group of the
    // incident that is on is not left below those of closed ones.
    const on = (g: ViewGroup<RecordRow>) => g.rows.some((row) => active(row.record));
    groups.sort((a, b) => Number(on(b)) - Number(on(a)));
    return nonEmpty(groups);
  }
  if (opts.groupBy === 'severity') {
    const ids = policy.severities.map((s) => s.id);
    const groups = ids.map((id) => ({ id: `sev/${id}`, label: id, rows: shown.filter((r) => r.severity === id).sort((a, b) => Number(active(b)) - Number(active(a)) || byRecency(a, b)).map(row) }));
    const other = shown.filter((r) => !ids.includes(r.severity ?? ''));
    if (other.length) groups.push({ id: 'sev/other', label: 'Unknown severity', rows: other.map(row) });
    return nonEmpty(groups);
  }
  const statuses = policy.statuses;
  const order = [...statuses.filter((s) => isActiveStatus(policy, s.id)), ...statuses.filter((s) => !isActiveStatus(policy, s.id))];
  // One pass into the groups (a 10,000-record workspace has ~5,000 incidents), then one sort per group.
  const byStatus = new Map<string, RecordSummary[]>(order.map((s) => [s.id, []]));
  const unknown: RecordSummary[] = [], none: RecordSummary[] = [], unparsed: RecordSummary[] = [];
  for (const r of shown) {
    // Read with front matter that does not parse (nothing kept from an earlier parse): first, to be fixed.
    if (r.status === undefined) (r.ok ? none : unparsed).push(r);
    else (byStatus.get(r.status) ?? unknown).push(r);
  }
  const groups = order.map((s) => ({ id: `status/${s.id}`, label: s.title ?? groupLabel(s.id), rows: byStatus.get(s.id)!.sort((a, b) => sevRank(a) - sevRank(b) || byRecency(a, b)).map(row) }));
  if (unparsed.length) groups.unshift({ id: 'status/unparsed', label: 'Front matter does not parse', rows: unparsed.sort(byRecency).map(row) });
  if (unknown.length) groups.push({ id: 'status/unknown', label: 'Unknown status', rows: unknown.sort(byRecency).map(row) });
  if (none.length) groups.push({ id: 'status/none', label: 'No status', rows: none.sort(byRecency).map(row) });
  return nonEmpty(groups);
}

/** The Runbooks view: one group per service (a runbook under each of its services), by title; then those with none. */
export function runbooksView(records: readonly RecordSummary[]): ViewGroup<RecordRow>[] {
  const runbooks = records.filter((r) => r.kind === 'runbook');
  const services = [...new Set(runbooks.flatMap((r) => r.services))].sort();
  // One collator for the sort (the user's language order, as localeCompare, which makes one a call).
  const byText = new Intl.Collator().compare;
  const byTitle = (a: RecordSummary, b: RecordSummary) => byText(a.title ?? a.path, b.title ?? b.path);
  const groups = services.map((s) => ({ id: `svc/${s}`, label: s, rows: runbooks.filter((r) => r.services.includes(s)).sort(byTitle).map((r): RecordRow => ({ type: 'record', id: `${s}/${r.path}`, record: r })) }));
  const none = runbooks.filter((r) => !r.services.length).sort(byTitle);
  if (none.length) groups.push({ id: 'svc/none', label: 'No service', rows: none.map((r): RecordRow => ({ type: 'record', id: r.path, record: r })) });
  return groups;
}

/**
 * The Reviews view: first *Review due* (incidents whose severity requires a review and that have none past the
 * deadline, earliest first, the review-overdue rule's test), then reviews by the policy's review statuses, then
 * unknown and missing statuses; newest first within a group. Empty groups are left out.
 */
export function reviewsView(index: WorkspaceIndex, policy: Policy, now: number): ViewGroup<RecordRow>[] {
  const reviews = index.all().filter((r) => r.kind === 'review');
  const statuses = policy.review.reviewStatuses;
  const row = (r: RecordSummary): RecordRow => ({ type: 'record', id: r.path, record: r });
  // Newest first; one date's reviews in the index's (path) order.
  const byDate = (rs: RecordSummary[]) => byKeyOrder(rs, (r) => r.date ?? '', true);
  const due: RecordRow[] = [];
  for (const d of dueReviews(index, policy, now)) {
    const r = index.get(d.path);
    if (r) due.push({ type: 'record', id: `due/${r.path}`, record: r, dueMs: d.dueMs });
  }
  const groups: ViewGroup<RecordRow>[] = [{ id: 'due', label: 'Review due', rows: due }];
  for (const s of statuses) groups.push({ id: `st/${s}`, label: groupLabel(s), rows: byDate(reviews.filter((r) => r.status === s)).map(row) });
  const unknown = reviews.filter((r) => r.status !== undefined && !statuses.includes(r.status));
  if (unknown.length) groups.push({ id: 'st/unknown', label: 'Unknown status', rows: byDate(unknown).map(row) });
  const none = reviews.filter((r) => r.status === undefined);
  if (none.length) groups.push({ id: 'st/none', label: 'No status', rows: byDate(none).map(row) });
  return groups.filter((g) => g.rows.length);
}

/** The group of done action items (its id; the view starts it collapsed). */
export const DONE_GROUP_ID = 'done';

/**
 * The Action Items view: open items first (overdue first, then by due date), grouped as one *Open* group, by
 * owner or by review (the groups with more overdue items first); done items last, in *Done*. Open and overdue
 * are the core's tests (`actionItemIsOpen`, `actionItemOverdue`): an item `blocked` is open.
 */
export function actionItemsView(records: readonly RecordSummary[], opts: { groupBy: ActionItemGrouping; now: number }): ViewGroup<ActionItemRow>[] {
  // Three buckets in the index's order (overdue, open, done), each then in due-date order (one date's items in the
  // index's order).
  const overdueRows: ActionItemRow[] = [], openRows: ActionItemRow[] = [], done: ActionItemRow[] = [];
  // Due dates repeat across items (and the index shares their strings): each distinct one is judged once.
  const overdueByDue = new Map<string | undefined, boolean>();
  for (const r of records) {
    if (r.kind !== 'review') continue;
    const items = r.actionItems;
    for (let i = 0; i < items.length; i++) {
      const a = items[i];
      const open = actionItemIsOpen(a);
      let overdue = false;
      if (open) {
        const known = overdueByDue.get(a.due);
        overdue = known ?? actionItemOverdue(a, opts.now);
        if (known === undefined) overdueByDue.set(a.due, overdue);
      }
      (overdue ? overdueRows : open ? openRows : done).push({ type: 'actionItem', id: `${r.path}#${i}`, item: a, index: i, review: r, open, overdue });
    }
  }
  // Due dates are ISO dates: code-unit order is date order.
  const byDue = (rows: ActionItemRow[]) => byKeyOrder(rows, (n) => n.item.due ?? '9999');
  const open = byDue(overdueRows).concat(byDue(openRows));
  const groups: ViewGroup<ActionItemRow>[] = [];
  const by = opts.groupBy;
  if (by === 'owner' || by === 'review') {
    const keyOf = (n: ActionItemRow) => (by === 'owner' ? n.item.owner ?? '(no owner)' : n.review.title ?? n.review.path);
    const byKey = new Map<string, ActionItemRow[]>();
    for (const n of open) { const k = keyOf(n); (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(n); }
    const overdueIn = (l: ActionItemRow[]) => l.filter((n) => n.overdue).length;
    const keys = [...byKey.keys()].sort((a, b) => overdueIn(byKey.get(b)!) - overdueIn(byKey.get(a)!) || a.localeCompare(b));
    for (const k of keys) groups.push({ id: `${by}/${k}`, label: k, rows: byKey.get(k)! });
  } else if (open.length) groups.push({ id: 'open', label: 'Open', rows: open });
  if (done.length) groups.push({ id: DONE_GROUP_ID, label: 'Done', rows: byDue(done) });
  return groups;
}
