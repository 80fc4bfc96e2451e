import type { Interval } from './interval.js';
import { zFor } from './normal-quantile.js';

/**
 * NPS as the mean of scores +1 (promoter), 0 (passive), −1 (detractor), times 100, and its
 * normal interval: 100·(p − d) ± z·100·√((p + d − (p − d)²)/n), p and d the promoter and
 * detractor shares; clamped to −100..100. Null when n is 0. O(1).
 *
 * @example npsInterval(60, 20, 100, 0.95) // { low: 24.32…, high: 55.68…, level: 0.95 } (NPS 40)
 */
export function npsInterval(promoters: number, detractors: number, n: number, level: number): Interval | null {
  if (n === 0) return null;
  const p = promoters / n, d = detractors / n;
  const half = zFor(level) * 100 * Math.sqrt(npsVariance(p, d) / n);
  const v = 100 * (p - d);
  return { low: Math.max(-100, v - half), high: Math.min(100, v + half), level };
}

/** The variance of one +1/0/−1 score: E[X²] − E[X]² = p + d − (p − d)². */
export function npsVariance(p: number, d: number): number {
  return p + d - (p - d) * (p - d);
}
