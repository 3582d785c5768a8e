/**
 * Import a timeline written in Markdown (the way real postmortems write them) into structured events:
 * a `## Timeline` section holding a table with a time column, a list of `- 10:05 text` items, or one `###`
 * heading per timestamp with the event text below it. Lines that give only a time take the date of the line
 * before (or the date given); the zone comes from the section ("All times in CET", "(times in BST)") or is given.
 * Lines that cannot be read are returned, never dropped.
 * The file is read the way GitHub shows it (CommonMark + GFM through remark, mdast.ts): a commented-out section is
 * not a section, tables need no leading pipes, entities are decoded (`S&amp;O` imports as `S&O`), and an event's
 * text is the Markdown of its cells or line as written (links, emphasis and code kept).
 */
import type { Heading, List, Nodes, RootContent, Table } from 'mdast';
import { splitFrontMatter } from './frontmatter';
import { markdownSource, markdownTree, offsets, plainText } from './mdast';
import { formatIso, readTypedTime } from './time';
import type { TimelineEvent } from './edits';

export interface ImportOptions {
  /** `YYYY-MM-DD` for lines that give only a time and have no dated line before them. */
  date?: string;
  /** An offset like `+01:00`, `Z`, or a zone abbreviation (UTC, CET, BST, ...), when the text does not say. */
  zone?: string;
  /** The kind given to imported events (default `note`). */
  kind?: string;
}

export interface ImportResult {
  events: TimelineEvent[];
  /** Lines (1-based, in the whole text) that look like timeline entries but could not be read, with why. */
  unreadable: { line: number; text: string; reason: string }[];
  /** The zone used, and where it came from. */
  zone?: { offsetMinutes: number; source: 'text' | 'option'; name: string };
  /** True when some lines gave only a time and no date was known: ask for one and import again. */
  needsDate: boolean;
  /** True when no zone was found in the text or given: ask for one and import again. */
  needsZone: boolean;
  /** Where the timeline section is (offsets), when one was found. */
  section?: { start: number; end: number };
  /** Why the text was not read (too large, nested too deep): nothing is imported then. */
  error?: string;
}

const ZONES: Record<string, number> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, BST: 60, IST: 330, CET: 60, CEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, AEST: 600, AEDT: 660, JST: 540,
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function parseZone(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = s.trim().toUpperCase();
  if (t in ZONES) return ZONES[t];
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  return undefined;
}

/** A zone named in the section's prose: "All times in CET", "(times in BST)", "Times are UTC". */
function zoneInText(text: string): { name: string; offset: number } | undefined {
  const m = /\btimes?\b[^.\n|]{0,30}?\b(UTC|GMT|[A-Z]{2,4}T|CET|CEST|WET|MSK|(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?)\b/i.exec(text);
  if (!m) return undefined;
  const offset = parseZone(m[1]);
  return offset === undefined ? undefined : { name: m[1].toUpperCase(), offset };
}

interface Stamp { date?: { y: number; m: number; d: number }; time?: { h: number; min: number; s: number }; zone?: number; rest: string }

/** Reads a timestamp at the start of a string; returns what it found and the rest of the string. */
export function readStamp(input: string): Stamp | undefined {
  let s = input.trim().replace(/^\*\*|^__/, '');
  const out: Stamp = { rest: '' };
  let m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ,]+|$)/.exec(s);
  if (m) { out.date = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }; s = s.slice(m[0].length); }
  else if ((m = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?:,? (?:at )?|$)/.exec(s)) && MONTHS.includes(m[1].slice(0, 3).toLowerCase())) {
    out.date = { y: Number(m[3]), m: MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, d: Number(m[2]) };
    s = s.slice(m[0].length);
  }
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp]\.?[Mm]\.?)?/.exec(s);
  if (m) {
    let h = Number(m[1]);
    const ampm = m[4]?.toLowerCase().replace(/\./g, '');
    if (ampm) { if (h < 1 || h > 12) return undefined; if (ampm === 'pm' && h !== 12) h += 12; if (ampm === 'am' && h === 12) h = 0; }
    if (h > 23 || Number(m[2]) > 59) return undefined;
    out.time = { h, min: Number(m[2]), s: Number(m[3] ?? 0) };
    s = s.slice(m[0].length);
    const z = /^\s*(Z\b|[A-Z]{2,5}\b|[+-]\d{2}:?\d{2}\b)/.exec(s);
    if (z && parseZone(z[1]) !== undefined) { out.zone = parseZone(z[1]); s = s.slice(z[0].length); }
  }
  if (!out.date && !out.time) return undefined;
  out.rest = s.replace(/^\*\*|^__/, '').replace(/^\s*[-–—:|)]\s*/, '').trim();
  return out;
}

const TIMELINE = /\btime ?line\b/i;
const TIME_LIKE = /\d{1,2}:\d{2}/;
/** Containers deeper than this are not walked (the parser's input is already capped; this bounds our recursion). */
const MAX_DEPTH = 40;

interface Section {
  start: number; end: number;
  /** Offset of the line after the heading. */
  next: number;
  /** The section's blocks after its heading; their offsets are into `body`. */
  nodes: RootContent[]; body: string; lineBase: number;
}

/** The first root-level heading that says "Timeline" and its section (to the next heading of its level or above), as GitHub shows the file. */
function timelineSectionOf(text: string): { ok: true; section?: Section } | { ok: false; reason: string } {
  const bodyStart = splitFrontMatter(text).bodyStart;
  const body = text.slice(bodyStart);
  const tree = markdownTree(body);
  if (!tree.ok) return tree;
  const kids = tree.root.children;
  const i = kids.findIndex((n) => n.type === 'heading' && TIMELINE.test(plainText(n)));
  if (i < 0) return { ok: true };
  const h = kids[i] as Heading;
  let j = i + 1;
  while (j < kids.length && !(kids[j].type === 'heading' && (kids[j] as Heading).depth <= h.depth)) j++;
  const lineStart = (off: number) => text.lastIndexOf('\n', off - 1) + 1;
  const hEnd = bodyStart + offsets(h)[1];
  const nl = text.indexOf('\n', hEnd);
  return {
    ok: true,
    section: {
      start: lineStart(bodyStart + offsets(h)[0]), end: j < kids.length ? lineStart(bodyStart + offsets(kids[j])[0]) : text.length,
      next: nl < 0 ? text.length : nl + 1, nodes: kids.slice(i + 1, j), body, lineBase: text.slice(0, bodyStart).split('\n').length - 1,
    },
  };
}

/**
 * Where a record's Timeline heading is (read as GitHub shows it): its start and the offset of the line after it;
 * `heading` is undefined when there is none. Refused Markdown (too large, nested too deep) gives the reason.
 */
export function timelineHeading(text: string): { ok: true; heading?: { start: number; next: number } } | { ok: false; reason: string } {
  const r = timelineSectionOf(text);
  if (!r.ok) return r;
  return { ok: true, ...(r.section ? { heading: { start: r.section.start, next: r.section.next } } : {}) };
}

export function importTimeline(text: string, opts: ImportOptions = {}): ImportResult {
  const result: ImportResult = { events: [], unreadable: [], needsDate: false, needsZone: false };
  const found = timelineSectionOf(text);
  if (!found.ok) { result.error = found.reason; return result; }
  const sec = found.section;
  if (!sec) return result;
  const { body, lineBase } = sec;
  result.section = { start: sec.start, end: sec.end };
  const zone = zoneInText(text.slice(sec.start, sec.end));
  const optZone = parseZone(opts.zone);
  if (zone) result.zone = { offsetMinutes: zone.offset, source: 'text', name: zone.name };
  else if (optZone !== undefined) result.zone = { offsetMinutes: optZone, source: 'option', name: opts.zone! };
  const kind = opts.kind ?? 'note';
  let lastDate: Stamp['date'] | undefined;
  if (opts.date) { const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(opts.date); if (m) lastDate = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }; }
  const md = markdownSource(body);
  const lineOf = (n: Nodes) => lineBase + (n.position?.start.line ?? 1);
  const raw = (n: Nodes, to?: Nodes) => body.slice(offsets(n)[0], offsets(to ?? n)[1]).trim();

  const emit = (stamp: Stamp, textIn: string, lineNo: number, rawText: string): void => {
    const date = stamp.date ?? lastDate;
    if (stamp.date) lastDate = stamp.date;
    if (!stamp.time) { result.unreadable.push({ line: lineNo, text: rawText, reason: 'no time of day' }); return; }
    if (!date) { result.needsDate = true; result.unreadable.push({ line: lineNo, text: rawText, reason: 'a time without a date: give the date' }); return; }
    const z = stamp.zone ?? result.zone?.offsetMinutes;
    if (z === undefined) result.needsZone = true;
    const ms = Date.UTC(date.y, date.m - 1, date.d, stamp.time.h, stamp.time.min, stamp.time.s) - (z ?? 0) * 60_000;
    if (Number.isNaN(ms) || date.m < 1 || date.m > 12 || date.d < 1 || date.d > 31) { result.unreadable.push({ line: lineNo, text: rawText, reason: 'no such date' }); return; }
    const textOut = textIn.replace(/\s+/g, ' ').trim();
    if (!textOut) { result.unreadable.push({ line: lineNo, text: rawText, reason: 'no event text' }); return; }
    result.events.push({ at: formatIso(ms), kind, text: textOut });
  };

  /** 1. A table with a time column: one event per row, the other cells (their Markdown) joined. */
  const table = (t: Table): void => {
    const [head, ...rows] = t.children;
    const timeCol = head ? head.children.findIndex((c) => /^(time|date|when|timestamp)\b/i.test(plainText(c).trim())) : -1;
    if (timeCol < 0) return;
    for (const row of rows) {
      const stamp = readStamp(row.children[timeCol] ? plainText(row.children[timeCol]) : '');
      if (!stamp) { result.unreadable.push({ line: lineOf(row), text: raw(row), reason: 'the time cell is not a time' }); continue; }
      // A cell's `\|` is the table's escape: the cell's own Markdown has `|` there (GFM).
      const cells = row.children.filter((_, k) => k !== timeCol).map((c) => md(c).replace(/\\\|/g, '|').trim()).filter(Boolean);
      emit(stamp, cells.join(' — '), lineOf(row), raw(row));
    }
  };
  /** 2. List items that start with a time (nested lists too). */
  const list = (l: List, depth: number): void => {
    for (const item of l.children) {
      const first = item.children[0];
      if (first?.type === 'paragraph') {
        const src = md(first);
        const stamp = readStamp(src);
        if (stamp) emit(stamp, stamp.rest, lineOf(item), raw(item, first));
        else if (TIME_LIKE.test(src)) result.unreadable.push({ line: lineOf(item), text: raw(item, first), reason: 'not a time this importer reads' });
      }
      if (depth < MAX_DEPTH) for (const c of item.children) if (c.type === 'list') list(c, depth + 1);
    }
  };
  /** 3. A heading per timestamp: its text and the blocks below it (paragraphs, list items) make one event. */
  let pending: { stamp: Stamp; body: string[]; line: number; raw: string } | undefined;
  const flush = () => { if (pending) { emit(pending.stamp, [pending.stamp.rest, ...pending.body].filter(Boolean).join(' '), pending.line, pending.raw); pending = undefined; } };
  const texts = (n: Nodes, into: string[], quoted: number, depth: number): void => {
    if (n.type === 'paragraph' || n.type === 'heading') {
      // The Markdown of a paragraph in a block quote, without the quote's `>` markers on its later lines.
      const t = quoted ? md(n).split('\n').map((l) => { let x = l.trim(); for (let q = 0; q < quoted && x.startsWith('>'); q++) x = x.slice(1).trimStart(); return x; }).join('\n') : md(n);
      if (t) into.push(t);
    } else if ((n.type === 'list' || n.type === 'listItem' || n.type === 'blockquote') && depth < MAX_DEPTH) for (const c of n.children) texts(c, into, quoted + (n.type === 'blockquote' ? 1 : 0), depth + 1);
  };

  for (const n of sec.nodes) {
    if (n.type === 'heading') {
      flush();
      const src = md(n);
      const stamp = readStamp(src);
      if (stamp) pending = { stamp, body: [], line: lineOf(n), raw: raw(n) };
      else if (TIME_LIKE.test(src)) result.unreadable.push({ line: lineOf(n), text: raw(n), reason: 'not a time this importer reads' });
    } else if (n.type === 'table') { flush(); table(n); }
    else if (pending) texts(n, pending.body, 0, 0);
    else if (n.type === 'list') list(n, 0);
  }
  flush();
  if (!result.zone && result.events.length) result.needsZone = true;
  return result;
}

/**
 * A time typed into the timeline editor: `now`, `14:05` (that time today in `zone`, or on the day of `base`),
 * `+5m` / `-1h` (from `base`, else now), or an ISO date-time with a zone. Returns it with the zone's offset (or
 * Z), or undefined (not a time, or more than a few minutes in the future: `readTypedTime` says which).
 */
export function parseTimeInput(input: string, opts: { now: number; base?: number; zone?: string }): string | undefined {
  const r = readTypedTime(input, { ...opts, relative: true });
  return r.ok ? r.at : undefined;
}
