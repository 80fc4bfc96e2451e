/**
 * csm-kpi sql as a user runs it: the README's `--by agent` example on canonical tables (a
 * customers table has no agent), and compute's options the SQL cannot express, refused in
 * one line that says why. (sql-dialects.test.ts checks the dialects; this file stays apart
 * from the engine-sql mutation folder's tests, whose results a changed file would reopen.)
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { runDuckdb } from '../engine/warehouse-duckdb.js';

describe('csm-kpi sql --by', () => {
  it("a field the customers table does not have (agent): the query runs, and its groups are compute's", async () => {
    const r = await cli(['sql', '--dialect', 'duckdb', '--tz', 'UTC', '--by', 'agent']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/"agent" AS g_1\s+FROM customers/);
    const rows = await runDuckdb(r.stdout);
    const js = JSON.parse((await cli(['compute', 'fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'json'])).stdout);
    type Group = { key: string | null; kpis: Record<string, { value: number | null }> };
    const sqlGroups = rows.filter((x) => x.slice === 'by/agent');
    expect(sqlGroups.length).toBe(js.groups.agent.length);
    for (const g of js.groups.agent as Group[]) {
      const row = sqlGroups.find((x) => x.by_agent === g.key)!;
      expect(Number(row.ticket_volume__value), `${g.key}`).toBe(g.kpis.ticket_volume.value);
      expect(row.csat__value, `${g.key}`).toBe(g.kpis.csat.value);
      expect(row.nps__value, `${g.key}`).toBe(g.kpis.nps.value);
    }
    // Customer counts are not per agent: the total's retention is compute's.
    expect(rows.find((x) => x.slice === 'total')!.retention_rate__value).toBe(js.kpis.retention_rate.value);
  });
});

describe('csm-kpi sql --by on a customer list', () => {
  it('a team a customer list carries is read from it (only customer counts are not per team)', async () => {
    const dir = scratch({ 'c.json': '{"columns": {"customer_id": "customer_id", "churned": "churned"}}' });
    const r = await cli(['sql', '--config', 'c.json', '--by', 'team', '--tz', 'UTC'], { cwd: dir });
    expect(r.stdout).toMatch(/"team" AS g_1\s+FROM customers/);
  });
});

describe("csm-kpi sql with a config's columns", () => {
  it('names the columns as the config writes them (spaces, capitals), not as the CSV reader keys them', async () => {
    const config = { columns: { 'Ticket ID': 'id', 'Created At': 'created_at', FIRST_RESPONSE_AT: 'first_response_at' } };
    const dir = scratch({ 'c.json': JSON.stringify(config) });
    const r = await cli(['sql', '--config', 'c.json', '--dialect', 'duckdb', '--tz', 'UTC', '--tickets-table', 'export'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"Ticket ID" AS id');
    expect(r.stdout).toContain('"Created At" AS created_at');
    expect(r.stdout).toContain('"FIRST_RESPONSE_AT" AS first_response_at');
    // Not the reader's key (created_at): a column the table does not have.
    expect(r.stdout).not.toContain('"created_at"');
    // The fixture tickets under those names: the counts and times of the canonical table.
    const renamed = `CREATE TABLE export AS SELECT * FROM tickets;
      ALTER TABLE export RENAME id TO "Ticket ID"; ALTER TABLE export RENAME created_at TO "Created At";
      ALTER TABLE export RENAME first_response_at TO FIRST_RESPONSE_AT; DROP TABLE tickets`;
    const [total] = (await runDuckdb(r.stdout, renamed)).filter((x) => x.slice === 'total');
    const js = JSON.parse((await cli(['compute', 'fixtures/tickets.csv', '--tz', 'UTC', '--format', 'json'])).stdout);
    expect(Number(total.ticket_volume__value)).toBe(js.kpis.ticket_volume.value);
    expect(total.first_response_time__median).toBe(js.kpis.first_response_time.median);
  });
});

describe('csm-kpi sql --dialect snowflake: column names', () => {
  it("the canonical columns as an unquoted name reads them (CREATED_AT), a config's exactly as written", async () => {
    const r = await cli(['sql', '--dialect', 'snowflake', '--tz', 'UTC', '--by', 'plan']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"CREATED_AT" AS created_at');
    expect(r.stdout).toContain('"PLAN"');
    expect(r.stdout).toContain('AS "BY_PLAN"');
    expect(r.stdout).not.toContain('"created_at"');
    const dir = scratch({ 'c.json': JSON.stringify({ columns: { created_at: 'created_at', 'Ticket Id': 'id' } }) });
    const c = await cli(['sql', '--config', 'c.json', '--dialect', 'snowflake', '--tz', 'UTC'], { cwd: dir });
    expect(c.stdout).toContain('"created_at" AS created_at');
    expect(c.stdout).toContain('"Ticket Id" AS id');
    // The columns the config does not name: csm-kpi's names.
    expect(c.stdout).toContain('"RESOLVED_AT" AS resolved_at');
  });
});

describe("csm-kpi sql: a config's reopened column", () => {
  it.each([
    ['Reopened', '"Reopened" AS reopened'],
    ['REOPENED', '"REOPENED" AS reopened'],
    // Named otherwise: a count of reopenings, as a preset's Reopens.
    ['Reopens', '("Reopens" > 0) AS reopened'],
  ])('%s', async (name, expected) => {
    const dir = scratch({ 'c.json': JSON.stringify({ columns: { [name]: 'reopened' } }) });
    const r = await cli(['sql', '--config', 'c.json', '--dialect', 'postgres', '--tz', 'UTC'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`    ${expected},`);
  });
});

describe("compute's options csm-kpi sql refuses, saying why (exit 2, one line)", () => {
  it.each([
    [['--business-hours', 'Mon-Fri 09:00-18:00'], 'csm-kpi: business hours (--business-hours or business_hours): business-hours clocks are not expressed in SQL; compute them with the JavaScript engine\n'],
    [['--compare', 'previous', '--last', '1m'], 'csm-kpi: --compare: the SQL has no compared window; run it on each window\n'],
    // Without a window too: not "needs a window", which would send the user to add one.
    [['--compare', 'previous'], 'csm-kpi: --compare: the SQL has no compared window; run it on each window\n'],
  ])('%j', async (args, message) => {
    const r = await cli(['sql', ...args]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', message]);
  });

  // Once printed the query without them, exit 0: other numbers than compute's with the same config.
  const PER_PRIORITY = "csm-kpi: SLA targets per priority (priority=… in --sla or the config's sla): not expressed in SQL; give targets for all tickets (--sla first_response=1h,resolution=24h), or run compute\n";
  it.each([
    ['--sla priority=…', {}, ['--sla', 'priority=urgent:first_response=15m'], PER_PRIORITY],
    ["the config's sla.priority", { sla: { first_response: '1h', priority: { urgent: { first_response: '15m' } } } }, [], PER_PRIORITY],
    ["the config's where", { where: 'channel=email' }, [], "csm-kpi: where (the config's): its filters are applied by the JavaScript reader, not expressed in SQL; filter the tables in the warehouse (a view), or run compute\n"],
  ])('%s', async (_, config, args, message) => {
    const dir = scratch({ 'c.json': JSON.stringify(config) });
    const r = await cli(['sql', '--config', 'c.json', ...args], { cwd: dir });
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', message]);
  });

  it('one SLA target for all tickets is in the query', async () => {
    const r = await cli(['sql', '--sla', 'first_response=1h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(fr_s <= 3600)');
    expect(r.stdout).toContain('AS sla_first_response__missed');
  });
});

describe('csm-kpi sql on a surveys table with rows without a score', () => {
  it('a NULL score is a survey not answered: CSAT, NPS and CES are those of the answers (compute on the fixture)', async () => {
    const r = await cli(['sql', '--dialect', 'duckdb', '--tz', 'UTC']);
    expect(r.code, r.stderr).toBe(0);
    // One unanswered survey of each type beside the fixture's answers, in March 2026.
    const unanswered = "INSERT INTO surveys (type, score, responded_at, ticket_id) VALUES ('csat', NULL, '2026-03-04 10:00:00+00', 'T3'), ('nps', NULL, '2026-03-04 10:00:00+00', NULL), ('ces', NULL, '2026-03-04 10:00:00+00', NULL)";
    const total = (await runDuckdb(r.stdout, unanswered)).find((x) => x.slice === 'total')!;
    const js = JSON.parse((await cli(['compute', 'fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv', '--tz', 'UTC', '--format', 'json'])).stdout);
    // By hand from fixtures/surveys.csv: 8 CSAT answers, 6 of them 4 or 5 (75 %); NPS 40; the NULL rows add none.
    expect([total.csat__value, js.kpis.csat.value]).toEqual([75, 75]);
    expect(Number(total.csat__responses)).toBe(js.kpis.csat.responses);
    expect([total.nps__value, js.kpis.nps.value]).toEqual([40, 40]);
    expect(total.ces__value).toBe(js.kpis.ces.value);
  });
});

describe('csm-kpi sql with a config\'s duplicates rule', () => {
  it('prints the query, and says on stderr that the rule is not in it', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ duplicates: 'last' }) });
    const r = await cli(['sql', '--config', 'c.json'], { cwd: dir });
    const plain = await cli(['sql']);
    expect([r.code, r.stdout]).toEqual([0, plain.stdout]);
    expect(r.stderr).toBe('note: duplicates "last" (the config\'s) is not in the query: a table has no row order to keep the last row of a ticket id by, so every row counts as a ticket; the tickets table needs one row per id (a view)\n');
  });
});

describe("csm-kpi sql with a config's survey_type", () => {
  // By hand from fixtures/surveys.csv: 8 CSAT answers, 6 of them 4 or 5: 75 %.
  const CSAT_ONLY = "CREATE OR REPLACE TABLE surveys AS SELECT score, responded_at, ticket_id, agent, NULL::VARCHAR AS channel, NULL::VARCHAR AS team, NULL::VARCHAR AS priority FROM surveys WHERE type = 'csat'";

  it('a table without a type column: every answer is of that type', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ survey_type: 'csat', columns: { score: 'score' } }) });
    const r = await cli(['sql', '--config', 'c.json', '--tz', 'UTC'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/'csat' AS type,/);
    const total = (await runDuckdb(r.stdout, CSAT_ONLY)).find((x) => x.slice === 'total')!;
    expect([total.csat__value, Number(total.csat__responses), total.nps__value]).toEqual([75, 8, null]);
  });

  it('a type column the config names: its empty cells take the type, the others keep theirs', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ survey_type: 'csat', columns: { type: 'type' } }) });
    const r = await cli(['sql', '--config', 'c.json', '--tz', 'UTC'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // The three CSAT 5s lose their type: still CSAT answers; NPS keeps its 40.
    const blank = "UPDATE surveys SET type = CASE WHEN score = 5 THEN NULL ELSE type END WHERE type = 'csat'";
    const total = (await runDuckdb(r.stdout, blank)).find((x) => x.slice === 'total')!;
    expect([total.csat__value, Number(total.csat__responses), total.nps__value]).toEqual([75, 8, 40]);
  });
});
