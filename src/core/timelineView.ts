/** What the timeline editor shows, computed from the document's text: events in time order, offsets, gaps, milestones, metrics. */
import { parseRecord } from './record';
import { get, toJS, scalarText, type YMap, type YamlMemo } from './yaml/index';
import type { TimelineEvent } from './edits';
import { MILESTONES, findSeverity, type Policy } from './policy';
import { parseDateTime, formatDuration } from './time';
import { incidentMetrics } from './metrics';
import { summarize } from './summary';
import { renderSafeMarkdown } from './safeMarkdown';

export interface TimelineViewEvent {
  /** Position in the file's timeline list (what edits address). */
  index: number;
  at: string; atMs?: number; kind: string; text: string; html: string; by?: string;
  /** `T+12m` from started (or the first event). */
  offset?: string;
  /** The milestone this event's kind marks, and whether the incident's field agrees. */
  milestone?: string; milestoneSet?: boolean;
  /** A gap before this event longer than the threshold, as text (`2h 10m`). */
  gapBefore?: string;
}

export interface TimelineViewState {
  ok: boolean;
  error?: string;
  id?: string; title?: string; severity?: string; severityTitle?: string; status?: string;
  events: TimelineViewEvent[];
  kinds: string[];
  milestones: { name: string; at?: string }[];
  metrics: { label: string; value: string; target?: string; met?: boolean; missedBy?: string }[];
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
  const tl = toJS(get(root, 'timeline'));
  return (Array.isArray(tl) ? tl : []).filter((e): e is Record<string, unknown> => !!e && typeof e === 'object' && !Array.isArray(e)).map((o) => ({
    at: o.at == null ? '' : String(o.at), kind: o.kind == null ? '' : String(o.kind), text: o.text == null ? '' : String(o.text),
    ...(o.by == null ? {} : { by: String(o.by) }),
  }));
}

export function buildTimelineView(text: string, path: string, policy: Policy, render: (text: string) => string = renderSafeMarkdown, memo?: YamlMemo): TimelineViewState {
  const rec = parseRecord(path, text, policy, { memo });
  const empty: TimelineViewState = { ok: false, events: [], kinds: policy.timelineKinds, milestones: [], metrics: [] };
  if (rec.split.kind === 'none') return { ...empty, error: 'This file has no front matter.' };
  const firstError = rec.problems.find((p) => p.severity === 'error');
  if (firstError || !rec.root) return { ...empty, error: firstError?.message ?? 'The front matter is not a mapping of fields.' };
  const summary = summarize({ ...rec, kind: 'incident' })!;
  const s = (k: string) => scalarText(get(rec.root, k));
  const started = parseDateTime(s('started'));
  const raw = toJS(get(rec.root, 'timeline'));
  const list = Array.isArray(raw) ? raw : [];
  const events: TimelineViewEvent[] = list.map((e, index) => {
    const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    const at = o.at == null ? '' : String(o.at);
    const t = parseDateTime(at);
    const kind = o.kind == null ? '' : String(o.kind);
    const txt = o.text == null ? '' : String(o.text);
    const milestone = (MILESTONES as readonly string[]).includes(kind) ? kind : undefined;
    return {
      index, at, atMs: t.ok && !t.dateOnly ? t.ms : undefined, kind, text: txt, html: render(txt),
      by: o.by == null ? undefined : String(o.by), milestone, milestoneSet: milestone ? s(milestone) === at : undefined,
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
    events, kinds: policy.timelineKinds,
    milestones: MILESTONES.map((m) => ({ name: m, at: summary.milestones[m] })),
    metrics: incidentMetrics(summary, policy).map((m) => ({
      label: { detect: 'Time to detect', acknowledge: 'Time to acknowledge', mitigate: 'Time to mitigate', resolve: 'Time to resolve' }[m.name],
      value: formatDuration(m.ms), target: m.targetText, met: m.met, missedBy: m.met === false && m.target !== undefined ? formatDuration(m.ms - m.target) : undefined,
    })),
  };
}
