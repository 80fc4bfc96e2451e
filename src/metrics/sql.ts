/**
 * The KPI definitions as SQL: the small dialect helpers each KPI's `sql` member is written
 * with, and the shape of that member. Pure (no I/O): src/engine/sql-query.ts assembles one
 * query from the members, src/engine/sql-engine.ts runs it.
 *
 * A KPI's SQL is a list of result fields, each an aggregate over the rows of one *family*
 * (a CTE the query builds once per slice: totals, each period, each group):
 *
 *   tickets         one row per ticket: created_ms, fr_s, res_s, resolved, customer_id,
 *                   contacts, reopened, reopen_known, replies, handle_s, self_service
 *   first_response  the same rows with x = fr_s, rn = its rank (1…) in the slice, n = count(x)
 *   resolution      the same with x = res_s of resolved tickets
 *   requester_wait, agent_work
 *                   the same with x = requester_wait_s / agent_work_s of resolved tickets
 *   answers         one row per survey answer (and ticket csat_score): type, score, offered
 *                   (a CSAT survey offered and not answered: score NULL)
 *   customers       one row per customer period: s, e, n (summed over the period's rows),
 *                   first_rn / last_rn = rank from the earliest / latest period
 *
 * Exactness: counts are integers in every engine; a rate is CAST(part AS DOUBLE) × 100 /
 * whole, the same two IEEE operations as stats/ratio.ts; quantiles are R type 7 from the
 * order statistics with the rank split in integers exactly as stats/quantile.ts does (no
 * engine's percentile_cont, whose rounding differs by an ulp, and which BigQuery has only
 * as a window function).
 */
import type { Scale } from './facts.js';

export type Dialect = 'duckdb' | 'postgres' | 'bigquery' | 'snowflake' | 'spark';

export const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres', 'bigquery', 'snowflake', 'spark'];

/** Internal columns of ticket_volume (not report fields): the slice's first and last creation, for the report's day span. */
export const SQL_FIRST_CREATED = '_first_created_ms';
export const SQL_LAST_CREATED = '_last_created_ms';

export type SqlFamily = 'tickets' | 'first_response' | 'resolution' | 'requester_wait' | 'agent_work' | 'answers' | 'customers';

/** What a KPI's SQL may depend on besides the dialect. */
export interface SqlOptions {
  csatScale: Scale;
  cesScale: Scale;
  slaFirstResponseSeconds: number | null;
  slaResolutionSeconds: number | null;
  /** sla_resolution from the tickets' own sla_met flag (a column, and no resolution target). */
  slaResolutionFromFlag?: boolean;
  /**
   * The tickets say which first-response and resolution times were left out as invalid
   * (invalid_fields "drop_field"; columns fr_dropped, res_dropped): such a time is unknown,
   * in none of its KPI's counts but `dropped` (KpiSet.addTicket).
   */
  droppedFields?: boolean;
}

export interface SqlField {
  /** The result field, as in the JSON report (value, median, responses…). */
  name: string;
  /** An aggregate over the family's rows of one slice. */
  sql: string;
  /** A count: 0, not NULL, for a slice without rows of the family. */
  count?: boolean;
}

export interface KpiSql {
  family: SqlFamily;
  /** Result fields in the report's order; fields not listed (unit, scale, clock…) are constants of the run. */
  fields(d: SqlDialect, o: SqlOptions): SqlField[];
  /** Fields that are counts of another family (first_response_time's unanswered tickets). */
  extra?: { family: SqlFamily; fields(d: SqlDialect, o: SqlOptions): SqlField[] };
}

/** The few expressions that differ between engines. */
export interface SqlDialect {
  name: Dialect;
  /** DOUBLE in the dialect's spelling. */
  double: string;
  /** The types of a NULL column: text, boolean, instant (timestamp with time zone), integer. */
  types: { text: string; bool: string; instant: string; int: string };
  /** UNION without duplicates. */
  union: string;
  /** Lower case, trimmed, runs of spaces and dashes as one underscore (row-reader.ts's normalizeToken). */
  token(x: string): string;
  /** Integer division of non-negative integers, rounding down. */
  intDiv(a: string, b: string): string;
  /** Rows where cond holds. */
  countIf(cond: string): string;
  /** Epoch milliseconds of an instant (a TIMESTAMP WITH TIME ZONE or its equivalent), as an integer. */
  epochMs(ts: string): string;
  /** Milliseconds of a zone-less timestamp since 1970-01-01 00:00 (a local period's start, read as if UTC). */
  localMs(ts: string): string;
  /** The zone's wall-clock time of an instant, as a zone-less timestamp. */
  localTime(ts: string, zone: string): string;
  /** The instant of a zone-less timestamp read in the zone. */
  localToInstant(ts: string, zone: string): string;
  /** A DATE column as a zone-less timestamp at midnight. */
  dateToTimestamp(d: string): string;
  /** The start of the period (ISO week: Monday) containing a zone-less timestamp. */
  periodStart(period: 'day' | 'week' | 'month' | 'quarter' | 'year', local: string): string;
  /** The start of the n-th period after a period's start (zone-less timestamps; n an integer expression ≥ 0). */
  addPeriods(period: 'day' | 'week' | 'month' | 'quarter' | 'year', start: string, n: string): string;
  /** A quoted identifier: the name exactly as written (a config's or a preset's column). */
  ident(name: string): string;
  /**
   * A name csm-kpi chooses (a canonical column, a --by field, an output column), quoted as the
   * column that name written unquoted reads: in Snowflake, capitals for a lower-case word.
   */
  plainIdent(name: string): string;
  /** A text literal. */
  text(s: string): string;
  /** Lower-case trimmed text of a value. */
  lowerTrim(x: string): string;
  /**
   * The text of capturing group i (1…) of regex re (no backslashes, no quotes) in x; NULL
   * when re does not match. Groups that can match the empty text are not asked for.
   */
  regexGroup(x: string, re: string, i: number): string;
  /** The texts that are not NULL, joined with a space (config "join"). */
  joinNonNull(parts: string[]): string;
  /** A zone-less timestamp from whole-number parts (checked before: a real date and time), ms milliseconds. */
  makeTimestamp(y: string, mo: string, d: string, h: string, mi: string, s: string, ms: string): string;
}

/** re with only its i-th capturing group capturing (BigQuery's REGEXP_EXTRACT takes one). */
function onlyGroup(re: string, i: number): string {
  let n = 0;
  return re.replace(/\((?!\?)/g, () => (++n === i ? '(' : '(?:'));
}

const quoteText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const dq = (s: string) => `"${s.replace(/"/g, '""')}"`;
/**
 * Snowflake stores an unquoted identifier in capitals (`created_at` is CREATED_AT, as Fivetran's
 * and Airbyte's tables have it), and a quoted one as written: a lower-case word is quoted in
 * capitals, so it names the column `SELECT created_at` would; any other name exactly.
 */
const snowflakePlain = (s: string) => dq(/^[a-z_][a-z0-9_$]*$/.test(s) ? s.toUpperCase() : s);
const bq = (s: string) => `\`${s.replace(/[`\\]/g, (c) => '\\' + c)}\``;
const trunc = (p: string, x: string) => `DATE_TRUNC('${p}', ${x})`;
/** n periods as days or months (a week is 7 days, a quarter 3 months, a year 12 months), spelt by unit. */
const interval = (p: 'day' | 'week' | 'month' | 'quarter' | 'year', n: string, spell: (k: string, unit: 'DAY' | 'MONTH') => string) => {
  const per = p === 'day' || p === 'month' ? 1 : p === 'week' ? 7 : p === 'quarter' ? 3 : 12;
  return spell(per === 1 ? n : `${per} * (${n})`, p === 'day' || p === 'week' ? 'DAY' : 'MONTH');
};

export const SQL_DIALECTS: Record<Dialect, SqlDialect> = {
  duckdb: {
    name: 'duckdb',
    makeTimestamp: (y, mo, d, h, mi, s, ms) => `make_timestamp(${y}, ${mo}, ${d}, ${h}, ${mi}, CAST(${s} AS DOUBLE) + CAST(${ms} AS DOUBLE) / 1000)`,
    regexGroup: (x, re, i) => `NULLIF(regexp_extract(${x}, ${quoteText(re)}, ${i}), '')`,
    joinNonNull: (parts) => `NULLIF(concat_ws(' ', ${parts.join(', ')}), '')`,
    localMs: (t) => `epoch_ms(${t})`,
    types: { text: 'VARCHAR', bool: 'BOOLEAN', instant: 'TIMESTAMPTZ', int: 'BIGINT' },
    union: 'UNION',
    token: (x) => `regexp_replace(lower(trim(${x})), '[\\s\\-]+', '_', 'g')`,
    double: 'DOUBLE',
    intDiv: (a, b) => `(${a}) // (${b})`,
    countIf: (c) => `COUNT(*) FILTER (WHERE ${c})`,
    epochMs: (t) => `epoch_ms(${t})`,
    localTime: (t, z) => `timezone(${quoteText(z)}, ${t})`,
    localToInstant: (t, z) => `timezone(${quoteText(z)}, ${t})`,
    dateToTimestamp: (d) => `CAST(${d} AS TIMESTAMP)`,
    addPeriods: (p, x, n) => interval(p, n, (k, u) => `(${x} + ${u === 'DAY' ? 'to_days' : 'to_months'}(CAST(${k} AS INTEGER)))`),
    periodStart: trunc,
    ident: dq,
    plainIdent: dq,
    text: quoteText,
    lowerTrim: (x) => `lower(trim(CAST(${x} AS VARCHAR)))`,
  },
  postgres: {
    name: 'postgres',
    makeTimestamp: (...p) => `make_timestamp(${p.slice(0, 5).map((x) => `CAST(${x} AS INTEGER)`).join(', ')}, CAST(${p[5]} AS DOUBLE PRECISION) + CAST(${p[6]} AS DOUBLE PRECISION) / 1000)`,
    regexGroup: (x, re, i) => `(regexp_match(${x}, ${quoteText(re)}))[${i}]`,
    joinNonNull: (parts) => `NULLIF(concat_ws(' ', ${parts.join(', ')}), '')`,
    localMs: (t) => `CAST(EXTRACT(EPOCH FROM ${t}) * 1000 AS BIGINT)`,
    types: { text: 'TEXT', bool: 'BOOLEAN', instant: 'TIMESTAMPTZ', int: 'BIGINT' },
    union: 'UNION',
    token: (x) => `regexp_replace(lower(trim(${x})), '[\\s\\-]+', '_', 'g')`,
    double: 'DOUBLE PRECISION',
    // Both operands are integers (bigint counts): / truncates, and they are never negative.
    intDiv: (a, b) => `(${a}) / (${b})`,
    countIf: (c) => `COUNT(*) FILTER (WHERE ${c})`,
    // EXTRACT(EPOCH …) is an exact numeric (microseconds) since PostgreSQL 14.
    epochMs: (t) => `CAST(EXTRACT(EPOCH FROM ${t}) * 1000 AS BIGINT)`,
    localTime: (t, z) => `(${t} AT TIME ZONE ${quoteText(z)})`,
    localToInstant: (t, z) => `(${t} AT TIME ZONE ${quoteText(z)})`,
    dateToTimestamp: (d) => `CAST(${d} AS TIMESTAMP)`,
    addPeriods: (p, x, n) => interval(p, n, (k, u) => `(${x} + (${k}) * INTERVAL '1 ${u}')`),
    periodStart: trunc,
    ident: dq,
    plainIdent: dq,
    text: quoteText,
    lowerTrim: (x) => `lower(trim(CAST(${x} AS TEXT)))`,
  },
  bigquery: {
    name: 'bigquery',
    // Milliseconds through the epoch (DATETIME and TIMESTAMP meet in UTC): INTERVAL … MILLISECOND is not in every BigQuery grammar.
    makeTimestamp: (y, mo, d, h, mi, s, ms) => (ms === '0' ? `DATETIME(${y}, ${mo}, ${d}, ${h}, ${mi}, ${s})` : `DATETIME(TIMESTAMP_MILLIS(UNIX_MILLIS(TIMESTAMP(DATETIME(${y}, ${mo}, ${d}, ${h}, ${mi}, ${s}))) + ${ms}))`),
    regexGroup: (x, re, i) => `REGEXP_EXTRACT(${x}, ${quoteText(onlyGroup(re, i))})`,
    joinNonNull: (parts) => `NULLIF(ARRAY_TO_STRING([${parts.join(', ')}], ' '), '')`,
    localMs: (t) => `UNIX_MILLIS(TIMESTAMP(${t}))`,
    types: { text: 'STRING', bool: 'BOOL', instant: 'TIMESTAMP', int: 'INT64' },
    union: 'UNION DISTINCT',
    token: (x) => `REGEXP_REPLACE(LOWER(TRIM(${x})), r'[\\s\\-]+', '_')`,
    double: 'FLOAT64',
    intDiv: (a, b) => `DIV(${a}, ${b})`,
    countIf: (c) => `COUNTIF(${c})`,
    epochMs: (t) => `UNIX_MILLIS(${t})`,
    localTime: (t, z) => `DATETIME(${t}, ${quoteText(z)})`,
    localToInstant: (t, z) => `TIMESTAMP(${t}, ${quoteText(z)})`,
    dateToTimestamp: (d) => `DATETIME(${d})`,
    // ISOWEEK: weeks start on Monday, as ISO 8601 (WEEK would start on Sunday).
    addPeriods: (p, x, n) => interval(p, n, (k, u) => `DATETIME_ADD(${x}, INTERVAL ${k} ${u})`),
    periodStart: (p, x) => `DATETIME_TRUNC(${x}, ${p === 'week' ? 'ISOWEEK' : p.toUpperCase()})`,
    ident: bq,
    plainIdent: bq,
    text: quoteText,
    lowerTrim: (x) => `LOWER(TRIM(CAST(${x} AS STRING)))`,
  },
  snowflake: {
    name: 'snowflake',
    makeTimestamp: (y, mo, d, h, mi, s, ms) => `TIMESTAMP_NTZ_FROM_PARTS(${y}, ${mo}, ${d}, ${h}, ${mi}, ${s}, (${ms}) * 1000000)`,
    regexGroup: (x, re, i) => `REGEXP_SUBSTR(${x}, ${quoteText(re)}, 1, 1, 'e', ${i})`,
    joinNonNull: (parts) => `NULLIF(ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(${parts.join(', ')}), ' '), '')`,
    localMs: (t) => `DATE_PART(EPOCH_MILLISECOND, ${t})`,
    types: { text: 'VARCHAR', bool: 'BOOLEAN', instant: 'TIMESTAMP_TZ', int: 'BIGINT' },
    union: 'UNION',
    token: (x) => `REGEXP_REPLACE(LOWER(TRIM(${x})), '[\\\\s\\\\-]+', '_')`,
    double: 'DOUBLE',
    intDiv: (a, b) => `FLOOR((${a}) / (${b}))`,
    countIf: (c) => `COUNT_IF(${c})`,
    epochMs: (t) => `DATE_PART(EPOCH_MILLISECOND, ${t})`,
    localTime: (t, z) => `CAST(CONVERT_TIMEZONE(${quoteText(z)}, ${t}) AS TIMESTAMP_NTZ)`,
    localToInstant: (t, z) => `CONVERT_TIMEZONE(${quoteText(z)}, 'UTC', ${t})`,
    dateToTimestamp: (d) => `CAST(${d} AS TIMESTAMP_NTZ)`,
    // DATE_TRUNC('WEEK') follows the session's WEEK_START: Monday computed from DAYOFWEEKISO instead.
    addPeriods: (p, x, n) => interval(p, n, (k, u) => `DATEADD(${u}, ${k}, ${x})`),
    periodStart: (p, x) => (p === 'week' ? `DATEADD(DAY, 1 - DAYOFWEEKISO(${x}), DATE_TRUNC('DAY', ${x}))` : trunc(p.toUpperCase(), x)),
    ident: dq,
    plainIdent: snowflakePlain,
    text: quoteText,
    lowerTrim: (x) => `LOWER(TRIM(CAST(${x} AS VARCHAR)))`,
  },
  spark: {
    name: 'spark',
    makeTimestamp: (y, mo, d, h, mi, s, ms) => `make_timestamp(${y}, ${mo}, ${d}, ${h}, ${mi}, CAST(${s} + (${ms}) / 1000 AS DECIMAL(8, 6)))`,
    regexGroup: (x, re, i) => `NULLIF(regexp_extract(${x}, ${quoteText(re)}, ${i}), '')`,
    joinNonNull: (parts) => `NULLIF(concat_ws(' ', ${parts.join(', ')}), '')`,
    localMs: (t) => `unix_millis(${t})`,
    types: { text: 'STRING', bool: 'BOOLEAN', instant: 'TIMESTAMP', int: 'BIGINT' },
    union: 'UNION',
    token: (x) => `regexp_replace(lower(trim(${x})), '[\\\\s\\\\-]+', '_')`,
    double: 'DOUBLE',
    intDiv: (a, b) => `CAST(FLOOR((${a}) / (${b})) AS BIGINT)`,
    countIf: (c) => `COUNT_IF(${c})`,
    epochMs: (t) => `unix_millis(${t})`,
    localTime: (t, z) => `from_utc_timestamp(${t}, ${quoteText(z)})`,
    localToInstant: (t, z) => `to_utc_timestamp(${t}, ${quoteText(z)})`,
    dateToTimestamp: (d) => `CAST(${d} AS TIMESTAMP)`,
    // Spark's week truncation starts on Monday.
    addPeriods: (p, x, n) => interval(p, n, (k, u) => `CAST(${u === 'DAY' ? 'date_add' : 'add_months'}(${x}, CAST(${k} AS INT)) AS TIMESTAMP)`),
    periodStart: (p, x) => `date_trunc(${quoteText(p.toUpperCase())}, ${x})`,
    ident: bq,
    plainIdent: bq,
    text: quoteText,
    lowerTrim: (x) => `lower(trim(CAST(${x} AS STRING)))`,
  },
};

/** part × 100 / whole as stats/ratio.ts's percent: NULL when whole is 0. */
export function sqlPercent(d: SqlDialect, part: string, whole: string): string {
  return `CASE WHEN ${whole} = 0 THEN NULL ELSE CAST(${part} AS ${d.double}) * 100 / ${whole} END`;
}

/** sum / count as stats/ratio.ts's mean: NULL when count is 0. */
export function sqlMean(d: SqlDialect, sum: string, count: string): string {
  return `CASE WHEN ${count} = 0 THEN NULL ELSE CAST(${sum} AS ${d.double}) / ${count} END`;
}

/**
 * Quantile p (at most six decimals) of x in a ranked family (rn = 1… in ascending x, n =
 * count of x): R type 7 as stats/quantile.ts computes it, h = (n − 1)·p split in integers
 * (p as millionths), then a + (b − a)·rest / 10⁶. NULL for an empty slice.
 */
export function sqlQuantile7(d: SqlDialect, p: number): string {
  const micro = Math.round(p * 1e6);
  const rank = `(MAX(n) - 1) * ${micro}`;
  const rest = `(${rank} - ${d.intDiv(rank, '1000000')} * 1000000)`;
  // The order statistics at 1-based ranks lo + 1 and lo + 2 (n is the same on every row of a slice).
  const lo = d.intDiv(`(n - 1) * ${micro}`, '1000000');
  const a = `MAX(CASE WHEN rn = ${lo} + 1 THEN x END)`;
  const b = `MAX(CASE WHEN rn = ${lo} + 2 THEN x END)`;
  return `CASE WHEN ${rest} = 0 THEN ${a} ELSE ${a} + ((${b} - ${a}) * ${rest}) / 1000000 END`;
}

/** The sample standard deviation (n − 1), NULL below two values. */
export function sqlSd(x: string): string {
  return `STDDEV_SAMP(${x})`;
}

/** The fields of a duration KPI over a ranked family (first_response or resolution). */
export function durationFields(d: SqlDialect): SqlField[] {
  return [
    { name: 'value', sql: 'AVG(x)' },
    { name: 'median', sql: sqlQuantile7(d, 0.5) },
    { name: 'p90', sql: sqlQuantile7(d, 0.9) },
    { name: 'count', sql: 'COUNT(x)', count: true },
    { name: 'sd', sql: sqlSd('x') },
  ];
}
