/**
 * The Hindsight views: Incidents (active first, grouped by status in policy order), Runbooks by service,
 * Reviews by status (reviews due first), Action items (open, overdue first; by status, owner or review).
 * What each view holds, grouped and sorted, is the core's view model (src/core/views.ts); here it becomes tree
 * items. Filter, refresh, reveal, badge, welcome content, and the commands that act on the views.
 */
import * as vscode from 'vscode';
import { actionItemOverdue, actionItemsView, activeIncidentCount, DONE_GROUP_ID, incidentFilterChoices, incidentsView, isActiveStatus, readIncidentFilter, openActionItemCount, reviewsView, runbookReviewOverdue, runbooksView, type IncidentFilter, type RecordSummary, type Policy, type ViewGroup } from '../../../core/index';
import { changesSummaries, type HindsightModel } from '../../services/model';
import type { FeatureContext } from '../../services/featureContext';
import type { Settings } from '../../services/settings';
import type { ClockBoard } from '../../services/clocks';
import { registerCommands } from '../../services/commands';
import { parseRecordPlace, showRecord, type RecordPlace } from '../../services/records';
import type { TreeNode as Node } from '../../services/targets';
import { Disposable } from '../../util/dispose';
import { md } from '../../util/markdown';
import { ageOrDuration, incidentTooltip, severityColor } from './format';

export type { IncidentFilter };

abstract class RecordTree extends Disposable implements vscode.TreeDataProvider<Node> {
  protected readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  /** Built on first use after a change: VS Code asks only for the views it shows (a collapsed view costs nothing). */
  private built: Node[] | undefined;
  private byPath = new Map<string, Node>();
  private byRow = new Map<string, Node>();
  private indexed = false;

  constructor(protected readonly model: HindsightModel, protected readonly settings: Settings, readonly viewId: string) { super(); }

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
    this.indexed = false;
    return this.built = this.model.ready || this.earlyFromIncidents ? this.build() : [];
  }

  /**
   * Rows by record path and by row id, and each row's parent: made when first asked for (a reveal, a refresh of
   * one row), not on every build (25,000 map entries were a fifth of building the four views of 10,000 records).
   */
  private index(): void {
    if (this.indexed) return;
    const roots = this.roots;
    this.byPath.clear();
    this.byRow.clear();
    const walk = (n: Node, parent?: Node) => {
      if (n.type === 'group') n.children.forEach((c) => walk(c, n));
      else {
        (n as { parent?: Node }).parent = parent;
        if (n.type === 'record' && !this.byPath.has(n.record.path)) this.byPath.set(n.record.path, n);
        else if (n.type === 'actionItem') this.byRow.set(n.id, n);
      }
    };
    roots.forEach((n) => walk(n));
    this.indexed = true;
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
    this.index();
    return n.parent;
  }

  nodeFor(rel: string): Node | undefined { this.index(); return this.byPath.get(rel); }
  /** A record's row if the view is built (never builds it: for refreshing rows VS Code already has). */
  protected builtNodeFor(rel: string): Node | undefined {
    if (!this.built) return undefined;
    this.index();
    return this.byPath.get(rel);
  }
  /** A row by its core id (an action item: `review.md#index`). */
  nodeForRow(id: string): Node | undefined { this.index(); return this.byRow.get(id); }

  /** A group of the core's view model as a node of this view. */
  protected group<R extends Node>(g: ViewGroup<R>): Node {
    return { type: 'group', view: this.viewId, id: `${this.viewId}/${g.id}`, label: g.label, children: g.rows, description: String(g.rows.length) };
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

  /** A record whose front matter does not parse says so first (one that stopped parsing mid-edit stays where it was). */
  protected markUnparsed(item: vscode.TreeItem, r: RecordSummary): vscode.TreeItem {
    if (r.ok) return item;
    item.description = ['front matter does not parse', item.description].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    return item;
  }
}

export class IncidentsTree extends RecordTree {
  filter: IncidentFilter = { severities: [], services: [], statuses: [] };
  protected override readonly earlyFromIncidents = true;

  /** For the badge: incidents known to be active (a known, non-terminal status), whatever the filter. */
  activeCount(): number { return activeIncidentCount(this.model.records(), this.model.policy); }

  constructor(model: HindsightModel, settings: Settings, private readonly clocks: ClockBoard) { super(model, settings, 'hindsight.incidents'); }

  /** What each open incident's row last said of its clock: a tick redraws only the rows whose text changed. */
  private readonly shownClocks = new Map<string, string>();

  /**
   * The minute tick: the rows whose clock text changed are drawn again, one by one (a whole refresh would redraw
   * every row, and drop a tooltip the user is about to see).
   */
  refreshClocks(): number {
    let n = 0;
    for (const [path, shown] of this.shownClocks) {
      const c = this.clocks.describe(path);
      if (c && `${c.text}|${c.state}` === shown) continue;
      const node = this.builtNodeFor(path);
      if (!node) continue;
      this._onDidChangeTreeData.fire(node);
      n++;
    }
    return n;
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
    const view = incidentsView(incidents, policy, { filter: this.filter, groupBy: this.settings.current.incidentsGroupBy });
    return 'rows' in view ? view.rows : view.groups.map((g) => this.group(g));
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.type === 'group') return this.groupItem(n);
    if (n.type !== 'record') return new vscode.TreeItem('');
    const r = n.record;
    const policy = this.model.policy;
    const active = isActiveStatus(policy, r.status);
    const item = this.recordItem(r, `${r.id ?? '(no id)'} ${r.title ?? ''}`.trim());
    // An open incident's most urgent clock ("mitigate in 12m", "resolve breached 40m ago") where its age was.
    const clock = active ? this.clocks.describe(r.path) : undefined;
    if (clock) this.shownClocks.set(r.path, `${clock.text}|${clock.state}`); else this.shownClocks.delete(r.path);
    item.description = [r.severity ?? 'no severity', clock?.priority, clock?.text ?? ageOrDuration(r, active)].filter(Boolean).join(' · ');
    // A breached or at-risk clock shows in the icon too: a narrow side bar cuts the description off first.
    item.iconPath = clock?.state === 'breached' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
      : clock?.state === 'at-risk' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon(active ? 'flame' : 'pass', severityColor(policy, r.severity));
    item.contextValue = `incident${active ? '.active' : ''}${r.review ? '' : '.noReview'}`;
    item.accessibilityInformation = { label: `${r.id ?? ''} ${r.title ?? ''}, ${r.severity ?? 'no severity'}, ${r.status ?? 'no status'}${r.ok ? '' : ', front matter does not parse'}` };
    return this.markUnparsed(item, r);
  }

  protected override tooltip(n: Node): vscode.MarkdownString | undefined {
    return n.type === 'record' ? incidentTooltip(n.record, this.model.policy, this.settings.current.timeZone, this.clocks.entry(n.record.path)) : undefined;
  }
}

export class RunbooksTree extends RecordTree {
  constructor(model: HindsightModel, settings: Settings) { super(model, settings, 'hindsight.runbooks'); }
  protected build(): Node[] { return runbooksView(this.model.records()).map((g) => this.group(g)); }
  getTreeItem(n: Node): vscode.TreeItem {
    if (n.type === 'group') { const i = this.groupItem(n); i.iconPath = new vscode.ThemeIcon('server'); return i; }
    if (n.type !== 'record') return new vscode.TreeItem('');
    const r = n.record;
    const item = this.recordItem(r, r.title ?? r.path.split('/').pop()!);
    item.id = `${this.viewId}/${n.id}`;
    const overdue = runbookReviewOverdue(r, Date.now());
    item.description = [r.owner, overdue ? 'review overdue' : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(overdue ? 'warning' : 'book', overdue ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.contextValue = 'runbook';
    return this.markUnparsed(item, r);
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

export class ReviewsTree extends RecordTree {
  constructor(model: HindsightModel, settings: Settings) { super(model, settings, 'hindsight.reviews'); }
  protected build(): Node[] { return reviewsView(this.model.index, this.model.policy, Date.now()).map((g) => this.group(g)); }
  getTreeItem(n: Node): vscode.TreeItem {
    if (n.type === 'group') return this.groupItem(n);
    if (n.type !== 'record') return new vscode.TreeItem('');
    const r = n.record;
    if (r.kind === 'incident') {
      const item = this.recordItem(r, `${r.id ?? ''} ${r.title ?? ''}`.trim() || r.path);
      item.id = `${this.viewId}/${n.id}`;
      const dueMs = n.dueMs;
      item.description = `${r.severity ?? ''} · needs a review${dueMs !== undefined ? `, due ${new Date(dueMs).toISOString().slice(0, 10)}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = 'incident.noReview.reviewDue';
      return item;
    }
    const item = this.recordItem(r, r.title ?? r.path.split('/').pop()!);
    const open = openActionItemCount(r);
    item.description = [r.incident, r.date, open ? `${open} open action item${open === 1 ? '' : 's'}` : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(r.status === 'published' ? 'notebook' : 'edit');
    item.contextValue = 'review';
    return this.markUnparsed(item, r);
  }
  protected override tooltip(n: Node): vscode.MarkdownString | undefined {
    if (n.type !== 'record') return undefined;
    const r = n.record;
    const tip = md();
    if (r.kind === 'incident') {
      const dueMs = n.dueMs;
      tip.appendText(`${r.id ?? ''} ${r.title ?? ''}\n\n${r.severity ?? 'No severity'} requires a review${dueMs !== undefined ? ` by ${new Date(dueMs).toISOString().slice(0, 10)}` : ''}; none links this incident.`);
      return tip;
    }
    const open = openActionItemCount(r);
    tip.appendText(`${r.title ?? r.path}\n\n${[r.incident && `Review of ${r.incident}`, r.status, r.date, r.authors.length ? `by ${r.authors.join(', ')}` : undefined].filter(Boolean).join(' · ')}`);
    if (r.actionItems.length) { tip.appendMarkdown('\n\n'); tip.appendText(`${open} of ${r.actionItems.length} action item${r.actionItems.length === 1 ? '' : 's'} open`); }
    // What makes the row a warning: the overdue items, by name.
    const now = Date.now();
    for (const a of r.actionItems) if (actionItemOverdue(a, now)) { tip.appendMarkdown('\n\n'); tip.appendText(`⚠ ${a.id ? `${a.id} ` : ''}${a.title ?? '(no title)'}: overdue since ${a.due}${a.owner ? ` (${a.owner})` : ''}`); }
    return tip;
  }
}

export class ActionItemsTree extends RecordTree {
  constructor(model: HindsightModel, settings: Settings) { super(model, settings, 'hindsight.actionItems'); }
  protected build(): Node[] {
    return actionItemsView(this.model.records(), { groupBy: this.settings.current.actionItemsGroupBy, now: Date.now() }).map((g) => this.group(g));
  }
  getTreeItem(n: Node): vscode.TreeItem {
    if (n.type === 'group') { const i = this.groupItem(n); if (n.id === `${this.viewId}/${DONE_GROUP_ID}`) i.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed; return i; }
    if (n.type !== 'actionItem') return new vscode.TreeItem('');
    const a = n.item;
    const item = new vscode.TreeItem(a.title ?? a.id ?? '(untitled action item)', vscode.TreeItemCollapsibleState.None);
    item.id = `${this.viewId}/${n.id}`;
    const open = n.open;
    item.description = [a.owner ?? 'no owner', a.due ? `due ${a.due}` : 'no due date', n.overdue ? 'overdue' : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(n.overdue ? 'warning' : open ? 'circle-large-outline' : 'pass', n.overdue ? new vscode.ThemeColor('list.errorForeground') : undefined);
    const uri = this.model.uriOf(n.review.path);
    // No resourceUri: it would paint the review file's problem count on every item of it (read as the item's own).
    const place: RecordPlace = { actionItem: a.id === undefined ? { index: n.index } : { index: n.index, id: a.id } };
    item.command = { command: 'hindsight.openRecord', title: 'Open', arguments: [uri, place] };
    item.contextValue = `${open ? 'actionItem.open' : 'actionItem.done'}${a.link ? '.link' : ''}`;
    return item;
  }
  protected override tooltip(n: Node): vscode.MarkdownString | undefined {
    if (n.type !== 'actionItem') return undefined;
    const a = n.item;
    const tip = md();
    // Who, by when, in what state: the facts a reviewer hovers for (issue 17), then where it comes from.
    const state = n.overdue ? 'overdue' : n.open ? (a.status ?? 'open') : (a.status ?? 'done');
    tip.appendText(`${a.id ? a.id + ': ' : ''}${a.title ?? ''}\n\nOwner: ${a.owner ?? 'nobody yet'} · Due: ${a.due ?? 'no due date'} · ${state}\n\nFrom ${n.review.title ?? n.review.path}${a.type ? ` · ${a.type}` : ''}${a.link ? `\n\n${a.link}` : ''}`);
    return tip;
  }
}

/** Groups with more rows than this start collapsed. */
export const EXPAND_GROUPS_UP_TO = 200;

/** Where the Incidents view's filter is kept between sessions (workspace state). */
const FILTER_KEY = 'hindsight.incidents.filter';

/** The four views, kept in sync with the model; the filter and reveal commands act on them. */
export class TreeFeature extends Disposable {
  readonly incidents: IncidentsTree;
  readonly runbooks: RunbooksTree;
  readonly reviews: ReviewsTree;
  readonly actionItems: ActionItemsTree;
  readonly incidentsView: vscode.TreeView<Node>;
  private readonly views: vscode.TreeView<Node>[] = [];

  private readonly model: HindsightModel;
  private readonly workspaceState: vscode.Memento;

  constructor({ model, settings, log, clocks, workspaceState }: FeatureContext) {
    super();
    this.model = model;
    this.workspaceState = workspaceState;
    this.incidents = this._register(new IncidentsTree(model, settings, clocks));
    // The filter the Incidents view had when the window closed (as VS Code keeps the Problems view's).
    const saved = readIncidentFilter(workspaceState.get(FILTER_KEY));
    if (saved) this.incidents.filter = saved;
    // The clocks move: the open incidents' descriptions say how long is left (every minute while one is open).
    this._register(clocks.onDidTick(() => { if (model.ready) this.incidents.refreshClocks(); }));
    this.runbooks = this._register(new RunbooksTree(model, settings));
    this.reviews = this._register(new ReviewsTree(model, settings));
    this.actionItems = this._register(new ActionItemsTree(model, settings));
    for (const t of [this.incidents, this.runbooks, this.reviews, this.actionItems]) {
      const v = this._register(vscode.window.createTreeView(t.viewId, { treeDataProvider: t, showCollapseAll: t !== this.actionItems }));
      this.views.push(v);
    }
    this.incidentsView = this.views[0];
    // The first read shows the Incidents view as soon as the incident folders are read; the other views when it
    // ends (and the Incidents view again only if the rest of the workspace changed its incidents).
    let shownEarly = false;
    this._register(model.onDidReadIncidents(() => { shownEarly = true; this.incidents.refresh(); this.updateIncidentsView(); }));
    this._register(model.onDidChange((c) => { // a load ends with a change of kind 'all'
      if (!changesSummaries(c)) return; // a keystroke that left every summary as it was
      const incidentsIfChanged = shownEarly;
      shownEarly = false;
      this.refresh({ incidentsIfChanged });
    }));
    // The views' own progress bar while the workspace is read (the first open, a refresh, a big checkout).
    this._register(model.onDidStartLoad((load) => {
      for (const t of [this.incidents, this.runbooks, this.reviews, this.actionItems]) {
        // Only the bar's end matters here: the model logs a load that fails.
        void vscode.window.withProgress({ location: { viewId: t.viewId } }, () => load.catch(() => undefined));
      }
    }));
    this._register(settings.onDidChange(() => this.refresh()));
    this._register(registerCommands(log, {
      'hindsight.openRecord': (a, at) => {
        const rel = a instanceof vscode.Uri ? model.relPath(a) : undefined;
        const place = parseRecordPlace(at);
        if (rel === undefined || !place) return undefined; // only our own records
        return showRecord(model, rel, place);
      },
      'hindsight.revealActive': async () => {
        const uri = vscode.window.activeTextEditor?.document.uri;
        const rel = uri && model.relPath(uri);
        if (rel === undefined || !(await this.reveal(rel))) void vscode.window.showInformationMessage('The active file is not a Hindsight record.');
      },
      // Internal (not in the palette): the Add Action Item command shows the row it added.
      'hindsight.revealActionItem': async (path, index) => {
        if (typeof path !== 'string' || typeof index !== 'number') return false;
        const node = this.actionItems.nodeForRow(`${path}#${index}`);
        if (!node) return false;
        await this.views[3].reveal(node, { select: true, focus: false, expand: true });
        return true;
      },
      'hindsight.filter': () => this.pickFilter(),
      'hindsight.clearFilter': () => this.setFilter({ severities: [], statuses: [], services: [] }),
    }));
    if (model.ready) this.refresh();
  }

  /** Filter: a quick pick over the policy's severities and statuses and the services in use. */
  private async pickFilter(): Promise<void> {
    const f = this.incidents.filter;
    type Item = vscode.QuickPickItem & { dim?: keyof IncidentFilter; value?: string };
    const items: Item[] = incidentFilterChoices(this.model.policy, this.model.records().filter((r) => r.kind === 'incident'), f).flatMap((d) => [
      { label: d.title, kind: vscode.QuickPickItemKind.Separator } as Item,
      ...d.values.map((v): Item => ({ label: v.label, description: v.description, picked: v.picked, dim: d.dim, value: v.value })),
    ]);
    const picks = await vscode.window.showQuickPick(items, { title: 'Filter incidents', canPickMany: true, placeHolder: 'Shows incidents with any picked value of each group (SEV1 or SEV2, and checkout)' });
    if (!picks) return;
    const get = (d: keyof IncidentFilter) => picks.filter((x) => x.dim === d).map((x) => x.value!);
    this.setFilter({ severities: get('severities'), statuses: get('statuses'), services: get('services'), priorities: get('priorities'), categories: get('categories') });
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
    const parts = [...f.severities, ...f.statuses, ...f.services, ...(f.priorities ?? []), ...(f.categories ?? [])];
    this.incidentsView.description = parts.length ? `filtered: ${parts.join(', ')}` : undefined;
    void vscode.commands.executeCommand('setContext', 'hindsight.filtered', parts.length > 0);
    void vscode.commands.executeCommand('setContext', 'hindsight.hasRecords', this.model.index.size > 0);
    void vscode.commands.executeCommand('setContext', 'hindsight.ready', this.model.ready);
  }

  setFilter(f: IncidentFilter): void {
    this.incidents.filter = f;
    void this.workspaceState.update(FILTER_KEY, readIncidentFilter(f));
    this.refresh();
  }

  async reveal(rel: string): Promise<boolean> {
    for (const [t, v] of [[this.incidents, this.views[0]], [this.runbooks, this.views[1]], [this.reviews, this.views[2]]] as const) {
      const node = t.nodeFor(rel);
      if (node) { await v.reveal(node, { select: true, focus: true, expand: true }); return true; }
    }
    return false;
  }

  policy(): Policy { return this.model.policy; }
}

export function register(ctx: FeatureContext): TreeFeature {
  return new TreeFeature(ctx);
}
