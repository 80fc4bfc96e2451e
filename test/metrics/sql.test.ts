/**
 * Every KPI has SQL beside its accumulator, or says why it cannot: a KPI added without
 * either fails here. And the SQL's fields are the result's own fields (a misspelt field
 * would be a column the report never reads).
 */
import { describe, expect, it } from 'vitest';
import { KPI_DEFINITIONS, KpiSet } from '../../src/metrics/kpi-set.js';
import { SQL_DIALECTS, DIALECTS, sqlPercent, sqlQuantile7 } from '../../src/metrics/sql.js';

const options = {
  csatScale: { min: 1, max: 5 },
  cesScale: { min: 1, max: 7 },
  slaFirstResponseSeconds: 3600,
  slaResolutionSeconds: 86_400,
  clock: 'calendar' as const,
  confidence: 0.95,
  minSample: 30,
};

describe('KPI SQL', () => {
  it('every registered KPI has SQL or an explicit reason it cannot be expressed', () => {
    const missing = KPI_DEFINITIONS.filter((k) => !k.sql && !(typeof k.sqlNone === 'string' && k.sqlNone.trim().length > 20)).map((k) => k.id);
    expect(missing, `KPIs with neither sql nor sqlNone: ${missing.join(', ')}`).toEqual([]);
  });

  it("each KPI's SQL fields are fields of its result (or internal, _-prefixed)", () => {
    const results = new KpiSet(options).result(10) as Record<string, Record<string, unknown>>;
    for (const k of KPI_DEFINITIONS) {
      if (!k.sql) continue;
      for (const d of DIALECTS) {
        const fields = [...k.sql.fields(SQL_DIALECTS[d], options), ...(k.sql.extra?.fields(SQL_DIALECTS[d], options) ?? [])];
        expect(fields.length, k.id).toBeGreaterThan(0);
        for (const f of fields) {
          if (f.name.startsWith('_')) continue;
          expect(Object.keys(results[k.id]), `${k.id}.${f.name}`).toContain(f.name);
        }
        expect(fields.map((f) => f.name), k.id).toContain('value');
      }
    }
  });

  it('a rate multiplies before dividing, as stats/ratio.ts does (280/500 is 56, not 56.00000000000001)', () => {
    expect(sqlPercent(SQL_DIALECTS.postgres, 'a', 'b')).toBe('CASE WHEN b = 0 THEN NULL ELSE CAST(a AS DOUBLE PRECISION) * 100 / b END');
  });

  it('quantiles split the rank (n − 1)·p in integers, p as millionths, in each dialect', () => {
    expect(sqlQuantile7(SQL_DIALECTS.duckdb, 0.9)).toContain('(n - 1) * 900000) // (1000000)');
    expect(sqlQuantile7(SQL_DIALECTS.bigquery, 0.5)).toContain('DIV((n - 1) * 500000, 1000000)');
    expect(sqlQuantile7(SQL_DIALECTS.spark, 0.5)).toContain('CAST(FLOOR(((n - 1) * 500000) / (1000000)) AS BIGINT)');
  });
});

describe('SQL quoting', () => {
  it("text literals double an embedded quote (standard SQL: 'it''s')", () => {
    for (const d of DIALECTS) expect(SQL_DIALECTS[d].text("it's 'x'")).toBe("'it''s ''x'''");
  });

  it('identifiers: standard double quotes, an embedded one doubled (DuckDB, PostgreSQL, Snowflake)', () => {
    for (const d of ['duckdb', 'postgres', 'snowflake'] as const) expect(SQL_DIALECTS[d].ident('a "b" c')).toBe('"a ""b"" c"');
  });

  it("names csm-kpi chooses, in Snowflake: a lower-case word in capitals, the column an unquoted name reads (Fivetran's CREATED_AT); other names as written", () => {
    const plain = SQL_DIALECTS.snowflake.plainIdent;
    expect(plain('created_at')).toBe('"CREATED_AT"');
    expect(plain('_sdc_id$2')).toBe('"_SDC_ID$2"');
    expect(plain('CREATED_AT')).toBe('"CREATED_AT"');
    expect(plain('CreatedAt')).toBe('"CreatedAt"');
    expect(plain('created at')).toBe('"created at"');
    expect(plain('2nd_reply')).toBe('"2nd_reply"');
    expect(plain('reply-time')).toBe('"reply-time"');
    expect(plain('é_time')).toBe('"é_time"');
    // A name a config or preset writes is exact, lower case too (a table created with quoted names).
    expect(SQL_DIALECTS.snowflake.ident('created_at')).toBe('"created_at"');
    // The other dialects: the same quoting for both.
    for (const d of ['duckdb', 'postgres'] as const) expect(SQL_DIALECTS[d].plainIdent('created_at')).toBe('"created_at"');
    for (const d of ['bigquery', 'spark'] as const) expect(SQL_DIALECTS[d].plainIdent('created_at')).toBe('`created_at`');
  });

  it('identifiers: BigQuery backquotes, an embedded backquote or backslash escaped with a backslash', () => {
    expect(SQL_DIALECTS.bigquery.ident('a`b\\c')).toBe('`a\\`b\\\\c`');
    expect(SQL_DIALECTS.bigquery.ident('plain')).toBe('`plain`');
  });
});

/**
 * The period arithmetic of the warehouses this machine cannot run (BigQuery, Snowflake,
 * Spark), spelt out as each one's documentation writes it; sql-dialects.test.ts parses the
 * whole queries, which a wrong unit or a Sunday week would still pass. DuckDB and
 * PostgreSQL run in the comparisons (sql-engine.test.ts, sql-postgres.test.ts).
 */
describe('period arithmetic in each dialect', () => {
  const d = SQL_DIALECTS;
  it("a period's start: weeks start on Monday (ISO 8601) in every dialect", () => {
    expect(d.bigquery.periodStart('week', 'x')).toBe('DATETIME_TRUNC(x, ISOWEEK)');
    expect(d.bigquery.periodStart('month', 'x')).toBe('DATETIME_TRUNC(x, MONTH)');
    // Snowflake's DATE_TRUNC('WEEK') follows the session's WEEK_START: Monday from DAYOFWEEKISO.
    expect(d.snowflake.periodStart('week', 'x')).toBe("DATEADD(DAY, 1 - DAYOFWEEKISO(x), DATE_TRUNC('DAY', x))");
    expect(d.snowflake.periodStart('quarter', 'x')).toBe("DATE_TRUNC('QUARTER', x)");
    expect(d.spark.periodStart('week', 'x')).toBe("date_trunc('WEEK', x)");
    expect(d.spark.periodStart('year', 'x')).toBe("date_trunc('YEAR', x)");
    expect(d.duckdb.periodStart('week', 'x')).toBe("DATE_TRUNC('week', x)");
  });
  it('n periods on: a week is 7 days, a quarter 3 months, a year 12; a day and a month as they are', () => {
    expect(d.bigquery.addPeriods('day', 'x', 'n')).toBe('DATETIME_ADD(x, INTERVAL n DAY)');
    expect(d.bigquery.addPeriods('week', 'x', 'n')).toBe('DATETIME_ADD(x, INTERVAL 7 * (n) DAY)');
    expect(d.snowflake.addPeriods('month', 'x', 'n')).toBe('DATEADD(MONTH, n, x)');
    expect(d.snowflake.addPeriods('year', 'x', 'n')).toBe('DATEADD(MONTH, 12 * (n), x)');
    expect(d.spark.addPeriods('day', 'x', 'n')).toBe('CAST(date_add(x, CAST(n AS INT)) AS TIMESTAMP)');
    expect(d.spark.addPeriods('quarter', 'x', 'n')).toBe('CAST(add_months(x, CAST(3 * (n) AS INT)) AS TIMESTAMP)');
    expect(d.postgres.addPeriods('month', 'x', 'n')).toBe("(x + (n) * INTERVAL '1 MONTH')");
    expect(d.duckdb.addPeriods('week', 'x', 'n')).toBe('(x + to_days(CAST(7 * (n) AS INTEGER)))');
    expect(d.duckdb.addPeriods('year', 'x', 'n')).toBe('(x + to_months(CAST(12 * (n) AS INTEGER)))');
  });
  it('a timestamp from its parts: BigQuery goes through milliseconds only when there are some', () => {
    expect(d.bigquery.makeTimestamp('y', 'mo', 'd', 'h', 'mi', 's', '0')).toBe('DATETIME(y, mo, d, h, mi, s)');
    expect(d.bigquery.makeTimestamp('y', 'mo', 'd', 'h', 'mi', 's', 'ms')).toBe('DATETIME(TIMESTAMP_MILLIS(UNIX_MILLIS(TIMESTAMP(DATETIME(y, mo, d, h, mi, s))) + ms))');
    expect(d.postgres.makeTimestamp('y', 'mo', 'd', 'h', 'mi', 's', 'ms')).toBe(
      'make_timestamp(CAST(y AS INTEGER), CAST(mo AS INTEGER), CAST(d AS INTEGER), CAST(h AS INTEGER), CAST(mi AS INTEGER), CAST(s AS DOUBLE PRECISION) + CAST(ms AS DOUBLE PRECISION) / 1000)',
    );
    expect(d.snowflake.makeTimestamp('y', 'mo', 'd', 'h', 'mi', 's', 'ms')).toBe('TIMESTAMP_NTZ_FROM_PARTS(y, mo, d, h, mi, s, (ms) * 1000000)');
  });
});
