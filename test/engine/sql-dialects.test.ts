/**
 * csm-kpi sql: the BigQuery, Snowflake and Spark dialects are parsed by node-sql-parser's
 * grammar for that dialect (Hive's for Spark SQL; they are not executed here); the DuckDB
 * dialect's query, printed by the command, runs on DuckDB over canonical tables and gives
 * the JavaScript engine's numbers (the postgres one runs in sql-postgres.test.ts).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli, scratch } from '../helpers.js';

const require = createRequire(import.meta.url);
const PARSERS = { bigquery: ['bigquery', 'BigQuery'], snowflake: ['snowflake', 'Snowflake'], spark: ['hive', 'Hive'] } as const;

function parses(dialect: keyof typeof PARSERS, sql: string): void {
  const [file, database] = PARSERS[dialect];
  const { Parser } = require(`node-sql-parser/build/${file}.js`) as typeof import('node-sql-parser');
  const ast = new Parser().astify(sql, { database });
  expect(ast).toBeTruthy();
}

const OPTION_SETS: string[][] = [
  [],
  ['--preset', 'zendesk'],
  ['--period', 'week', '--by', 'agent', '--by', 'team', '--tz', 'Europe/Madrid'],
  ['--from', '2026-03-01', '--to', '2026-04-01', '--period', 'month', '--sla', 'first_response=1h,resolution=24h', '--tz', 'UTC'],
  ['--preset', 'freshdesk', '--surveys-table', 'surveys', '--customers-table', 'customers', '--by', 'channel', '--period', 'quarter', '--tz', 'UTC'],
  // Joined Date + Time, Y/N statuses, H:MM:SS talk time (the clock rule is in every duration column).
  ['--config', 'examples/pwc-call-center.config.json', '--tz', 'Europe/Paris', '--period', 'day'],
  // A date_format (DD-MM-YYYY HH:mm), ? as null.
  ['--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC', '--sla', 'resolution=1d'],
  // A customer list (churned per customer).
  ['--config', 'examples/telco-churn.config.json', '--customers-table', 'crm.customers', '--period', 'month'],
  // Jira's export format as a config's date_format with month names and AM/PM.
  ['--config', 'jira-format.config.json', '--tz', 'Europe/Berlin'],
  // A column whose name says its zone (Intercom's).
  ['--config', 'intercom-zone.config.json', '--tz', 'UTC'],
];
const CONFIGS = scratch({
  'jira-format.config.json': JSON.stringify({ columns: { Key: 'id', Created: 'created_at', Resolved: 'resolved_at' }, date_format: 'DD/MMM/YY h:mm A' }),
  'intercom-zone.config.json': JSON.stringify({ columns: { 'Conversation ID': 'id', 'Conversation started at (America/New_York)': 'created_at' } }),
});
const configPath = (opts: string[]) => opts.map((o) => (o.endsWith('.config.json') && !o.startsWith('examples/') ? join(CONFIGS, o) : o));

describe('csm-kpi sql: BigQuery, Snowflake and Spark queries parse', () => {
  for (const dialect of Object.keys(PARSERS) as (keyof typeof PARSERS)[]) {
    for (const opts of OPTION_SETS) {
      it(`${dialect} ${opts.join(' ') || '(canonical tables)'}`, async () => {
        const r = await cli(['sql', '--dialect', dialect, ...configPath(opts)]);
        expect(r.code, r.stderr).toBe(0);
        parses(dialect, r.stdout);
      });
    }
  }

  it('the parsers are not lenient: a broken query is refused', () => {
    expect(() => parses('bigquery', 'SELECT a FROM t WHERE')).toThrow();
    expect(() => parses('spark', 'WITH x AS (SELECT 1) SELECT FROM x')).toThrow();
  });
});

describe('csm-kpi sql', () => {
  it('names each KPI in a comment and puts one column per KPI field', async () => {
    const r = await cli(['sql', '--dialect', 'postgres', '--tz', 'UTC']);
    expect(r.code).toBe(0);
    for (const id of ['first_response_time', 'resolution_time', 'nps', 'csat', 'ces', 'retention_rate', 'churn_rate']) expect(r.stdout).toContain(`-- ${id} (`);
    expect(r.stdout).toContain('AS first_response_time__p90');
    expect(r.stdout).toContain('FROM tickets\n');
  });

  it('reads a preset\'s own column names and units (Zendesk: minutes and hours to seconds)', async () => {
    const r = await cli(['sql', '--dialect', 'bigquery', '--preset', 'zendesk', '--tickets-table', 'project.zendesk.tickets', '--tz', 'UTC']);
    // A number times the unit, else clock text (H:MM:SS) read as compute reads it.
    expect(r.stdout).toMatch(/ELSE CAST\(`First reply time in minutes` AS FLOAT64\) \* 60 END AS first_response_s/);
    expect(r.stdout).toMatch(/COALESCE\(CASE WHEN TRIM\(CAST\(`Full resolution time in minutes` AS STRING\)\) LIKE '%:%' .* ELSE CAST\(`Full resolution time in minutes` AS FLOAT64\) \* 60 END, CASE .* ELSE CAST\(`Resolution time` AS FLOAT64\) \* 3600 END\) AS resolution_s/);
    expect(r.stdout).toContain('FROM project.zendesk.tickets');
    // A helpdesk's ticket export: no surveys or customers table unless named.
    expect(r.stdout).not.toContain('surveys_in');
  });

  it('refuses business hours from a config file and an unknown dialect (exit 2, one line)', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ business_hours: 'Mon-Fri 09:00-18:00' }) });
    const a = await cli(['sql', '--config', 'c.json'], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^csm-kpi: business hours \(--business-hours or business_hours\): business-hours clocks are not expressed in SQL.*\n$/);
    const b = await cli(['sql', '--dialect', 'oracle']);
    expect(b.code).toBe(2);
  });

  it("the duckdb query run on canonical tables gives the JavaScript engine's totals", async () => {
    const r = await cli(['sql', '--dialect', 'duckdb', '--tz', 'UTC', '--period', 'month']);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`SET TimeZone = 'UTC'`);
    await c.run(`CREATE TABLE tickets AS SELECT *, NULL::DOUBLE AS first_response_seconds, NULL::DOUBLE AS first_response_minutes, NULL::DOUBLE AS first_response_hours, NULL::DOUBLE AS resolution_seconds,
      NULL::DOUBLE AS resolution_minutes, NULL::DOUBLE AS resolution_hours, NULL::DOUBLE AS handle_seconds, NULL::BOOLEAN AS self_service, NULL::DOUBLE AS csat_score,
      NULL::DOUBLE AS replies, NULL::DOUBLE AS requester_wait_seconds, NULL::DOUBLE AS requester_wait_minutes, NULL::DOUBLE AS requester_wait_hours,
      NULL::DOUBLE AS agent_work_seconds, NULL::DOUBLE AS agent_work_minutes, NULL::DOUBLE AS agent_work_hours
      FROM read_csv('fixtures/tickets.csv', types = {'created_at': 'TIMESTAMPTZ', 'first_response_at': 'TIMESTAMPTZ', 'resolved_at': 'TIMESTAMPTZ', 'reopened': 'BOOLEAN', 'contacts': 'DOUBLE'})`);
    await c.run(`CREATE TABLE surveys AS SELECT * FROM read_csv('fixtures/surveys.csv', types = {'responded_at': 'TIMESTAMPTZ', 'score': 'DOUBLE'})`);
    await c.run(`CREATE TABLE customers AS SELECT * FROM read_csv('fixtures/customers.csv', types = {'period_start': 'DATE'})`);
    const rows = (await c.runAndReadAll(r.stdout)).getRowObjects();
    c.closeSync();
    db.closeSync();
    const total = rows.find((x) => x.slice === 'total')!;
    const js = JSON.parse((await cli(['compute', 'fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv', '--tz', 'UTC', '--format', 'json'])).stdout).kpis;
    expect(Number(total.ticket_volume__value)).toBe(js.ticket_volume.value);
    expect(total.first_response_time__median).toBe(js.first_response_time.median);
    expect(total.first_response_time__p90).toBe(js.first_response_time.p90);
    expect(total.nps__value).toBe(js.nps.value);
    expect(total.retention_rate__value).toBe(js.retention_rate.value);
    const series = JSON.parse((await cli(['compute', 'fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv', '--tz', 'UTC', '--period', 'month', '--format', 'json'])).stdout).series;
    expect(rows.filter((x) => x.slice === 'period').map((x) => Number(x.ticket_volume__value))).toEqual(series.map((p: { kpis: { ticket_volume: { value: number } } }) => p.kpis.ticket_volume.value));
  });
});

describe('README', () => {
  it("shows the BigQuery query for the Zendesk preset as csm-kpi sql prints it today", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /csm-kpi sql --dialect bigquery --preset zendesk --tz UTC<\/code>\)<\/summary>\n\n```sql\n([\s\S]*?)```/.exec(readme);
    expect(block, 'the README has the BigQuery block').not.toBeNull();
    const r = await cli(['sql', '--dialect', 'bigquery', '--preset', 'zendesk', '--tz', 'UTC']);
    expect(block![1]).toBe(r.stdout);
  });
});
