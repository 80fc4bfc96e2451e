import { meanDifference, npsDifference, proportionDifference } from './difference-interval.js';
import type { Interval } from './interval.js';
import { meanInterval } from './mean-interval.js';
import { npsInterval } from './nps-interval.js';
import { wilsonInterval } from './wilson-interval.js';

/**
 * What a KPI's value estimates, with what its uncertainty needs: a proportion (successes of
 * n), a mean (with its sample standard deviation), or an NPS (promoters and detractors of n).
 * A KPI definition says which of these its result is (KpiDefinition.estimate); intervals,
 * small-sample marks and significant changes are then computed the same way for every KPI.
 */
export type Estimate =
  | { kind: 'proportion'; successes: number; n: number }
  /** min/max: what a value can be (durations ≥ 0, scores within their scale); the interval is kept inside. */
  | { kind: 'mean'; mean: number | null; sd: number | null; n: number; min?: number; max?: number }
  | { kind: 'nps'; promoters: number; detractors: number; n: number };

/** The value's interval at the level: Wilson (percent), Student t (mean) or the NPS adjusted-Wald interval. */
export function intervalOf(e: Estimate, level: number): Interval | null {
  switch (e.kind) {
    case 'proportion':
      return wilsonInterval(e.successes, e.n, level);
    case 'mean': {
      const i = meanInterval(e.mean, e.sd, e.n, level);
      return i && { low: Math.max(e.min ?? -Infinity, i.low), high: Math.min(e.max ?? Infinity, i.high), level };
    }
    case 'nps':
      return npsInterval(e.promoters, e.detractors, e.n, level);
  }
}

/** The interval of a − b (two independent estimates of the same kind): Newcombe, Welch, or adjusted-Wald for NPS. */
export function differenceOf(a: Estimate, b: Estimate, level: number): Interval | null {
  if (a.kind === 'proportion' && b.kind === 'proportion') return proportionDifference(a.successes, a.n, b.successes, b.n, level);
  if (a.kind === 'nps' && b.kind === 'nps') return npsDifference(a.promoters, a.detractors, a.n, b.promoters, b.detractors, b.n, level);
  if (a.kind === 'mean' && b.kind === 'mean') {
    if (a.mean === null || b.mean === null || a.sd === null || b.sd === null) return null;
    return meanDifference(a.mean, a.sd, a.n, b.mean, b.sd, b.n, level);
  }
  return null;
}

/**
 * The part of `whole` that is not `part` (the rest of the data beside one group), so that a
 * group is compared with independent data. For a mean, the rest's mean and deviation follow
 * from the counts, sums and sums of squares the two imply.
 */
export function restOf(whole: Estimate, part: Estimate): Estimate | null {
  if (whole.kind === 'proportion' && part.kind === 'proportion') return { kind: 'proportion', successes: whole.successes - part.successes, n: whole.n - part.n };
  if (whole.kind === 'nps' && part.kind === 'nps') return { kind: 'nps', promoters: whole.promoters - part.promoters, detractors: whole.detractors - part.detractors, n: whole.n - part.n };
  if (whole.kind === 'mean' && part.kind === 'mean') {
    const n = whole.n - part.n;
    if (n < 2 || whole.mean === null || whole.sd === null || part.mean === null || part.sd === null) return null;
    const squares = (e: { mean: number; sd: number; n: number }) => (e.n - 1) * e.sd * e.sd + e.n * e.mean * e.mean;
    const sum = whole.n * whole.mean - part.n * part.mean;
    const mean = sum / n;
    const ss = squares(whole as { mean: number; sd: number; n: number }) - squares(part as { mean: number; sd: number; n: number }) - n * mean * mean;
    return { kind: 'mean', mean, sd: Math.sqrt(Math.max(0, ss / (n - 1))), n };
  }
  return null;
}

/** How each kind's interval is computed, for `csm-kpi explain`. */
export const INTERVAL_TEXT: Record<Estimate['kind'], string> = {
  proportion: "Wilson score interval: (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n); a change: Newcombe's hybrid score interval",
  mean: "Student t interval: mean ± t(n − 1)·sd/√n (none for one value, or for values all equal: no spread measured); the median's from order statistics (distribution-free); a change: Welch's interval",
  nps: 'adjusted-Wald (Rocks 2016): with ¾ added to promoters and to detractors and 3 to n, 100·(p̃ − d̃) ± z·100·√((p̃ + d̃ − (p̃ − d̃)²)/ñ), within ±100; a change: the difference of the adjusted scores ± z·√(sum of their variances)',
};
