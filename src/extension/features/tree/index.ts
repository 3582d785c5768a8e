/**
 * The Hindsight views: Incidents (active first, grouped by status in policy order), Runbooks by service,
 * Reviews by status (reviews due first), Action items (open, overdue first; by status, owner or review).
 * Filter, refresh, reveal, badge, welcome content.
 */
import * as vscode from 'vscode';
import { actionItemOverdue, dueReviews, isActiveStatus, parseDate, parseDuration, type RecordSummary, type Policy } from '../../../core/index';
import type { HindsightModel } from '../../services/model';
import { Disposable } from '../../util/dispose';
import type { Node } from './nodes';
import { ageOrDuration, incidentTooltip, md, severityColor, timeZoneSetting } from './format';

export interface IncidentFilter { severities: string[]; services: string[]; statuses: string[] }

abstract class RecordTree extends Disposable implements vscode.TreeDataProvider<Node> {
  protected readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  /** Built on first use after a change: VS Code asks only for the views it shows (a collapsed view costs nothing). */
  private built: Node[] | undefined;
  private byPath = new Map<string, Node>();

  constructor(protected readonly model: HindsightModel, readonly viewId: string) { super(); }

  /** The data changed: drop the nodes and tell VS Code, which asks again for what it shows. */
  refresh(): void {
    this.built = undefined;
    this._onDidChangeTreeData.fire(undefined);
  }

  /**
   * Whether this view can be built from the model's index before the model is ready: the Incidents view can, once
   * the incident folders are read (they are read first); the others need records of every kind and wait.
   */
  protected readonly earlyFromIncidents: boolean = false;

  private get roots(): Node[] {
    if (this.built) return this.built;
    const roots = this.built = this.model.ready || this.earlyFromIncidents ? this.build() : [];
    this.byPath.clear();
    const walk = (n: Node, parent?: Node) => {
      if (n.type === 'group') n.children.forEach((c) => walk(c, n));
      else { (n as { parent?: Node }).parent = parent; if (n.type === 'record' && !this.byPath.has(n.record.path)) this.byPath.set(n.record.path, n); }
    };
    roots.forEach((n) => walk(n));
    return roots;
  }

  protected abstract build(): Node[];
  abstract getTreeItem(n: Node): vscode.TreeItem;
  /** A row's tooltip, made when it is hovered (resolveTreeItem), not for every row VS Code is sent. */
  protected tooltip(_n: Node): vscode.MarkdownString | undefined { return undefined; }

  resolveTreeItem(item: vscode.TreeItem, n: Node): vscode.TreeItem {
    item.tooltip ??= this.tooltip(n);
    return item;
  }

  getChildren(n?: Node): Node[] {
    if (!n) return this.roots;
    return n.type === 'group' ? n.children : [];
  }

  getParent(n: Node): Node | undefined {
    if (n.type === 'group') return undefined;
    return n.parent;
  }

  nodeFor(rel: string): Node | undefined { return this.roots && this.byPath.get(rel); }

  protected group(id: string, label: string, children: Node[]): Node {
    return { type: 'group', view: this.viewId, id: `${this.viewId}/${id}`, label, children, description: String(children.length) };
  }

  protected groupItem(n: Extract<Node, { type: 'group' }>): vscode.TreeItem {
    // Like VS Code's search results ("auto"), a large group starts collapsed: every row of an expanded group is
    // sent to the workbench at once (5,000 closed incidents kept the views blank for seconds). The user's own
    // expanding and collapsing is kept by VS Code (the ids are stable).
    const item = new vscode.TreeItem(n.label, n.children.length > EXPAND_GROUPS_UP_TO ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
    item.id = n.id;
    item.description = n.description;
    item.contextValue = 'group';
    return item;
  }

  protected recordItem(r: RecordSummary, label: string): vscode.TreeItem {
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.viewId}/${r.path}`;
    item.resourceUri = this.model.uriOf(r.path);
    item.command = { command: 'hindsight.openRecord', title: 'Open', arguments: [item.resourceUri] };
    return item;
  }
}

export class IncidentsTree extends RecordTree {
  filter: IncidentFilter = { severities: [], services: [], statuses: [] };
  protected override readonly earlyFromIncidents = true;

  /** For the badge: incidents known to be active (a known, non-terminal status), whatever the filter. */
  activeCount(): number {
    const policy = this.model.policy;
    // The policy's active statuses once, not two searches of its list per incident (this runs on every change).
    const active = new Set(policy.statuses.filter((s) => isActiveStatus(policy, s.id)).map((s) => s.id));
    let n = 0;
    for (const r of this.model.records()) if (r.kind === 'incident' && r.status !== undefined && active.has(r.status)) n++;
    return n;
  }

  constructor(model: HindsightModel) { super(model, 'hindsight.incidents'); }

  matches(r: RecordSummary): boolean {
    const f = this.filter;
    return (!f.severities.length || f.severities.includes(r.severity ?? ''))
      && (!f.services.length || r.services.some((s) => f.services.includes(s)))
      && (!f.statuses.length || f.statuses.includes(r.status ?? ''));
  }

  /** What the last build was made of: the incidents (the index's summary objects), the policy, the filter. */
  private builtFrom: { incidents: RecordSummary[]; policy: Policy; filter: IncidentFilter } | undefined;

  /**
   * Refreshes unless the index holds the very summaries the view was built from (same policy and filter): the end
   * of a first read, when the rest of the workspace added no incident, leaves the view as it is.
   */
  refreshIfChanged(): void {
    const b = this.builtFrom;
    if (b && b.policy === this.model.policy && b.filter === this.filter) {
      const now = this.incidentRecords();
      if (now.length === b.incidents.length && now.every((r, i) => r === b.incidents[i])) return;
    }
    this.refresh();
  }

  private incidentRecords(): RecordSummary[] { return this.model.records().filter((r) => r.kind === 'incident'); }

  protected build(): Node[] {
    const policy = this.model.policy;
    const incidents = this.incidentRecords();
    this.builtFrom = { incidents, policy, filter: this.filter };
    const shown = incidents.filter((r) => this.matches(r));
    const groupBy = vscode.workspace.getConfiguration('hindsight').get<string>('incidents.groupBy') ?? 'status';
    const ranks = new Map(policy.severities.map((s, i) => [s.id, i]));
    const sevRank = (r: RecordSummary) => (r.severity === undefined ? 99 : ranks.get(r.severity) ?? 99);
    const byRecency = (a: RecordSummary, b: RecordSummary) => cmp(b.milestones.started ?? '', a.milestones.started ?? '') || a.path.localeCompare(b.path);
    const leaf = (r: RecordSummary): Node => ({ type: 'record', id: r.path, record: r });
    const active = (r: RecordSummary) => isActiveStatus(policy, r.status);
    if (groupBy === 'none') {
      return [...shown].sort((a, b) => Number(active(b)) - Number(active(a)) || sevRank(a) - sevRank(b) || byRecency(a, b)).map(leaf);
    }
    if (groupBy === 'severity') {
      const ids = [...policy.severities.map((s) => s.id)];
      const groups = ids.map((id) => this.group(`sev/${id}`, id, shown.filter((r) => r.severity === id).sort((a, b) => Number(active(b)) - Number(active(a)) || byRecency(a, b)).map(leaf)));
      const other = shown.filter((r) => !ids.includes(r.severity ?? ''));
      if (other.length) groups.push(this.group('sev/other', 'Unknown severity', other.map(leaf)));
      return groups.filter((g) => g.type === 'group' && g.children.length);
    }
    const statuses = policy.statuses;
    const order = [...statuses.filter((s) => isActiveStatus(policy, s.id)), ...statuses.filter((s) => !isActiveStatus(policy, s.id))];
    // One pass into the groups (a 10,000-record workspace has ~5,000 incidents), then one sort per group.
    const byStatus = new Map<string, RecordSummary[]>(order.map((s) => [s.id, []]));
    const unknown: RecordSummary[] = [], none: RecordSummary[] = [];
    for (const r of shown) {
      if (r.status === undefined) none.push(r);
      else (byStatus.get(r.status) ?? unknown).push(r);
    }
    const groups: Node[] = order.map((s) => this.group(`status/${s.id}`, s.title ?? capital(s.id), byStatus.get(s.id)!.sort((a, b) => sevRank(a) - sevRank(b) || byRecency(a, b)).map(leaf)));
    if (unknown.length) groups.push(this.group('status/unknown', 'Unknown status', unknown.sort(byRecency).map(leaf)));
    if (none.length) groups.push(this.group('status/none', 'No status', none.sort(byRecency).map(leaf)));
    return groups.filter((g) => g.type === 'group' && g.children.length);
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.type === 'group') return this.groupItem(n);
    if (n.type !== 'record') return new vscode.TreeItem('');
    const r = n.record;
    const policy = this.model.policy;
    const active = isActiveStatus(policy, r.status);
    const item = this.recordItem(r, `${r.id ?? '(no id)'} ${r.title ?? ''}`.trim());
    item.description = [r.severity ?? 'no severity', ageOrDuration(r, active)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(active ? 'flame' : 'pass', severityColor(policy, r.severity));
    item.contextValue = `incident${active ? '.active' : ''}${r.review ? '' : '.noReview'}`;
    item.accessibilityInformation = { label: `${r.id ?? ''} ${r.title ?? ''}, ${r.severity ?? 'no severity'}, ${r.status ?? 'no status'}` };
    return item;
  }

  protected override tooltip(n: Node): vscode.MarkdownString | undefined {
    return n.type === 'record' ? incidentTooltip(n.record, this.model.policy, timeZoneSetting()) : undefined;
  }
}

export class RunbooksTree extends RecordTree {
  constructor(model: HindsightModel) { super(model, 'hindsight.runbooks'); }
  protected build(): Node[] {
    const runbooks = this.model.records().filter((r) => r.kind === 'runbook');
    const services = [...new Set(runbooks.flatMap((r) => r.services))].sort();
    const byTitle = (a: RecordSummary, b: RecordSummary) => (a.title ?? a.path).localeCompare(b.title ?? b.path);
    const groups = services.map((s) => this.group(`svc/${s}`, s, runbooks.filter((r) => r.services.includes(s)).sort(byTitle).map((r) => ({ type: 'record' as const, id: `${s}/${r.path}`, record: r }))));
    const none = runbooks.filter((r) => !r.services.length).sort(byTitle);
    if (none.length) groups.push(this.group('svc/none', 'No service', none.map((r) => ({ type: 'record' as const, id: r.path, record: r }))));
    return groups;
  }
  getTreeItem(n: Node): vscode.TreeItem {
    if (n.type === 'group') { const i = this.groupItem(n); i.iconPath = new vscode.ThemeIcon('server'); return i; }
    if (n.type !== 'record') return new vscode.TreeItem('');
    const r = n.record;
    const item = this.recordItem(r, r.title ?? r.path.split('/').pop()!);
    item.id = `${this.viewId}/${n.id}`;
    const overdue = runbookOverdue(r);
    item.description = [r.owner, overdue ? 'review overdue' : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(overdue ? 'warning' : 'book', overdue ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.contextValue = 'runbook';
    return item;
  }
  protected override tooltip(n: Node): vscode.MarkdownString | undefined {
    if (n.type !== 'record') return undefined;
    const r = n.record;
    const tip = md();
    tip.appendText(`${r.title ?? r.path}\n\n${r.path}`);
    if (r.alerts.length) { tip.appendMarkdown('\n\n'); tip.appendText(`Alerts: ${r.alerts.join(', ')}`); }
    if (r.lastReviewed) { tip.appendMarkdown('\n\n'); tip.appendText(`Last reviewed ${r.lastReviewed}${r.reviewEvery ? `, every ${r.reviewEvery}` : ''}`); }
    return tip;
  }
}

/** The same test as the runbook-review-overdue rule. */
function runbookOverdue(r: RecordSummary, now = Date.now()): boolean {
  const last = parseDate(r.lastReviewed);
  const every = parseDuration(r.reviewEvery);
  return last.ok && every !== undefined && now > last.ms + every;
}

export class ReviewsTree extends RecordTree {
  /** Incidents whose review is due, with the deadline (from the last build). */
  private dueMs = new Map<string, number>();
  constructor(model: HindsightModel) { super(model, 'hindsight.reviews'); }
  protected build(): Node[] {
    const reviews = this.model.records().filter((r) => r.kind === 'review');
    const statuses = this.model.policy.review.reviewStatuses;
    const leaf = (r: RecordSummary): Node => ({ type: 'record', id: r.path, record: r });
    const byDate = (a: RecordSummary, b: RecordSummary) => cmp(b.date ?? '', a.date ?? '') || a.path.localeCompare(b.path);
    const groups = statuses.map((s) => this.group(`st/${s}`, capital(s), reviews.filter((r) => r.status === s).sort(byDate).map(leaf)));
    const unknown = reviews.filter((r) => r.status !== undefined && !statuses.includes(r.status));
    if (unknown.length) groups.push(this.group('st/unknown', 'Unknown status', unknown.sort(byDate).map(leaf)));
    const none = reviews.filter((r) => r.status === undefined);
    if (none.length) groups.push(this.group('st/none', 'No status', none.sort(byDate).map(leaf)));
    // Incidents that need a review and have none past the deadline (the review-overdue rule), first.
    const dues = dueReviews(this.model.index, this.model.policy, Date.now());
    this.dueMs = new Map(dues.map((d) => [d.path, d.dueMs]));
    const due = dues.map((d) => this.model.index.get(d.path)).filter((r): r is RecordSummary => !!r);
    groups.unshift(this.group('due', 'Review due', due.map((r): Node => ({ type: 'record', id: `due/${r.path}`, record: r }))));
    return groups.filter((g) => g.type === 'group' && g.children.length);
  }
  getTreeItem(n: Node): vscode.TreeItem {
    if (n.type === 'group') return this.groupItem(n);
    if (n.type !== 'record') return new vscode.TreeItem('');
    const r = n.record;
    if (r.kind === 'incident') {
      const item = this.recordItem(r, `${r.id ?? ''} ${r.title ?? ''}`.trim() || r.path);
      item.id = `${this.viewId}/${n.id}`;
      const dueMs = this.dueMs.get(r.path);
      item.description = `${r.severity ?? ''} · needs a review${dueMs !== undefined ? `, due ${new Date(dueMs).toISOString().slice(0, 10)}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = 'incident.noReview.reviewDue';
      return item;
    }
    const item = this.recordItem(r, r.title ?? r.path.split('/').pop()!);
    const open = openActionItems(r);
    item.description = [r.incident, r.date, open ? `${open} open action item${open === 1 ? '' : 's'}` : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(r.status === 'published' ? 'notebook' : 'edit');
    item.contextValue = 'review';
    return item;
  }
  protected override tooltip(n: Node): vscode.MarkdownString | undefined {
    if (n.type !== 'record') return undefined;
    const r = n.record;
    const tip = md();
    if (r.kind === 'incident') {
      const dueMs = this.dueMs.get(r.path);
      tip.appendText(`${r.id ?? ''} ${r.title ?? ''}\n\n${r.severity ?? 'No severity'} requires a review${dueMs !== undefined ? ` by ${new Date(dueMs).toISOString().slice(0, 10)}` : ''}; none links this incident.`);
      return tip;
    }
    const open = openActionItems(r);
    tip.appendText(`${r.title ?? r.path}\n\n${[r.incident && `Review of ${r.incident}`, r.status, r.date, r.authors.length ? `by ${r.authors.join(', ')}` : undefined].filter(Boolean).join(' · ')}`);
    if (r.actionItems.length) { tip.appendMarkdown('\n\n'); tip.appendText(`${open} of ${r.actionItems.length} action item${r.actionItems.length === 1 ? '' : 's'} open`); }
    return tip;
  }
}

export class ActionItemsTree extends RecordTree {
  constructor(model: HindsightModel) { super(model, 'hindsight.actionItems'); }
  protected build(): Node[] {
    const now = Date.now();
    const items: Node[] = [];
    // Due dates repeat across items (and the index shares their strings): each distinct one is judged once.
    const overdueByDue = new Map<string | undefined, boolean>();
    for (const r of this.model.records()) {
      if (r.kind !== 'review') continue;
      r.actionItems.forEach((a, i) => {
        let overdue = false;
        if ((a.status ?? 'open') === 'open') {
          const known = overdueByDue.get(a.due);
          overdue = known ?? actionItemOverdue(a, now);
          if (known === undefined) overdueByDue.set(a.due, overdue);
        }
        items.push({ type: 'actionItem', id: `${r.path}#${i}`, item: a, index: i, review: r, overdue });
      });
    }
    const isOpen = (n: Node) => n.type === 'actionItem' && (n.item.status ?? 'open') === 'open';
    const key = (n: Node) => (n.type === 'actionItem' ? n.item.due ?? '9999' : '');
    // Due dates are ISO dates: code-unit order is date order (localeCompare, per pair, was most of this sort).
    items.sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || Number(b.type === 'actionItem' && b.overdue) - Number(a.type === 'actionItem' && a.overdue) || cmp(key(a), key(b)));
    const open = items.filter(isOpen), done = items.filter((n) => !isOpen(n));
    const groups: Node[] = [];
    const by = vscode.workspace.getConfiguration('hindsight').get<string>('actionItems.groupBy') ?? 'status';
    if (by === 'owner' || by === 'review') {
      // Open items by owner (or by review), the groups with overdue items first; done ones last, collapsed.
      const keyOf = (n: Node) => (n.type !== 'actionItem' ? '' : by === 'owner' ? n.item.owner ?? '(no owner)' : n.review.title ?? n.review.path);
      const byKey = new Map<string, Node[]>();
      for (const n of open) { const k = keyOf(n); (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(n); }
      const overdueIn = (l: Node[]) => l.filter((n) => n.type === 'actionItem' && n.overdue).length;
      const keys = [...byKey.keys()].sort((a, b) => overdueIn(byKey.get(b)!) - overdueIn(byKey.get(a)!) || a.localeCompare(b));
      for (const k of keys) groups.push(this.group(`${by}/${k}`, k, byKey.get(k)!));
    } else if (open.length) groups.push(this.group('open', 'Open', open));
    if (done.length) groups.push(this.group('done', 'Done', done));
    return groups;
  }
  getTreeItem(n: Node): vscode.TreeItem {
    if (n.type === 'group') { const i = this.groupItem(n); if (n.id.endsWith('/done')) i.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed; return i; }
    if (n.type !== 'actionItem') return new vscode.TreeItem('');
    const a = n.item;
    const item = new vscode.TreeItem(a.title ?? a.id ?? '(untitled action item)', vscode.TreeItemCollapsibleState.None);
    item.id = `${this.viewId}/${n.id}`;
    const open = (a.status ?? 'open') === 'open';
    item.description = [a.owner ?? 'no owner', a.due ? `due ${a.due}` : 'no due date', n.overdue ? 'overdue' : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(n.overdue ? 'warning' : open ? 'circle-large-outline' : 'pass', n.overdue ? new vscode.ThemeColor('list.errorForeground') : undefined);
    const uri = this.model.uriOf(n.review.path);
    item.resourceUri = uri;
    item.command = { command: 'hindsight.openRecord', title: 'Open', arguments: [uri] };
    item.contextValue = `${open ? 'actionItem.open' : 'actionItem.done'}${a.link ? '.link' : ''}`;
    return item;
  }
  protected override tooltip(n: Node): vscode.MarkdownString | undefined {
    if (n.type !== 'actionItem') return undefined;
    const a = n.item;
    const tip = md();
    tip.appendText(`${a.id ? a.id + ': ' : ''}${a.title ?? ''}\n\nFrom ${n.review.title ?? n.review.path}${a.type ? ` · ${a.type}` : ''}${a.link ? `\n\n${a.link}` : ''}`);
    return tip;
  }
}

const openActionItems = (r: RecordSummary): number => r.actionItems.filter((a) => (a.status ?? 'open') === 'open').length;

/** Groups with more rows than this start collapsed. */
export const EXPAND_GROUPS_UP_TO = 200;

/** Code-unit order: enough for ISO dates (and much cheaper than a locale's collation). */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function capital(s: string): string { return s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, ' '); }

/** The four views, kept in sync with the model; the filter and reveal commands act on them. */
export class TreeFeature extends Disposable {
  readonly incidents: IncidentsTree;
  readonly runbooks: RunbooksTree;
  readonly reviews: ReviewsTree;
  readonly actionItems: ActionItemsTree;
  readonly incidentsView: vscode.TreeView<Node>;
  private readonly views: vscode.TreeView<Node>[] = [];

  constructor(private readonly model: HindsightModel) {
    super();
    this.incidents = this._register(new IncidentsTree(model));
    this.runbooks = this._register(new RunbooksTree(model));
    this.reviews = this._register(new ReviewsTree(model));
    this.actionItems = this._register(new ActionItemsTree(model));
    for (const t of [this.incidents, this.runbooks, this.reviews, this.actionItems]) {
      const v = this._register(vscode.window.createTreeView(t.viewId, { treeDataProvider: t, showCollapseAll: t !== this.actionItems }));
      this.views.push(v);
    }
    this.incidentsView = this.views[0];
    // The first read shows the Incidents view as soon as the incident folders are read; the other views when it
    // ends (and the Incidents view again only if the rest of the workspace changed its incidents).
    let shownEarly = false;
    this._register(model.onDidReadIncidents(() => { shownEarly = true; this.incidents.refresh(); this.updateIncidentsView(); }));
    this._register(model.onDidChange(() => { // a load ends with a change of kind 'all'
      const incidentsIfChanged = shownEarly;
      shownEarly = false;
      this.refresh({ incidentsIfChanged });
    }));
    // The views' own progress bar while the workspace is read (the first open, a refresh, a big checkout).
    this._register(model.onDidStartLoad((load) => {
      for (const t of [this.incidents, this.runbooks, this.reviews, this.actionItems]) {
        void vscode.window.withProgress({ location: { viewId: t.viewId } }, () => load.catch(() => undefined));
      }
    }));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('hindsight')) this.refresh(); }));
    if (model.ready) this.refresh();
  }

  /** `incidentsIfChanged`: the Incidents view only if its incidents changed (the end of a first read that showed it early). */
  refresh(opts: { incidentsIfChanged?: boolean } = {}): void {
    for (const t of [this.runbooks, this.reviews, this.actionItems]) t.refresh();
    if (opts.incidentsIfChanged) this.incidents.refreshIfChanged(); else this.incidents.refresh();
    this.updateIncidentsView();
  }

  /** The Incidents view's badge and description, and the contexts of the welcome content and menus. */
  private updateIncidentsView(): void {
    const n = this.incidents.activeCount();
    this.incidentsView.badge = n ? { value: n, tooltip: `${n} active incident${n === 1 ? '' : 's'}` } : undefined;
    const f = this.incidents.filter;
    const parts = [...f.severities, ...f.statuses, ...f.services];
    this.incidentsView.description = parts.length ? `filtered: ${parts.join(', ')}` : undefined;
    void vscode.commands.executeCommand('setContext', 'hindsight.filtered', parts.length > 0);
    void vscode.commands.executeCommand('setContext', 'hindsight.hasRecords', this.model.index.size > 0);
    void vscode.commands.executeCommand('setContext', 'hindsight.ready', this.model.ready);
  }

  setFilter(f: IncidentFilter): void { this.incidents.filter = f; this.refresh(); }

  async reveal(rel: string): Promise<boolean> {
    for (const [t, v] of [[this.incidents, this.views[0]], [this.runbooks, this.views[1]], [this.reviews, this.views[2]]] as const) {
      const node = t.nodeFor(rel);
      if (node) { await v.reveal(node, { select: true, focus: true, expand: true }); return true; }
    }
    return false;
  }

  policy(): Policy { return this.model.policy; }
}

export function register(model: HindsightModel): TreeFeature {
  return new TreeFeature(model);
}
