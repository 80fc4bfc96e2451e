import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortNonNegative } from '../../src/stats/radix-sort.js';
import { stress } from '../scale.js';

describe('sortNonNegative', () => {
  it('sorts like Float64Array.prototype.sort, large arrays included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 100000 })), { minLength: 32768, maxLength: 36000 }),
        (xs) => {
          const a = Float64Array.from(xs);
          const expected = Float64Array.from(xs).sort();
          expect(Array.from(sortNonNegative(a))).toEqual(Array.from(expected));
        },
      ),
      { numRuns: stress(10, 2) },
    );
  });
  it('skips the passes whose digit never changes (whole seconds; powers of two: one pass), and still sorts', () => {
    const seconds = Float64Array.from({ length: 50000 }, (_, i) => (i * 7919) % 100003);
    expect(Array.from(sortNonNegative(seconds.slice()))).toEqual(Array.from(seconds.slice().sort()));
    const powers = Float64Array.from({ length: 40000 }, (_, i) => 2 ** ((i * 31) % 60));
    expect(Array.from(sortNonNegative(powers.slice()))).toEqual(Array.from(powers.slice().sort()));
    const same = new Float64Array(40000).fill(3600);
    expect(sortNonNegative(same.slice()).every((v) => v === 3600)).toBe(true);
  });
  it('falls back to the built-in sort for negative values and small arrays', () => {
    const withNegative = Float64Array.from({ length: 40000 }, (_, i) => (i % 2 ? -i : i));
    expect(Array.from(sortNonNegative(withNegative.slice()))).toEqual(Array.from(withNegative.slice().sort()));
    expect(Array.from(sortNonNegative(new Float64Array([3, 1, 2])))).toEqual([1, 2, 3]);
  });
  it('sorts a subarray in place, leaving the rest alone', () => {
    const a = Float64Array.from({ length: 50000 }, (_, i) => (i < 40000 ? 40000 - i : -1));
    sortNonNegative(a.subarray(0, 40000));
    expect(a[0]).toBe(1);
    expect(a[39999]).toBe(40000);
    expect(a[40000]).toBe(-1);
  });
});
