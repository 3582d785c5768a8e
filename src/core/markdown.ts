/**
 * The fast heading scan, for the paths that read thousands of files (the index, full validation): a linear line
 * scan that finds the headings CommonMark + GFM (remark, GitHub) find, with their levels and lines, and nothing
 * else. It knows what hides or makes headings: ATX and setext headings, fenced code (a backtick fence's info
 * string holds no backtick, so "```x``` text" is inline code), indented code, HTML blocks (comments included),
 * list items (their content indentation; lazy continuation lines), block quotes (headings inside them are not
 * the document's: skipped), paragraphs (what a setext underline needs; `10.` and empty items cannot interrupt
 * one). `test/unit/markdown-scan.test.ts` holds it to remark over the corpus and generated documents.
 * Files read one at a time on demand are parsed with remark instead (mdast.ts). Code ranges and list items are
 * tracked only to find headings and are not exposed: nothing on the many-files path needs them.
 */

export interface Heading {
  level: number; text: string;
  /** Offset of the heading's first line (a setext heading's text line). */
  start: number;
  /** Offset where the heading's last line ends (before its line break). */
  end: number;
  /** Offset of the line after the heading (after a setext heading's underline). */
  next: number;
  /** 1-based line of `start` in the whole text. */
  line: number;
}

const HTML6 = new Set('address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul'.split(' '));
const HTML7 = /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

/** The end condition of an HTML block starting at `s` (the line from its first non-space), or undefined. */
function htmlStart(s: string, inPara: boolean): RegExp | 'blank' | undefined {
  if (s.charCodeAt(0) !== 60) return undefined;
  if (/^<(?:script|pre|style|textarea)(?:\s|>|$)/i.test(s)) return /<\/(?:script|pre|style|textarea)>/i;
  if (s.startsWith('<!--')) return /-->/;
  if (s.startsWith('<?')) return /\?>/;
  if (/^<![A-Za-z]/.test(s)) return />/;
  if (s.startsWith('<![CDATA[')) return /\]\]>/;
  const m = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s|\/?>|$)/.exec(s);
  if (m && HTML6.has(m[1].toLowerCase())) return 'blank';
  if (!inPara && HTML7.test(s)) return 'blank';
  return undefined;
}

export function scanHeadings(text: string, from: number, to = text.length): Heading[] {
  const out: Heading[] = [];
  let line = text.slice(0, from).split('\n').length;
  let fence: { ch: number; len: number; container: number } | null = null;
  let html: RegExp | 'blank' | null = null;
  let htmlContainer = 0;
  let table = false;
  let afterCode = false;
  /** Content columns of the open list items, innermost last. */
  const items: number[] = [];
  let para: { start: number; line: number; lines: string[]; defs: boolean } | null = null;
  let quoteLazy = false; // a paragraph inside a block quote continues lazily (its lines are not ours)
  for (let pos = from; pos < to; line++) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > to) nl = to;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const start = pos;
    pos = nl + 1;
    // Columns of leading whitespace (tabs to the next multiple of 4).
    let i = start, col = 0;
    for (; i < end; i++) { const c = text.charCodeAt(i); if (c === 32) col++; else if (c === 9) col += 4 - (col % 4); else break; }
    const blank = i === end;
    const rest = text.slice(i, end);
    if (fence) {
      // A fence ends at its closing fence, or where its list item ends (a line less indented than the item).
      if (blank) continue;
      if (col >= fence.container) {
        let j = i; while (j < end && text.charCodeAt(j) === fence.ch) j++;
        if (j - i >= fence.len && col - fence.container < 4 && text.slice(j, end).trim() === '') fence = null;
        continue;
      }
      fence = null;
    }
    if (html && !blank && col < htmlContainer) { html = null; } // its list item ended
    if (html) {
      if (html === 'blank') { if (blank) { html = null; para = null; } continue; }
      if (html.test(rest)) html = null;
      continue;
    }
    if (blank) { para = null; quoteLazy = false; table = false; afterCode = false; continue; }
    // GFM table rows, until a line that starts a block (indented code included: remark ends the table there)
    if (table) { if (col - (items.length ? items[items.length - 1] : 0) < 4 && !blockStart(rest, col, false)) continue; table = false; }
    // Close the list items this line is not indented into (unless it continues a paragraph lazily).
    let inner = items.length ? items[items.length - 1] : 0;
    const block = blockStart(rest, col - inner, !!para, col < inner);
    if (col < inner) {
      if (para && !block) {
        // A lazy line: the item's paragraph continues, except that remark reads a lone HTML tag here as an HTML
        // block inside the item (it lasts until a blank line or the item's end).
        if (HTML7.test(rest)) { html = 'blank'; htmlContainer = inner; para = null; } else para.lines.push(rest);
        continue;
      }
      while (items.length && col < items[items.length - 1]) items.pop();
      para = null; // the paragraph was the item's
      inner = items.length ? items[items.length - 1] : 0;
    }
    let rel = col - inner;
    let s = rest;
    if (quoteLazy) { // a line after a block quote's paragraph: lazily the quote's (remark reads a lone tag there as the quote's HTML)
      if (!htmlStart(s, true) && HTML7.test(s)) { quoteLazy = false; continue; }
      if (!blockStart(s, rel, true)) continue;
      quoteLazy = false;
    }
    const interrupting = !!para || afterCode;
    afterCode = false;
    // List item markers (possibly several: "1. - foo"), each opening an item whose content column follows it.
    for (let k = 0; k < 10 && rel < 4; k++) {
      const m = /^(?:[-+*]|(\d{1,9})[.)])(?=[ \t]|$)/.exec(s);
      if (!m || thematic(s)) break;
      const after = s.slice(m[0].length);
      const sp = /^[ \t]*/.exec(after)![0].length;
      const empty = after.trim() === '';
      if (interrupting && k === 0 && (empty || (m[1] !== undefined && m[1] !== '1'))) break; // cannot interrupt a paragraph (nor, in remark, indented code)
      if (para && k === 0 && setextUnder(s) === 2) break; // "Foo\n-" is a setext heading
      const w = empty ? 1 : sp >= 5 ? 1 : sp;
      const contentCol = col + m[0].length + w;
      items.push(contentCol);
      para = null;
      s = empty ? '' : after.slice(Math.min(w, sp));
      col = contentCol; inner = contentCol; rel = 0;
      // more indentation inside the item's first line
      const more = /^[ \t]*/.exec(s)![0].length; col += more; rel += more; s = s.slice(more);
    }
    if (!s) { para = null; continue; }
    if (rel >= 4) { if (para) para.lines.push(s); else afterCode = true; continue; } // a paragraph's continuation, or indented code
    const c = s.charCodeAt(0);
    if (c === 62) { // > block quote: not the document's headings; a paragraph in it takes lazy lines
      let q = s; while (q.charCodeAt(0) === 62) q = q.slice(1).trimStart();
      para = null; quoteLazy = q !== '' && !blockStart(q, 0, false) && !/^ {4}/.test(s.slice(1).replace(/^ /, '')); continue;
    }
    if (c === 96 || c === 126) { // ` ~
      let j = 0; while (j < s.length && s.charCodeAt(j) === c) j++;
      if (j >= 3 && !(c === 96 && s.indexOf('`', j) >= 0)) { fence = { ch: c, len: j, container: inner }; para = null; continue; }
    }
    const h = htmlStart(s, !!para);
    if (h) { html = h; htmlContainer = 0; para = null; if (h !== 'blank' && h.test(s.slice(4))) html = null; continue; }
    if (c === 35) { // # ATX
      let j = 0; while (j < s.length && s.charCodeAt(j) === 35) j++;
      if (j <= 6 && (j === s.length || s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9)) {
        const t = s.slice(j).replace(/(^|[ \t])#+[ \t]*$/, '').trim();
        out.push({ level: j, text: clean(t), start, end, next: Math.min(pos, to), line });
        para = null; continue;
      }
    }
    if (para && !para.defs) { // a paragraph of link reference definitions only has no setext heading
      const u = setextUnder(s);
      if (u) { out.push({ level: u, text: clean(para.lines.join(' ').trim()), start: para.start, end, next: Math.min(pos, to), line: para.line }); para = null; continue; }
    }
    if (thematic(s)) { para = null; continue; }
    if (para && !para.defs && delimiterRow(s, para.lines[para.lines.length - 1])) { table = true; para = null; continue; }
    if (para && !(para.defs && !DEF.test(s))) para.lines.push(s); else para = { start, line, lines: [s], defs: DEF.test(s) };
  }
  return out;
}

/** Does this line (from its first non-space, `rel` columns into its container) start a block that ends a paragraph? */
function blockStart(s: string, rel: number, inPara: boolean, outside = false): boolean {
  if (rel >= 4) return false;
  const c = s.charCodeAt(0);
  if (c === 62 || thematic(s)) return true;
  if (c === 35 && /^#{1,6}(?:[ \t]|$)/.test(s)) return true;
  if ((c === 96 || c === 126) && /^(`{3,}(?!.*`)|~{3,})/.test(s)) return true;
  if (htmlStart(s, inPara)) return true;
  const m = /^(?:[-+*]|(\d{1,9})[.)])(?:[ \t]+\S)/.exec(s);
  return !!m && (m[1] === undefined || m[1] === '1' || outside); // `10.` interrupts only a paragraph of another container
}

/** A GFM table's delimiter row under a header row with as many cells. */
function delimiterRow(s: string, header: string): boolean {
  if (!s.includes('|') && !header.includes('|')) return false;
  if (!/^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/.test(s)) return false;
  const cells = (x: string) => x.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/).length;
  return cells(s) === cells(header);
}
const DEF = /^\[[^\]]+\]:/;
function thematic(s: string): boolean { return /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/.test(s); }
function setextUnder(s: string): number { return /^=+[ \t]*$/.test(s) ? 1 : /^-+[ \t]*$/.test(s) ? 2 : 0; }
/** A heading's text without link syntax: `[Cloudflare](https://...)` reads `Cloudflare`. */
function clean(t: string): string { return t.replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1'); }

/** Heading text reduced for comparison: case, punctuation, emphasis and numbering ignored. */
export function normalizeHeading(s: string): string {
  return s.toLowerCase().replace(/[*_`]/g, '').replace(/^\d+(\.\d+)*\.?\s+/, '').replace(/[^a-z0-9]+/g, ' ').trim();
}
