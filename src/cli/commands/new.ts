/** `hindsight new` and `hindsight init`: records and repo setup from templates. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, CreateError, EditError, isTimeZone, missingPeople, readTypedTime, planNewRecord, linkReview, suggestPeople, systemTimeZone, TEMPLATE_NAMES, type NewRecordOptions, type Policy, type TemplateName } from '../../core/index';
import { childProcess, readTemplate, writeNew } from '../../node/repo';
import { editRecord, readRecordForEdit } from '../../node/recordWrite';
import { initRepo, InitRefused } from '../../node/init';
import { one, UsageError, type ParsedArgs } from '../args';
import { findIncident, openRepo, Refusal, scan } from '../repo';

export const NEW_SPEC = { values: ['title', 'severity', 'service', 'incident', 'id', 'commander', 'role', 'owner', 'author', 'escalation', 'impact', 'urgency', 'category', 'detected', 'tz'], bools: ['help'] };

/** What a person types at a prompt; undefined when the input ended (Ctrl-D). */
export type Ask = (question: string) => Promise<string | undefined>;

/** `--role NAME=PERSON` (repeatable), names checked against the policy's roles. */
function parseRoles(values: string[] | undefined, policy: Policy): Record<string, string> | undefined {
  if (!values) return undefined;
  const roles: Record<string, string> = {};
  for (const v of values) {
    const m = /^([^=]+)=(.*)$/.exec(v);
    if (!m || !m[1].trim() || !m[2].trim()) throw new UsageError(`--role: '${v}' is not NAME=PERSON`);
    const name = m[1].trim();
    if (!policy.roles.includes(name)) throw new UsageError(`--role: unknown role '${name}'; use one of: ${policy.roles.join(', ')}`);
    roles[name] = m[2].trim();
  }
  return roles;
}

/** A required person said as a person: "a commander", "someone in the role communications". */
const whom = (f: string) => (f === 'commander' ? 'a commander' : `someone in the role ${f}`);
const describe = (f: string) => `${whom(f)} (${f === 'commander' ? '--commander PERSON' : `--role ${f}=PERSON`})`;

/** The git user's name, when git has one (the first person suggested). */
function gitUser(root: string): string | undefined {
  try { return childProcess().execFileSync('git', ['config', 'user.name'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 3000 }).trim() || undefined; } catch { return undefined; }
}

/**
 * Asks, in a terminal, for what a new incident needs: the title and the severity when not given, then each person
 * the severity requires (people from the repo's history and git offered by number, or a name typed).
 */
async function askIncident(ask: Ask, out: (s: string) => void, opts: NewRecordOptions, policy: Policy, people: string[], askAll: boolean): Promise<boolean> {
  if (askAll) {
    let title: string | undefined;
    while (!title) { title = (await ask('Title (what is happening, in a few words): '))?.trim(); if (title === undefined) return false; }
    opts.title = title;
    if (opts.severity === undefined) {
      out('Severity:\n' + policy.severities.map((s, i) => `  ${i + 1}) ${s.id}${s.title ? ` ${s.title}` : ''}${s.description ? `: ${s.description}` : ''}${s.requires.length ? ` (requires ${s.requires.join(', ')})` : ''}`).join('\n') + '\n');
      for (;;) {
        const a = (await ask(`Severity [1-${policy.severities.length} or id]: `))?.trim();
        if (a === undefined) return false;
        const sev = /^\d+$/.test(a) ? policy.severities[Number(a) - 1] : policy.severities.find((s) => s.id.toLowerCase() === a.toLowerCase());
        if (sev) { opts.severity = sev.id; break; }
        out(`  '${a}' is not one of them\n`);
      }
    }
  }
  for (const f of missingPeople(policy, opts.severity ?? policy.severities[policy.severities.length - 1].id, opts)) {
    if (people.length) out(`${opts.severity} requires ${whom(f)}:\n` + people.map((p, i) => `  ${i + 1}) ${p}`).join('\n') + '\n');
    for (;;) {
      const a = (await ask(`${f === 'commander' ? 'Commander' : `Role ${f}`} (${people.length ? 'a number or ' : ''}a name): `))?.trim();
      if (a === undefined) return false;
      if (/^\d+$/.test(a) && !people[Number(a) - 1]) { out(`  ${a} is not on the list; type a number from it or a name\n`); continue; }
      const who = /^\d+$/.test(a) ? people[Number(a) - 1] : a;
      if (!who || !missingPeople(policy, opts.severity, f === 'commander' ? { commander: who } : { roles: { [f]: who } }).every((m) => m !== f)) { out('  a name is needed (not TBD)\n'); continue; }
      if (f === 'commander') opts.commander = who; else opts.roles = { ...opts.roles, [f]: who };
      break;
    }
  }
  return true;
}

/** node:readline on the terminal, closed when done. Lines typed ahead (or pasted) wait for their question. */
async function withTerminal<T>(fn: (ask: Ask) => Promise<T>): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const readline = require('node:readline') as typeof import('node:readline');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const lines: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let closed = false;
  rl.on('line', (l) => { if (waiting) { const w = waiting; waiting = undefined; w(l); } else lines.push(l); });
  rl.on('close', () => { closed = true; if (waiting) { const w = waiting; waiting = undefined; w(undefined); } });
  const ask: Ask = (q) => {
    rl.setPrompt(q);
    rl.prompt();
    if (lines.length) return Promise.resolve(lines.shift());
    if (closed) return Promise.resolve(undefined);
    return new Promise((resolve) => { waiting = resolve; });
  };
  try { return await fn(ask); } finally { rl.close(); }
}

export function runNew(args: ParsedArgs, cwd: string, out: (s: string) => void, now = Date.now()): number | Promise<number> {
  const kind = args.positional[0] as TemplateName;
  if (!TEMPLATE_NAMES.includes(kind) || args.positional.length !== 1) throw new UsageError('usage: hindsight new incident|review|runbook [--title T] [--severity S] [--service X]... [--commander P] [--role NAME=P]... [--incident ID] [--author P]...');
  const repo = openRepo(cwd, 'new');
  const result = scan(repo);
  const ref = one(args, 'incident');
  let incident: { path: string; text: string } | undefined;
  if (ref !== undefined) {
    if (kind !== 'review') throw new UsageError('--incident goes with new review');
    const inc = findIncident(repo, result, ref, cwd);
    incident = { path: inc.path, text: readRecordForEdit(path.join(repo.root, inc.path), { name: inc.path }).text };
  }
  const opts: NewRecordOptions = {
    title: one(args, 'title'), severity: one(args, 'severity'), services: args.flags.get('service'), commander: one(args, 'commander'),
    roles: parseRoles(args.flags.get('role'), repo.policy), escalation: one(args, 'escalation'), id: one(args, 'id'), owner: one(args, 'owner'), incident,
    ...(args.flags.has('author') ? { authors: (args.flags.get('author') ?? []).flatMap((a) => a.split(',')) } : {}),
    impact: one(args, 'impact'), urgency: one(args, 'urgency'), category: one(args, 'category'),
  };
  const detected = one(args, 'detected');
  if (detected !== undefined) {
    if (kind !== 'incident') throw new UsageError('--detected goes with new incident');
    const zone = one(args, 'tz') ?? process.env.TZ ?? systemTimeZone();
    if (!isTimeZone(zone)) throw new UsageError(`--tz: '${zone}' is not a time zone`);
    const t = readTypedTime(detected, { now, zone });
    if (!t.ok) throw new UsageError(`--detected: ${t.reason}`);
    opts.detectedMs = t.ms;
  }
  if (kind !== 'incident' && (opts.impact !== undefined || opts.urgency !== undefined || opts.category !== undefined)) throw new UsageError('--impact, --urgency and --category go with new incident');
  // Impact and urgency give the priority together, and only with a complete matrix: say when none follows.
  if (kind === 'incident' && (opts.impact !== undefined) !== (opts.urgency !== undefined)) process.stderr.write(`hindsight new: --${opts.impact === undefined ? 'impact' : 'urgency'} is missing: no priority is derived from --${opts.impact === undefined ? 'urgency' : 'impact'} alone\n`);
  else if (kind === 'incident' && opts.impact !== undefined && !repo.policy.matrix) process.stderr.write('hindsight new: the policy\'s priority_matrix is missing or incomplete (hindsight validate .hindsight/policy.yaml): no priority is derived\n');
  if (kind !== 'incident' && (opts.roles || opts.commander !== undefined)) throw new UsageError('--commander and --role go with new incident');
  if (kind !== 'review' && opts.authors) throw new UsageError('--author goes with new review');
  if (kind === 'incident') {
    if (opts.severity !== undefined && !repo.policy.severities.some((s) => s.id === opts.severity)) throw new UsageError(`unknown severity '${opts.severity}'; use one of: ${repo.policy.severities.map((s) => s.id).join(', ')}`);
    const askAll = opts.title === undefined;
    const missing = missingPeople(repo.policy, opts.severity ?? repo.policy.severities[repo.policy.severities.length - 1].id, opts);
    if (process.stdin.isTTY === true && (askAll || missing.length)) {
      const people = suggestPeople(result.index.all(), { me: gitUser(repo.root) });
      // Questions go to stderr: stdout stays the new file's path, as without a terminal.
      return withTerminal((ask) => askIncident(ask, (t) => process.stderr.write(t), opts, repo.policy, people, askAll)).then((ok) => {
        if (!ok) throw new Refusal('no answer; nothing written');
        return write(kind, opts, repo, result, out, now);
      });
    }
    if (missing.length) throw new Refusal(`severity ${opts.severity} requires ${missing.map(describe).join(' and ')}; nothing written`);
  }
  return write(kind, opts, repo, result, out, now);
}

function write(kind: TemplateName, opts: NewRecordOptions, repo: ReturnType<typeof openRepo>, result: ReturnType<typeof scan>, out: (s: string) => void, now: number): number {
  let plan;
  try {
    plan = planNewRecord(kind, { ...opts, timeZone: systemTimeZone() }, readTemplate(repo.root, kind), repo.policy, result.index, now);
  } catch (e) {
    if (e instanceof CreateError) throw e.kind === 'usage' ? new UsageError(e.message) : new Refusal(e.message);
    throw e;
  }
  try { writeNew(repo.root, plan.path, plan.text); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Refusal(`${plan.path} already exists; not overwriting it (give another --title)`);
    throw e;
  }
  if (plan.incidentEdit) {
    // The incident's link to its review, made on the incident as it is under its lock (it may have changed since).
    const rel = plan.incidentEdit.path;
    editRecord(path.join(repo.root, rel), (text) => {
      try { return { text: applyEdits(text, linkReview(text, plan.path)) }; } catch (e) {
        if (e instanceof EditError) throw new Refusal(`${plan.path} was created, but ${rel} could not be linked to it: ${e.message}`);
        throw e;
      }
    }, { name: rel });
  }
  if (plan.note) process.stderr.write(`hindsight new: ${plan.note}\n`);
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
