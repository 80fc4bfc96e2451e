/**
 * The postgres dialect run by a real PostgreSQL server (Debian's postgresql package, started
 * here in a temporary directory on a free port, stopped after): the CSVs are loaded as text
 * tables, the generated query runs over typed views of them, and the report built from its
 * rows equals the JavaScript engine's (keys, counts exactly, values to 1e-9 relative).
 * Zones without DST changes in the data's months: PostgreSQL's reading of an ambiguous
 * local time is its own (the DuckDB tests cover those).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, scratch } from '../helpers.js';
import { expectSameReport, generated } from './sql-parity.js';
import { startPostgres } from './postgres-server.js';
import { stress } from '../scale.js';
import type { PgServer } from './postgres-server.js';
import { resolveComputeSettings } from '../../src/settings/settings.js';
import type { ComputeFlags } from '../../src/settings/settings.js';
import { reportFromSlices, sqlKpiOptions, sqlQueryOptions, sqlSlices } from '../../src/engine/sql-engine.js';
import { markInputs } from '../../src/engine/mark-inputs.js';
import { mapHeader } from '../../src/input/header/columns.js';
import type { SqlRunner } from '../../src/engine/sql-engine.js';
import type { SqlTable } from '../../src/engine/sql-query.js';
import { duckdbReport } from '../../src/engine/duckdb-engine.js';
import type { ReportBuilder } from '../../src/engine/report-builder.js';
import { FIXTURE_CASES } from './fixture-cases.js';

const server = await startPostgres();
const skip = typeof server === 'string' ? server : null;
let client: pg.Client;

/** A CSV file as a table of text columns (NULL for empty cells), by batches of INSERTs. */
async function load(table: string, path: string): Promise<string[]> {
  const rows: string[][] = parse(readFileSync(path));
  const [header, ...data] = rows;
  await client.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (_line integer, ${header.map((h) => `"${h}" text`).join(', ')})`);
  for (let i = 0; i < data.length; i += 500) {
    const batch = data.slice(i, i + 500);
    const values: (string | number | null)[] = [];
    const tuples = batch.map((r, k) => {
      const cells = [i + k + 2, ...r.map((c) => (c === '' ? null : c))];
      values.push(...cells);
      return `(${cells.map((_, j) => `$${values.length - cells.length + j + 1}`).join(', ')})`;
    });
    await client.query(`INSERT INTO ${table} VALUES ${tuples.join(', ')}`, values);
  }
  return header;
}

const TRUE_WORDS = "('true', 'yes', 'y', '1', 't')";
const bool = (c: string) => `CASE WHEN lower(${c}) IN ${TRUE_WORDS} THEN TRUE WHEN lower(${c}) IN ('false', 'no', 'n', '0', 'f') THEN FALSE END`;
const dbl = (c: string) => `CAST(${c} AS DOUBLE PRECISION)`;

/** Typed canonical columns over the text tables; naive timestamps read in the run's zone. */
function tables(zone: string, has: { tickets: string[]; surveys: string[]; customers: string[] }) {
  const ts = (c: string) => `(CAST(${c} AS TIMESTAMP) AT TIME ZONE '${zone}')`;
  // A timestamp with an offset (…Z) is an instant; without, a wall-clock time in the zone.
  const instant = (c: string) => `CASE WHEN ${c} ~ '(Z|[+-]\\d{2}(:?\\d{2})?)$' THEN CAST(${c} AS TIMESTAMPTZ) ELSE ${ts(c)} END`;
  const groups = (cols: string[], wanted: string[]) => new Map(wanted.filter((w) => cols.includes(w)).map((w) => [w, `NULLIF(TRIM("${w}"), '')`]));
  const tickets: SqlTable = {
    ref: 'tickets',
    columns: new Map([
      ['id', 'id'],
      ['created_at', instant('created_at')],
      ['first_response_at', instant('first_response_at')],
      ['first_response_s', `${dbl('first_response_minutes')} * 60`],
      ['resolved_at', instant('resolved_at')],
      ['resolution_s', dbl('resolution_seconds')],
      ['status', 'status'],
      ['channel', 'channel'],
      ['customer_id', 'customer_id'],
      ['contacts', dbl('contacts')],
      ['reopened', `CASE WHEN reopened ~ '^\\d+$' THEN CAST(reopened AS NUMERIC) > 0 ELSE ${bool('reopened')} END`],
      ['talk_s', dbl('talk_seconds')],
      ['hold_s', dbl('hold_seconds')],
      ['handle_s', dbl('handle_seconds')],
      ['self_service', bool('self_service')],
      ['csat_score', dbl('csat_score')],
      ['replies', dbl('replies')],
      ['requester_wait_s', `${dbl('requester_wait_minutes')} * 60`],
      ['agent_work_s', dbl('agent_work_seconds')],
    ]),
    groups: groups(has.tickets, ['agent', 'team', 'region', 'channel']),
  };
  const surveys: SqlTable = {
    ref: 'surveys',
    columns: new Map([
      ['type', 'type'],
      ['score', dbl('score')],
      ['responded_at', instant('responded_at')],
      ['ticket_id', 'ticket_id'],
    ]),
    groups: groups(has.surveys, ['agent', 'team', 'region', 'channel']),
  };
  const customers: SqlTable = {
    ref: 'customers',
    columns: new Map([
      ['period_start', 'CAST(period_start AS DATE)'],
      ['customers_start', dbl('customers_start')],
      ['customers_end', dbl('customers_end')],
      ['new_customers', dbl('new_customers')],
    ]),
    groups: groups(has.customers, ['agent', 'team', 'region', 'channel']),
  };
  return { tickets, surveys, customers };
}

// The server serves both describes below: stopped once, after the last.
afterAll(() => {
  if (skip === null) (server as PgServer).stop();
});

const data = generated(20261127, stress(2500, 1200));
const dir = scratch(Object.fromEntries(Object.entries(data).map(([k, v]) => [`${k}.csv`, v])));
const files = ['tickets.csv', 'surveys.csv', 'customers_support.csv', 'customers_billing.csv'].map((f) => join(dir, f));
let headers: { tickets: string[]; surveys: string[]; customers: string[] };

describe.skipIf(skip !== null)(`postgres dialect on a PostgreSQL server${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    const s = server as PgServer;
    client = new pg.Client({ host: s.host, port: s.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    const tickets = await load('tickets', files[0]);
    const surveys = await load('surveys', files[1]);
    await load('customers_a', files[2]);
    const customers = await load('customers_b', files[3]);
    await client.query('CREATE VIEW customers AS SELECT * FROM customers_a UNION ALL SELECT * FROM customers_b');
    headers = { tickets, surveys, customers };
  }, 60_000);
  afterAll(async () => {
    await client?.end();
  });

  const cases: [string, string[]][] = [
    ['totals', ['--tz', 'UTC']],
    ['weeks by team and agent in Kolkata', ['--tz', 'Asia/Kolkata', '--period', 'week', '--by', 'team', '--by', 'agent']],
    ['months in a window, SLAs, by region', ['--tz', 'America/Sao_Paulo', '--period', 'month', '--from', '2026-01-05', '--to', '2026-04-01', '--sla', 'first_response=1h,resolution=1d', '--by', 'region']],
    ['quarters and days', ['--tz', 'UTC', '--period', 'day', '--from', '2026-02-01', '--to', '2026-02-10']],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const js = await cli(['compute', ...files, ...args, '--format', 'json']);
      expect(js.code, js.stderr).toBe(0);
      const expected = JSON.parse(js.stdout);
      // The SLA case has tickets of both kinds the SQL tells apart: overdue (missed while waiting) and pending.
      if (args.includes('--sla')) for (const id of ['sla_first_response', 'sla_resolution']) expect([expected.kpis[id].overdue > 0, expected.kpis[id].pending > 0], id).toEqual([true, true]);
      const settings = resolveComputeSettings({ stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: ROOT }, files, parseArgs(args));
      const kpi = sqlKpiOptions(settings);
      const runner: SqlRunner = { dialect: 'postgres', all: async (sql) => (await client.query(sql)).rows };
      const q = sqlQueryOptions(settings, 'postgres', tables(settings.zone.name, headers));
      const builder = reportFromSlices(settings, kpi, await sqlSlices(runner, q, kpi));
      // The columns each table's CSV header maps to, as the DuckDB engine reads them from its files.
      markInputs(builder, (['tickets', 'surveys', 'customers'] as const).map((kind) => mapHeader(`${kind}.csv`, headers[kind], kind, settings.load.rules, settings.load.join)), settings.read.offeredTokens, false);
      const got: Record<string, unknown> = { window: builder.windowEntry(), kpis: builder.kpis() };
      const series = builder.seriesEntries();
      if (series) got.series = series;
      const groups = builder.groupEntries();
      if (groups) got.groups = groups;
      const { schema: _s, timezone: _t, inputs: _i, ...rest } = expected;
      // The report's inputs summary is the DuckDB engine's own (file reading), not the dialect's.
      expectSameReport(rest, got);
      expect(expected.kpis.first_response_time.count).toBeGreaterThan(50);
    });
  }
});

/**
 * The fixtures' tables, typed, in PostgreSQL: the DuckDB engine reads each fixture file with
 * its preset or config (encodings, date formats, joined columns, clock durations, zones named
 * in headers, customer lists) into canonical typed tables, which are copied column by column
 * into a PostgreSQL schema of their own; the postgres query then runs there. So the
 * postgres dialect of every KPI is run on every fixture the DuckDB engine reads (the cell
 * rules themselves are the DuckDB engine's, tested in sql-fixtures.test.ts).
 */
const PG_TYPES: Record<string, string> = { VARCHAR: 'text', DOUBLE: 'double precision', BOOLEAN: 'boolean', 'TIMESTAMP WITH TIME ZONE': 'timestamptz', DATE: 'date', BIGINT: 'bigint', INTEGER: 'bigint', HUGEINT: 'numeric' };

async function copyTable(db: SqlRunner, pgc: pg.Client, table: string): Promise<void> {
  const cols = (await db.all(`DESCRIBE SELECT * FROM ${table}`)).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  for (const c of cols) if (!(c.type in PG_TYPES)) throw new Error(`${table}.${c.name}: no PostgreSQL type for ${c.type}`);
  const q = (n: string) => `"${n.replace(/"/g, '""')}"`;
  await pgc.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${cols.map((c) => `${q(c.name)} ${PG_TYPES[c.type]}`).join(', ')})`);
  // Instants as epoch milliseconds, dates as text: exact on both sides.
  const select = cols.map((c) => (c.type === 'TIMESTAMP WITH TIME ZONE' ? `epoch_ms(${q(c.name)})` : c.type === 'DATE' ? `CAST(${q(c.name)} AS VARCHAR)` : q(c.name)));
  const rows = await db.all(`SELECT ${select.map((x, i) => `${x} AS c${i}`).join(', ')} FROM ${table}`);
  for (let i = 0; i < rows.length; i += 200) {
    const values: unknown[] = [];
    const tuples = rows.slice(i, i + 200).map((r) =>
      `(${cols
        .map((c, j) => {
          const v = r[`c${j}`];
          values.push(typeof v === 'bigint' ? Number(v) : v);
          const p = `$${values.length}`;
          return c.type === 'TIMESTAMP WITH TIME ZONE' ? `TIMESTAMPTZ 'epoch' + CAST(${p} AS bigint) * INTERVAL '1 millisecond'` : `CAST(${p} AS ${PG_TYPES[c.type]})`;
        })
        .join(', ')})`,
    );
    if (tuples.length) await pgc.query(`INSERT INTO ${table} VALUES ${tuples.join(', ')}`, values);
  }
}

describe.skipIf(skip !== null)(`postgres dialect on every fixture the DuckDB engine reads, as typed tables${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let fx: pg.Client;
  beforeAll(async () => {
    const s = server as PgServer;
    const admin = new pg.Client({ host: s.host, port: s.port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query('CREATE SCHEMA IF NOT EXISTS fx');
    await admin.end();
    // A schema of its own: the tables keep the names the query reads (tickets, surveys, customers).
    fx = new pg.Client({ host: s.host, port: s.port, user: 'postgres', database: 'postgres', options: '-c search_path=fx' });
    await fx.connect();
  });
  afterAll(async () => {
    await fx?.end();
  });
  const ctx = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: ROOT };
  for (const [name, c] of Object.entries(FIXTURE_CASES).filter(([, c]) => c.refused === null)) {
    it(name, async () => {
      const js = await cli(['compute', ...c.files, ...c.args, '--format', 'json']);
      expect(js.code, js.stderr).toBe(0);
      const expected = JSON.parse(js.stdout);
      const settings = resolveComputeSettings(ctx, c.files, parseArgs(c.args));
      const kpi = sqlKpiOptions(settings);
      let builder: ReportBuilder | null = null;
      const { mappings } = await duckdbReport(settings, kpi, async (db, tables) => {
        for (const kind of ['tickets', 'surveys', 'customers'] as const) if (tables[kind]) await copyTable(db, fx, kind);
        const runner: SqlRunner = { dialect: 'postgres', all: async (sql) => (await fx.query(sql)).rows };
        const q = sqlQueryOptions(settings, 'postgres', tables);
        const withFlag = { ...kpi, slaResolutionFromFlag: q.kpi.slaResolutionFromFlag === true };
        builder = reportFromSlices(settings, withFlag, await sqlSlices(runner, q, withFlag));
      });
      const b = builder as unknown as ReportBuilder;
      markInputs(b, mappings, settings.read.offeredTokens, false);
      const got: Record<string, unknown> = { window: b.windowEntry(), kpis: b.kpis() };
      const series = b.seriesEntries();
      if (series) got.series = series;
      const groups = b.groupEntries();
      if (groups) got.groups = groups;
      const { schema: _s, timezone: _t, inputs: _i, ...rest } = expected;
      expectSameReport(rest, got);
    });
  }
});

/** The few flags these cases use, as commander would hand them over. */
function parseArgs(args: string[]): ComputeFlags {
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i].slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (key === 'by') flags.by = [...((flags.by as string[]) ?? []), args[i + 1]];
    else flags[key] = args[i + 1];
  }
  return flags as ComputeFlags;
}
