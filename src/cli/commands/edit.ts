/** `hindsight log` and `hindsight set`: minimal edits to an incident, written back only where they change it. */
import * as path from 'node:path';
import { appendTimelineEvent, applyEdits, changeField, EditError, formatIso, parseDateTime, SETTABLE_FIELDS, MILESTONES, type TimelineEvent } from '../../core/index';
import { one, UsageError, type ParsedArgs } from '../args';
import { findIncident, openRepo, Refusal, scan } from '../repo';
import { editRecord } from '../../node/recordWrite';

export const LOG_SPEC = { values: ['at', 'kind', 'by'], bools: ['help'] };
export const SET_SPEC = { values: ['by', 'at'], bools: ['help'] };

/** `now`, `HH:MM` (today, UTC), or an ISO 8601 date-time with a zone. */
export function parseWhen(when: string | undefined, now: number): string {
  if (when === undefined || when === 'now') return formatIso(Math.floor(now / 1000) * 1000);
  const hm = /^(\d{1,2}):(\d{2})$/.exec(when);
  if (hm) {
    const h = Number(hm[1]), m = Number(hm[2]);
    if (h > 23 || m > 59) throw new UsageError(`--at: '${when}' is not a time of day`);
    const d = new Date(now);
    return formatIso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, m));
  }
  const t = parseDateTime(when);
  if (!t.ok || t.dateOnly) throw new UsageError(`--at: '${when}' is not 'now', HH:MM or an ISO 8601 date-time`);
  if (!t.hasZone) throw new UsageError(`--at: '${when}' has no zone; add Z or an offset like +01:00`);
  return when;
}

/** Applies the edits `make` computes from the record as it is under its lock (see node/recordWrite.ts). */
function editIncident(file: string, rel: string, make: (text: string) => ReturnType<typeof appendTimelineEvent>): void {
  editRecord(file, (text) => {
    try { return { text: applyEdits(text, make(text)) }; } catch (e) { if (e instanceof EditError) throw new Refusal(`${rel}: ${e.message}`); throw e; }
  });
}

export function runLog(args: ParsedArgs, cwd: string, out: (s: string) => void, now = Date.now()): number {
  const [ref, ...words] = args.positional;
  if (!ref || !words.length) throw new UsageError('usage: hindsight log INCIDENT [--at WHEN] [--kind K] [--by WHO] TEXT...');
  const repo = openRepo(cwd);
  const kind = one(args, 'kind') ?? 'note';
  if (!repo.policy.timelineKinds.includes(kind)) throw new UsageError(`--kind: unknown timeline kind '${kind}'; use one of: ${repo.policy.timelineKinds.join(', ')}`);
  const ev: TimelineEvent = { at: parseWhen(one(args, 'at'), now), kind, text: words.join(' ') };
  const by = one(args, 'by');
  if (by !== undefined) ev.by = by;
  const inc = findIncident(repo, scan(repo), ref, cwd);
  editIncident(path.join(repo.root, inc.path), inc.path, (text) => appendTimelineEvent(text, ev));
  out(`${inc.path}: logged ${ev.kind} at ${ev.at}\n`);
  return 0;
}

export function runSet(args: ParsedArgs, cwd: string, out: (s: string) => void, now = Date.now()): number {
  const [ref, field, ...rest] = args.positional;
  if (!ref || !field || rest.length !== 1) throw new UsageError(`usage: hindsight set INCIDENT FIELD VALUE   (FIELD: ${SETTABLE_FIELDS.join(', ')})`);
  let value = rest[0];
  const repo = openRepo(cwd);
  if ((MILESTONES as readonly string[]).includes(field)) value = parseWhen(value, now);
  const inc = findIncident(repo, scan(repo), ref, cwd);
  editIncident(path.join(repo.root, inc.path), inc.path, (text) => changeField(text, inc.path, field, value, repo.policy, { now, by: one(args, 'by') }));
  out(`${inc.path}: ${field} set to ${value}\n`);
  return 0;
}
