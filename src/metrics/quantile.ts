/**
 * Quantile of a sorted sample, linear interpolation between closest ranks:
 * R type 7, numpy's default, Excel's PERCENTILE.INC. The median (p = 0.5) of an
 * even count is therefore the mean of the two middle values.
 *
 * Cost: O(1) on an already sorted array.
 *
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 * @example quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) // 9.1
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (p <= 0) return sorted[0];
  if (p >= 1) return sorted[n - 1];
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const frac = h - lo;
  const a = sorted[lo];
  return frac === 0 ? a : a + frac * (sorted[lo + 1] - a);
}
