import type { KpiId } from '../metrics/definition.js';
import { KPI_BY_ID } from '../metrics/kpi-set.js';
import type { KpiResults, KpiValue } from '../metrics/kpi-set.js';
import { differenceOf, restOf } from '../stats/estimate.js';

/**
 * Whether a change is real: the interval of the difference between two estimates (Newcombe
 * for proportions, Welch for means, normal for NPS; stats/difference-interval.ts) excludes 0.
 * null when the KPI is not an estimate (a count) or either side has too little data. Both
 * values are known (withChange asks only then).
 */
function isSignificant(id: KpiId, now: KpiValue, before: KpiValue, level: number): boolean | null {
  const estimate = KPI_BY_ID.get(id)?.estimate;
  if (!estimate) return null;
  const d = differenceOf(estimate(now), estimate(before), level);
  return d === null ? null : d.low > 0 || d.high < 0;
}

/** Adds to each KPI its change against `previous` (null when either value is null) and whether that change is significant. */
export function withChange(kpis: KpiResults, previous: KpiResults | null, level: number): void {
  for (const id of Object.keys(kpis) as KpiId[]) {
    const k = kpis[id]!;
    const p = previous?.[id];
    const before = p?.value ?? null;
    k.change = k.value === null || before === null ? null : k.value - before;
    k.significant = k.change === null ? null : isSignificant(id, k, p!, level);
  }
}

/**
 * Adds to each KPI of a group `vs_total`: the group's value minus the total's, and whether
 * the group really differs. A group is part of the total, so it is tested against the rest
 * of the data (the total without it), which is independent of it; group − total and
 * group − rest always have the same sign.
 */
export function withDifferenceFromTotal(group: KpiResults, total: KpiResults, level: number): KpiResults {
  for (const id of Object.keys(group) as KpiId[]) {
    const g = group[id]!, t = total[id];
    if (!t || g.value === null || t.value === null) {
      g.vs_total = null;
      continue;
    }
    const estimate = KPI_BY_ID.get(id)?.estimate;
    let significant: boolean | null = null;
    if (estimate) {
      const rest = restOf(estimate(t), estimate(g));
      const d = rest && rest.n > 0 ? differenceOf(estimate(g), rest, level) : null;
      significant = d === null ? null : d.low > 0 || d.high < 0;
    }
    g.vs_total = { change: g.value - t.value, significant };
  }
  return group;
}
