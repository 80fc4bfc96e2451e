import type { KpiId } from '../metrics/definition.js';
import { KPI_BY_ID } from '../metrics/kpi-set.js';
import type { KpiResults, KpiValue } from '../metrics/kpi-set.js';
import { intervalOf } from '../stats/estimate.js';
import type { Report } from '../output/report.js';
import { SPAN_DEPENDENT } from '../output/report.js';
import { valueLabel } from '../output/group-label.js';

export type Comparison = '>=' | '>' | '<=' | '<' | '==';

export interface Target {
  kpi: KpiId;
  /** The rule as written, e.g. ">= 90" or "<= 1h". */
  rule: string;
  op: Comparison;
  /** In the KPI's unit (seconds for times, percent for rates). */
  threshold: number;
  /**
   * A target that asks for confidence (">= 90 @95%"): breached only when the KPI's interval at
   * this level lies wholly on the wrong side of the threshold, so a nightly job does not fail on noise.
   */
  confidence?: number;
}

export interface TargetResult {
  rule: string;
  threshold: number;
  /** uncertain: the value misses the threshold, but its interval (at the rule's @level) still reaches it. */
  status: 'met' | 'breached' | 'uncertain' | 'no_data';
}

function holds(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>=': return value >= threshold;
    case '>': return value > threshold;
    case '<=': return value <= threshold;
    case '<': return value < threshold;
    case '==': return value === threshold;
  }
}

/**
 * Whether a missed target is a breach: always without @level; with it, only when the KPI's
 * interval at that level misses the threshold too (for a KPI that estimates something; a
 * count has no interval, its miss is a breach).
 */
function provenBreach(t: Target, k: KpiValue): boolean {
  const estimate = KPI_BY_ID.get(t.kpi)?.estimate;
  if (t.confidence === undefined || !estimate) return true;
  const ci = intervalOf(estimate(k), t.confidence);
  if (ci === null) return false;
  switch (t.op) {
    case '>=':
    case '>':
      return !holds(ci.high, t.op, t.threshold);
    case '<=':
    case '<':
      return !holds(ci.low, t.op, t.threshold);
    case '==':
      return t.threshold < ci.low || t.threshold > ci.high;
  }
}

/** A target the report does not meet: its KPI breached it, or had no value to check. */
export interface Unmet {
  target: Target;
  status: 'breached' | 'no_data';
  /** The KPI checked (absent when the report has no such KPI, e.g. an SLA without --sla). */
  kpi: KpiValue | undefined;
  /** The slice it was checked on ("2026-W10", "agent=ana"), null for the report's window. */
  where: string | null;
}

/**
 * Marks each targeted KPI met, breached or no_data (value null) and returns the targets not
 * met. A target without data is returned too: under --fail-on-breach it fails the run, for a
 * KPI nobody can check (no input column, no answers in the window) is not a target met.
 */
export function applyTargets(kpis: KpiResults, targets: readonly Target[], where: string | null = null): Unmet[] {
  const unmet: Unmet[] = [];
  for (const t of targets) {
    const k = kpis[t.kpi];
    const status = k === undefined || k.value === null ? 'no_data' : holds(k.value, t.op, t.threshold) ? 'met' : provenBreach(t, k) ? 'breached' : 'uncertain';
    if (k) k.target = { rule: t.rule, threshold: t.threshold, status } satisfies TargetResult;
    // Missed within chance (@level) is marked, not a breach: a nightly job does not fail on noise.
    if (status === 'breached' || status === 'no_data') unmet.push({ target: t, status, kpi: k, where });
  }
  return unmet;
}

/**
 * The report's targets checked on its window, and on each period and/or group when asked
 * (--targets-on): every slice's KPIs are marked; a slice's breaches are named with it. A
 * slice without data (a day without answers, an agent off that week) is marked no_data
 * without failing: the window's own check already fails when the KPI has no data at all.
 */
export function checkTargets(report: Report, targets: readonly Target[], on: ReadonlySet<'period' | 'group'>): Unmet[] {
  const unmet = applyTargets(report.kpis, targets);
  const breached = (u: Unmet) => u.status === 'breached';
  if (on.has('period')) {
    for (const e of report.series ?? []) {
      // A partial period's ticket count and tickets per customer (SPAN_DEPENDENT: a 4-day first
      // week, the export's last days) are not a period's: a floor on them (>=, >, ==) is not
      // checked there, the KPI left unmarked; a cap (<=, <) is, since a part already over it
      // breaches it.
      const checked = e.partial ? targets.filter((t) => !SPAN_DEPENDENT.includes(t.kpi) || t.op === '<=' || t.op === '<') : targets;
      unmet.push(...applyTargets(e.kpis, checked, e.period).filter(breached));
    }
  }
  if (on.has('group')) {
    for (const entries of Object.values(report.groups ?? {})) {
      for (const e of entries) {
        const where = Object.entries(e.keys).map(([field, key]) => `${field}=${valueLabel(key)}`).join(', ');
        unmet.push(...applyTargets(e.kpis, targets, where).filter(breached));
      }
    }
  }
  return unmet;
}
