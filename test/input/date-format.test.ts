import { describe, expect, it } from 'vitest';
import { compileDateFormat, formatPattern, fullYear, timeParser } from '../../src/input/cells/date-format.js';
import { ParseFailure } from '../../src/input/cells/timestamp.js';
import { TimeZone } from '../../src/time/time-zone.js';

const utc = TimeZone.of('UTC');
const london = TimeZone.of('Europe/London');

describe('date formats', () => {
  it.each([
    // Jira's CSV export.
    ['DD/MMM/YY h:mm A', '06/Jan/26 9:29 AM', Date.UTC(2026, 0, 6, 9, 29)],
    ['DD/MMM/YY h:mm A', '11/May/24 03:26 PM', Date.UTC(2024, 4, 11, 15, 26)],
    ['DD/MMM/YY h:mm A', '30/sep/26 12:00 am', Date.UTC(2026, 8, 30, 0, 0)],
    ['DD/MMM/YY h:mm A', '01/Dec/99 12:05 PM', Date.UTC(1999, 11, 1, 12, 5)],
    ['MMMM D, YYYY h:mm a', 'March 4, 2026 11:50 pm', Date.UTC(2026, 2, 4, 23, 50)],
    // May's whole name is three letters: MMMM reads it as MMM does (it was refused as "not a month name").
    ['MMMM D, YYYY', 'May 5, 2026', Date.UTC(2026, 4, 5)],
    ['MMMM D, YYYY', 'MAY 5, 2026', Date.UTC(2026, 4, 5)],
    ['D MMM YYYY HH:mm', '4 mar 2026 23:50', Date.UTC(2026, 2, 4, 23, 50)],
    ['M/D/YY H:mm', '3/4/68 7:05', Date.UTC(2068, 2, 4, 7, 5)],
    ['M/D/YY H:mm', '3/4/69 7:05', Date.UTC(1969, 2, 4, 7, 5)],
    ['YYYY-MM-DD[T]HH:mm', '2026-03-04T09:15', Date.UTC(2026, 2, 4, 9, 15)],
    ['DD-MM-YYYY HH:mm', '29-02-2016 01:16', Date.UTC(2016, 1, 29, 1, 16)],
  ])('%s reads %j', (format, text, expected) => {
    expect(compileDateFormat(format)(text, utc)).toBe(expected);
  });

  it('reads the time as local in the zone given', () => {
    expect(compileDateFormat('DD/MMM/YY h:mm A')('06/Jul/26 9:29 AM', london)).toBe(Date.UTC(2026, 6, 6, 8, 29));
  });

  it.each([
    ['DD/MMM/YY h:mm A', '06/Jnu/26 9:29 AM', /"Jnu" is not a month abbreviation/],
    ['DD/MMM/YY h:mm A', '06/January/26 9:29 AM', /not a month abbreviation/],
    ['MMMM D, YYYY', 'Mar 4, 2026', /"Mar" is not a month name/],
    ['MMMM D, YYYY', 'Jun 4, 2026', /"Jun" is not a month name/],
    ['DD/MMM/YY h:mm A', '31/Feb/26 9:29 AM', /day 31 does not exist in 2026-02/],
    ['DD/MMM/YY h:mm A', '06/Jan/26 13:29 PM', /hour 13 out of range for a 12-hour clock/],
    ['DD/MMM/YY h:mm A', '2026-01-06 09:29', /does not match the date format/],
  ])('%s refuses %j', (format, text, message) => {
    const r = compileDateFormat(format)(text, utc);
    expect(r).toBeInstanceOf(ParseFailure);
    expect((r as ParseFailure).message).toMatch(message);
  });

  it('reads [literal] text, lone brackets, fractions of seconds, and refuses what does not match whole', () => {
    const at = (format: string, text: string) => compileDateFormat(format)(text, utc);
    expect(at('DD/MM/YYYY[]', '01/02/2026')).toBe(Date.UTC(2026, 1, 1));
    expect(at('DD/MM/YYYY[', '01/02/2026[')).toBe(Date.UTC(2026, 1, 1));
    expect(at('DD/MM/YYYY]', '01/02/2026]')).toBe(Date.UTC(2026, 1, 1));
    expect(at('YYYY-MM-DD[T]HH:mm:ss.SSS', '2026-02-01T10:00:00.5')).toBe(Date.UTC(2026, 1, 1, 10, 0, 0, 500));
    expect(at('YYYY-MM-DD[T]HH:mm:ss.SSS', '2026-02-01T10:00:00.123')).toBe(Date.UTC(2026, 1, 1, 10, 0, 0, 123));
    // Two-letter parts take two digits; D and M take one or two.
    expect(at('D/M/YYYY', '1/2/2026')).toBe(Date.UTC(2026, 1, 1));
    for (const text of ['1/02/2026', '01/02/2026 extra', 'x01/02/2026', '2026-02-01']) {
      expect(at('DD/MM/YYYY', text), text).toEqual(new ParseFailure('does not match the date format DD/MM/YYYY'));
    }
  });

  it('refuses formats that cannot be read unambiguously', () => {
    // An empty format (a config's "date_format": "") has no parts at all.
    expect(formatPattern('', { literal: (t) => t, digits: (a, b) => `d{${a},${b}}` })).toEqual({ source: '^$', slots: [] });
    expect(() => compileDateFormat('')).toThrow(/needs YYYY \(or YY\)/);
    expect(() => compileDateFormat('HH:mm')).toThrow(/needs YYYY \(or YY\)/);
    expect(() => compileDateFormat('DD/MM/YYYY hh:mm')).toThrow(/a 12-hour hour \(h, hh\) needs AM\/PM/);
  });

  it('two-digit years pivot at 69', () => {
    expect([fullYear(0), fullYear(26), fullYear(68), fullYear(69), fullYear(99)]).toEqual([2000, 2026, 2068, 1969, 1999]);
  });

  it("a preset's formats come after ISO 8601; a configured one replaces it", () => {
    const jira = timeParser({ iso: true, formats: ['DD/MMM/YY h:mm A'] })!;
    expect(jira('2026-01-06T09:29:00Z', utc)).toBe(Date.UTC(2026, 0, 6, 9, 29));
    expect(jira('06/Jan/26 9:29 AM', utc)).toBe(Date.UTC(2026, 0, 6, 9, 29));
    expect((jira('Jan 6', utc) as ParseFailure).message).toBe('neither ISO 8601 nor the date format DD/MMM/YY h:mm A');
    const own = timeParser({ iso: false, formats: ['DD/MM/YYYY'] })!;
    expect(own('2026-01-06', utc)).toBeInstanceOf(ParseFailure);
    expect(timeParser(null)).toBeUndefined();
    // ISO 8601 alone is the reader's own fast path: no parser to call.
    expect(timeParser({ iso: true, formats: [] })).toBeUndefined();
    expect((timeParser({ iso: true, formats: ['DD/MM/YYYY', 'YYYY.MM.DD'] })!('soon', utc) as ParseFailure).message).toBe(
      'neither ISO 8601 nor the date format DD/MM/YYYY or YYYY.MM.DD',
    );
    // The first syntax that reads the text wins, even when a later one would read it otherwise.
    const isoFirst = timeParser({ iso: true, formats: ['YYYY-DD-MM'] })!;
    expect(isoFirst('2026-01-06', utc)).toBe(Date.UTC(2026, 0, 6));
    expect(isoFirst('2026-31-01', utc)).toBe(Date.UTC(2026, 0, 31));
    const two = timeParser({ iso: false, formats: ['DD/MM/YYYY', 'YYYY.MM.DD'] })!;
    expect(two('06/01/2026', utc)).toBe(Date.UTC(2026, 0, 6));
    expect(two('2026.01.06', utc)).toBe(Date.UTC(2026, 0, 6));
    expect(two('2026-01-06', utc)).toEqual(new ParseFailure('does not match the date format DD/MM/YYYY'));
  });
});
