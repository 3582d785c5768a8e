/** Validation of one record against the policy (and, given an index, against the rest of the repo). */
import type { Policy } from './policy';
import type { Problem } from './problem';
import { parseRecord, type ParsedRecord } from './record';
import type { ClockSite } from './sla';
import type { WorkspaceIndex } from './workspace';
import { makeReporter, type RuleContext } from './rules/context';
import { checkIncident } from './rules/incident';
import { checkReview } from './rules/review';
import { checkRunbook } from './rules/runbook';
import { checkCutValues } from './rules/comments';
import { checkFieldTypos } from './rules/fields';

export interface ValidateOptions {
  index?: WorkspaceIndex; now?: number;
  /** Given an incident's clock site (its plan, where its clock problems go), as the rules made it: the editor keeps it to judge the clock again each minute without planning twice. */
  onClockSite?: (site: ClockSite) => void;
}

export function validateRecord(rec: ParsedRecord, policy: Policy, opts: ValidateOptions = {}): Problem[] {
  if (!rec.kind) return [];
  const problems: Problem[] = [...rec.problems];
  const report = makeReporter(rec, problems);
  // A NUL in the first 8 KB makes a file binary (never read as a record); one further on is reported here.
  const nul = rec.text.indexOf('\0');
  if (nul >= 0) report({ start: nul, end: nul + 1 }, 'nul-byte', 'A NUL byte (binary content) in a record: records are text; remove it (Hindsight does not edit this file while it is there)');
  // With a syntax error the tree is partial: field rules would only add noise. Fix the syntax first.
  if (rec.yaml?.errors.some((e) => e.code !== 'duplicate-key')) return sortProblems(problems);
  if (!rec.root) {
    // Nothing to check field by field. Runbooks may have no front matter; incidents and reviews may not.
    const parsedButEmpty = rec.split.kind === 'none' || (rec.split.kind === 'yaml' && !rec.yaml?.errors.length && !rec.yaml?.root);
    if (parsedButEmpty && rec.kind !== 'runbook' && !problems.some((p) => p.code === 'line-endings-cr')) {
      const end = rec.text.indexOf('\n', rec.split.textStart);
      report({ start: rec.split.textStart, end: end < 0 ? rec.text.length : end }, 'frontmatter-missing',
        rec.kind === 'incident'
          ? "This incident has no front matter: add id, title, severity, status and started between '---' lines at the top"
          : "This review has no front matter: add title, incident and status between '---' lines at the top");
    }
    return sortProblems(problems);
  }
  const ctx: RuleContext = { rec, root: rec.root, policy, index: opts.index, now: opts.now ?? Date.now(), report, onClockSite: opts.onClockSite };
  if (rec.kind === 'incident') checkIncident(ctx);
  else if (rec.kind === 'review') checkReview(ctx);
  else checkRunbook(ctx);
  checkCutValues(ctx);
  checkFieldTypos(ctx);
  return sortProblems(problems);
}

export function validateText(path: string, text: string, policy: Policy, opts: ValidateOptions = {}): Problem[] {
  return validateRecord(parseRecord(path, text, policy), policy, opts);
}

export function sortProblems(p: Problem[]): Problem[] {
  return p.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
