import type { Interval } from './interval.js';
import { zFor } from './normal-quantile.js';

/**
 * Wilson's score interval for a proportion of successes out of n, in percent: the
 * proportions p whose score test at the level does not reject s/n. Unlike p ± z·se it stays
 * inside 0–100 and is honest for small n and for 0 % or 100 %. Null when n is 0. O(1).
 *
 *   center = (p̂ + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
 *
 * @example wilsonInterval(720, 813, 0.95) // { low: 86.19…, high: 90.57…, level: 0.95 }
 */
export function wilsonInterval(successes: number, n: number, level: number): Interval | null {
  if (n === 0) return null;
  const z = zFor(level);
  const p = successes / n;
  const z2n = (z * z) / n;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return { low: Math.max(0, center - half) * 100, high: Math.min(1, center + half) * 100, level };
}
