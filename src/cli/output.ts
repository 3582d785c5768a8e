/** Output formats for problems: text (like tsc/eslint), json, GitHub workflow commands, SARIF 2.1.0. */
import { CATALOG, LineIndex, type Problem } from '../core/index';

export interface PositionedProblem { file: string; line: number; column: number; endLine: number; endColumn: number; severity: Problem['severity']; code: string; message: string }

export function position(problems: Problem[], textOf: (file: string) => string | undefined): PositionedProblem[] {
  const indexes = new Map<string, LineIndex | null>();
  return problems.map((p) => {
    let li = indexes.get(p.file);
    if (li === undefined) { const t = textOf(p.file); li = t === undefined ? null : new LineIndex(t); indexes.set(p.file, li); }
    const s = li ? li.positionAt(p.start) : { line: 0, column: 0 };
    const e = li ? li.positionAt(p.end) : s;
    return { file: p.file, line: s.line + 1, column: s.column + 1, endLine: e.line + 1, endColumn: e.column + 1, severity: p.severity, code: p.code, message: p.message };
  });
}

/**
 * One line, no control characters (each shown as an escape, a line break too: `a\x0ab.md` is not `a b.md`):
 * nothing from a file can start a line of its own in our output.
 */
export function oneLine(s: string): string {
  return s.replace(/[\x00-\x1f\x7f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Our text output as GitHub Actions will read it in a job's log: a line that starts (after spaces) with `::` is a
 * workflow command, and `##[` anywhere a legacy one. Text from the repo (a file named `::error title=x::.md`, an
 * id `::add-mask::...`) must be neither: the first `:` of such a line and the `[` of `##[` are written as escapes.
 * JSON output keeps its syntax (`\u005b` inside its strings, the only place a `#` can be).
 */
export function guardText(s: string): string {
  // The runner trims every Unicode space (NBSP, U+3000, VT, FF, NEL ...) before it looks for `::`, and splits lines
  // at CR as well as LF (so does `^` here, with the m flag).
  return s.replace(/^([\s\u0085]*):(?=:)/gm, '$1\\x3a').replace(/##\[/g, '##\\x5b');
}
export function guardJson(s: string): string {
  return s.replace(/##\[/g, '##\\u005b');
}

export function formatText(ps: PositionedProblem[], filesChecked: number): string {
  const lines = ps.map((p) => `${oneLine(p.file)}:${p.line}:${p.column}  ${p.severity.padEnd(7)}  ${oneLine(p.message)}  ${p.code}`);
  const errors = ps.filter((p) => p.severity === 'error').length;
  const warnings = ps.filter((p) => p.severity === 'warning').length;
  const files = new Set(ps.map((p) => p.file)).size;
  lines.push(ps.length === 0
    ? `No problems in ${filesChecked} record${filesChecked === 1 ? '' : 's'}.`
    : `${ps.length} problem${ps.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${files} file${files === 1 ? '' : 's'}; ${filesChecked} record${filesChecked === 1 ? '' : 's'} checked.`);
  return lines.join('\n') + '\n';
}

export function formatJson(ps: PositionedProblem[], filesChecked: number): string {
  return JSON.stringify({ files: filesChecked, problems: ps }, null, 2) + '\n';
}

/** Escaping as GitHub's @actions/core does: data escapes %, CR, LF; properties also : and ,. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(ps: PositionedProblem[], filesChecked: number): string {
  const out = ps.map((p) => {
    const kind = p.severity === 'error' ? 'error' : p.severity === 'warning' ? 'warning' : 'notice';
    const props = `file=${escapeProperty(p.file)},line=${p.line},endLine=${p.endLine},col=${p.column},endColumn=${p.endColumn},title=${escapeProperty(`hindsight ${p.code}`)}`;
    return `::${kind} ${props}::${escapeData(p.message)}`;
  });
  const errors = ps.filter((p) => p.severity === 'error').length;
  out.push(`hindsight: ${ps.length} problem(s), ${errors} error(s), in ${filesChecked} record(s)`);
  return out.join('\n') + '\n';
}

/**
 * The repo's text (file names, messages, owners) on one line of Markdown: every character Markdown or a table could
 * read as syntax becomes an entity (literal text, never a code span's end, a link, an autolink, an image, HTML,
 * emphasis or a cell's end).
 */
export function markdownText(s: string): string {
  // GitHub also links bare URLs, www. names and e-mail addresses (autolinks), found in the text as read, entities
  // decoded: an invisible word joiner (U+2060) before each `:` and `@` and inside `www.` leaves nothing to find.
  return oneLine(s).replace(/[\\`*_[\]()<>&|!~#]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/(www)(?=\.)/gi, '$1\u2060').replace(/[:@]/g, '\u2060$&');
}

/** A Markdown summary for $GITHUB_STEP_SUMMARY (GitHub shows at most 10 annotations of a kind per step). */
export function formatSummaryMarkdown(ps: PositionedProblem[], filesChecked: number): string {
  const esc = markdownText;
  const rows = ps.map((p) => `| ${p.severity} | <code>${esc(p.file)}:${p.line}</code> | ${esc(p.message)} | ${p.code} |`);
  return [`### Hindsight: ${ps.length} problem(s) in ${filesChecked} record(s)`, '', ...(ps.length ? ['| | Where | Problem | Code |', '|---|---|---|---|', ...rows] : ['No problems.']), ''].join('\n');
}

export function formatSarif(ps: PositionedProblem[], version: string): string {
  const ruleIds = [...new Set(ps.map((p) => p.code))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'hindsight', version, informationUri: 'https://github.com/hindsight/hindsight', rules: ruleIds.map((id) => ({ id, shortDescription: { text: CATALOG[id]?.description ?? id }, defaultConfiguration: { level: level(CATALOG[id]?.severity ?? 'error') } })) } },
      results: ps.map((p) => ({
        ruleId: p.code,
        ruleIndex: ruleIds.indexOf(p.code),
        level: level(p.severity),
        message: { text: p.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: p.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' }, region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn } } }],
      })),
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function level(s: Problem['severity']): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}
