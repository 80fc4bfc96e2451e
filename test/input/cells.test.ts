import fc from 'fast-check';
import { TRIMMED_CHARACTERS, trimEnd, trimStart } from '../../src/input/cells/trim.js';
import { describe, expect, it } from 'vitest';
import { digitsAt, parseBoolean, parseDuration, parseInteger, parseNumber, parseReopened } from '../../src/input/cells/cells.js';
import { compileDateFormat } from '../../src/input/cells/date-format.js';
import { parseSpan } from '../../src/input/cells/span.js';
import { TimeZone } from '../../src/time/time-zone.js';
import { ParseFailure } from '../../src/input/cells/timestamp.js';

const bad = (v: unknown) => v instanceof ParseFailure;

describe('parseDuration', () => {
  it.each([
    ['90', 1, 90],
    ['1.5', 60, 90],
    ['0:02:23', 1, 143],
    ['1:02:03', 1, 3723],
    ['125:00:00', 1, 450000],
    ['4:05', 1, 245],
    ['00:00:00', 1, 0],
    ['2', 3600, 7200],
    ['1:00:00', 60, 3600], // three parts are H:MM:SS whatever the column's unit
    // Two parts are M:SS, but H:MM in an hours column: "1:30" hours is an hour and a half.
    ['1:30', 60, 90],
    ['1:30', 3600, 5400],
    ['26:00', 3600, 93600],
    ['0:45', 3600, 2700],
    ['1:30:00', 3600, 5400],
  ])('%s (unit %d s) = %d s', (text, unit, seconds) => {
    expect(parseDuration(text, unit)).toBe(seconds);
  });
  it.each(['-5', 'abc', '1:60', '1:2:3', '1:00:00:00', '', '1h'])('refuses %j', (text) => {
    expect(bad(parseDuration(text, 1))).toBe(true);
  });
  it('an hours column refuses minutes past 59 too, and a minus only before a zero', () => {
    expect(bad(parseDuration('1:60', 3600))).toBe(true);
    expect(bad(parseDuration('-1:30', 3600))).toBe(true);
    expect(parseDuration('-0:00', 3600)).toBe(0);
  });
});

describe('numbers, integers, booleans', () => {
  it('parses decimals strictly', () => {
    expect(parseNumber('4.5')).toBe(4.5);
    expect(parseNumber('-1')).toBe(-1);
    expect(bad(parseNumber('4,5'))).toBe(true);
    expect(bad(parseNumber('NaN'))).toBe(true);
    expect(bad(parseNumber('1,000'))).toBe(true);
    // Plain digits take a fast path (up to 15 digits); these cross its edges.
    expect(bad(parseNumber(''))).toBe(true);
    expect(parseNumber(' 42 ')).toBe(42);
    expect(parseNumber('007')).toBe(7);
    expect(parseNumber('999999999999999')).toBe(999999999999999);
    expect(parseNumber('9007199254740993')).toBe(9007199254740992); // 2^53 + 1 rounds to even
    expect(parseNumber('12345678901234567891')).toBe(12345678901234567000);
  });
  it('integers accept 3.0 and refuse 2.5 and values below the minimum', () => {
    expect(parseInteger('3.0', 1)).toBe(3);
    expect((parseInteger('2.5', 1) as ParseFailure).message).toBe('not a whole number');
    expect((parseInteger('0', 1) as ParseFailure).message).toBe('must be 1 or more');
  });
  it('booleans in several spellings', () => {
    for (const t of ['true', 'YES', 'y', '1', 'T']) expect(parseBoolean(t)).toBe(true);
    for (const f of ['false', 'No', 'n', '0']) expect(parseBoolean(f)).toBe(false);
    expect(bad(parseBoolean('maybe'))).toBe(true);
  });
  it('reopened is a boolean or a count', () => {
    expect(parseReopened('yes')).toBe(true);
    expect(parseReopened('0')).toBe(false);
    expect(parseReopened('3')).toBe(true);
    expect(bad(parseReopened('-1'))).toBe(true);
  });
});

describe('trimStart/trimEnd (bytes)', () => {
  // Every character String.prototype.trim removes, and neighbours it keeps.
  const spaces = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
  const others = 'a\u001f\u0085\u200b\u180e\u00e9\u20ac\u3001\ufefe\u2030';
  // Characters whose UTF-8 shares all but one byte with a space's (C2 A1 beside C2 A0, E2 80 8B
  // beside E2 80 8A, E1 9A 81 beside E1 9A 80, …): a byte check off by one reads them as spaces.
  const nearMisses = '\u00a1\u009f\u0100\u167f\u1681\u1780\u1f80\u2027\u202a\u202e\u205e\u2060\u2080\u208a\u20a8\u2f80\u3002\u3100\u2fff\ufebf\ufeff\uffbf\uefbb\ufbbf';
  it('trim UTF-8 bytes exactly as String.prototype.trim trims their text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...spaces, ...others, ...nearMisses), maxLength: 8 }), fc.boolean(), (text, edges) => {
        // Inside a record (delimiters around) or the whole buffer (nothing past either end).
        const bytes = Buffer.from(edges ? text : `,${text},`);
        const [from, to] = edges ? [0, bytes.length] : [1, bytes.length - 1];
        const a = trimStart(bytes, from, to, 'utf-8');
        const b = trimEnd(bytes, a, to, 'utf-8');
        expect(bytes.toString('utf8', a, b)).toBe(text.trim());
        // Trimming the end first gives the same cell.
        const b2 = trimEnd(bytes, from, to, 'utf-8');
        expect(bytes.toString('utf8', trimStart(bytes, from, b2, 'utf-8'), b2)).toBe(text.trim());
      }),
      { numRuns: 4000 },
    );
  });
  // Worked out by hand, byte by byte: [bytes, range start, range end, trimStart alone, trimEnd alone].
  // A range never ends inside a character in a file read as UTF-8 (read-csv.ts validates it), but
  // the functions promise to look only within their range: bytes past its end are not read.
  it.each([
    ['NBSP at both edges', [0xc2, 0xa0, 0x41, 0xc2, 0xa0], 0, 5, 2, 3],
    ['NBSP inside a record', [0x2c, 0xc2, 0xa0, 0x41, 0xc2, 0xa0, 0x2c], 1, 6, 3, 4],
    ['only a NBSP', [0xc2, 0xa0], 0, 2, 2, 0],
    ['only U+3000', [0xe3, 0x80, 0x80], 0, 3, 3, 0],
    ['U+3000 and U+FEFF, then a tab', [0xe3, 0x80, 0x80, 0xef, 0xbb, 0xbf, 0x09, 0x41, 0xe2, 0x80, 0x8a], 0, 11, 7, 8],
    ['U+1680 and U+205F around a letter', [0xe1, 0x9a, 0x80, 0x42, 0xe2, 0x81, 0x9f], 0, 7, 3, 4],
    ['U+2028, U+2029, U+202F (the E2 80 spaces past U+200A)', [0xe2, 0x80, 0xa8, 0x43, 0xe2, 0x80, 0xa9, 0xe2, 0x80, 0xaf], 0, 10, 3, 4],
    ['C2 ending the range, A0 past it: not a space', [0xc2, 0xa0], 0, 1, 0, 1],
    ['C2 A0 starting the range, the byte before it A0', [0xa0, 0xc2, 0xa0, 0x41], 1, 4, 3, 4],
    ['E2 80 ending the range, 8A past it: not a space', [0xe2, 0x80, 0x8a], 0, 2, 0, 2],
    ['E2 80 8A (U+200A) ending the range exactly', [0x41, 0xe2, 0x80, 0x8a], 0, 4, 0, 1],
    ['a space of 3 bytes when 2 are left: kept', [0x41, 0x80, 0x8a], 1, 3, 1, 3],
    ['A0 alone after a letter: not a UTF-8 space', [0x41, 0xa0], 0, 2, 0, 2],
    ['U+00E9 (C3 A9): kept', [0xc3, 0xa9], 0, 2, 0, 2],
    ['U+0100 (C4 80) and U+1780 (E1 9E 80): kept', [0xc4, 0x80, 0xe1, 0x9e, 0x80], 0, 5, 0, 5],
    // Leads between E1 and EF other than the spaces' (E1, E2, E3, EF), with a space's continuations: U+4680, U+4EFF, U+5000.
    ['E4 9A 80: kept', [0xe4, 0x9a, 0x80], 0, 3, 0, 3],
    ['E4 BB BF: kept', [0xe4, 0xbb, 0xbf], 0, 3, 0, 3],
    ['E5 80 80: kept', [0xe5, 0x80, 0x80], 0, 3, 0, 3],
    // A space's bytes that begin before the range: not in it.
    ['A0 starting the range, C2 before it', [0xc2, 0xa0], 1, 2, 1, 2],
    ['80 80 starting the range, E3 before it', [0xe3, 0x80, 0x80], 1, 3, 1, 3],
    // Control bytes below the tab are no space (String.prototype.trim keeps U+0001–U+0008).
    ['U+0001 and U+0008 around a letter: kept', [0x01, 0x41, 0x08], 0, 3, 0, 3],
    // E2 80 9F (U+201F) and E2 86 9F (U+219F) end like U+205F (E2 81 9F): kept.
    ['U+201F and U+219F: kept', [0xe2, 0x80, 0x9f, 0x41, 0xe2, 0x86, 0x9f], 0, 7, 0, 7],
    // Only a whole space ends a range: C2 A0 followed by a stray continuation byte is not one.
    ['C2 A0 then a stray 80 (not UTF-8): kept', [0xc2, 0xa0, 0x80], 0, 3, 2, 3],
    ['an empty range', [0x20], 1, 1, 1, 1],
  ] as [string, number[], number, number, number, number][])('%s', (_name, bytes, from, to, start, end) => {
    const s = Uint8Array.from(bytes);
    expect(trimStart(s, from, to, 'utf-8')).toBe(start);
    expect(trimEnd(s, from, to, 'utf-8')).toBe(end);
    // Both ways round, the same cell (an empty one may sit elsewhere).
    const a = trimStart(s, from, to, 'utf-8'), b = trimEnd(s, from, to, 'utf-8');
    expect([...s.subarray(a, trimEnd(s, a, to, 'utf-8'))]).toEqual([...s.subarray(trimStart(s, from, b, 'utf-8'), b)]);
  });
  it('trim the no-break space (0xA0) of Latin-1 and Windows-1252, and nothing else beyond ASCII', () => {
    const bytes = Buffer.from([0xa0, 0x20, 0x85, 0x41, 0xa0, 0x09, 0xa0]);
    for (const enc of ['latin1', 'windows-1252'] as const) {
      const a = trimStart(bytes, 0, bytes.length, enc);
      expect([a, trimEnd(bytes, a, bytes.length, enc)]).toEqual([2, 4]);
    }
  });
});

describe('numbers beyond what a double holds', () => {
  it('are refused: 1e400 is not Infinity, a duration is at most 1000 years, a whole number at most 2^53 − 1', () => {
    expect(parseNumber('1e400')).toEqual(new ParseFailure('number too large (beyond ±1.8e308)'));
    expect(parseNumber('-1e400')).toBeInstanceOf(ParseFailure);
    expect(parseNumber('1e308')).toBe(1e308);
    expect(parseDuration('1e400', 1)).toEqual(new ParseFailure('duration too long (more than 1000 years)'));
    expect(parseDuration('1e300', 60)).toBeInstanceOf(ParseFailure);
    expect(parseDuration(`${'9'.repeat(400)}:00:00`, 1)).toBeInstanceOf(ParseFailure);
    expect(parseDuration('31557600000', 1)).toBe(31557600000);
    expect(parseInteger('1e400', 1)).toBeInstanceOf(ParseFailure);
    expect(parseInteger('1e20', 0)).toEqual(new ParseFailure('too large (at most 9007199254740991)'));
    expect(parseInteger('9007199254740991', 0)).toBe(9007199254740991);
  });
});

describe('parseNumber, every form', () => {
  it.each([
    ['0', 0], ['42', 42], ['123456789012345', 123456789012345], ['1234567890123456', 1234567890123456],
    [' 12 ', 12], ['+7', 7], ['-1.25', -1.25], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['2.5E-1', 0.25], ['-3e+2', -300],
  ])('%j is %d', (text, v) => {
    expect(parseNumber(text)).toBe(v);
  });
  it.each(['', ' ', '1.2.3', '1e', 'e3', '--1', '1 000', '0x10', 'Infinity', '4,5', '12a', 'a12'])('refuses %j', (text) => {
    expect((parseNumber(text) as ParseFailure).message).toBe('not a number');
  });
  it('integers: min is inclusive; a non-number is not a whole number', () => {
    expect(parseInteger('0', 0)).toBe(0);
    expect(parseInteger('1', 1)).toBe(1);
    expect((parseInteger('x', 0) as ParseFailure).message).toBe('not a whole number');
    expect((parseInteger('-1', 0) as ParseFailure).message).toBe('must be 0 or more');
  });
});

describe('parseDuration, every form', () => {
  it.each([
    ['1:02.5', 1, 62.5], ['0:59', 1, 59], ['10:00', 1, 600], ['100:00:01', 1, 360001], [' 90 ', 60, 5400], ['0', 60, 0], ['1.5', 3600, 5400],
    [' 0:02:23 ', 1, 143], ['0:00:01.25', 1, 1.25], ['-0:00:00', 1, 0],
    // 1000 years exactly (MAX_DURATION) is still read.
    ['8766000:00:00', 1, 31_557_600_000],
  ])('%j (unit %d s) = %d s', (text, unit, seconds) => {
    expect(parseDuration(text, unit)).toBe(seconds);
  });
  it.each([
    ['1:2', /minutes and seconds must be 00\.\.59/], ['1:60', /00\.\.59/], ['1:02:60', /00\.\.59/], ['1:002', /00\.\.59/],
    ['1.5:00', /expected seconds, H:MM:SS or M:SS/], ['1:02:03:04', /expected seconds/], [':30', /expected seconds/], ['1:', /expected seconds/],
    ['-5', /^negative duration$/], ['abc', /expected seconds/],
    ['1:02:x5', /expected seconds/], ['0:01:3x', /expected seconds/], ['-1:00:00', /^negative duration$/], ['-x:00', /expected seconds/],
    ['-1:60', /00\.\.59/], ['8766000:00:01', /^duration too long \(more than 1000 years\)$/],
  ])('refuses %j', (text, message) => {
    expect((parseDuration(text, 1) as ParseFailure).message).toMatch(message);
  });
});

describe('booleans and reopen counts, every spelling', () => {
  it.each(['yes', 'true', '1', 'Yes', 'TRUE', 'True', 'Y', 'y', 't', 'T', ' yes ', 'YES', 'tRuE'])('%j is true', (t) => expect(parseBoolean(t)).toBe(true));
  it.each(['no', 'false', '0', 'No', 'FALSE', 'False', 'N', 'n', 'f', 'F', ' no ', 'NO', 'fAlSe'])('%j is false', (t) => expect(parseBoolean(t)).toBe(false));
  it('anything else names the spellings', () => {
    expect((parseBoolean('2') as ParseFailure).message).toBe('not a boolean (expected true/false, yes/no or 1/0)');
    expect((parseBoolean('') as ParseFailure).message).toMatch(/not a boolean/);
  });
  it('a reopen count: 0 is not reopened, 1 and more are; a fraction or a word is refused', () => {
    expect(parseReopened('1')).toBe(true);
    expect(parseReopened('2')).toBe(true);
    expect(parseReopened('00')).toBe(false);
    expect(parseReopened('no')).toBe(false);
    expect((parseReopened('1.5') as ParseFailure).message).toBe('not a boolean or a reopen count (expected true/false, yes/no, 1/0 or a whole number)');
  });
});

describe('digitsAt', () => {
  const b = Buffer.from('x0123456789012345y');
  it('reads plain digits up to 15 of them; anything else is −1', () => {
    expect(digitsAt(b, 1, 2)).toBe(0);
    expect(digitsAt(b, 1, 16)).toBe(12345678901234);
    expect(digitsAt(b, 2, 17)).toBe(123456789012345);
    expect(digitsAt(b, 1, 17)).toBe(-1); // 16 digits: the general parser decides
    expect(digitsAt(b, 3, 3)).toBe(-1);
    expect(digitsAt(b, 0, 3)).toBe(-1);
    expect(digitsAt(b, 16, 18)).toBe(-1);
  });
});

describe('parseSpan', () => {
  it.each([
    ['90', 90], ['1.5', 1.5], ['90s', 90], ['5sec', 5], ['30m', 1800], ['10min', 600], ['1h', 3600], ['1.5h', 5400], ['2d', 172800],
    ['1h30m', 5400], ['1d 2h', 93600], [' 1H ', 3600], ['1h30m15s', 5415], ['1.25', 1.25], ['1.25h', 4500], ['0.25h30m', 2700],
  ])('%j is %d s', (text, seconds) => {
    expect(parseSpan(text)).toBe(seconds);
  });
  it.each(['', 'soon', '1x', 'h1', '1h-', '-1h', '1..5h'])('%j is not a span', (text) => {
    expect(parseSpan(text)).toBeNull();
  });
});

describe('compileDateFormat', () => {
  const utc = TimeZone.of('UTC');
  it.each([
    ['DD-MM-YYYY HH:mm', '29-02-2016 01:16', Date.UTC(2016, 1, 29, 1, 16)],
    ['DD/MM/YYYY', ' 05/03/2026 ', Date.UTC(2026, 2, 5)],
    ['M/D/YYYY h:mm A', '3/5/2026 12:05 AM', Date.UTC(2026, 2, 5, 0, 5)],
    ['M/D/YYYY h:mm A', '3/5/2026 12:05 pm', Date.UTC(2026, 2, 5, 12, 5)],
    ['M/D/YYYY h:mm A', '12/31/2026 1:00 PM', Date.UTC(2026, 11, 31, 13)],
    ['YYYY.MM.DD H:mm:ss', '2026.03.05 7:08:09', Date.UTC(2026, 2, 5, 7, 8, 9)],
    ['YYYY-MM-DD HH:mm:ss.SSS', '2026-03-05 07:08:09.5', Date.UTC(2026, 2, 5, 7, 8, 9, 500)],
    ['YYYY-MM-DD HH:mm:ss.SSS', '2026-03-05 07:08:09.123456', Date.UTC(2026, 2, 5, 7, 8, 9, 123)],
    ['D.M.YYYY HH:mm', '5.3.2026 09:15', Date.UTC(2026, 2, 5, 9, 15)],
  ])('%s reads %j', (format, text, t) => {
    expect(compileDateFormat(format)(text, utc)).toBe(t);
  });
  it('reads local time in the zone', () => {
    expect(compileDateFormat('DD-MM-YYYY HH:mm')('15-07-2026 10:00', TimeZone.of('Europe/Madrid'))).toBe(Date.UTC(2026, 6, 15, 8));
  });
  it.each([
    ['DD-MM-YYYY HH:mm', '29-02-2016', /does not match the date format DD-MM-YYYY HH:mm/],
    ['DD-MM-YYYY', '2016-02-29', /does not match/],
    ['DD.MM.YYYY', '05-03-2026', /does not match/], // the dot is a literal, not any character
    ['DD-MM-YYYY', '29-02-2100', /day 29 does not exist in 2100-02/],
    ['M/D/YYYY h:mm A', '3/5/2026 13:00 PM', /hour 13 out of range for a 12-hour clock/],
    ['M/D/YYYY h:mm A', '3/5/2026 0:30 AM', /hour 0 out of range for a 12-hour clock/],
    ['DD-MM-YYYY HH:mm', '05-03-2026 24:00', /hour 24 out of range/],
    ['DD-MM-YYYY', '05-03-2026x', /does not match/],
  ])('%s refuses %j', (format, text, message) => {
    expect((compileDateFormat(format)(text, utc) as ParseFailure).message).toMatch(message);
  });
  it.each(['MM-YYYY', 'DD-MM', 'DD-YYYY'])('the format %j lacks a part', (format) => {
    expect(() => compileDateFormat(format)).toThrow(`date format "${format}" needs YYYY (or YY), a month (M, MM, MMM or MMMM) and a day (D or DD)`);
  });
  it('a 12-hour hour without AM/PM is refused', () => {
    expect(() => compileDateFormat('D.M.YYYY hh:mm')).toThrow('a 12-hour hour (h, hh) needs AM/PM (A)');
  });
});

describe('TRIMMED_CHARACTERS', () => {
  it("is exactly what String.prototype.trim removes, every code point of the Basic Multilingual Plane asked of the engine itself", () => {
    // (trim() removes nothing beyond U+FFFF: its whitespace and line terminators are all in the BMP.)
    let removed = '';
    for (let c = 0; c <= 0xffff; c++) if (`x${String.fromCharCode(c)}`.trim() === 'x') removed += String.fromCharCode(c);
    expect([...TRIMMED_CHARACTERS].sort().join('')).toBe(removed);
  });
});
