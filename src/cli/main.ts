/** The `hindsight` command. Exit codes: 0 ok, 1 problems found or the record cannot be changed as asked, 2 usage or tool failure. */
import { EditError } from '../core/index';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { Refusal, ToolError } from './repo';
import { WriteRefused } from '../node/recordWrite';
import { RepoFileRefused } from '../node/repo';
import { guardJson, guardText } from './output';
import { runValidate, VALIDATE_SPEC } from './commands/validate';
import { LOG_SPEC, runLog, runSet, SET_SPEC } from './commands/edit';
import { NEW_SPEC, runInit, runNew } from './commands/new';
import { runStats, STATS_SPEC } from './commands/stats';
import { EXPORT_SPEC, runExport } from './commands/export';
import { runSla, SLA_SPEC } from './commands/sla';

declare const HINDSIGHT_VERSION: string;
const VERSION = typeof HINDSIGHT_VERSION === 'string' ? HINDSIGHT_VERSION : '0.0.0-dev';

export const HELP = `hindsight ${VERSION}: incidents, runbooks and postmortems as code

Usage:
  hindsight validate [PATH...] [--format text|json|github|sarif] [--changed-since REV] [--now DATE] [--no-clock]
  hindsight sla [PATH] [--now DATE] [--format text|json|markdown]   (open incidents' clocks; exit 1 when a target is breached)
  hindsight new incident|review|runbook [--title T] [--severity S] [--service X]... [--incident ID [--author P]...]
                [--commander PERSON] [--role NAME=PERSON]...   (asks in a terminal without --title)
                [--impact I --urgency U] [--category C[/SUB]] [--detected now|HH:MM|ISO [--tz ZONE]]
  hindsight log INCIDENT [--at now|HH:MM|ISO] [--tz ZONE] [--kind K] [--by WHO] [--to TARGET,... [--escalation functional|hierarchical]] TEXT...
  hindsight set INCIDENT FIELD VALUE [--tz ZONE] [--by WHO]   (status, severity, impact, urgency, category, assigned_to, escalation, title, a milestone, any role)
  (HH:MM is today in --tz, else TZ, else the system's zone; more than 5 minutes ahead is refused)
  hindsight stats [PATH] [--format text|json|markdown] [--since DATE]
  hindsight export INCIDENT [--format md|html] [--output FILE [--force]]
  hindsight init [DIR]

Exit codes: 0 ok (warnings allowed), 1 errors found or the record cannot be changed as asked, 2 usage (an unknown
command, option or policy value, a malformed or future time) or tool failure.
Docs: docs/format.md (the file format and policy), docs/cli.md.
`;

const COMMANDS: Record<string, { spec: { values: string[]; bools: string[] }; run: (a: ParsedArgs, cwd: string, out: (s: string) => void) => number | Promise<number> }> = {
  validate: { spec: VALIDATE_SPEC, run: (a, c, o) => runValidate(a, c, o, VERSION) },
  new: { spec: NEW_SPEC, run: runNew },
  log: { spec: LOG_SPEC, run: runLog },
  set: { spec: SET_SPEC, run: runSet },
  stats: { spec: STATS_SPEC, run: runStats },
  sla: { spec: SLA_SPEC, run: runSla },
  export: { spec: EXPORT_SPEC, run: runExport },
  init: { spec: { values: [], bools: ['help'] }, run: runInit },
};

/** The exit code; a promise when the command asks in a terminal (`new incident` without --title). */
export function main(argv: string[], cwd: string, out: (s: string) => void, err: (s: string) => void): number | Promise<number> {
  const [cmd, ...rest] = argv;
  err = guardedErr(err); // what it says may quote an argument or a file (an unknown command, a path)
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') { out(HELP); return cmd ? 0 : 2; }
  if (cmd === '--version') { out(VERSION + '\n'); return 0; }
  const c = COMMANDS[cmd];
  if (!c) { err(`hindsight: unknown command '${cmd}'\n\n${HELP}`); return 2; }
  const failed = (e: unknown): number => {
    if (e instanceof UsageError) { err(`hindsight ${cmd}: ${e.message}\n`); return 2; }
    if (e instanceof ToolError) { err(`hindsight ${cmd}: ${e.message}\n`); return 2; }
    if (e instanceof Refusal || e instanceof EditError || e instanceof WriteRefused || e instanceof RepoFileRefused) { err(`hindsight ${cmd}: ${e.message}\n`); return 1; }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') { err(`hindsight ${cmd}: ${(e as Error).message}\n`); return 2; }
    err(`hindsight ${cmd}: internal error: ${(e as Error).message}\n${process.env.HINDSIGHT_DEBUG ? (e as Error).stack + '\n' : '(set HINDSIGHT_DEBUG=1 for a stack trace)\n'}`);
    return 2;
  };
  try {
    const args = parseArgs(rest, c.spec);
    if (args.bools.has('help')) { out(HELP); return 0; }
    const code = c.run(args, cwd, guarded(cmd, args, out));
    return typeof code === 'number' ? code : code.catch(failed);
  } catch (e) {
    return failed(e);
  }
}

/**
 * The command's output as a CI log may hold it: text and Markdown guarded (no line a workflow command), JSON and
 * SARIF guarded inside their strings; the github format writes workflow commands on purpose (its data escaped);
 * an exported report is a document, written as it is.
 */
function guarded(cmd: string, args: ParsedArgs, out: (s: string) => void): (s: string) => void {
  const format = args.flags.get('format')?.[0];
  if ((cmd === 'validate' && format === 'github') || cmd === 'export') return out;
  const guard = format === 'json' || format === 'sarif' ? guardJson : guardText;
  return (s) => out(guard(s));
}
function guardedErr(err: (s: string) => void): (s: string) => void { return (s) => err(guardText(s)); }

if (require.main === module) {
  const code = main(process.argv.slice(2), process.cwd(), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  if (typeof code === 'number') process.exitCode = code;
  else void code.then((c) => { process.exitCode = c; });
}
