/**
 * The incident's timeline as it appears in a review: a Markdown table in time order with readable times and their
 * zone, kept between two markers so that Hindsight can refresh it from the incident (a command and a CodeLens)
 * instead of leaving a silent copy that goes stale. Everything between the markers is Hindsight's; everything
 * outside them is the author's.
 */
import { eventTimeMs, EditError, type TimelineEvent } from './edits';
import type { TextEdit } from './text';

/** One line of plain text: control characters and line breaks become spaces. */
export function singleLine(s: string): string {
  return s.replace(/[\x00-\x1f\x7f\u2028\u2029]+/g, ' ').trim();
}

export const TIMELINE_START = '<!-- hindsight:timeline';
export const TIMELINE_END = '<!-- /hindsight:timeline -->';

/** `2026-03-14 10:02 UTC`, or in `timeZone` (IANA) with its offset: `2026-03-14 11:02 +01:00`. */
export function readableTime(at: string, timeZone?: string): string {
  const ms = eventTimeMs(at);
  if (ms === undefined) return at;
  if (!timeZone || /^(Etc\/)?(UTC|GMT|Universal|Zulu)$/.test(timeZone)) return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  try {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })
      .formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    const offset = (parts.timeZoneName ?? 'GMT').replace(/^GMT/, '') || '+00:00';
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${offset}`;
  } catch {
    return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'; // an unknown zone: UTC, said so
  }
}

/** Text safe inside a Markdown table cell of a review: one line, `|` and `\` escaped, no raw HTML. */
export function reviewCell(s: string): string {
  return singleLine(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** The events in time order (stable; events without a time last, in file order). */
export function inTimeOrder(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events.map((e, i) => ({ e, i, t: eventTimeMs(e.at) ?? Infinity })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.e);
}

/** The timeline as a Markdown table, in time order, times readable with their zone. */
export function timelineTable(events: readonly TimelineEvent[], opts: { timeZone?: string } = {}): string {
  const rows = ['| Time | Kind | Event | By |', '| --- | --- | --- | --- |'];
  for (const e of inTimeOrder(events)) rows.push(`| ${reviewCell(readableTime(e.at, opts.timeZone))} | ${reviewCell(e.kind)} | ${reviewCell(e.text)} | ${reviewCell(e.by ?? '')} |`);
  return rows.join('\n');
}

/** The table between its markers, as a review holds it (the start marker names the incident and how to refresh). */
export function timelineSection(incidentId: string | undefined, events: readonly TimelineEvent[], opts: { timeZone?: string; eol?: string } = {}): string {
  const eol = opts.eol ?? '\n';
  const from = incidentId ? ` from ${singleLine(incidentId).replace(/--/g, '- -')}` : '';
  return [`${TIMELINE_START}${from}: refreshed by Hindsight (Refresh Timeline from Incident); edits inside are replaced -->`, timelineTable(events, opts), TIMELINE_END].join('\n').replace(/\n/g, eol);
}

/** Where a review's timeline section is: the start marker's line, and the range to replace (the whole section). */
export function findTimelineSection(text: string): { line: number; start: number; end: number } | undefined {
  const start = text.indexOf(TIMELINE_START);
  if (start < 0 || (start > 0 && text[start - 1] !== '\n')) return undefined;
  const close = text.indexOf(TIMELINE_END, start);
  if (close < 0) return undefined;
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) line++;
  return { line, start, end: close + TIMELINE_END.length };
}

/** The edit that refreshes a review's timeline section from the incident's events (none when it is up to date). */
export function refreshTimelineSection(text: string, incidentId: string | undefined, events: readonly TimelineEvent[], opts: { timeZone?: string } = {}): TextEdit[] {
  const at = findTimelineSection(text);
  if (!at) throw new EditError('This review has no timeline section Hindsight keeps (the lines between <!-- hindsight:timeline ... --> and <!-- /hindsight:timeline -->); use Insert Timeline into Review');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const next = timelineSection(incidentId, events, { ...opts, eol });
  return text.slice(at.start, at.end) === next ? [] : [{ start: at.start, end: at.end, text: next }];
}
