/**
 * Import a timeline written in Markdown (the way real postmortems write them) into structured events:
 * a `## Timeline` section holding a table with a time column, a list of `- 10:05 text` items, or one `###`
 * heading per timestamp with the event text below it. Lines that give only a time take the date of the line
 * before (or the date given); the zone comes from the section ("All times in CET", "(times in BST)") or is given.
 * Lines that cannot be read are returned, never dropped.
 */
import { scanHeadings } from './markdown';
import { formatIso } from './time';
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

export function importTimeline(text: string, opts: ImportOptions = {}): ImportResult {
  const result: ImportResult = { events: [], unreadable: [], needsDate: false, needsZone: false };
  const headings = scanHeadings(text, 0);
  const idx = headings.findIndex((h) => /\btime ?line\b/i.test(h.text));
  if (idx < 0) return result;
  const h = headings[idx];
  const next = headings.slice(idx + 1).find((x) => x.level <= h.level);
  const start = h.start, end = next ? next.start : text.length;
  result.section = { start, end };
  const sectionText = text.slice(start, end);
  const found = zoneInText(sectionText);
  const optZone = parseZone(opts.zone);
  if (found) result.zone = { offsetMinutes: found.offset, source: 'text', name: found.name };
  else if (optZone !== undefined) result.zone = { offsetMinutes: optZone, source: 'option', name: opts.zone! };
  const kind = opts.kind ?? 'note';
  let lastDate: Stamp['date'] | undefined;
  if (opts.date) { const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(opts.date); if (m) lastDate = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }; }
  const firstLine = text.slice(0, start).split('\n').length; // 1-based line of the heading
  const lines = sectionText.split('\n');

  const emit = (stamp: Stamp, body: string, lineNo: number, raw: string): void => {
    const date = stamp.date ?? lastDate;
    if (stamp.date) lastDate = stamp.date;
    if (!stamp.time) { result.unreadable.push({ line: lineNo, text: raw.trim(), reason: 'no time of day' }); return; }
    if (!date) { result.needsDate = true; result.unreadable.push({ line: lineNo, text: raw.trim(), reason: 'a time without a date: give the date' }); return; }
    const zone = stamp.zone ?? result.zone?.offsetMinutes;
    if (zone === undefined) result.needsZone = true;
    const ms = Date.UTC(date.y, date.m - 1, date.d, stamp.time.h, stamp.time.min, stamp.time.s) - (zone ?? 0) * 60_000;
    if (Number.isNaN(ms) || date.m < 1 || date.m > 12 || date.d < 1 || date.d > 31) { result.unreadable.push({ line: lineNo, text: raw.trim(), reason: 'no such date' }); return; }
    const textOut = body.replace(/\s+/g, ' ').trim();
    if (!textOut) { result.unreadable.push({ line: lineNo, text: raw.trim(), reason: 'no event text' }); return; }
    result.events.push({ at: formatIso(ms), kind, text: textOut });
  };

  // 1. A table with a time column.
  let table: { timeCol: number; cols: number } | undefined;
  // 3. `###` headings, one per timestamp: collect the body until the next heading.
  let pendingHeading: { stamp: Stamp; body: string[]; line: number; raw: string } | undefined;
  const flushHeading = () => { if (pendingHeading) { emit(pendingHeading.stamp, [pendingHeading.stamp.rest, ...pendingHeading.body].filter(Boolean).join(' '), pendingHeading.line, pendingHeading.raw); pendingHeading = undefined; } };
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const lineNo = firstLine + i;
    const trimmed = raw.trim();
    const cells = trimmed.startsWith('|') ? trimmed.replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim()) : undefined;
    if (cells) {
      flushHeading();
      if (!table) {
        const timeCol = cells.findIndex((c) => /^(time|date|when|timestamp)\b/i.test(c.replace(/[*_`]/g, '')));
        if (timeCol >= 0) table = { timeCol, cols: cells.length };
        continue;
      }
      if (cells.every((c) => /^:?-{2,}:?$/.test(c))) continue;
      const stamp = readStamp(cells[table.timeCol] ?? '');
      const body = cells.filter((_, k) => k !== table!.timeCol).join(' — ').replace(/\\\|/g, '|');
      if (!stamp) { result.unreadable.push({ line: lineNo, text: trimmed, reason: 'the time cell is not a time' }); continue; }
      emit(stamp, body, lineNo, trimmed);
      continue;
    }
    table = undefined;
    const hm = /^#{3,6}\s+(.*)$/.exec(trimmed);
    if (hm) {
      flushHeading();
      const stamp = readStamp(hm[1]);
      if (stamp) pendingHeading = { stamp, body: [], line: lineNo, raw: trimmed };
      else if (/\d{1,2}:\d{2}/.test(hm[1])) result.unreadable.push({ line: lineNo, text: trimmed, reason: 'not a time this importer reads' });
      continue;
    }
    if (pendingHeading) { if (trimmed) pendingHeading.body.push(trimmed.replace(/^[-*+]\s+/, '')); continue; }
    const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(trimmed);
    if (item) {
      const stamp = readStamp(item[1]);
      if (stamp) emit(stamp, stamp.rest, lineNo, trimmed);
      else if (/\d{1,2}:\d{2}/.test(item[1])) result.unreadable.push({ line: lineNo, text: trimmed, reason: 'not a time this importer reads' });
    }
  }
  flushHeading();
  if (!result.zone && result.events.length) result.needsZone = true;
  return result;
}

/**
 * A time typed into the timeline editor: `now`, `14:05` (that time today, or on the day of `base`), `+5m` / `-1h`
 * (from `base`, else now), or an ISO date-time with a zone. Returns an ISO string in UTC, or undefined.
 */
export function parseTimeInput(input: string, opts: { now: number; base?: number }): string | undefined {
  const s = input.trim();
  const whole = (ms: number) => formatIso(Math.floor(ms / 1000) * 1000);
  if (!s || s.toLowerCase() === 'now') return whole(opts.now);
  const rel = /^([+-])(\d{1,5})\s*(s|m|h|d)$/.exec(s);
  if (rel) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[3] as 's' | 'm' | 'h' | 'd'];
    return whole((opts.base ?? opts.now) + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * unit);
  }
  const hm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (hm) {
    const [h, m, sec] = [Number(hm[1]), Number(hm[2]), Number(hm[3] ?? 0)];
    if (h > 23 || m > 59 || sec > 59) return undefined;
    const d = new Date(opts.base ?? opts.now);
    return whole(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, m, sec));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i.exec(s);
  if (iso) {
    const ms = Date.parse(s.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(ms) ? undefined : whole(ms);
  }
  return undefined;
}
