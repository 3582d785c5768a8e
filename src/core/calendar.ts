/**
 * Service calendars: the hours a target's clock runs in (`calendars:` in the policy). A calendar is a zone, the
 * working days, the working hours of each day and holidays; its business time between two instants is the sum of
 * the working windows between them, each window computed in the calendar's zone (so a daylight-saving change
 * moves the window's instants, never its wall-clock hours).
 */
import { wallClock, zonedToUtc, DAY } from './time';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface Calendar {
  id: string;
  zone: string;
  /** Working days, 0 = Sunday. */
  days: number[];
  /** Working hours as minutes after midnight, open < close (a window within one day). */
  open: number; close: number;
  /** Holidays as YYYY-MM-DD in the calendar's zone. */
  holidays: string[];
}

/** `08:00-18:00` as minutes after midnight, or undefined when it is not HH:MM-HH:MM with the first before the second. */
export function parseHours(text: string): { open: number; close: number } | undefined {
  const m = /^\s*([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-4]):([0-5]\d)\s*$/.exec(text);
  if (!m) return undefined;
  const open = Number(m[1]) * 60 + Number(m[2]), close = Number(m[3]) * 60 + Number(m[4]);
  return open < close && close <= 24 * 60 ? { open, close } : undefined;
}

/** The furthest a calendar is walked (a clock that never ends, a calendar with no working day left). */
const MAX_DAYS = 3 * 366;

/** The working window of the calendar's day `y-mo-d` as instants, or undefined on a day off. */
function windowOf(cal: Calendar, y: number, mo: number, d: number): [number, number] | undefined {
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  if (!cal.days.includes(weekday)) return undefined;
  const iso = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (cal.holidays.includes(iso)) return undefined;
  const at = (min: number) => (min === 24 * 60 ? zonedToUtc(y, mo, d, 0, 0, 0, cal.zone) + DAY : zonedToUtc(y, mo, d, Math.floor(min / 60), min % 60, 0, cal.zone));
  return [at(cal.open), at(cal.close)];
}

/** Calls `each` with the working windows from the calendar day holding `from` on, until it returns true. */
function walk(cal: Calendar, from: number, each: (w: [number, number]) => boolean): void {
  const w = wallClock(from, cal.zone);
  // Calendar days counted in UTC arithmetic on the wall-clock date (no instant arithmetic across DST).
  const day0 = Date.UTC(w.year, w.month - 1, w.day);
  for (let i = 0; i <= MAX_DAYS; i++) {
    const d = new Date(day0 + i * DAY);
    const win = windowOf(cal, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    if (win && each(win)) return;
  }
}

/** Business time (ms) between `from` and `to` in the calendar: the parts of its working windows in between. */
export function businessElapsed(cal: Calendar, from: number, to: number): number {
  if (to <= from) return 0;
  let sum = 0;
  walk(cal, from, ([a, b]) => {
    if (a >= to) return true;
    sum += Math.max(0, Math.min(b, to) - Math.max(a, from));
    return false;
  });
  return sum;
}

/**
 * The instant at which `duration` of business time has run since `from` (a target's deadline in its calendar).
 * Infinity when the calendar has no working time within three years of `from`.
 */
export function businessDeadline(cal: Calendar, from: number, duration: number): number {
  if (duration <= 0) {
    // Zero business time runs out at the first working instant at or after `from`.
    let at = Infinity;
    walk(cal, from, ([a, b]) => { if (b > from) { at = Math.max(a, from); return true; } return false; });
    return at;
  }
  let left = duration;
  let at = Infinity;
  walk(cal, from, ([a, b]) => {
    const start = Math.max(a, from);
    if (b <= start) return false;
    if (b - start >= left) { at = start + left; return true; }
    left -= b - start;
    return false;
  });
  return at;
}
