/**
 * Quantile of a sorted sample, linear interpolation between closest ranks:
 * R type 7, numpy's default, Excel's PERCENTILE.INC. The median (p = 0.5) of an
 * even count is therefore the mean of the two middle values.
 *
 * The rank h = (n − 1)·p is split into whole and fraction in integers (p as millionths),
 * so p90 of 1800 and 3600 at h = 6.3 is 2340, not the 2339.9999999999995 that 7 × 0.9 in
 * floating point leads to; the fraction is applied in one division.
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
  const micro = Math.round(p * 1e6);
  if (Math.abs(micro - p * 1e6) > 1e-6 || (n - 1) * micro > Number.MAX_SAFE_INTEGER) {
    // A p with more than six decimals (or a huge sample): plain floating point.
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const a = sorted[lo];
    return h === lo ? a : a + (h - lo) * (sorted[lo + 1] - a);
  }
  const rank = (n - 1) * micro; // exact: h × 10^6
  const lo = Math.floor(rank / 1e6);
  const rest = rank - lo * 1e6;
  const a = sorted[lo];
  return rest === 0 ? a : a + ((sorted[lo + 1] - a) * rest) / 1e6;
}
