/**
 * Time zones by hand, from the tz database's rules: offsets (whole, half and quarter
 * hours), the local times a change skips or repeats, and instants written back with their
 * offset.
 */
import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/time/instant.js';
import { TimeZone } from '../../src/time/time-zone.js';

const H = 3600_000, M = 60_000;

describe('TimeZone offsets', () => {
  it.each([
    ['UTC', Date.UTC(2026, 6, 1), 0],
    ['Asia/Kolkata', Date.UTC(2026, 0, 1), 5.5 * H],
    ['Asia/Kathmandu', Date.UTC(2026, 0, 1), 5.75 * H],
    ['America/New_York', Date.UTC(2026, 0, 15), -5 * H],
    ['America/New_York', Date.UTC(2026, 6, 15), -4 * H],
    ['Australia/Lord_Howe', Date.UTC(2026, 0, 1), 11 * H], // summer: +30 min of DST
    ['Australia/Lord_Howe', Date.UTC(2026, 6, 1), 10.5 * H],
    ['Pacific/Chatham', Date.UTC(2026, 6, 1), 12.75 * H],
    ['Pacific/Marquesas', Date.UTC(2026, 6, 1), -9.5 * H],
    ['Europe/Madrid', Date.UTC(1890, 0, 1), -(14 * M + 44_000)], // local mean time before 1901
    ['Europe/Madrid', Date.UTC(-100, 0, 1), -(14 * M + 44_000)], // before year 1 (BC era) too
  ])('%s at %d is %d ms', (zone, t, offset) => {
    expect(TimeZone.of(zone).offsetAt(t)).toBe(offset);
  });
  it('change at the very instant: New York 2026-03-08 07:00Z, 2026-11-01 06:00Z', () => {
    const ny = TimeZone.of('America/New_York');
    expect([ny.offsetAt(Date.UTC(2026, 2, 8, 6, 59, 59)), ny.offsetAt(Date.UTC(2026, 2, 8, 7))]).toEqual([-5 * H, -4 * H]);
    expect([ny.offsetAt(Date.UTC(2026, 10, 1, 5, 59, 59)), ny.offsetAt(Date.UTC(2026, 10, 1, 6))]).toEqual([-4 * H, -5 * H]);
    expect(ny.toLocal(Date.UTC(2026, 2, 8, 7))).toBe(Date.UTC(2026, 2, 8, 3));
  });
});

describe('TimeZone.fromLocal', () => {
  const ny = TimeZone.of('America/New_York');
  it('an ordinary local time', () => {
    expect(ny.fromLocal(Date.UTC(2026, 0, 15, 9, 30))).toBe(Date.UTC(2026, 0, 15, 14, 30));
    expect(TimeZone.of('Asia/Kolkata').fromLocal(Date.UTC(2026, 0, 15, 9, 30))).toBe(Date.UTC(2026, 0, 15, 4));
  });
  it('a skipped one (02:30 on 2026-03-08) is read with the offset before: 07:30Z, shown 03:30', () => {
    expect(ny.fromLocal(Date.UTC(2026, 2, 8, 2, 30))).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(ny.fromLocal(Date.UTC(2026, 2, 8, 1, 59))).toBe(Date.UTC(2026, 2, 8, 6, 59));
    expect(ny.fromLocal(Date.UTC(2026, 2, 8, 3, 0))).toBe(Date.UTC(2026, 2, 8, 7, 0));
  });
  it('a repeated one (01:30 on 2026-11-01) is its first occurrence, in daylight time', () => {
    expect(ny.fromLocal(Date.UTC(2026, 10, 1, 1, 30))).toBe(Date.UTC(2026, 10, 1, 5, 30));
    expect(ny.fromLocal(Date.UTC(2026, 10, 1, 2, 0))).toBe(Date.UTC(2026, 10, 1, 7, 0));
    expect(ny.fromLocal(Date.UTC(2026, 10, 1, 0, 59))).toBe(Date.UTC(2026, 10, 1, 4, 59));
  });
  it('Lord Howe\'s half-hour change: 02:15 on 2026-10-04 is skipped, 01:45 on 2026-04-05 repeated', () => {
    const lh = TimeZone.of('Australia/Lord_Howe');
    // 2026-10-04 02:00 +10:30 → 02:30 +11:00. 02:15 read with +10:30.
    expect(lh.fromLocal(Date.UTC(2026, 9, 4, 2, 15))).toBe(Date.UTC(2026, 9, 3, 15, 45));
    // 2026-04-05 02:00 +11:00 → 01:30 +10:30. 01:45 first at +11:00.
    expect(lh.fromLocal(Date.UTC(2026, 3, 5, 1, 45))).toBe(Date.UTC(2026, 3, 4, 14, 45));
  });
  it('UTC is the identity', () => {
    expect(TimeZone.of('UTC').fromLocal(123456789)).toBe(123456789);
    expect(TimeZone.of('UTC').toLocal(123456789)).toBe(123456789);
  });
});

describe('TimeZone.of', () => {
  it('keeps the name as given, and knows UTC by any of its names', () => {
    expect(TimeZone.of('Asia/Kolkata').name).toBe('Asia/Kolkata');
    expect(TimeZone.of('Asia/Calcutta').name).toBe('Asia/Calcutta');
    expect(['UTC', 'Etc/UTC', 'Z'].map((z) => TimeZone.of(z).name)).toEqual(['UTC', 'UTC', 'UTC']);
  });
  it('without a name, the system zone', () => {
    expect(TimeZone.of(undefined).name).toBe(TimeZone.of(Intl.DateTimeFormat().resolvedOptions().timeZone).name);
  });
  it('asks for the system zone only when no zone is named (it loads ICU\'s zone data, ~20 ms of every run), in TimeZone.of and in the settings', async () => {
    const { resolveComputeSettings } = await import('../../src/settings/settings.js');
    const Real = Intl.DateTimeFormat;
    let asked = 0;
    // The system zone is the one a DateTimeFormat without a timeZone resolves.
    const Spy = function (this: unknown, locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
      if (options?.timeZone === undefined) asked++;
      return new Real(locales, options);
    } as unknown as typeof Intl.DateTimeFormat;
    Intl.DateTimeFormat = Spy;
    try {
      const ctx = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '/tmp' };
      TimeZone.of('UTC');
      TimeZone.of('Europe/Madrid');
      resolveComputeSettings(ctx, [], { tz: 'Asia/Tokyo' }, false);
      expect(asked).toBe(0);
      TimeZone.of(undefined);
      expect(asked).toBe(1);
      resolveComputeSettings(ctx, [], {}, false);
      expect(asked).toBe(2);
    } finally {
      Intl.DateTimeFormat = Real;
    }
  });
  it('an unknown zone is a usage error naming it', () => {
    expect(() => TimeZone.of('Europe/Atlantis')).toThrow('unknown time zone "Europe/Atlantis" (use an IANA name such as Europe/Madrid or UTC)');
  });
});

describe('formatInstant', () => {
  it.each([
    [Date.UTC(2026, 2, 4, 9, 15, 22), 'UTC', '2026-03-04T09:15:22Z'],
    [Date.UTC(2026, 2, 4, 9, 15, 22, 5), 'UTC', '2026-03-04T09:15:22.005Z'],
    [Date.UTC(2026, 2, 1), 'Europe/Madrid', '2026-03-01T01:00:00+01:00'],
    [Date.UTC(2026, 6, 1), 'Europe/Madrid', '2026-07-01T02:00:00+02:00'],
    [Date.UTC(2026, 2, 4, 9, 15, 22, 5), 'Pacific/Marquesas', '2026-03-03T23:45:22.005-09:30'],
    [Date.UTC(2026, 2, 4), 'Asia/Kathmandu', '2026-03-04T05:45:00+05:45'],
    [Date.UTC(2026, 0, 15, 14, 30), 'America/New_York', '2026-01-15T09:30:00-05:00'],
    [Date.UTC(2026, 11, 31, 23, 59, 59, 999), 'Pacific/Chatham', '2027-01-01T13:44:59.999+13:45'],
  ])('%d in %s is %s', (t, zone, text) => {
    expect(formatInstant(t, TimeZone.of(zone))).toBe(text);
  });
});

describe('TimeZone.of', () => {
  it('UTC however spelled is UTC, written Z', () => {
    for (const name of ['UTC', 'utc', 'Etc/UTC', 'etc/utc', 'Z']) {
      const z = TimeZone.of(name);
      expect(z.name, name).toBe('UTC');
      expect(formatInstant(Date.UTC(2026, 2, 1), z), name).toBe('2026-03-01T00:00:00Z');
    }
  });
});
