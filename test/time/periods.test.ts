import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDays, nextPeriod, periodStart } from '../../src/time/periods.js';

const utc = (s: string) => Date.parse(s + 'Z');

describe('periodStart', () => {
  it('weeks start on Monday (by hand, a calendar at hand)', () => {
    // 2026-11-26 is a Thursday; 11-23 the Monday before; 11-29 the Sunday after.
    expect(periodStart(utc('2026-11-26T15:30:00'), 'week')).toBe(utc('2026-11-23T00:00:00'));
    expect(periodStart(utc('2026-11-23T00:00:00'), 'week')).toBe(utc('2026-11-23T00:00:00'));
    expect(periodStart(utc('2026-11-29T23:59:59.999'), 'week')).toBe(utc('2026-11-23T00:00:00'));
    expect(periodStart(utc('2026-11-30T00:00:00'), 'week')).toBe(utc('2026-11-30T00:00:00'));
    // Before 1970 (negative times): 1969-12-31 was a Wednesday, 1969-12-29 a Monday.
    expect(periodStart(utc('1969-12-31T12:00:00'), 'week')).toBe(utc('1969-12-29T00:00:00'));
    // Across a year: 2021-01-01 was a Friday, in the week of Monday 2020-12-28.
    expect(periodStart(utc('2021-01-01T08:00:00'), 'week')).toBe(utc('2020-12-28T00:00:00'));
  });
  it('day, month, quarter, year (by hand)', () => {
    const t = utc('2024-02-29T23:00:00');
    expect(periodStart(t, 'day')).toBe(utc('2024-02-29T00:00:00'));
    expect(periodStart(t, 'month')).toBe(utc('2024-02-01T00:00:00'));
    expect(periodStart(t, 'quarter')).toBe(utc('2024-01-01T00:00:00'));
    expect(periodStart(t, 'year')).toBe(utc('2024-01-01T00:00:00'));
    expect(periodStart(utc('2024-12-31T23:59:59'), 'quarter')).toBe(utc('2024-10-01T00:00:00'));
  });
  it('a week start is a Monday (Date.getUTCDay) at most 6 days before, and the next week starts 7 days later (seeded)', () => {
    fc.assert(
      fc.property(fc.integer({ min: utc('1900-01-01T00:00:00'), max: utc('2200-01-01T00:00:00') }), (t) => {
        const s = periodStart(t, 'week');
        expect(new Date(s).getUTCDay()).toBe(1);
        expect(t - s).toBeGreaterThanOrEqual(0);
        expect(t - s).toBeLessThan(7 * 86_400_000);
        expect(nextPeriod(s, 'week') - s).toBe(7 * 86_400_000);
      }),
    );
  });
});

describe('localDays', () => {
  const t = (iso: string) => Date.parse(iso + 'Z'); // a local time as its UTC-like number
  it('a noon-to-noon week is 7, a 12-hour shift 0.5, a DST day (wall clock) 1', () => {
    expect(localDays(t('2026-03-03T12:00'), t('2026-03-10T12:00'))).toBe(7);
    expect(localDays(t('2026-03-03T06:00'), t('2026-03-03T18:00'))).toBe(0.5);
    expect(localDays(t('2026-03-29T00:00'), t('2026-03-30T00:00'))).toBe(1);
  });
});
