/**
 * A fast parser for the plain subset of YAML that record front matter is written in: block mappings and
 * sequences, plain and one-line quoted scalars, one-line flow sequences and flow mappings with plain keys, of
 * scalars and of each other (`targets: { mitigate: 1h }`, `business: { days: [mon, tue] }`), comments.
 * Anything outside that subset (anchors, tags, block scalars, multi-line scalars and flow collections, tabs,
 * duplicate keys, ...) makes it give up and return undefined, and the caller uses the `yaml` package.
 * Where it does answer, it agrees with `yaml`'s YAML 1.2 core schema: the property tests in
 * test/unit/yaml-fast.test.ts compare the two on generated and mutated documents.
 */
import { MAX_YAML_DEPTH, type KeySet, type YMap, type YNode, type YPair, type YScalar, type YSeq } from './ast';
import { resolvePlain } from './scalar';

class GiveUp extends Error {}

/** The one-character escapes of double-quoted scalars (YAML 1.2). */
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ', b: '\b', e: '\x1b', f: '\f', v: '\v', a: '\x07', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029' };
const giveUp = (): never => { throw new GiveUp(); };
/** Flow collections nested deeper than this on one line are left to yaml. */
const FLOW_DEPTH = 8;

interface Line { start: number; end: number; indent: number; blank: boolean; /** tab, stray CR or BOM: outside the subset */ bad: boolean }

const BAD_CHAR = /[\t\r\ufeff]/;
/** The characters a plain scalar cannot start with (indicators), by code: `{]}&*!|>%@\`,?:#`. */
const NOT_PLAIN_FIRST = new Uint8Array(128);
for (const ch of '{]}&*!|>%@`,?:#') NOT_PLAIN_FIRST[ch.charCodeAt(0)] = 1;
const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
/** A character of a plain key's word: [A-Za-z0-9_.$/-]. */
const isKeyChar = (c: number) => isAlnum(c) || c === 95 || c === 46 || c === 36 || c === 47 || c === 45;

/**
 * `skip`: top-level keys whose values are not parsed, only delimited by indentation (a shallow parse, for the
 * index's summaries). A skipped block sequence keeps its length (`count`: the index needs `timeline`'s length,
 * not its events); any other skipped value is a scalar of style `skipped`. A one-line value of a skipped key is
 * still read when it is in the subset (`timeline: []`), and skipped, not given up on, when it is not (except for
 * the keys whose length is read: `skip.counts`).
 */
export function parseFast(text: string, start: number, end: number, skip?: KeySet): YNode | null | undefined {
  try {
    return new FastParser(text, start, end, skip).parseDocument();
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

class FastParser {
  /** Lines are read lazily, as the parser reaches them: a skipped block never becomes Line objects. */
  private readonly lines: Line[] = [];
  private li = 0;
  private pos: number;

  /** Whether any line may hold a tab, a CR or a BOM (one native search, instead of a look at every character). */
  private readonly mayBeBad: boolean;

  constructor(private readonly text: string, start: number, private readonly end: number, private readonly skip?: KeySet) {
    this.pos = start;
    // Searched in the front matter only (a search of the whole text went on through the body).
    this.mayBeBad = BAD_CHAR.test(start === 0 && end === text.length ? text : text.slice(start, end));
  }

  private readLine(): Line {
    const text = this.text;
    const pos = this.pos;
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > this.end) nl = this.end;
    const realNewline = nl < text.length && text.charCodeAt(nl) === 10;
    let lineEnd = realNewline && nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let indent = 0;
    while (pos + indent < lineEnd && text.charCodeAt(pos + indent) === 32) indent++;
    let bad = false;
    if (this.mayBeBad) for (let i = pos; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 9 || c === 13 || c === 0xfeff) { bad = true; break; } // tabs, stray CR, BOM: leave to yaml
    }
    const first = text.charCodeAt(pos + indent);
    const blank = pos + indent >= lineEnd || first === 35; /* # */
    if (!blank) {
      // trim trailing spaces (never part of a plain scalar)
      while (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 32) lineEnd--;
    }
    this.pos = nl + 1;
    return { start: pos, end: lineEnd, indent, blank, bad };
  }

  private line(i: number): Line | undefined {
    while (this.lines.length <= i) {
      if (this.pos >= this.end) return undefined;
      this.lines.push(this.readLine());
    }
    return this.lines[i];
  }

  private peek(): Line | undefined {
    let l = this.line(this.li);
    while (l && l.blank) { if (l.bad) giveUp(); this.li++; l = this.line(this.li); }
    if (l?.bad) giveUp();
    return l;
  }

  /** A skipped key's value: its one-line value when the subset reads it, else the rest of the line and the block under it, unread. */
  private skipValue(key: string, at: number, lineEnd: number): YNode {
    let inline: YNode | undefined;
    try { inline = this.parseInline(at, lineEnd); } catch (e) {
      // A key whose length is read (timeline) is given up on, to yaml, when its value is outside the subset.
      if (!(e instanceof GiveUp) || this.skip?.counts?.(key)) throw e;
      inline = { type: 'scalar', start: at, end: lineEnd, value: null, style: 'skipped' };
    }
    const block = this.skipBlock(at, this.skip?.counts?.(key) === true);
    if (!inline) return block;
    if (block.type === 'scalar' && block.style === 'empty') return inline;
    return { type: 'scalar', start: inline.start, end: block.end, value: null, style: 'skipped' };
  }

  /**
   * Skips a top-level key's block value by indentation alone (raw text, no Line objects), counting a sequence's
   * items. `counted`: its length is read, so a stray CR in it (a line break to yaml, not here) gives up to yaml.
   */
  private skipBlock(at: number, counted = false): YSeq | YScalar {
    const t = this.text;
    // Rewind the lazy reader to the first line after the key.
    const next = this.line(this.li);
    if (next) { this.lines.length = this.li; this.pos = next.start; }
    let count = 0;
    let seqIndent = -1;
    let firstStart = -1;
    let lastEnd = -1;
    let pos = this.pos;
    while (pos < this.end) {
      let nl = t.indexOf('\n', pos);
      if (nl < 0 || nl > this.end) nl = this.end;
      if (counted && this.mayBeBad) {
        const cr = t.indexOf('\r', pos);
        if (cr >= 0 && cr < nl - 1) giveUp(); // a CR that does not end its line (the found seed: ' \r - x')
      }
      let indent = 0;
      while (pos + indent < nl && t.charCodeAt(pos + indent) === 32) indent++;
      const c = t.charCodeAt(pos + indent);
      const blank = pos + indent >= nl || c === 35 || c === 13;
      if (!blank) {
        const dash = c === 45 && (pos + indent + 1 >= nl || t.charCodeAt(pos + indent + 1) === 32 || t.charCodeAt(pos + indent + 1) === 13);
        if (indent === 0 && !dash) break;
        if (firstStart < 0) { firstStart = pos + indent; seqIndent = dash ? indent : -1; }
        if (dash && indent === seqIndent) count++;
        // A counted sequence's own column holds only its items: yaml ends the sequence at anything else there
        // (`    : x` is an empty key of the map above, without an error: the found seed '    - a\n    \t:  #x').
        else if (counted && seqIndent >= 0 && indent <= seqIndent) giveUp();
        let e = nl;
        while (e > pos && (t.charCodeAt(e - 1) === 13 || t.charCodeAt(e - 1) === 32)) e--;
        lastEnd = e;
      }
      pos = nl + 1;
    }
    this.pos = Math.min(pos, this.end);
    if (firstStart < 0) return { type: 'scalar', start: at, end: at, value: null, style: 'empty' };
    if (seqIndent < 0) return { type: 'scalar', start: firstStart, end: lastEnd, value: null, style: 'skipped' };
    return { type: 'seq', start: firstStart, end: lastEnd, items: [], flow: false, count };
  }

  parseDocument(): YNode | null {
    const first = this.peek();
    if (!first) return null;
    if (first.indent !== 0) giveUp();
    const node = this.parseBlock(0);
    if (this.peek()) giveUp();
    return node;
  }

  private isSeqLine(l: Line): boolean {
    const p = l.start + l.indent;
    return this.text.charCodeAt(p) === 45 && (p + 1 === l.end || this.text.charCodeAt(p + 1) === 32);
  }

  /** A block node whose first line is the next significant line, at exactly its indentation. */
  private parseBlock(indent: number): YNode {
    if (indent > 2 * MAX_YAML_DEPTH) giveUp(); // the full parse reports the nesting limit
    const l = this.peek()!;
    if (l.indent !== indent) giveUp();
    if (this.isSeqLine(l)) return this.parseSeq(indent);
    return this.parseMap(indent, l.start + indent);
  }

  /** A plain key (KEY: a word of [A-Za-z0-9_.$/-], words joined by single spaces) followed by `:` and a space or the line's end. */
  private matchKey(pos: number, lineEnd: number): YScalar | undefined {
    const t = this.text;
    const c0 = t.charCodeAt(pos);
    if (pos >= lineEnd || !(isAlnum(c0) || c0 === 95 || c0 === 36)) return undefined;
    let i = pos + 1;
    while (i < lineEnd && isKeyChar(t.charCodeAt(i))) i++;
    while (i + 1 < lineEnd && t.charCodeAt(i) === 32 && isKeyChar(t.charCodeAt(i + 1))) { i += 2; while (i < lineEnd && isKeyChar(t.charCodeAt(i))) i++; }
    const keyEnd = i;
    if (keyEnd >= lineEnd || t.charCodeAt(keyEnd) !== 58 /* : */) return undefined;
    if (keyEnd + 1 < lineEnd && t.charCodeAt(keyEnd + 1) !== 32) return undefined;
    const raw = t.slice(pos, keyEnd);
    const value = resolvePlain(raw);
    if (value !== raw) return undefined; // keys like `true:` or `1:`: leave to yaml
    return { type: 'scalar', start: pos, end: keyEnd, value, style: 'plain' }; // its value starts after the `:`, at end + 1
  }

  /** A block mapping whose keys sit at column `indent`; the first key starts at `firstKeyPos` (may be after `- `). */
  private parseMap(indent: number, firstKeyPos: number): YMap {
    const items: YPair[] = [];
    let keyPos = firstKeyPos;
    let seen: Set<string> | undefined; // made only for a large mapping: a search of a few keys costs less
    for (;;) {
      const l = this.line(this.li)!;
      const key = this.matchKey(keyPos, l.end);
      if (!key) giveUp();
      const keyText = key!.value as string;
      const after = key!.end + 1;
      // Duplicate keys: let yaml report them.
      if (seen) { if (seen.has(keyText)) giveUp(); seen.add(keyText); }
      else {
        // Lengths first: most keys differ in length, and a length is read inline where a string comparison is a call.
        for (let j = 0; j < items.length; j++) { const k = items[j].key.value as string; if (k.length === keyText.length && k === keyText) giveUp(); }
        if (items.length === 32) seen = new Set(items.map((p) => String(p.key.value)).concat(keyText));
      }
      this.li++;
      let value: YNode | undefined = indent === 0 && this.skip?.has(keyText) ? this.skipValue(keyText, after, l.end) : this.parseInline(after, l.end);
      if (!value) {
        const next = this.peek();
        if (next && next.indent > indent) value = this.parseBlock(next.indent);
        else if (next && next.indent === indent && this.isSeqLine(next)) value = this.parseSeq(indent);
        else value = { type: 'scalar', start: after, end: after, value: null, style: 'empty' };
      }
      items.push({ key: key!, value });
      const next = this.peek();
      if (!next || next.indent < indent) break;
      if (next.indent > indent || this.isSeqLine(next)) giveUp();
      keyPos = next.start + indent;
    }
    const last = items[items.length - 1];
    return { type: 'map', start: items[0].key.start, end: Math.max(last.value.end, last.key.end + 1), items, flow: false };
  }

  private parseSeq(indent: number): YSeq {
    const items: YNode[] = [];
    let start = -1;
    for (;;) {
      const l = this.peek();
      if (!l || l.indent !== indent || !this.isSeqLine(l)) break;
      const dash = l.start + indent;
      if (start < 0) start = dash;
      let p = dash + 1;
      while (p < l.end && this.text.charCodeAt(p) === 32) p++;
      if (p >= l.end || this.text.charCodeAt(p) === 35) {
        this.li++;
        const next = this.peek();
        if (next && next.indent > indent) items.push(this.parseBlock(next.indent));
        else items.push({ type: 'scalar', start: dash + 1, end: dash + 1, value: null, style: 'empty' });
      } else if (this.matchKey(p, l.end)) {
        items.push(this.parseMap(p - l.start, p));
      } else {
        if (this.text.charCodeAt(p) === 45 && (p + 1 === l.end || this.text.charCodeAt(p + 1) === 32)) giveUp(); // nested compact sequence
        this.li++;
        items.push(this.parseInline(p, l.end)!);
      }
      const next = this.peek();
      if (next && next.indent > indent) giveUp();
    }
    if (start < 0) giveUp();
    return { type: 'seq', start, end: items[items.length - 1].end, items, flow: false };
  }

  /** The value on the rest of a line; undefined when there is none (only spaces or a comment). */
  private parseInline(pos: number, end: number): YNode | undefined {
    const t = this.text;
    while (pos < end && t.charCodeAt(pos) === 32) pos++;
    if (pos >= end || t.charCodeAt(pos) === 35) return undefined;
    const c = t[pos];
    let node: YNode;
    let after: number;
    if (c === '"') [node, after] = this.doubleQuoted(pos, end);
    else if (c === "'") [node, after] = this.singleQuoted(pos, end);
    else if (c === '[') [node, after] = this.flowSeq(pos, end, 1);
    else if (c === '{') [node, after] = this.flowMap(pos, end, 1);
    else {
      const c0 = t.charCodeAt(pos);
      if (c0 < 128 && NOT_PLAIN_FIRST[c0]) giveUp();
      if (c0 === 45 /* - */ && (pos + 1 === end || t.charCodeAt(pos + 1) === 32)) giveUp();
      let stop = end;
      for (let j = pos + 1; j < end; j++) if (t.charCodeAt(j) === 35 && t.charCodeAt(j - 1) === 32) { stop = j; break; }
      while (stop > pos && t.charCodeAt(stop - 1) === 32) stop--;
      // `: ` inside or `:` at the end: a mapping, not a scalar (a character scan: `includes` on each value was a
      // fifth of this function).
      for (let j = pos + 1; j < stop; j++) if (t.charCodeAt(j) === 58 && (j + 1 === stop || t.charCodeAt(j + 1) === 32)) giveUp();
      const raw = t.slice(pos, stop);
      node = { type: 'scalar', start: pos, end: stop, value: resolvePlain(raw), style: 'plain' };
      after = end;
    }
    this.expectLineRest(after, end);
    return node;
  }

  private expectLineRest(pos: number, end: number): void {
    const t = this.text;
    if (pos >= end) return;
    if (t.charCodeAt(pos) !== 32) giveUp();
    while (pos < end && t.charCodeAt(pos) === 32) pos++;
    if (pos < end && t.charCodeAt(pos) !== 35) giveUp();
  }

  private doubleQuoted(pos: number, end: number): [YScalar, number] {
    const t = this.text;
    // Runs without escapes are copied as slices, not character by character (a string built with += is a chain
    // the engine must flatten, and allocate, before it can hash or compare it).
    let out = '';
    let run = pos + 1;
    let i = pos + 1;
    for (;;) {
      if (i >= end) giveUp(); // multi-line or unterminated
      const c = t.charCodeAt(i);
      if (c === 34 /* " */) break;
      if (c === 92 /* \ */) {
        out += t.slice(run, i);
        const e = t[i + 1];
        if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) { out += ESCAPES[e]; i += 2; run = i; continue; }
        const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (!len) giveUp();
        const hex = t.slice(i + 2, i + 2 + len);
        if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) giveUp();
        out += String.fromCodePoint(cp);
        i += 2 + len;
        run = i;
        continue;
      }
      i++;
    }
    out = run === pos + 1 ? t.slice(run, i) : out + t.slice(run, i);
    return [{ type: 'scalar', start: pos, end: i + 1, value: out, style: 'double' }, i + 1];
  }

  private singleQuoted(pos: number, end: number): [YScalar, number] {
    const t = this.text;
    let out = '';
    let run = pos + 1;
    let i = pos + 1;
    for (;;) {
      if (i >= end) giveUp();
      if (t.charCodeAt(i) === 39 /* ' */) {
        if (i + 1 < end && t.charCodeAt(i + 1) === 39) { out += t.slice(run, i + 1); i += 2; run = i; continue; }
        break;
      }
      i++;
    }
    out = run === pos + 1 ? t.slice(run, i) : out + t.slice(run, i);
    return [{ type: 'scalar', start: pos, end: i + 1, value: out, style: 'single' }, i + 1];
  }

  /** `{ key: value, ... }` on one line: plain keys; plain or quoted values or flow collections; anything else is left to yaml. */
  private flowMap(pos: number, end: number, depth: number): [YMap, number] {
    const t = this.text;
    const items: YPair[] = [];
    const seen = new Set<string>();
    let i = pos + 1;
    const skip = () => { while (i < end && t.charCodeAt(i) === 32) i++; };
    skip();
    if (t[i] === '}') return [{ type: 'map', start: pos, end: i + 1, items, flow: true }, i + 1];
    for (;;) {
      skip();
      const ks = i;
      while (i < end && /[A-Za-z0-9_-]/.test(t[i])) i++;
      if (i === ks || t[i] !== ':' || t[i + 1] !== ' ') giveUp();
      const name = t.slice(ks, i);
      if (resolvePlain(name) !== name || seen.has(name)) giveUp(); // `true:`, `1:` keys; duplicates: yaml reports them
      seen.add(name);
      const key: YScalar = { type: 'scalar', start: ks, end: i, value: name, style: 'plain' };
      i++;
      skip();
      let value: YNode;
      [value, i] = this.flowValue(i, end, '}', depth);
      items.push({ key, value });
      skip();
      if (t[i] === ',') { i++; skip(); if (t[i] === '}') giveUp(); continue; }
      if (t[i] === '}') return [{ type: 'map', start: pos, end: i + 1, items, flow: true }, i + 1];
      giveUp();
    }
  }

  /** A value inside a one-line flow collection: a collection (at most FLOW_DEPTH deep) or a scalar. */
  private flowValue(i: number, end: number, close: ']' | '}', depth: number): [YNode, number] {
    const c = this.text[i];
    if (c !== '[' && c !== '{') return this.flowScalar(i, end, close);
    if (depth >= FLOW_DEPTH) giveUp();
    return c === '[' ? this.flowSeq(i, end, depth + 1) : this.flowMap(i, end, depth + 1);
  }

  /** A scalar inside a one-line flow collection that `close` ends: quoted, or plain up to `,` or `close`. */
  private flowScalar(i: number, end: number, close: ']' | '}'): [YScalar, number] {
    const t = this.text;
    const c = t[i];
    if (c === '"') return this.doubleQuoted(i, end);
    if (c === "'") return this.singleQuoted(i, end);
    if (i >= end || '[]{},&*!|>%@`?:#-'.includes(c)) giveUp();
    let j = i;
    // A `:` followed by anything but a space or a flow indicator is part of the scalar (`schedule:payments`).
    while (j < end && (!'[]{},#:'.includes(t[j]) || (t[j] === ':' && j + 1 < end && !' ,[]{}'.includes(t[j + 1])))) j++;
    if (j >= end || (t[j] !== ',' && t[j] !== close)) giveUp();
    let stop = j;
    while (stop > i && t.charCodeAt(stop - 1) === 32) stop--;
    return [{ type: 'scalar', start: i, end: stop, value: resolvePlain(t.slice(i, stop)), style: 'plain' }, j];
  }

  private flowSeq(pos: number, end: number, depth: number): [YSeq, number] {
    const t = this.text;
    const items: YNode[] = [];
    let i = pos + 1;
    const skip = () => { while (i < end && t.charCodeAt(i) === 32) i++; };
    skip();
    if (t[i] === ']') return [{ type: 'seq', start: pos, end: i + 1, items, flow: true }, i + 1];
    for (;;) {
      skip();
      if (i >= end) giveUp();
      let item: YNode;
      [item, i] = this.flowValue(i, end, ']', depth);
      items.push(item);
      skip();
      if (t[i] === ',') { i++; skip(); if (t[i] === ']') giveUp(); continue; }
      if (t[i] === ']') return [{ type: 'seq', start: pos, end: i + 1, items, flow: true }, i + 1];
      giveUp();
    }
  }
}
