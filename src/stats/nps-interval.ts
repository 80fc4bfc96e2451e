import type { Interval } from './interval.js';
import { zFor } from './normal-quantile.js';

/**
 * NPS (the mean of scores +1 promoter, 0 passive, −1 detractor, times 100) and its
 * adjusted-Wald interval (Rocks 2016, "Interval estimation for the net promoter score", The
 * American Statistician; the best of the methods he and Lewis & Sauro 2021 compared): ¾ is
 * added to the promoters and to the detractors and 3 to n, then 100·(p̃ − d̃) ±
 * z·100·√((p̃ + d̃ − (p̃ − d̃)²)/ñ); clamped to −100..100. The plain normal interval has no
 * width when every answer is in one class (one answer, all promoters), so a single
 * detractor would be "certainly −100"; the adjustment gives it the width its n deserves, as
 * Wilson's does for a rate. The centre is the adjusted NPS, not the reported value. Null
 * when n is 0. O(1).
 *
 * @example npsInterval(60, 20, 100, 0.95) // { low: 23.37…, high: 54.29…, level: 0.95 } (NPS 40; adjusted 38.83)
 * @example npsInterval(0, 1, 1, 0.95)     // { low: −100, high: 48.5, level: 0.95 } (one detractor: −98.5 widened to its value)
 */
export function npsInterval(promoters: number, detractors: number, n: number, level: number): Interval | null {
  if (n === 0) return null;
  const a = adjustedNps(promoters, detractors, n);
  const half = zFor(level) * 100 * Math.sqrt(a.variance / a.n);
  // One answer's NPS (±100) can lie past the adjusted centre's reach: the interval keeps the value it is about.
  const value = (100 * (promoters - detractors)) / n;
  return { low: Math.min(value, Math.max(-100, a.nps - half)), high: Math.max(value, Math.min(100, a.nps + half)), level };
}

/** The adjusted-Wald NPS of a sample: its centre (×100), the variance of one adjusted score, and ñ = n + 3. */
export function adjustedNps(promoters: number, detractors: number, n: number): { nps: number; variance: number; n: number } {
  const m = n + 3;
  const p = (promoters + 0.75) / m, d = (detractors + 0.75) / m;
  return { nps: 100 * (p - d), variance: p + d - (p - d) * (p - d), n: m };
}
