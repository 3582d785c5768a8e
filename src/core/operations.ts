/** Higher-level record changes built from the minimal edits: log an event, change status or severity. */
import { appendTimelineEvent, clearField, eventTimeMs, setField, setFieldAfter, setRole, EditError, verified, type TimelineEvent } from './edits';
import { parseRecord } from './record';
import { scanHeadings } from './markdown';
import { get, scalarText, isEmpty } from './yaml/index';
import type { YamlMemo, YMap } from './yaml/index';
import { isMilestone, MILESTONES, type EscalationKind, type Milestone, type Policy } from './policy';
import { categoryIds, derivePriority } from './policyProcess';
import { formatIso } from './time';
import { isPlaceholder } from './people';
import type { TextEdit } from './text';

export const SETTABLE_FIELDS = ['status', 'severity', 'impact', 'urgency', 'category', 'commander', 'assigned_to', 'escalation', 'title', 'started', 'detected', 'acknowledged', 'mitigated', 'resolved'];

/**
 * Why `field := value` cannot be asked for on an incident under this policy (a field not settable here, or a
 * value the policy does not define), or undefined. The CLI calls it a usage error; changeField refuses the edit.
 */
export function fieldValueRefusal(field: string, value: string, policy: Policy): string | undefined {
  if (field === 'priority') return "'priority' follows from impact and urgency (the policy's priority_matrix): set those instead";
  if (!value.trim()) return `'${field}' needs a value (to empty a field, edit the file)`;
  if (!SETTABLE_FIELDS.includes(field) && !policy.roles.includes(field)) {
    const roles = policy.roles.filter((r) => !SETTABLE_FIELDS.includes(r));
    return `'${field}' cannot be set here; settable fields: ${SETTABLE_FIELDS.join(', ')}${roles.length ? `, or a role: ${roles.join(', ')}` : ''}`;
  }
  if (isRoleField(field, policy) && isPlaceholder(value)) return `'${value.trim()}' names nobody: name the person who holds the ${field} role (a role nobody holds yet is left out)`;
  if (field === 'status' && !policy.statuses.some((s) => s.id === value)) return `Unknown status '${value}'; use one of: ${policy.statuses.map((s) => s.id).join(', ')}`;
  if (field === 'severity' && !policy.severities.some((s) => s.id === value)) return `Unknown severity '${value}'; use one of: ${policy.severities.map((s) => s.id).join(', ')}`;
  if (field === 'escalation' && !policy.escalationPolicies.some((e) => e.id === value)) return `Unknown escalation policy '${value}'; use one of: ${policy.escalationPolicies.map((e) => e.id).join(', ') || '(none defined)'}`;
  if (field === 'impact' && !policy.impacts.some((l) => l.id === value)) return `Unknown impact '${value}'; use one of: ${policy.impacts.map((l) => l.id).join(', ') || '(the policy defines no impacts)'}`;
  if (field === 'urgency' && !policy.urgencies.some((l) => l.id === value)) return `Unknown urgency '${value}'; use one of: ${policy.urgencies.map((l) => l.id).join(', ') || '(the policy defines no urgencies)'}`;
  if (field === 'category' && policy.categories && !categoryIds(policy).includes(value)) return `Unknown category '${value}'; use one of: ${categoryIds(policy).join(', ')}`;
  return undefined;
}

/** `commander`, or a role of the policy that is not one of the other settable fields. */
function isRoleField(field: string, policy: Policy): boolean {
  return field === 'commander' || (!SETTABLE_FIELDS.includes(field) && policy.roles.includes(field));
}

/**
 * Sets a milestone; one not written yet goes after the nearest earlier milestone the front matter has (detected
 * after started, mitigated after acknowledged ...), not at the end of the front matter after the timeline.
 */
export function setMilestone(text: string, milestone: Milestone, value: string, memo?: YamlMemo): TextEdit[] {
  return setFieldAfter(text, milestone, value, MILESTONES.slice(0, MILESTONES.indexOf(milestone)).reverse(), memo);
}

/**
 * The milestones a move from status `from` back to the earlier status `to` (in the policy's order) leaves behind:
 * those the statuses after `to`, up to `from`, require and that `to` and the statuses before it do not. None for
 * a move forward, or from a status the policy does not define.
 */
export function reopenedMilestones(policy: Policy, from: string | undefined, to: string): Milestone[] {
  const order = policy.statuses.map((s) => s.id);
  const i = order.indexOf(to), j = from === undefined ? -1 : order.indexOf(from);
  if (i < 0 || j <= i) return [];
  const kept = new Set(policy.statuses.slice(0, i + 1).flatMap((s) => s.requires));
  return MILESTONES.filter((m) => !kept.has(m) && policy.statuses.slice(i + 1, j + 1).some((s) => s.requires.includes(m)));
}

/** The milestones an edit filled (with their values) and emptied: what a status change did besides the status, to say it. */
export function milestoneChanges(before: string, after: string, path: string, policy: Policy): { filled: { milestone: Milestone; value: string }[]; emptied: Milestone[] } {
  const a = parseRecord(path, before, policy).root, b = parseRecord(path, after, policy).root;
  const filled: { milestone: Milestone; value: string }[] = [], emptied: Milestone[] = [];
  for (const m of MILESTONES) {
    const was = scalarText(get(a, m)), is = scalarText(get(b, m));
    if (!was && is) filled.push({ milestone: m, value: is }); else if (was && !is) emptied.push(m);
  }
  return { filled, emptied };
}

/**
 * Edits for `field := value` on an incident; a status change also appends a timeline event and fills the
 * milestones the new status requires. All edits are relative to `text`; same-offset inserts apply in array order.
 */
export function changeField(text: string, path: string, field: string, value: string, policy: Policy, opts: { now: number; by?: string }): TextEdit[] {
  const refused = fieldValueRefusal(field, value, policy);
  if (refused) throw new EditError(refused);
  const rec = parseRecord(path, text, policy);
  // A role (the commander, or one under roles:): named with an event, as Assign Role does.
  if (isRoleField(field, policy)) {
    const roles = get(rec.root, 'roles');
    const was = field === 'commander' ? scalarText(get(rec.root, 'commander')) : scalarText(roles?.type === 'map' ? get(roles, field) : undefined);
    return was?.trim() === value.trim() ? [] : assignRole(text, path, field, value, policy, opts);
  }
  // Already so: nothing to write, and no event saying "from X to X".
  if (scalarText(get(rec.root, field)) === value) return [];
  const nowIso = formatIso(Math.floor(opts.now / 1000) * 1000);
  if (field === 'status') {
    const def = policy.statuses.find((s) => s.id === value)!;
    const old = scalarText(get(rec.root, 'status'));
    const edits = setField(text, 'status', value);
    // Reopened (back to an earlier status): the milestones only the statuses it leaves behind require are emptied,
    // so an open incident does not show "resolve met" nor its new events "after resolved"; the event keeps them.
    const cleared = reopenedMilestones(policy, old, value).flatMap((m) => {
      const was = scalarText(get(rec.root, m));
      return was ? [{ m, was }] : [];
    });
    for (const { m } of cleared) edits.push(...clearField(text, m));
    const kind = policy.timelineKinds.includes(value) ? value : 'status';
    const said = old ? `Status changed from ${old} to ${value}` : `Status changed to ${value}`;
    const ev: TimelineEvent = { at: nowIso, kind, text: cleared.length ? `${said} (reopened; cleared ${cleared.map(({ m, was }) => `${m} ${was}`).join(', ')})` : said };
    if (opts.by) ev.by = opts.by;
    edits.push(...appendTimelineEvent(text, ev));
    // A required milestone not written yet is now, or the time of a later milestone the record has when that is
    // earlier (back from closed to resolved: mitigated no later than resolved), so the order holds.
    const gone = new Set<string>(cleared.map((c) => c.m));
    for (const m of def.requires) if (isEmpty(get(rec.root, m))) edits.push(...setMilestone(text, m, fillTime(rec.root, m, opts.now, nowIso, gone)));
    return verified(text, edits);
  }
  if (field === 'severity') {
    const old = scalarText(get(rec.root, 'severity'));
    const edits = setField(text, 'severity', value);
    // The new severity's escalation policy follows: an incident naming another one would be escalation-mismatch.
    const required = policy.severities.find((s) => s.id === value)!.escalation;
    const esc = scalarText(get(rec.root, 'escalation'));
    const follows = required !== undefined && esc !== undefined && esc !== required;
    if (follows) edits.push(...setField(text, 'escalation', required));
    const said = old ? `Severity changed from ${old} to ${value}` : `Severity set to ${value}`;
    const ev: TimelineEvent = { at: nowIso, kind: 'severity', text: follows ? `${said}; escalation policy ${required} (was ${esc})` : said };
    if (opts.by) ev.by = opts.by;
    edits.push(...appendTimelineEvent(text, ev));
    return verified(text, edits);
  }
  if (field === 'impact' || field === 'urgency') {
    // With the other level known, the priority the matrix gives follows (Set Impact and Urgency's edit).
    const other = scalarText(get(rec.root, field === 'impact' ? 'urgency' : 'impact'));
    const levels = field === 'impact' ? policy.urgencies : policy.impacts;
    if (other !== undefined && levels.some((l) => l.id === other)) {
      return field === 'impact' ? setImpactUrgency(text, path, value, other, policy, opts) : setImpactUrgency(text, path, other, value, policy, opts);
    }
    return field === 'impact' ? setFieldAfter(text, field, value, INCIDENT_FACTS) : setFieldAfter(text, field, value, ['impact', ...INCIDENT_FACTS]);
  }
  if (field === 'category') return setFieldAfter(text, field, value, ['priority', 'urgency', 'impact', ...INCIDENT_FACTS]);
  if (field === 'escalation') {
    // The severity names the escalation policy its incidents use (escalation-mismatch otherwise).
    const sev = policy.severities.find((s) => s.id === scalarText(get(rec.root, 'severity')));
    if (sev?.escalation !== undefined && sev.escalation !== value) throw new EditError(`severity ${sev.id} requires the escalation policy '${sev.escalation}'; change the severity first to use '${value}'`);
  }
  if (field === 'title') {
    // The body's first `# heading` follows when it read as the old title (the template writes the title there).
    const old = scalarText(get(rec.root, 'title'))?.trim();
    const h = scanHeadings(text, rec.split.bodyStart).find((x) => x.level === 1);
    const edits = setField(text, 'title', value);
    if (old && h && h.text.trim() === old && text.charCodeAt(h.start) === 35 /* # */ && !/[\r\n]/.test(value)) edits.push({ start: h.start, end: h.end, text: `# ${value.trim()}` });
    return verified(text, edits);
  }
  if (isMilestone(field)) {
    const wrong = milestoneOrderRefusal(rec.root, field, value);
    if (wrong) throw new EditError(wrong);
    return setMilestone(text, field, value);
  }
  return setField(text, field, value);
}

/** A milestone's time in the record (undefined when empty or not a date-time). */
function milestoneMs(root: YMap | null, m: Milestone): number | undefined {
  return eventTimeMs(scalarText(get(root, m)));
}

/** Why `m := value` would put the milestones out of order (the milestones-out-of-order rule's test), or undefined. */
export function milestoneOrderRefusal(root: YMap | null, m: Milestone, value: string): string | undefined {
  const t = eventTimeMs(value);
  if (t === undefined) return undefined;
  const i = MILESTONES.indexOf(m);
  for (const [j, other] of MILESTONES.entries()) {
    const o = j === i ? undefined : milestoneMs(root, other);
    if (o === undefined) continue;
    if (j < i && t < o) return `'${m}' ${value} would be before '${other}' (${scalarText(get(root, other))}); milestones go in order ${MILESTONES.join(' <= ')}: give a time at or after it, or change '${other}' first`;
    if (j > i && t > o) return `'${m}' ${value} would be after '${other}' (${scalarText(get(root, other))}); milestones go in order ${MILESTONES.join(' <= ')}: give a time at or before it, or change '${other}' first`;
  }
  return undefined;
}

/** What a status change writes in a missing milestone: now, or the earliest later milestone kept when earlier. */
function fillTime(root: YMap | null, m: Milestone, now: number, nowIso: string, gone: ReadonlySet<string>): string {
  let best: { ms: number; text: string } | undefined;
  for (const later of MILESTONES.slice(MILESTONES.indexOf(m) + 1)) {
    if (gone.has(later)) continue;
    const t = milestoneMs(root, later);
    if (t !== undefined && t < now && (!best || t < best.ms)) best = { ms: t, text: scalarText(get(root, later))! };
  }
  return best ? best.text : nowIso;
}

/** Where impact, urgency and priority go when written first: with the incident's other facts. */
const INCIDENT_FACTS = ['services', 'severity', 'status'];

/**
 * Names the person in an incident's role (`commander` or a role under `roles:`), with a `role` event saying so
 * (`Commander: maria.lopez (was sam.okafor)`): who led the response, and from when, is part of the record.
 */
export function assignRole(text: string, path: string, role: string, person: string, policy: Policy, opts: { now: number; by?: string }): TextEdit[] {
  const rec = parseRecord(path, text, policy);
  const roles = get(rec.root, 'roles');
  const was = role === 'commander' ? scalarText(get(rec.root, 'commander')) : scalarText(roles?.type === 'map' ? get(roles, role) : undefined);
  const name = role.charAt(0).toUpperCase() + role.slice(1);
  const ev: TimelineEvent = { at: formatIso(Math.floor(opts.now / 1000) * 1000), kind: 'role', text: was?.trim() ? `${name}: ${person} (was ${was.trim()})` : `${name}: ${person}` };
  if (opts.by) ev.by = opts.by;
  // The event first: when the timeline ends the front matter and roles: is added after it, both insert at the
  // same offset, and same-offset inserts apply in array order.
  return verified(text, [...appendTimelineEvent(text, ev), ...setRole(text, role, person)]);
}

/**
 * Set Impact and Urgency: writes `impact`, `urgency` and the `priority` the matrix derives from them (removing
 * nothing else), with a `priority` event when the priority changes. Refused for levels the policy does not know.
 */
export function setImpactUrgency(text: string, path: string, impact: string, urgency: string, policy: Policy, opts: { now: number; by?: string }): TextEdit[] {
  const refused = fieldValueRefusal('impact', impact, policy) ?? fieldValueRefusal('urgency', urgency, policy);
  if (refused) throw new EditError(refused);
  const rec = parseRecord(path, text, policy);
  const priority = derivePriority(policy, impact, urgency);
  const old = scalarText(get(rec.root, 'priority'));
  const edits: TextEdit[] = [];
  if (priority !== undefined && priority !== old) {
    const ev: TimelineEvent = { at: formatIso(Math.floor(opts.now / 1000) * 1000), kind: policy.timelineKinds.includes('priority') ? 'priority' : 'note', text: `${old ? `Priority changed from ${old} to ${priority}` : `Priority ${priority}`} (impact ${impact}, urgency ${urgency})` };
    if (opts.by) ev.by = opts.by;
    edits.push(...appendTimelineEvent(text, ev));
  }
  // The event first: fields added at the end of the front matter insert where a timeline that ends it gets its
  // new event, and same-offset inserts apply in array order.
  // With the incident's other facts (after services:, else severity:), in this order.
  edits.push(...setFieldAfter(text, 'impact', impact, INCIDENT_FACTS), ...setFieldAfter(text, 'urgency', urgency, ['impact', ...INCIDENT_FACTS]));
  if (priority !== undefined) edits.push(...setFieldAfter(text, 'priority', priority, ['urgency', 'impact', ...INCIDENT_FACTS]));
  return verified(text, edits);
}

/** What Escalate logs: one step of an escalation policy. */
export interface EscalationTarget { policy: string; step: number; kind: EscalationKind; notify: readonly string[] }

/**
 * Escalate: an `escalated` event naming the step's targets and kind (`to:`, `escalation:`), and, when given, the
 * support group now working on the incident (`assigned_to`).
 */
export function escalate(text: string, path: string, target: EscalationTarget, policy: Policy, opts: { now: number; by?: string; assignTo?: string }): TextEdit[] {
  if (!target.notify.length) throw new EditError('An escalation needs someone to reach');
  parseRecord(path, text, policy);
  const ev: TimelineEvent = {
    at: formatIso(Math.floor(opts.now / 1000) * 1000), kind: policy.timelineKinds.includes('escalated') ? 'escalated' : 'note',
    text: `Escalated (${target.policy} step ${target.step}, ${target.kind}) to ${target.notify.join(', ')}${opts.assignTo ? `; now with ${opts.assignTo}` : ''}`,
    to: target.notify, escalation: target.kind, ...(opts.by ? { by: opts.by } : {}),
  };
  const edits = appendTimelineEvent(text, ev);
  if (opts.assignTo?.trim()) edits.push(...setField(text, 'assigned_to', opts.assignTo.trim()));
  return verified(text, edits);
}
