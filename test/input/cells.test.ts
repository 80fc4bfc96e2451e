import fc from 'fast-check';
import { trimEnd, trimStart } from '../../src/input/cells/trim.js';
import { describe, expect, it } from 'vitest';
import { parseBoolean, parseDuration, parseInteger, parseNumber, parseReopened } from '../../src/input/cells/cells.js';
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
    ['1:00:00', 60, 3600], // clock text is absolute whatever the column's unit
  ])('%s (unit %d s) = %d s', (text, unit, seconds) => {
    expect(parseDuration(text, unit)).toBe(seconds);
  });
  it.each(['-5', 'abc', '1:60', '1:2:3', '1:00:00:00', '', '1h'])('refuses %j', (text) => {
    expect(bad(parseDuration(text, 1))).toBe(true);
  });
});

describe('numbers, integers, booleans', () => {
  it('parses decimals strictly', () => {
    expect(parseNumber('4.5')).toBe(4.5);
    expect(parseNumber('-1')).toBe(-1);
    expect(bad(parseNumber('4,5'))).toBe(true);
    expect(bad(parseNumber('NaN'))).toBe(true);
    expect(bad(parseNumber('1,000'))).toBe(true);
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
  it('trim UTF-8 bytes exactly as String.prototype.trim trims their text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...spaces, ...others), maxLength: 8 }), (text) => {
        const bytes = Buffer.from(`,${text},`);
        const a = trimStart(bytes, 1, bytes.length - 1, 'utf-8');
        const b = trimEnd(bytes, a, bytes.length - 1, 'utf-8');
        expect(bytes.toString('utf8', a, b)).toBe(text.trim());
      }),
      { numRuns: 2000 },
    );
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
  });
});
