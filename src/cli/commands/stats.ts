/** `hindsight stats`: response metrics per severity and per month, reviews due, open action items. */
import { computeStats, formatDuration, METRIC_LABELS, METRIC_NAMES, type Aggregate, type Stats, type StatsRow } from '../../core/index';
import { nowOf, one, UsageError, type ParsedArgs } from '../args';
import { openRepo, scan, warnUnread } from '../repo';
import { markdownText } from '../output';

export const STATS_SPEC = { values: ['format', 'since', 'now'], bools: ['help'] };

const dur = (ms: number | undefined) => (ms === undefined ? '-' : formatDuration(ms));
/** One line of file-provided text for a table cell: no line breaks, no control characters, no `|`. */
export const plainCell = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\|/g, '\\|');
const metCell = (a: Aggregate) => (a.withTarget ? `${a.met}/${a.withTarget}` : '-');

function tableRows(rows: StatsRow[], cell: (s: string) => string): string[][] {
  return rows.map((r) => [cell(r.key), String(r.count), ...METRIC_NAMES.flatMap((n) => [`${dur(r.metrics[n].median)} / ${dur(r.metrics[n].p90)}`, metCell(r.metrics[n])])]);
}
const HEADER = ['', 'incidents', ...METRIC_NAMES.flatMap((n) => [`${METRIC_LABELS[n]} median / p90`, 'met'])];

function markdownTable(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}

function textTable(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

export function formatStats(s: Stats, format: 'text' | 'markdown'): string {
  const table = format === 'markdown' ? markdownTable : textTable;
  // The repo's text in Markdown output is literal text (an owner written as <img src=x onerror=...> stays text).
  const cell = format === 'markdown' ? markdownText : plainCell;
  const h = (t: string) => (format === 'markdown' ? `## ${t}\n\n` : `${t}\n`);
  const gap = '\n';
  let out = format === 'markdown' ? '# Incident metrics\n\n' : '';
  out += `${s.incidents} incident${s.incidents === 1 ? '' : 's'}${s.since ? ` since ${cell(s.since)}` : ' (all time; --since DATE for a period)'}, ${s.active} active. Times from detected (or started); median / p90; met: targets met of those with a target.\n${gap}`;
  out += h('By severity') + table(['severity', ...HEADER.slice(1)], tableRows(s.bySeverity, cell)) + gap;
  if (s.byPriority.length) out += h('By priority') + table(['priority', ...HEADER.slice(1)], tableRows(s.byPriority, cell)) + gap;
  if (s.byCategory.length) out += h('By category') + table(['category', ...HEADER.slice(1)], tableRows(s.byCategory, cell)) + gap;
  out += h('By month (UTC, by start)') + table(['month', ...HEADER.slice(1)], tableRows(s.byMonth, cell)) + gap;
  out += h('Reviews due');
  out += s.reviewsDue.length ? s.reviewsDue.map((r) => `${format === 'markdown' ? '- ' : '  '}${cell(r.id ?? r.path)} (${cell(r.path)}): due ${new Date(r.dueMs).toISOString().slice(0, 10)}`).join('\n') + '\n' : `${format === 'markdown' ? '' : '  '}none\n`;
  out += gap + h('Action items');
  const a = s.actionItems;
  out += `${format === 'markdown' ? '' : '  '}${a.open} open (${a.overdue} overdue), ${a.done} done. Open by age: ${a.byAge.map((b) => `${b.bucket}: ${b.count}`).join(', ')}.\n`;
  if (a.byOwner.length) out += (format === 'markdown' ? '\n' : '') + table(['owner', 'open', 'overdue'], a.byOwner.map((o) => [cell(o.owner), String(o.open), String(o.overdue)]));
  return out;
}

export function runStats(args: ParsedArgs, cwd: string, out: (s: string) => void): number {
  const format = one(args, 'format') ?? 'text';
  if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError(`--format: '${format}' is not one of text, json, markdown`);
  const now = nowOf(args);
  const since = one(args, 'since');
  if (since !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(since)) throw new UsageError(`--since: '${since}' is not a date like 2026-01-01`);
  if (args.positional.length > 1) throw new UsageError('usage: hindsight stats [PATH] [--format text|json|markdown] [--since DATE]');
  const repo = openRepo(args.positional[0] ?? cwd, 'stats');
  let stats: Stats;
  const result = scan(repo);
  warnUnread('stats', result);
  try { stats = computeStats(result.index, repo.policy, { now, since }); } catch (e) { throw new UsageError(`--since: ${(e as Error).message}`); }
  out(format === 'json' ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats, format as 'text' | 'markdown'));
  return 0;
}
