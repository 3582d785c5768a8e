/**
 * The runbook panel: one runbook as steps and command cards, shown in an editor column beside the incident
 * (a webview panel, full height, one per window, restored across reloads, opened again in the column the user
 * last moved it to) or, by the setting `hindsight.runbook.openIn: sidebar`, in the Hindsight container's
 * *Runbook* view. Both show the same state. It follows an incident (each checked step and each command run becomes a timeline event of that
 * incident, as a minimal edit), and runs commands in a named terminal, only in a trusted local workspace and
 * only after the exact command text was confirmed. Progress is read back from the incident's timeline.
 */
import * as vscode from 'vscode';
import { appendTimelineEvent, buildRunbookView, commandRunText, EditError, findStep, formatIso, isActiveStatus, linkRunbook, rankRunbooks, removeTimelineEvent, resolveLink, stepDoneText, type RunbookMatch, type RunbookViewState, type RecordSummary } from '../../../core/index';
import { parseRunbookFromWebview, type RunbookFromHost, type RunbookFromWebview, type RunbookPanelState } from '../../../webview/runbookProtocol';
import { changesSummaries, type HindsightModel } from '../../services/model';
import type { FeatureContext } from '../../services/featureContext';
import type { Settings } from '../../services/settings';
import { logRejection, logUnexpected, type Logger } from '../../services/output';
import { applyCoreEdits } from '../../services/edits';
import { registerCommands } from '../../services/commands';
import { targetRel, targetUri } from '../../services/targets';
import { Disposable } from '../../util/dispose';
import { fnv1a } from '../../util/hash';
import { setWebviewPage } from '../../util/webview';

export const VIEW_ID = 'hindsight.runbook';
/** The editor panel's view type (its serializer restores it after a reload). */
export const PANEL_TYPE = 'hindsight.runbookPanel';
const STATE_KEY = 'hindsight.runbookPanel';
/** The editor column the user last had the panel in (absolute; absent: beside the active editor). */
const COLUMN_KEY = 'hindsight.runbookPanel.column';
const PAGE_BODY = `<div id="empty" hidden></div>
<main id="main" hidden>
  <header id="header"></header>
  <div id="follow"></div>
  <div id="sections" aria-label="Runbook steps"></div>
</main>
<div id="notice" class="notice" hidden role="status"></div>`;

/** FNV-1a of the runbook's path and text: step ids are only meaningful for the text they were read from. */
function revisionOf(path: string, text: string): number {
  return fnv1a(`${path}\u0000${text}`) % 1_000_000_000;
}

/** Asks before a command runs; tests replace it. Resolves true to run. */
export type Confirm = (code: string, where: string) => Thenable<boolean>;
const modalConfirm: Confirm = async (code, where) =>
  (await vscode.window.showWarningMessage(`Run this command from ${where} in a terminal?`, { modal: true, detail: code }, 'Run')) === 'Run';

/** Asks for the responder's name (the `by:` of logged steps); tests replace it. Resolves undefined when dismissed. */
export type AskName = (current: string | undefined) => Thenable<string | undefined>;
const inputName: AskName = (current) => vscode.window.showInputBox({
  title: 'Who is logging these steps?',
  prompt: 'Your name in the incident\'s timeline (by:). Saved in the setting hindsight.responder.name.',
  placeHolder: 'e.g. lea.martin',
  value: current ?? '',
  ignoreFocusOut: true,
  validateInput: (v) => (v.trim() ? undefined : 'A name, or Escape to log without one'),
});

export class RunbookPanel extends Disposable implements vscode.WebviewViewProvider, vscode.WebviewPanelSerializer {
  /** The sidebar view, once VS Code resolved it. */
  private view: vscode.WebviewView | undefined;
  /** The editor panel, while open. */
  panel: vscode.WebviewPanel | undefined;
  runbook: string | undefined;
  incident: string | undefined;
  private renderScheduled = false;
  private readonly confirmed = new Set<string>();
  private readonly terminals = new Map<string, vscode.Terminal>();
  confirm: Confirm = modalConfirm;
  askName: AskName = inputName;
  /** The responder was asked for their name in this window (and may have dismissed it): not asked again. */
  askedName = false;
  /** The state last posted (tests read it). */
  lastState: RunbookPanelState | undefined;

  private readonly model: HindsightModel;
  private readonly media: vscode.Uri;
  private readonly memento: vscode.Memento;
  private readonly settings: Settings;
  private readonly log: Logger;

  constructor(ctx: FeatureContext) {
    super();
    this.model = ctx.model; this.media = ctx.media; this.memento = ctx.workspaceState; this.settings = ctx.settings; this.log = ctx.log;
    const memento = this.memento;
    const saved = memento.get<{ runbook?: string; incident?: string }>(STATE_KEY);
    this.runbook = typeof saved?.runbook === 'string' ? saved.runbook : undefined;
    this.incident = typeof saved?.incident === 'string' ? saved.incident : undefined;
    this._register(vscode.window.registerWebviewViewProvider(VIEW_ID, this, { webviewOptions: { retainContextWhenHidden: false } }));
    this._register(vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, this));
    this._register({ dispose: () => this.panel?.dispose() });
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => this.onActiveEditor(e)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => { const rel = this.model.relPath(e.document.uri); if (rel && (rel === this.runbook || rel === this.incident)) this.scheduleRender(); }));
    this._register(this.model.onDidChange((c) => { if (changesSummaries(c)) this.scheduleRender(); }));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleRender()));
    this._register(this.settings.onDidChange(() => this.scheduleRender()));
    this._register(vscode.window.onDidCloseTerminal((t) => { for (const [k, v] of this.terminals) if (v === t) this.terminals.delete(k); }));
    this._register({ dispose: () => { for (const t of this.terminals.values()) t.dispose(); } });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const sub = this.attach(view.webview);
    const vis = view.onDidChangeVisibility(() => { if (view.visible) this.scheduleRender(); });
    view.onDidDispose(() => { sub.dispose(); vis.dispose(); if (this.view === view) this.view = undefined; });
  }

  /** After a reload: VS Code gives back the editor panel where the user left it. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    if (this.panel && this.panel !== panel) { panel.dispose(); return; } // one per window
    this.adopt(panel);
  }

  /** The page and the message handler, the same for the sidebar view and the editor panel. */
  private attach(webview: vscode.Webview): vscode.Disposable {
    setWebviewPage(webview, this.media, { title: 'Runbook', script: 'runbook', style: 'runbook', body: PAGE_BODY });
    return webview.onDidReceiveMessage((raw) => {
      const msg = parseRunbookFromWebview(raw);
      if (msg) this.handle(msg).catch((e: unknown) => logUnexpected(this.log, `the runbook panel's '${msg.type}'`, e));
    });
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.media, 'hindsight.svg');
    const sub = this.attach(panel.webview);
    // Remember the column the user moved the panel to: it opens there next time (also after a reload).
    const state = panel.onDidChangeViewState(() => {
      if (panel.viewColumn !== undefined && panel.viewColumn !== this.memento.get<number>(COLUMN_KEY)) logRejection(this.log, 'saving the runbook panel\'s column', this.memento.update(COLUMN_KEY, panel.viewColumn));
      if (panel.visible) this.scheduleRender();
    });
    panel.onDidDispose(() => { sub.dispose(); state.dispose(); if (this.panel === panel) this.panel = undefined; });
    this.scheduleRender();
  }

  /** Whether the runbook is on screen somewhere: the editor panel, or the side bar view when that is the choice. */
  isOpen(): boolean {
    return this.settings.current.runbookOpenIn === 'sidebar' ? !!this.view?.visible : !!this.panel;
  }

  /**
   * The column where the followed incident's text is on screen, if it is. (Its timeline editor does not count: a
   * user who moved the panel into that group chose to have them as tabs side by side; the e2e test holds it.)
   */
  private incidentColumn(): vscode.ViewColumn | undefined {
    if (!this.incident) return undefined;
    const uri = this.model.uriOf(this.incident).toString();
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri)?.viewColumn;
  }

  /**
   * Opens (or reveals) the editor panel beside the followed incident: in the column the user last moved it to,
   * unless that is the incident's own column (one would hide the other), else the column after the incident's
   * (or beside the active editor).
   */
  openPanel(): void {
    const column = this.memento.get<number>(COLUMN_KEY);
    const inc = this.incidentColumn();
    const beside = inc !== undefined ? (inc + 1) as vscode.ViewColumn : vscode.ViewColumn.Beside;
    const where = typeof column === 'number' && column >= 1 && column !== inc ? column as vscode.ViewColumn : beside;
    if (this.panel) { const at = this.panel.viewColumn; this.panel.reveal(at !== undefined && at !== inc ? at : where, true); return; }
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Runbook', { viewColumn: where, preserveFocus: true }, { enableScripts: true, enableCommandUris: false, localResourceRoots: [this.media], retainContextWhenHidden: false });
    this.adopt(panel);
  }

  // --- what is shown ---------------------------------------------------------------------------------

  private onActiveEditor(e: vscode.TextEditor | undefined): void {
    const rel = e && this.model.relPath(e.document.uri);
    const r = rel !== undefined ? this.model.index.get(rel) : undefined;
    if (r?.kind === 'runbook' && rel !== this.runbook) { this.show(rel!); return; }
    if (r?.kind === 'incident' && !this.runbook) this.scheduleRender(); // offers the incident's runbooks
  }

  /**
   * Shows a runbook (repo-relative path). Switching to a runbook the followed incident does not link stops following
   * it, and says so: checking a step must never log to an incident the responder is no longer thinking of (Follow
   * Runbook for Incident links and follows again in one step).
   */
  show(rel: string): void {
    if (this.incident && rel !== this.runbook) {
      const inc = this.model.index.get(this.incident);
      const linked = inc?.runbooks.some((r) => r === rel || resolveLink(this.incident!, r) === rel);
      if (!linked) {
        const name = inc?.id ?? this.incident;
        this.incident = undefined;
        void vscode.window.showInformationMessage(`Runbook panel: stopped following ${name}, which does not link ${rel}. Use Follow for Incident to log this runbook's steps to an incident.`);
      }
    }
    this.runbook = rel;
    this.save();
    this.scheduleRender();
  }

  follow(incidentRel: string | undefined): void {
    this.incident = incidentRel;
    this.save();
    this.scheduleRender();
  }

  /**
   * Records the shown runbook in the followed incident's `runbooks:` (a minimal edit, left unsaved like every
   * Hindsight edit; nothing when it is already there). Refused with the reason when the front matter cannot be edited.
   */
  async linkToIncident(): Promise<boolean> {
    const runbook = this.runbook;
    if (!runbook || !this.incident) return false;
    if (this.model.index.get(this.incident)?.runbooks.includes(runbook)) return true;
    return this.logToIncident((text) => linkRunbook(text, runbook), `${runbook} not added to the runbooks: of`);
  }

  private save(): void { logRejection(this.log, 'saving the runbook panel\'s state', this.memento.update(STATE_KEY, { runbook: this.runbook, incident: this.incident })); }

  private scheduleRender(): void {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    queueMicrotask(() => { this.renderScheduled = false; this.render(); });
  }

  /** Why Run is off here, or undefined when commands may run. */
  runRefusal(): string | undefined {
    if (!vscode.workspace.isTrusted) return 'Run is off in Restricted Mode: trust this workspace to run runbook commands (Copy still works).';
    if (!this.model.root || (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme !== 'file')) return 'Run needs a local folder: it is off in virtual workspaces (Copy still works).';
    return undefined;
  }

  private responder(): string | undefined {
    return this.settings.current.responderName ?? this.model.gitUser;
  }

  /**
   * The `by:` of an event about to be logged. When neither the setting nor git names the responder, they are asked
   * once (the answer is saved in the setting); dismissed, steps are logged without `by:` and they are not asked again
   * in this window (the panel's "set your name" asks again).
   */
  private async responderForLog(): Promise<string | undefined> {
    const known = this.responder();
    if (known) return known;
    // Steps checked while the question is open wait for the same answer (and are signed with it).
    if (this.nameAsked) return this.nameAsked;
    if (this.askedName) return known;
    this.askedName = true;
    this.nameAsked = this.changeResponder().finally(() => { this.nameAsked = undefined; });
    return this.nameAsked;
  }
  private nameAsked: Promise<string | undefined> | undefined;
  /** Edits of the followed incident, one at a time, in the order they were asked for. */
  private logQueue: Promise<unknown> = Promise.resolve();

  /** Asks for the responder's name and saves it in the setting. */
  async changeResponder(): Promise<string | undefined> {
    const name = (await this.askName(this.responder()))?.trim();
    if (!name) return undefined;
    await this.settings.setResponderName(name);
    this.scheduleRender();
    return name;
  }

  /** The current view of the shown runbook for the followed incident (fresh from the texts). */
  current(): { view: RunbookViewState; revision: number } | undefined {
    if (!this.runbook) return undefined;
    const text = this.model.textOf(this.runbook);
    if (text === undefined) return undefined;
    const incidentText = this.incident !== undefined ? this.model.textOf(this.incident) : undefined;
    const view = buildRunbookView(text, this.runbook, this.model.policy, {
      now: Date.now(),
      ...(this.incident !== undefined ? { incident: { path: this.incident, text: incidentText ?? '' } } : {}),
    });
    if (view.incident && incidentText === undefined) view.incident = { path: this.incident!, ok: false, error: `${this.incident} cannot be read` };
    return { view, revision: revisionOf(this.runbook, text) };
  }

  private activeIncident(): RecordSummary | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const rel = uri && this.model.relPath(uri);
    const r = rel !== undefined ? this.model.index.get(rel) : undefined;
    return r?.kind === 'incident' ? r : undefined;
  }

  render(): RunbookPanelState {
    const refusal = this.runRefusal();
    const cur = this.current();
    let state: RunbookPanelState;
    const responder = this.responder();
    if (cur) state = { revision: cur.revision, view: cur.view, canRun: !refusal, ...(refusal ? { runDisabledReason: refusal } : {}), ...(responder ? { responder } : {}) };
    else {
      const inc = this.activeIncident();
      const choices = (inc?.runbooks ?? []).map((p) => ({ path: p, title: this.model.index.get(p)?.title ?? p }));
      state = {
        revision: 0, canRun: !refusal,
        empty: this.runbook ? `${this.runbook} cannot be read (moved, deleted, binary or too large).` : 'Open a runbook, pick one in the Runbooks view, or follow the runbook of an incident.',
        ...(choices.length ? { choices } : {}),
      };
    }
    this.lastState = state;
    if (this.panel) this.panel.title = cur ? `Runbook: ${cur.view.header.title.replace(/[\r\n]+/g, ' ').slice(0, 60)}` : 'Runbook';
    this.post({ type: 'render', state });
    return state;
  }

  private post(m: RunbookFromHost): void {
    if (this.view) void this.view.webview.postMessage(m);
    if (this.panel) void this.panel.webview.postMessage(m);
  }
  private notice(level: 'error' | 'info', message: string): void {
    if (this.view?.visible || this.panel?.visible) this.post({ type: 'notice', level, message });
    else if (level === 'error') void vscode.window.showErrorMessage(`Hindsight: ${message}`);
  }

  // --- actions ---------------------------------------------------------------------------------------

  async handle(msg: RunbookFromWebview): Promise<unknown> {
    switch (msg.type) {
      case 'ready': this.render(); return true;
      case 'follow': return vscode.commands.executeCommand('hindsight.runbook.followIncident');
      case 'unfollow': this.follow(undefined); return true;
      case 'openRunbook': return this.runbook && this.showBesidePanel(this.model.uriOf(this.runbook));
      case 'openIncident': return this.incident && this.showBesidePanel(this.model.uriOf(this.incident));
      case 'pickRunbook': return vscode.commands.executeCommand('hindsight.showRunbook');
      case 'changeResponder': return this.changeResponder();
      case 'check': return this.check(msg.revision, msg.step, msg.done);
      case 'run': return this.runStep(this.runbook, msg.step, msg.command, msg.revision);
      case 'copy': return this.copy(msg.revision, msg.step, msg.command);
    }
  }

  /** The step a message or command names, checked against the runbook as it is now. */
  private resolveStep(revision: number | undefined, stepId: string): { view: RunbookViewState; step: NonNullable<ReturnType<typeof findStep>> } | undefined {
    const cur = this.current();
    if (!cur) { this.notice('error', 'No runbook is shown.'); return undefined; }
    if (revision !== undefined && revision !== cur.revision) {
      this.notice('info', 'The runbook changed meanwhile; nothing was done. The panel shows the current file.');
      this.render();
      return undefined;
    }
    const step = findStep(cur.view, stepId);
    if (!step) { this.notice('error', `The runbook has no step ${stepId}.`); return undefined; }
    return { view: cur.view, step };
  }

  /** Applies a core edit to the followed incident (a timeline event, or its runbooks:); refusals are shown. */
  private logToIncident(edit: (text: string) => ReturnType<typeof appendTimelineEvent>, refused = 'Not logged to'): Promise<boolean> {
    const next = this.logQueue.then(() => this.applyToIncident(edit, refused));
    this.logQueue = next.catch(() => undefined);
    return next;
  }

  private async applyToIncident(edit: (text: string) => ReturnType<typeof appendTimelineEvent>, refused: string): Promise<boolean> {
    if (!this.incident) return false;
    const doc = await vscode.workspace.openTextDocument(this.model.uriOf(this.incident));
    try {
      return await applyCoreEdits(doc, edit(doc.getText()));
    } catch (e) {
      if (e instanceof EditError) { this.notice('error', `${refused} ${this.incident}: ${e.message}`); this.render(); return false; }
      throw e;
    }
  }

  private eventKind(): string {
    const kinds = this.model.policy.timelineKinds;
    return kinds.includes('action') ? 'action' : kinds.includes('note') ? 'note' : 'action';
  }

  async check(revision: number, stepId: string, done: boolean): Promise<boolean> {
    const r = this.resolveStep(revision, stepId);
    if (!r) return false;
    if (!this.incident || !r.view.incident?.ok) { this.notice('error', 'Follow an incident first: checked steps are logged to its timeline.'); this.render(); return false; }
    const runbook = { title: r.view.header.title, path: r.view.header.path };
    if (done) {
      if (r.step.done) { this.render(); return true; }
      const at = formatIso(Math.floor(Date.now() / 1000) * 1000); // when it was checked, not when the name was typed
      const by = await this.responderForLog();
      const ok = await this.logToIncident((text) => appendTimelineEvent(text, { at, kind: this.eventKind(), text: stepDoneText(runbook, r.step), ...(by ? { by } : {}) }));
      this.render();
      return ok;
    }
    if (!r.step.done) { this.render(); return true; }
    const index = r.step.done.event;
    const ok = await this.logToIncident((text) => removeTimelineEvent(text, index));
    this.render();
    return ok;
  }

  private async copy(revision: number, stepId: string, index: number): Promise<boolean> {
    const r = this.resolveStep(revision, stepId);
    const cmd = r?.step.commands[index];
    if (!cmd) return false;
    await vscode.env.clipboard.writeText(cmd.code);
    this.notice('info', 'Copied.');
    return true;
  }

  /**
   * Runs a step's command: refused in Restricted Mode and in virtual workspaces (whoever calls), asks once per
   * command with its exact text, sends the text the runbook file holds (never a message field) to a named
   * terminal, and logs the run to the followed incident.
   */
  async runStep(runbookRel: string | undefined, stepId: string, index: number, revision?: number): Promise<boolean> {
    const refusal = this.runRefusal();
    if (refusal) { this.notice('error', refusal); void vscode.window.showWarningMessage(`Hindsight: ${refusal}`); return false; }
    if (runbookRel === undefined || this.model.index.get(runbookRel)?.kind !== 'runbook') { this.notice('error', 'That is not a runbook of this workspace.'); return false; }
    if (runbookRel !== this.runbook) this.show(runbookRel);
    const r = this.resolveStep(revision, stepId);
    const cmd = r?.step.commands[index];
    if (!r || !cmd) { if (r) this.notice('error', `Step ${r.step.number} has no command ${index + 1}.`); return false; }
    if (!cmd.runnable) { this.notice('error', cmd.whyNot ?? 'This block cannot be run.'); return false; }
    const where = `“${r.view.header.title}”, step ${r.step.number}`;
    const key = `${runbookRel}\u0000${cmd.code}`;
    if (!this.confirmed.has(key)) {
      if (!(await this.confirm(cmd.code, where))) return false;
      this.confirmed.add(key);
    }
    const terminal = this.terminal(r.view.header.title, runbookRel);
    terminal.show(true);
    terminal.sendText(cmd.code.replace(/\n+$/, ''), true);
    if (this.incident && r.view.incident?.ok) {
      const at = formatIso(Math.floor(Date.now() / 1000) * 1000);
      const by = await this.responderForLog();
      await this.logToIncident((text) => appendTimelineEvent(text, { at, kind: this.eventKind(), text: commandRunText({ title: r.view.header.title, path: r.view.header.path }, r.step, cmd.code), ...(by ? { by } : {}) }));
    }
    this.render();
    return true;
  }

  /** One terminal per runbook, named after it, started in the workspace folder. */
  private terminal(title: string, rel: string): vscode.Terminal {
    const existing = this.terminals.get(rel);
    if (existing && existing.exitStatus === undefined) return existing;
    const t = vscode.window.createTerminal({ name: `Runbook: ${title.replace(/[\r\n\u0000-\u001f]/g, ' ').slice(0, 60)}`, cwd: this.model.root, iconPath: new vscode.ThemeIcon('checklist') });
    this.terminals.set(rel, t);
    return t;
  }

  /**
   * Opens a file from the panel without covering it: where the file is already on screen, else in another column
   * than the panel's (a plain open took the panel's own group, and the panel went behind the file).
   */
  showBesidePanel(uri: vscode.Uri): Thenable<vscode.TextEditor> {
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.viewColumn;
    const at = this.panel?.viewColumn;
    const column = shown ?? (at === undefined ? undefined : at === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    return vscode.window.showTextDocument(uri, { preview: false, viewColumn: column });
  }

  /** Shows the panel where the user wants it: an editor column (default) or the sidebar view (setting). */
  reveal(): Thenable<unknown> {
    if (this.settings.current.runbookOpenIn === 'sidebar') return vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    this.openPanel();
    return Promise.resolve();
  }

  /** For tests: deliver a message as if the webview had sent it (through the same validation). */
  deliver(raw: unknown): Promise<unknown> {
    const msg = parseRunbookFromWebview(raw);
    return msg ? this.handle(msg) : Promise.resolve(false);
  }

  /** Takes ownership of what register() creates for the panel (its commands). */
  own(d: vscode.Disposable): void { this._register(d); }
}

export function register(ctx: FeatureContext): RunbookPanel {
  const { model } = ctx;
  const panel = new RunbookPanel(ctx);
  const runbooks = () => model.records().filter((r) => r.kind === 'runbook');
  const item = (r: RecordSummary, why?: string) => ({ label: r.title ?? r.path, description: [why ?? r.services.join(', '), r.owner].filter(Boolean).join(' · '), detail: r.alerts.length ? `alerts: ${r.alerts.join(', ')}` : r.path, path: r.path });
  const pickRunbook = async (list: RecordSummary[], title: string): Promise<string | undefined> => {
    const pick = await vscode.window.showQuickPick(list.map((r) => item(r)), { title, matchOnDescription: true, matchOnDetail: true });
    return pick?.path;
  };
  /** Every runbook, those for the incident first (core rankRunbooks), under separators saying why. */
  const pickRanked = async (matches: RunbookMatch[], title: string): Promise<string | undefined> => {
    type Item = vscode.QuickPickItem & { path?: string };
    const items: Item[] = [];
    let group = '';
    for (const m of matches) {
      const g = m.linked ? 'Linked from the incident' : m.alerts.length || m.services.length ? 'Matching the incident' : 'Other runbooks';
      if (g !== group) { items.push({ label: g, kind: vscode.QuickPickItemKind.Separator }); group = g; }
      const why = [...m.alerts.map((a) => `alert ${a}`), ...m.services.map((x) => `service ${x}`)].join(', ');
      items.push(item(m.runbook, why ? `matches ${why}` : undefined));
    }
    const pick = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true });
    return pick?.path;
  };
  const rankedFor = (incident: RecordSummary) => rankRunbooks({ services: incident.services, runbooks: incident.runbooks, text: model.textOf(incident.path) }, runbooks());
  const pickIncident = async (): Promise<string | undefined> => {
    // Active first: a status of the policy that does not resolve the incident.
    const isActive = (r: RecordSummary) => r.status !== undefined && isActiveStatus(model.policy, r.status);
    const active = model.records().filter((r) => r.kind === 'incident').sort((a, b) => Number(isActive(b)) - Number(isActive(a)));
    const current = vscode.window.activeTextEditor && model.relPath(vscode.window.activeTextEditor.document.uri);
    const items = active.map((r) => ({ label: `${r.id ?? ''} ${r.title ?? ''}`.trim() || r.path, description: [r.severity, r.status].filter(Boolean).join(' · '), path: r.path, picked: r.path === current }));
    items.sort((a, b) => Number(b.path === current) - Number(a.path === current));
    const pick = await vscode.window.showQuickPick(items, { title: 'Follow the runbook for which incident?' });
    return pick?.path;
  };
  const asRel = (a: unknown): string | undefined => targetRel(model, a);
  panel.own(registerCommands(ctx.log, {
    // Show a runbook in the panel: a tree node, a uri, a path, the active editor's runbook, or a pick.
    'hindsight.showRunbook': async (a) => {
      let rel = asRel(a);
      const active = vscode.window.activeTextEditor && model.relPath(vscode.window.activeTextEditor.document.uri);
      if (rel === undefined && active && model.index.get(active)?.kind === 'runbook') rel = active;
      // The panel closed with a runbook in it: show it again (as the view would); open, it asks which one.
      if (rel === undefined && panel.runbook && !panel.isOpen()) rel = panel.runbook;
      const incident = active !== undefined ? model.index.get(active) : undefined;
      if (rel === undefined) rel = incident?.kind === 'incident' ? await pickRanked(rankedFor(incident), `Show which runbook? (for ${incident.id ?? active})`) : await pickRunbook(runbooks(), 'Show which runbook?');
      if (rel === undefined || model.index.get(rel)?.kind !== 'runbook') return false;
      panel.show(rel);
      await panel.reveal();
      return true;
    },
    // Follow a runbook for an incident: the incident's linked runbook (a pick when several), or any.
    'hindsight.followRunbook': async (a) => {
      const uri = typeof a === 'string' ? model.uriOf(a) : targetUri(model, a);
      const incident = uri && model.relPath(uri);
      const r = incident !== undefined ? model.index.get(incident) : undefined;
      if (!r || r.kind !== 'incident') { void vscode.window.showWarningMessage('Open an incident (or pick one in the Incidents view) first.'); return false; }
      // One linked runbook: straight to it. Else every runbook, linked and matching ones first; the chosen one is
      // recorded in the incident's runbooks:.
      const linked = r.runbooks.map((p) => model.index.get(p)).filter((x): x is RecordSummary => x?.kind === 'runbook');
      const rel = linked.length === 1 ? linked[0].path : await pickRanked(rankedFor(r), linked.length ? `Follow which runbook for ${r.id ?? incident}?` : `${r.id ?? incident} links no runbook yet: pick one (it is added to its runbooks:)`);
      if (rel === undefined) return false;
      panel.show(rel);
      panel.follow(incident);
      // The incident on screen first (where it is, as text or in the timeline editor; else away from the panel),
      // the runbook beside it.
      if (shownIn(model.uriOf(r.path)) === undefined) await panel.showBesidePanel(model.uriOf(r.path));
      await panel.reveal();
      await panel.linkToIncident();
      return true;
    },
    // Link the panel to an incident (a path, a node, the active incident, or a pick).
    'hindsight.runbook.followIncident': async (a) => {
      let rel = asRel(a);
      if (rel === undefined) rel = await pickIncident();
      if (rel === undefined || model.index.get(rel)?.kind !== 'incident') return false;
      panel.follow(rel);
      await panel.linkToIncident();
      return true;
    },
    'hindsight.runbook.stopFollowing': () => { panel.follow(undefined); return true; },
    // Find a runbook by the alert that fired: a pick over every runbook's `alerts:`, or straight to the one
    // runbook listing the alert name given as the argument (for links from alert tooling and keybindings).
    'hindsight.findRunbookByAlert': async (alertName) => {
      const items = runbooks().flatMap((r) => r.alerts.map((alert) => ({ label: alert, description: r.title ?? r.path, detail: r.services.join(', ') || undefined, path: r.path })));
      if (!items.length) { void vscode.window.showInformationMessage('No runbook lists alerts (the `alerts:` field).'); return false; }
      const named = typeof alertName === 'string' ? items.filter((i) => i.label.toLowerCase() === alertName.trim().toLowerCase()) : [];
      const pick = named.length === 1 ? named[0] : await vscode.window.showQuickPick(named.length ? named : items, { title: 'Find a runbook by alert name', matchOnDescription: true, placeHolder: 'Alert name, e.g. KubePodCrashLooping' });
      if (!pick) return false;
      panel.show(pick.path);
      await panel.reveal();
      return true;
    },
    // Run a step's command without the UI: the same checks (trust, confirmation) as the panel's Run button.
    'hindsight.runbook.run': (rb, step, index) => {
      if (typeof step !== 'string' || typeof index !== 'number' || !Number.isInteger(index) || index < 0) return false;
      return panel.runStep(asRel(rb), step, index);
    },
  }));
  return panel;
}

/** The column whose front tab shows this file, as text or in a custom editor (the timeline editor), if one does. */
function shownIn(uri: vscode.Uri): vscode.ViewColumn | undefined {
  const key = uri.toString();
  return vscode.window.tabGroups.all.find((g) => {
    const input = g.activeTab?.input;
    return (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) && input.uri.toString() === key;
  })?.viewColumn;
}
