/**
 * Planning a new record: values from the policy and the index, rendering, the path. Shared by the CLI's
 * `hindsight new` and the extension's New Incident/Review/Runbook commands. Writes nothing.
 */
import { renderTemplate, checkRendered, slugify, nextIncidentId, type TemplateName, type TemplateValues } from './templates';
import { parseRecord } from './record';
import { get, scalarText } from './yaml/index';
import { timelineEvents } from './timelineView';
import { formatIso, FUTURE_TOLERANCE_MS } from './time';
import { categoryIds, derivePriority } from './policyProcess';
import { isPlaceholder, requiredPeople } from './people';
import { splitFrontMatter } from './frontmatter';
import { formatScalar } from './yaml/index';
import { setFieldAfter } from './edits';
import { isActiveStatus, type Policy } from './policy';
import type { WorkspaceIndex } from './workspace';
import type { TextEdit } from './text';

export class CreateError extends Error {
  /** 'usage': a bad option value; 'refused': the repo's state prevents it. */
  constructor(message: string, readonly kind: 'usage' | 'refused') { super(message); }
}

export interface NewRecordOptions {
  title?: string; severity?: string; services?: string[]; commander?: string; escalation?: string; id?: string; owner?: string;
  /** For an incident: people by role (`communications: maria`), written under `roles:`. */
  roles?: Record<string, string>;
  /** For a review: who writes it (the template's empty `authors: []` is filled). */
  authors?: string[];
  /** For a review: the incident it is about (its path and text). */
  incident?: { path: string; text: string };
  /** The IANA zone times are written in, in the record's text (a review's timeline); UTC when absent. */
  timeZone?: string;
  /** For an incident (issue 18): impact and urgency (the priority is derived from the matrix), category. */
  impact?: string; urgency?: string; category?: string;
  /** For an incident: when it was detected (ms); it starts then too. Default: now. */
  detectedMs?: number;
}

export interface PlannedRecord {
  path: string;
  text: string;
  /** For a review created from an incident: the edit that sets the incident's `review:`. */
  incidentEdit?: { path: string; edits: TextEdit[] };
  /**
   * What the person creating it should know (the CLI writes it to stderr, the extension shows it): a review of an
   * incident that is still active is prefilled with the timeline and times so far.
   */
  note?: string;
}

export function planNewRecord(kind: TemplateName, opts: NewRecordOptions, template: { text: string; source: string }, policy: Policy, index: WorkspaceIndex, now: number): PlannedRecord {
  const date = formatIso(now).slice(0, 10);
  const services = opts.services ?? [];
  if (policy.services) for (const s of services) if (!policy.services.includes(s)) throw new CreateError(`unknown service '${s}'; use one of: ${policy.services.join(', ')}`, 'usage');
  const values: TemplateValues = { title: opts.title?.trim() || `New ${kind}`, services, date, timeZone: opts.timeZone };
  let folder: string;
  let incidentEdit: PlannedRecord['incidentEdit'];
  let note: string | undefined;
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
    checkProcess(policy, opts);
    const at = opts.detectedMs ?? now;
    if (at > now + FUTURE_TOLERANCE_MS) throw new CreateError(`the detection time ${formatIso(at)} is in the future`, 'usage');
    Object.assign(values, { id, severity: sev, status: policy.statuses[0].id, escalation: esc, commander: opts.commander, started: formatIso(Math.floor(at / 1000) * 1000) });
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
      // Allowed (a review can start while the incident runs), but its prefill is the incident so far: said.
      const status = s('status');
      if (isActiveStatus(policy, status)) note = `${s('id') ?? path} is still ${status ?? 'open (no status)'}: the review is prefilled with its timeline and times so far (Refresh Timeline from Incident, the CodeLens above the review's timeline, brings it up to date later)`;
      if (!opts.title) values.title = `Review: ${s('title') ?? s('id') ?? path}`;
    }
    folder = policy.paths.reviews[0] ?? 'reviews';
  } else {
    values.owner = opts.owner;
    folder = policy.paths.runbooks[0] ?? 'runbooks';
  }
  let text = renderTemplate(template.text, values);
  if (kind === 'incident') text = withProcess(withPeople(text, opts), opts, policy);
  if (kind === 'review') text = withAuthors(text, opts.authors ?? []);
  const bad = checkRendered(text, values);
  if (bad) throw new CreateError(`template ${template.source}: ${bad}; nothing written`, 'refused');
  const name = kind === 'runbook' ? `${slugify(values.title)}.md` : `${date}-${slugify(values.title)}.md`;
  const path = `${folder}/${name}`;
  if (opts.incident) incidentEdit = { path: opts.incident.path, edits: linkReview(opts.incident.text, path) };
  return { path, text, incidentEdit, ...(note !== undefined ? { note } : {}) };
}

/**
 * The incident's `review:` naming its review: after the fields it belongs with (runbooks, the milestones), not at
 * the end of the front matter after the timeline.
 */
export function linkReview(incidentText: string, reviewPath: string): TextEdit[] {
  return setFieldAfter(incidentText, 'review', reviewPath, ['runbooks', 'resolved', 'mitigated', 'acknowledged', 'detected', 'started', 'escalation', 'commander', 'services']);
}

/** Impact, urgency and category checked against the policy (where it defines them). */
function checkProcess(policy: Policy, opts: NewRecordOptions): void {
  const check = (what: string, v: string | undefined, allowed: string[]) => {
    if (v !== undefined && allowed.length && !allowed.includes(v)) throw new CreateError(`unknown ${what} '${v}'; use one of: ${allowed.join(', ')}`, 'usage');
  };
  check('impact', opts.impact, policy.impacts.map((l) => l.id));
  check('urgency', opts.urgency, policy.urgencies.map((l) => l.id));
  if (policy.categories) check('category', opts.category, categoryIds(policy));
}

/**
 * A rendered incident with its impact, urgency, the priority the matrix derives from them, and its category:
 * set where the template has the key, else written after `services:` (or at the end). The text is new.
 */
function withProcess(text: string, opts: NewRecordOptions, policy: Policy): string {
  const priority = derivePriority(policy, opts.impact, opts.urgency);
  const fields = ([['impact', opts.impact], ['urgency', opts.urgency], ['priority', priority], ['category', opts.category]] as const).filter(([, v]) => v !== undefined && v !== '') as [string, string][];
  if (!fields.length) return text;
  const fm = splitFrontMatter(text);
  if (!fm.content || !fm.close) return text;
  let yaml = text.slice(fm.content.start, fm.content.end);
  const nl = yaml.includes('\r\n') ? '\r\n' : '\n';
  const added: string[] = [];
  for (const [k, v] of fields) {
    const line = `${k}: ${formatScalar(v)}`;
    const re = new RegExp(`^${k}:[ \\t]*(\\S.*)?$`, 'm');
    const m = re.exec(yaml);
    if (m && m[1] !== undefined && m[1].trim() !== '' && m[1].trim() !== '~' && m[1].trim() !== 'null') throw new CreateError(`the template sets ${k}: already; leave it empty to give it here`, 'refused');
    if (m) yaml = yaml.slice(0, m.index) + line + yaml.slice(m.index + m[0].length);
    else added.push(line);
  }
  if (added.length) {
    const svc = /^services:.*$/m.exec(yaml);
    if (svc) { const end = svc.index + svc[0].length; yaml = yaml.slice(0, end) + nl + added.join(nl) + yaml.slice(end); }
    else yaml = (yaml === '' || yaml.endsWith('\n') ? yaml : yaml + nl) + added.join(nl) + nl;
  }
  return text.slice(0, fm.content.start) + yaml + text.slice(fm.content.end);
}

/** Which of the people the severity requires are not named in `opts` (empty or a placeholder counts as not named). */
export function missingPeople(policy: Policy, severity: string | undefined, opts: Pick<NewRecordOptions, 'commander' | 'roles'>): string[] {
  const named = (v: string | undefined) => v !== undefined && v.trim() !== '' && !isPlaceholder(v);
  return requiredPeople(policy, severity).filter((f) => !(f === 'commander' ? named(opts.commander) || named(opts.roles?.commander) : named(opts.roles?.[f])));
}

/** The review's authors written into the template's empty `authors:` (a template without one is left as it is). */
function withAuthors(text: string, authors: readonly string[]): string {
  const names = [...new Set(authors.map((a) => a.trim()).filter((a) => a && !isPlaceholder(a)))];
  const fm = splitFrontMatter(text);
  if (!names.length || !fm.content) return text;
  const yaml = text.slice(fm.content.start, fm.content.end);
  const empty = /^authors:[ \t]*(\[\s*\]|null|~)?[ \t]*$/m;
  if (!empty.test(yaml)) return text;
  return text.slice(0, fm.content.start) + yaml.replace(empty, `authors: [${names.map((a) => formatScalar(a)).join(', ')}]`) + text.slice(fm.content.end);
}

/**
 * A rendered incident with its commander and roles: `commander:` set where the template has no value for it,
 * `roles:` written (in place of an empty `roles:`, else before the closing `---`). The text is new: nothing
 * else of it is kept byte for byte, but only these lines change.
 */
function withPeople(text: string, opts: NewRecordOptions): string {
  // A `commander` role given with --commander too is the field's business, not the roles'.
  const roles = Object.entries(opts.roles ?? {}).filter(([k, v]) => v.trim() !== '' && !(k === 'commander' && opts.commander?.trim()));
  const fm = splitFrontMatter(text);
  if (!fm.content || !fm.close) return text;
  let yaml = text.slice(fm.content.start, fm.content.end);
  const nl = yaml.includes('\r\n') ? '\r\n' : '\n';
  if (opts.commander?.trim() && !/^commander:[ \t]*\S/m.test(yaml)) {
    if (/^commander:[ \t]*$/m.test(yaml)) yaml = yaml.replace(/^commander:[ \t]*$/m, `commander: ${formatScalar(opts.commander.trim())}`);
    else yaml = (yaml === '' || yaml.endsWith('\n') ? yaml : yaml + nl) + `commander: ${formatScalar(opts.commander.trim())}${nl}`;
  }
  if (roles.length) {
    const block = `roles:${roles.map(([k, v]) => `${nl}  ${formatScalar(k)}: ${formatScalar(v.trim())}`).join('')}`;
    if (/^roles:[ \t]*(\{\}|null|~)?[ \t]*$/m.test(yaml)) yaml = yaml.replace(/^roles:[ \t]*(\{\}|null|~)?[ \t]*$/m, block);
    else if (/^roles:/m.test(yaml)) throw new CreateError("the template's roles: is not empty; give the roles there or leave it empty", 'refused');
    else {
      // After the commander (people together), else at the end.
      const c = /^commander:.*$/m.exec(yaml);
      if (c) { const end = c.index + c[0].length; yaml = yaml.slice(0, end) + nl + block + yaml.slice(end); }
      else yaml = yaml.endsWith('\n') ? yaml + block + nl : yaml + nl + block;
    }
  }
  return text.slice(0, fm.content.start) + yaml + text.slice(fm.content.end);
}
