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

  it('identifiers: BigQuery backquotes, an embedded backquote or backslash escaped with a backslash', () => {
    expect(SQL_DIALECTS.bigquery.ident('a`b\\c')).toBe('`a\\`b\\\\c`');
    expect(SQL_DIALECTS.bigquery.ident('plain')).toBe('`plain`');
  });
});
