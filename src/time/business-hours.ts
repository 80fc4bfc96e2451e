import { CsmError } from '../errors.js';
import type { TimeZone } from './time-zone.js';

const DAY = 86_400_000;
const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Open ranges per weekday (0 = Monday), in minutes after local midnight, sorted, not overlapping. */
export type WeekSchedule = [number, number][][];

function dayIndex(name: string): number {
  const i = DAY_NAMES.indexOf(name.trim().toLowerCase().slice(0, 3));
  if (i < 0 || name.trim().length < 3) throw new Error(`unknown day "${name.trim()}" (use Mon, Tue, … Sun)`);
  return i;
}

function minutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m || +m[2] > 59 || +m[1] > 24 || (+m[1] === 24 && +m[2] > 0)) throw new Error(`"${hhmm.trim()}" is not a time of day (HH:MM, 00:00 to 24:00)`);
  return +m[1] * 60 + +m[2];
}

/**
 * Parses "Mon-Fri 09:00-18:00", "Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-14:00",
 * "Mon,Wed,Fri 08:00-16:00" or "Fri-Mon 00:00-24:00" (ranges wrap over Sunday).
 */
export function parseSchedule(spec: string): WeekSchedule {
  const week: WeekSchedule = DAY_NAMES.map(() => []);
  const groups = spec.split(';').map((g) => g.trim()).filter(Boolean);
  if (groups.length === 0) throw new Error('no opening hours given (e.g. "Mon-Fri 09:00-18:00")');
  for (const group of groups) {
    const m = /^(\S+)\s+(.+)$/.exec(group);
    if (!m) throw new Error(`"${group}" needs days and hours, e.g. "Mon-Fri 09:00-18:00"`);
    const days = new Set<number>();
    for (const part of m[1].split(',')) {
      const [from, to] = part.split('-');
      if (to === undefined) days.add(dayIndex(from));
      else for (let d = dayIndex(from), end = dayIndex(to); ; d = (d + 1) % 7) {
        days.add(d);
        if (d === end) break;
      }
    }
    const ranges = m[2].split(',').map((r) => {
      const [a, b] = r.split('-');
      if (b === undefined) throw new Error(`"${r.trim()}" is not a range of hours (HH:MM-HH:MM)`);
      const start = minutes(a), end = minutes(b);
      if (end <= start) throw new Error(`"${r.trim()}" ends before it starts`);
      return [start, end] as [number, number];
    });
    for (const d of days) week[d].push(...ranges);
  }
  for (const ranges of week) {
    ranges.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i][0] < ranges[i - 1][1]) throw new Error(`ranges ${fmt(ranges[i - 1])} and ${fmt(ranges[i])} overlap`);
    }
  }
  if (week.every((r) => r.length === 0)) throw new Error('the schedule has no open hours');
  return week;
}

const fmt = ([a, b]: [number, number]) =>
  `${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}-${String(Math.floor(b / 60)).padStart(2, '0')}:${String(b % 60).padStart(2, '0')}`;

/**
 * Holidays, one ISO date a line (blank lines and # comments allowed), as local day numbers
 * (days since 1970-01-01 on the local calendar: what BusinessClock compares, in any zone).
 */
export function parseHolidays(lines: readonly string[], name: string): Set<number> {
  const days = new Set<number>();
  lines.forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(line);
    const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
    // Date.UTC rolls 2026-02-30 over to March: a date that does not come back the same does not exist.
    if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== line) {
      throw new CsmError('CSM_USAGE', `${name}:${i + 1}: not an ISO date (expected e.g. 2026-12-25) ("${line}")`);
    }
    days.add(t / DAY);
  });
  return days;
}

/**
 * Counts the seconds between two instants that fall in opening hours, in a zone, minus
 * holidays. Exact across DST changes: each day's ranges are turned into real instants.
 * Cost: O(1) per call after a per-day table (prefix sums of open seconds) is built for
 * the days seen, so a 30-day resolution time costs the same as a 30-minute one.
 */
export class BusinessClock {
  private base = 0;
  private prefix: number[] = [];
  private readonly intervals = new Map<number, [number, number][]>();

  constructor(
    private readonly week: WeekSchedule,
    private readonly holidays: ReadonlySet<number>,
    private readonly zone: TimeZone,
  ) {}

  /** Open intervals of local day d as instants. */
  private open(d: number): [number, number][] {
    let iv = this.intervals.get(d);
    if (iv === undefined) {
      iv = [];
      if (!this.holidays.has(d)) {
        const weekday = (new Date(d * DAY).getUTCDay() + 6) % 7;
        for (const [s, e] of this.week[weekday]) {
          const from = this.zone.fromLocal(d * DAY + s * 60_000);
          const to = this.zone.fromLocal(d * DAY + e * 60_000);
          if (to > from) iv.push([from, to]);
        }
      }
      this.intervals.set(d, iv);
    }
    return iv;
  }

  private daySeconds(d: number): number {
    let s = 0;
    for (const [a, b] of this.open(d)) s += (b - a) / 1000;
    return s;
  }

  /** Open seconds of the whole days from..to−1 (local day numbers). */
  private wholeDays(from: number, to: number): number {
    if (to <= from) return 0;
    if (this.prefix.length === 0 || from < this.base) {
      const keep = this.prefix.length ? this.base + this.prefix.length - 1 : to;
      this.base = from - 366;
      this.prefix = [0];
      this.extend(Math.max(keep, to));
    } else this.extend(to);
    return this.prefix[to - this.base] - this.prefix[from - this.base];
  }

  private extend(to: number): void {
    while (this.base + this.prefix.length - 1 < to) {
      const d = this.base + this.prefix.length - 1;
      this.prefix.push(this.prefix[this.prefix.length - 1] + this.daySeconds(d));
    }
  }

  private overlap(d: number, a: number, b: number): number {
    let s = 0;
    for (const [x, y] of this.open(d)) {
      const lo = Math.max(x, a), hi = Math.min(y, b);
      if (hi > lo) s += (hi - lo) / 1000;
    }
    return s;
  }

  /** Business seconds in [a, b); 0 when b ≤ a. */
  seconds(a: number, b: number): number {
    if (b <= a) return 0;
    const da = Math.floor(this.zone.toLocal(a) / DAY);
    const db = Math.floor(this.zone.toLocal(b) / DAY);
    if (da === db) return this.overlap(da, a, b);
    return this.overlap(da, a, Infinity) + this.wholeDays(da + 1, db) + this.overlap(db, -Infinity, b);
  }
}
