/** The timeline editor's webview: renders what the host sends, sends user actions back. Holds no model of its own. */
import { applyOrder, parseFromHost, type FromHost, type FromWebview, type SentEvent } from './protocol';
import type { TimelineViewEvent, TimelineViewState } from '../core/timelineView';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();

interface Saved { draft?: { at: string; kind: string; text: string; by: string }; scroll?: number; editing?: number }
const saved: Saved = (vscode.getState() as Saved) ?? {};
let version = 0;
let firstRender = true;
// Timing, readable by the UI test and benchmark: script start to first render, and action to re-render.
const started = performance.now();
let pendingSince: number | undefined;
/** What is shown: the host's view with the events as sent (with their ids). */
type Shown = Omit<TimelineViewState, 'events'> & { events: SentEvent[] };
let current: Shown | undefined;
let zone: 'utc' | 'local' = 'utc';

const send = (m: FromWebview) => { if (m.type === 'add' || m.type === 'update' || m.type === 'delete' || m.type === 'setMilestone') pendingSince = performance.now(); vscode.postMessage(m); };
const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};
const persist = () => vscode.setState(saved);

function fmtTime(e: TimelineViewEvent): string {
  if (e.atMs === undefined) return e.at || '(no time)';
  const d = new Date(e.atMs);
  if (zone === 'utc') return d.toISOString().slice(5, 16).replace('T', ' ') + ' UTC';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function renderHeader(s: TimelineViewState): void {
  const h = $('#header');
  h.replaceChildren();
  const title = el('h1');
  title.append(el('span', { class: 'id' }, s.id ?? ''), document.createTextNode(' ' + (s.title ?? '')));
  // The incident's status, severity and roles, each a control: a change goes to the host (the incident commands
  // make it), and the header is drawn again from the document whatever the outcome.
  const meta = el('div', { class: 'meta', role: 'group', 'aria-label': 'Status, severity and roles' });
  const choose = (label: string, type: 'setStatus' | 'setSeverity', value: string | undefined, options: { id: string; title?: string }[], cls: string) => {
    const field = el('label', { class: `control ${cls}` });
    const sel = el('select', { 'aria-label': label, id: type === 'setStatus' ? 'status' : 'severity' });
    const ids = options.map((o) => o.id);
    if (!value || !ids.includes(value)) sel.append(el('option', { value: '', disabled: '' }, value ? `${value} (unknown)` : 'not set'));
    for (const o of options) sel.append(el('option', { value: o.id }, o.title ? `${o.id} · ${o.title}` : o.id));
    sel.value = value && ids.includes(value) ? value : '';
    sel.addEventListener('change', () => { if (sel.value) { headerKey = ''; send({ type, version, value: sel.value }); } });
    field.append(el('span', { class: 'control-label' }, label), sel);
    meta.append(field);
  };
  choose('Status', 'setStatus', s.status, s.statuses.map((id) => ({ id })), 'status');
  choose('Severity', 'setSeverity', s.severity, s.severities, `sev sev-${(s.severity || '').toLowerCase().replace(/[^a-z0-9]/g, '')}`);
  for (const r of s.roles) {
    const name = r.role.charAt(0).toUpperCase() + r.role.slice(1);
    const missing = !r.person;
    const b = el('button', { type: 'button', class: `role${missing ? ' missing' : ''}${r.required ? ' required' : ''}`, 'data-role': r.role,
      title: missing ? `${name}: nobody yet${r.required ? ` (${s.severity} requires one)` : ''}. Click to name someone.` : `${name}: ${r.person}. Click to change.` });
    b.append(el('span', { class: 'control-label' }, name), el('span', { class: 'person' }, r.person ?? (r.required ? 'required: assign' : 'assign')));
    b.addEventListener('click', () => send({ type: 'assignRole', version, role: r.role }));
    meta.append(b);
  }
  h.append(title, meta);
  const m = $('#metrics');
  m.replaceChildren();
  for (const x of s.metrics) {
    // Done (met or missed), or still running on an open incident (running, at risk, breached while it runs).
    const state = x.running === 'breached' ? 'missed running' : x.running === 'at-risk' ? 'at-risk running' : x.running ? 'running' : x.met === true ? 'met' : x.met === false ? 'missed' : '';
    const said = x.running ? `target ${x.target} · ${x.note ?? ''}` : x.met ? `target ${x.target} · met` : `target ${x.target} · missed by ${x.missedBy}`;
    const chip = el('div', { class: `metric ${state}`, role: 'group', 'aria-label': `${x.label} ${x.value}${x.target ? `, ${said}` : ''}` });
    chip.append(el('div', { class: 'label' }, x.label), el('div', { class: 'value' }, x.value));
    if (x.target) chip.append(el('div', { class: 'target' }, said));
    m.append(chip);
  }
  const ms = $('#milestones');
  ms.replaceChildren();
  for (const x of s.milestones) ms.append(el('span', { class: `ms ${x.at ? 'set' : ''}`, title: x.at ? `${x.name}: ${x.at}` : `${x.name}: not set` }, x.name));
}

function kindSelect(kinds: string[], value: string, label: string): HTMLSelectElement {
  const sel = el('select', { 'aria-label': label });
  for (const k of kinds.includes(value) || !value ? kinds : [value, ...kinds]) { const o = el('option', { value: k }, k); if (k === value) o.selected = true; sel.append(o); }
  return sel;
}

/** Rows from the last render, by content: unchanged events keep their DOM nodes (a re-render touches only what changed). */
let rows = new Map<string, HTMLElement>();

/** The host's id already changes with anything shown about the event; the zone and an open edit form are ours. */
function rowKey(e: SentEvent): string {
  return saved.editing === e.index ? `${e.id}|${zone}|edit` : `${e.id}|${zone}`;
}

/** The list's children as last set (reading a live HTMLCollection a thousand times costs more than an array). */
let shown: Element[] = [];

function renderEvents(s: Shown): void {
  const list = $('#events');
  if (!s.events.length) { rows = new Map(); shown = []; list.replaceChildren(el('li', { class: 'empty' }, 'No events yet. Add the first one above.')); return; }
  const next = new Map<string, HTMLElement>();
  const nodes: HTMLElement[] = [];
  for (const e of s.events) {
    if (e.gapBefore) {
      const gk = `gap|${e.gapBefore}|${e.id}`;
      const gap = rows.get(gk) ?? el('li', { class: 'gap', 'aria-label': `gap of ${e.gapBefore}` }, `${e.gapBefore} without an event`);
      next.set(gk, gap);
      nodes.push(gap);
    }
    const key = rowKey(e);
    const li = rows.get(key) ?? eventRow(e, s);
    next.set(key, li);
    nodes.push(li);
  }
  rows = next;
  // Only touch the list when its children differ (appending one event moves nothing else).
  const current = shown.length === list.children.length ? shown : [...list.children];
  let same = current.length === nodes.length;
  for (let i = 0; same && i < nodes.length; i++) same = current[i] === nodes[i];
  shown = nodes;
  if (same) return;
  // A fresh list (first render, a reload) goes in in chunks, so a long timeline paints fast.
  if (!current.length) { appendInChunks(list, nodes, ++renderGeneration); return; }
  // Otherwise rows are inserted, moved and removed in place: the rest stay where they are, and so does the
  // reader's scroll (nothing is taken out and put back, which would make the page shorter for a moment).
  renderGeneration++;
  chunking = false; // rows of an unfinished fresh list go in below, now
  let prefix = 0;
  while (prefix < current.length && prefix < nodes.length && current[prefix] === nodes[prefix]) prefix++;
  // Many rows added at the end (the rest of a long timeline, after its first screenful): over a few frames too.
  if (prefix === current.length && nodes.length - prefix > FIRST_CHUNK) { appendInChunks(list, nodes.slice(prefix), ++renderGeneration); return; }
  // A change above the reader (an event inserted earlier in time) must not move what they are reading: note the
  // row at the top of the view and put it back where it was. Only then is the layout read after the change.
  const firstChanged = current[prefix];
  let anchor: { el: Element; top: number } | undefined;
  if (firstChanged && firstChanged.getBoundingClientRect().top < 0) {
    const box = list.getBoundingClientRect();
    const el = document.elementFromPoint(box.left + 40, 8)?.closest('#events > li');
    if (el) anchor = { el, top: el.getBoundingClientRect().top };
  }
  const keep = new Set(nodes);
  for (let i = prefix; i < current.length; i++) if (!keep.has(current[i] as HTMLElement)) current[i].remove();
  let cursor: Element | null = list.children[prefix] ?? null;
  for (let i = prefix; i < nodes.length; i++) {
    const n = nodes[i];
    if (n === cursor) { cursor = n.nextElementSibling; continue; }
    list.insertBefore(n, cursor);
  }
  if (anchor?.el.isConnected) window.scrollBy(0, anchor.el.getBoundingClientRect().top - anchor.top);
  document.body.dataset.fullRenderMs ??= (performance.now() - started).toFixed(1);
}

let renderGeneration = 0;
const FIRST_CHUNK = 120;
/** Rows still going in over the next frames (a fresh long list), or still to come from the host (`more`). */
let chunking = false;
let moreToCome = false;
/** A scroll position to restore (after a reload) once every row is in: before that the page is too short for it. */
let pendingScroll: number | undefined;
function restoreScroll(): void {
  if (pendingScroll === undefined || chunking || moreToCome) return;
  document.scrollingElement?.scrollTo(0, pendingScroll);
  pendingScroll = undefined;
}

/** Puts what fills the screen in at once and the rest in the next frames, so a long timeline paints fast. */
function appendInChunks(list: HTMLElement, nodes: HTMLElement[], gen: number): void {
  const first = document.createDocumentFragment();
  first.append(...nodes.slice(0, FIRST_CHUNK));
  list.append(first);
  let i = FIRST_CHUNK;
  chunking = nodes.length > FIRST_CHUNK;
  const more = () => {
    if (gen !== renderGeneration || i >= nodes.length) {
      if (gen === renderGeneration) { document.body.dataset.fullRenderMs ??= (performance.now() - started).toFixed(1); chunking = false; restoreScroll(); }
      return;
    }
    const f = document.createDocumentFragment();
    f.append(...nodes.slice(i, i + 400));
    list.append(f);
    i += 400;
    requestAnimationFrame(more);
  };
  if (nodes.length > FIRST_CHUNK) requestAnimationFrame(more); else more();
}

function eventRow(e: TimelineViewEvent, s: TimelineViewState): HTMLElement {
    const li = el('li', { class: `event kind-${e.kind.replace(/[^a-z0-9-]/gi, '')} ${e.milestone ? 'milestone' : ''}`, 'data-index': String(e.index), tabindex: '0' });
    const time = el('div', { class: 'time' });
    time.append(el('div', { class: 'clock' }, fmtTime(e)), el('div', { class: 'offset' }, e.offset ?? ''));
    const dot = el('div', { class: 'dot', 'aria-hidden': 'true' });
    const body = el('div', { class: 'body' });
    const head = el('div', { class: 'head' });
    head.append(el('span', { class: 'kind' }, e.kind || '(no kind)'));
    if (e.by) head.append(el('span', { class: 'by' }, e.by));
    if (e.milestone && !e.milestoneSet) {
      const b = el('button', { class: 'link', title: `Set the incident's ${e.milestone} to this time`, 'aria-label': `Set ${e.milestone} milestone to this event's time` }, `set ${e.milestone}`);
      b.addEventListener('click', () => send({ type: 'setMilestone', version, index: e.index }));
      head.append(b);
    }
    const text = el('div', { class: 'text' });
    text.innerHTML = e.html; // sanitized on the host: escaped HTML, safe links only (and the CSP allows no script)
    const actions = el('div', { class: 'actions' });
    const edit = el('button', { 'aria-label': `Edit event at ${fmtTime(e)}` }, 'Edit');
    const del = el('button', { 'aria-label': `Delete event at ${fmtTime(e)}` }, 'Delete');
    edit.addEventListener('click', () => { saved.editing = e.index; persist(); if (current) renderEvents(current); });
    del.addEventListener('click', () => send({ type: 'delete', version, index: e.index }));
    actions.append(edit, del);
    body.append(head, text);
    if (saved.editing === e.index) body.append(editForm(e, s.kinds));
    li.append(time, dot, body, actions);
    return li;
}

function editForm(e: TimelineViewEvent, kinds: string[]): HTMLElement {
  const f = el('form', { class: 'edit', 'aria-label': 'Edit event' });
  const at = el('input', { 'aria-label': 'Time', value: e.at });
  const kind = kindSelect(kinds, e.kind, 'Kind');
  const text = el('input', { 'aria-label': 'Text', value: e.text, class: 'grow' });
  const by = el('input', { 'aria-label': 'By', value: e.by ?? '', placeholder: 'by' });
  const save = el('button', { type: 'submit' }, 'Save');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  cancel.addEventListener('click', () => { saved.editing = undefined; persist(); if (current) renderEvents(current); });
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const patch: Record<string, string> = {};
    if (at.value !== e.at) patch.at = at.value;
    if (kind.value !== e.kind) patch.kind = kind.value;
    if (text.value !== e.text) patch.text = text.value;
    if (by.value !== (e.by ?? '') && by.value) patch.by = by.value;
    saved.editing = undefined; persist();
    if (Object.keys(patch).length) send({ type: 'update', version, index: e.index, patch });
    else if (current) renderEvents(current);
  });
  f.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') cancel.click(); });
  f.append(at, kind, text, by, save, cancel);
  setTimeout(() => text.focus(), 0);
  return f;
}

function renderForm(s: TimelineViewState): void {
  const kind = $<HTMLSelectElement>('#add-kind');
  const keep = kind.value || saved.draft?.kind || 'note';
  kind.replaceChildren(...s.kinds.map((k) => { const o = el('option', { value: k }, k); if (k === keep) o.selected = true; return o; }));
}

/** Events received so far, by id (the host sends each one once). */
let known = new Map<string, SentEvent>();
/** The ids in order as of render `orderSeq` (the host sends changes to it). */
let order: string[] = [];
let orderSeq = 0;
/** The header's and the form's inputs as last drawn: redrawn only when they change. */
let headerKey = '';

/** A `ready` (a request for everything) is on its way: changes that arrive before the answer are not asked again. */
let askedForAll = false;
function askForAll(): void {
  if (askedForAll) return;
  askedForAll = true;
  send({ type: 'ready' });
}

function render(m: Extract<FromHost, { type: 'render' }>): void {
  if (m.reset) { known = new Map(); askedForAll = false; }
  const ids = applyOrder(order, orderSeq, m.order, m.reset);
  if (!ids) { askForAll(); return; } // a change meant for the webview before a reload: ask for everything (once)
  for (const e of m.newEvents) known.set(e.id, e);
  const events: SentEvent[] = [];
  for (const id of ids) {
    const e = known.get(id);
    if (!e) { askForAll(); return; }
    events.push(e);
  }
  order = ids;
  orderSeq = m.order.seq;
  if (known.size > 4 * ids.length + 100) { const keep = new Set(ids); for (const k of known.keys()) if (!keep.has(k)) known.delete(k); }
  version = m.version;
  zone = m.zone;
  current = { ...m.state, events };
  const err = $('#error');
  const main = $('#main');
  if (!current.ok) {
    headerKey = '';
    err.hidden = false; main.hidden = true;
    $('#error-message').textContent = current.error ?? 'This incident cannot be shown.';
    return;
  }
  err.hidden = true; main.hidden = false;
  const hk = JSON.stringify(m.state);
  if (hk !== headerKey) { headerKey = hk; renderHeader(current); renderForm(current); }
  // Keep the reader's place across a reload of the webview (saved state); re-renders change rows in place and
  // leave the scroll alone (setting it after a change would force a layout of every row).
  // A later reset (everything sent again) keeps the reader's place the same way, once its rows are all in.
  if (m.reset) pendingScroll ??= firstRender ? saved.scroll : document.scrollingElement?.scrollTop;
  moreToCome = m.more === true;
  firstRender = false;
  renderEvents(current);
  restoreScroll();
  if (!document.body.dataset.firstRenderMs) document.body.dataset.firstRenderMs = (performance.now() - started).toFixed(1);
  if (pendingSince !== undefined) { document.body.dataset.roundTripMs = (performance.now() - pendingSince).toFixed(1); pendingSince = undefined; }
}

/** The last add sent, until the host answers with a render (done) or an error notice (refused). */
let pendingAdd: { at: string; kind: string; text: string; by: string } | undefined;
let restoreAdd: (d: NonNullable<typeof pendingAdd>) => void = () => {};

/** One notice at a time, shown for 6 s; an error about an add goes as soon as an add is sent or done. */
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function showNotice(message: string, level: string): void {
  const n = $('#notice'); n.textContent = message; n.className = `notice ${level}`; n.hidden = false;
  clearTimeout(noticeTimer); noticeTimer = setTimeout(() => { n.hidden = true; }, 6000);
}
function hideErrorNotice(): void {
  const n = $('#notice');
  if (!n.hidden && n.classList.contains('error')) { n.hidden = true; clearTimeout(noticeTimer); }
  $('#add-error').hidden = true;
  $('#add-at').removeAttribute('aria-invalid');
}
/** Why an add was refused, under the form where it was typed (not in a corner of the page). */
function showAddError(message: string): void {
  const e = $('#add-error'); e.textContent = message; e.hidden = false;
  $('#add-at').setAttribute('aria-invalid', 'true');
}

window.addEventListener('message', (ev) => {
  const m = parseFromHost(ev.data);
  if (!m) return;
  if (m.type === 'render') {
    // An add went in: the refusal of an earlier attempt no longer applies (it sat over the new row).
    if (pendingAdd) hideErrorNotice();
    pendingAdd = undefined; render(m);
  } else if (m.level === 'error' && pendingAdd) {
    // An add the host refused (a time in the future, not a time): the form gets back what was typed, to correct
    // it, with the reason under it.
    showAddError(m.message);
    restoreAdd(pendingAdd); pendingAdd = undefined;
  } else showNotice(m.message, m.level);
});

function setup(): void {
  const form = $<HTMLFormElement>('#add');
  const at = $<HTMLInputElement>('#add-at'), kind = $<HTMLSelectElement>('#add-kind'), text = $<HTMLInputElement>('#add-text'), by = $<HTMLInputElement>('#add-by');
  if (saved.draft) { at.value = saved.draft.at; text.value = saved.draft.text; by.value = saved.draft.by; }
  const draft = () => { saved.draft = { at: at.value, kind: kind.value, text: text.value, by: by.value }; persist(); };
  for (const i of [at, kind, text, by]) i.addEventListener('input', draft);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!text.value.trim()) { text.focus(); return; }
    hideErrorNotice();
    send({ type: 'add', version, event: { at: at.value.trim() || 'now', kind: kind.value, text: text.value, ...(by.value.trim() ? { by: by.value.trim() } : {}) } });
    pendingAdd = { at: at.value, kind: kind.value, text: text.value, by: by.value };
    text.value = ''; at.value = ''; draft(); text.focus({ preventScroll: true });
  });
  restoreAdd = (d) => {
    if (text.value || at.value) return; // something new was typed meanwhile
    at.value = d.at; kind.value = d.kind; text.value = d.text; by.value = d.by; draft(); at.focus({ preventScroll: true }); at.select();
  };
  $('#open-text').addEventListener('click', () => send({ type: 'openText' }));
  // While rows are still going in after a reload, the page is shorter than the place to restore: not a new place.
  window.addEventListener('scroll', () => { if (pendingScroll !== undefined) return; saved.scroll = document.scrollingElement?.scrollTop; persist(); }, { passive: true });
  askForAll();
}
setup();
