/** `hindsight new` and `hindsight init`: records and repo setup from templates. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, checkRendered, formatIso, get, nextIncidentId, parseRecord, renderTemplate, scalarText, setField, slugify, TEMPLATE_NAMES, toJS, type TemplateName, type TemplateValues, type TimelineEvent } from '../../core/index';
import { builtinTemplatesDir, readTemplate, writeNew } from '../../node/repo';
import { one, UsageError, type ParsedArgs } from '../args';
import { findIncident, openRepo, readForEdit, Refusal, scan } from '../repo';

export const NEW_SPEC = { values: ['title', 'severity', 'service', 'incident', 'id', 'commander', 'owner', 'escalation'], bools: ['help'] };

export function runNew(args: ParsedArgs, cwd: string, out: (s: string) => void, now = Date.now()): number {
  const kind = args.positional[0] as TemplateName;
  if (!TEMPLATE_NAMES.includes(kind) || args.positional.length !== 1) throw new UsageError('usage: hindsight new incident|review|runbook [--title T] [--severity S] [--service X] [--incident ID]');
  const repo = openRepo(cwd);
  const { policy } = repo;
  const result = scan(repo);
  const date = formatIso(now).slice(0, 10);
  const services = args.flags.get('service') ?? [];
  if (policy.services) for (const s of services) if (!policy.services.includes(s)) throw new UsageError(`--service: unknown service '${s}'; use one of: ${policy.services.join(', ')}`);
  const values: TemplateValues = { title: one(args, 'title') ?? `New ${kind}`, services, date };
  let folder: string;
  let incidentFile: { abs: string; rel: string; text: string } | undefined;

  if (kind === 'incident') {
    const sev = one(args, 'severity') ?? policy.severities[policy.severities.length - 1].id;
    const sevDef = policy.severities.find((s) => s.id === sev);
    if (!sevDef) throw new UsageError(`--severity: unknown severity '${sev}'; use one of: ${policy.severities.map((s) => s.id).join(', ')}`);
    const esc = one(args, 'escalation') ?? sevDef.escalation;
    if (esc !== undefined && !policy.escalationPolicies.some((e) => e.id === esc)) throw new UsageError(`--escalation: unknown escalation policy '${esc}'`);
    const ids = result.index.all().filter((r) => r.kind === 'incident' && r.id).map((r) => r.id!);
    const id = one(args, 'id') ?? nextIncidentId(ids, new Date(now).getUTCFullYear());
    if (result.index.incidentsById(id).length) throw new Refusal(`incident id ${id} is already used by ${result.index.incidentsById(id)[0].path}`);
    Object.assign(values, { id, severity: sev, status: policy.statuses[0].id, escalation: esc, commander: one(args, 'commander'), started: formatIso(Math.floor(now / 1000) * 1000) });
    folder = policy.paths.incidents[0] ?? 'incidents';
  } else if (kind === 'review') {
    const ref = one(args, 'incident');
    if (ref) {
      const inc = findIncident(repo, result, ref, cwd);
      const abs = path.join(repo.root, inc.path);
      const text = readForEdit(abs);
      const rec = parseRecord(inc.path, text, policy);
      const tl = toJS(get(rec.root, 'timeline'));
      const timeline: TimelineEvent[] = Array.isArray(tl) ? tl.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object').map((e) => ({ at: String(e.at ?? ''), kind: String(e.kind ?? ''), text: String(e.text ?? ''), by: e.by == null ? undefined : String(e.by) })) : [];
      const s = (k: string) => scalarText(get(rec.root, k));
      values.incident = { id: inc.id, path: inc.path, title: inc.title, severity: inc.severity, started: s('started'), detected: s('detected'), mitigated: s('mitigated'), resolved: s('resolved'), timeline };
      if (!one(args, 'title')) values.title = `Review: ${inc.title ?? inc.id ?? inc.path}`;
      incidentFile = { abs, rel: inc.path, text };
      if (s('review')) throw new Refusal(`${inc.path} already links a review: ${s('review')}`);
    }
    folder = policy.paths.reviews[0] ?? 'reviews';
  } else {
    values.owner = one(args, 'owner');
    folder = policy.paths.runbooks[0] ?? 'runbooks';
  }

  const tpl = readTemplate(repo.root, kind);
  const text = renderTemplate(tpl.text, values);
  const bad = checkRendered(text, values);
  if (bad) throw new Refusal(`template ${tpl.source}: ${bad}; nothing written`);
  const name = kind === 'runbook' ? `${slugify(values.title)}.md` : `${date}-${slugify(values.title)}.md`;
  const rel = `${folder}/${name}`;
  const abs = path.join(repo.root, rel);
  if (fs.existsSync(abs)) throw new Refusal(`${rel} already exists; not overwriting it (give another --title)`);
  try { writeNew(abs, text); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Refusal(`${rel} already exists; not overwriting it`); throw e; }
  if (incidentFile) {
    // Link the incident to its new review with a minimal edit.
    const edited = applyEdits(incidentFile.text, setField(incidentFile.text, 'review', rel));
    fs.writeFileSync(incidentFile.abs, edited);
  }
  out(rel + '\n');
  return 0;
}

export function runInit(args: ParsedArgs, cwd: string, out: (s: string) => void): number {
  if (args.positional.length > 1) throw new UsageError('usage: hindsight init [DIR]');
  const root = path.resolve(cwd, args.positional[0] ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`not a directory: ${root}`);
  const policyFile = path.join(root, '.hindsight', 'policy.yaml');
  if (fs.existsSync(policyFile)) throw new Refusal(`${path.relative(cwd, policyFile) || policyFile} already exists; not overwriting it`);
  const builtin = builtinTemplatesDir();
  writeNew(policyFile, fs.readFileSync(path.join(builtin, 'policy.yaml'), 'utf8'));
  const written = ['.hindsight/policy.yaml'];
  for (const name of TEMPLATE_NAMES) {
    const dest = path.join(root, '.hindsight', 'templates', `${name}.md`);
    if (fs.existsSync(dest)) continue;
    writeNew(dest, fs.readFileSync(path.join(builtin, `${name}.md`), 'utf8'));
    written.push(`.hindsight/templates/${name}.md`);
  }
  for (const d of ['incidents', 'runbooks', 'reviews']) fs.mkdirSync(path.join(root, d), { recursive: true });
  out(written.map((w) => `created ${w}`).join('\n') + '\ncreated incidents/, runbooks/, reviews/\n');
  return 0;
}
