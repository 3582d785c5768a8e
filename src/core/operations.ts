/** Higher-level record changes built from the minimal edits: log an event, change status or severity. */
import { appendTimelineEvent, setField, EditError, verified, type TimelineEvent } from './edits';
import { parseRecord } from './record';
import { get, scalarText, isEmpty } from './yaml/index';
import type { Policy } from './policy';
import { formatIso } from './time';
import type { TextEdit } from './text';

export const SETTABLE_FIELDS = ['status', 'severity', 'commander', 'escalation', 'title', 'started', 'detected', 'acknowledged', 'mitigated', 'resolved'];

/**
 * Edits for `field := value` on an incident; a status change also appends a timeline event and fills the
 * milestones the new status requires. All edits are relative to `text`; same-offset inserts apply in array order.
 */
export function changeField(text: string, path: string, field: string, value: string, policy: Policy, opts: { now: number; by?: string }): TextEdit[] {
  if (!SETTABLE_FIELDS.includes(field)) throw new EditError(`'${field}' cannot be set here; settable fields: ${SETTABLE_FIELDS.join(', ')}`);
  const rec = parseRecord(path, text, policy);
  const nowIso = formatIso(Math.floor(opts.now / 1000) * 1000);
  if (field === 'status') {
    const def = policy.statuses.find((s) => s.id === value);
    if (!def) throw new EditError(`Unknown status '${value}'; use one of: ${policy.statuses.map((s) => s.id).join(', ')}`);
    const old = scalarText(get(rec.root, 'status'));
    const edits = setField(text, 'status', value);
    const kind = policy.timelineKinds.includes(value) ? value : 'status';
    const ev: TimelineEvent = { at: nowIso, kind, text: old ? `Status changed from ${old} to ${value}` : `Status changed to ${value}` };
    if (opts.by) ev.by = opts.by;
    edits.push(...appendTimelineEvent(text, ev));
    for (const m of def.requires) if (isEmpty(get(rec.root, m))) edits.push(...setField(text, m, nowIso));
    return verified(text, edits);
  }
  if (field === 'severity') {
    if (!policy.severities.some((s) => s.id === value)) throw new EditError(`Unknown severity '${value}'; use one of: ${policy.severities.map((s) => s.id).join(', ')}`);
    const old = scalarText(get(rec.root, 'severity'));
    const edits = setField(text, 'severity', value);
    const ev: TimelineEvent = { at: nowIso, kind: 'severity', text: old ? `Severity changed from ${old} to ${value}` : `Severity set to ${value}` };
    if (opts.by) ev.by = opts.by;
    edits.push(...appendTimelineEvent(text, ev));
    return verified(text, edits);
  }
  if (field === 'escalation' && !policy.escalationPolicies.some((e) => e.id === value)) {
    throw new EditError(`Unknown escalation policy '${value}'; use one of: ${policy.escalationPolicies.map((e) => e.id).join(', ') || '(none defined)'}`);
  }
  return setField(text, field, value);
}
