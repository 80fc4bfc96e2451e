/**
 * Relative windows (issue 13): --last N{d,w,m,q,y}, --from/--to today/yesterday/-7d, and the
 * window --compare sets beside the report's, as local calendar arithmetic in the zone:
 * a DST day (23 or 25 hours in Madrid) is still one whole day.
 */
import { describe, expect, it } from 'vitest';
import { comparedWindow, lastWindow, parseBound, parseLast } from '../../src/settings/window.js';
import type { Window } from '../../src/settings/window.js';
import { formatInstant } from '../../src/time/instant.js';
import { shiftLocal } from '../../src/time/periods.js';
import { TimeZone } from '../../src/time/time-zone.js';

const utc = TimeZone.of('UTC');
const madrid = TimeZone.of('Europe/Madrid');
const at = (text: string, zone = utc) => parseBound(text, zone, 0);
const show = (w: Window, zone = utc) => [formatInstant(w.from, zone), formatInstant(w.to, zone)];
const hours = (w: Window) => (w.to - w.from) / 3_600_000;

describe('--last: the N whole periods before the one containing now', () => {
  // 2023-05-20 is a Saturday.
  const now = at('2023-05-20T06:00Z');
  it.each([
    ['1d', '2023-05-19T00:00:00Z', '2023-05-20T00:00:00Z'],
    ['3d', '2023-05-17T00:00:00Z', '2023-05-20T00:00:00Z'],
    ['1w', '2023-05-08T00:00:00Z', '2023-05-15T00:00:00Z'], // the previous Monday-to-Monday week
    ['2w', '2023-05-01T00:00:00Z', '2023-05-15T00:00:00Z'],
    ['1m', '2023-04-01T00:00:00Z', '2023-05-01T00:00:00Z'],
    ['1q', '2023-01-01T00:00:00Z', '2023-04-01T00:00:00Z'],
    ['1y', '2022-01-01T00:00:00Z', '2023-01-01T00:00:00Z'],
    ['14M', '2022-03-01T00:00:00Z', '2023-05-01T00:00:00Z'],
  ])('%s at 06:00 on 2023-05-20', (text, from, to) => {
    expect(show(lastWindow(parseLast(text), now, utc))).toEqual([from, to]);
  });

  it('a DST day in Madrid is one day of 23 or 25 hours', () => {
    const spring = lastWindow(parseLast('1d'), at('2026-03-30 06:00', madrid), madrid);
    expect(show(spring, madrid)).toEqual(['2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00']);
    expect(hours(spring)).toBe(23);
    const autumn = lastWindow(parseLast('1d'), at('2026-10-26 06:00', madrid), madrid);
    expect(show(autumn, madrid)).toEqual(['2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00']);
    expect(hours(autumn)).toBe(25);
    // The week holding the spring change: Monday 00:00 to Monday 00:00, 167 hours.
    const week = lastWindow(parseLast('1w'), at('2026-04-01 06:00', madrid), madrid);
    expect(show(week, madrid)).toEqual(['2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00']);
    expect(hours(week)).toBe(167);
  });

  it('just after midnight, "now" is already in the new day; just before, still in the old one', () => {
    expect(show(lastWindow(parseLast('1d'), at('2026-03-30 00:00', madrid), madrid), madrid)[0]).toBe('2026-03-29T00:00:00+01:00');
    expect(show(lastWindow(parseLast('1d'), at('2026-03-29 23:59:59', madrid), madrid), madrid)[0]).toBe('2026-03-28T00:00:00+01:00');
  });

  it.each(['0d', 'd', '1x', '1.5d', '-1d', ''])('"%s" is refused', (text) => {
    expect(() => parseLast(text)).toThrow(/is not a count of whole periods such as 1d, 7d, 1w, 1m, 1q or 1y/);
  });
});

describe('--from/--to: relative to the start of today in --tz', () => {
  const now = at('2026-03-31 10:00', madrid);
  const bound = (text: string) => formatInstant(parseBound(text, madrid, now), madrid);
  it.each([
    ['today', '2026-03-31T00:00:00+02:00'],
    ['Yesterday', '2026-03-30T00:00:00+02:00'],
    ['-1d', '2026-03-30T00:00:00+02:00'],
    ['-3d', '2026-03-28T00:00:00+01:00'], // across the 23-hour day: whole days, not 72 hours
    ['-7d', '2026-03-24T00:00:00+01:00'],
    ['-2w', '2026-03-17T00:00:00+01:00'],
    ['-1m', '2026-02-28T00:00:00+01:00'], // March 31 less a month: February's last day
    ['-1q', '2025-12-31T00:00:00+01:00'],
    ['-1y', '2025-03-31T00:00:00+02:00'],
    ['2026-03-01', '2026-03-01T00:00:00+01:00'],
    ['2026-03-01T12:00:00Z', '2026-03-01T13:00:00+01:00'],
  ])('%s', (text, expected) => {
    expect(bound(text)).toBe(expected);
  });

  it('a text that is neither names the forms; a wrong date keeps its own reason', () => {
    expect(() => bound('last week')).toThrow('not a date or timestamp (e.g. 2026-03-04 or 2026-03-04 09:15), nor today, yesterday, -7d, -2w or -1m ("last week")');
    expect(() => bound('2026-13-01')).toThrow('month 13 out of range ("2026-13-01")');
  });
});

describe('--compare: the window beside the report', () => {
  const w = (from: string, to: string, zone = utc): Window => ({ from: at(from, zone), to: at(to, zone) });
  it('previous: a day before a day (the 23-hour day before a 24-hour one), a week before a week', () => {
    const day = comparedWindow(w('2026-03-30', '2026-03-31', madrid), 'previous', madrid);
    expect(show(day, madrid)).toEqual(['2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00']);
    const week = comparedWindow(w('2023-05-08', '2023-05-15'), 'previous', utc);
    expect(show(week)).toEqual(['2023-05-01T00:00:00Z', '2023-05-08T00:00:00Z']);
  });

  it('previous: calendar months when both ends are month starts (February before March), else equal local length', () => {
    expect(show(comparedWindow(w('2026-03-01', '2026-04-01'), 'previous', utc))).toEqual(['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z']);
    expect(show(comparedWindow(w('2026-01-01', '2026-04-01'), 'previous', utc))).toEqual(['2025-10-01T00:00:00Z', '2026-01-01T00:00:00Z']);
    expect(show(comparedWindow(w('2026-03-10 12:00', '2026-03-12 00:00'), 'previous', utc))).toEqual(['2026-03-09T00:00:00Z', '2026-03-10T12:00:00Z']);
  });

  it('year: the same local dates a year earlier (29 February becomes the 28th)', () => {
    expect(show(comparedWindow(w('2026-03-29', '2026-03-30', madrid), 'year', madrid), madrid)).toEqual(['2025-03-29T00:00:00+01:00', '2025-03-30T00:00:00+01:00']);
    expect(show(comparedWindow(w('2024-02-29', '2024-03-01'), 'year', utc))).toEqual(['2023-02-28T00:00:00Z', '2023-03-01T00:00:00Z']);
  });
});

describe('shiftLocal', () => {
  const d = (y: number, m: number, day: number, h = 0) => Date.UTC(y, m - 1, day, h);
  it('keeps the time of day and clamps to the month end', () => {
    expect(shiftLocal(d(2026, 1, 31, 9), 'month', 1)).toBe(d(2026, 2, 28, 9));
    expect(shiftLocal(d(2024, 3, 31), 'quarter', -1)).toBe(d(2023, 12, 31));
    expect(shiftLocal(d(2026, 1, 15), 'month', -13)).toBe(d(2024, 12, 15));
    expect(shiftLocal(d(2026, 3, 2), 'week', -1)).toBe(d(2026, 2, 23));
  });
});
