import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/stats/quantile.js';
import { Sample } from '../../src/stats/sample.js';

/**
 * numpy 2.4's numpy.quantile(x, p, method='linear') (its default), written out: an
 * implementation that shares nothing with ours. Produced by
 *
 *   for x in SAMPLES: print([float(np.quantile(np.array(x, float), p)) for p in P])
 *
 * numpy's own last digits carry float noise (2339.9999999999995 where 1800 + 0.3 × 1800 is
 * 2340; see the exact cases above), so values match to 1e-12 relative.
 */
const P = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1, 0.123456, 1 / 3];
const NUMPY: [number[], number[]][] = [
  [[7], [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]],
  [[10, 20], [10, 11, 12.5, 15, 17.5, 19, 19.5, 19.9, 20, 11.23456, 13.333333333333332]],
  [[1, 2, 9], [1, 1.2, 1.5, 2, 5.5, 7.6000000000000005, 8.299999999999999, 8.86, 9, 1.246912, 1.6666666666666665]],
  [[1, 2, 3, 4], [1, 1.3, 1.75, 2.5, 3.25, 3.7, 3.8499999999999996, 3.9699999999999998, 4, 1.370368, 2]],
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1.9, 3.25, 5.5, 7.75, 9.1, 9.549999999999999, 9.91, 10, 2.111104, 4]],
  [[60, 120, 240, 300, 600, 1200, 1800, 3600], [60, 102, 210, 450, 1350, 2339.9999999999995, 2969.999999999999, 3473.9999999999995, 3600, 111.85152, 260]],
  [[0, 0, 0, 0, 0, 0, 1800, 3600], [0, 0, 0, 0, 450, 2339.9999999999995, 2969.999999999999, 3473.9999999999995, 3600, 0, 0]],
  [[5, 5, 5, 8, 8, 13, 21, 34, 55, 89, 144], [5, 5, 6.5, 13, 44.5, 89, 116.5, 138.50000000000003, 144, 5, 8]],
  [[0.5, 1.25, 2.75, 1000.125, 86400.5], [0.5, 0.8, 1.25, 2.75, 1000.125, 52240.350000000006, 69320.42499999999, 82984.485, 86400.5, 0.870368, 1.75]],
  [
    [3, 17, 17, 17, 29, 31, 88, 90, 91, 400, 401, 5000, 65000],
    [3, 17, 17, 88, 400, 4080.2000000000035, 28999.999999999916, 57799.99999999994, 65000, 17, 29],
  ],
];

function near(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
}

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
  });
  it.each(NUMPY)('equals numpy.quantile on %j', (xs, expected) => {
    P.forEach((p, i) => near(quantileSorted(xs, p), expected[i]));
    // As a typed array too (what Sample hands it).
    P.forEach((p, i) => near(quantileSorted(Float64Array.from(xs), p), expected[i]));
  });
  it('a p outside 0..1 is clamped to the smallest or largest value', () => {
    expect(quantileSorted([3, 4, 5], -0.5)).toBe(3);
    expect(quantileSorted([3, 4, 5], 1.5)).toBe(5);
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
  it('in any order and cut into any parts (sorted or not), merged: numpy\'s median and p90, and the plain mean', () => {
    const part = fc.record({ size: fc.nat(), sortFirst: fc.boolean() });
    fc.assert(
      fc.property(fc.constantFrom(...NUMPY), fc.array(fc.nat()), fc.array(part, { maxLength: 4 }), ([xs, q], keys, cuts) => {
        // Shuffle by the generated keys, then cut into parts; some parts sorted before merging.
        const shuffled = xs.map((x, i) => [keys[i] ?? i, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
        const samples: Sample[] = [];
        let at = 0;
        for (const c of cuts) {
          const s = new Sample();
          for (const x of shuffled.slice(at, (at += c.size % (xs.length + 1)))) s.add(x);
          if (c.sortFirst) s.sort();
          samples.push(s);
        }
        const last = new Sample();
        for (const x of shuffled.slice(at)) last.add(x);
        samples.push(last);
        const all = samples.reduce((a, b) => (a.merge(b), a));
        const r = all.summary();
        expect(r.count).toBe(xs.length);
        near(r.median, q[3]);
        near(r.p90, q[5]);
        near(r.mean, xs.reduce((a, b) => a + b, 0) / xs.length);
      }),
      { numRuns: 300 },
    );
  });
  it('merging sorted samples interleaves them; merging into an empty one keeps the other', () => {
    const a = new Sample(), b = new Sample(), e = new Sample();
    for (const v of [1, 4, 9]) a.add(v);
    for (const v of [2, 3, 10, 11]) b.add(v);
    a.merge(b);
    // [1 2 3 4 9 10 11]: median 4, p90 at rank 5.4 → 10 + 0.4 = 10.4
    expect(a.summary()).toMatchObject({ mean: 40 / 7, median: 4, p90: 10.4, count: 7 });
    e.merge(a);
    expect(e.summary()).toMatchObject({ mean: 40 / 7, median: 4, p90: 10.4, count: 7 });
    a.merge(new Sample());
    expect(a.count).toBe(7);
  });
  it('a later value below the last one un-sorts it', () => {
    const s = new Sample();
    for (const v of [5, 6, 1, 2]) s.add(v);
    expect(s.summary()).toMatchObject({ median: 3.5, p90: 5.7 });
  });
});
