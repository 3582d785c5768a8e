/**
 * The index's fast path: a record's summary straight from its text, without building a YAML tree.
 *
 * It reads only the top-level keys the index needs (the fields of RecordSummary), each written in the plain
 * subset real records use (one-line plain or quoted scalars, one-line flow sequences, block sequences of
 * scalars, `roles:` as a flat mapping, `action_items:` as a sequence of flat mappings). The blocks of every
 * other key, and `timeline:` (counted), are delimited by indentation and not parsed, as the shallow parse
 * already does for `timeline:`. Anything else (tabs, CRs, anchors, multi-line scalars, escapes in quotes,
 * duplicate keys, front matter that is not plain `---` ... `---`) makes it give up and return `undefined`;
 * the caller then takes the shallow parse (record.ts + summary.ts).
 *
 * Where it answers, it answers exactly what `summarize(parseRecord(..., { shallow: true }))` does: the
 * property tests in test/unit/summary-scan.test.ts compare the two on generated and mutated documents, on
 * examples/acme and on the corpus. Like the shallow parse, it does not look inside the blocks it skips, so
 * `ok` means "what the index reads parsed"; the full parse (validation, diagnostics) reports the rest.
 */
import { splitFrontMatter } from './frontmatter';
import { resolvePlain } from './yaml/scalar';
import { classify, parseRecord } from './record';
import { MILESTONES, type Milestone, type Policy } from './policy';
import { summarize, type ActionItemSummary, type RecordSummary } from './summary';

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();
const giveUp = (): never => { throw GIVE_UP; };

/** Top-level scalar keys the summary reads. */
const SCALAR_KEYS = new Set(['type', 'title', 'id', 'severity', 'status', 'commander', 'escalation', 'review', 'incident', 'date', 'owner', 'last_reviewed', 'review_every', ...MILESTONES]);
/** Top-level keys read as string lists (a sequence, or one scalar as a one-item list). */
const LIST_KEYS = new Set(['services', 'runbooks', 'authors', 'alerts']);

/** null: the key is absent or YAML null; a string: the scalar as text. */
type Scalar = string | null;

/** The summary of a record, or undefined when the text is outside what this scanner reads (use the shallow parse). */
export function scanSummary(path: string, text: string, policy: Policy): RecordSummary | null | undefined {
  const split = splitFrontMatter(text);
  if (split.kind !== 'yaml' || split.textStart !== 0) return undefined;
  try {
    return new Scanner(text, split.content!.start, split.content!.end).run(path, policy, split.bodyStart);
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

const isSpace = (c: number) => c === 32;
/** The text without its leading and trailing ASCII spaces (the only blanks left once tabs and CRs gave up). */
function trimSpaces(s: string): string {
  let a = 0, b = s.length;
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
const OUTSIDE = ['\r', '\t', '\0', '\ufeff'];
const COMMENT_LINES = /^ *#.*$/gm;

class Scanner {
  private pos: number;
  private readonly scalars = new Map<string, Scalar>();
  private readonly lists = new Map<string, string[]>();
  private roles: Map<string, Scalar> | null = null;
  private actionItems: ActionItemSummary[] = [];
  private timelineCount = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly text: string, start: number, private readonly end: number) { this.pos = start; }

  run(path: string, policy: Policy, bodyStart: number): RecordSummary | null {
    this.scan();
    const kind = classify(path, this.scalars.get('type') ?? undefined, policy);
    if (!kind) return null;
    const s = (k: string): string | undefined => this.scalars.get(k) ?? undefined;
    const milestones: Partial<Record<Milestone, string>> = {};
    if (kind === 'incident') for (const m of MILESTONES) { const v = s(m); if (v !== undefined) milestones[m] = v; }
    let title = s('title');
    if (title === undefined) {
      const m = /^#\s+(.+)$/m.exec(this.text.slice(bodyStart, bodyStart + 4096));
      if (m) title = m[1].trim();
    }
    const list = (k: string) => this.lists.get(k) ?? [];
    // The same fields, in the same order, as summarize() (the model compares summaries as JSON).
    return {
      path, kind, title,
      ok: true,
      id: s('id'), severity: s('severity'), status: s('status'),
      services: list('services'),
      commander: s('commander') ?? (this.roles?.get('commander') ?? undefined),
      escalation: s('escalation'), milestones,
      review: s('review'), runbooks: list('runbooks'),
      timelineCount: this.timelineCount,
      incident: s('incident'), authors: list('authors'), date: s('date'), actionItems: kind === 'review' ? this.actionItems : [],
      alerts: list('alerts'), owner: s('owner'), lastReviewed: s('last_reviewed'), reviewEvery: s('review_every'),
    };
  }

  // --- lines -----------------------------------------------------------------------------------------

  private lineStart = 0;
  private lineEnd = 0;
  private indent = 0;

  /** Moves to the next significant line (not blank, not a comment); false at the end. Sets lineStart/End/indent. */
  private next(): boolean {
    const t = this.text;
    while (this.pos < this.end) {
      const start = this.pos;
      let nl = t.indexOf('\n', start);
      if (nl < 0 || nl > this.end) nl = this.end;
      this.pos = nl + 1;
      let i = start;
      while (i < nl && isSpace(t.charCodeAt(i))) i++;
      if (i === nl) continue;
      const c = t.charCodeAt(i);
      if (c === 35 /* # */) continue;
      let e = nl;
      while (e > i && isSpace(t.charCodeAt(e - 1))) e--;
      this.lineStart = start; this.lineEnd = e; this.indent = i - start;
      return true;
    }
    return false;
  }

  /** Puts the current line back, so the next next() returns it again. */
  private unread(): void { this.pos = this.lineStart; }

  private isDash(p: number): boolean {
    return this.text.charCodeAt(p) === 45 && (p + 1 === this.lineEnd || this.text.charCodeAt(p + 1) === 32);
  }

  // --- the document ----------------------------------------------------------------------------------

  private scan(): void {
    const t = this.text;
    // A CR, a tab, a NUL or a BOM anywhere: outside the subset.
    for (const ch of OUTSIDE) { const i = t.indexOf(ch, this.pos); if (i >= 0 && i < this.end) giveUp(); }
    if (!this.next()) return; // empty front matter
    this.unread();
    while (this.next()) {
      if (this.indent !== 0) giveUp();
      const key = this.key(this.lineStart);
      if (!key) giveUp();
      if (this.seen.has(key!.name)) giveUp(); // duplicate keys: the full parse reports them
      this.seen.add(key!.name);
      this.value(key!.name, key!.after);
    }
  }

  /** `name:` at p, followed by a space or the end of the line. */
  private key(p: number): { name: string; after: number } | undefined {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return undefined;
    let i = p + 1;
    for (; i < this.lineEnd; i++) {
      const d = t.charCodeAt(i);
      if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 95 || d === 45)) break;
    }
    if (t.charCodeAt(i) !== 58 /* : */ || i >= this.lineEnd) return undefined;
    if (i + 1 < this.lineEnd && t.charCodeAt(i + 1) !== 32) return undefined;
    const name = t.slice(p, i);
    if (resolvePlain(name) !== name) return undefined; // `true:`, `null:`, `1:` ...
    return { name, after: i + 1 };
  }

  /** The value of a top-level key whose `:` ends at `after` on the current line. */
  private value(key: string, after: number): void {
    const t = this.text;
    let p = after;
    while (p < this.lineEnd && isSpace(t.charCodeAt(p))) p++;
    const inline = p < this.lineEnd && t.charCodeAt(p) !== 35;
    if (inline) {
      if (key === 'timeline' || LIST_KEYS.has(key)) {
        if (t.charCodeAt(p) === 91 /* [ */) {
          const items = this.flowSeq(p);
          if (key === 'timeline') this.timelineCount = items.length;
          else this.lists.set(key, items.filter((x): x is string => x !== null));
        } else {
          const v = this.scalar(p, this.lineEnd);
          if (LIST_KEYS.has(key)) this.lists.set(key, v === null ? [] : [v]);
        }
      } else if (key === 'roles' || key === 'action_items') {
        if (t.charCodeAt(p) === 91) { this.flowSeq(p); } else this.scalar(p, this.lineEnd); // not a mapping/sequence of maps: nothing to read
      } else {
        const v = t.charCodeAt(p) === 91 ? (this.flowSeq(p), null) : this.scalar(p, this.lineEnd);
        if (SCALAR_KEYS.has(key)) this.scalars.set(key, t.charCodeAt(p) === 91 ? null : v);
      }
      this.noContinuation();
      return;
    }
    // A block value (or nothing: null).
    if (key === 'timeline') { this.timelineCount = this.countBlock(); return; }
    if (LIST_KEYS.has(key)) { this.lists.set(key, this.blockScalarSeq()); return; }
    if (key === 'roles') { this.roles = this.blockFlatMap(); return; }
    if (key === 'action_items') { this.actionItems = this.blockItems(); return; }
    const from = this.pos;
    const end = this.skipBlock();
    if (SCALAR_KEYS.has(key)) {
      // Anything but blank lines and comments: a collection (or a multi-line scalar) where a scalar was expected.
      // Blank means spaces: YAML reads a line of U+00A0 (or any other Unicode space) as content.
      if (/[^ \n]/.test(this.text.slice(from, end).replace(COMMENT_LINES, ''))) giveUp();
      this.scalars.set(key, null);
    }
  }

  /** After a one-line value, the next line must be a new top-level key (else: a continuation, or an error). */
  private noContinuation(): void {
    // Nearly always the next line starts with a key's first letter: significant, at column 0, not a `- `.
    if (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) return;
    }
    if (!this.next()) return;
    this.unread();
    if (this.indent !== 0 || this.isDash(this.lineStart)) giveUp();
  }

  /**
   * Skips a block by indentation: up to the next line that starts at column 0 with anything but `- ` (a new
   * top-level key). Found with native string search, not line by line: blocks like `timeline:` are most of
   * the front matter. Returns the block's end. The quotes and brackets inside are not looked at: YAML does not
   * let a continuation line of a quoted scalar or a flow collection come back to the block's indentation (nor to
   * a sequence's, which countBlock relies on), so where the YAML is valid, indentation alone is right; where it
   * is not, validation reports the file (property-tested: test/unit/summary-scan.test.ts).
   */
  private skipBlock(): number {
    this.pos = this.blockEnd(this.pos, -1, 0);
    return this.pos;
  }

  /** Items counted by the last blockEnd() given a sequence indentation. */
  private items = 0;

  /**
   * Where the block that starts at `from` ends: the start of its first line at column 0 that is not blank, a
   * comment or a `- ` item (the end of the front matter when there is none). One pass over its line breaks
   * with native search; with `seqIndent` >= 0 the same pass counts the `- ` items at that indentation that start
   * at or after `first` (into this.items).
   */
  private blockEnd(from: number, seqIndent: number, first: number): number {
    const t = this.text;
    const end = this.end;
    let items = 0;
    for (let i = t.indexOf('\n', from > 0 ? from - 1 : 0); i >= 0 && i + 1 < end; i = t.indexOf('\n', i + 1)) {
      const c = t.charCodeAt(i + 1);
      if (c === 10 || c === 35 /* # */) continue;
      if (c === 32) { if (seqIndent > 0 && i >= first && this.itemAt(i + 1, seqIndent)) items++; continue; }
      if (c === 45 /* - */) {
        const d = t.charCodeAt(i + 2); // NaN after a `-` that ends the text: an item, as for `- `
        if (i + 2 < t.length && d !== 32 && d !== 10) { this.items = items; return i + 1; } // `-x`: a plain scalar at column 0
        if (seqIndent === 0 && i >= first) items++;
        continue;
      }
      this.items = items;
      return i + 1;
    }
    this.items = items;
    return end;
  }

  /** A `- ` item (or a `-` that ends the line) at exactly `indent` spaces, on the line that starts at p. */
  private itemAt(p: number, indent: number): boolean {
    const t = this.text;
    for (let k = 0; k < indent; k++) if (t.charCodeAt(p + k) !== 32) return false;
    const q = p + indent;
    if (t.charCodeAt(q) !== 45) return false;
    const after = t.charCodeAt(q + 1);
    return after === 32 || after === 10 || q + 1 === this.end;
  }

  /** Counts a block sequence's items (as the shallow parse's skip does): `- ` lines at the first line's indentation. */
  private countBlock(): number {
    const from = this.pos;
    if (!this.next()) return 0;
    const first = this.lineStart;
    const seqIndent = this.indent;
    if (this.indent === 0 && !this.isDash(this.lineStart)) { this.unread(); return 0; }
    if (!this.isDash(this.lineStart + this.indent)) giveUp();
    this.pos = this.blockEnd(from, seqIndent, first);
    return 1 + this.items;
  }

  /** `- scalar` lines at one indentation. */
  private blockScalarSeq(): string[] {
    const out: string[] = [];
    let seqIndent = -1;
    while (this.next()) {
      const p = this.lineStart + this.indent;
      const dash = this.isDash(p);
      if (this.indent === 0 && !dash) { this.unread(); break; }
      if (!dash) giveUp();
      if (seqIndent < 0) seqIndent = this.indent; else if (this.indent !== seqIndent) giveUp();
      let v = p + 1;
      while (v < this.lineEnd && isSpace(this.text.charCodeAt(v))) v++;
      if (v >= this.lineEnd) giveUp(); // `-` alone: a nested block
      const c = this.text.charCodeAt(v);
      if (c === 91 || c === 35 || this.isDash(v)) giveUp();
      const s = this.scalar(v, this.lineEnd);
      if (s !== null) out.push(s);
    }
    return out;
  }

  /** `key: scalar` lines at one indentation (roles). */
  private blockFlatMap(): Map<string, Scalar> | null {
    const out = new Map<string, Scalar>();
    let mapIndent = -1;
    while (this.next()) {
      if (this.indent === 0) { if (this.isDash(this.lineStart)) giveUp(); this.unread(); break; }
      if (mapIndent < 0) mapIndent = this.indent; else if (this.indent !== mapIndent) giveUp();
      this.pair(this.lineStart + this.indent, out);
    }
    return mapIndent < 0 ? null : out;
  }

  /** `key: scalar` at p on the current line, into `out`. */
  private pair(p: number, out: Map<string, Scalar>): string {
    const k = this.key(p);
    if (!k) giveUp();
    const { name, after } = k!;
    if (out.has(name)) giveUp();
    let v = after;
    while (v < this.lineEnd && isSpace(this.text.charCodeAt(v))) v++;
    if (v >= this.lineEnd || this.text.charCodeAt(v) === 35) giveUp(); // a nested block
    if (this.text.charCodeAt(v) === 91) giveUp();
    out.set(name, this.scalar(v, this.lineEnd));
    return name;
  }

  /** A sequence of flat mappings: `- key: v` then `  key: v` lines (action items). */
  private blockItems(): ActionItemSummary[] {
    const items: ActionItemSummary[] = [];
    let seqIndent = -1;
    let cur: Map<string, Scalar> | null = null;
    const flush = () => {
      if (!cur) return;
      const f = (k: string) => cur!.get(k) ?? undefined;
      items.push({ id: f('id'), title: f('title'), owner: f('owner'), due: f('due'), status: f('status'), type: f('type'), link: f('link') });
      cur = null;
    };
    while (this.next()) {
      const p = this.lineStart + this.indent;
      const dash = this.isDash(p);
      if (this.indent === 0 && !dash) { this.unread(); break; }
      if (dash) {
        if (seqIndent < 0) seqIndent = this.indent; else if (this.indent !== seqIndent) giveUp();
        flush();
        let v = p + 1;
        while (v < this.lineEnd && isSpace(this.text.charCodeAt(v))) v++;
        if (v >= this.lineEnd || v !== p + 2) giveUp();
        const c = this.text.charCodeAt(v);
        if (c === 35 || c === 91 || this.isDash(v)) giveUp();
        const k = this.key(v);
        if (!k) {
          // A scalar item: not an action item (summarize skips it); it must not continue on the next line.
          this.scalar(v, this.lineEnd);
          continue;
        }
        cur = new Map();
        this.pair(v, cur);
      } else {
        if (seqIndent < 0 || !cur || this.indent !== seqIndent + 2) giveUp();
        this.pair(p, cur!);
      }
    }
    flush();
    return items;
  }

  // --- scalars ---------------------------------------------------------------------------------------

  /**
   * A one-line scalar from p to `end` (the trimmed line end), with an optional trailing comment.
   * Returns its text as scalarText() would (null for YAML null).
   */
  private scalar(p: number, end: number): Scalar {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      let i = p + 1;
      let out = '';
      let from = i;
      for (;;) {
        if (i >= end) giveUp(); // closes on a later line (or never)
        const d = t.charCodeAt(i);
        if (c === 34 && d === 92 /* \ */) giveUp();
        if (d === c) {
          if (c === 39 && t.charCodeAt(i + 1) === 39 && i + 1 < end) { out += t.slice(from, i + 1); i += 2; from = i; continue; }
          out += t.slice(from, i);
          break;
        }
        i++;
      }
      let j = i + 1;
      while (j < end && isSpace(t.charCodeAt(j))) j++;
      if (j < end && (t.charCodeAt(j) !== 35 || j === i + 1)) giveUp();
      return out;
    }
    // Plain: no indicator first, no `: ` or ` #` inside (a comment ends it), no flow or alias surprises.
    if (c === 45 || c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 37 || c === 64 || c === 96) giveUp();
    let e = p;
    for (; e < end; e++) {
      const d = t.charCodeAt(e);
      if (d === 58 && (e + 1 === end || t.charCodeAt(e + 1) === 32)) giveUp();
      if (d === 35 && isSpace(t.charCodeAt(e - 1))) break;
    }
    while (e > p && isSpace(t.charCodeAt(e - 1))) e--;
    const v = resolvePlain(t.slice(p, e));
    return v === null ? null : String(v);
  }

  /** `[a, b]` on one line: the items' texts (null for YAML nulls). */
  private flowSeq(p: number): Scalar[] {
    const t = this.text;
    let close = -1;
    for (let i = p + 1; i < this.lineEnd; i++) {
      const d = t.charCodeAt(i);
      if (d === 93) { close = i; break; }
      if (d === 91 || d === 123 || d === 125 || d === 34 || d === 39 || d === 35 || d === 58 || d === 38 || d === 42 || d === 33 || d === 63 || d === 124 || d === 62 || d === 37 || d === 64 || d === 96) giveUp();
    }
    if (close < 0) giveUp();
    let j = close + 1;
    while (j < this.lineEnd && isSpace(t.charCodeAt(j))) j++;
    if (j < this.lineEnd && (t.charCodeAt(j) !== 35 || j === close + 1)) giveUp();
    const inner = t.slice(p + 1, close);
    // Items are separated by spaces only (trim() would also take U+00A0 and the other Unicode spaces, which YAML keeps).
    if (trimSpaces(inner) === '') return [];
    const out: Scalar[] = [];
    for (const raw of inner.split(',')) {
      const s = trimSpaces(raw);
      if (s === '' || s.startsWith('-')) giveUp();
      const v = resolvePlain(s);
      out.push(v === null ? null : String(v));
    }
    return out;
  }
}

/** The index's summary of a text: the scanner where it answers, else the shallow parse. */
export function indexSummary(path: string, text: string, policy: Policy): RecordSummary | null {
  const s = scanSummary(path, text, policy);
  const r = s !== undefined ? s : summarize(parseRecord(path, text, policy, { shallow: true }));
  return r && detach(r);
}

/**
 * The summary with every string copied out of the record's text, and empty lists shared. JavaScript engines keep
 * a slice of 13 or more characters as a view into the string it was cut from, so a summary of short values would
 * otherwise keep its whole file alive: 10,000 summaries held ~23 MB of record texts (and the garbage collector
 * copied them on every promotion). Joining two pieces makes one flat copy of just the value (a concatenation
 * sliced again would keep a view object as well as the copy: 60,000 more objects for 10,000 records).
 */
function detach(r: RecordSummary): RecordSummary {
  r.title = own(r.title); r.id = own(r.id); r.severity = own(r.severity); r.status = own(r.status);
  r.commander = own(r.commander); r.escalation = own(r.escalation); r.review = own(r.review); r.incident = own(r.incident);
  r.date = own(r.date); r.owner = own(r.owner); r.lastReviewed = own(r.lastReviewed); r.reviewEvery = own(r.reviewEvery);
  for (const m of MILESTONES) if (r.milestones[m] !== undefined) r.milestones[m] = own(r.milestones[m]);
  r.services = ownAll(r.services); r.runbooks = ownAll(r.runbooks); r.authors = ownAll(r.authors); r.alerts = ownAll(r.alerts);
  if (!r.actionItems.length) r.actionItems = NONE;
  for (const a of r.actionItems) {
    for (const k in a) { const v = a[k as keyof ActionItemSummary]; if (v !== undefined) a[k as keyof ActionItemSummary] = own(v); }
  }
  return r;
}
/** The one empty list every summary without services (authors, alerts ...) shares; frozen, so a mutation throws. */
export const NONE: readonly never[] = Object.freeze([]);
function own<T extends string | undefined>(s: T): T { return (s === undefined || s.length < 13 ? s : [s.slice(0, 1), s.slice(1)].join('')) as T; }
function ownAll(l: readonly string[]): readonly string[] { return l.length ? l.map((x) => own(x)) : NONE; }
