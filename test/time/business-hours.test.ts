import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessClock, parseHolidays, parseSchedule } from '../../src/time/business-hours.js';
import { TimeZone } from '../../src/time/time-zone.js';
import { parseTimestamp } from '../../src/input/cells/timestamp.js';

const H = 3600;

function clock(spec: string, zone = 'UTC', holidays: string[] = []) {
  const tz = TimeZone.of(zone);
  const c = new BusinessClock(parseSchedule(spec), parseHolidays(holidays, 'holidays'), tz);
  return (a: string, b: string) => c.seconds(parseTimestamp(a, tz) as number, parseTimestamp(b, tz) as number);
}

describe('BusinessClock: hand-computed cases', () => {
  const weekdays = clock('Mon-Fri 09:00-18:00');
  it.each([
    // 2026-03-06 is a Friday, 2026-03-09 the Monday after.
    ['Friday 17:00 → Monday 09:30 is 1h30m', '2026-03-06 17:00', '2026-03-09 09:30', 1.5 * H],
    ['inside one day', '2026-03-09 10:00', '2026-03-09 12:15', 2.25 * H],
    ['created before opening counts from 09:00', '2026-03-09 07:00', '2026-03-09 09:45', 0.75 * H],
    ['created and answered before opening is 0', '2026-03-09 07:00', '2026-03-09 08:59', 0],
    ['created at night, answered next morning', '2026-03-09 20:00', '2026-03-10 09:10', 10 * 60],
    ['all weekend is 0', '2026-03-07 10:00', '2026-03-08 16:00', 0],
    ['two full weeks', '2026-03-02 00:00', '2026-03-16 00:00', 10 * 9 * H],
    ['end before start is 0', '2026-03-09 12:00', '2026-03-09 11:00', 0],
  ])('%s', (_name, a, b, seconds) => {
    expect(weekdays(a, b)).toBe(seconds);
  });

  it('a holiday in between is closed', () => {
    const c = clock('Mon-Fri 09:00-18:00', 'UTC', ['2026-03-09']);
    expect(c('2026-03-06 17:00', '2026-03-10 09:30')).toBe(1.5 * H);
  });

  it('a lunch break is closed', () => {
    const c = clock('Mon-Fri 09:00-13:00,14:00-18:00');
    expect(c('2026-03-09 12:00', '2026-03-09 15:00')).toBe(2 * H);
  });

  it('several day groups: Saturday mornings', () => {
    const c = clock('Mon-Fri 09:00-18:00; Sat 10:00-14:00');
    expect(c('2026-03-06 17:00', '2026-03-09 09:30')).toBe(1 * H + 4 * H + 0.5 * H);
  });

  it('the March DST change in Europe/Madrid: a 24-hour schedule over Sunday 2026-03-29 has 23 hours', () => {
    const c = clock('Mon-Sun 00:00-24:00', 'Europe/Madrid');
    expect(c('2026-03-29 00:00', '2026-03-30 00:00')).toBe(23 * H);
    expect(c('2026-03-28 00:00', '2026-03-29 00:00')).toBe(24 * H);
  });

  it('office hours on the days around the DST change stay 9 hours', () => {
    const c = clock('Mon-Fri 09:00-18:00', 'Europe/Madrid');
    // Friday 27 and Monday 30 March 2026, either side of the change.
    expect(c('2026-03-27 09:00', '2026-03-30 18:00')).toBe(18 * H);
  });

  it('the autumn change: 2026-10-25 has 25 hours in Madrid', () => {
    const c = clock('Mon-Sun 00:00-24:00', 'Europe/Madrid');
    expect(c('2026-10-25 00:00', '2026-10-26 00:00')).toBe(25 * H);
  });

  it('ranges that wrap over the week: Fri-Mon', () => {
    const c = clock('Fri-Mon 10:00-11:00');
    expect(c('2026-03-02 00:00', '2026-03-09 00:00')).toBe(4 * H); // Mon, Fri, Sat, Sun
  });
});

describe('parseSchedule errors', () => {
  it.each([
    ['', /no opening hours/],
    ['Mon-Fri', /needs days and hours/],
    ['Mon-Fry 09:00-18:00', /unknown day "Fry"/],
    ['Mon-Fri 18:00-09:00', /ends before it starts/],
    ['Mon-Fri 9-18', /not a range of hours|not a time of day/],
    ['Mon-Fri 09:00-13:00,12:00-18:00', /overlap/],
    ['Mon 25:00-26:00', /not a time of day/],
  ])('%j', (spec, message) => {
    expect(() => parseSchedule(spec)).toThrow(message);
  });
});

describe('BusinessClock properties', () => {
  const tz = TimeZone.of('Europe/Madrid');
  const c = new BusinessClock(parseSchedule('Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-12:30'), parseHolidays(['2026-04-03'], 'h'), tz);
  const start = Date.UTC(2026, 0, 1);
  const instant = fc.integer({ min: 0, max: 400 * 86400 }).map((s) => start + s * 1000);

  it('business time never exceeds calendar time and is never negative', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const s = c.seconds(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(Math.max(0, (b - a) / 1000));
      }),
      { numRuns: 2000 },
    );
  });

  it('is additive over split intervals', () => {
    fc.assert(
      fc.property(fc.array(instant, { minLength: 3, maxLength: 3 }), (xs) => {
        const [a, m, b] = xs.sort((x, y) => x - y);
        expect(c.seconds(a, m) + c.seconds(m, b)).toBeCloseTo(c.seconds(a, b), 6);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseHolidays', () => {
  it('gives local day numbers, refuses dates that do not exist, skips comments and blank lines', () => {
    expect([...parseHolidays(['1970-01-02', '', '# closed', '2026-12-25 # Christmas'], 'h')]).toEqual([1, Date.UTC(2026, 11, 25) / 86_400_000]);
    expect(() => parseHolidays(['2026-02-30'], 'h.txt')).toThrow('h.txt:1: not an ISO date (expected e.g. 2026-12-25) ("2026-02-30")');
    expect(() => parseHolidays(['2026-12-25', '2026-13-01'], 'h.txt')).toThrow('h.txt:2: not an ISO date');
  });
});
