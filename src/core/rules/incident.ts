/** Rules for incidents: fields, policy values, milestones, status, escalation, timeline, targets, links. */
import { getPair, isEmpty, get, scalarText, type YMap, type YNode } from '../yaml/index';
import { MILESTONES, findSeverity, isLifecycleKind, type Milestone } from '../policy';
import { formatHours, formatIso } from '../time';
import { categoryIds, derivePriority } from '../policyProcess';
import { clockProblems, clockSiteOf, MILESTONE_OF, overDeadline, targetDuration, targetLength } from '../sla';
import { timelineEvents } from '../timelineView';
import { resolveLink } from '../paths';
import { folderKind, isCandidatePath } from '../record';
import type { RuleContext } from './context';
import { isPlaceholder } from '../people';
import { at, checkAllowed, checkAllowedItems, checkDateTime, dateTimeField, listField, missing, stringField } from './common';

const ALWAYS_REQUIRED = ['id', 'title', 'severity', 'status', 'started'];
const placeholderNode = (node: YNode | undefined): boolean => node?.type === 'scalar' && typeof node.value === 'string' && isPlaceholder(node.value);

export function checkIncident(ctx: RuleContext): void {
  const { root, policy } = ctx;
  const sevId = stringField(ctx, root, 'severity');
  const severity = findSeverity(policy, sevId);

  // Required fields
  for (const f of ALWAYS_REQUIRED) if (isEmpty(get(root, f))) missing(ctx, root, f);
  if (severity) {
    for (const f of severity.requires) {
      if (ALWAYS_REQUIRED.includes(f)) continue;
      const top = get(root, f);
      const role = policy.roles.includes(f) ? get(get(root, 'roles') as YMap, f) : undefined;
      if (!isEmpty(top) && !placeholderNode(top)) continue;
      if (!isEmpty(role) && !placeholderNode(role)) continue;
      // A placeholder (TBD, TODO, ?, n/a) silences nothing: it is reported where it is written, as missing.
      const ph = [top, role].find((n) => n && placeholderNode(n));
      if (ph) ctx.report(ph, 'missing-field', `'${f}' is a placeholder (${scalarText(ph)}): name who it is (severity ${severity.id} requires it)`, { data: { field: f, placeholder: 'true' } });
      else if (role !== undefined || (policy.roles.includes(f) && f !== 'commander')) {
        // A role other than the commander is written under `roles:`, as `new` and the editor write it.
        ctx.report(getPair(root, 'roles')?.key, 'missing-field', `Missing required role '${f}' (severity ${severity.id} requires it): name who it is under 'roles:' (roles: ${f}: <person>)`, { data: { field: f, role: 'true' } });
      } else missing(ctx, root, f, ` (severity ${severity.id} requires it)`);
    }
  }
  for (const f of ['id', 'title', 'commander']) stringField(ctx, root, f);

  // Policy values
  if (sevId !== undefined && !severity) checkAllowed(ctx, get(root, 'severity')!, sevId, policy.severities.map((s) => s.id), 'unknown-severity', 'severity');
  const status = stringField(ctx, root, 'status');
  const statusDef = policy.statuses.find((s) => s.id === status);
  if (status !== undefined && !statusDef) checkAllowed(ctx, get(root, 'status')!, status, policy.statuses.map((s) => s.id), 'unknown-status', 'status');
  if (policy.services) checkAllowedItems(ctx, listField(ctx, root, 'services'), policy.services, 'unknown-service', 'service');
  const roles = getPair(root, 'roles');
  if (roles && !isEmpty(roles.value)) {
    if (roles.value.type !== 'map') ctx.report(roles.value, 'invalid-value', "'roles' must be a mapping of role to person, e.g. 'scribe: alice'");
    else for (const p of roles.value.items) {
      checkAllowed(ctx, p.key, String(p.key.value), policy.roles, 'unknown-role', 'role');
      if (!isEmpty(p.value) && p.value.type !== 'scalar') ctx.report(p.value, 'invalid-value', `role '${p.key.value}' must name one person`);
    }
  }
  const esc = stringField(ctx, root, 'escalation');
  if (esc !== undefined && !policy.escalationPolicies.some((e) => e.id === esc)) {
    checkAllowed(ctx, get(root, 'escalation')!, esc, policy.escalationPolicies.map((e) => e.id), 'unknown-escalation', 'escalation policy');
  } else if (esc !== undefined && severity?.escalation && esc !== severity.escalation) {
    ctx.report(get(root, 'escalation'), 'escalation-mismatch', `Severity ${severity.id} requires escalation policy '${severity.escalation}', not '${esc}'`, { allowed: [severity.escalation] });
  }

  // Milestones
  const ms: Partial<Record<Milestone, number>> = {};
  for (const m of MILESTONES) { const v = dateTimeField(ctx, root, m); if (v !== undefined) ms[m] = v; }
  let prev: Milestone | undefined;
  for (const m of MILESTONES) {
    if (ms[m] === undefined) continue;
    if (prev && ms[m]! < ms[prev]!) {
      ctx.report(at(getPair(root, m)), 'milestones-out-of-order', `'${m}' (${formatIso(ms[m]!)}) is before '${prev}' (${formatIso(ms[prev]!)}); milestones must be in order ${MILESTONES.join(' <= ')}`);
    } else prev = m;
  }
  if (statusDef) for (const m of statusDef.requires) {
    if (isEmpty(get(root, m))) ctx.report(at(getPair(root, 'status')), 'status-missing-milestone', `Status '${statusDef.id}' requires the '${m}' milestone: add '${m}: <date-time>'`, { data: { milestone: m } });
  }
  // The other way round: a milestone that only a later status requires (resolved set by hand, the status left at
  // investigating). The incident would count as open with its clocks met; one warning, for the furthest status.
  if (statusDef) {
    const here = policy.statuses.indexOf(statusDef);
    let ahead: { m: Milestone; at: number } | undefined;
    for (const m of MILESTONES) {
      if (ms[m] === undefined) continue;
      const first = policy.statuses.findIndex((s) => s.requires.includes(m));
      if (first > here && (!ahead || first >= ahead.at)) ahead = { m, at: first };
    }
    if (ahead) {
      const to = policy.statuses[ahead.at].id;
      ctx.report(get(root, 'status'), 'status-behind-milestone', `'${ahead.m}' is set (${scalarText(get(root, ahead.m))}), but status '${statusDef.id}' comes before '${to}', the first status that requires it: change the status to '${to}', or empty '${ahead.m}' if the incident is not ${ahead.m} yet`, { data: { status: to, milestone: ahead.m } });
    }
  }

  // Timeline
  const tl = getPair(root, 'timeline');
  if (tl && !isEmpty(tl.value)) {
    if (tl.value.type !== 'seq') ctx.report(tl.value, 'invalid-value', "'timeline' must be a list of events (- at: ..., kind: ..., text: ...)");
    else {
      let last: number | undefined;
      tl.value.items.forEach((ev, i) => {
        const what = `Timeline event ${i + 1}`; // counted as people count them, from 1
        if (ev.type !== 'map') { ctx.report(ev, 'invalid-value', `${what} must be a mapping with at, kind and text`); return; }
        for (const f of ['at', 'kind', 'text']) if (isEmpty(get(ev, f))) ctx.report(getPair(ev, f)?.key ?? ev, 'missing-field', `${what} is missing '${f}'`, { data: { field: f } });
        const kind = stringField(ctx, ev, 'kind', `timeline event ${i + 1}: kind`);
        if (kind !== undefined) checkAllowed(ctx, get(ev, 'kind')!, kind, policy.timelineKinds, 'unknown-timeline-kind', 'timeline kind');
        stringField(ctx, ev, 'by', `timeline event ${i + 1}: by`);
        const atNode = get(ev, 'at');
        const t = atNode && !isEmpty(atNode) ? checkDateTime(ctx, atNode, `timeline event ${i + 1}: at`) : undefined;
        if (t === undefined) return;
        if (last !== undefined && t < last) ctx.report(atNode, 'timeline-out-of-order', `${what} (${formatIso(t)}) is earlier than the event before it (${formatIso(last)}); sort the timeline`);
        else last = t;
        if (ms.started !== undefined && t < ms.started) ctx.report(atNode, 'timeline-outside-window', `${what} (${formatIso(t)}) is before the incident started (${formatIso(ms.started)})`);
        // Closing an incident, or re-grading its severity, comes after it was resolved: the lifecycle's own events
        // are not out of place there; any other event after it is (most often a wrong date).
        else if (ms.resolved !== undefined && t > ms.resolved && !(kind !== undefined && isLifecycleKind(policy, kind))) ctx.report(atNode, 'timeline-outside-window', `${what} (${formatIso(t)}) is after the incident was resolved (${formatIso(ms.resolved)})`);
      });
    }
  }

  // The incident process: impact, urgency, priority, category (issue 18)
  const impact = stringField(ctx, root, 'impact');
  const urgency = stringField(ctx, root, 'urgency');
  const writtenPriority = stringField(ctx, root, 'priority');
  // Checked where the policy defines them (a repo without them may use the words freely, as before).
  const impactOk = impact === undefined || !policy.impacts.length || checkAllowed(ctx, get(root, 'impact')!, impact, policy.impacts.map((l) => l.id), 'unknown-impact', 'impact');
  const urgencyOk = urgency === undefined || !policy.urgencies.length || checkAllowed(ctx, get(root, 'urgency')!, urgency, policy.urgencies.map((l) => l.id), 'unknown-urgency', 'urgency');
  const derived = impactOk && urgencyOk ? derivePriority(policy, impact, urgency) : undefined;
  if (writtenPriority !== undefined) {
    if (derived !== undefined && writtenPriority !== derived) {
      ctx.report(get(root, 'priority'), 'priority-mismatch', `Priority '${writtenPriority}' disagrees with the priority matrix: impact '${impact}' and urgency '${urgency}' give ${derived}`, { allowed: [derived] });
    } else if (derived === undefined && policy.priorities.length) checkAllowed(ctx, get(root, 'priority')!, writtenPriority, policy.priorities.map((p) => p.id), 'unknown-priority', 'priority');
  }
  const category = stringField(ctx, root, 'category');
  if (category !== undefined && policy.categories) checkAllowed(ctx, get(root, 'category')!, category, categoryIds(policy), 'unknown-category', 'category');
  stringField(ctx, root, 'assigned_to');

  // Targets and escalation, against the clock (sla.ts): missed milestones; while open, targets at risk or
  // breached and escalation steps due and not reached.
  const tlNode = get(root, 'timeline');
  if (tlNode?.type === 'seq') tlNode.items.forEach((ev, i) => {
    if (ev.type !== 'map' || scalarText(get(ev, 'kind')) !== 'escalated') return;
    const dir = stringField(ctx, ev, 'escalation', `timeline event ${i + 1}: escalation`);
    if (dir !== undefined) checkAllowed(ctx, get(ev, 'escalation')!, dir, ['functional', 'hierarchical'], 'invalid-value', 'escalation kind');
  });
  const site = clockSiteOf(ctx.rec.path, root, policy, ctx.rec.split.open ?? { start: ctx.rec.split.textStart, end: ctx.rec.split.textStart })!;
  ctx.onClockSite?.(site);
  for (const c of site.plan.clocks) {
    if (c.doneMs === undefined || c.doneMs <= c.deadlineMs) continue;
    const where = c.calendar ? ` (counted in the ${c.calendar} calendar)` : '';
    // In a calendar every length is working hours (its working day is not 24 hours: `1d 9h` read as under `3d`).
    const target = c.calendar && formatHours(c.limit) !== c.limitText ? `${c.limitText} (${formatHours(c.limit)})` : c.limitText;
    ctx.report(at(getPair(root, MILESTONE_OF[c.target])), 'target-missed', `Time to ${c.target} ${targetDuration(c, c.tookMs!)} missed the ${c.source} target of ${target} by ${targetLength(c, overDeadline(c, c.doneMs, policy))}${where}`);
  }
  for (const p of clockProblems(site, ctx.now)) ctx.report(p, p.code, p.message, { data: p.data });
  // An ended incident whose milestone for a target never came: the target cannot be judged, and the reports leave
  // it out. Most often `acknowledged`, which no status requires by default; a milestone the status requires is
  // reported as missing already. Its fix: the time of the timeline's own event of that kind, when there is one.
  if (statusDef && !site.plan.open) {
    for (const c of site.plan.clocks) {
      const m = MILESTONE_OF[c.target];
      // Resolving mitigates (the clocks take it so): a mitigate target with `resolved` set is not asked for again.
      if (!isEmpty(get(root, m)) || statusDef.requires.includes(m) || (m === 'mitigated' && !isEmpty(get(root, 'resolved')))) continue;
      const event = timelineEvents(root).find((e) => e.kind === m && e.at)?.at;
      ctx.report(at(getPair(root, 'status')), 'target-unmeasured', `Time to ${c.target} is not measured: '${m}' is not set, so the ${c.source} target of ${c.limitText} cannot be judged; add '${m}:' with when the incident was ${m}${event ? ` (the timeline's ${m} event says ${event})` : ''}`, { data: { milestone: m, ...(event ? { at: event } : {}) } });
    }
  }

  // Links and cross-file rules
  for (const rb of listField(ctx, root, 'runbooks')) {
    const p = resolveLink(ctx.rec.path, rb.text);
    if (ctx.index && (p === undefined || !ctx.index.hasFile(p))) ctx.report(rb.node, 'broken-link', `Runbook '${rb.text}' does not exist (paths are relative to the repo root)`);
    // A Markdown file in a runbook folder is a runbook; one that is not could not be read (binary, too large, a
    // symbolic link): the responder following it would find nothing.
    else if (ctx.index && isCandidatePath(p!, policy) && folderKind(p!, policy) === 'runbook' && !ctx.index.get(p!)) ctx.report(rb.node, 'broken-link', `Runbook '${rb.text}' cannot be read as a runbook (binary, too large or a symbolic link: see the problem on the file)`);
  }
  const reviewRef = stringField(ctx, root, 'review');
  const id = stringField(ctx, root, 'id');
  if (!ctx.index) return;
  const index = ctx.index;
  let hasReview = false;
  if (reviewRef !== undefined) {
    const p = resolveLink(ctx.rec.path, reviewRef);
    const review = p === undefined ? undefined : index.get(p);
    if (p === undefined || !index.hasFile(p)) ctx.report(get(root, 'review'), 'broken-link', `Review '${reviewRef}' does not exist (paths are relative to the repo root)`);
    else if (!review || review.kind !== 'review') ctx.report(get(root, 'review'), 'broken-link', `'${reviewRef}' is not a review record`);
    else {
      hasReview = true;
      const back = review.incident ? index.resolveIncident(review.path, review.incident) : undefined;
      if (!back || back.path !== ctx.rec.path) ctx.report(get(root, 'review'), 'review-backlink', `Review '${reviewRef}' does not point back to this incident: set its 'incident:' to ${id ?? ctx.rec.path}`);
    }
  }
  if (id !== undefined) {
    const others = index.incidentsById(id).filter((r) => r.path !== ctx.rec.path);
    if (others.length) ctx.report(get(root, 'id'), 'duplicate-id', `Incident id '${id}' is also used by ${others.map((o) => o.path).join(', ')}; ids must be unique`);
  }
  if (severity?.reviewWithin !== undefined && ms.resolved !== undefined && !hasReview) {
    const self = index.get(ctx.rec.path);
    const linkedFromReview = self ? index.reviewsFor(self).length > 0 : false;
    const due = ms.resolved + severity.reviewWithin;
    if (!linkedFromReview && ctx.now > due) {
      ctx.report(reviewRef !== undefined ? get(root, 'review') : at(getPair(root, 'resolved')), 'review-overdue',
        `Severity ${severity.id} needs a review within ${severity.reviewWithinText} of resolution (due ${formatIso(due)}); none exists: hindsight new review --incident ${id ?? ctx.rec.path}`);
    }
  }
}
