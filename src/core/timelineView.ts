/** What the timeline editor shows, computed from the document's text: events in time order, offsets, gaps, milestones, metrics. */
import { parseRecord } from './record';
import { get, toJS, scalarText, type YMap, type YNode, type YamlMemo } from './yaml/index';
import { eventTimeMs, timelineInsertIndex, type TimelineEvent } from './edits';
import { isMilestone, MILESTONES, findSeverity, type Milestone, type Policy } from './policy';
import { parseDateTime, formatDuration } from './time';
import { incidentMetrics, targetText } from './metrics';
import { summarize } from './summary';
import { renderSafeMarkdown } from './safeMarkdown';
import { incidentRoles, type IncidentRole } from './people';
import { judgeClocks, type ClockPlan } from './sla';

/**
 * A response time in the editor's header: done (`value` the time it took, met or missed against its target), or
 * still running on an open incident (`running`: its state; `note`: how long is left, or since when it is breached).
 */
export interface TimelineMetric { label: string; value: string; target?: string; met?: boolean; missedBy?: string; running?: 'running' | 'at-risk' | 'breached'; note?: string }

const METRIC_LABEL = { detect: 'Time to detect', acknowledge: 'Time to acknowledge', mitigate: 'Time to mitigate', resolve: 'Time to resolve' } as const;

/**
 * The targets still running on an open incident at `now`, as header metrics (the same clocks as the rules, the
 * status bar and `hindsight sla`): a breach is shown while it runs, not only once the milestone is written. Its
 * target is written as the done ones are (`4h`, or `8h P2` where it comes from the priority, not `severity`).
 */
export function runningMetrics(plan: ClockPlan | undefined, now: number, severity?: string): TimelineMetric[] {
  if (!plan?.open) return [];
  const out: TimelineMetric[] = [];
  for (const c of judgeClocks(plan, now).clocks) {
    if (c.state !== 'running' && c.state !== 'at-risk' && c.state !== 'breached') continue;
    const note = c.state === 'breached' ? `breached ${formatDuration(Math.max(0, now - c.deadlineMs))} ago`
      : Number.isFinite(c.deadlineMs) ? `due in ${formatDuration(Math.max(0, c.deadlineMs - now))}` : 'no working time left in its calendar';
    out.push({ label: METRIC_LABEL[c.target], value: c.state === 'breached' ? 'breached' : c.state === 'at-risk' ? 'at risk' : 'running', target: targetText(c, severity), running: c.state, note, ...(c.state === 'breached' ? { met: false } : {}) });
  }
  return out;
}

export interface TimelineViewEvent {
  /** Position in the file's timeline list (what edits address). */
  index: number;
  at: string; atMs?: number; kind: string; text: string; html: string; by?: string;
  /** `T+12m` from started (or the first event). */
  offset?: string;
  /** The milestone this event's kind marks, and whether the incident's field agrees. */
  milestone?: Milestone; milestoneSet?: boolean;
  /** A gap before this event longer than the threshold, as text (`2h 10m`). */
  gapBefore?: string;
}

export interface TimelineViewState {
  ok: boolean;
  error?: string;
  id?: string; title?: string; severity?: string; severityTitle?: string; status?: string;
  /** What the header's controls offer: the policy's statuses and severities, and the incident's roles. */
  statuses: string[]; severities: { id: string; title?: string }[]; roles: IncidentRole[];
  events: TimelineViewEvent[];
  kinds: string[];
  milestones: { name: string; at?: string }[];
  metrics: TimelineMetric[];
  /** What offsets are measured from: `started`, else the earliest timed event. */
  originMs?: number;
}

export const GAP_THRESHOLD_MS = 30 * 60_000;

/** A memo for rendered texts, owned by the caller (one per open editor): a re-render after one edit renders one text. */
export function htmlMemo(): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let h = cache.get(text);
    if (h === undefined) {
      if (cache.size > 20_000) cache.clear();
      h = renderSafeMarkdown(text);
      cache.set(text, h);
    }
    return h;
  };
}

/** A record's timeline as plain events (in file order); items that are not mappings are left out. */
export function timelineEvents(root: YMap | null): TimelineEvent[] {
  const tl = get(root, 'timeline');
  if (tl?.type !== 'seq') return [];
  return tl.items.filter((e): e is YMap => e.type === 'map').map((o) => {
    const by = field(get(o, 'by'));
    return { at: field(get(o, 'at')) ?? '', kind: field(get(o, 'kind')) ?? '', text: field(get(o, 'text')) ?? '', ...(by === undefined ? {} : { by }) };
  });
}

/** A field's value as text (a list or mapping where a scalar belongs, as its JSON); undefined when absent or null. */
function field(node: YNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'scalar') return node.value === null ? undefined : String(node.value);
  return JSON.stringify(toJS(node)); // String() of a null-prototype object throws
}

export function buildTimelineView(text: string, path: string, policy: Policy, render: (text: string) => string = renderSafeMarkdown, memo?: YamlMemo): TimelineViewState {
  const rec = parseRecord(path, text, policy, { memo });
  const empty: TimelineViewState = { ok: false, events: [], kinds: policy.timelineKinds, milestones: [], metrics: [], statuses: [], severities: [], roles: [] };
  if (rec.split.kind === 'none') return { ...empty, error: 'This file has no front matter.' };
  const firstError = rec.problems.find((p) => p.severity === 'error');
  if (firstError || !rec.root) return { ...empty, error: firstError?.message ?? 'The front matter is not a mapping of fields.' };
  const summary = summarize({ ...rec, kind: 'incident' })!;
  const s = (k: string) => scalarText(get(rec.root, k));
  const started = parseDateTime(s('started'));
  // Read from the tree directly (as toJS would give them, without building an object per event).
  const tl = get(rec.root, 'timeline');
  const list: YNode[] = tl?.type === 'seq' ? tl.items : [];
  const milestoneAt = new Map(MILESTONES.map((m) => [m, s(m)]));
  const events: TimelineViewEvent[] = list.map((e, index) => {
    const o = e.type === 'map' ? e : undefined;
    const at = field(get(o, 'at')) ?? '';
    const t = parseDateTime(at);
    const kind = field(get(o, 'kind')) ?? '';
    const txt = field(get(o, 'text')) ?? '';
    const milestone = isMilestone(kind) ? kind : undefined;
    return {
      index, at, atMs: t.ok && !t.dateOnly ? t.ms : undefined, kind, text: txt, html: render(txt),
      by: field(get(o, 'by')), milestone, milestoneSet: milestone ? milestoneAt.get(milestone) === at : undefined,
    };
  });
  events.sort((a, b) => (a.atMs ?? Infinity) - (b.atMs ?? Infinity) || a.index - b.index);
  const origin = started.ok ? started.ms : events.find((e) => e.atMs !== undefined)?.atMs;
  let prev: number | undefined;
  for (const e of events) {
    if (e.atMs === undefined) continue;
    if (origin !== undefined) e.offset = `T${e.atMs >= origin ? '+' : '-'}${formatDuration(Math.abs(e.atMs - origin))}`;
    if (prev !== undefined && e.atMs - prev > GAP_THRESHOLD_MS) e.gapBefore = formatDuration(e.atMs - prev);
    prev = e.atMs;
  }
  const sev = findSeverity(policy, summary.severity);
  return {
    ok: true, id: summary.id, title: summary.title, severity: summary.severity, severityTitle: sev?.title, status: summary.status,
    events, kinds: policy.timelineKinds, originMs: origin,
    statuses: policy.statuses.map((x) => x.id), severities: policy.severities.map((x) => ({ id: x.id, ...(x.title ? { title: x.title } : {}) })),
    roles: incidentRoles(rec.root, policy, summary.severity),
    milestones: MILESTONES.map((m) => ({ name: m, at: summary.milestones[m] })),
    metrics: incidentMetrics(summary, policy).map((m) => ({
      label: METRIC_LABEL[m.name],
      value: m.value, target: m.targetText, met: m.met, missedBy: m.missedBy,
    })),
  };
}

/**
 * The view after appending `ev` to the timeline of the text `prev` was built from, without parsing the new text:
 * the events keep their objects (and so their ids), the new one goes into its place in time order, and only its
 * own offset and gap and the gap of the event after it are computed. Undefined when the append changes more
 * than that (the new event would become the origin of the offsets): build the view from the text then.
 * Property-tested to equal `buildTimelineView` of the text after `appendTimelineEvent`.
 */
export function viewAfterAppend(prev: TimelineViewState, ev: TimelineEvent, render: (text: string) => string = renderSafeMarkdown): TimelineViewState | undefined {
  if (!prev.ok) return undefined;
  const t = parseDateTime(ev.at);
  if (!t.ok || t.dateOnly) return undefined;
  const atMs = t.ms;
  if (prev.originMs === undefined || atMs < prev.originMs) return undefined;
  const milestone = isMilestone(ev.kind) ? ev.kind : undefined;
  // Its index in the file: where appendTimelineEvent puts it (at its place in time); the events after it move down one.
  const times: (number | undefined)[] = new Array(prev.events.length);
  for (const e of prev.events) times[e.index] = e.atMs;
  const fileIndex = timelineInsertIndex(times, eventTimeMs(ev.at));
  const added: TimelineViewEvent = {
    index: fileIndex, at: ev.at, atMs, kind: ev.kind, text: ev.text, html: render(ev.text), by: ev.by,
    milestone, milestoneSet: milestone ? prev.milestones.find((m) => m.name === milestone)?.at === ev.at : undefined,
  };
  added.offset = `T+${formatDuration(atMs - prev.originMs)}`;
  // Its place in the view: after every event at or before its time; untimed events stay last.
  const events = fileIndex === prev.events.length ? prev.events : prev.events.map((e) => (e.index >= fileIndex ? { ...e, index: e.index + 1 } : e));
  let pos = 0;
  while (pos < events.length && events[pos].atMs !== undefined && events[pos].atMs! <= atMs) pos++;
  let before: number | undefined;
  for (let i = pos - 1; i >= 0; i--) if (events[i].atMs !== undefined) { before = events[i].atMs; break; }
  if (before !== undefined && atMs - before > GAP_THRESHOLD_MS) added.gapBefore = formatDuration(atMs - before);
  const next = events.slice(0, pos);
  next.push(added);
  if (pos < events.length && events[pos].atMs !== undefined) {
    const after = events[pos];
    const gap = after.atMs! - atMs > GAP_THRESHOLD_MS ? formatDuration(after.atMs! - atMs) : undefined;
    if (gap !== after.gapBefore) { const copy = { ...after }; if (gap === undefined) delete copy.gapBefore; else copy.gapBefore = gap; next.push(copy); } else next.push(after);
    for (let i = pos + 1; i < events.length; i++) next.push(events[i]);
  } else for (let i = pos; i < events.length; i++) next.push(events[i]);
  return { ...prev, events: next };
}
