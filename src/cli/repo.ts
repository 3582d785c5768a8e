/** Opening the repo for a command: root, policy (exit 2 when unusable), index. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanRepo, type Policy, type RecordSummary, type ScanResult } from '../core/index';
import { findRepoRoot, linkedFolder, NodeRepoSource, readRepoPolicy, type RepoPolicy } from '../node/repo';
import { UsageError } from './args';
import { readRecordForEdit, WriteRefused } from '../node/recordWrite';
import { guardText, oneLine, position } from './output';

export class ToolError extends Error {}
/** A refusal that is the input's fault, not the tool's (exit 1). */
export class Refusal extends Error {}

export interface OpenRepo { root: string; policy: Policy; policyLoad: RepoPolicy }

/** The policy could not be used: its problems, for `validate` to report in the format asked for (exit 2). */
export class PolicyUnusable extends ToolError {
  constructor(message: string, readonly repo: OpenRepo) { super(message); }
}

/**
 * The repo a command works in, from `start` up. For `cmd` it says on stderr, without stopping, what the user should
 * know: that no repo was found (the folder itself is used, with the built-in policy), and, but to validate (which
 * lists them), that the policy has mistakes (the command goes on with what could be read of it).
 */
export function openRepo(start: string, cmd?: string): OpenRepo {
  let st: fs.Stats;
  try { st = fs.statSync(start); } catch { throw new UsageError(`no such file or directory: ${start}`); }
  const root = findRepoRoot(st.isDirectory() ? start : path.dirname(start));
  const say = (s: string) => process.stderr.write(guardText(oneLine(`hindsight ${cmd}: ${s}`) + '\n'));
  if (cmd && !fs.existsSync(path.join(root, '.hindsight')) && !fs.existsSync(path.join(root, '.git'))) {
    say(`no .hindsight/ or .git in ${root} or above: using this folder as the repo, with the built-in policy (hindsight init makes one)`);
  }
  const policyLoad = readRepoPolicy(root);
  const repo = { root, policy: policyLoad.policy, policyLoad };
  if (!policyLoad.usable) {
    const first = policyLoad.problems[0];
    const at = first && policyLoad.text !== undefined ? position([first], () => policyLoad.text)[0] : undefined;
    throw new PolicyUnusable(`the policy file .hindsight/policy.yaml${at ? `:${at.line}:${at.column}` : ''} cannot be used: ${first?.message ?? 'unreadable'}`, repo);
  }
  const errors = policyLoad.problems.filter((p) => p.severity === 'error').length;
  if (cmd && cmd !== 'validate' && errors) say(`the policy has ${errors} error${errors === 1 ? '' : 's'} (hindsight validate .hindsight/policy.yaml lists them); going on with what could be read of it`);
  return repo;
}

export function scan(repo: OpenRepo, keepTexts = false): ScanResult {
  return scanRepo(new NodeRepoSource(repo.root), repo.policy, { keepTexts });
}

/** An incident named by id or by path (relative to the cwd or the repo root). */
export function findIncident(repo: OpenRepo, result: ScanResult, ref: string, cwd: string): RecordSummary {
  const byId = result.index.incidentsById(ref);
  if (byId.length > 1) throw new Refusal(`incident id '${ref}' is used by ${byId.length} files: ${byId.map((r) => r.path).join(', ')}; name the file instead`);
  if (byId.length === 1) return byId[0];
  for (const candidate of [path.resolve(cwd, ref), path.resolve(repo.root, ref)]) {
    const rel = path.relative(repo.root, candidate).split(path.sep).join('/');
    const r = result.index.get(rel);
    if (r?.kind === 'incident') return r;
    if (r) throw new Refusal(`${rel} is a ${r.kind}, not an incident`);
    // A file that is there but could not be read as a record: say why, not that there is no such incident.
    const why = result.readProblems.find((p) => p.file === rel);
    if (why) throw new Refusal(`${rel}: ${why.message}`);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const link = linkedFolder(repo.root, rel);
    if (link) throw new Refusal(`${rel} is inside ${link}, a symbolic link; records are never read or written through a link`);
    if (fs.existsSync(candidate)) throw new Refusal(`${rel} is not an incident record (not under the policy's incident folders, and no 'type: incident')`);
  }
  // An id in none of the records read: it may be in one that could not be read. Say which, and why.
  const unread = result.readProblems.filter((p) => p.code === 'file-unreadable');
  const hint = unread.length ? `; ${unread.length} file${unread.length === 1 ? '' : 's'} where records are could not be read and may hold it: ${unread.slice(0, 3).map((p) => `${p.file} (${p.message})`).join('; ')}${unread.length > 3 ? '; ...' : ''}` : '';
  throw new Refusal(`no incident with id or path '${ref}' in ${repo.root}${hint}`);
}

/** Says on stderr which files where records are could not be read (left out of what `cmd` prints: sla, stats). */
export function warnUnread(cmd: string, result: ScanResult): void {
  const unread = result.readProblems.filter((p) => p.code === 'file-unreadable').map((p) => oneLine(p.file));
  if (!unread.length) return;
  process.stderr.write(guardText(`hindsight ${cmd}: ${unread.length} file${unread.length === 1 ? '' : 's'} where records are could not be read and ${unread.length === 1 ? 'is' : 'are'} left out (hindsight validate says why): ${unread.slice(0, 5).join(', ')}${unread.length > 5 ? ', ...' : ''}\n`));
}

/** Reads a record's text (for export): the same refusals as an edit's read, but writability. */
export function readRecordText(file: string, name?: string): string {
  try { return readRecordForEdit(file, { write: false, name }).text; } catch (e) { if (e instanceof WriteRefused) throw new Refusal(e.message); throw e; }
}
