import type { KpiId } from '../metrics/definition.js';
import type { KpiResults } from '../metrics/kpi-set.js';

export type Comparison = '>=' | '>' | '<=' | '<' | '==';

export interface Target {
  kpi: KpiId;
  /** The rule as written, e.g. ">= 90" or "<= 1h". */
  rule: string;
  op: Comparison;
  /** In the KPI's unit (seconds for times, percent for rates). */
  threshold: number;
}

export interface TargetResult {
  rule: string;
  threshold: number;
  status: 'met' | 'breached' | 'no_data';
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

/** Marks each targeted KPI met, breached or no_data (value null); returns the breached ones. */
export function applyTargets(kpis: KpiResults, targets: readonly Target[]): Target[] {
  const breached: Target[] = [];
  for (const t of targets) {
    const k = kpis[t.kpi];
    if (!k) continue;
    const status = k.value === null ? 'no_data' : holds(k.value, t.op, t.threshold) ? 'met' : 'breached';
    const result: TargetResult = { rule: t.rule, threshold: t.threshold, status };
    k.target = result;
    if (status === 'breached') breached.push(t);
  }
  return breached;
}
