import type { KpiId } from '../metrics/definition.js';
import type { KpiResults } from '../metrics/kpi-set.js';
import type { FileKind } from '../input/header/columns.js';
import type { GroupKey } from '../input/load.js';

export const REPORT_SCHEMA = 'csm-kpi/report@1';

/** The note on each KPI of a window or period the data reaches none of (window.no_data): unknown, not 0. */
export const NOT_REACHED = 'no data in this window: the data reaches none of it';

/**
 * The KPIs that grow with the days the data covers: the ticket volume, and the tickets per
 * customer (fewer days, fewer repeat tickets from one customer). Their change for or against a
 * window or period the data covers only in part is left out (change: null): it would be the
 * export's reach, not the team's.
 */
export const SPAN_DEPENDENT: readonly KpiId[] = ['ticket_volume', 'tickets_per_customer'];

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
  /** Valid rows left out by --where; present only with --where. */
  filtered?: number;
}

export interface SeriesEntry {
  period: string;
  from: string;
  to: string;
  kpis: KpiResults;
  /** Present (true) when the data or the window covers the period only in part: the first or last of a series. */
  partial?: true;
}

/** --compare: the window compared with, and its KPIs (the current KPIs carry each one's change). */
export interface CompareEntry {
  /** no_data: the data reaches none of it (it starts after the window ends): its counts are no change from 0. */
  window: { from: string; to: string; partial?: true; no_data?: true };
  kpis: KpiResults;
}

export interface GroupEntry {
  /**
   * With one --by field, the group's value; with nested fields (--by team --by agent), the
   * list of its values, outer first. null where the rows have no value (the table shows
   * "(none)"): never a placeholder string that a real value could equal.
   */
  key: GroupKey | GroupKey[];
  /** Each field's value, null where the rows have none. */
  keys: Record<string, GroupKey>;
  kpis: KpiResults;
  /** With --period: the group's KPIs in each period of the report's series (the period × group table). */
  series?: SeriesEntry[];
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  timezone: string;
  /** partial: true when the data covers the window only in part (it starts after, or ends before, the window); no_data: true when it reaches none of it. */
  window: { from: string | null; to: string | null; partial?: true; no_data?: true };
  inputs: InputSummary[];
  /** --where: the conditions every row met, as COLUMN=VALUE[,VALUE] or COLUMN!=VALUE[,VALUE] (columns normalized). */
  where?: string[];
  kpis: KpiResults;
  /** --compare previous|year. */
  previous?: CompareEntry;
  series?: SeriesEntry[];
  groups?: Record<string, GroupEntry[]>;
}
