import type { Band } from './bands.js';
import type { Unit } from './facts.js';
import type { Estimate } from '../stats/estimate.js';
import type { KpiSql } from './sql.js';

export type KpiId =
  | 'ticket_volume'
  | 'tickets_per_customer'
  | 'first_response_time'
  | 'resolution_time'
  | 'resolution_rate'
  | 'average_handle_time'
  | 'first_contact_resolution'
  | 'self_service_rate'
  | 'reopen_rate'
  | 'one_touch_resolution'
  | 'requester_wait_time'
  | 'agent_work_time'
  | 'backlog'
  | 'csat'
  | 'nps'
  | 'ces'
  | 'retention_rate'
  | 'churn_rate'
  | 'sla_first_response'
  | 'sla_resolution';

/** What `csm-kpi explain` prints about a KPI; the formula is the one the code implements. */
export interface KpiDefinition {
  id: KpiId;
  title: string;
  unit: Unit;
  formula: string;
  inputs: string;
  /** Which direction is good, for trend marks; null when neither is. */
  better: 'higher' | 'lower' | null;
  bands: readonly Band[] | null;
  example?: string;
  /**
   * What the value estimates (a proportion, a mean, an NPS) read from the KPI's result: its
   * interval, small-sample mark and significant changes come from it. None for counts and
   * for figures that are not a sample (volume, retention of a whole customer base).
   */
  estimate?: (r: Record<string, unknown>) => Estimate;
  /**
   * The KPI as SQL (csm-kpi sql, --engine duckdb): its result fields as aggregates over a
   * family of rows (metrics/sql.ts). A KPI without it must say why in sqlNone.
   */
  sql?: KpiSql;
  /** Why the KPI has no SQL (a KPI has sql or this; test/metrics/sql.test.ts checks every one). */
  sqlNone?: string;
}

/** Every KPI result: the value, its unit and band, then the KPI's own detail fields. */
export interface KpiResultBase {
  value: number | null;
  unit: Unit;
}
