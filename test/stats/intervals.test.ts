/**
 * Interval functions against values computed independently with scipy 1.17
 * (stats.binomtest(...).proportion_ci(method='wilson'), stats.t.ppf, stats.norm.ppf,
 * stats.binom.cdf, stats.ttest_ind(equal_var=False).confidence_interval) and against
 * published worked examples (Newcombe 1998). Never against a copy of this code.
 */
import { describe, expect, it } from 'vitest';
import { meanDifference, npsDifference, proportionDifference } from '../../src/stats/difference-interval.js';
import { intervalOf, restOf } from '../../src/stats/estimate.js';
import { meanInterval, sampleSd } from '../../src/stats/mean-interval.js';
import { medianInterval, medianRank } from '../../src/stats/median-interval.js';
import { normalQuantile, zFor } from '../../src/stats/normal-quantile.js';
import { npsInterval } from '../../src/stats/nps-interval.js';
import { tFor } from '../../src/stats/student-t.js';
import { wilsonInterval } from '../../src/stats/wilson-interval.js';

describe('quantiles of the normal and t distributions (scipy.stats.norm.ppf / t.ppf)', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.95, 1.6448536269514722],
    [0.995, 2.5758293035489004],
    [0.5, 0],
    [1e-10, -6.361340902404056],
  ])('Φ⁻¹(%d)', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 12));
  it('zFor the three levels', () => expect([zFor(0.9), zFor(0.95), zFor(0.99)].map((z) => z.toFixed(6))).toEqual(['1.644854', '1.959964', '2.575829']));
  it.each([
    [0.95, 1, 12.706204736174694],
    [0.95, 2, 4.302652729749462],
    [0.95, 10, 2.228138851986274],
    [0.95, 29, 2.045229642132703],
    [0.99, 5, 4.032142983555228],
    [0.9, 100, 1.6602343260853392],
    [0.95, 12345, 1.9601561676005668],
    [0.95, 3.7, 2.8675207071911895],
  ])('t(%d, df %d)', (level, df, t) => expect(tFor(level, df)).toBeCloseTo(t, 9));
});

describe('Wilson score interval for a proportion', () => {
  it('CSAT 720 of 813 (the Zendesk sample): 86.19–90.57 %', () => {
    const i = wilsonInterval(720, 813, 0.95)!;
    expect(i.low).toBeCloseTo(86.18930862505424, 10);
    expect(i.high).toBeCloseTo(90.56977274004007, 10);
    expect(i.level).toBe(0.95);
  });
  it('0 of 12 and 3 of 3 stay inside 0–100', () => {
    expect(wilsonInterval(0, 12, 0.95)).toMatchObject({ low: 0 });
    expect(wilsonInterval(0, 12, 0.95)!.high).toBeCloseTo(24.249400665524085, 10);
    expect(wilsonInterval(3, 3, 0.9)!.low).toBeCloseTo(52.58044258424872, 10);
    expect(wilsonInterval(3, 3, 0.9)!.high).toBe(100);
  });
  it('no answers: no interval', () => expect(wilsonInterval(0, 0, 0.95)).toBeNull());
});

describe('Student t interval for a mean', () => {
  const x = [60, 120, 300, 450, 900, 1800, 3600, 5400];
  const m = x.reduce((a, b) => a + b) / x.length;
  const squares = x.reduce((a, v) => a + v * v, 0);
  it('sd as numpy.std(ddof=1); interval as scipy.stats.t.interval', () => {
    const sd = sampleSd(x.length, m * x.length, squares)!;
    expect(sd).toBeCloseTo(1947.191659067709, 8);
    const i = meanInterval(m, sd, x.length, 0.95)!;
    expect(i.low).toBeCloseTo(-49.14296540347232, 7);
    expect(i.high).toBeCloseTo(3206.6429654034723, 7);
  });
  it('a duration mean is kept at 0 or above', () => {
    const sd = sampleSd(x.length, m * x.length, squares);
    expect(intervalOf({ kind: 'mean', mean: m, sd, n: x.length, min: 0 }, 0.95)!.low).toBe(0);
  });
  it('one value: no interval', () => expect(meanInterval(5, null, 1, 0.95)).toBeNull());
  it('equal values: no interval (sd 0 measures no spread), nor for the residue rounding leaves of them', () => {
    expect(meanInterval(2, 0, 2, 0.95)).toBeNull();
    expect(meanInterval(7200.001, 1.96e-12, 7, 0.95)).toBeNull();
    expect(meanInterval(7200, 0.5, 7, 0.95)).not.toBeNull();
  });
});

describe('median interval from order statistics (ranks from scipy.stats.binom.cdf)', () => {
  it.each([
    [5, 0],
    [6, 1],
    [10, 2],
    [25, 8],
    [100, 40],
    [813, 379],
  ])('n = %d → rank %d', (n, k) => expect(medianRank(n, 0.95)).toBe(k));
  it('1..10 at 95 %: [2, 9]', () => expect(medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toEqual({ low: 2, high: 9, level: 0.95 }));
  it('too few values: none', () => expect(medianInterval([1, 2, 3], 0.95)).toBeNull());
  it('large n stays exact where the binomial terms underflow', () => expect(medianRank(2_000_000, 0.95)).toBe(998614));
});

describe('NPS: the adjusted-Wald interval (¾ promoter, ¾ detractor, n + 3)', () => {
  it('60 promoters, 20 detractors of 100: 100·(60.75 − 20.75)/103 ± 1.96·100·√(v/103)', () => {
    const p = 60.75 / 103, d = 20.75 / 103;
    const half = 1.959963984540054 * 100 * Math.sqrt((p + d - (p - d) ** 2) / 103);
    const i = npsInterval(60, 20, 100, 0.95)!;
    expect(i.low).toBeCloseTo(100 * (p - d) - half, 10);
    expect(i.high).toBeCloseTo(100 * (p - d) + half, 10);
  });
  it('one detractor is not "certainly −100": its interval is as wide as one answer leaves it', () => {
    // p̃ = 0.75/4, d̃ = 1.75/4: centre −25, v = 0.5625, half = 1.96·100·√(0.5625/4) = 73.5
    const i = npsInterval(0, 1, 1, 0.95)!;
    // The low end, −25 − 73.5 = −98.5, widened to the value it is about (−100).
    expect(i.low).toBe(-100);
    expect(i.high).toBeCloseTo(-25 + 1.959963984540054 * 37.5, 10);
  });
  it('clamped to ±100', () => expect(npsInterval(3000, 0, 3000, 0.95)).toMatchObject({ high: 100 }));
});

describe('differences', () => {
  it("Newcombe's method 10 on his example (c): 56/70 − 48/80 → 0.0524 to 0.3339", () => {
    const i = proportionDifference(56, 70, 48, 80, 0.95)!;
    expect(i.low).toBeCloseTo(5.24, 2);
    expect(i.high).toBeCloseTo(33.39, 2);
  });
  it('Welch equals scipy.stats.ttest_ind(equal_var=False).confidence_interval', () => {
    const a = [1, 2, 3, 4, 10], b = [2, 2.5, 3, 3.5];
    const stat = (v: number[]) => {
      const m = v.reduce((s, x) => s + x) / v.length;
      return { m, sd: Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)), n: v.length };
    };
    const x = stat(a), y = stat(b);
    const i = meanDifference(x.m, x.sd, x.n, y.m, y.sd, y.n, 0.95)!;
    expect(i.low).toBeCloseTo(-3.0988698658070675, 8);
    expect(i.high).toBeCloseTo(5.5988698658070675, 8);
  });
  it('NPS difference: the adjusted scores, and the normal interval of their two variances', () => {
    const i = npsDifference(60, 20, 100, 30, 30, 100, 0.95)!;
    const adj = (pr: number, de: number, n: number) => {
      const p = (pr + 0.75) / (n + 3), d = (de + 0.75) / (n + 3);
      return { nps: 100 * (p - d), v: (p + d - (p - d) ** 2) / (n + 3) };
    };
    const a = adj(60, 20, 100), b = adj(30, 30, 100);
    const half = 1.959963984540054 * 100 * Math.sqrt(a.v + b.v);
    expect(i.low).toBeCloseTo(a.nps - b.nps - half, 10);
    expect(i.high).toBeCloseTo(a.nps - b.nps + half, 10);
  });
  it('a promoter one day and a detractor the next are no proven change of 200 points', () => {
    const i = npsDifference(1, 0, 1, 0, 1, 1, 0.95)!;
    expect(i.low).toBeLessThan(0);
    expect(i.high).toBeGreaterThan(0);
  });
  it('Welch: equal values on either side measure no spread, so no interval', () => {
    expect(meanDifference(120, 0, 2, 60, 0, 2, 0.95)).toBeNull();
    // 60, 60 against 120, 121: one side known "exactly" would make +60.5 on four tickets significant.
    expect(meanDifference(120.5, Math.SQRT1_2, 2, 60, 0, 2, 0.95)).toBeNull();
  });
  it('the rest of a total beside one part has the counts, mean and deviation of the values not in the part', () => {
    const all = [1, 2, 3, 4, 10, 2, 2.5, 3, 3.5], part = [2, 2.5, 3, 3.5], rest = [1, 2, 3, 4, 10];
    const est = (v: number[]) => {
      const m = v.reduce((s, x) => s + x) / v.length;
      return { kind: 'mean' as const, mean: m, sd: Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)), n: v.length };
    };
    const r = restOf(est(all), est(part))!;
    expect(r).toMatchObject({ kind: 'mean', n: 5 });
    if (r.kind !== 'mean') throw new Error('kind');
    expect(r.mean).toBeCloseTo(est(rest).mean, 12);
    expect(r.sd).toBeCloseTo(est(rest).sd, 10);
    expect(restOf({ kind: 'proportion', successes: 7, n: 10 }, { kind: 'proportion', successes: 2, n: 4 })).toEqual({ kind: 'proportion', successes: 5, n: 6 });
  });
});
