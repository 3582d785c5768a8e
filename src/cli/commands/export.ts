/** `hindsight export INCIDENT [--format md|html] [--output FILE [--force]]`: a self-contained report for people outside the repo. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classify, incidentReport, isCandidatePath, resolveLink } from '../../core/index';
import { nowOf, one, UsageError, type ParsedArgs } from '../args';
import { findIncident, openRepo, readRecordText, Refusal, scan } from '../repo';

export const EXPORT_SPEC = { values: ['format', 'output', 'now'], bools: ['help', 'force'] };

export function runExport(args: ParsedArgs, cwd: string, out: (s: string) => void): number {
  const [ref, ...rest] = args.positional;
  if (!ref || rest.length) throw new UsageError('usage: hindsight export INCIDENT [--format md|html] [--output FILE [--force]]');
  const format = one(args, 'format') ?? 'md';
  if (format !== 'md' && format !== 'html') throw new UsageError(`--format: '${format}' is not md or html`);
  const now = nowOf(args);
  const repo = openRepo(cwd, 'export');
  const result = scan(repo);
  const inc = findIncident(repo, result, ref, cwd);
  const text = readRecordText(path.join(repo.root, inc.path), inc.path);
  const linked = inc.review !== undefined ? resolveLink(inc.path, inc.review) : undefined;
  const reviewPath = linked !== undefined && result.index.get(linked)?.kind === 'review' ? linked : result.index.reviewsFor(inc)[0]?.path;
  const review = reviewPath !== undefined ? { path: reviewPath, text: readRecordText(path.join(repo.root, reviewPath), reviewPath) } : undefined;
  let report: string;
  try { report = incidentReport({ incident: { path: inc.path, text }, review }, repo.policy, { format, now }); } catch (e) { throw new Refusal((e as Error).message); }
  const output = one(args, 'output');
  if (output === undefined) { out(report); return 0; }
  const file = path.resolve(cwd, output);
  const shown = path.relative(cwd, file) || file;
  // Where the index would take a Markdown file for a record (a record folder): a report is not one.
  const inRepo = (f: string) => path.relative(repo.root, f).split(path.sep).join('/');
  const recordFolder = (rel: string): string | null => (rel.startsWith('../') || path.isAbsolute(rel) || !isCandidatePath(rel, repo.policy) ? null : classify(rel, undefined, repo.policy));
  const an = (kind: string) => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);
  const name = `${inc.id ?? 'report'}.${format}`;
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (st?.isDirectory()) {
    const where = format === 'md' && recordFolder(inRepo(path.join(file, name))) ? path.relative(cwd, path.join(repo.root, name)) || name : path.join(shown, name);
    throw new Refusal(`${shown} is a folder: name the report's file (--output ${where})`);
  }
  // Never over a record, nor a new Markdown file in a record folder, and over any other file only when asked (--force).
  const rel = inRepo(file);
  if (result.index.get(rel)) throw new Refusal(`${shown} is a record: export writes a report, never over a record`);
  const kind = recordFolder(rel);
  if (kind) throw new Refusal(`${shown} is in ${an(kind)} folder, where every Markdown file is read as ${an(kind)} record: write the report elsewhere (--output ${path.relative(cwd, path.join(repo.root, name)) || name})`);
  const force = args.bools.has('force');
  if (force && st?.isSymbolicLink()) throw new Refusal(`${shown} is a link: export does not write through links`);
  try {
    fs.writeFileSync(file, report, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new Refusal(`${shown} exists: pass --force to replace it`);
    throw new Refusal(`cannot write ${shown}: ${code === 'EISDIR' ? 'it is a folder' : code === 'ENOENT' ? 'no such folder' : (e as Error).message}`);
  }
  out(`${shown}: ${format === 'html' ? 'HTML' : 'Markdown'} report of ${inc.id ?? inc.path}${review ? ` with ${review.path}` : ''}\n`);
  return 0;
}
