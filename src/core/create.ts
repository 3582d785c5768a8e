/**
 * Planning a new record: values from the policy and the index, rendering, the path. Shared by the CLI's
 * `hindsight new` and the extension's New Incident/Review/Runbook commands. Writes nothing.
 */
import { renderTemplate, checkRendered, slugify, nextIncidentId, type TemplateName, type TemplateValues } from './templates';
import { parseRecord } from './record';
import { get, scalarText } from './yaml/index';
import { timelineEvents } from './timelineView';
import { formatIso } from './time';
import { setField } from './edits';
import type { Policy } from './policy';
import type { WorkspaceIndex } from './workspace';
import type { TextEdit } from './text';

export class CreateError extends Error {
  /** 'usage': a bad option value; 'refused': the repo's state prevents it. */
  constructor(message: string, readonly kind: 'usage' | 'refused') { super(message); }
}

export interface NewRecordOptions {
  title?: string; severity?: string; services?: string[]; commander?: string; escalation?: string; id?: string; owner?: string;
  /** For a review: the incident it is about (its path and text). */
  incident?: { path: string; text: string };
}

export interface PlannedRecord {
  path: string;
  text: string;
  /** For a review created from an incident: the edit that sets the incident's `review:`. */
  incidentEdit?: { path: string; edits: TextEdit[] };
}

export function planNewRecord(kind: TemplateName, opts: NewRecordOptions, template: { text: string; source: string }, policy: Policy, index: WorkspaceIndex, now: number): PlannedRecord {
  const date = formatIso(now).slice(0, 10);
  const services = opts.services ?? [];
  if (policy.services) for (const s of services) if (!policy.services.includes(s)) throw new CreateError(`unknown service '${s}'; use one of: ${policy.services.join(', ')}`, 'usage');
  const values: TemplateValues = { title: opts.title?.trim() || `New ${kind}`, services, date };
  let folder: string;
  let incidentEdit: PlannedRecord['incidentEdit'];
  if (kind === 'incident') {
    const sev = opts.severity ?? policy.severities[policy.severities.length - 1].id;
    const sevDef = policy.severities.find((s) => s.id === sev);
    if (!sevDef) throw new CreateError(`unknown severity '${sev}'; use one of: ${policy.severities.map((s) => s.id).join(', ')}`, 'usage');
    const esc = opts.escalation ?? sevDef.escalation;
    if (esc !== undefined && !policy.escalationPolicies.some((e) => e.id === esc)) throw new CreateError(`unknown escalation policy '${esc}'`, 'usage');
    const ids = index.all().filter((r) => r.kind === 'incident' && r.id).map((r) => r.id!);
    const id = opts.id ?? nextIncidentId(ids, new Date(now).getUTCFullYear());
    const clash = index.incidentsById(id);
    if (clash.length) throw new CreateError(`incident id ${id} is already used by ${clash[0].path}`, 'refused');
    Object.assign(values, { id, severity: sev, status: policy.statuses[0].id, escalation: esc, commander: opts.commander, started: formatIso(Math.floor(now / 1000) * 1000) });
    folder = policy.paths.incidents[0] ?? 'incidents';
  } else if (kind === 'review') {
    if (opts.incident) {
      const { path, text } = opts.incident;
      const rec = parseRecord(path, text, policy);
      if (rec.kind !== 'incident') throw new CreateError(`${path} is not an incident`, 'refused');
      if (rec.yaml?.errors.length) throw new CreateError(`${path}: the front matter does not parse; fix it first`, 'refused');
      const s = (k: string) => scalarText(get(rec.root, k));
      if (s('review')) throw new CreateError(`${path} already links a review: ${s('review')}`, 'refused');
      const timeline = timelineEvents(rec.root);
      values.incident = { id: s('id'), path, title: s('title'), severity: s('severity'), started: s('started'), detected: s('detected'), mitigated: s('mitigated'), resolved: s('resolved'), timeline };
      if (!opts.title) values.title = `Review: ${s('title') ?? s('id') ?? path}`;
    }
    folder = policy.paths.reviews[0] ?? 'reviews';
  } else {
    values.owner = opts.owner;
    folder = policy.paths.runbooks[0] ?? 'runbooks';
  }
  const text = renderTemplate(template.text, values);
  const bad = checkRendered(text, values);
  if (bad) throw new CreateError(`template ${template.source}: ${bad}; nothing written`, 'refused');
  const name = kind === 'runbook' ? `${slugify(values.title)}.md` : `${date}-${slugify(values.title)}.md`;
  const path = `${folder}/${name}`;
  if (opts.incident) incidentEdit = { path: opts.incident.path, edits: setField(opts.incident.text, 'review', path) };
  return { path, text, incidentEdit };
}
