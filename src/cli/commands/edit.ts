/** `hindsight log` and `hindsight set`: minimal edits to an incident, written back only where they change it. */
import * as path from 'node:path';
import { appendTimelineEvent, applyEdits, changeField, CLOCK_CODES, EditError, fieldValueRefusal, isTimeZone, parseRecord, readTypedTime, SETTABLE_FIELDS, isMilestone, validateRecord, milestoneChanges, type Policy, type Problem, type TimelineEvent } from '../../core/index';
import { one, UsageError, type ParsedArgs } from '../args';
import { findIncident, openRepo, Refusal, scan } from '../repo';
import { editRecord } from '../../node/recordWrite';
import { guardText, oneLine } from '../output';

export const LOG_SPEC = { values: ['at', 'kind', 'by', 'tz', 'to', 'escalation'], bools: ['help'] };
export const SET_SPEC = { values: ['by', 'at', 'tz'], bools: ['help'] };

/**
 * `now`, `HH:MM` (today in the zone: `--tz`, else the process's TZ, else the system's), or an ISO 8601 date-time
 * with a zone; written with the zone's offset. A time more than 5 minutes in the future is a usage error.
 */
export function parseWhen(when: string | undefined, now: number, zone?: string, label = '--at'): string {
  if (when !== undefined && !when.trim()) throw new UsageError(`${label}: give a time (now, HH:MM for today, or an ISO date-time); an empty one is not taken for now`);
  const r = readTypedTime(when ?? 'now', { now, zone });
  if (!r.ok) throw new UsageError(`${label}: ${r.reason}`);
  return r.at;
}

/** The zone of `--tz`, checked. */
function zoneOf(args: ParsedArgs): string | undefined {
  const tz = one(args, 'tz');
  if (tz !== undefined && !isTimeZone(tz)) throw new UsageError(`--tz: '${tz}' is not a time zone (use an IANA name like Europe/Paris, or UTC)`);
  return tz;
}

/**
 * Applies the edits `make` computes from the record as it is under its lock (see node/recordWrite.ts). What the
 * user asked is written; an error or warning it leaves in the record that was not there before (a severity that
 * requires a commander nobody is named for yet; resolved set while the status is still investigating) is said on
 * stderr, with its fix, rather than left for CI to find.
 */
function editIncident(cmd: string, file: string, rel: string, policy: Policy, make: (text: string) => ReturnType<typeof appendTimelineEvent>): void {
  const errors = (text: string) => validateRecord(parseRecord(rel, text, policy), policy).filter((p) => (p.severity === 'error' || p.severity === 'warning') && !CLOCK_CODES.includes(p.code));
  let news: Problem[] = [];
  editRecord(file, (text) => {
    let after: string;
    try { after = applyEdits(text, make(text)); } catch (e) { if (e instanceof EditError) throw new Refusal(`${rel}: ${e.message}`); throw e; }
    if (after !== text) {
      const had = new Set(errors(text).map((p) => `${p.code} ${p.message}`));
      news = errors(after).filter((p) => !had.has(`${p.code} ${p.message}`));
    }
    return { text: after };
  }, { name: rel });
  for (const p of news) process.stderr.write(guardText(oneLine(`hindsight ${cmd}: note: ${rel} now has ${p.severity === 'error' ? 'an error' : 'a warning'}: ${p.message} (${p.code})`) + '\n'));
}

export function runLog(args: ParsedArgs, cwd: string, out: (s: string) => void, now = Date.now()): number {
  const [ref, ...words] = args.positional;
  if (!ref || !words.length) throw new UsageError('usage: hindsight log INCIDENT [--at WHEN] [--kind K] [--by WHO] [--to TARGET[,TARGET...] [--escalation functional|hierarchical]] TEXT...');
  const repo = openRepo(cwd, 'log');
  // --to: who an escalation reached (repeatable, or comma-separated), what the escalation clock looks for.
  const to = (args.flags.get('to') ?? []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  if (args.flags.has('to') && !to.length) throw new UsageError('--to: name who was reached (an escalation step\'s target: a person, a team, a schedule)');
  const escalation = one(args, 'escalation');
  if (escalation !== undefined && !to.length) throw new UsageError('--escalation goes with --to (who the escalation reached)');
  if (escalation !== undefined && escalation !== 'functional' && escalation !== 'hierarchical') throw new UsageError(`--escalation must be functional or hierarchical (got '${escalation}')`);
  const kind = one(args, 'kind') ?? (to.length && repo.policy.timelineKinds.includes('escalated') ? 'escalated' : 'note');
  if (!repo.policy.timelineKinds.includes(kind)) throw new UsageError(`--kind: unknown timeline kind '${kind}'; use one of: ${repo.policy.timelineKinds.join(', ')}`);
  const ev: TimelineEvent = { at: parseWhen(one(args, 'at'), now, zoneOf(args)), kind, text: words.join(' ') };
  const by = one(args, 'by');
  if (by !== undefined) ev.by = by;
  if (to.length) ev.to = to;
  if (escalation !== undefined) ev.escalation = escalation;
  const inc = findIncident(repo, scan(repo), ref, cwd);
  editIncident('log', path.join(repo.root, inc.path), inc.path, repo.policy, (text) => appendTimelineEvent(text, ev));
  out(`${inc.path}: logged ${ev.kind} at ${ev.at}\n`);
  return 0;
}

/** A status change's milestones as the CLI says them ("; filled mitigated 2026-...Z (...)", "; emptied resolved (...)"). */
function sayMilestones(before: string, after: string, file: string, policy: Policy): string {
  const { filled, emptied } = milestoneChanges(before, after, file, policy);
  return (filled.length ? `; filled ${filled.map((f) => `${f.milestone} ${f.value}`).join(', ')} (the time of this change: edit ${filled.length > 1 ? 'them' : 'it'} if ${filled.length > 1 ? 'they' : 'it'} happened earlier)` : '')
    + (emptied.length ? `; emptied ${emptied.join(', ')} (reopened; the status event keeps ${emptied.length > 1 ? 'their values' : 'its value'})` : '');
}

export function runSet(args: ParsedArgs, cwd: string, out: (s: string) => void, now = Date.now()): number {
  const [ref, field, ...rest] = args.positional;
  if (!ref || !field || rest.length !== 1) throw new UsageError(`usage: hindsight set INCIDENT FIELD VALUE   (FIELD: ${SETTABLE_FIELDS.join(', ')})`);
  let value = rest[0];
  const repo = openRepo(cwd, 'set');
  // Which record first (a review named is refused as one, whatever the field), then the value: a field or value
  // the policy does not have is a wrong command line (exit 2), as `new --severity SEV9` is.
  const inc = findIncident(repo, scan(repo), ref, cwd);
  const refused = fieldValueRefusal(field, value, repo.policy);
  if (refused) throw new UsageError(refused);
  if (isMilestone(field)) value = parseWhen(value, now, zoneOf(args), field);
  let changed = true;
  let side = '';
  editIncident('set', path.join(repo.root, inc.path), inc.path, repo.policy, (text) => {
    const edits = changeField(text, inc.path, field, value, repo.policy, { now, by: one(args, 'by') });
    changed = edits.length > 0;
    if (field === 'status' && changed) side = sayMilestones(text, applyEdits(text, edits), inc.path, repo.policy);
    return edits;
  });
  out(changed ? `${inc.path}: ${field} set to ${value}${side}\n` : `${inc.path}: ${field} is already ${value}; nothing written\n`);
  return 0;
}
