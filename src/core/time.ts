/** Durations (`90m`, `4h`, `5d`), ISO 8601 date-times and dates, parsed strictly and without Date's lenient guessing. */

const MINUTE = 60_000, HOUR = 3_600_000, DAY = 86_400_000;

/** `<number><m|h|d>` to milliseconds; undefined when malformed. */
export function parseDuration(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(\d{1,6})(m|h|d)$/.exec(s.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n * (m[2] === 'm' ? MINUTE : m[2] === 'h' ? HOUR : DAY);
}

/** A duration for people: `45m`, `2h 5m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  const neg = ms < 0;
  let m = Math.round(Math.abs(ms) / MINUTE);
  const d = Math.floor(m / 1440); m -= d * 1440;
  const h = Math.floor(m / 60); m -= h * 60;
  const parts: string[] = [];
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m || parts.length === 0) parts.push(`${m}m`);
  return (neg ? '-' : '') + parts.slice(0, 2).join(' ');
}

/** A duration in hours and minutes, never days (`33h`, `33h 20m`, `45m`): working time, where a `d` would read as 24 hours. */
export function formatHours(ms: number): string {
  const neg = ms < 0;
  let m = Math.round(Math.abs(ms) / MINUTE);
  const h = Math.floor(m / 60); m -= h * 60;
  return (neg ? '-' : '') + [h ? `${h}h` : '', m || !h ? `${m}m` : ''].filter(Boolean).join(' ');
}

export type DateTimeResult =
  | { ok: true; ms: number; hasZone: boolean; dateOnly: boolean }
  | { ok: false; reason: string };

const DT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function daysIn(y: number, m: number): number {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Parses `2026-03-01T14:05:00Z`, `...+01:00`, `2026-03-01 14:05` (no zone: taken as UTC, flagged) and bare dates. */
export function parseDateTime(input: unknown): DateTimeResult {
  if (typeof input !== 'string') return { ok: false, reason: 'not a string' };
  const s = input.trim();
  const m = DT.exec(s);
  if (!m) return { ok: false, reason: 'not an ISO 8601 date-time (expected e.g. 2026-03-01T14:05:00Z)' };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return { ok: false, reason: 'no such date' };
  if (m[4] === undefined) return { ok: true, ms: Date.UTC(y, mo - 1, d), hasZone: false, dateOnly: true };
  const [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || mi > 59 || sec > 59) return { ok: false, reason: 'no such time of day' };
  const frac = m[7] ? Number(('0.' + m[7]).slice(0, 5)) * 1000 : 0;
  let offset = 0;
  const z = m[8];
  if (z && z !== 'Z' && z !== 'z') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2) || 0);
    if (oh > 23 || om > 59) return { ok: false, reason: 'no such zone offset' };
    offset = sign * (oh * 60 + om) * MINUTE;
  }
  return { ok: true, ms: Date.UTC(y, mo - 1, d, h, mi, sec) + Math.round(frac) - offset, hasZone: z !== undefined, dateOnly: false };
}

/** A bare date `YYYY-MM-DD` (a full date-time is accepted too), as the UTC midnight it starts. */
export function parseDate(input: unknown): DateTimeResult {
  return parseDateTime(input);
}

/** `2026-03-01T14:05:00Z` for a time in ms. */
export function formatIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

export { MINUTE, HOUR, DAY };

// ---- Typed times in a time zone (the CLI's --at, the timeline editor's time field) ----

/** How far ahead of now a typed time may be: clocks drift, and a responder may round up. Past it, it is a mistake. */
export const FUTURE_TOLERANCE_MS = 5 * MINUTE;

/** The system's IANA zone (the process's TZ in Node; the machine's zone in a browser or worker). */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat('en-US').resolvedOptions().timeZone || 'UTC';
}

/** Whether `zone` is an IANA zone name this runtime knows (`Europe/Paris`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try { new Intl.DateTimeFormat('en-US', { timeZone: zone }); return true; } catch { return false; }
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(zone: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    if (zoneFormats.size > 32) zoneFormats.clear();
    zoneFormats.set(zone, f);
  }
  return f;
}

/** The wall-clock fields of instant `ms` in `zone`. */
export function wallClock(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const p: Record<string, number> = {};
  for (const part of zoneFormat(zone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour === 24 ? 0 : p.hour, minute: p.minute, second: p.second };
}

/** The offset of `zone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  const whole = Math.floor(ms / 1000) * 1000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/**
 * The instant a wall-clock time in `zone` stands for. In a DST gap (02:30 that never happened) the time is read
 * with the offset before the change; in the repeated hour, the first of the two instants.
 */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): number {
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = naive - zoneOffsetMs(naive - zoneOffsetMs(naive, zone), zone);
  const before = naive - zoneOffsetMs(naive - 86_400_000, zone);
  // Both candidates that map back to the same wall clock: take the earlier (the first of a repeated hour).
  const ok = (t: number) => { const w = wallClock(t, zone); return w.hour === h && w.minute === mi && w.day === d; };
  const cands = [first, before].filter(ok).sort((a, b) => a - b);
  return cands[0] ?? before;
}

/** `2026-12-02T10:38:00+01:00` for instant `ms` in `zone` (`Z` where the offset is zero); whole seconds. */
export function formatIsoInZone(ms: number, zone: string): string {
  const whole = Math.floor(ms / 1000) * 1000;
  const off = Math.round(zoneOffsetMs(whole, zone) / MINUTE);
  if (off === 0) return formatIso(whole);
  const w = wallClock(whole, zone);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const a = Math.abs(off);
  return `${String(w.year).padStart(4, '0')}-${p2(w.month)}-${p2(w.day)}T${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}${off < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

export type TypedTime = { ok: true; at: string; ms: number } | { ok: false; reason: string };

/**
 * A time a person types: `now`, `14:05` or `14:05:30` (that time today in `zone`, or on `base`'s day there),
 * `+5m` / `-1h` (from `base`, else now; only with `relative`), or an ISO 8601 date-time with a zone. The result
 * is written with the zone's offset (or Z). A time more than FUTURE_TOLERANCE_MS after `now` is refused.
 * `zone`: an IANA name; empty or undefined is the system's zone.
 */
export function readTypedTime(input: string, opts: { now: number; base?: number; zone?: string; relative?: boolean }): TypedTime {
  const s = input.trim();
  const zone = opts.zone?.trim() || systemTimeZone();
  if (!isTimeZone(zone)) return { ok: false, reason: `'${zone}' is not a time zone (use an IANA name like Europe/Paris, or UTC)` };
  // `typed`: an ISO date-time with its zone is kept as it was written.
  const done = (ms: number, typed?: string): TypedTime => {
    const whole = Math.floor(ms / 1000) * 1000;
    const at = typed ?? formatIsoInZone(whole, zone);
    if (whole - opts.now > FUTURE_TOLERANCE_MS) {
      return { ok: false, reason: `'${s}' is ${at}, ${formatDuration(whole - opts.now)} in the future (time zone ${zone}); a time may be at most ${FUTURE_TOLERANCE_MS / MINUTE} minutes ahead` };
    }
    return { ok: true, at, ms: whole };
  };
  const usage = opts.relative ? 'now, 14:05, +5m or an ISO date-time with a zone' : 'now, HH:MM or an ISO 8601 date-time with a zone';
  if (!s || s.toLowerCase() === 'now') return done(opts.now);
  const rel = /^([+-])(\d{1,5})\s*(s|m|h|d)$/.exec(s);
  if (rel && opts.relative) {
    const unit = { s: 1_000, m: MINUTE, h: HOUR, d: DAY }[rel[3] as 's' | 'm' | 'h' | 'd'];
    return done((opts.base ?? opts.now) + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * unit);
  }
  const hm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (hm) {
    const [h, m, sec] = [Number(hm[1]), Number(hm[2]), Number(hm[3] ?? 0)];
    if (h > 23 || m > 59 || sec > 59) return { ok: false, reason: `'${s}' is not a time of day` };
    const day = wallClock(opts.base ?? opts.now, zone);
    return done(zonedToUtc(day.year, day.month, day.day, h, m, sec, zone));
  }
  const t = parseDateTime(s);
  if (t.ok && !t.dateOnly) {
    if (!t.hasZone) return { ok: false, reason: `'${s}' has no zone; add Z or an offset like +01:00 (or type just the time, 14:05, for ${zone})` };
    return done(t.ms, s);
  }
  return { ok: false, reason: `'${s}' is not a time: use ${usage}` };
}
