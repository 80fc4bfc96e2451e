import type { Interval } from './interval.js';
import { tFor } from './student-t.js';

/**
 * Student's t interval for a mean: mean ± t(level, n − 1) · sd/√n, sd the sample standard
 * deviation (n − 1 in its denominator). Null below two values, and when they are all equal
 * (sd = 0: no spread measured, as with one value). O(1) after the t quantile.
 *
 * @example meanInterval(10, 2, 16, 0.95) // { low: 8.934…, high: 11.065…, level: 0.95 }
 */
export function meanInterval(mean: number | null, sd: number | null, n: number, level: number): Interval | null {
  // Equal values (two CES answers of 2, minute-rounded times) measure no spread: a zero-width
  // interval would call the mean certain, and a target @95% breached on two answers.
  if (mean === null || sd === null || n < 2 || noSpread(sd, mean)) return null;
  const half = (tFor(level, n - 1) * sd) / Math.sqrt(n);
  return { low: mean - half, high: mean + half, level };
}

/**
 * The sample standard deviation from a count, a sum and a sum of squares, or null below two
 * values. The sums are taken around a shift (the first value, say) so that large, close
 * values (epoch-sized seconds) do not cancel: pass Σ(x − shift) and Σ(x − shift)².
 *
 * @example sampleSd(3, 3, 5) // 1 (values 0, 1, 2 around shift 0)
 */
export function sampleSd(n: number, shiftedSum: number, shiftedSquares: number): number | null {
  if (n < 2) return null;
  const v = (shiftedSquares - (shiftedSum * shiftedSum) / n) / (n - 1);
  return Math.sqrt(Math.max(0, v));
}

/**
 * Whether a sample's standard deviation measures no spread: 0, or the residue rounding leaves
 * of values all equal (7200.001 s seven times gives 2e-12), below 1e-9 of the mean's size.
 *
 * @example noSpread(1.96e-12, 7200.001) // true
 */
export function noSpread(sd: number, mean: number): boolean {
  return sd <= 1e-9 * Math.max(1, Math.abs(mean));
}
