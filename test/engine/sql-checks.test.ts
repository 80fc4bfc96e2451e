/**
 * csm-kpi sql's validity rules (commands/sql.ts's validity()): the DuckDB query stops on a row
 * compute refuses, naming the table, the row, the column and the value; under invalid_fields
 * "drop_field" the value is left out and the numbers are compute's on the same rows. The rows
 * are the fixture files, one cell made invalid. (PostgreSQL: sql-checks-postgres.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, ROOT, scratch } from '../helpers.js';
import { runDuckdb } from './warehouse-duckdb.js';

async function query(...args: string[]): Promise<string> {
  const r = await cli(['sql', '--tz', 'UTC', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('csm-kpi sql stops on a row compute refuses (DuckDB)', () => {
  const TEXT_DURATION = 'ALTER TABLE tickets ALTER first_response_seconds TYPE VARCHAR; ';
  const FR = 'first_response_seconds or first_response_minutes or first_response_hours (in seconds)';
  it.each([
    ['a negative duration', "UPDATE tickets SET first_response_seconds = -60 WHERE id = 'T2'", `csm-kpi: tickets: id T2: ${FR}: negative duration (-60.0)`],
    // Clock text with a minus was read as no value: the ticket left the first response time's counts unseen.
    ['a negative clock text', `${TEXT_DURATION}UPDATE tickets SET first_response_seconds = '-0:01:00' WHERE id = 'T2'`, `csm-kpi: tickets: id T2: ${FR}: negative duration (-60.0)`],
    ['more than 1000 years', 'UPDATE tickets SET first_response_seconds = 3.2e10 WHERE id = \'T2\'', `csm-kpi: tickets: id T2: ${FR}: duration too long (more than 1000 years) (32000000000.0)`],
    ['a first response before creation', "UPDATE tickets SET first_response_at = created_at - INTERVAL 1 HOUR WHERE id = 'T1'", 'csm-kpi: tickets: id T1: first_response_at: is before created_at (2026-03-02 08:00:00+00)'],
    ['a resolution before creation', "UPDATE tickets SET resolved_at = created_at - INTERVAL 1 DAY WHERE id = 'T3'", 'csm-kpi: tickets: id T3: resolved_at: is before created_at (2026-03-02 08:30:00+00)'],
    ['a placeholder date', "UPDATE tickets SET created_at = '1900-01-01 00:00:00+00' WHERE id = 'T3'", 'csm-kpi: tickets: id T3: created_at: year outside 1970..2099 (a placeholder for "no date"? the config\'s valid_years sets the range) (1900-01-01 00:00:00+00)'],
    ['a CSAT of 50 on 1-5', "UPDATE tickets SET csat_score = 50 WHERE id = 'T1'", 'csm-kpi: tickets: id T1: csat_score: csat score must be in 1..5 (50.0)'],
    ['0 contacts', "UPDATE tickets SET contacts = 0 WHERE id = 'T1'", 'csm-kpi: tickets: id T1: contacts: must be 1 or more (0.0)'],
    ['1.5 contacts', "UPDATE tickets SET contacts = 1.5 WHERE id = 'T1'", 'csm-kpi: tickets: id T1: contacts: not a whole number (1.5)'],
    // An answer without a ticket is named by its time.
    ['an NPS of 11', "UPDATE surveys SET score = 11 WHERE type = 'nps' AND score = 10", /^csm-kpi: surveys: responded_at 2026-03-\d\d \d\d:00:00\+00: score: nps score must be a whole number in 0\.\.10 \(11\.0\)$/],
    ['an NPS of 7.5', "UPDATE surveys SET score = 7.5 WHERE type = 'nps' AND score = 7", /: score: nps score must be a whole number in 0\.\.10 \(7\.5\)$/],
    ['a CSAT answer of 0', "UPDATE surveys SET score = 0 WHERE ticket_id = 'T1' AND type = 'csat'", 'csm-kpi: surveys: ticket_id T1: score: csat score must be in 1..5 (0.0)'],
    ['a survey type no KPI has', "UPDATE surveys SET type = 'promoter' WHERE ticket_id = 'T1' AND type = 'csat'", 'csm-kpi: surveys: ticket_id T1: type: must be csat, nps or ces (promoter)'],
    ['a negative customer count', "UPDATE customers SET customers_start = -5 WHERE period_start = DATE '2026-02-01'", 'csm-kpi: customers: period_start 2026-02-01: customers_start: must be 0 or more (-5)'],
  ])('%s', async (_, after, message) => {
    const sql = await query();
    const error = await runDuckdb(sql, after).then(() => null, (e: Error) => e.message.replace(/^Invalid Input Error: /, ''));
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
  });

  it('clock text no rule reads (75 minutes) fails the cast, not left out as no value', async () => {
    const after = "ALTER TABLE tickets ALTER first_response_seconds TYPE VARCHAR; UPDATE tickets SET first_response_seconds = '1:75:00' WHERE id = 'T2'";
    await expect(runDuckdb(await query(), after)).rejects.toThrow("Could not convert string '1:75:00' to DOUBLE");
  });

  it("a -0:00:00 (Freshdesk's zero) and the checks' NULLs pass: the fixture's numbers", async () => {
    const after = "ALTER TABLE tickets ALTER first_response_seconds TYPE VARCHAR; UPDATE tickets SET first_response_seconds = '-0:00:00' WHERE id = 'T4'";
    const total = (await runDuckdb(await query(), after)).find((x) => x.slice === 'total')!;
    const js = JSON.parse((await cli(['compute', 'fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv', '--tz', 'UTC', '--format', 'json'])).stdout);
    // T4 has a first response at 14:00: its 0 (a value, not an empty cell) wins over the timestamps, as compute reads first_response_seconds.
    expect(Number(total.first_response_time__count)).toBe(js.kpis.first_response_time.count);
    expect([total.csat__value, total.nps__value, total.retention_rate__value]).toEqual([js.kpis.csat.value, js.kpis.nps.value, js.kpis.retention_rate.value]);
  });

  it("the CSAT scale is the config's: 7 on 1-7 is an answer", async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ scales: { csat: '1-7' } }) });
    const r = await cli(['sql', '--config', 'c.json', '--tz', 'UTC'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const rows = await runDuckdb(r.stdout, "UPDATE surveys SET score = 7 WHERE ticket_id = 'T1' AND type = 'csat'");
    expect(Number(rows.find((x) => x.slice === 'total')!.csat__responses)).toBe(8);
  });
});

describe('csm-kpi sql under invalid_fields "drop_field": the value left out, as compute leaves it', () => {
  it("a first response before creation and a CSAT of 50: compute's first response time (dropped 1) and CSAT", async () => {
    // T1 answered an hour before it was created; T2's csat_score 50 on the 1-5 scale.
    const csv = readFileSync('fixtures/tickets.csv', 'utf8')
      .replace('T1,2026-03-02 09:00:00,2026-03-02 09:04:00', 'T1,2026-03-02 09:00:00,2026-03-02 08:04:00')
      .replace(/^id,(.*)$/m, 'id,$1,csat_score')
      .replace(/^(T\d+,.*)$/gm, (line) => `${line},${line.startsWith('T2,') ? 50 : line.startsWith('T3,') ? 4 : ''}`);
    const dir = scratch({ 'tickets.csv': csv, 'c.json': JSON.stringify({ invalid_fields: 'drop_field' }) });
    const js = JSON.parse((await cli(['compute', 'tickets.csv', join(ROOT, 'fixtures/surveys.csv'), '--config', 'c.json', '--tz', 'UTC', '--format', 'json'], { cwd: dir })).stdout);
    const r = await cli(['sql', '--config', 'c.json', '--tz', 'UTC'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const after = `UPDATE tickets SET first_response_at = first_response_at - INTERVAL 1 HOUR WHERE id = 'T1';
      UPDATE tickets SET csat_score = CASE id WHEN 'T2' THEN 50 WHEN 'T3' THEN 4 END`;
    const total = (await runDuckdb(r.stdout, after)).find((x) => x.slice === 'total')!;
    const frt = js.kpis.first_response_time;
    expect(frt.dropped).toBe(1);
    expect([Number(total.first_response_time__count), Number(total.first_response_time__dropped), Number(total.first_response_time__unanswered)]).toEqual([frt.count, frt.dropped, frt.unanswered]);
    expect(total.first_response_time__median).toBe(frt.median);
    // By hand: the fixture's 8 CSAT answers (6 satisfied) and T3's 4; T2's 50 left out: 7 of 9.
    expect([Number(total.csat__responses), total.csat__value]).toEqual([js.kpis.csat.responses, js.kpis.csat.value]);
    expect([js.kpis.csat.responses, js.kpis.csat.value]).toEqual([9, (7 * 100) / 9]);
  });

  it('an essential column still stops the query (a placeholder created_at)', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ invalid_fields: 'drop_field' }) });
    const r = await cli(['sql', '--config', 'c.json', '--tz', 'UTC'], { cwd: dir });
    await expect(runDuckdb(r.stdout, "UPDATE tickets SET created_at = '1900-01-01 00:00:00+00' WHERE id = 'T3'")).rejects.toThrow('csm-kpi: tickets: id T3: created_at: year outside 1970..2099');
  });
});
