/**
 * What the runbook panel shows, computed from the runbook's text and (when the panel follows an incident) the
 * incident's text: sections, checkable steps, command cards, the runbook's hygiene, and the progress made for
 * that incident, derived from the incident's own timeline. Nothing else holds progress: the timeline events
 * the panel appends (`stepDoneText`, `commandRunText`) are read back here, so progress survives reloads and
 * shows in a pull request like any other edit of the incident.
 */
import { parseRunbook, type RunbookStep, type SectionRole } from './runbook';
import { parseRecord } from './record';
import { get, scalarText, stringList, toJS } from './yaml/index';
import { parseDate, parseDuration, formatIso } from './time';
import { renderSafeMarkdown } from './safeMarkdown';
import type { Policy } from './policy';

export interface RunbookViewCommand {
  index: number;
  code: string;
  lang?: string;
  /** The code as shown: control and invisible direction characters as visible escapes (`\r`, `\x1b`, `\u{202e}`). */
  display: string;
  /** Whether Run may send it to a terminal (a shell-like block with nothing hidden in it); `whyNot` says why not. */
  runnable: boolean;
  whyNot?: string;
  /** How often the incident's timeline says it was run from this step. */
  runs: number;
}
export interface RunbookViewStep {
  /** Stable for the runbook's current text (`s2.3`); what messages and commands address. */
  id: string;
  /**
   * Shown to people and written in timeline events: `2.3`, the third step of the second section the panel shows
   * (sections hidden from the panel are not counted).
   */
  number: string;
  /** The step's text as safe HTML. */
  html: string;
  /** One line of plain text naming the step (for timeline events and labels). */
  label: string;
  kind: RunbookStep['kind'];
  /** Done for the followed incident: when, by whom, and the timeline index of the event that says so. */
  done?: { at: string; by?: string; event: number };
  commands: RunbookViewCommand[];
}
export interface RunbookViewSection {
  /** Its place among the sections shown (`2`): the first part of its steps' numbers. */
  number: string;
  title: string; role: SectionRole;
  /** Whether the role is worth a label: false when the title already says it ("Diagnosis", not "Troubleshooting"). */
  roleLabel: boolean;
  level: number; steps: RunbookViewStep[];
  /** The section's prose as safe HTML paragraphs, each shown before the step at index `before` (as in the file). */
  notes: { html: string; before: number }[];
}
export interface RunbookHeader {
  path: string;
  title: string;
  owner?: string;
  services: string[];
  alerts: string[];
  lastReviewed?: string;
  reviewEvery?: string;
  /** When the next review is due (last_reviewed + review_every), and whether that is past. */
  reviewDue?: string;
  overdue: boolean;
}
export interface RunbookIncident { path: string; id?: string; title?: string; status?: string; ok: boolean; error?: string }
export interface RunbookViewState {
  header: RunbookHeader;
  sections: RunbookViewSection[];
  stepCount: number;
  commandCount: number;
  doneCount: number;
  incident?: RunbookIncident;
}

const MAX_LABEL = 120;

/** A step's text as one plain line: Markdown links become their labels, emphasis marks go, whitespace collapses. */
export function stepLabel(text: string): string {
  const plain = text
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/<[^>\n]*>/g, '')
    .replace(/[*_]{1,2}([^*_\n]+)[*_]{1,2}/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > MAX_LABEL ? plain.slice(0, MAX_LABEL - 1) + '…' : plain || '(a step with no text)';
}

/**
 * Where a step sits, as written at the end of the panel's timeline events: `(Title, step 2.3, runbooks/x.md)`.
 * The title loses its parentheses (`[` `]` instead), so the origin is the last `(` before `, step N.N, path)`.
 */
function origin(runbook: { title: string; path: string }, stepNumber: string): string {
  return `(${runbook.title.replace(/[\r\n]+/g, ' ').replace(/\(/g, '[').replace(/\)/g, ']')}, step ${stepNumber}, ${runbook.path})`;
}

export const STEP_DONE_PREFIX = 'Runbook step done: ';
export const COMMAND_RUN_PREFIX = 'Ran from runbook:';

/** The timeline event text for a checked step. */
export function stepDoneText(runbook: { title: string; path: string }, step: { number: string; label: string }): string {
  return `${STEP_DONE_PREFIX}${doneLabel(step.label)} ${origin(runbook, step.number)}`;
}

/** A step's label as a done event says it: without the colon that introduces its command ("... the last hour:"). */
function doneLabel(label: string): string {
  return label.replace(/\s*:\s*$/, '');
}

/** The timeline event text for a command run from a step: the command's exact text. */
export function commandRunText(runbook: { title: string; path: string }, step: { number: string }, code: string): string {
  // One line without backticks: a code span. Anything else: the exact text on the lines after the colon.
  const oneLine = !code.includes('\n') && !code.includes('`');
  return `${COMMAND_RUN_PREFIX}${oneLine ? ' `' + code + '`' : '\n' + code} ${origin(runbook, step.number)}`;
}

/** Reads an event text written by the panel for this runbook: which step, and whether it is a check or a run. */
export function readRunbookEvent(text: string, runbookPath: string): { kind: 'done' | 'run'; step: string; code?: string; label?: string } | undefined {
  const kind = text.startsWith(STEP_DONE_PREFIX) ? 'done' : text.startsWith(COMMAND_RUN_PREFIX) ? 'run' : undefined;
  if (!kind) return undefined;
  const tail = `, ${runbookPath})`;
  if (!text.endsWith(tail)) return undefined;
  const head = text.slice(0, text.length - tail.length);
  const m = /, step (\d+\.\d+)$/.exec(head);
  if (!m) return undefined;
  // The label or command is everything between the prefix and the origin's opening parenthesis.
  const open = head.lastIndexOf('(', m.index);
  if (kind === 'done') return { kind, step: m[1], ...(open > STEP_DONE_PREFIX.length && head[open - 1] === ' ' ? { label: head.slice(STEP_DONE_PREFIX.length, open - 1) } : {}) };
  if (open < COMMAND_RUN_PREFIX.length + 1 || head[open - 1] !== ' ') return undefined;
  const body = head.slice(COMMAND_RUN_PREFIX.length, open - 1);
  let code: string;
  if (body.startsWith(' `') && body.endsWith('`') && body.length >= 3) code = body.slice(2, -1);
  else if (body.startsWith('\n')) code = body.slice(1);
  else return undefined;
  return { kind, step: m[1], code };
}

/** A panel event of the followed incident's timeline, not yet tied to a step. */
interface LoggedEvent { kind: 'done' | 'run'; step: string; label?: string; code?: string; at: string; by?: string; event: number }
interface IncidentProgress { events: LoggedEvent[]; incident: RunbookIncident }

function incidentProgress(path: string, text: string, policy: Policy, runbookPath: string): IncidentProgress {
  const rec = parseRecord(path, text, policy);
  const events: LoggedEvent[] = [];
  const s = (k: string) => scalarText(get(rec.root, k));
  const syntax = rec.problems.find((p) => p.severity === 'error' && (p.code.startsWith('yaml') || p.code.startsWith('frontmatter')));
  const incident: RunbookIncident = { path, id: s('id'), title: s('title'), status: s('status'), ok: !syntax, ...(syntax ? { error: syntax.message } : {}) };
  if (rec.kind !== 'incident') return { events, incident: { ...incident, ok: false, error: `${path} is not an incident` } };
  const tl = get(rec.root, 'timeline');
  if (tl?.type === 'seq') {
    tl.items.forEach((item, index) => {
      const o = toJS(item);
      if (!o || typeof o !== 'object' || Array.isArray(o)) return;
      const ev = o as Record<string, unknown>;
      if (typeof ev.text !== 'string') return;
      const r = readRunbookEvent(ev.text, runbookPath);
      if (r) events.push({ ...r, at: ev.at == null ? '' : String(ev.at), ...(ev.by == null ? {} : { by: String(ev.by) }), event: index });
    });
  }
  return { events, incident };
}

/**
 * Ties logged events to steps. Events name a step by number: today's numbers count the sections shown; events
 * written before 0.x counted every heading (`step 3.1` for the first step under the second shown heading). An
 * event goes to the step whose number and text (its label, or the command it ran) both match, today's numbering
 * first, then the old one; failing that, to today's step of that number (a step whose text was edited since).
 */
function tieEvents(events: LoggedEvent[], steps: { number: string; legacy: string; label: string; codes: string[] }[]): { done: Map<string, LoggedEvent>; runs: Map<string, number> } {
  const byNumber = new Map(steps.map((st) => [st.number, st]));
  const byLegacy = new Map(steps.map((st) => [st.legacy, st]));
  const done = new Map<string, LoggedEvent>();
  const runs = new Map<string, number>();
  for (const ev of events) {
    const fits = (st: typeof steps[number] | undefined) => !!st && (ev.kind === 'done' ? ev.label !== undefined && doneLabel(ev.label) === doneLabel(st.label) : st.codes.includes(ev.code ?? ''));
    const now = byNumber.get(ev.step);
    const old = byLegacy.get(ev.step);
    const st = fits(now) ? now : fits(old) ? old : ev.kind === 'done' ? now : undefined;
    if (!st) continue;
    if (ev.kind === 'done') done.set(st.number, ev);
    else { const key = runKey(st.number, ev.code ?? ''); runs.set(key, (runs.get(key) ?? 0) + 1); }
  }
  return { done, runs };
}

/** Runs of a command as counted in the progress map (the key the progress reader uses). */
const runKey = (number: string, code: string) => `${number}\u0000${code}`;

export function buildRunbookView(text: string, path: string, policy: Policy, opts: {
  now: number;
  /** The incident the panel follows, with its current text. */
  incident?: { path: string; text: string };
  render?: (markdown: string) => string;
}): RunbookViewState {
  const render = opts.render ?? renderSafeMarkdown;
  const rec = parseRecord(path, text, policy);
  const parsed = parseRunbook(text);
  const s = (k: string) => scalarText(get(rec.root, k));
  const title = s('title') ?? parsed.title ?? path.slice(path.lastIndexOf('/') + 1);
  const lastReviewed = s('last_reviewed');
  const reviewEvery = s('review_every');
  let reviewDue: string | undefined;
  let overdue = false;
  const last = lastReviewed !== undefined ? parseDate(lastReviewed) : undefined;
  const every = reviewEvery !== undefined ? parseDuration(reviewEvery) : undefined;
  // The Foundation's rule (runbook-review-overdue): overdue once now is past last_reviewed + review_every.
  if (last?.ok && every !== undefined) { reviewDue = formatIso(last.ms + every).slice(0, 10); overdue = opts.now > last.ms + every; }
  const header: RunbookHeader = {
    path, title, owner: s('owner'), services: stringList(get(rec.root, 'services')).map((x) => x.text),
    alerts: stringList(get(rec.root, 'alerts')).map((x) => x.text), lastReviewed, reviewEvery, reviewDue, overdue,
  };
  const progress = opts.incident ? incidentProgress(opts.incident.path, opts.incident.text, policy, path) : undefined;
  // The top heading repeats the title shown in the header: its section is kept only when it holds something.
  const shown = parsed.sections.filter((sec) => sec.steps.length || sec.notes.length || !(sec.level === 1 && sec.title === title));
  const labelOf = (st: typeof shown[number]['steps'][number]) => st.kind === 'command' ? stepLabel(st.commands[0]?.code.split('\n')[0] ?? '') : stepLabel(st.text);
  const numbered = shown.map((sec, i) => sec.steps.map((st, j) => ({ number: `${i + 1}.${j + 1}`, legacy: st.id.slice(1), label: labelOf(st), codes: st.commands.map((c) => c.code) })));
  const tied = progress ? tieEvents(progress.events, numbered.flat()) : undefined;
  let doneCount = 0;
  const sections: RunbookViewSection[] = shown.map((sec, i) => ({
    number: String(i + 1), title: sec.title, role: sec.role, roleLabel: sec.role !== 'other' && !sec.title.replace(/[*_`]/g, '').trim().toLowerCase().startsWith(sec.role),
    level: sec.level, notes: sec.notes.map((n) => ({ html: render(n.text), before: n.before })),
    steps: sec.steps.map((st, j) => {
      const { number, label } = numbered[i][j];
      const ev = tied?.done.get(number);
      const done = ev ? { at: ev.at, ...(ev.by !== undefined ? { by: ev.by } : {}), event: ev.event } : undefined;
      if (done) doneCount++;
      return {
        id: st.id, number, kind: st.kind, html: render(st.text), label,
        ...(done ? { done } : {}),
        commands: st.commands.map((c, index) => ({ index, code: c.code, ...(c.lang ? { lang: c.lang } : {}), display: visibleCode(c.code), ...commandRunnability(c.code, c.lang, policy), runs: tied?.runs.get(runKey(number, c.code)) ?? 0 })),
      };
    }),
  }));
  // A body the Markdown reader refused (too large, nested too deep) is said so, in place of its steps.
  if (parsed.error) sections.push({ number: String(sections.length + 1), title: 'Not shown', role: 'other', roleLabel: false, level: 2, steps: [], notes: [{ html: render(`This runbook's steps are not shown: ${parsed.error}. Open the file to read it.`), before: 0 }] });
  return { header, sections, stepCount: parsed.stepCount, commandCount: parsed.commandCount, doneCount, ...(progress ? { incident: progress.incident } : {}) };
}

/** Languages whose blocks Run sends to a shell; other blocks (yaml, json, sql ...) are data, never run. */
const SHELL_LANGS = new Set(['bash', 'sh', 'zsh', 'shell', 'console', 'powershell', 'pwsh', 'ps1', 'shellscript', 'ksh', 'fish']);
/**
 * Characters that make a terminal run something other than what the card shows: control characters but tab and
 * line feed (a CR splits a line; Ctrl-U, ESC b, DEL rewrite it), C1 controls, and invisible direction overrides.
 */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The code with every hidden character as a visible escape. */
export function visibleCode(code: string): string {
  return code.replace(HIDDEN, (c) => {
    const n = c.charCodeAt(0);
    return n === 13 ? '\\r' : n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
  });
}

/** Whether a runbook's code block may be run in a terminal, and if not, why (shown in the panel and when refused). */
export function commandRunnability(code: string, lang: string | undefined, policy: Policy): { runnable: true } | { runnable: false; whyNot: string } {
  const l = lang?.trim().toLowerCase();
  if (l ? !SHELL_LANGS.has(l) : !policy.runbook.runUnlabeled) {
    return { runnable: false, whyNot: l ? `Run is offered for shell blocks only (bash, sh, zsh, shell, console, powershell); this is a ${l} block (Copy still works).` : 'Run is offered for shell blocks only (bash, sh, zsh, shell, console, powershell); this block has no language: label it (```sh), or set runbook.run_unlabeled_blocks: true in the policy (Copy still works).' };
  }
  HIDDEN.lastIndex = 0;
  if (HIDDEN.test(code)) return { runnable: false, whyNot: 'This block holds control or invisible characters (shown as escapes): a terminal would not run what the card shows, so Run is not offered.' };
  if (!code.trim()) return { runnable: false, whyNot: 'This block is empty.' };
  return { runnable: true };
}

/** A step of a view by id. */
export function findStep(view: RunbookViewState, id: string): RunbookViewStep | undefined {
  for (const sec of view.sections) for (const st of sec.steps) if (st.id === id) return st;
  return undefined;
}
