/**
 * part / whole × 100, or null when whole is 0: a rate over nothing is unknown, not 0 %.
 *
 * @example percent(65, 80) // 81.25
 */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

/**
 * sum / count, or null when count is 0.
 *
 * @example mean(800, 100) // 8
 */
export function mean(sum: number, count: number): number | null {
  return count === 0 ? null : sum / count;
}
