/**
 * Service-level clocks of an incident (issue 18). Each target (acknowledge, mitigate, resolve) runs from the
 * incident's detection (else its start) until its milestone, against the stricter of its priority's target
 * (counted in the priority's calendar when it has one) and its severity's (round the clock). Escalation steps fall
 * due the same way. A plan holds every deadline as an instant, computed once from the record; judging a plan
 * against the clock is comparisons only, so the editor can re-judge every minute without reading or walking a
 * calendar again.
 */
import { findSeverity, isActiveStatus, MILESTONES, type EscalationKind, type Milestone, type Policy, type Targets } from './policy';
import { derivePriority } from './policyProcess';
import { businessDeadline, businessElapsed, type Calendar } from './calendar';
import { parseDateTime, formatDuration, formatHours, formatIso } from './time';
import type { RecordSummary } from './summary';
import type { Problem } from './problem';
import { CATALOG } from './rules/catalog';
import { get, getPair, isEmpty, scalarText, type YMap } from './yaml/index';

export type TargetName = keyof Targets;
export const TARGETS: readonly TargetName[] = ['acknowledge', 'mitigate', 'resolve'];
export const MILESTONE_OF: Record<TargetName, Milestone> = { acknowledge: 'acknowledged', mitigate: 'mitigated', resolve: 'resolved' };

/** What the clocks are computed from: the summary's fields, and the timeline's escalations when they were read. */
export interface ClockInput {
  severity?: string; status?: string; impact?: string; urgency?: string; priority?: string; escalation?: string;
  milestones: Partial<Record<Milestone, string>>;
  /** `escalated` events; undefined when the timeline was not read (the index's summaries): no escalation judged. */
  escalations?: { atMs: number; to: string[] }[];
}

export interface TargetClock {
  target: TargetName;
  /** The target's length, as written (`4h`), and where it comes from (`P1`, `SEV2`). */
  limit: number; limitText: string; source: string;
  /** The calendar it counts in; undefined: round the clock. */
  calendar?: string;
  startMs: number;
  /** When the target runs out, and when it becomes at risk (the policy's at_risk share of it). */
  deadlineMs: number; atRiskMs: number;
  /** When its milestone was reached; undefined while it runs. */
  doneMs?: number;
  /** Time the clock counted until doneMs (in its calendar). */
  tookMs?: number;
  /** The instants as text, made the first time they are shown and kept (a minute tick formats nothing). */
  iso?: { start: string; atRisk: string; due: string; done?: string };
}

/** A clock's instants as text (made once per clock: the plan keeps them). */
export function clockIso(c: TargetClock): NonNullable<TargetClock['iso']> {
  return c.iso ??= { start: iso(c.startMs), atRisk: iso(c.atRiskMs), due: iso(c.deadlineMs), ...(c.doneMs !== undefined ? { done: iso(c.doneMs) } : {}) };
}

export interface EscalationStepDue {
  policy: string; step: number; afterText: string; kind: EscalationKind; notify: string[];
  dueMs: number; calendar?: string;
  /** dueMs as text, made the first time it is shown. */
  dueText?: string;
  /** The timeline has `escalated` events reaching every one of its targets (or an untargeted event counted for it). */
  reached: boolean;
}

export interface ClockPlan {
  /** Whether the incident is still open (its status does not end it). */
  open: boolean;
  /** Whether it has been mitigated: escalation steps are judged only before (the impact is over; nobody needs paging). */
  mitigated: boolean;
  /** The priority in force: derived from impact and urgency by the matrix, else as written (when the policy knows it). */
  priority?: string;
  clocks: TargetClock[];
  escalation: EscalationStepDue[];
  /** The running clock that runs out first (breached or not): what an incident's row and the status bar show. */
  urgent?: TargetClock;
}

/** The problem codes judged against the clock (they change as time passes, with no file changing). */
export const CLOCK_CODES: readonly string[] = ['target-at-risk', 'target-breached', 'escalation-late'];

/** How long after a step falls due it is reported late: the time to page someone and log it. */
export const ESCALATION_GRACE_MS = 5 * 60_000;

export type ClockState = 'running' | 'at-risk' | 'breached' | 'met' | 'missed';

/** An instant as ISO text; `never` for a deadline no calendar reaches. */
function iso(ms: number): string { return Number.isFinite(ms) ? formatIso(ms) : 'never'; }

function instant(s: string | undefined): number | undefined {
  const r = parseDateTime(s);
  return r.ok && !r.dateOnly ? r.ms : undefined;
}

/** The priority in force for an incident: the matrix's for its impact and urgency, else the written one the policy knows. */
export function effectivePriority(policy: Policy, input: Pick<ClockInput, 'impact' | 'urgency' | 'priority'>): string | undefined {
  return derivePriority(policy, input.impact, input.urgency) ?? (policy.priorities.some((p) => p.id === input.priority) ? input.priority : undefined);
}

export function clockInputOf(r: RecordSummary): ClockInput {
  return { severity: r.severity, status: r.status, impact: r.impact, urgency: r.urgency, priority: r.priority, escalation: r.escalation, milestones: r.milestones };
}

/** The `escalated` events of a record's timeline, with the targets each names in `to:` (one, or a list). */
export function timelineEscalations(root: YMap | null | undefined): NonNullable<ClockInput['escalations']> {
  const out: NonNullable<ClockInput['escalations']> = [];
  const tl = get(root, 'timeline');
  if (tl?.type !== 'seq') return out;
  for (const ev of tl.items) {
    if (ev.type !== 'map' || scalarText(get(ev, 'kind')) !== 'escalated') continue;
    const at = instant(scalarText(get(ev, 'at')));
    if (at === undefined) continue;
    const toNode = get(ev, 'to');
    const to = toNode?.type === 'seq' ? toNode.items.flatMap((x) => (x.type === 'scalar' && x.value !== null ? [String(x.value)] : []))
      : toNode?.type === 'scalar' && toNode.value !== null ? [String(toNode.value)] : [];
    out.push({ atMs: at, to });
  }
  return out;
}

/** A record's clock input, timeline escalations included (a full parse's root). */
export function recordClockInput(root: YMap | null | undefined): ClockInput {
  const s = (k: string) => scalarText(get(root, k));
  const milestones: ClockInput['milestones'] = {};
  for (const m of MILESTONES) { const v = s(m); if (v !== undefined) milestones[m] = v; }
  return { severity: s('severity'), status: s('status'), impact: s('impact'), urgency: s('urgency'), priority: s('priority'), escalation: s('escalation'), milestones, escalations: timelineEscalations(root) };
}

/** Every deadline of an incident, computed once. */
export function planClocks(input: ClockInput, policy: Policy): ClockPlan {
  // Open: a status of the policy that does not end the incident (an unknown or missing status is its own problem,
  // not a clock's).
  const open = input.status !== undefined && policy.statuses.some((x) => x.id === input.status) && isActiveStatus(policy, input.status);
  const priorityId = effectivePriority(policy, input);
  const priority = policy.priorities.find((p) => p.id === priorityId);
  const severity = findSeverity(policy, input.severity);
  const calendar = priority?.calendar !== undefined ? policy.calendars.find((c) => c.id === priority.calendar) : undefined;
  const ms: Partial<Record<Milestone, number>> = {};
  for (const m of MILESTONES) { const t = instant(input.milestones[m]); if (t !== undefined) ms[m] = t; }
  const start = ms.detected ?? ms.started;
  const plan: ClockPlan = { open, mitigated: ms.mitigated !== undefined || ms.resolved !== undefined, priority: priorityId, clocks: [], escalation: [] };
  if (start === undefined) return plan;
  // In a calendar, a duration in days is working days (3d: three of its working days), hours and minutes are
  // working hours and minutes; round the clock, 1d is 24 hours.
  const span = (cal: Calendar | undefined, d: number, text: string | undefined) => {
    const days = cal && text ? /^(\d+)d$/.exec(text.trim()) : null;
    return days ? Number(days[1]) * (cal!.close - cal!.open) * 60_000 : d;
  };
  const deadline = (cal: Calendar | undefined, d: number, text?: string) => (cal ? businessDeadline(cal, start, span(cal, d, text)) : start + d);
  for (const target of TARGETS) {
    // The stricter of the priority's and the severity's: the one that runs out first.
    const cands: Omit<TargetClock, 'doneMs' | 'tookMs' | 'target' | 'startMs' | 'iso'>[] = [];
    if (priority?.targets[target] !== undefined) {
      const text = priority.targetsText[target];
      const limit = span(calendar, priority.targets[target]!, text);
      cands.push({ limit, limitText: text, source: priority.id, ...(calendar ? { calendar: calendar.id } : {}), deadlineMs: deadline(calendar, limit), atRiskMs: deadline(calendar, limit * policy.atRisk) });
    }
    if (severity?.targets[target] !== undefined) {
      const limit = severity.targets[target]!;
      cands.push({ limit, limitText: severity.targetsText[target], source: severity.id, deadlineMs: start + limit, atRiskMs: start + limit * policy.atRisk });
    }
    if (!cands.length) continue;
    const c = cands.reduce((a, b) => (b.deadlineMs < a.deadlineMs ? b : a));
    const done = ms[MILESTONE_OF[target]];
    const cal = c.calendar !== undefined ? calendar : undefined;
    const finished = done !== undefined && done >= start;
    plan.clocks.push({ target, startMs: start, ...c, ...(finished ? { doneMs: done, tookMs: cal ? businessElapsed(cal, start, done) : done - start } : {}) });
  }
  // A later milestone cannot be due before an earlier one (resolving mitigates): an earlier target whose own
  // deadline falls after a later one's is due with it (a SEV3 mitigate of 1d round the clock, a P2 resolve of 8h).
  for (let i = plan.clocks.length - 2; i >= 0; i--) {
    const c = plan.clocks[i], next = plan.clocks[i + 1];
    if (next.deadlineMs < c.deadlineMs) plan.clocks[i] = { ...c, deadlineMs: next.deadlineMs, atRiskMs: Math.min(c.atRiskMs, next.atRiskMs), source: `${next.source} ${next.target}`, limitText: next.limitText, limit: next.limit, ...(next.calendar ? { calendar: next.calendar } : {}) };
  }
  for (const c of plan.clocks) if (c.doneMs === undefined && (!plan.urgent || c.deadlineMs < plan.urgent.deadlineMs)) plan.urgent = c;
  const escId = input.escalation ?? severity?.escalation ?? priority?.escalation;
  // A priority's own escalation policy counts in its calendar; another (the incident's, the severity's) round the
  // clock: a step at 0m of a severity's paging policy pages at night too.
  const escCal = priority?.escalation !== undefined && escId === priority.escalation ? calendar : undefined;
  const esc = escId !== undefined ? policy.escalationPolicies.find((e) => e.id === escId) : undefined;
  if (esc && input.escalations) {
    const events = [...input.escalations].sort((a, b) => a.atMs - b.atMs);
    const named = new Set(events.flatMap((e) => e.to));
    // Events that name no target count for the steps that no event names, in order.
    let untargeted = events.filter((e) => !e.to.length).length;
    esc.steps.forEach((st, i) => {
      let reached = st.notify.every((n) => named.has(n));
      if (!reached && untargeted > 0) { reached = true; untargeted--; }
      const dueMs = deadline(escCal, st.after, st.afterText);
      plan.escalation.push({ policy: esc.id, step: i + 1, afterText: st.afterText, kind: st.kind, notify: st.notify, dueMs, ...(escCal ? { calendar: escCal.id } : {}), reached });
    });
  }
  return plan;
}

/**
 * A length of a target's time: in hours and minutes, `of working time`, when it counts in a calendar (there a
 * working day is the calendar's hours, so `1d 9h` would read as less than a target of `3d`); else as usual.
 */
export function targetDuration(c: Pick<TargetClock, 'calendar'>, ms: number): string {
  return c.calendar !== undefined ? `${formatHours(ms)} of working time` : formatDuration(ms);
}

/** The same without the words: a length the sentence has already said is working time (`missed by 3h`). */
export function targetLength(c: Pick<TargetClock, 'calendar'>, ms: number): string {
  return c.calendar !== undefined ? formatHours(ms) : formatDuration(ms);
}

/** How far past its deadline a target was done, in the target's own time (working time in its calendar). */
export function overDeadline(c: TargetClock, doneMs: number, policy: Policy): number {
  const cal = c.calendar !== undefined ? policy.calendars.find((x) => x.id === c.calendar) : undefined;
  return Math.max(0, cal ? businessElapsed(cal, c.deadlineMs, doneMs) : doneMs - c.deadlineMs);
}

export function clockState(c: TargetClock, now: number): ClockState {
  if (c.doneMs !== undefined) return c.doneMs <= c.deadlineMs ? 'met' : 'missed';
  if (now >= c.deadlineMs) return 'breached';
  if (now >= c.atRiskMs) return 'at-risk';
  return 'running';
}

export interface JudgedClock extends TargetClock { state: ClockState }

/** The plan against the clock: each target's state, and the escalation steps overdue and not reached (open incidents not yet mitigated). */
export function judgeClocks(plan: ClockPlan, now: number): { clocks: JudgedClock[]; late: EscalationStepDue[] } {
  return {
    clocks: plan.clocks.map((c) => ({ ...c, state: clockState(c, now) })),
    // Late once the incident has been open longer than the step's `after`, plus the few minutes it takes to page
    // and log it (a step at 0m does not warn on an incident declared a second ago).
    late: plan.open && !plan.mitigated ? plan.escalation.filter((s) => !s.reached && now > s.dueMs + ESCALATION_GRACE_MS) : [],
  };
}

/** An open incident's most urgent clock in a few words at `now` (no allocation beyond the text). */
export function urgentText(plan: ClockPlan, now: number): string | undefined {
  const c = plan.urgent;
  if (!plan.open || !c) return undefined;
  return clockText({ ...c, state: clockState(c, now) }, now);
}

/** `mitigate in 12m`, `resolve breached 40m ago`, `acknowledged ✓`: a clock in a few words. */
export function clockText(c: JudgedClock, now: number): string {
  if (c.state === 'met') return `${c.target} met`;
  if (c.state === 'missed') return `${c.target} missed by ${targetLength(c, Math.max(0, (c.tookMs ?? 0) - c.limit))}`;
  if (c.state === 'breached') return `${c.target} breached ${formatDuration(Math.max(0, now - c.deadlineMs))} ago`;
  if (!Number.isFinite(c.deadlineMs)) return `${c.target}: no working time left in its calendar`;
  return `${c.target} in ${formatDuration(Math.max(0, c.deadlineMs - now))}`;
}

/** One open incident's clocks, as `hindsight sla --format json` prints them and the editor shows them. */
export interface SlaEntry {
  path: string; id?: string; title?: string; severity?: string; priority?: string; status?: string; category?: string; assignedTo?: string;
  clocks: { target: TargetName; state: ClockState; source: string; limit: string; calendar?: string; start: string; atRisk: string; due: string; done?: string; text: string }[];
  escalation: { policy: string; step: number; kind: EscalationKind; notify: string[]; after: string; calendar?: string; due: string; reached: boolean; late: boolean }[];
  /** The running clock that runs out first, in a few words (`mitigate in 12m`); undefined when none runs. */
  mostUrgent?: string;
  /** Its deadline (ms), for ordering. */
  mostUrgentDue?: number;
  breached: boolean; atRisk: boolean;
}


/** The SLA entry of an incident from its plan, judged at `now`; undefined when it is not open. */
export function slaEntry(r: Pick<RecordSummary, 'path' | 'id' | 'title' | 'severity' | 'status' | 'category' | 'assignedTo'>, plan: ClockPlan, now: number): SlaEntry | undefined {
  if (!plan.open) return undefined;
  const judged = judgeClocks(plan, now);
  const late = new Set(judged.late);
  return {
    path: r.path, id: r.id, title: r.title, severity: r.severity, priority: plan.priority, status: r.status, category: r.category, assignedTo: r.assignedTo,
    clocks: judged.clocks.map((c, i) => ({ target: c.target, state: c.state, source: c.source, limit: c.limitText, ...(c.calendar ? { calendar: c.calendar } : {}),
      ...(({ start, atRisk, due, done }) => ({ start, atRisk, due, ...(done !== undefined ? { done } : {}) }))(clockIso(plan.clocks[i])), text: clockText(c, now) })),
    escalation: plan.escalation.map((st) => ({ policy: st.policy, step: st.step, kind: st.kind, notify: st.notify, after: st.afterText, ...(st.calendar ? { calendar: st.calendar } : {}), due: st.dueText ??= iso(st.dueMs), reached: st.reached, late: late.has(st) })),
    ...(plan.urgent ? { mostUrgent: urgentText(plan, now), mostUrgentDue: plan.urgent.deadlineMs } : {}),
    breached: judged.clocks.some((c) => c.state === 'breached'), atRisk: judged.clocks.some((c) => c.state === 'at-risk'),
  };
}

/** Open incidents by urgency: breached first, then by the deadline of their most urgent clock, then by path. */
export function sortSla(entries: SlaEntry[]): SlaEntry[] {
  return entries.sort((a, b) => Number(b.breached) - Number(a.breached) || (a.mostUrgentDue ?? Infinity) - (b.mostUrgentDue ?? Infinity) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Where an incident's clock problems are reported, with its plan: judged again as time passes, with no parse. */
export interface ClockSite {
  file: string; plan: ClockPlan; status?: string;
  /** The `status:` pair (targets), and the `escalation:` pair (else the status) for escalation steps. */
  statusAt: { start: number; end: number }; escalationAt: { start: number; end: number };
}

/** The clock site of an incident's parsed front matter (root); undefined when it has no front matter mapping. */
export function clockSiteOf(file: string, root: YMap | null | undefined, policy: Policy, fallback: { start: number; end: number }): ClockSite | undefined {
  if (!root) return undefined;
  // Its value when it has one, else its key (as every rule points at a field).
  const range = (k: string) => { const p = getPair(root, k); if (!p) return undefined; const n = isEmpty(p.value) ? p.key : p.value; return { start: n.start, end: n.end }; };
  const statusAt = range('status') ?? fallback;
  return { file, plan: planClocks(recordClockInput(root), policy), status: scalarText(get(root, 'status')), statusAt, escalationAt: range('escalation') ?? statusAt };
}

/**
 * The problems the clock decides for a site at `now`: running targets at risk or breached, escalation steps late.
 * Their messages name deadlines, not "40m ago", so they change only when a state changes.
 */
export function clockProblems(site: ClockSite, now: number): Problem[] {
  const out: Problem[] = [];
  if (!site.plan.open) return out;
  const judged = judgeClocks(site.plan, now);
  const push = (at: { start: number; end: number }, code: string, message: string, data: Record<string, string>) =>
    out.push({ file: site.file, start: at.start, end: at.end, severity: CATALOG[code].severity, code, message, data });
  judged.clocks.forEach((c, i) => {
    if (c.doneMs !== undefined) return;
    const where = c.calendar ? ` (counted in the ${c.calendar} calendar)` : '';
    const due = clockIso(site.plan.clocks[i]).due;
    if (c.state === 'breached') push(site.statusAt, 'target-breached', `Still ${site.status ?? 'open'}: the ${c.source} target to ${c.target} within ${c.limitText}${where} was breached at ${due}`, { target: c.target, due });
    else if (c.state === 'at-risk') push(site.statusAt, 'target-at-risk', `The ${c.source} target to ${c.target} within ${c.limitText}${where} is at risk: due ${due}`, { target: c.target, due });
  });
  for (const st of judged.late) {
    push(site.escalationAt, 'escalation-late', `Escalation '${st.policy}' step ${st.step} (${st.kind}, after ${st.afterText}${st.calendar ? ` in the ${st.calendar} calendar` : ''}) was due ${st.dueText ??= iso(st.dueMs)} and no 'escalated' event reaches ${st.notify.join(', ')}: escalate, and log an 'escalated' event with 'to:' (Escalate..., or hindsight log INCIDENT --to TARGET)`, { step: String(st.step), notify: st.notify.join(' ') });
  }
  return out;
}

/** A short key of what the clock decides for a site at `now` (equal keys: the same clock problems). */
export function clockKey(site: ClockSite, now: number): string {
  if (!site.plan.open) return '';
  let k = '';
  for (const c of site.plan.clocks) k += c.doneMs !== undefined ? '-' : now >= c.deadlineMs ? 'b' : now >= c.atRiskMs ? 'r' : '.';
  if (!site.plan.mitigated) for (const st of site.plan.escalation) k += !st.reached && now > st.dueMs + ESCALATION_GRACE_MS ? 'L' : '_';
  return k;
}
