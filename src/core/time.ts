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
