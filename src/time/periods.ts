/**
 * Calendar periods on local wall-clock time, represented as milliseconds-as-if-UTC
 * (so the UTC getters read local fields and DST never shifts a boundary). The caller
 * converts to instants with TimeZone.fromLocal.
 */
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';

export const PERIODS: readonly Period[] = ['day', 'week', 'month', 'quarter', 'year'];

const DAY = 86_400_000;

/** Date.UTC(y, m, d), without its reading of years 0–99 as 1900–1999. */
function utcDate(y: number, m: number, d: number): number {
  return new Date(0).setUTCFullYear(y, m, d);
}

/** Local start of the period containing the local time t. */
export function periodStart(t: number, period: Period): number {
  const day = Math.floor(t / DAY) * DAY;
  switch (period) {
    case 'day':
      return day;
    case 'week': {
      // Day 0 (1970-01-01) was a Thursday: Monday = 0 is (days + 3) mod 7, without a Date per row.
      const dow = (((day / DAY + 3) % 7) + 7) % 7;
      return day - dow * DAY;
    }
  }
  const d = new Date(t);
  const y = d.getUTCFullYear(), m = d.getUTCMonth();
  switch (period) {
    case 'month':
      return utcDate(y, m, 1);
    case 'quarter':
      return utcDate(y, m - (m % 3), 1);
    case 'year':
      return utcDate(y, 0, 1);
  }
}

/** Local start of the period after the one starting at start. */
export function nextPeriod(start: number, period: Period): number {
  const d = new Date(start);
  const y = d.getUTCFullYear(), m = d.getUTCMonth();
  switch (period) {
    case 'day':
      return start + DAY;
    case 'week':
      return start + 7 * DAY;
    case 'month':
      return utcDate(y, m + 1, 1);
    case 'quarter':
      return utcDate(y, m + 3, 1);
    case 'year':
      return utcDate(y + 1, 0, 1);
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * The period's label: 2026-03-02 (day), 2026-W10 (ISO week: the year and number of the
 * week's Thursday), 2026-03, 2026-Q1, 2026.
 */
export function periodLabel(start: number, period: Period): string {
  const d = new Date(start);
  const y = d.getUTCFullYear(), m = d.getUTCMonth();
  switch (period) {
    case 'day':
      return `${y}-${pad(m + 1)}-${pad(d.getUTCDate())}`;
    case 'week': {
      const thursday = new Date(start + 3 * DAY);
      const ty = thursday.getUTCFullYear();
      const week = Math.floor((thursday.getTime() - utcDate(ty, 0, 1)) / (7 * DAY)) + 1;
      return `${ty}-W${pad(week)}`;
    }
    case 'month':
      return `${y}-${pad(m + 1)}`;
    case 'quarter':
      return `${y}-Q${Math.floor(m / 3) + 1}`;
    case 'year':
      return `${y}`;
  }
}

/** How many periods a series from the period starting at first to the one starting at last has (local times). */
export function periodCount(first: number, last: number, period: Period): number {
  if (last < first) return 0;
  const a = new Date(first), b = new Date(last);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  switch (period) {
    case 'day':
      return Math.round((last - first) / DAY) + 1;
    case 'week':
      return Math.round((last - first) / (7 * DAY)) + 1;
    case 'month':
      return months + 1;
    case 'quarter':
      return Math.round(months / 3) + 1;
    case 'year':
      return b.getUTCFullYear() - a.getUTCFullYear() + 1;
  }
}

/**
 * Days from local time a to local time b (b exclusive), in wall-clock days: a week from Monday
 * 12:00 to the next Monday 12:00 is 7, a 12-hour shift 0.5, a DST day (23 or 25 hours) one.
 */
export function localDays(a: number, b: number): number {
  return (b - a) / DAY;
}

/** Whole local calendar days from the day of a to the day of b, inclusive (local times). */
export function daysInclusive(a: number, b: number): number {
  return Math.floor(b / DAY) - Math.floor(a / DAY) + 1;
}

/**
 * The local time n calendar periods after (n < 0: before) the local time t, the time of day
 * kept: days and weeks step by whole local days (a DST day is still one day), months,
 * quarters and years by the calendar, a day that the target month lacks clamped to its last
 * (2026-03-31 − 1 month = 2026-02-28).
 */
export function shiftLocal(t: number, period: Period, n: number): number {
  if (period === 'day') return t + n * DAY;
  if (period === 'week') return t + 7 * n * DAY;
  const months = period === 'month' ? n : period === 'quarter' ? 3 * n : 12 * n;
  const d = new Date(t);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const timeOfDay = t - Math.floor(t / DAY) * DAY;
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) + timeOfDay;
}
