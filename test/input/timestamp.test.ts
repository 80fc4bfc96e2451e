import { describe, expect, it } from 'vitest';
import { TimeZone } from '../../src/time/time-zone.js';
import { ParseFailure, parseTimestamp } from '../../src/input/cells/timestamp.js';

const utc = TimeZone.of('UTC');
const madrid = TimeZone.of('Europe/Madrid');
const ny = TimeZone.of('America/New_York');

describe('parseTimestamp', () => {
  it.each([
    ['2026-03-04T09:15:22Z', Date.UTC(2026, 2, 4, 9, 15, 22)],
    ['2026-03-04 09:15', Date.UTC(2026, 2, 4, 9, 15)],
    ['2026-03-04', Date.UTC(2026, 2, 4)],
    ['2026-03-04T09:15:22.5Z', Date.UTC(2026, 2, 4, 9, 15, 22, 500)],
    ['2026-03-04T09:15:22.123456Z', Date.UTC(2026, 2, 4, 9, 15, 22, 123)],
    ['2026-03-04T09:15:22+02:00', Date.UTC(2026, 2, 4, 7, 15, 22)],
    ['2026-03-04T09:15:22+0200', Date.UTC(2026, 2, 4, 7, 15, 22)],
    ['2026-03-04T09:15:22-05', Date.UTC(2026, 2, 4, 14, 15, 22)],
    [' 2026-03-04 09:15:22 ', Date.UTC(2026, 2, 4, 9, 15, 22)],
    ['2024-02-29 00:00:00', Date.UTC(2024, 1, 29)],
  ])('%s', (text, expected) => {
    expect(parseTimestamp(text, utc)).toBe(expected);
  });

  it.each([
    ['04/03/2026', /not an ISO 8601 timestamp/],
    ['2026-02-30', /day 30 does not exist in 2026-02/],
    ['2025-02-29 10:00', /day 29 does not exist/],
    ['2026-13-01', /month 13/],
    ['2026-03-04 25:00', /hour 25/],
    ['2026-03-04 10:61', /minute 61/],
    ['2026-03-04T10:00:00Zjunk', /not an ISO/],
    ['2026-03-04T10:00:00+2', /not an ISO/],
    ['yesterday', /not an ISO/],
    ['', /not an ISO/],
  ])('refuses %j', (text, message) => {
    const r = parseTimestamp(text, utc);
    expect(r).toBeInstanceOf(ParseFailure);
    expect((r as ParseFailure).message).toMatch(message);
  });

  it('reads offset-less times as local time in the zone', () => {
    expect(parseTimestamp('2026-01-15 10:00', madrid)).toBe(Date.UTC(2026, 0, 15, 9)); // CET +01:00
    expect(parseTimestamp('2026-07-15 10:00', madrid)).toBe(Date.UTC(2026, 6, 15, 8)); // CEST +02:00
    expect(parseTimestamp('2026-07-15 10:00', ny)).toBe(Date.UTC(2026, 6, 15, 14)); // EDT −04:00
    expect(parseTimestamp('2026-07-15 10:00Z', madrid)).toBe(Date.UTC(2026, 6, 15, 10)); // an offset wins over the zone
  });

  it('a time skipped by the spring change reads with the offset before it; a repeated one is its first occurrence', () => {
    // Madrid 2026-03-29: 02:00 → 03:00. 02:30 does not exist: read as 02:30 +01:00 = 01:30Z (shown 03:30 CEST).
    expect(parseTimestamp('2026-03-29 02:30', madrid)).toBe(Date.UTC(2026, 2, 29, 1, 30));
    // Madrid 2026-10-25: 03:00 → 02:00. 02:30 happens twice; the first is +02:00 = 00:30Z.
    expect(parseTimestamp('2026-10-25 02:30', madrid)).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(parseTimestamp('2026-10-25 03:30', madrid)).toBe(Date.UTC(2026, 9, 25, 2, 30));
  });
});

describe('TimeZone', () => {
  it('knows offsets either side of a change', () => {
    expect(madrid.offsetAt(Date.UTC(2026, 2, 29, 0, 59))).toBe(3600_000);
    expect(madrid.offsetAt(Date.UTC(2026, 2, 29, 1, 0))).toBe(7200_000);
  });
  it('refuses an unknown zone with a usage error', () => {
    expect(() => TimeZone.of('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
  it('treats UTC aliases as UTC', () => {
    expect(TimeZone.of('Etc/UTC').name).toBe('UTC');
  });
});
