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
    // Built inside the test: a mutant reached only at collection time would go unseen.
    expect(clock('Mon-Fri 09:00-18:00')(a, b)).toBe(seconds);
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

  it('end before start is 0 across days too', () => {
    expect(clock('Mon-Fri 09:00-18:00')('2026-03-10 12:00', '2026-03-09 10:00')).toBe(0);
  });

  it('a long span after a short one (the day table grows backwards and forwards)', () => {
    const c = clock('Mon-Sun 00:00-24:00');
    expect(c('2026-06-01 10:00', '2026-06-01 11:00')).toBe(H);
    expect(c('2025-01-01 00:00', '2027-01-01 00:00')).toBe(730 * 24 * H);
    expect(c('2024-01-01 00:00', '2024-03-01 00:00')).toBe(60 * 24 * H);
    expect(c('2026-06-01 00:00', '2028-06-01 00:00')).toBe(731 * 24 * H);
  });

  it('opening hours inside the hour a spring change skips are no hours at all that day', () => {
    // Madrid 2026-03-29: 02:00 → 03:00; "Sun 02:30-03:00" does not happen that Sunday.
    const c = clock('Sun 02:30-03:00', 'Europe/Madrid');
    expect(c('2026-03-28 00:00', '2026-03-31 00:00')).toBe(0);
    expect(c('2026-03-28 00:00', '2026-04-06 00:00')).toBe(0.5 * H);
    expect(c('2026-03-29 00:00', '2026-03-29 12:00')).toBe(0);
  });

  it('ranges that wrap over the week: Fri-Mon', () => {
    const c = clock('Fri-Mon 10:00-11:00');
    expect(c('2026-03-02 00:00', '2026-03-09 00:00')).toBe(4 * H); // Mon, Fri, Sat, Sun
  });
});

describe('parseSchedule, by hand (minutes after midnight, Monday first)', () => {
  const none: [number, number][] = [];
  it.each([
    ['Mon-Fri 09:00-18:00', [[[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], none, none]],
    ['mon-FRI 9:00-18:00', [[[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], none, none]],
    ['Monday,Wednesday 08:15-16:45', [[[495, 1005]], none, [[495, 1005]], none, none, none, none]],
    ['Sat 10:00-14:00', [none, none, none, none, none, [[600, 840]], none]],
    ['Fri-Mon 00:00-24:00', [[[0, 1440]], none, none, none, [[0, 1440]], [[0, 1440]], [[0, 1440]]]],
    // Ranges given out of order are sorted; groups may repeat a day and be spaced freely.
    [' Tue 14:00-18:00 ,  09:00-13:00 ;  Tue 19:00-20:00 ; ', [none, [[540, 780], [840, 1080], [1140, 1200]], none, none, none, none, none]],
    ['Sun  23:59-24:00', [none, none, none, none, none, none, [[1439, 1440]]]],
  ] as [string, [number, number][][]][])('%j', (spec, week) => {
    expect(parseSchedule(spec)).toEqual(week);
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
    ['Mon 09:00-24:01', /^"24:01" is not a time of day \(HH:MM, 00:00 to 24:00\)$/],
    ['Mon 09:60-10:00', /^"09:60" is not a time of day/],
    ['Mon 109:00-110:00', /^"109:00" is not a time of day/],
    ['Mon 09:001-10:00', /^"09:001" is not a time of day/],
    ['Mon 0900-1000', /^"0900" is not a time of day/],
    ['Mon 09:00-09:00', /^"09:00-09:00" ends before it starts$/],
    ['Mon 09:00', /^"09:00" is not a range of hours \(HH:MM-HH:MM\)$/],
    ['Mo 09:00-10:00', /^unknown day "Mo" \(use Mon, Tue, … Sun\)$/],
    ['Mon-Fri 09:00-13:00,12:00-18:00', /^ranges 09:00-13:00 and 12:00-18:00 overlap$/],
    ['Mon 08:05-09:30; Mon 09:15-10:00', /^ranges 08:05-09:30 and 09:15-10:00 overlap$/],
    [' ; ', /^no opening hours given/],
  ])('%j', (spec, message) => {
    expect(() => parseSchedule(spec)).toThrow(message);
  });
});

/**
 * The reference: walk the span minute by minute and ask, for each minute, whether its local
 * wall-clock time (Intl, as a person reads a clock on the wall) is on an open day, not a
 * holiday, inside one of that day's ranges. Shares nothing with BusinessClock's per-day
 * instants and prefix sums. Schedules keep their ends out of the hour a spring change skips
 * (where "open until 02:30" has no wall-clock meaning).
 */
function minuteByMinute(zone: string, spec: string, holidays: string[]) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const ranges = new Map<string, [number, number][]>();
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  for (const group of spec.split(';')) {
    const [dayPart, hourPart] = group.trim().split(/\s+/);
    const hm = (x: string) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3, 5));
    for (const span of dayPart.split(',')) {
      const [d0, d1 = d0] = span.split('-');
      for (let i = days.indexOf(d0), n = 0; n < 7; i = (i + 1) % 7, n++) {
        for (const r of hourPart.split(',')) ranges.set(days[i], [...(ranges.get(days[i]) ?? []), [hm(r.slice(0, 5)), hm(r.slice(6, 11))]]);
        if (days[i] === d1) break;
      }
    }
  }
  // Every zone's offset changes on a quarter hour: read the wall clock once per quarter
  // hour and count the minutes on from it (a quarter hour never crosses a local hour).
  const quarters = new Map<number, Record<string, string>>();
  const open = (t: number) => {
    const q = Math.floor(t / 900_000) * 900_000;
    let p = quarters.get(q);
    if (p === undefined) quarters.set(q, (p = Object.fromEntries(f.formatToParts(new Date(q)).map((x) => [x.type, x.value]))));
    if (holidays.includes(`${p.year}-${p.month}-${p.day}`)) return false;
    const m = Number(p.hour) * 60 + Number(p.minute) + (t - q) / 60_000;
    return (ranges.get(p.weekday) ?? []).some(([a, b]) => a <= m && m < b);
  };
  return (a: number, b: number) => {
    let s = 0;
    for (let t = a; t < b; t += 60_000) if (open(t)) s += 60;
    return s;
  };
}

describe('BusinessClock against minute-by-minute counting', () => {
  const cases = [
    { zone: 'Europe/Madrid', spec: 'Mon-Fri 08:00-12:30,13:15-17:45; Sat 10:00-12:30', holidays: ['2026-03-27', '2026-10-26'] },
    { zone: 'America/New_York', spec: 'Mon-Fri 09:00-17:00; Sun 00:00-24:00', holidays: ['2026-11-03'] },
    { zone: 'Asia/Kolkata', spec: 'Mon-Sat 09:00-19:00', holidays: ['2026-03-30'] },
    // Chile changes at midnight: the whole-day schedule's days have 23 and 25 hours.
    { zone: 'America/Santiago', spec: 'Fri-Mon 00:00-24:00; Wed 06:45-07:15', holidays: [] },
    { zone: 'UTC', spec: 'Tue,Thu 00:00-00:01,23:59-24:00', holidays: ['2026-03-26'] },
  ];
  // Instants near each zone's DST changes of 2026 (and plain weeks), to the minute.
  const anchors = [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6), Date.UTC(2026, 8, 6, 4), Date.UTC(2026, 3, 5, 3), Date.UTC(2026, 2, 26, 12)];
  it.each(cases)('$zone, "$spec"', ({ zone, spec, holidays }) => {
    const tz = TimeZone.of(zone);
    const c = new BusinessClock(parseSchedule(spec), parseHolidays(holidays, 'h'), tz);
    const reference = minuteByMinute(zone, spec, holidays);
    const minute = fc.integer({ min: -4 * 1440, max: 4 * 1440 }).map((m) => m * 60_000);
    fc.assert(
      fc.property(fc.constantFrom(...anchors), minute, fc.integer({ min: 0, max: 3 * 1440 }), (anchor, shift, length) => {
        const a = anchor + shift, b = a + length * 60_000;
        expect(c.seconds(a, b)).toBe(reference(a, b));
      }),
      { numRuns: 60 },
    );
  });
});

describe('BusinessClock properties', () => {
  const tz = TimeZone.of('Europe/Madrid');
  const madrid = () => new BusinessClock(parseSchedule('Mon-Fri 09:00-13:00,14:00-18:00; Sat 10:00-12:30'), parseHolidays(['2026-04-03'], 'h'), tz);
  const start = Date.UTC(2026, 0, 1);
  const instant = fc.integer({ min: 0, max: 400 * 86400 }).map((s) => start + s * 1000);

  it('is additive over split intervals', () => {
    fc.assert(
      fc.property(fc.array(instant, { minLength: 3, maxLength: 3 }), (xs) => {
        const c = madrid();
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
  it.each([['2026-12-25x'], ['x2026-12-25'], ['2026-02-30'], ['25/12/2026'], ['2100-02-29']])('refuses %j, naming the line', (line) => {
    expect(() => parseHolidays(['2026-01-01', line], 'h.txt')).toThrow(`h.txt:2: not an ISO date (expected e.g. 2026-12-25) ("${line}")`);
  });
});
