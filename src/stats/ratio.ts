/**
 * part / whole × 100, or null when whole is 0: a rate over nothing is unknown, not 0 %.
 *
 * @example percent(65, 80) // 81.25
 */
export function percent(part: number, whole: number): number | null {
  // Multiply first: with whole-number counts part × 100 is exact, so 280/500 gives 56, not 56.00000000000001.
  return whole === 0 ? null : (part * 100) / whole;
}

/**
 * sum / count, or null when count is 0.
 *
 * @example mean(800, 100) // 8
 */
export function mean(sum: number, count: number): number | null {
  return count === 0 ? null : sum / count;
}
