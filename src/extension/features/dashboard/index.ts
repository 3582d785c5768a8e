/**
 * The metrics dashboard: a webview panel with charts of the last twelve calendar months (every month on the axis;
 * a bar opens the incidents behind it) (incidents per month by severity,
 * time to mitigate and resolve against the targets, open action items by age), computed by the core from the
 * index and redrawn when records change. Same rules as the other webviews: CSP with a nonce, scripts only from
 * media/, no command URIs, messages validated both ways.
 */
import * as vscode from 'vscode';
import { dashboardData, incidentsInMonth, type DashboardData } from '../../../core/index';
import { parseDashboardFromWebview, type DashboardFromHost } from '../../../webview/dashboardProtocol';
import { changesSummaries, type HindsightModel } from '../../services/model';
import type { FeatureContext } from '../../services/featureContext';
import { registerCommands } from '../../services/commands';
import { showRecord, type RecordPlace } from '../../services/records';
import { logUnexpected, type Logger } from '../../services/output';
import { Disposable } from '../../util/dispose';
import { setWebviewPage } from '../../util/webview';

export class Dashboard extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The figures last sent (tests read them). */
  last: DashboardData | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  private readonly model: HindsightModel;
  private readonly media: vscode.Uri;
  private readonly log: Logger;

  constructor({ model, media, log }: FeatureContext) {
    super();
    this.model = model; this.media = media; this.log = log;
    this._register(registerCommands(log, { 'hindsight.openDashboard': () => this.open() }));
    this._register(model.onDidChange((c) => { if (changesSummaries(c)) this.schedule(); }));
    this._register({ dispose: () => { if (this.timer) clearTimeout(this.timer); this.panel?.dispose(); } });
  }

  open(): vscode.WebviewPanel {
    if (this.panel) { this.panel.reveal(); this.render(); return this.panel; }
    const panel = vscode.window.createWebviewPanel('hindsight.dashboard', 'Hindsight: Metrics', vscode.ViewColumn.Active, { enableScripts: true, enableCommandUris: false, localResourceRoots: [this.media], retainContextWhenHidden: false });
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.media, 'hindsight.svg');
    const w = panel.webview;
    setWebviewPage(w, this.media, { title: 'Metrics', script: 'dashboard', style: 'dashboard', images: 'local', body: '<div id="root"><p>Loading…</p></div>' });
    const sub = w.onDidReceiveMessage((raw) => { this.receive(raw).catch((e: unknown) => logUnexpected(this.log, 'the dashboard\'s message', e)); });
    panel.onDidDispose(() => { sub.dispose(); if (this.panel === panel) this.panel = undefined; });
    return panel;
  }

  /** A message from the webview, validated; `open` only for a record the last render listed. */
  async receive(raw: unknown): Promise<boolean> {
    const m = parseDashboardFromWebview(raw);
    if (!m) return false;
    if (m.type === 'openMonth') return this.openMonth(m.month, m.severity);
    if (m.type !== 'open') { this.render(); return true; }
    const a = this.last?.attention;
    // An overdue action item opens its review at the item; a review due, the incident.
    const item = m.item === undefined ? undefined : a?.overdueItems.find((x) => x.path === m.path && x.item === m.item);
    const listed = m.item === undefined ? a?.reviewsDue.some((x) => x.path === m.path) || a?.overdueItems.some((x) => x.path === m.path) : item !== undefined;
    if (!listed || !this.model.index.get(m.path)) return false;
    const place: RecordPlace = item ? { actionItem: item.id === undefined ? { index: item.item } : { index: item.item, id: item.id } } : {};
    await showRecord(this.model, m.path, place, vscode.ViewColumn.Beside);
    return true;
  }

  /** The incidents behind a bar (a month of the chart, one severity's stack or all): one opens, several to pick from. */
  async openMonth(month: string, severity?: string): Promise<boolean> {
    if (!this.last?.months.includes(month) || (severity !== undefined && !this.last.severities.includes(severity))) return false;
    const list = incidentsInMonth(this.model.index, month, severity);
    if (!list.length) return false;
    let pick = list[0];
    if (list.length > 1) {
      const items = list.map((r) => ({ label: `${r.id ?? r.path} ${r.title ?? ''}`.trim(), description: [r.severity, r.status].filter(Boolean).join(' · '), detail: r.path, r }));
      const chosen = await vscode.window.showQuickPick(items, { title: `Incidents of ${month}${severity ? ` (${severity})` : ''}`, placeHolder: 'Open an incident', matchOnDescription: true, matchOnDetail: true });
      if (!chosen) return false;
      pick = chosen.r;
    }
    await vscode.window.showTextDocument(this.model.uriOf(pick.path), { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return true;
  }

  private schedule(): void {
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; this.render(); }, 300);
  }

  render(): DashboardData {
    const data = dashboardData(this.model.index, this.model.policy, { now: Date.now() });
    this.last = data;
    const m: DashboardFromHost = { type: 'render', data };
    if (this.panel) void this.panel.webview.postMessage(m);
    return data;
  }
}

export function register(ctx: FeatureContext): Dashboard {
  return new Dashboard(ctx);
}
