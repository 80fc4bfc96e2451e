/**
 * The report from SQL instead of accumulators: runs the query of sql-query.ts on a SQL engine
 * (DuckDB for `compute --engine duckdb`, PostgreSQL in the tests), turns each result row into
 * a slice whose KPI results are the row's columns, and hands the slices to the ReportBuilder
 * (adopt), which adds what the JavaScript engine adds after its accumulators: bands,
 * intervals (from the n, sd and counts the SQL returns), small-sample marks, day counts,
 * partial periods, censoring, changes, group order.
 */
import type { KpiId } from '../metrics/definition.js';
import { KpiSet } from '../metrics/kpi-set.js';
import type { KpiOptions, RawResults } from '../metrics/kpi-set.js';
import type { BacklogResult } from '../metrics/backlog.js';
import { medianRank } from '../stats/median-interval.js';
import type { GroupKey } from '../input/load.js';
import { ReportBuilder } from './report-builder.js';
import type { BuilderState } from './report-builder.js';
import type { ComputeSettings } from '../settings/settings.js';
import { buildSql, groupColumn, MEDIAN_KPIS, sqlColumn, sqlKpis } from './sql-query.js';
import type { SqlQueryOptions } from './sql-query.js';
import { SQL_DIALECTS } from '../metrics/sql.js';
import type { Dialect } from '../metrics/sql.js';

/** The KPI options of a run on the calendar clock (the SQL has no business hours). */
export function sqlKpiOptions(s: ComputeSettings): KpiOptions {
  return {
    csatScale: s.read.csatScale,
    cesScale: s.read.cesScale,
    slaFirstResponseSeconds: s.sla.firstResponse,
    slaResolutionSeconds: s.sla.resolution,
    clock: 'calendar',
    confidence: s.confidence,
    minSample: s.minSample,
  };
}

/** The query's options from a run's settings, over the given tables. */
export function sqlQueryOptions(s: Pick<ComputeSettings, 'zone' | 'from' | 'to' | 'period' | 'by' | 'read' | 'sla'>, dialect: Dialect, tables: Pick<SqlQueryOptions, 'tickets' | 'surveys' | 'customers'>): SqlQueryOptions {
  return {
    dialect,
    zone: s.zone.name,
    from: s.from,
    to: s.to,
    period: s.period,
    by: s.by,
    kpi: {
      csatScale: s.read.csatScale,
      cesScale: s.read.cesScale,
      slaFirstResponseSeconds: s.sla.firstResponse,
      slaResolutionSeconds: s.sla.resolution,
      // compute.ts's rule: the tickets' sla_met column when there is no resolution target.
      slaResolutionFromFlag: tables.tickets !== null && tables.tickets.columns.has('sla_met') && s.sla.resolution === null,
      // invalid_fields "drop_field": the DuckDB engine's tickets, or csm-kpi sql's checks of a warehouse table.
      droppedFields: tables.tickets !== null && (tables.tickets.columns.has('fr_dropped') || tables.tickets.checked?.columns.has('fr_dropped') === true),
    },
    selfServiceChannels: [...s.read.selfServiceChannels],
    ...tables,
  };
}

/** The report's KPI parts from the SQL slices: totals, series and groups, as compute writes them. */
export function reportFromSlices(s: ComputeSettings, kpi: KpiOptions, state: BuilderState): ReportBuilder {
  const builder = new ReportBuilder({ zone: s.zone, from: s.from, to: s.to, previous: null, period: s.period, by: s.by, kpi, clock: null });
  // A period the query has no row of is an SqlSlice too (with tickets the query has a row for every period of the range: backlog_ends).
  builder.adopt(state, () => new SqlSlice(kpi, new Map(), new Map()));
  return builder;
}

/** Runs a query and gives its rows as objects keyed by column name. */
export interface SqlRunner {
  dialect: Dialect;
  all(sql: string): Promise<Record<string, unknown>[]>;
}

/** A number from what a driver returns (bigint, numeric as text, a decimal object), or null. */
export function sqlNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const n = Number(String(v));
  if (Number.isNaN(n)) throw new Error(`not a number from SQL: ${String(v)}`);
  return n;
}

type MedianCi = { low: number; high: number } | null;

/** The note of the backlog of a slice the query has no row of (its backlog_* CTEs need tickets). */
export const SQL_BACKLOG_NOTE = 'not computed by the SQL engines; run without --engine duckdb for it';

/** One slice's results, read from its SQL row: the empty accumulators give each result's keys, order and constants. */
export class SqlSlice extends KpiSet {
  constructor(
    options: KpiOptions,
    private readonly fields: ReadonlyMap<KpiId, Record<string, number | null>>,
    private readonly medians: ReadonlyMap<KpiId, MedianCi>,
    /** The slice's backlog at its end from the SQL (null: a slice the query has no row of). */
    private readonly sqlBacklog: { value: number; median_age: number | null; resolved_undated: number } | null = null,
  ) {
    super(options);
    const volume = fields.get('ticket_volume');
    if (volume) {
      this.volume.count = volume.value ?? 0;
      this.volume.firstCreatedAt = volume._first_created_ms ?? Infinity;
      this.volume.lastCreatedAt = volume._last_created_ms ?? -Infinity;
    }
    // What the report builder reads of a slice besides its results: open tickets, for censoring.
    // Times left out as invalid (drop_field): the accumulators' counts, so the results hold `dropped` where the JavaScript's do.
    this.firstResponse.dropped = fields.get('first_response_time')?.dropped ?? 0;
    this.resolutionTime.dropped = fields.get('resolution_time')?.dropped ?? 0;
    const rate = fields.get('resolution_rate');
    if (rate) {
      this.resolutionRate.tickets = rate.tickets ?? 0;
      this.resolutionRate.resolved = rate.resolved ?? 0;
    }
  }

  protected override raw(days: number | null, backlog: BacklogResult): RawResults {
    const raw = super.raw(days, backlog);
    const b = this.sqlBacklog;
    if (b === null) raw.backlog = { value: null, unit: 'count', at: backlog.at, age_at: null, median_age: null, note: SQL_BACKLOG_NOTE } as RawResults['backlog'];
    else {
      // at and age_at as the builder stamps them (T, or the latest instant the totals' backlog holds); the counts from the SQL.
      const out: BacklogResult = { value: b.value, unit: 'count', at: backlog.at, age_at: backlog.age_at, median_age: b.median_age };
      if (backlog.at !== null && b.resolved_undated > 0) out.resolved_undated = b.resolved_undated;
      raw.backlog = out as RawResults['backlog'];
    }
    for (const [id, f] of this.fields) {
      const r = raw[id] as Record<string, unknown> | undefined;
      if (!r) continue;
      for (const [name, v] of Object.entries(f)) if (!name.startsWith('_') && name in r && !(id === 'ticket_volume' && name === 'value')) r[name] = v;
      if ('median_ci' in r) {
        const m = this.medians.get(id) ?? null;
        r.median_ci = m === null ? null : { low: m.low, high: m.high, level: this.options.confidence };
      }
    }
    return raw;
  }
}

const sliceKey = (slice: string, periodMs: number | null, keys: readonly GroupKey[]) => JSON.stringify([slice, periodMs, keys]);

/** The slices of the query's rows, ready for ReportBuilder.adopt. */
export async function sqlSlices(runner: SqlRunner, q: SqlQueryOptions, kpi: KpiOptions): Promise<BuilderState> {
  const rows = await runner.all(buildSql(q));
  const keysOf = (row: Record<string, unknown>) => q.by.map((f) => {
    const v = row[groupColumn(f)];
    return v === null || v === undefined ? null : String(v);
  });
  // The medians' intervals need order statistics at a rank that depends on each slice's n: a second query.
  const ranks = new Map<number, number>();
  for (const row of rows) {
    for (const [id] of MEDIAN_KPIS) {
      const n = sqlNumber(row[sqlColumn(id, 'count')]) ?? 0;
      if (n > 0 && !ranks.has(n)) ranks.set(n, medianRank(n, kpi.confidence));
    }
  }
  const withRank = [...ranks].filter(([, k]) => k > 0).sort((a, b) => a[0] - b[0]);
  const medians = new Map<string, Map<KpiId, MedianCi>>();
  if (withRank.length > 0) {
    for (const row of await runner.all(buildSql(q, withRank))) {
      const key = sliceKey(String(row.slice), sqlNumber(row._period_ms), q.by.map((_, i) => (row[`key_${i + 1}`] === null ? null : String(row[`key_${i + 1}`]))));
      const m = medians.get(key) ?? new Map<KpiId, MedianCi>();
      m.set(row.kpi as KpiId, { low: sqlNumber(row.low)!, high: sqlNumber(row.high)! });
      medians.set(key, m);
    }
  }
  const kpis = sqlKpis(q.kpi);
  const groupSeries = new Map<string, [number, KpiSet][]>();
  const state: BuilderState = { totals: new KpiSet(kpi), previous: null, span: { first: Infinity, last: -Infinity, firstCreated: Infinity, lastCreated: -Infinity, lastTicket: -Infinity }, series: [], groups: q.by.map(() => []) };
  for (const row of rows) {
    const fields = new Map<KpiId, Record<string, number | null>>();
    for (const k of kpis) {
      const f: Record<string, number | null> = {};
      const names = [...k.sql!.fields(dialectOf(runner), q.kpi), ...(k.sql!.extra?.fields(dialectOf(runner), q.kpi) ?? [])].map((x) => x.name);
      for (const name of names) f[name] = sqlNumber(row[sqlColumn(k.id, name)]);
      fields.set(k.id, f);
    }
    const slice = String(row.slice);
    const periodMs = sqlNumber(row._period_ms);
    const backlog = q.tickets === null ? null : { value: sqlNumber(row[sqlColumn('backlog', 'value')]) ?? 0, median_age: sqlNumber(row[sqlColumn('backlog', 'median_age')]), resolved_undated: sqlNumber(row[sqlColumn('backlog', 'resolved_undated')]) ?? 0 };
    // A row's key columns past its slice's level are NULL (all of them in the totals' and the periods' rows), as in the medians' rows.
    const set = new SqlSlice(kpi, fields, medians.get(sliceKey(slice, periodMs, keysOf(row))) ?? new Map(), backlog);
    if (slice === 'total') {
      // The ages' instant without --to: the builder reads it from the totals' backlog.
      const lastTicket = sqlNumber(row._backlog_last_ms) ?? -Infinity;
      set.backlog.last = lastTicket;
      state.totals = set;
      state.span = {
        first: sqlNumber(row._data_first_ms) ?? Infinity,
        last: sqlNumber(row._data_last_ms) ?? -Infinity,
        firstCreated: sqlNumber(row._data_created_first_ms) ?? Infinity,
        lastCreated: sqlNumber(row._data_created_last_ms) ?? -Infinity,
        lastTicket,
      };
    } else if (slice === 'period') state.series.push([periodMs!, set]);
    else {
      // by/<fields> (a group), period/by/<fields> (its periods): sql-query.ts groupSlice.
      const names = slice.split('/');
      const groupPeriod = names[0] === 'period';
      const keys = keysOf(row).slice(0, names.length - (groupPeriod ? 2 : 1));
      if (groupPeriod) {
        const key = JSON.stringify(keys);
        const list = groupSeries.get(key) ?? [];
        list.push([periodMs!, set]);
        groupSeries.set(key, list);
      } else state.groups[keys.length - 1].push([keys, set, true]);
    }
  }
  for (const level of state.groups) for (const g of level) g[3] = groupSeries.get(JSON.stringify(g[0])) ?? [];
  return state;
}

function dialectOf(runner: SqlRunner) {
  return SQL_DIALECTS[runner.dialect];
}
