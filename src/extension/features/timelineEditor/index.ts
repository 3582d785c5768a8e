/**
 * The timeline editor: a custom text editor whose only model is the TextDocument. Webview actions become the
 * core's minimal edits, applied one at a time through WorkspaceEdits (undo, redo, dirty state and save are
 * VS Code's), tagged with the document version they were based on (stale ones are dropped). Any change to the
 * document, ours or not, re-renders. Messages are validated against the shared protocol.
 * Also the timeline's commands: Open Timeline, Import Timeline from Markdown, Copy Timeline as Markdown Table,
 * Insert Timeline into Review, Sort Timeline.
 */
import * as vscode from 'vscode';
import { appendTimelineEventUnchecked, systemTimeZone, applyEdits, buildTimelineView, verified, viewAfterAppend, EditError, htmlMemo, YamlMemo, type TimelineViewEvent, type TimelineViewState, parseDateTime, readTypedTime, removeTimelineEvent, runningMetrics, setMilestone, sortTimeline, updateTimelineEvent, type TextEdit } from '../../../core/index';
import { orderDelta, parseFromWebview, type FromHost, type FromWebview, type SentEvent } from '../../../webview/protocol';
import type { HindsightModel } from '../../services/model';
import type { FeatureContext } from '../../services/featureContext';
import type { Settings } from '../../services/settings';
import type { ClockBoard } from '../../services/clocks';
import { logUnexpected, type Logger } from '../../services/output';
import { applyCoreEdits } from '../../services/edits';
import { registerCommands } from '../../services/commands';
import { targetUri } from '../../services/targets';
import { Disposable } from '../../util/dispose';
import { fnv1a } from '../../util/hash';
import { setWebviewPage } from '../../util/webview';
import { copyTimelineTable, importMarkdownTimeline, insertTimelineIntoReview, refreshReviewTimeline, type ImportArgs } from './timelineIO';

/** FNV-1a over everything shown about an event, plus its position in the file. */
function eventId(e: TimelineViewEvent): string {
  const s = JSON.stringify([e.index, e.at, e.kind, e.text, e.by, e.offset, e.gapBefore, e.milestone, e.milestoneSet]);
  return `${e.index}:${fnv1a(s).toString(36)}:${s.length}`;
}

export const VIEW_TYPE = 'hindsight.timeline';

/** How many events the first message of a long timeline carries (a screenful and more). */
const FIRST_MESSAGE = 150;

const CHANGED_MEANWHILE = 'The file changed meanwhile; nothing was written. The timeline shows the current file.';

class TimelineSession extends Disposable {
  private queue: Promise<unknown> = Promise.resolve();
  private renderScheduled = false;
  /** The view last sent, for the version it was built from (an edit reuses it instead of parsing again). */
  private lastView: { version: number; view: TimelineViewState } | undefined;
  private readonly html = htmlMemo();
  /** The last parses of this document's text: an edit's safety check, the view after it and the next edit share them. */
  private readonly yaml = new YamlMemo();
  /** The view posted before VS Code applied our edit, with the text it was built from: the change event reuses it. */
  private optimistic: { text: string; view: TimelineViewState } | undefined;
  /** Event ids the webview already has (it keeps them until it is reloaded, which sends 'ready'). */
  private sent = new Set<string>();
  /** The order last sent, and its render number (the next render sends the change from it). */
  private order: string[] = [];
  private seq = 0;
  /** The panel was disposed: nothing is posted or set on it any more. */
  private closed = false;
  /** Ids by event object: a view reused for a re-render hashes nothing again. */
  private readonly ids = new WeakMap<TimelineViewEvent, string>();

  constructor(private readonly model: HindsightModel, private readonly settings: Settings, private readonly log: Logger, private readonly clocks: ClockBoard, readonly document: vscode.TextDocument, readonly panel: vscode.WebviewPanel, media: vscode.Uri) {
    super();
    const webview = panel.webview;
    setWebviewPage(webview, media, { title: 'Timeline', script: 'timeline', style: 'timeline', body: `<div id="error" hidden role="alert"><p id="error-message"></p><p>The timeline editor writes nothing while the front matter does not parse.</p><button id="open-text">Open in Text Editor</button></div>
<main id="main" hidden>
  <header id="header"></header>
  <section id="metrics" aria-label="Response times against the severity's targets"></section>
  <div id="milestones" aria-label="Milestones"></div>
  <form id="add" aria-label="Add an event">
    <input id="add-at" aria-label="Time: now, 14:05 (today), +5m (after the last event) or an ISO date-time" title="now · 14:05 (today, in your zone) · +5m (five minutes after the last event) · an ISO date-time" placeholder="when: now, 14:05, +5m or ISO">
    <select id="add-kind" aria-label="Kind"></select>
    <input id="add-text" aria-label="What happened" placeholder="What happened (Enter to add)">
    <input id="add-by" aria-label="By (optional)" placeholder="by">
    <button type="submit">Add event</button>
    <p id="add-error" class="add-error" role="alert" hidden></p>
  </form>
  <ol id="events" aria-label="Timeline events, in time order"></ol>
</main>
<div id="notice" class="notice" hidden role="status"></div>` });
    this._register(webview.onDidReceiveMessage((raw) => {
      const msg = parseFromWebview(raw);
      if (!msg) return; // not our protocol: dropped
      this.handle(msg).catch((e: unknown) => logUnexpected(this.log, `the timeline editor's '${msg.type}'`, e));
    }));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === document) this.scheduleRender(); }));
    this._register(settings.onDidChange(() => this.scheduleRender()));
    // Running targets move with the clock (and with the plans, made again on every change): shown while visible.
    this._register(clocks.onDidTick(() => { if (panel.visible && this.clocks.plan(this.rel())) this.scheduleRender(); }));
    this._register(panel.onDidChangeViewState(() => { if (panel.visible) this.scheduleRender(); }));
    this._register(panel.onDidDispose(() => { this.closed = true; }));
  }

  private post(m: FromHost): void { if (!this.closed) void this.panel.webview.postMessage(m); }

  private scheduleRender(): void {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    queueMicrotask(() => { this.renderScheduled = false; this.render(); });
  }

  private rel(): string { return this.model.relPath(this.document.uri) ?? this.document.uri.path; }

  private view(): TimelineViewState {
    if (this.lastView?.version === this.document.version) return this.lastView.view;
    const rel = this.rel();
    const text = this.document.getText();
    const view = this.optimistic?.text === text ? this.optimistic.view : buildTimelineView(text, rel, this.model.policy, this.html, this.yaml);
    this.optimistic = undefined;
    this.lastView = { version: this.document.version, view };
    return view;
  }

  render(): void {
    this.postView(this.document.version, this.view());
  }

  /** Posts a view, sending only the events the webview does not have yet. */
  private postView(version: number, view: TimelineViewState, reset = false): void {
    if (reset) { this.sent = new Set(); this.order = []; }
    if (this.closed) return; // a render scheduled before the editor closed
    // The tab says what it is, beside the same file open as text ("Timeline: INC-2026-0042").
    const title = view.ok && view.id ? `Timeline: ${view.id}` : undefined;
    if (title && this.panel.title !== title) this.panel.title = title;
    const { events, ...done } = view;
    // The targets still running (the ClockBoard's plan of this incident, judged now) after the ones done.
    const running = runningMetrics(this.clocks.plan(this.rel()), this.clocks.now(), view.severity);
    const rest = running.length ? { ...done, metrics: [...done.metrics, ...running] } : done;
    const eventIds: string[] = [];
    const newEvents: SentEvent[] = [];
    for (const e of events) {
      let id = this.ids.get(e);
      if (id === undefined) { id = eventId(e); this.ids.set(e, id); }
      eventIds.push(id);
      if (!this.sent.has(id)) { newEvents.push({ ...e, id }); this.sent.add(id); }
    }
    const zone = this.settings.current.timeZone;
    if (reset && eventIds.length > FIRST_MESSAGE) {
      // A long timeline from scratch: the rows that fill the screen first, in a message of their own, so they
      // paint before the rest has crossed over (a thousand events are ~300 KB).
      const head = eventIds.slice(0, FIRST_MESSAGE);
      this.post({ type: 'render', version, state: rest, order: orderDelta([], head, ++this.seq, 0), newEvents: newEvents.slice(0, FIRST_MESSAGE), zone, reset: true, more: true });
      this.post({ type: 'render', version, state: rest, order: orderDelta(head, eventIds, ++this.seq, this.seq - 1), newEvents: newEvents.slice(FIRST_MESSAGE), zone, reset: false });
      this.order = eventIds;
      return;
    }
    const order = orderDelta(this.order, eventIds, ++this.seq, reset ? 0 : this.seq - 1);
    this.order = eventIds;
    this.post({ type: 'render', version, state: rest, order, newEvents, zone, reset });
  }

  /** Handles one message; edits run one at a time, in order. */
  handle(msg: FromWebview): Promise<unknown> {
    if (msg.type === 'ready') { this.postView(this.document.version, this.view(), true); return Promise.resolve(); }
    if (msg.type === 'openText') return Promise.resolve(vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default'));
    if (msg.type === 'setStatus' || msg.type === 'setSeverity' || msg.type === 'assignRole') return this.headerAction(msg);
    // One edit at a time. The returned promise carries an unexpected failure to the caller (the message handler
    // logs it); the queue itself goes on with the next edit.
    const next = this.queue.then(() => this.edit(msg));
    this.queue = next.then(() => undefined, () => undefined);
    return next;
  }

  /**
   * The header's controls run the incident commands (the same edit, timeline event and milestone as from the
   * palette; a person is asked for in VS Code's own quick pick). Whatever happens, the header is drawn again from
   * the document (a refused or cancelled change puts the control back).
   */
  private async headerAction(msg: Extract<FromWebview, { type: 'setStatus' | 'setSeverity' | 'assignRole' }>): Promise<unknown> {
    try {
      if (msg.version !== this.document.version) { this.post({ type: 'notice', level: 'info', message: CHANGED_MEANWHILE }); return false; }
      const uri = this.document.uri;
      if (msg.type === 'assignRole') return await vscode.commands.executeCommand('hindsight.assignRole', uri, msg.role);
      return await vscode.commands.executeCommand(msg.type === 'setStatus' ? 'hindsight.changeStatus' : 'hindsight.changeSeverity', uri, msg.value);
    } finally {
      this.postView(this.document.version, this.view());
    }
  }

  private async edit(msg: Exclude<FromWebview, { type: 'ready' | 'openText' | 'setStatus' | 'setSeverity' | 'assignRole' }>): Promise<boolean> {
    if (msg.version !== this.document.version) {
      this.post({ type: 'notice', level: 'info', message: CHANGED_MEANWHILE });
      this.render();
      return false;
    }
    const text = this.document.getText();
    const view = this.view();
    if (!view.ok) { this.post({ type: 'notice', level: 'error', message: view.error ?? 'The front matter does not parse; nothing was written.' }); return false; }
    const kinds = this.model.policy.timelineKinds;
    let edits: TextEdit[];
    try {
      if (msg.type === 'add') {
        const last = [...view.events].reverse().find((e) => e.atMs !== undefined)?.atMs;
        const typed = readTypedTime(msg.event.at, { now: Date.now(), zone: this.settings.current.inputTimeZone, relative: true, base: msg.event.at.trim().startsWith('+') || msg.event.at.trim().startsWith('-') ? last : undefined });
        if (!typed.ok) throw new EditError(typed.reason);
        const at = typed.at;
        if (!kinds.includes(msg.event.kind)) throw new EditError(`Unknown kind '${msg.event.kind}'`);
        const ev = { at, kind: msg.event.kind, text: msg.event.text, ...(msg.event.by ? { by: msg.event.by } : {}) };
        const unchecked = appendTimelineEventUnchecked(text, ev, this.yaml);
        // The view after an append needs no parse of the new text: show it first, check the edit after.
        const next = viewAfterAppend(view, ev, this.html);
        if (next) return await this.commit(msg.version, text, unchecked, next, true);
        edits = verified(text, unchecked, this.yaml);
      } else if (msg.type === 'update') {
        const patch = { ...msg.patch };
        if (patch.at !== undefined) {
          const event = view.events.find((e) => e.index === msg.index);
          const typed = readTypedTime(patch.at, { now: Date.now(), zone: this.settings.current.inputTimeZone, relative: true, base: event?.atMs });
          if (!typed.ok) throw new EditError(typed.reason);
          patch.at = typed.at;
        }
        if (patch.kind !== undefined && !kinds.includes(patch.kind)) throw new EditError(`Unknown kind '${patch.kind}'`);
        edits = updateTimelineEvent(text, msg.index, patch, [], this.yaml);
      } else if (msg.type === 'delete') {
        edits = removeTimelineEvent(text, msg.index, this.yaml);
      } else {
        const event = view.events.find((e) => e.index === msg.index);
        if (!event?.milestone || !parseDateTime(event.at).ok) throw new EditError('This event does not mark a milestone');
        edits = setMilestone(text, event.milestone, event.at, this.yaml);
      }
    } catch (e) {
      if (e instanceof EditError) { this.post({ type: 'notice', level: 'error', message: e.message }); return false; }
      throw e;
    }
    const rel = this.model.relPath(this.document.uri) ?? this.document.uri.path;
    return this.commit(msg.version, text, edits, buildTimelineView(applyEdits(text, edits), rel, this.model.policy, this.html, this.yaml), false);
  }

  /**
   * Shows the view after the edit at once, then applies the edit. VS Code's applyEdit round trip (~40 ms in
   * code-server for a large file) need not hold up the view: the document's own change event re-renders with the
   * real version right after, reusing this view; if the edit is refused or rejected, the truth is shown again.
   * `check`: the edits are not verified yet (they are, after the view has gone out, before anything is written).
   */
  private async commit(version: number, text: string, edits: TextEdit[], view: TimelineViewState, check: boolean): Promise<boolean> {
    const expectedVersion = this.document.version + 1;
    this.optimistic = { text: applyEdits(text, edits), view };
    this.postView(expectedVersion, view);
    if (check) {
      // Messages leave the extension host on the next timer tick: let this one go before the parse below.
      await new Promise((r) => setTimeout(r, 0));
      try { verified(text, edits, this.yaml); } catch (e) {
        this.optimistic = undefined;
        this.render();
        if (e instanceof EditError) { this.post({ type: 'notice', level: 'error', message: e.message }); return false; }
        throw e;
      }
      if (this.document.version !== version) {
        this.optimistic = undefined;
        this.render();
        this.post({ type: 'notice', level: 'info', message: CHANGED_MEANWHILE });
        return false;
      }
    }
    const ok = await applyCoreEdits(this.document, edits);
    if (!ok || this.document.version !== expectedVersion) { this.optimistic = undefined; this.scheduleRender(); }
    return ok;
  }
}

export class TimelineEditorProvider extends Disposable implements vscode.CustomTextEditorProvider {
  readonly sessions = new Map<string, TimelineSession>();

  private readonly model: HindsightModel;

  /** The zone times are written in, in a review's text: `hindsight.timeZone`, else the system's. */
  private writeZone(): string { return this.ctx.settings.current.inputTimeZone ?? systemTimeZone(); }

  constructor(private readonly ctx: FeatureContext) {
    super();
    const model = this.model = ctx.model;
    this._register(vscode.window.registerCustomEditorProvider(VIEW_TYPE, this, { webviewOptions: { retainContextWhenHidden: false } }));
    this._register(registerCommands(ctx.log, {
      'hindsight.openTimeline': async (a) => {
        const uri = targetUri(model, a);
        if (!uri || !model.relPath(uri)) { void vscode.window.showWarningMessage('Open an incident (or pick one in the Hindsight view) first.'); return; }
        await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
      },
      'hindsight.importTimeline': (a, o) => importMarkdownTimeline(model, a, o && typeof o === 'object' ? { date: typeof (o as ImportArgs).date === 'string' ? (o as ImportArgs).date : undefined, zone: typeof (o as ImportArgs).zone === 'string' ? (o as ImportArgs).zone : undefined } : {}),
      // Tables written into a review: times in the zone typed times are read in (hindsight.timeZone, else the system's).
      'hindsight.copyTimelineTable': (a) => copyTimelineTable(model, a, this.writeZone()),
      'hindsight.insertTimelineIntoReview': (a) => insertTimelineIntoReview(model, a, this.writeZone()),
      'hindsight.refreshReviewTimeline': (a) => refreshReviewTimeline(model, a, this.writeZone()),
      'hindsight.sortTimeline': async (a) => {
        const uri = targetUri(model, a);
        if (!uri) return false;
        const doc = await vscode.workspace.openTextDocument(uri);
        try { return await applyCoreEdits(doc, sortTimeline(doc.getText())); } catch (e) { if (e instanceof EditError) { void vscode.window.showErrorMessage(`Hindsight: ${e.message}`); return false; } throw e; }
      },
    }));
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const session = new TimelineSession(this.model, this.ctx.settings, this.ctx.log, this.ctx.clocks, document, panel, this.ctx.media);
    const key = document.uri.toString();
    this.sessions.set(key, session);
    panel.onDidDispose(() => { session.dispose(); if (this.sessions.get(key) === session) this.sessions.delete(key); });
  }

  /** For tests: deliver a message as if the webview had sent it (it goes through the same validation). */
  deliver(uri: vscode.Uri, raw: unknown): Promise<unknown> {
    const s = this.sessions.get(uri.toString());
    const msg = parseFromWebview(raw);
    if (!s || !msg) return Promise.resolve(false);
    return s.handle(msg);
  }
}

export function register(ctx: FeatureContext): TimelineEditorProvider {
  return new TimelineEditorProvider(ctx);
}
