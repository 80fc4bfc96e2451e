/**
 * The days the tickets cover, apart from the other files': a survey file that starts earlier
 * or ends later does not make a part of the tickets' days whole (report-builder.ts covers,
 * markCensored). Otherwise a month of 12 days of tickets reads as a whole month, and the next
 * month's ticket count is compared with it; and tickets still open at the export read as
 * settled because surveys run on. Both engines (the DuckDB engine's span comes from the
 * query's data_span), by hand:
 *
 *   tickets  T1 03-20 (resolved), T2 03-25 (resolved), T3 04-05 (resolved), T4 04-10
 *            (resolved), T5 04-20 (open): their days 03-20..04-20
 *   surveys  CSAT answers 02-01 (5), 03-01 (4), 04-01 (3), 05-10 (5): the data's days
 *            02-01..05-10
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

const TICKETS = [
  'id,created_at,resolved_at',
  'T1,2026-03-20 09:00,2026-03-20 10:00',
  'T2,2026-03-25 09:00,2026-03-25 11:00',
  'T3,2026-04-05 09:00,2026-04-05 10:00',
  'T4,2026-04-10 09:00,2026-04-10 12:00',
  'T5,2026-04-20 09:00,',
].join('\n');
const SURVEYS = ['type,score,responded_at', 'csat,5,2026-02-01 12:00', 'csat,4,2026-03-01 12:00', 'csat,3,2026-04-01 12:00', 'csat,5,2026-05-10 12:00'].join('\n');

async function json(args: string[], engine: 'js' | 'duckdb' = 'js') {
  const dir = scratch({ 't.csv': TICKETS, 's.csv': SURVEYS });
  const r = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--format', 'json', ...(engine === 'duckdb' ? ['--engine', 'duckdb'] : []), ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe.each(['js', 'duckdb'] as const)('the tickets cover 03-20..04-20, the surveys 02-01..05-10 (%s engine)', (engine) => {
  it('--period month: every month is a part of the tickets\' days; April\'s ticket count is not compared with March\'s 12 days', async () => {
    const r = await json(['--period', 'month'], engine);
    type Entry = { period: string; partial?: boolean; kpis: Record<string, { value: number | null; change?: number | null }> };
    const months = r.series as Entry[];
    expect(months.map((m) => [m.period, m.partial ?? false])).toEqual([
      ['2026-02', true],
      ['2026-03', true],
      ['2026-04', true],
      ['2026-05', true],
    ]);
    const april = months[2].kpis;
    // 3 tickets against March's 2: +1 were March whole.
    expect(april.ticket_volume).toMatchObject({ value: 3, change: null });
    // The answers are compared: April's CSAT 0 % (a 3) against March's 100 % (a 4).
    expect(april.csat).toMatchObject({ value: 0, change: -100 });
  });

  it('a window the tickets cover in part is partial, though the surveys cover it', async () => {
    const r = await json(['--from', '2026-03-01', '--to', '2026-04-01'], engine);
    expect(r.window.partial).toBe(true);
  });

  it("April's open ticket is censored at the tickets' last day, not at the last survey's", async () => {
    const r = await json(['--from', '2026-04-01', '--to', '2026-05-01'], engine);
    // T5 open at the export: April's resolution rate (2 of 3) will rise.
    expect(r.kpis.resolution_rate.value).toBeCloseTo(200 / 3, 12);
    expect(r.kpis.resolution_rate.censored).toEqual({ still_open: 1, data_end: '2026-04-20T09:00:00Z' });
    expect(r.kpis.resolution_time.censored).toEqual({ still_open: 1, data_end: '2026-04-20T09:00:00Z' });
  });
});

describe('--compare (JavaScript engine)', () => {
  it('a compared window the tickets cover in part: the ticket count has no change, the CSAT has', async () => {
    // April against March (a whole month's window is compared with the month before), whose tickets start 03-20.
    const r = await json(['--from', '2026-04-01', '--to', '2026-05-01', '--compare', 'previous']);
    expect(r.previous.window).toEqual({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', partial: true });
    expect(r.kpis.ticket_volume).toMatchObject({ value: 3, change: null });
    expect(r.kpis.csat).toMatchObject({ value: 0, change: -100 });
  });

  it('a compared window with answers but no tickets is reached: the CSAT is compared', async () => {
    // 03-01..03-31 against 01-30..03-01: the answer of 02-01, no ticket.
    const r = await json(['--from', '2026-03-01', '--to', '2026-03-31', '--compare', 'previous']);
    expect(r.previous.window.no_data).toBeUndefined();
    expect(r.kpis.csat).toMatchObject({ value: 100, change: 0 });
    expect(r.kpis.ticket_volume.change).toBeNull();
  });

  it('--where: the tickets it leaves out still date the data (agent A\'s 0 tickets in a month of B\'s are A\'s)', async () => {
    // A's tickets in April only; B's on 03-01, 03-25, 04-30. March is reached and covered.
    const csv = ['id,created_at,agent', 'B1,2026-03-01 09:00,B', 'B2,2026-03-25 09:00,B', 'A1,2026-04-05 09:00,A', 'A2,2026-04-10 09:00,A', 'B3,2026-04-30 09:00,B'].join('\n');
    const dir = scratch({ 't.csv': csv });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json', '--from', '2026-04-01', '--to', '2026-05-01', '--compare', 'previous', '--where', 'agent=A'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.previous.window).toEqual({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
    expect(j.kpis.ticket_volume).toMatchObject({ value: 2, change: 2 });
  });

  it("a compared window that starts the day after the data's last (any file's: the answer of 05-10) has no data", async () => {
    // 05-12 against 05-11: no row of either file, so no KPI has a change (the CSAT of none is not 0 % then).
    const r = await json(['--from', '2026-05-12', '--to', '2026-05-13', '--compare', 'previous']);
    expect(r.previous.window).toEqual({ from: '2026-05-11T00:00:00Z', to: '2026-05-12T00:00:00Z', partial: true, no_data: true });
    // The day before it, 05-10, holds the last answer: reached, only partly covered (no tickets).
    const before = await json(['--from', '2026-05-11', '--to', '2026-05-12', '--compare', 'previous']);
    expect(before.previous.window).toEqual({ from: '2026-05-10T00:00:00Z', to: '2026-05-11T00:00:00Z', partial: true });
  });
});

describe.each(['js', 'duckdb'] as const)('a window the data reaches none of, a stale export in a nightly run (%s engine)', (engine) => {
  it('is no_data: every KPI null with a note, not 0 tickets and an empty backlog; a count target is a no-data breach', async () => {
    // Every file's last day is 05-10: --last 1d on 06-02 is 06-01, which no row reaches.
    const dir = scratch({ 't.csv': TICKETS, 's.csv': SURVEYS, 'tg.json': '{"ticket_volume": "<= 100", "backlog": "<= 5"}' });
    const args = ['compute', 't.csv', 's.csv', '--tz', 'UTC', '--last', '1d', '--now', '2026-06-02T06:00', '--format', 'json', '--engine', engine];
    const r = await cli(args, { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('note: the data reaches none of the window 2026-06-01T00:00:00Z → 2026-06-02T00:00:00Z (an export older than the window?): every KPI is n/a\n');
    const report = JSON.parse(r.stdout);
    expect(report.window).toEqual({ from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z', partial: true, no_data: true });
    const values = Object.values(report.kpis as Record<string, { value: number | null }>).map((k) => k.value);
    expect(new Set(values)).toEqual(new Set([null]));
    expect(report.kpis.ticket_volume).toMatchObject({ value: null, daily_average: null, note: 'no data in this window: the data reaches none of it' });
    expect(report.kpis.backlog).toMatchObject({ value: null, median_age: null, note: 'no data in this window: the data reaches none of it' });
    const cron = await cli([...args, '--targets', 'tg.json', '--fail-on-breach'], { cwd: dir });
    expect(cron.code).toBe(1);
    expect(cron.stderr).toContain('breach: ticket_volume no data (target <= 100)\nbreach: backlog no data (target <= 5)\n');
    // A window that a survey reaches, though no ticket does, has data: its 0 tickets stand.
    const may = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--from', '2026-05-01', '--to', '2026-06-01', '--format', 'json', '--engine', engine], { cwd: dir });
    expect(JSON.parse(may.stdout).window.no_data).toBeUndefined();
    expect(JSON.parse(may.stdout).kpis.ticket_volume.value).toBe(0);
  });

  it("--period week: a partial last week's ticket count is not compared with the whole week before it", async () => {
    // Tickets' last day 04-20 (a Monday): W17 holds one day of tickets, T5; W16 (04-13..04-19) none, whole.
    const r = await json(['--period', 'week', '--from', '2026-04-06', '--to', '2026-04-27'], engine);
    const weeks = r.series as { period: string; partial?: boolean; kpis: Record<string, { value: number | null; change?: number | null }> }[];
    expect(weeks.map((w) => [w.period, w.partial ?? false, w.kpis.ticket_volume.value, w.kpis.ticket_volume.change])).toEqual([
      ['2026-W15', false, 1, null],
      ['2026-W16', false, 0, -1],
      ['2026-W17', true, 1, null],
    ]);
  });

  it("--period week: a partial last week's tickets per customer are not compared either", async () => {
    // W15 (04-06..04-12) whole: C1, C1, C2 → 3 / 2 = 1.5. W16 whole: C1, C1 → 2, +0.5 against
    // W15. W17 holds one day of tickets (the last, 04-20): C3 → 1; fewer days, fewer repeat
    // tickets: not compared.
    const csv = ['id,created_at,customer_id', 'T1,2026-04-06 09:00,C1', 'T2,2026-04-08 09:00,C1', 'T3,2026-04-09 09:00,C2', 'T4,2026-04-14 09:00,C1', 'T5,2026-04-16 09:00,C1', 'T6,2026-04-20 09:00,C3'].join('\n');
    const dir = scratch({ 't.csv': csv });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json', '--engine', engine, '--period', 'week', '--from', '2026-04-06', '--to', '2026-04-27'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const weeks = JSON.parse(r.stdout).series as { period: string; kpis: Record<string, { value: number | null; change?: number | null }> }[];
    expect(weeks.map((w) => [w.period, w.kpis.tickets_per_customer.value, w.kpis.tickets_per_customer.change])).toEqual([
      ['2026-W15', 1.5, null],
      ['2026-W16', 2, 0.5],
      ['2026-W17', 1, null],
    ]);
  });
});
