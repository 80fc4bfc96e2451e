/** Eight bar heights, lowest first. */
const BARS = '▁▂▃▄▅▆▇█';

/**
 * A series as one line of bars, one character a value, scaled from the lowest value (▁)
 * to the highest (█); a null (no data in that period) is a space, a series without
 * variation sits in the middle (▄).
 *
 * @example sparkline([1, 2, null, 8]) // "▁▂ █"
 */
export function sparkline(values: readonly (number | null)[]): string {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let out = '';
  for (const v of values) {
    if (v === null) out += ' ';
    else if (hi === lo) out += BARS[3];
    else out += BARS[Math.min(7, Math.floor(((v - lo) / (hi - lo)) * 8))];
  }
  return out;
}
