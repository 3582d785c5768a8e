/** Text helpers shared by the parser, the rules and the edits. Offsets are UTF-16 code units of the JS string. */

export interface Position { line: number; column: number } // both 0-based
export interface Range { start: number; end: number }
export interface TextEdit { start: number; end: number; text: string }

export type DecodeResult =
  | { ok: true; text: string; bom: boolean; invalidUtf8: boolean }
  | { ok: false; reason: 'binary' };

/** Decodes file bytes. Binary (a NUL byte in the first 8 KB) is refused; invalid UTF-8 is decoded with U+FFFD and flagged. */
export function decodeBytes(bytes: Uint8Array): DecodeResult {
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) if (bytes[i] === 0) return { ok: false, reason: 'binary' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  let invalidUtf8 = false;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    invalidUtf8 = true;
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  }
  return { ok: true, text, bom, invalidUtf8 };
}

/** Maps offsets to line/column; built lazily, once per text, only when a position is needed. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}
  private lineStarts(): number[] {
    if (!this.starts) {
      const s = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) s.push(i + 1);
      this.starts = s;
    }
    return this.starts;
  }
  positionAt(offset: number): Position {
    const s = this.lineStarts();
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, column: offset - s[lo] };
  }
  offsetAt(pos: Position): number {
    const s = this.lineStarts();
    if (pos.line >= s.length) return this.text.length;
    return Math.min(s[pos.line] + pos.column, this.text.length);
  }
  get lineCount(): number { return this.lineStarts().length; }
}

/** The line ending a text uses (the first one found), default LF. */
export function detectEol(text: string, from = 0): '\n' | '\r\n' {
  const i = text.indexOf('\n', from);
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos || e.end < e.start || e.end > text.length) throw new Error('overlapping or out-of-range edit');
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** The edit that undoes `edit` once it has been applied to `before`. */
export function inverseEdit(before: string, edit: TextEdit): TextEdit {
  return { start: edit.start, end: edit.start + edit.text.length, text: before.slice(edit.start, edit.end) };
}

/**
 * An id kept on one line where text wraps (a tooltip): a word joiner after each hyphen, so `INC-2026-0029` is not
 * broken into `INC-2026-` and `0029`. Invisible; for display only, never written to a file.
 */
export function unbreakableId(id: string): string {
  return id.replace(/-/g, '-\u2060');
}

/**
 * Text from files as Markdown that wraps between words (a tooltip): every ASCII punctuation Markdown gives a
 * meaning to escaped with a backslash, line breaks as spaces. VS Code's `appendText` writes spaces as `&nbsp;`,
 * so a long line of it can only wrap inside a word.
 */
export function wrappingMarkdownText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!~|<>&]/g, '\\$&');
}
