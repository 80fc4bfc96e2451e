import type { Interval } from './interval.js';
import { zFor } from './normal-quantile.js';
import { adjustedNps } from './nps-interval.js';
import { noSpread } from './mean-interval.js';
import { tFor } from './student-t.js';
import { wilsonInterval } from './wilson-interval.js';

/**
 * Intervals for the difference between two independent estimates (this period minus the one
 * before, a group minus the total, …). A change is significant when its interval excludes 0.
 */

/**
 * Newcombe's hybrid score interval (his method 10) for p₁ − p₂, in percentage points, from
 * each proportion's Wilson interval [l, u]: δ − √((p₁ − l₁)² + (u₂ − p₂)²) to
 * δ + √((u₁ − p₁)² + (p₂ − l₂)²). Null when either n is 0. O(1).
 *
 * @example proportionDifference(56, 70, 48, 80, 0.95) // δ = 20 pp: { low: 5.24…, high: 33.39…, … } (Newcombe 1998, example (c): 0.0524 to 0.3339)
 */
export function proportionDifference(s1: number, n1: number, s2: number, n2: number, level: number): Interval | null {
  const a = wilsonInterval(s1, n1, level), b = wilsonInterval(s2, n2, level);
  if (a === null || b === null) return null;
  const p1 = (s1 / n1) * 100, p2 = (s2 / n2) * 100, d = p1 - p2;
  return { low: d - Math.hypot(p1 - a.low, b.high - p2), high: d + Math.hypot(a.high - p1, p2 - b.low), level };
}

/**
 * Welch's interval for m₁ − m₂ with unequal variances: ± t(level, ν)·se, se² = s₁²/n₁ + s₂²/n₂,
 * ν the Welch–Satterthwaite degrees of freedom. Null below two values on either side, or when
 * either side's values are all equal (noSpread). O(1).
 *
 * @example meanDifference(20, 5, 10, 15, 5, 10, 0.95) // δ = 5: { low: 0.30…, high: 9.69…, … }
 */
export function meanDifference(m1: number, sd1: number, n1: number, m2: number, sd2: number, n2: number, level: number): Interval | null {
  // A side whose values are all equal measured no spread: Welch would take its mean as known exactly, and
  // call 60, 60 against 120, 121 a real change on four tickets. No interval, as for one value.
  if (n1 < 2 || n2 < 2 || noSpread(sd1, m1) || noSpread(sd2, m2)) return null;
  const v1 = (sd1 * sd1) / n1, v2 = (sd2 * sd2) / n2;
  const se = Math.sqrt(v1 + v2);
  const d = m1 - m2;

  const df = (v1 + v2) ** 2 / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  const half = tFor(level, df) * se;
  return { low: d - half, high: d + half, level };
}

/**
 * The adjusted-Wald interval for NPS₁ − NPS₂ (nps-interval.ts): each sample adjusted (¾
 * promoter, ¾ detractor, n + 3), then the difference of the adjusted scores ± z·100·√(v₁/ñ₁ +
 * v₂/ñ₂). Two one-answer samples, a promoter and a detractor, are not a proven change of 200
 * points. Null when either n is 0. O(1).
 *
 * @example npsDifference(60, 20, 100, 30, 30, 100, 0.95) // { low: 17.35…, high: 60.31…, level: 0.95 } (NPS 40 − 0)
 */
export function npsDifference(p1: number, d1: number, n1: number, p2: number, d2: number, n2: number, level: number): Interval | null {
  if (n1 === 0 || n2 === 0) return null;
  const a = adjustedNps(p1, d1, n1), b = adjustedNps(p2, d2, n2);
  const diff = a.nps - b.nps;
  const half = zFor(level) * 100 * Math.sqrt(a.variance / a.n + b.variance / b.n);
  return { low: diff - half, high: diff + half, level };
}
