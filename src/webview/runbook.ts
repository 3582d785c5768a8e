/**
 * The runbook panel's webview: renders what the host sends (the runbook as sections, steps and command cards),
 * sends user actions back by step id and command index. Holds no model of its own; progress comes from the
 * followed incident's timeline, through the host.
 */
import { parseRunbookFromHost, type RunbookFromWebview, type RunbookPanelState } from './runbookProtocol';
import type { RunbookViewStep } from '../core/runbookView';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
const vscode = acquireVsCodeApi();

interface Saved { scroll?: number; collapsed?: string[] }
const saved: Saved = (vscode.getState() as Saved) ?? {};
let firstRender = true;

const send = (m: RunbookFromWebview) => vscode.postMessage(m);
const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};
const persist = () => vscode.setState(saved);
const button = (label: string, attrs: Record<string, string>, onClick: () => void) => {
  const b = el('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
};

function renderHeader(s: RunbookPanelState): void {
  const h = $('#header');
  h.replaceChildren();
  const v = s.view!;
  const title = el('h1');
  title.append(button(v.header.title, { class: 'link title', title: `Open ${v.header.path}`, 'aria-label': `Open the runbook file ${v.header.path}` }, () => send({ type: 'openRunbook' })));
  h.append(title);
  const facts = el('dl', { class: 'facts' });
  const fact = (k: string, value: string | HTMLElement, cls = '') => { facts.append(el('dt', {}, k)); const dd = el('dd', { class: cls }); dd.append(value); facts.append(dd); };
  fact('Owner', v.header.owner ?? 'not set', v.header.owner ? '' : 'missing');
  if (v.header.services.length) fact('Services', v.header.services.join(', '));
  if (v.header.alerts.length) fact('Alerts', v.header.alerts.join(', '));
  const review = v.header.lastReviewed
    ? `${v.header.lastReviewed}${v.header.reviewDue ? (v.header.overdue ? ` · review overdue since ${v.header.reviewDue}` : ` · next due ${v.header.reviewDue}`) : ''}`
    : 'never';
  fact('Last reviewed', review, v.header.overdue ? 'overdue' : v.header.lastReviewed ? '' : 'missing');
  h.append(facts);

  const follow = $('#follow');
  follow.replaceChildren();
  if (v.incident) {
    const inc = v.incident;
    const line = el('div', { class: `following ${inc.ok ? '' : 'broken'}` });
    line.append(el('span', { class: 'label' }, 'Following '));
    line.append(button(`${inc.id ?? inc.path}${inc.title ? ' ' + inc.title : ''}`, { class: 'link', title: `Open ${inc.path}` }, () => send({ type: 'openIncident' })));
    if (inc.status) line.append(el('span', { class: 'badge' }, inc.status));
    line.append(el('span', { class: 'progress', 'aria-live': 'polite' }, `${v.doneCount} of ${v.stepCount} steps done`));
    line.append(button('Stop following', { class: 'secondary' }, () => send({ type: 'unfollow' })));
    follow.append(line);
    const who = el('div', { class: 'responder' });
    who.append(el('span', {}, s.responder ? `Logging as ${s.responder}` : 'Logging without a name (no by:)'),
      button(s.responder ? 'change' : 'set your name', { class: 'link', 'aria-label': s.responder ? `Change the name steps are logged as (${s.responder})` : 'Set the name steps are logged as' }, () => send({ type: 'changeResponder' })));
    follow.append(who);
    if (!inc.ok) follow.append(el('p', { class: 'warn', role: 'alert' }, `The incident's front matter does not parse (${inc.error ?? 'unknown error'}): steps cannot be logged until it is fixed.`));
  } else {
    const line = el('div', { class: 'following none' });
    line.append(el('span', {}, 'Checking steps and running commands logs them to an incident\'s timeline.'));
    line.append(button('Follow for incident…', { class: 'primary', id: 'follow-button' }, () => send({ type: 'follow' })));
    follow.append(line);
  }
  if (!s.canRun && s.runDisabledReason) follow.append(el('p', { class: 'info' }, s.runDisabledReason));
}

function commandCard(s: RunbookPanelState, step: RunbookViewStep, c: RunbookViewStep['commands'][number]): HTMLElement {
  const card = el('div', { class: 'command' });
  const bar = el('div', { class: 'bar' });
  // An unlabelled block says so (it is run as shell only when the policy allows it).
  bar.append(el('span', { class: 'lang' }, c.lang ?? (c.runnable ? 'shell (unlabelled)' : 'no language')));
  if (c.runs) bar.append(el('span', { class: 'runs' }, `ran ${c.runs}×`));
  const rev = s.revision;
  bar.append(button('Copy', { class: 'secondary', 'aria-label': `Copy the command of step ${step.number}` }, () => send({ type: 'copy', revision: rev, step: step.id, command: c.index })));
  if (s.canRun && c.runnable) bar.append(button('Run', { class: 'primary run', 'aria-label': `Run the command of step ${step.number} in a terminal` }, () => send({ type: 'run', revision: rev, step: step.id, command: c.index })));
  const pre = el('pre');
  pre.append(el('code', {}, c.display));
  card.append(bar, pre);
  if (s.canRun && !c.runnable && c.whyNot) card.append(el('p', { class: 'why-not' }, c.whyNot));
  return card;
}

function renderSections(s: RunbookPanelState): void {
  const root = $('#sections');
  root.replaceChildren();
  const v = s.view!;
  const following = !!v.incident?.ok;
  if (!v.sections.length) { root.append(el('p', { class: 'empty' }, 'This runbook has no steps or commands the panel can show; open the file to read it.')); return; }
  for (const sec of v.sections) {
    const key = `${sec.title}#${sec.level}`;
    const details = el('details', { class: `section role-${sec.role}` });
    if (!saved.collapsed?.includes(key)) details.open = true;
    details.addEventListener('toggle', () => {
      const set = new Set(saved.collapsed ?? []);
      if (details.open) set.delete(key); else set.add(key);
      saved.collapsed = [...set]; persist();
    });
    const summary = el('summary');
    summary.append(el('span', { class: 'section-number' }, sec.number), el('span', { class: 'section-title' }, sec.title || 'Steps'));
    if (sec.roleLabel) summary.append(el('span', { class: 'role' }, sec.role));
    const doneHere = sec.steps.filter((x) => x.done).length;
    if (sec.steps.length) summary.append(el('span', { class: 'count' }, `${doneHere}/${sec.steps.length}`));
    details.append(summary);
    // Prose where the file has it: before the first step, between two steps, after the last.
    const notes = (ns: typeof sec.notes) => {
      const box = el('div', { class: 'notes' });
      for (const n of ns) { const para = el('p'); para.innerHTML = n.html; box.append(para); } // sanitized on the host, like step texts
      return box;
    };
    const last = sec.steps.length;
    const intro = sec.notes.filter((n) => n.before === 0 || !last);
    if (intro.length) details.append(notes(intro));
    const list = el('ol', { class: 'steps' });
    if (!sec.steps.length && !sec.notes.length) details.append(el('p', { class: 'empty' }, 'Nothing to do here; see the file.'));
    for (const [i, step] of sec.steps.entries()) {
      const between = i > 0 ? sec.notes.filter((n) => n.before === i) : [];
      if (between.length) { const li = el('li', { class: 'note' }); li.append(notes(between)); list.append(li); }
      const li = el('li', { class: `step ${step.done ? 'done' : ''} kind-${step.kind}`, 'data-step': step.id });
      const head = el('div', { class: 'step-head' });
      const box = el('input', { type: 'checkbox', id: `cb-${step.id}`, 'aria-label': `Step ${step.number}: ${step.label}${step.done ? ' (done)' : ''}` });
      box.checked = !!step.done;
      box.disabled = !following;
      if (!following) box.title = 'Follow for an incident to check steps';
      box.addEventListener('change', () => send({ type: 'check', revision: s.revision, step: step.id, done: box.checked }));
      head.append(box, el('span', { class: 'number' }, step.number));
      const text = el('label', { class: 'text', for: `cb-${step.id}` });
      if (step.kind === 'command') text.textContent = 'Run or copy:';
      else text.innerHTML = step.html; // sanitized on the host: escaped HTML, safe links only (and the CSP allows no script)
      head.append(text);
      li.append(head);
      if (step.done) li.append(el('div', { class: 'done-by' }, `done ${step.done.at.replace('T', ' ').replace(/:\d\dZ$/, 'Z')}${step.done.by ? ' by ' + step.done.by : ''}`));
      for (const c of step.commands) li.append(commandCard(s, step, c));
      // A command of this step ran and the step is not checked yet: offer to check it (a run is not always the step).
      if (following && !step.done && step.commands.some((c) => c.runs > 0)) {
        const offer = el('div', { class: 'offer' });
        offer.append(el('span', {}, 'Ran. Did it work?'), button(`Mark step ${step.number} done`, { class: 'primary' }, () => send({ type: 'check', revision: s.revision, step: step.id, done: true })));
        li.append(offer);
      }
      list.append(li);
    }
    details.append(list);
    const after = last ? sec.notes.filter((n) => n.before >= last) : [];
    if (after.length) details.append(notes(after));
    root.append(details);
  }
}

function renderEmpty(s: RunbookPanelState): void {
  const e = $('#empty');
  e.replaceChildren(el('p', {}, s.empty ?? 'No runbook yet.'));
  if (s.choices?.length) {
    const list = el('ul', { class: 'choices' });
    for (const c of s.choices) list.append(el('li', {}, `${c.title} (${c.path})`));
    e.append(el('p', {}, 'The active incident links these runbooks:'), list);
  }
  e.append(button('Pick a runbook…', { class: 'primary' }, () => send({ type: 'pickRunbook' })));
}

function render(s: RunbookPanelState): void {
  const scroll = firstRender ? saved.scroll ?? 0 : document.scrollingElement?.scrollTop ?? 0;
  firstRender = false;
  const main = $('#main');
  const empty = $('#empty');
  if (!s.view) { main.hidden = true; empty.hidden = false; renderEmpty(s); return; }
  empty.hidden = true; main.hidden = false;
  renderHeader(s);
  renderSections(s);
  document.scrollingElement?.scrollTo(0, scroll);
  document.body.dataset.revision = String(s.revision);
}

window.addEventListener('message', (ev) => {
  const m = parseRunbookFromHost(ev.data);
  if (!m) return;
  if (m.type === 'render') render(m.state);
  else { const n = $('#notice'); n.textContent = m.message; n.className = `notice ${m.level}`; n.hidden = false; setTimeout(() => { n.hidden = true; }, 6000); }
});
window.addEventListener('scroll', () => { saved.scroll = document.scrollingElement?.scrollTop ?? 0; persist(); }, { passive: true });
send({ type: 'ready' });
