import { describe, expect, it } from 'vitest';
import { displayWidth, oneLine, truncate, wrap } from '../../src/output/text-width.js';
import { sparkline } from '../../src/output/sparkline.js';

describe('display width', () => {
  it('counts wide characters twice, marks and colour codes not at all', () => {
    expect(displayWidth('ana')).toBe(3);
    expect(displayWidth('山田太郎')).toBe(8);
    expect(displayWidth('😀 ok')).toBe(5);
    expect(displayWidth('José')).toBe(4);
    expect(displayWidth('Jose\u0301')).toBe(4);
    expect(displayWidth('\x1b[1m16m 15s\x1b[22m')).toBe(7);
    expect(displayWidth('│ ▁▂█ · …')).toBe(9);
  });

  it('cuts to the width with …, never splitting a wide character', () => {
    expect(truncate('Customer satisfaction', 10)).toBe('Customer …');
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('山田太郎さん', 6)).toBe('山田…');
    expect(displayWidth(truncate('山田太郎さん', 6))).toBeLessThanOrEqual(6);
    expect(truncate('山田太郎さん', 5)).toBe('山田…');
  });

  it('wraps at spaces, or at the separator given, within the width', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('a b, c d, e f', 8, { separator: ', ', indent: '  ' })).toEqual(['a b,', '  c d,', '  e f']);
    const long = wrap('x'.repeat(25), 10);
    expect(long).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    for (const line of wrap('山田太郎 '.repeat(10), 11)) expect(displayWidth(line)).toBeLessThanOrEqual(11);
  });

  it('shows control characters of data as escapes', () => {
    expect(oneLine('a\nb\tc\x1b[2J')).toBe('a\\nb\\tc\\x1b[2J');
    expect(oneLine('plain')).toBe('plain');
  });
});

describe('sparkline', () => {
  it('scales from the lowest value to the highest, a null as a space', () => {
    expect(sparkline([1, 2, null, 8])).toBe('▁▂ █');
    expect(sparkline([0, 100])).toBe('▁█');
    expect(sparkline([5, 5, null])).toBe('▄▄ ');
    expect(sparkline([null, null])).toBe('  ');
    expect(sparkline([])).toBe('');
  });
});
