/**
 * One SQL query for the whole report: its rows are the report's slices (the totals, each
 * period, each group at each --by level) with one column per KPI field, named
 * `<kpi>__<field>`. Built from the `sql` members of the KPI definitions (src/metrics/*),
 * so a KPI's SQL is read and changed beside its accumulator.
 *
 * Shape (CTEs, top to bottom):
 *   tickets_in, surveys_in, customers_in   the tables' columns as canonical columns
 *   ticket_facts, answer_facts, customer_facts
 *                                          one row per ticket / answer / customer period
 *                                          in the window, with its period and group keys
 *                                          (as report-builder.ts places rows)
 *   slice_kinds, *_slices                  each fact once per slice it belongs to
 *   <family>_kpis                          one CTE per KPI family, aggregated per slice
 *   fact_slices                            every slice any family has (and the totals)
 *   backlog_*                              the backlog (metrics/backlog.ts): every ticket, in
 *                                          the window or not, at each slice's end (periods of
 *                                          the range without rows too); slices = both
 *   final SELECT                           the families joined on the slice
 */
import type { KpiId } from '../metrics/definition.js';
import { KPI_DEFINITIONS } from '../metrics/kpi-set.js';
import { SQL_DIALECTS, sqlQuantile7 } from '../metrics/sql.js';
import type { Dialect, SqlDialect, SqlFamily, SqlField, SqlOptions } from '../metrics/sql.js';
import { RESOLVED_STATUSES } from '../input/rows/row-reader.js';
import type { Period } from '../time/periods.js';
import { periodStart } from '../time/periods.js';
import { TimeZone } from '../time/time-zone.js';

/** A table the query reads: its reference, and canonical column → SQL expression over its columns. */
export interface SqlTable {
  ref: string;
  columns: ReadonlyMap<string, string>;
  /** --by field → SQL expression of its group key (absent: the table has no such column). */
  groups: ReadonlyMap<string, string>;
  /**
   * csm-kpi sql's validity rules (commands/sql.ts), over the canonical columns: a condition each
   * row holds or stops the query naming it, and columns recomputed from the canonical ones (a
   * value left out under drop_field). Absent: the columns are read as they are.
   */
  checked?: { where: string | null; columns: ReadonlyMap<string, string> };
}

export interface SqlQueryOptions {
  dialect: Dialect;
  /** IANA zone of periods (and of the customers' period_start dates). */
  zone: string;
  /** The window, epoch ms: from inclusive, to exclusive. */
  from: number | null;
  to: number | null;
  period: Period | null;
  /** Group fields, outer first: columns of the tables (normalized names). */
  by: readonly string[];
  kpi: SqlOptions;
  selfServiceChannels: readonly string[];
  tickets: SqlTable | null;
  surveys: SqlTable | null;
  customers: SqlTable | null;
}

/** The name of a KPI field's column in the query's result. */
export function sqlColumn(kpi: KpiId, field: string): string {
  return `${kpi}__${field}`;
}

/** The KPIs of a run that have SQL: the SLA ones only with their target. */
export function sqlKpis(o: SqlOptions): typeof KPI_DEFINITIONS {
  return KPI_DEFINITIONS.filter(
    (k) => k.sql && (k.id !== 'sla_first_response' || o.slaFirstResponseSeconds !== null) && (k.id !== 'sla_resolution' || o.slaResolutionSeconds !== null || o.slaResolutionFromFlag === true),
  );
}

const TICKET_COLUMNS: Record<string, 'text' | 'bool' | 'instant' | 'double'> = {
  id: 'text', created_at: 'instant', first_response_at: 'instant', first_response_s: 'double', resolved_at: 'instant', resolution_s: 'double',
  status: 'text', channel: 'text', customer_id: 'text', contacts: 'double', reopened: 'bool', talk_s: 'double', hold_s: 'double',
  after_work_s: 'double', handle_s: 'double', self_service: 'bool', csat_score: 'double',
  replies: 'double', requester_wait_s: 'double', agent_work_s: 'double', csat_offered: 'bool', sla_met: 'bool',
};
const SURVEY_COLUMNS: Record<string, 'text' | 'bool' | 'instant' | 'double'> = { type: 'text', score: 'double', responded_at: 'instant', ticket_id: 'text' };
const CUSTOMER_COLUMNS: Record<string, 'text' | 'bool' | 'instant' | 'double' | 'date'> = { period_start: 'date', customers_start: 'double', customers_end: 'double', new_customers: 'double' };

/**
 * A group's slice name: by/ and its fields (`by/agent/team`); its periods' is period/ and
 * that (`period/by/agent/team`). The by/ keeps a --by field named total or period from
 * being read as the totals or the series.
 */
function groupSlice(fields: readonly string[]): string {
  return ['by', ...fields].join('/');
}

/** The column of a --by field in the query's rows: by_<field> (by_agent). */
export function groupColumn(field: string): string {
  return `by_${field}`;
}

/** The query's text; with medianRanks, the query of the medians' order statistics instead (sql-engine.ts). */
export function buildSql(o: SqlQueryOptions, medianRanks?: readonly [number, number][]): string {
  const d = SQL_DIALECTS[o.dialect];
  const keyCols = o.by.map((_, i) => `key_${i + 1}`);
  const sliceCols = ['slice', 'period_start', ...keyCols];
  const ctes: string[] = [];
  const cte = (name: string, comment: string, body: string) => ctes.push(`-- ${comment}\n${name} AS (\n${indent(body)}\n)`);
  const nullOf = (t: string) =>
    t === 'date' ? 'CAST(NULL AS DATE)'
    // A NULL boolean without CAST: the Hive grammar node-sql-parser checks Spark SQL with has no CAST AS BOOLEAN.
    : t === 'bool' && d.name === 'spark' ? 'NULLIF(TRUE, TRUE)'
    : `CAST(NULL AS ${t === 'double' ? d.double : d.types[t as 'text']})`;
  const input = (t: SqlTable, cols: Record<string, string>, keysFrom: boolean) => {
    const lines = Object.entries(cols).map(([c, type]) => `${t.columns.get(c) ?? nullOf(type)} AS ${c}`);
    if (keysFrom) o.by.forEach((f, i) => lines.push(`${t.groups.get(f) ?? nullOf('text')} AS g_${i + 1}`));
    const read = `SELECT\n${indent(lines.join(',\n'))}\nFROM ${t.ref}`;
    if (t.checked === undefined) return read;
    const { where, columns } = t.checked;
    const names = [...Object.keys(cols), ...(keysFrom ? gs : [])];
    return `SELECT\n${indent(names.map((c) => (columns.has(c) ? `${columns.get(c)} AS ${c}` : c)).join(',\n'))}\nFROM (\n${indent(read)}\n) cells${where === null ? '' : `\nWHERE ${where}`}`;
  };
  const inWindow = (ms: string) =>
    [o.from !== null ? `${ms} >= ${o.from}` : null, o.to !== null ? `${ms} < ${o.to}` : null].filter((x) => x !== null).join(' AND ') || 'TRUE';
  const periodOf = (local: string) => (o.period === null ? periodNull(d) : d.periodStart(o.period, local));
  const gs = o.by.map((_, i) => `g_${i + 1}`);

  const ticketColumns = o.kpi.droppedFields ? { ...TICKET_COLUMNS, fr_dropped: 'bool' as const, res_dropped: 'bool' as const } : TICKET_COLUMNS;
  if (o.tickets) cte('tickets_in', `tickets: ${o.tickets.ref}, as canonical columns`, input(o.tickets, ticketColumns, true));
  if (o.surveys) cte('surveys_in', `survey answers: ${o.surveys.ref}`, input(o.surveys, SURVEY_COLUMNS, true));
  if (o.customers) cte('customers_in', `customer counts per period: ${o.customers.ref}`, input(o.customers, o.customers.columns.has('churned') ? { ...CUSTOMER_COLUMNS, churned: 'bool' } : CUSTOMER_COLUMNS, true));

  // An SLA on targets judges its waiting tickets at the data's last ticket time (as_of_ms).
  const slaTargets = o.kpi.slaFirstResponseSeconds !== null || (o.kpi.slaResolutionSeconds !== null && o.kpi.slaResolutionFromFlag !== true);
  const seconds = (a: string, b: string) => `CAST(${d.epochMs(b)} - ${d.epochMs(a)} AS ${d.double}) / 1000`;
  if (o.tickets) {
    const statuses = [...RESOLVED_STATUSES].map(d.text).join(', ');
    const channels = o.selfServiceChannels.length ? o.selfServiceChannels.map(d.text).join(', ') : d.text('');
    cte(
      'ticket_rows',
      'each ticket: resolved by its status (resolved, solved, closed), else by having a resolution time',
      `SELECT\n  *,\n  CASE WHEN status IS NOT NULL THEN ${d.lowerTrim('status')} IN (${statuses}) ELSE (resolved_at IS NOT NULL OR resolution_s IS NOT NULL) END AS resolved\nFROM tickets_in`,
    );
    cte(
      'backlog_tickets',
      "every ticket, in the window or not (metrics/backlog.ts): its creation and resolution instants (NULL: not resolved); resolved without a time: undated, never open",
      `SELECT
  ${d.epochMs('created_at')} AS created_ms,
  CASE WHEN NOT resolved THEN NULL WHEN resolved_at IS NOT NULL THEN CAST(${d.epochMs('resolved_at')} AS ${d.double}) WHEN resolution_s IS NOT NULL THEN CAST(${d.epochMs('created_at')} AS ${d.double}) + resolution_s * 1000 END AS resolved_ms,
  (resolved AND resolved_at IS NULL AND resolution_s IS NULL) AS undated${gs.map((g) => `,
  ${g}`).join('')}
FROM ticket_rows
WHERE created_at IS NOT NULL`,
    );
    cte('backlog_last', "the data's last ticket time, the latest creation or resolution instant: the backlog's ages without --to, and the instant the SLAs judge their waiting tickets", `SELECT CASE WHEN MAX(resolved_ms) IS NULL OR MAX(created_ms) >= MAX(resolved_ms) THEN CAST(MAX(created_ms) AS ${d.double}) ELSE MAX(resolved_ms) END AS last_ms\nFROM backlog_tickets`);
    cte(
      'ticket_facts',
      'tickets created in the window: times in seconds (from the timestamps, else the durations given), its period and groups',
      `SELECT
  ${d.epochMs('created_at')} AS created_ms,${slaTargets ? '\n  -- the data\'s last ticket time: an SLA\'s waiting tickets are judged there (metrics/sla.ts)\n  l.last_ms AS as_of_ms,' : ''}
  ${periodOf(d.localTime('created_at', o.zone))} AS period_local,
  CASE WHEN first_response_at IS NOT NULL THEN ${seconds('created_at', 'first_response_at')} ELSE first_response_s END AS fr_s,
  CASE WHEN NOT resolved THEN NULL WHEN resolved_at IS NOT NULL THEN ${seconds('created_at', 'resolved_at')} ELSE resolution_s END AS res_s,
  resolved,
  customer_id,
  contacts,
  COALESCE(reopened, FALSE) AS reopened,
  -- reopen_rate counts only tickets that give a reopen value
  reopened IS NOT NULL AS reopen_known,
  replies,
  requester_wait_s,
  agent_work_s,
  -- a CSAT survey offered and not answered (Zendesk's Offered): for csat.response_rate
  (csat_score IS NULL AND COALESCE(csat_offered, FALSE)) AS csat_offered,
  -- talk + hold + after-work, a missing part counting 0, unless handle_seconds is given
  COALESCE(handle_s, CASE WHEN talk_s IS NULL AND hold_s IS NULL AND after_work_s IS NULL THEN NULL ELSE COALESCE(talk_s, 0) + COALESCE(hold_s, 0) + COALESCE(after_work_s, 0) END) AS handle_s,
  COALESCE(self_service, COALESCE(${d.token('channel')} IN (${channels}), FALSE)) AS self_service,
  csat_score,
  -- the helpdesk's own SLA verdict (sla_resolution without a resolution target)
  sla_met${o.kpi.droppedFields ? ',\n  -- a time left out as invalid (--invalid-fields drop_field): unknown, in no count but dropped\n  COALESCE(fr_dropped, FALSE) AS fr_dropped,\n  COALESCE(res_dropped, FALSE) AS res_dropped' : ''}${gs.map((g) => `,\n  ${g}`).join('')}
FROM ticket_rows${slaTargets ? ' CROSS JOIN backlog_last l' : ''}
WHERE ${inWindow(d.epochMs('created_at'))}`,
    );
  }
  const hasAnswers = o.surveys !== null || (o.tickets !== null && o.tickets.columns.has('csat_score'));
  if (hasAnswers) {
    const parts: string[] = [];
    if (o.surveys) {
      // Answers take their ticket's groups when they name a ticket but not the group (load.ts).
      const join = o.by.length > 0 && o.tickets !== null && o.surveys.columns.has('ticket_id');
      const key = (g: string) => (join ? `COALESCE(s.${g}, t.${g})` : `s.${g}`);
      const placeByTime = o.from !== null || o.to !== null || o.period !== null;
      parts.push(
        `SELECT ${d.lowerTrim('s.type')} AS type, s.score, FALSE AS offered, ${periodOf(d.localTime('s.responded_at', o.zone))} AS period_local${gs.map((g) => `, ${key(g)} AS ${g}`).join('')}\n` +
          `FROM surveys_in s${join ? '\nLEFT JOIN tickets_in t ON t.id = s.ticket_id' : ''}\n` +
          // A row without a score is a survey sent and not answered (empty_score "skip"): a
          // warehouse's NULL, which no query can refuse as compute refuses it by default.
          `WHERE s.score IS NOT NULL${placeByTime ? ` AND s.responded_at IS NOT NULL AND ${inWindow(d.epochMs('s.responded_at'))}` : ''}`,
      );
    }
    if (o.tickets && o.tickets.columns.has('csat_score')) {
      parts.push(`SELECT 'csat' AS type, csat_score AS score, csat_offered AS offered, period_local${gs.map((g) => `, ${g}`).join('')}\nFROM ticket_facts\nWHERE csat_score IS NOT NULL OR csat_offered`);
    }
    cte('answer_facts', "survey answers in the window, and tickets' csat_score as csat answers at the ticket's creation", parts.join('\nUNION ALL\n'));
  }
  const groupedCustomers = o.customers !== null && o.by.some((f) => o.customers!.groups.has(f));
  if (o.customers) {
    const midnight = d.dateToTimestamp('period_start');
    const cpMs = d.epochMs(d.localToInstant(midnight, o.zone));
    // A customer list (churned, no counts: customer-reader.ts) is one customer per row, at the
    // start of its period and retained unless churned; a row of a count table has no churned.
    const list = o.customers.columns.has('churned');
    const placeByTime = o.from !== null || o.to !== null || o.period !== null;
    cte(
      'customer_facts',
      `customer periods starting in the window (period_start is a date, at midnight in the zone)${list ? '; a customer list row is one customer (s = 1), kept unless churned (e = 0), none new; without a period_start it fits no window or period, and counts only in a run without either' : ''}`,
      `SELECT
  ${list ? `COALESCE(${cpMs}, 0)` : cpMs} AS cp_ms,
  ${periodOf(midnight)} AS period_local,
  ${list ? 'CASE WHEN churned IS NULL THEN customers_start ELSE 1 END' : 'customers_start'} AS s,
  ${list ? 'CASE WHEN churned IS NULL THEN customers_end WHEN churned THEN 0 ELSE 1 END' : 'customers_end'} AS e,
  ${list ? 'CASE WHEN churned IS NULL THEN new_customers ELSE 0 END' : 'new_customers'} AS n${gs.map((g) => `,\n  ${g}`).join('')}
FROM customers_in
WHERE ${list && !placeByTime ? 'TRUE' : `${list ? 'period_start IS NOT NULL AND ' : ''}${inWindow(cpMs)}`}`,
    );
  }

  const kinds = [`SELECT ${d.text('total')} AS slice, 0 AS level, 0 AS per`];
  if (o.period) kinds.push(`SELECT ${d.text('period')}, 0, 1`);
  o.by.forEach((_, i) => kinds.push(`SELECT ${d.text(groupSlice(o.by.slice(0, i + 1)))}, ${i + 1}, 0`));
  // With --period, each group's periods too (the groups' series): slice period/by/<fields>.
  if (o.period) o.by.forEach((_, i) => kinds.push(`SELECT ${d.text(`period/${groupSlice(o.by.slice(0, i + 1))}`)}, ${i + 1}, 1`));
  cte('slice_kinds', 'the slices: totals, periods, each --by level (and with periods, each level by period)', kinds.join('\nUNION ALL\n'));
  const explode = (facts: string, grouped: boolean) => {
    const keys = o.by.map((_, i) => `CASE WHEN k.level >= ${i + 1} THEN f.g_${i + 1} END AS key_${i + 1}`);
    const where = ['k.per = 0 OR f.period_local IS NOT NULL'];
    if (!grouped) where.push('k.level = 0');
    return `SELECT k.slice, CASE WHEN k.per = 1 THEN f.period_local END AS period_start${keys.map((k) => `, ${k}`).join('')}, f.*\nFROM ${facts} f CROSS JOIN slice_kinds k\nWHERE ${where.map((w) => `(${w})`).join(' AND ')}`;
  };
  if (o.tickets) cte('ticket_slices', 'each ticket once per slice it falls in', explode('ticket_facts', true));
  if (hasAnswers) cte('answer_slices', 'each answer once per slice it falls in', explode('answer_facts', true));
  // A customers file without any --by column counts for the totals and periods only (report-builder.ts).
  if (o.customers) cte('customer_slices', 'each customer period once per slice it falls in', explode('customer_facts', groupedCustomers));
  const partition = `PARTITION BY ${sliceCols.join(', ')}`;
  if (o.tickets) {
    cte('first_response_ranked', 'answered tickets ranked by first response time within their slice (for exact quantiles)', `SELECT ${sliceCols.join(', ')}, fr_s AS x, ROW_NUMBER() OVER (${partition} ORDER BY fr_s) AS rn, COUNT(*) OVER (${partition}) AS n\nFROM ticket_slices\nWHERE fr_s IS NOT NULL`);
    cte('resolution_ranked', 'resolved tickets with a time, ranked by resolution time within their slice', `SELECT ${sliceCols.join(', ')}, res_s AS x, ROW_NUMBER() OVER (${partition} ORDER BY res_s) AS rn, COUNT(*) OVER (${partition}) AS n\nFROM ticket_slices\nWHERE resolved AND res_s IS NOT NULL`);
    for (const [family, col, what] of [['requester_wait', 'requester_wait_s', 'requester wait'], ['agent_work', 'agent_work_s', 'agent work']] as const) {
      cte(`${family}_ranked`, `resolved tickets with the helpdesk's ${what} time, ranked within their slice`, `SELECT ${sliceCols.join(', ')}, ${col} AS x, ROW_NUMBER() OVER (${partition} ORDER BY ${col}) AS rn, COUNT(*) OVER (${partition}) AS n\nFROM ticket_slices\nWHERE resolved AND ${col} IS NOT NULL`);
    }
  }
  if (o.customers) {
    cte('customer_periods', 'rows of the same period add up (segments, or one row per customer)', `SELECT ${sliceCols.join(', ')}, cp_ms, SUM(s) AS s, SUM(e) AS e, SUM(n) AS n\nFROM customer_slices\nGROUP BY ${sliceCols.join(', ')}, cp_ms`);
    cte('customer_ranked', "each slice's periods ranked from the earliest and from the latest", `SELECT *, ROW_NUMBER() OVER (${partition} ORDER BY cp_ms) AS first_rn, ROW_NUMBER() OVER (${partition} ORDER BY cp_ms DESC) AS last_rn\nFROM customer_periods`);
  }

  if (medianRanks) return medianQuery(d, ctes, sliceCols, medianRanks, o.tickets !== null);

  // Each family's fields, KPI by KPI.
  const source: Record<SqlFamily, string | null> = {
    tickets: o.tickets && 'ticket_slices',
    first_response: o.tickets && 'first_response_ranked',
    resolution: o.tickets && 'resolution_ranked',
    requester_wait: o.tickets && 'requester_wait_ranked',
    agent_work: o.tickets && 'agent_work_ranked',
    answers: hasAnswers ? 'answer_slices' : null,
    customers: o.customers && 'customer_ranked',
  };
  const byFamily = new Map<SqlFamily, { kpi: KpiId; title: string; formula: string; fields: SqlField[] }[]>();
  const columns: { kpi: KpiId; field: SqlField; family: SqlFamily }[] = [];
  for (const k of sqlKpis(o.kpi)) {
    const add = (family: SqlFamily, fields: SqlField[]) => {
      if (fields.length === 0) return;
      const list = byFamily.get(family) ?? [];
      list.push({ kpi: k.id, title: k.title, formula: k.formula, fields });
      byFamily.set(family, list);
      for (const field of fields) columns.push({ kpi: k.id, field, family });
    };
    add(k.sql!.family, k.sql!.fields(d, o.kpi));
    if (k.sql!.extra) add(k.sql!.extra.family, k.sql!.extra.fields(d, o.kpi));
  }
  const present = [...byFamily.keys()].filter((f) => source[f] !== null);
  for (const family of present) {
    const lines = [...sliceCols];
    for (const k of byFamily.get(family)!) {
      lines.push(`-- ${k.kpi} (${k.title}): ${k.formula}`.replace(/\n/g, ' '));
      for (const f of k.fields) lines.push(`${f.sql} AS ${sqlColumn(k.kpi, f.name)}`);
    }
    cte(`${family}_kpis`, `KPI family: ${family}`, `SELECT\n${indent(joinSelect(lines))}\nFROM ${source[family]}\nGROUP BY ${sliceCols.join(', ')}`);
  }
  const nullKeys = keyCols.map((k) => `${nullOf('text')} AS ${k}`);
  const all = [
    ...present.map((f) => `SELECT ${sliceCols.join(', ')} FROM ${f}_kpis`),
    `SELECT ${d.text('total')} AS slice, ${periodNull(d)} AS period_start${nullKeys.map((k) => `, ${k}`).join('')}`,
  ];
  const backlog = o.tickets !== null;
  cte(backlog ? 'fact_slices' : 'slices', 'every slice any family has, and the totals even without data', all.join(`\n${d.union}\n`));
  // t: every dated row's instant; c: a ticket's creation (the days the tickets cover).
  const noTicket = `CAST(NULL AS ${d.types.int}) AS c`;
  const spanParts: string[] = [];
  if (o.tickets) spanParts.push(`SELECT ${d.epochMs('created_at')} AS t, ${d.epochMs('created_at')} AS c FROM tickets_in`);
  if (o.surveys) spanParts.push(`SELECT ${d.epochMs('responded_at')} AS t, ${noTicket} FROM surveys_in`);
  if (o.customers) spanParts.push(`SELECT ${d.epochMs(d.localToInstant(d.dateToTimestamp('period_start'), o.zone))} AS t, ${noTicket} FROM customers_in`);
  if (spanParts.length === 0) spanParts.push(`SELECT CAST(NULL AS ${d.types.int}) AS t, ${noTicket}`);
  cte('data_span', "the first and last instants of all dated rows, and of the tickets' creation, in the window or not (partial periods, censored figures)", `SELECT MIN(t) AS first_ms, MAX(t) AS last_ms, MIN(c) AS created_first_ms, MAX(c) AS created_last_ms\nFROM (\n${indent(spanParts.join('\nUNION ALL\n'))}\n) u`);

  if (backlog) {
    const keyMatch = o.by.map((_, i) => `(e.level < ${i + 1} OR (COALESCE(b.g_${i + 1}, '') = COALESCE(e.key_${i + 1}, '') AND (b.g_${i + 1} IS NULL) = (e.key_${i + 1} IS NULL)))`);
    const toMs = o.to === null ? null : String(o.to);
    const periodEnd = o.period === null ? null : d.epochMs(d.localToInstant(d.addPeriods(o.period, 's.period_start', '1'), o.zone));
    const end = periodEnd === null ? '' : toMs === null ? periodEnd : `LEAST(${periodEnd}, ${toMs})`;
    const ends = [`SELECT ${sliceCols.map((c) => `s.${c}`).join(', ')}, k.level, ${toMs ?? `CAST(NULL AS ${d.types.int})`} AS t_ms\nFROM fact_slices s JOIN slice_kinds k ON k.slice = s.slice\nWHERE k.per = 0`];
    if (o.period !== null && periodEnd !== null) {
      // Every period of the report's range has a backlog, with or without rows: the range is the
      // periods with rows and those of --from and --to (report-builder.ts periodRange), each one
      // period after the first, up to MAX_PERIODS (the report refuses more).
      const zone = TimeZone.of(o.zone);
      const bound = (ms: number) => `CAST(${d.text(localText(periodStart(zone.toLocal(ms), o.period!)))} AS ${localType(d)})`;
      const bounds = [`SELECT period_start AS p FROM fact_slices WHERE slice = ${d.text('period')}`];
      if (o.from !== null) bounds.push(`SELECT ${bound(o.from)}`);
      if (o.to !== null) bounds.push(`SELECT ${bound(o.to - 1)}`);
      cte('backlog_range', "the first and last period of the report's series", `SELECT MIN(p) AS lo, MAX(p) AS hi\nFROM (\n${indent(bounds.join('\nUNION ALL\n'))}\n) u`);
      const digits = Array.from({ length: 10 }, (_, i) => `SELECT ${i} AS v`).join(' UNION ALL ');
      cte('digits', 'the numbers 0 to 9', digits);
      const steps = `a.v + 10 * b.v + 100 * c.v + 1000 * e.v + 10000 * f.v`;
      cte(
        'backlog_periods',
        'each period of the range (up to 100,000)',
        `SELECT p\nFROM (\n  SELECT ${d.addPeriods(o.period, 'r.lo', steps)} AS p, r.hi\n  FROM backlog_range r CROSS JOIN digits a CROSS JOIN digits b CROSS JOIN digits c CROSS JOIN digits e CROSS JOIN digits f\n  WHERE r.lo IS NOT NULL\n) u\nWHERE p <= hi`,
      );
      ends.push(
        `SELECT CASE WHEN s.slice = ${d.text('total')} THEN ${d.text('period')} ELSE CONCAT(${d.text('period/')}, s.slice) END, p.p${keyCols.map((c) => `, s.${c}`).join('')}, k.level, ${end.replace(/s\.period_start/g, 'p.p')}\n` +
          `FROM fact_slices s JOIN slice_kinds k ON k.slice = s.slice CROSS JOIN backlog_periods p\nWHERE k.per = 0`,
      );
    }
    cte('backlog_ends', "each slice's end T: --to (NULL: open now); each period's, of the totals and of each group, its end clipped by --to", ends.join('\nUNION ALL\n'));
    cte('slices', 'the slices with rows, and every period of the range', `SELECT ${sliceCols.join(', ')} FROM fact_slices\n${d.union}\nSELECT ${sliceCols.join(', ')} FROM backlog_ends`);
    cte(
      'backlog_at',
      "each slice's tickets created before its end: the totals' every ticket, a group's its own",
      `SELECT ${sliceCols.map((c) => `e.${c}`).join(', ')}, e.t_ms, b.created_ms, b.resolved_ms, b.undated\nFROM backlog_ends e JOIN backlog_tickets b ON (e.t_ms IS NULL OR b.created_ms < e.t_ms)${keyMatch.map((m) => ` AND ${m}`).join('')}`,
    );
    cte(
      'backlog_open',
      'the tickets open at T (not resolved, or resolved at T or later), ranked by age at T (T, or the latest instant without --to)',
      `SELECT ${sliceCols.join(', ')}, CAST(COALESCE(CAST(t_ms AS ${d.double}), l.last_ms) - CAST(created_ms AS ${d.double}) AS ${d.double}) AS x, ROW_NUMBER() OVER (${partition} ORDER BY created_ms DESC) AS rn, COUNT(*) OVER (${partition}) AS n\nFROM backlog_at CROSS JOIN backlog_last l\nWHERE NOT undated AND (resolved_ms IS NULL OR resolved_ms >= t_ms)`,
    );
    cte('backlog_kpis', "KPI: backlog (open tickets at each slice's end, median age in seconds)", `SELECT ${sliceCols.join(', ')}, COUNT(*) AS open_n, ${sqlQuantile7(d, 0.5)} AS median_ms\nFROM backlog_open\nGROUP BY ${sliceCols.join(', ')}`);
    cte('backlog_undated', 'resolved tickets without a resolution time created before T: counted as resolved', `SELECT ${sliceCols.join(', ')}, COUNT(*) AS undated_n\nFROM backlog_at\nWHERE undated AND t_ms IS NOT NULL\nGROUP BY ${sliceCols.join(', ')}`);
  }
  const alias = new Map(present.map((f, i) => [f, `f${i + 1}`]));
  const select: string[] = [
    's.slice',
    's.period_start',
    `${d.localMs('s.period_start')} AS _period_ms`,
    // by_<field>: a --by column named slice, period_start or <kpi>__<field> is not taken for the query's own.
    ...keyCols.map((k, i) => `s.${k} AS ${d.plainIdent(groupColumn(o.by[i]))}`),
    'span.first_ms AS _data_first_ms',
    'span.last_ms AS _data_last_ms',
    'span.created_first_ms AS _data_created_first_ms',
    'span.created_last_ms AS _data_created_last_ms',
  ];
  let lastKpi: KpiId | null = null;
  for (const c of columns) {
    if (c.kpi !== lastKpi) select.push(`-- ${c.kpi}`);
    lastKpi = c.kpi;
    const a = alias.get(c.family);
    const col = sqlColumn(c.kpi, c.field.name);
    const v = a === undefined ? (c.field.count ? '0' : `CAST(NULL AS ${d.double})`) : c.field.count ? `COALESCE(${a}.${col}, 0)` : `${a}.${col}`;
    select.push(`${v} AS ${col}`);
  }
  if (backlog) {
    select.push('-- backlog', `COALESCE(bk.open_n, 0) AS ${sqlColumn('backlog', 'value')}`, `bk.median_ms / 1000 AS ${sqlColumn('backlog', 'median_age')}`, `COALESCE(bu.undated_n, 0) AS ${sqlColumn('backlog', 'resolved_undated')}`, `bl.last_ms AS _backlog_last_ms`);
  }
  const joinOn = (f: string, a: string) => {
    // Equalities only (BigQuery's outer joins need them): a NULL key is its own group, told apart by IS NULL.
    const on = sliceCols.map((c) =>
      c === 'slice' ? `${a}.slice = s.slice`
      : c === 'period_start' ? `COALESCE(${d.localMs(`${a}.period_start`)}, 0) = COALESCE(${d.localMs('s.period_start')}, 0)`
      : `COALESCE(${a}.${c}, '') = COALESCE(s.${c}, '') AND (${a}.${c} IS NULL) = (s.${c} IS NULL)`,
    );
    return `LEFT JOIN ${f} ${a} ON ${on.join(' AND ')}`;
  };
  const joins = present.map((f) => joinOn(`${f}_kpis`, alias.get(f)!));
  if (backlog) joins.push(joinOn('backlog_kpis', 'bk'), joinOn('backlog_undated', 'bu'), 'CROSS JOIN backlog_last bl');
  const header = [
    `-- csm-kpi ${o.dialect} query: one row per slice (slice = total, period, by/<the --by fields> or period/by/<the --by fields>), a column by_<field> per --by field, one column per KPI field (<kpi>__<field>).`,
    `-- Zone ${o.zone}; window ${o.from === null ? 'open' : new Date(o.from).toISOString()} to ${o.to === null ? 'open' : new Date(o.to).toISOString()} (from inclusive, to exclusive)${o.period ? `; periods: ${o.period}` : ''}.`,
    '-- Left to the report (not in SQL): intervals (ci, from n/sd or counts), bands, small_sample, ticket_volume days/daily_average, median_ci.',
  ];
  return `${header.join('\n')}\nWITH\n${ctes.join(',\n')}\nSELECT\n${indent(joinSelect(select))}\nFROM slices s\nCROSS JOIN data_span span\n${joins.join('\n')}\nORDER BY ${sliceCols.map((c) => `s.${c}`).join(', ')}\n`;
}

/** The KPIs with a median_ci, and the ranked family each is read from. */
export const MEDIAN_KPIS: readonly (readonly [KpiId, SqlFamily])[] = [
  ['first_response_time', 'first_response'],
  ['resolution_time', 'resolution'],
  ['requester_wait_time', 'requester_wait'],
  ['agent_work_time', 'agent_work'],
];

/** The medians' order statistics x₍ₖ₎ and x₍ₙ₋ₖ₊₁₎ per slice, k given per n (stats/median-interval.ts). */
function medianQuery(d: SqlDialect, ctes: string[], sliceCols: string[], ranks: readonly [number, number][], tickets: boolean): string {
  const rows = ranks.length ? ranks.map(([n, k]) => `SELECT ${n} AS n, ${k} AS k`).join('\nUNION ALL\n') : `SELECT 0 AS n, 0 AS k`;
  ctes.push(`-- the median's rank k for each sample size n\nmedian_ranks AS (\n${indent(rows)}\n)`);
  const part = (kpi: string, ranked: string) =>
    `SELECT ${d.text(kpi)} AS kpi, ${sliceCols.map((c) => `r.${c}`).join(', ')}, ${d.localMs('r.period_start')} AS _period_ms, MAX(CASE WHEN r.rn = m.k THEN r.x END) AS low, MAX(CASE WHEN r.rn = r.n - m.k + 1 THEN r.x END) AS high\n` +
    `FROM ${ranked} r JOIN median_ranks m ON m.n = r.n\nGROUP BY ${sliceCols.map((c) => `r.${c}`).join(', ')}`;
  const body = tickets ? MEDIAN_KPIS.map(([kpi, family]) => part(kpi, `${family}_ranked`)).join('\nUNION ALL\n') : `SELECT 'none' AS kpi${sliceCols.map((c) => `, NULL AS ${c}`).join('')}, 0 AS _period_ms, 0 AS low, 0 AS high WHERE FALSE`;
  return `WITH\n${ctes.join(',\n')}\n${body}\n`;
}

/** A NULL zone-less timestamp (the period of a slice that has none). */
function periodNull(d: SqlDialect): string {
  return `CAST(NULL AS ${localType(d)})`;
}

function localType(d: SqlDialect): string {
  return d.name === 'bigquery' ? 'DATETIME' : d.name === 'snowflake' ? 'TIMESTAMP_NTZ' : 'TIMESTAMP';
}

/** SELECT items one a line, commas after each but the last; comment lines kept as they are. */
function joinSelect(lines: string[]): string {
  const items = lines.map((l, i) => ({ l, i })).filter((x) => !x.l.startsWith('--'));
  const last = items.length ? items[items.length - 1].i : -1;
  return lines.map((l, i) => (l.startsWith('--') || i === last ? l : `${l},`)).join('\n');
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

/** A local time (ms since 1970 read as UTC) as 'YYYY-MM-DD HH:MM:SS', the text of a zone-less timestamp. */
function localText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
