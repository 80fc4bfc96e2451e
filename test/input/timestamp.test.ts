import fc from 'fast-check';
import { TRIMMED_CHARACTERS } from '../../src/input/cells/trim.js';
import { describe, expect, it } from 'vitest';
import { TimeZone } from '../../src/time/time-zone.js';
import { ParseFailure, daysFromCivil, daysInMonth, parseTimestamp, parseTimestampAt } from '../../src/input/cells/timestamp.js';

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
    // The century rule: 2000 is a leap year (divisible by 400), as is 2400.
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['2400-02-29 12:00', Date.UTC(2400, 1, 29, 12)],
    ['2026-12-31 23:59:59', Date.UTC(2026, 11, 31, 23, 59, 59)],
    ['2026-04-30t00:00z', Date.UTC(2026, 3, 30)],
    ['2026-03-04 09:15:22,25', Date.UTC(2026, 2, 4, 9, 15, 22, 250)],
    ['2026-03-04T09:15:22.999Z', Date.UTC(2026, 2, 4, 9, 15, 22, 999)],
    ['2026-03-04T09:15:22.0009Z', Date.UTC(2026, 2, 4, 9, 15, 22)],
    ['2026-03-04T09:15+05:30', Date.UTC(2026, 2, 4, 3, 45)],
    ['2026-03-04T09:15-0930', Date.UTC(2026, 2, 4, 18, 45)],
    ['2026-03-04T09:15:00+18:00', Date.UTC(2026, 2, 3, 15, 15)],
    ['1899-12-31 23:00', Date.UTC(1899, 11, 31, 23)],
    ['2200-01-01', Date.UTC(2200, 0, 1)],
    ['1970-01-01', 0],
    // Longer than the parser's first scratch buffer (64 characters).
    [`2026-03-04T09:15:22.${'1'.repeat(80)}Z`, Date.UTC(2026, 2, 4, 9, 15, 22, 111)],
  ])('%s', (text, expected) => {
    expect(parseTimestamp(text, utc)).toBe(expected);
  });

  it.each([
    ['04/03/2026', /not an ISO 8601 timestamp/],
    // A character just below '0' or just above '9' in a two-digit part.
    ['2026-03-1/', /^not an ISO 8601 timestamp/],
    ['2026-03-1:', /^not an ISO 8601 timestamp/],
    ['2026-03-:1', /^not an ISO 8601 timestamp/],
    ['2026-03-04 09:1/', /^not an ISO 8601 timestamp/],
    ['2026-02-30', /day 30 does not exist in 2026-02/],
    ['2025-02-29 10:00', /day 29 does not exist/],
    ['2026-13-01', /month 13/],
    ['2026-03-04 25:00', /hour 25/],
    ['2026-03-04 10:61', /minute 61/],
    // The century rule: 2100 and 1900 are not leap years (divisible by 100, not by 400).
    ['2100-02-29', /day 29 does not exist in 2100-02/],
    ['1900-02-29 10:00', /day 29 does not exist in 1900-02/],
    ['2023-02-29', /day 29 does not exist in 2023-02/],
    ['2026-04-31', /day 31 does not exist in 2026-04/],
    ['2026-03-00', /day 0 does not exist/],
    ['2026-00-10', /month 0 out of range/],
    // No leap seconds, no 24:00.
    ['2026-03-04 10:00:60', /second 60 out of range/],
    ['2016-12-31T23:59:60Z', /second 60 out of range/],
    ['2026-03-04 24:00', /hour 24 out of range/],
    ['2026-03-04 10:60', /minute 60 out of range/],
    ['2026-03-04T10:00:00+19:00', /offset out of range/],
    ['2026-03-04T10:00:00+02:60', /offset out of range/],
    ['2026-03-04T10:00:00.Z', /not an ISO/],
    ['2026-03-04T10:00:', /not an ISO/],
    ['2026-03-04T10:0', /not an ISO/],
    ['2026-03-04T10-00', /not an ISO/],
    ['2026-03-04X10:00', /not an ISO/],
    ['2026/03/04', /not an ISO/],
    ['2026-03/04', /not an ISO/],
    ['2026-3-04', /not an ISO/],
    ['20a6-03-04', /not an ISO/],
    ['2026-03-04T10:00+02:0', /not an ISO|offset is not/],
    ['2026-03-04T10:00+020', /not an ISO/],
    ['2026-03-04T10:00+02:000', /not an ISO/],
    ['2026-03-04T10:00 +02:00', /not an ISO/],
    ['2026-03-04T1a:00', /not an ISO/],
    ['2026-03-04T10:00:0b', /not an ISO/],
    ['2026-03-04T10:00+a2', /not an ISO/],
    ['2026-03-04T10:00+02:a0', /not an ISO|offset is not/],
    ['2026-03-04T10:00+02a0', /not an ISO|offset is not/],
    ['2026-03-04ŤZ', /not an ISO/],
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

describe('parseTimestamp refuses each malformed part', () => {
  // Each bad text is read right after a longer good one, which leaves its characters in the
  // parser's scratch buffer: a check that looked past the text's end would read them.
  it.each([
    ['2026-03-04', '2026-03-0'],
    ['2026-03-04', '2026/03-04'],
    ['2026-03-04', '2026-03/04'],
    ['2026-03-04', 'x026-03-04'],
    ['2026-03-04', '20x6-03-04'],
    ['2026-03-04', '2026-x3-04'],
    ['2026-03-04', '2026-03-x4'],
    ['2026-03-04', '202\u0130-03-04'], // İ (U+0130) is 48 = '0' in its low byte
    ['2026-03-04 09:15', '2026-03-04 09:1'],
    ['2026-03-04 09:15', '2026-03-04X09:15'],
    ['2026-03-04 09:15', '2026-03-04 0x:15'],
    ['2026-03-04 09:15', '2026-03-04 09:x5'],
    ['2026-03-04 09:15', '2026-03-04 09-15'],
    ['2026-03-04 09:15:22', '2026-03-04 09:15:2'],
    ['2026-03-04 09:15:22', '2026-03-04 09:15:x2'],
    ['2026-03-04T10:00:00+02:00', '2026-03-04T10:00:00+0'],
    ['2026-03-04T10:00:00+02:00', '2026-03-04T10:00:00+x2'],
    ['2026-03-04T10:00:00+02:00', '2026-03-04T10:00:00+02x00'],
    ['2026-03-04T10:00:00Z', '2026-03-04T10:00:00Zx'],
    ['2026-03-04T10:00:00Z', '2026-03-04T10:00:00x'],
    ['2026-03-04T10:00:00+02:00', '2026-03-04T10:00:00x0200'],
  ])('after %j, %j', (good, bad) => {
    expect(typeof parseTimestamp(good, utc)).toBe('number');
    expect(parseTimestamp(bad, utc)).toEqual(new ParseFailure('not an ISO 8601 timestamp (expected e.g. 2026-03-04T09:15:22Z or 2026-03-04 09:15)'));
  });
  it('an offset with one minute digit is no offset: said so, not called out of range', () => {
    expect(parseTimestamp('2026-03-04T10:00:00+02:30', utc)).toBe(Date.UTC(2026, 2, 4, 7, 30));
    expect(parseTimestamp('2026-03-04T10:00:00-02:59', utc)).toBe(Date.UTC(2026, 2, 4, 12, 59));
    expect(parseTimestamp('2026-03-04T10:00:00+02:3', utc)).toEqual(new ParseFailure('offset is not ±HH:MM, ±HHMM or ±HH'));
  });
  it('reads a cell anywhere in a record (parseTimestampAt, the bytes the scanner hands over)', () => {
    const record = Buffer.from('T1,2026-03-04T09:15:22.5+02:00,x');
    expect(parseTimestampAt(record, 3, 30, utc)).toBe(Date.UTC(2026, 2, 4, 7, 15, 22, 500));
    expect(parseTimestampAt(record, 3, 13, utc)).toBe(Date.UTC(2026, 2, 4));
    expect(parseTimestampAt(record, 3, 12, utc)).toBeInstanceOf(ParseFailure);
    expect(parseTimestampAt(record, 2, 30, utc)).toBeInstanceOf(ParseFailure);
  });
  it('trims a space at either end alone', () => {
    expect(parseTimestamp('2026-03-04 09:15 ', utc)).toBe(Date.UTC(2026, 2, 4, 9, 15));
    expect(parseTimestamp(' 2026-03-04 09:15', utc)).toBe(Date.UTC(2026, 2, 4, 9, 15));
    expect(parseTimestamp('\u00a02026-03-04\u3000', utc)).toBe(Date.UTC(2026, 2, 4));
  });
  it('trims every character trim() trims, alone at either end (maybeSpace decides whether to trim at all), and no other', () => {
    for (const c of TRIMMED_CHARACTERS) {
      expect(parseTimestamp(`${c}2026-03-04`, utc), JSON.stringify(c)).toBe(Date.UTC(2026, 2, 4));
      expect(parseTimestamp(`2026-03-04${c}`, utc), JSON.stringify(c)).toBe(Date.UTC(2026, 2, 4));
    }
    // Kept, as trim() keeps them: then not a timestamp.
    for (const c of ['\u0008', '\u000e', '\u001f', '\u0085', '\u009f', '\u00a1', '\u167f', '\u200b']) expect(parseTimestamp(`2026-03-04${c}`, utc), JSON.stringify(c)).toBeInstanceOf(ParseFailure);
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

describe('calendar arithmetic against the built-in Date (an independent implementation)', () => {
  it('daysInMonth: the century rule', () => {
    expect([1900, 2000, 2024, 2100, 2400, 2023].map((y) => daysInMonth(y, 2))).toEqual([28, 29, 29, 28, 29, 28]);
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });
  it('daysFromCivil(y, m, d) is Date.UTC(y, m − 1, d) in days, before, inside and after the cached years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 3000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
      }),
      { numRuns: 2000 },
    );
    expect(daysFromCivil(2026, 3, 4)).toBe(20516);
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
  });
  it('parseTimestamp accepts exactly the dates and times that exist, at the instant Date.UTC gives', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 2999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (y, mo, d, h, mi, sec) => {
          const text = `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(sec)}Z`;
          const at = Date.UTC(y, mo - 1, d, h, mi, sec);
          const date = new Date(at);
          // Date.UTC rolls 2100-02-29 over into March: a date exists when nothing rolled.
          const exists = mo >= 1 && mo <= 12 && d >= 1 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && sec < 60;
          const r = parseTimestamp(text, utc);
          if (exists) expect(r).toBe(at);
          else expect(r).toBeInstanceOf(ParseFailure);
        },
      ),
      { numRuns: 3000 },
    );
  });
  it('parseTimestampAt reads a slice of a byte buffer as parseTimestamp reads the text', () => {
    const bytes = Buffer.from('xx2026-03-04 09:15:22+01:00yy');
    expect(parseTimestampAt(bytes, 2, bytes.length - 2, utc)).toBe(Date.UTC(2026, 2, 4, 8, 15, 22));
    expect(parseTimestampAt(bytes, 2, 12, utc)).toBe(Date.UTC(2026, 2, 4));
    expect(parseTimestampAt(bytes, 2, 11, utc)).toBeInstanceOf(ParseFailure);
  });
});
