/**
 * `hindsight sla`: every open incident's clocks (acknowledge, mitigate, resolve against the stricter of its
 * priority's and its severity's targets, in the priority's calendar) and its escalation steps, judged at `--now`.
 * Exit 1 when any target is breached: a scheduled CI job fails while an incident is past its target.
 */
import * as path from 'node:path';
import { parseRecord, planClocks, recordClockInput, slaEntry, sortSla, type SlaEntry } from '../../core/index';
import { nowOf, one, UsageError, type ParsedArgs } from '../args';
import { openRepo, scan, warnUnread } from '../repo';
import { plainCell } from './stats';
import { markdownText, oneLine } from '../output';

export const SLA_SPEC = { values: ['format', 'now'], bools: ['help'] };

export function runSla(args: ParsedArgs, cwd: string, out: (s: string) => void): number {
  const format = one(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown (got '${format}')`);
  const now = nowOf(args);
  if (args.positional.length > 1) throw new UsageError('sla takes one repo folder');
  const repo = openRepo(path.resolve(cwd, args.positional[0] ?? '.'), 'sla');
  const result = scan(repo, true);
  warnUnread('sla', result);
  const entries: SlaEntry[] = [];
  for (const r of result.index.all()) {
    if (r.kind !== 'incident' || !r.ok) continue; // a front matter that does not parse cannot be judged (validate says why)
    const text = result.texts.get(r.path);
    if (text === undefined) continue;
    const rec = parseRecord(r.path, text, repo.policy);
    const e = slaEntry(r, planClocks(recordClockInput(rec.root), repo.policy), now);
    if (e) entries.push(e);
  }
  sortSla(entries);
  const breached = entries.filter((e) => e.breached).length;
  if (format === 'json') {
    out(JSON.stringify({ now: new Date(now).toISOString(), open: entries.length, breached, atRisk: entries.filter((e) => e.atRisk && !e.breached).length, incidents: entries.map(({ mostUrgentDue: _d, ...e }) => e) }, null, 2) + '\n');
    return breached ? 1 : 0;
  }
  out(format === 'markdown' ? formatSlaMarkdown(entries, now) : formatSlaText(entries, now));
  return breached ? 1 : 0;
}

const MARK = { breached: '✗', 'at-risk': '!', running: ' ', met: '✓', missed: '✗' } as const;
/** The time judged at, in whole seconds. */
const atText = (now: number) => new Date(now).toISOString().slice(0, 19) + 'Z';

/** For $GITHUB_STEP_SUMMARY: one table row per open incident; the repo's text literal (markdownText). */
function formatSlaMarkdown(entries: SlaEntry[], now: number): string {
  const esc = markdownText;
  const lines = [`### Incident clocks at ${atText(now)}`, ''];
  if (!entries.length) return [...lines, 'No open incidents.', ''].join('\n');
  lines.push('| Incident | | Clocks | Escalation not logged |', '|---|---|---|---|');
  for (const e of entries) {
    const head = `${esc(e.id ?? e.path)}${e.title ? ` ${esc(e.title)}` : ''}<br><code>${esc(e.path)}</code>`;
    const facts = [e.priority, e.severity, e.status].filter((x): x is string => !!x).map(esc).concat(e.assignedTo ? [`with ${esc(e.assignedTo)}`] : []).join(' · ');
    const clocks = e.clocks.length ? e.clocks.map((c) => `${MARK[c.state]} ${esc(c.text)} (target ${esc(c.limit)}, due ${esc(c.due)})`.trim()).join('<br>') : 'no targets';
    const late = e.escalation.filter((st) => !st.reached && st.late).map((st) => `${esc(st.policy)} step ${st.step} to ${st.notify.map(esc).join(', ')}, due ${esc(st.due)}`).join('<br>');
    lines.push(`| ${head} | ${facts} | ${clocks} | ${late || '-'} |`);
  }
  const breached = entries.filter((e) => e.breached).length, risk = entries.filter((e) => e.atRisk && !e.breached).length;
  lines.push('', `${entries.length} open incident${entries.length === 1 ? '' : 's'}: ${breached} with a target breached, ${risk} more at risk.`, '');
  return lines.join('\n');
}

function formatSlaText(entries: SlaEntry[], now: number): string {
  if (!entries.length) return `No open incidents at ${atText(now)}.\n`;
  const lines: string[] = [];
  for (const e of entries) {
    // Everything from the files on this line as one line (a line break in an id or a file name shown as \x0a).
    const head = [oneLine(e.id ?? e.path), e.title ? oneLine(plainCell(e.title)) : undefined].filter(Boolean).join(' ');
    const facts = [e.priority, e.severity, e.status].filter((x): x is string => !!x).map(oneLine).concat(e.assignedTo ? [`with ${oneLine(plainCell(e.assignedTo))}`] : []).join(' · ');
    lines.push(`${head}${facts ? `  (${facts})` : ''}  ${oneLine(e.path)}`);
    if (!e.clocks.length) lines.push('  no targets (no priority or severity targets, or no started/detected time)');
    for (const c of e.clocks) {
      lines.push(`  ${MARK[c.state]} ${oneLine(`${c.text.padEnd(34)} target ${c.limit} (${c.source}${c.calendar ? `, ${c.calendar} calendar` : ''}), due ${c.due}`)}`);
    }
    for (const st of e.escalation) {
      if (st.reached || !st.late) continue;
      lines.push(`  ! ${oneLine(`escalation ${st.policy} step ${st.step} (${st.kind}) to ${st.notify.join(', ')} was due ${st.due}: not logged`)}`);
    }
  }
  const breached = entries.filter((e) => e.breached).length, risk = entries.filter((e) => e.atRisk && !e.breached).length;
  lines.push('', `${entries.length} open incident${entries.length === 1 ? '' : 's'}: ${breached} with a target breached, ${risk} more at risk (at ${atText(now)}).`);
  return lines.join('\n') + '\n';
}
