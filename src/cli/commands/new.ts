/** `hindsight new` and `hindsight init`: records and repo setup from templates. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, CreateError, EditError, planNewRecord, setField, TEMPLATE_NAMES, type TemplateName } from '../../core/index';
import { readTemplate, writeNew } from '../../node/repo';
import { editRecord, readRecordForEdit } from '../../node/recordWrite';
import { initRepo, InitRefused } from '../../node/init';
import { one, UsageError, type ParsedArgs } from '../args';
import { findIncident, openRepo, Refusal, scan } from '../repo';

export const NEW_SPEC = { values: ['title', 'severity', 'service', 'incident', 'id', 'commander', 'owner', 'escalation'], bools: ['help'] };

export function runNew(args: ParsedArgs, cwd: string, out: (s: string) => void, now = Date.now()): number {
  const kind = args.positional[0] as TemplateName;
  if (!TEMPLATE_NAMES.includes(kind) || args.positional.length !== 1) throw new UsageError('usage: hindsight new incident|review|runbook [--title T] [--severity S] [--service X] [--incident ID]');
  const repo = openRepo(cwd);
  const result = scan(repo);
  const ref = one(args, 'incident');
  let incident: { path: string; text: string } | undefined;
  if (ref !== undefined) {
    if (kind !== 'review') throw new UsageError('--incident goes with new review');
    const inc = findIncident(repo, result, ref, cwd);
    incident = { path: inc.path, text: readRecordForEdit(path.join(repo.root, inc.path)).text };
  }
  let plan;
  try {
    plan = planNewRecord(kind, {
      title: one(args, 'title'), severity: one(args, 'severity'), services: args.flags.get('service'), commander: one(args, 'commander'),
      escalation: one(args, 'escalation'), id: one(args, 'id'), owner: one(args, 'owner'), incident,
    }, readTemplate(repo.root, kind), repo.policy, result.index, now);
  } catch (e) {
    if (e instanceof CreateError) throw e.kind === 'usage' ? new UsageError(e.message) : new Refusal(e.message);
    throw e;
  }
  const abs = path.join(repo.root, plan.path);
  try { writeNew(abs, plan.text); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Refusal(`${plan.path} already exists; not overwriting it (give another --title)`);
    throw e;
  }
  if (plan.incidentEdit) {
    // The incident's link to its review, made on the incident as it is under its lock (it may have changed since).
    const rel = plan.incidentEdit.path;
    editRecord(path.join(repo.root, rel), (text) => {
      try { return { text: applyEdits(text, setField(text, 'review', plan.path)) }; } catch (e) {
        if (e instanceof EditError) throw new Refusal(`${plan.path} was created, but ${rel} could not be linked to it: ${e.message}`);
        throw e;
      }
    });
  }
  out(plan.path + '\n');
  return 0;
}

export function runInit(args: ParsedArgs, cwd: string, out: (s: string) => void): number {
  if (args.positional.length > 1) throw new UsageError('usage: hindsight init [DIR]');
  const root = path.resolve(cwd, args.positional[0] ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`not a directory: ${root}`);
  try {
    out(initRepo(root).map((w) => `created ${w}`).join('\n') + '\n');
  } catch (e) {
    if (e instanceof InitRefused) throw new Refusal(e.message);
    throw e;
  }
  return 0;
}
