import type { KpiResults } from '../metrics/kpi-set.js';
import type { FileKind } from '../input/header/columns.js';

export const REPORT_SCHEMA = 'csm-kpi/report@1';

export interface InputSummary {
  file: string;
  kind: FileKind;
  /** Data records read (header and blank lines excluded). */
  rows: number;
  /** Valid rows that fed the KPIs. */
  used: number;
  /** Invalid rows left out (only with --skip-invalid; otherwise the run fails). */
  skipped: number;
  /** Valid rows outside --from/--to. */
  outside_window: number;
  /** Survey answers without responded_at, left out because a window or period was asked. */
  unplaced: number;
  /** Survey rows without a score, counted apart under --empty-score skip (surveys sent, not answered). */
  no_answer: number;
  /** Rows folded into another row with the same ticket id (--duplicates first/last, event logs). */
  collapsed: number;
  /** Invalid fields left out of rows that stayed (--invalid-fields drop_field), per column; present only when there were some. */
  dropped_fields?: Record<string, number>;
}

export interface SeriesEntry {
  period: string;
  from: string;
  to: string;
  kpis: KpiResults;
}

export interface GroupEntry {
  key: string;
  keys: Record<string, string>;
  kpis: KpiResults;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  timezone: string;
  window: { from: string | null; to: string | null };
  inputs: InputSummary[];
  kpis: KpiResults;
  series?: SeriesEntry[];
  groups?: Record<string, GroupEntry[]>;
}
