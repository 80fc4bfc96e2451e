import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/stats/quantile.js';
import { Sample } from '../../src/stats/sample.js';

describe('quantileSorted (R type 7, numpy default)', () => {
  it('is null on an empty sample', () => {
    expect(quantileSorted([], 0.5)).toBeNull();
  });
  it('median of an even count is the mean of the two middle values', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
  it('median of an odd count is the middle value', () => {
    expect(quantileSorted([1, 2, 9], 0.5)).toBe(2);
  });
  it('p90 interpolates between closest ranks like numpy.percentile(x, 90)', () => {
    // numpy.percentile([1..10], 90) = 9.1; Excel PERCENTILE.INC gives the same.
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    // h = (8 − 1) × 0.9 = 6.3 → 1800 + 0.3 × (3600 − 1800) = 2340
    expect(quantileSorted([60, 120, 240, 300, 600, 1200, 1800, 3600], 0.9)).toBe(2340);
  });
  it('splits the rank in integers: whole seconds give the exact interpolation, not a float artefact', () => {
    // 7 × 0.9 in floating point is 6.300000000000001: the plain formula drifts off 2340.
    expect(quantileSorted([0, 0, 0, 0, 0, 0, 1800, 3600], 0.9)).toBe(2340);
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9.1);
    expect(quantileSorted([10, 20], 0.25)).toBe(12.5);
    // Against the floating formula on random data: the same within a few ulps.
    for (let t = 0; t < 200; t++) {
      const xs = Array.from({ length: 1 + (t % 37) }, () => Math.floor(Math.random() * 1e6)).sort((a, b) => a - b);
      for (const p of [0.5, 0.9, 0.123456]) {
        const h = (xs.length - 1) * p, lo = Math.floor(h);
        const plain = h === lo ? xs[lo] : xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo]);
        expect(quantileSorted(xs, p)).toBeCloseTo(plain, 6);
      }
    }
  });
  it('one value is every quantile', () => {
    expect(quantileSorted([7], 0.5)).toBe(7);
    expect(quantileSorted([7], 0.9)).toBe(7);
  });
});

describe('Sample', () => {
  it('summarises mean, median, p90 and count exactly', () => {
    const s = new Sample();
    for (const v of [3600, 60, 1200, 300, 120, 1800, 240, 600]) s.add(v);
    // sd: numpy.std(…, ddof=1); median interval: ranks 1 and 8 (P(B ≤ 0) = 1/256 ≤ 2.5 % < P(B ≤ 1) = 9/256).
    expect(s.summary()).toEqual({ mean: 990, median: 450, medianCi: { low: 60, high: 3600, level: 0.95 }, p90: 2340, count: 8, sd: expect.closeTo(1214.4840174211552, 9) });
  });
  it('is all null and count 0 when empty', () => {
    expect(new Sample().summary()).toEqual({ mean: null, median: null, medianCi: null, p90: null, count: 0, sd: null });
  });
  it('grows past its initial capacity and merges', () => {
    const a = new Sample();
    const b = new Sample();
    for (let i = 1; i <= 100; i++) (i % 2 ? a : b).add(i);
    a.merge(b);
    // The median of 1..100 lies in [x₍₄₀₎, x₍₆₁₎] at 95 % (the textbook table); sd as numpy.std(range(1, 101), ddof=1).
    expect(a.summary()).toEqual({ mean: 50.5, median: 50.5, medianCi: { low: 40, high: 61, level: 0.95 }, p90: expect.closeTo(90.1, 9), count: 100, sd: expect.closeTo(29.011491975882016, 9) });
  });
});
