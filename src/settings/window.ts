/**
 * The report's window as a nightly job says it: --now (the clock, unless fixed), --last
 * N{d,w,m,q,y}, and --from/--to as dates, timestamps or words relative to the start of
 * today (today, yesterday, -7d, -2w, -1m). Everything is local calendar arithmetic in --tz
 * (time/periods.ts), turned into instants with the zone at the end, so a 23- or 25-hour DST
 * day is one day. Parsers throw Error(reason); settings.ts prefixes the flag or config key.
 */
import { failed, parseTimestamp } from '../input/cells/timestamp.js';
import { periodStart, shiftLocal } from '../time/periods.js';
import type { Period } from '../time/periods.js';
import type { TimeZone } from '../time/time-zone.js';

/** An instant window: from inclusive, to exclusive. */
export interface Window {
  from: number;
  to: number;
}

export interface Last {
  n: number;
  period: Period;
}

const UNITS: Record<string, Period> = { d: 'day', w: 'week', m: 'month', q: 'quarter', y: 'year' };
const COUNT = /^\s*(\d{1,4})\s*([dwmqy])\s*$/i;
const RELATIVE = /^\s*-\s*(\d{1,4})\s*([dwmqy])\s*$/i;

/** A timestamp or date (in zone when it carries no offset), as --now and --from/--to take it. */
export function parseInstant(text: string, zone: TimeZone): number {
  const v = parseTimestamp(text, zone);
  if (failed(v)) throw new Error(`${v.message} ("${text}")`);
  return v;
}

/** "7d", "1w", "3m", "1q", "1y" → 7 days, 1 week, … (whole periods, at least one). */
export function parseLast(text: string): Last {
  const m = COUNT.exec(text);
  if (!m || Number(m[1]) < 1) throw new Error(`"${text}" is not a count of whole periods such as 1d, 7d, 1w, 1m, 1q or 1y`);
  return { n: Number(m[1]), period: UNITS[m[2].toLowerCase()] };
}

/**
 * The last N whole periods before the one that contains now: at 06:00 on 2023-05-20,
 * 1d is [2023-05-19, 2023-05-20) and 1w the Monday-to-Monday week before this one.
 */
export function lastWindow(last: Last, now: number, zone: TimeZone): Window {
  const to = periodStart(zone.toLocal(now), last.period);
  return { from: zone.fromLocal(shiftLocal(to, last.period, -last.n)), to: zone.fromLocal(to) };
}

/**
 * A --from/--to text: today, yesterday, -N{d,w,m,q,y} (N days, weeks, months, quarters or
 * years before the start of today), or a date or timestamp.
 */
export function parseBound(text: string, zone: TimeZone, now: number): number {
  const today = periodStart(zone.toLocal(now), 'day');
  const word = text.trim().toLowerCase();
  if (word === 'today') return zone.fromLocal(today);
  if (word === 'yesterday') return zone.fromLocal(shiftLocal(today, 'day', -1));
  const m = RELATIVE.exec(text);
  if (m) return zone.fromLocal(shiftLocal(today, UNITS[m[2].toLowerCase()], -Number(m[1])));
  const v = parseTimestamp(text, zone);
  if (!failed(v)) return v;
  // A text that is no timestamp at all gets the relative forms named too; a wrong one (month 13) its own reason.
  const why = v.message.startsWith('not an ISO') ? 'not a date or timestamp (e.g. 2026-03-04 or 2026-03-04 09:15), nor today, yesterday, -7d, -2w or -1m' : v.message;
  throw new Error(`${why} ("${text}")`);
}

/**
 * The window a report is compared with: "year", the same local dates a year earlier;
 * "previous", the window of equal length just before: as many calendar months when both
 * ends are month starts (so a month follows a month of its own length), else as many
 * local hours (whole days stay whole days across DST).
 */
export function comparedWindow(w: Window, mode: 'previous' | 'year', zone: TimeZone): Window {
  const a = zone.toLocal(w.from), b = zone.toLocal(w.to);
  if (mode === 'year') return { from: zone.fromLocal(shiftLocal(a, 'year', -1)), to: zone.fromLocal(shiftLocal(b, 'year', -1)) };
  const months = monthsBetween(a, b);
  const start = months === null ? a - (b - a) : shiftLocal(a, 'month', -months);
  return { from: zone.fromLocal(start), to: w.from };
}

/** Whole months from local a to local b when both are month starts (00:00 on the 1st), else null. */
function monthsBetween(a: number, b: number): number | null {
  if (periodStart(a, 'month') !== a || periodStart(b, 'month') !== b) return null;
  const da = new Date(a), db = new Date(b);
  return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth();
}
