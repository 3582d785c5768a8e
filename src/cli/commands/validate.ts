import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLOCK_CODES, sortProblems, validateScan, type Problem } from '../../core/index';
import { changedSince, findRepoRoot } from '../../node/repo';
import { nowOf, one, UsageError, type ParsedArgs } from '../args';
import { formatGithub, formatJson, formatSarif, formatSummaryMarkdown, formatText, position, type PositionedProblem } from '../output';
import { openRepo, PolicyUnusable, scan, ToolError, type OpenRepo } from '../repo';

export const VALIDATE_SPEC = { values: ['format', 'changed-since', 'now'], bools: ['help', 'quiet', 'no-clock'] };

export function runValidate(args: ParsedArgs, cwd: string, out: (s: string) => void, version: string): number {
  const format = one(args, 'format') ?? 'text';
  if (!['text', 'json', 'github', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json, github or sarif (got '${format}')`);
  const now = nowOf(args);
  // No path: the whole repo the working folder is in, wherever in it the command runs (a CI step in a subfolder).
  const targets = args.positional.length ? args.positional.map((p) => path.resolve(cwd, p)) : [findRepoRoot(cwd)];
  // Named as the user wrote it (an absolute path stays absolute, not ../../nonexistent).
  targets.forEach((t, i) => { if (!fs.existsSync(t)) throw new UsageError(`no such file or directory: ${args.positional[i] ?? t}`); });
  let repo: OpenRepo;
  try { repo = openRepo(targets[0], 'validate'); } catch (e) {
    if (!(e instanceof PolicyUnusable)) throw e;
    // An unusable policy is reported as the problem it is, at its line, in the format asked for (an annotation on
    // the policy file in a pull request, a SARIF result), and the run stops there: exit 2, nothing else judged.
    const policy = e.repo.policyLoad;
    print(format, position(sortProblems([...policy.problems]), () => policy.text), 0, out, version);
    throw e;
  }
  const rels = targets.map((t) => path.relative(repo.root, t).split(path.sep).join('/'));
  for (const r of rels) if (r.startsWith('..')) throw new UsageError(`${r} is outside the repo ${repo.root}; validate one repo at a time`);
  const under = (p: string) => rels.some((r) => r === '' || p === r || p.startsWith(r + '/'));

  const result = scan(repo, true);
  let only = under;
  const changedRev = one(args, 'changed-since');
  let policyChanged = false;
  if (changedRev !== undefined) {
    let changed: string[];
    try { changed = changedSince(repo.root, changedRev); } catch (e) { throw new ToolError((e as Error).message); }
    policyChanged = changed.includes('.hindsight/policy.yaml');
    if (!policyChanged) {
      const set = new Set<string>();
      for (const c of changed) {
        set.add(c);
        for (const d of result.index.dependents(c)) set.add(d);
      }
      only = (p) => under(p) && set.has(p);
    }
  }
  const scanned = validateScan(result, repo.policy, { now, only });
  const checked = scanned.checked;
  // --no-clock: what the files say, not how long open incidents have been open (a pull request's check).
  const problems = args.bools.has('no-clock') ? scanned.problems.filter((p) => !CLOCK_CODES.includes(p.code)) : scanned.problems;
  // The policy's own problems: on a whole-repo run, when the policy changed, or when it is one of the paths.
  const policyNamed = rels.some((r) => r === '' || r === '.hindsight' || r === '.hindsight/policy.yaml');
  const all: Problem[] = [...(policyNamed || policyChanged ? sortProblems([...repo.policyLoad.problems]) : []), ...problems];
  const texts = (f: string) => (f === '.hindsight/policy.yaml' ? repo.policyLoad.text : result.texts.get(f));
  print(format, position(all, texts), checked, out, version);
  return all.some((p) => p.severity === 'error') ? 1 : 0;
}

function print(format: string, positioned: PositionedProblem[], checked: number, out: (s: string) => void, version: string): void {
  if (format === 'json') out(formatJson(positioned, checked));
  else if (format === 'sarif') out(formatSarif(positioned, version));
  else if (format === 'github') {
    out(formatGithub(positioned, checked));
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (summary) { try { fs.appendFileSync(summary, formatSummaryMarkdown(positioned, checked)); } catch { /* summary is best effort */ } }
  } else out(formatText(positioned, checked));
}
