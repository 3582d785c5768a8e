/**
 * Front matter split by one linear scan over lines (no backtracking regex, no size-dependent surprises).
 * Only the first 256 lines are looked at for a missing opening delimiter; the closing delimiter is searched
 * to the end, line by line, so an unterminated `---` in a multi-MB file costs one pass.
 */
import type { Range } from './text';

export type FrontMatterKind =
  | 'none'          // no front matter
  | 'yaml'          // `---` ... `---` (or `...`)
  | 'unterminated'  // an opening `---` with no closing line
  | 'unsupported'   // `---js`, `---json`, `+++` (TOML): never evaluated, reported
  | 'missing-open'; // YAML-looking lines closed by `---`, but no opening `---`

export interface FrontMatterSplit {
  kind: FrontMatterKind;
  /** Offset where the text starts after a BOM (0 or 1). */
  textStart: number;
  /** The opening delimiter line (without its line break), when there is one. */
  open?: Range;
  /** The YAML content between the delimiters (kind 'yaml' and 'missing-open'). */
  content?: Range;
  /** The closing delimiter line (without its line break). */
  close?: Range;
  /** Where the Markdown body starts. */
  bodyStart: number;
  /** For 'unsupported': the language named after the delimiter. */
  language?: string;
}

/** A line break followed by what could be a closing delimiter. */
const CLOSE_CANDIDATE = /\n(?:---|\.\.\.)/g;

const KEY_LINE = /^[A-Za-z_][A-Za-z0-9_-]*\s*:(\s|$)/;

function isDelimiter(text: string, start: number, end: number, delim: string): boolean {
  if (end - start < 3 || !text.startsWith(delim, start)) return false;
  for (let i = start + 3; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function lineEnd(text: string, start: number): number {
  const nl = text.indexOf('\n', start);
  return nl < 0 ? text.length : nl;
}

function trimCr(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

export function splitFrontMatter(text: string): FrontMatterSplit {
  const textStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstEnd = lineEnd(text, textStart);
  const firstLine = text.slice(textStart, trimCr(text, textStart, firstEnd));

  if (firstLine.startsWith('+++') && firstLine.trim() === '+++') {
    return { kind: 'unsupported', textStart, open: { start: textStart, end: textStart + 3 }, bodyStart: textStart, language: 'toml' };
  }
  if (firstLine.startsWith('---') && !isDelimiter(text, textStart, firstEnd, '---')) {
    const lang = firstLine.slice(3).trim();
    if (/^[A-Za-z]+$/.test(lang)) {
      return { kind: 'unsupported', textStart, open: { start: textStart, end: textStart + firstLine.length }, bodyStart: textStart, language: lang.toLowerCase() };
    }
    return { kind: 'none', textStart, bodyStart: textStart };
  }
  if (isDelimiter(text, textStart, firstEnd, '---')) {
    const open = { start: textStart, end: trimCr(text, textStart, firstEnd) };
    const contentStart = Math.min(firstEnd + 1, text.length);
    let pos = contentStart;
    while (pos < text.length) {
      // Jump to the next line that starts with `---` or `...` (native search; most lines cannot close).
      if (!text.startsWith('---', pos) && !text.startsWith('...', pos)) {
        // One search for both (two indexOf calls would each run to the end of the body when `...` never comes).
        CLOSE_CANDIDATE.lastIndex = pos;
        const m = CLOSE_CANDIDATE.exec(text);
        if (!m) break;
        pos = m.index + 1;
      }
      const end = lineEnd(text, pos);
      if (isDelimiter(text, pos, end, '---') || isDelimiter(text, pos, end, '...')) {
        return {
          kind: 'yaml', textStart, open,
          content: { start: contentStart, end: pos },
          close: { start: pos, end: trimCr(text, pos, end) },
          bodyStart: Math.min(end + 1, text.length),
        };
      }
      pos = end + 1;
    }
    return { kind: 'unterminated', textStart, open, content: { start: contentStart, end: text.length }, bodyStart: text.length };
  }
  // No opening delimiter: front matter whose first `---` was lost? Only when every line up to a `---`
  // looks like YAML (a key, an indented continuation, a list item, a comment or blank) and the first is a key.
  if (!KEY_LINE.test(firstLine)) return { kind: 'none', textStart, bodyStart: textStart };
  let pos = textStart;
  for (let n = 0; n < 256 && pos < text.length; n++) {
    const end = lineEnd(text, pos);
    if (isDelimiter(text, pos, end, '---')) {
      return {
        kind: 'missing-open', textStart,
        content: { start: textStart, end: pos },
        close: { start: pos, end: trimCr(text, pos, end) },
        bodyStart: Math.min(end + 1, text.length),
      };
    }
    const line = text.slice(pos, trimCr(text, pos, end));
    const c = line.charCodeAt(0);
    const yamlish = line.trim() === '' || c === 32 || c === 9 || c === 35 /* # */ || line.startsWith('- ') || KEY_LINE.test(line);
    if (!yamlish) break;
    pos = end + 1;
  }
  return { kind: 'none', textStart, bodyStart: textStart };
}
