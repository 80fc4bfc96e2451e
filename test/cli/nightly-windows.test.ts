/**
 * Reports a nightly job can trust (issue 13): relative windows, targets on the window (no data
 * is a breach), targets per period and group, --compare, partial periods and censored
 * resolution figures. "Now" is a fake clock (Context.now), or --now.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from '../helpers.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'].map((f) => join(ROOT, f));
const TICKETS = FIXTURES[0];
/** 06:00 UTC on Wednesday 2026-03-04: yesterday is 2026-03-03 (T3, T4; CSAT answers for T2 and T3). */
const WEDNESDAY = Date.UTC(2026, 2, 4, 6);

async function json(args: string[], opts: { cwd?: string; now?: number } = {}) {
  const r = await cli(['compute', ...args, '--format', 'json'], opts);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('relative windows through the CLI', () => {
  it('--last 1d is yesterday by the clock, or by --now', async () => {
    const r = await json([...FIXTURES, '--tz', 'UTC', '--last', '1d'], { now: WEDNESDAY });
    expect(r.window).toEqual({ from: '2026-03-03T00:00:00Z', to: '2026-03-04T00:00:00Z' });
    expect(r.kpis.ticket_volume).toMatchObject({ value: 2, days: 1 });
    const fixed = await json([...FIXTURES, '--tz', 'UTC', '--last', '1d', '--now', '2026-03-04 06:00'], { now: Date.UTC(2030, 0, 1) });
    expect(fixed.window).toEqual(r.window);
    expect(fixed.kpis).toEqual(r.kpis);
  });

  it('--now is read in --tz: 00:30 on the 4th in Madrid is still the 3rd in UTC', async () => {
    const r = await json([TICKETS, '--tz', 'Europe/Madrid', '--last', '1d', '--now', '2026-03-04 00:30']);
    expect(r.window).toEqual({ from: '2026-03-03T00:00:00+01:00', to: '2026-03-04T00:00:00+01:00' });
  });

  it('--from -7d --to today', async () => {
    const r = await json([TICKETS, '--tz', 'UTC', '--from', '-7d', '--to', 'today'], { now: Date.UTC(2026, 2, 10, 6) });
    expect(r.window).toEqual({ from: '2026-03-03T00:00:00Z', to: '2026-03-10T00:00:00Z' });
    expect(r.kpis.ticket_volume.value).toBe(5); // T3–T7
  });

  it('the config can give the window ("last"); --from/--to on the command line replace it', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ timezone: 'UTC', last: '1w' }) });
    const r = await json([TICKETS, '--config', 'c.json'], { cwd: dir, now: Date.UTC(2026, 2, 12, 6) });
    expect(r.window).toEqual({ from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' });
    const flagged = await json([TICKETS, '--config', 'c.json', '--from', '2026-03-09'], { cwd: dir, now: Date.UTC(2026, 2, 12, 6) });
    expect(flagged.window).toEqual({ from: '2026-03-09T00:00:00Z', to: null });
  });

  it.each([
    [['--last', '1d', '--from', '2026-03-01'], 'csm-kpi: --last cannot be combined with --from/--to: it is a window of its own\n'],
    [['--last', 'yesterday'], /^csm-kpi: option '--last <n>' argument 'yesterday' is invalid\. "yesterday" is not a count of whole periods/],
    [['--now', 'soon'], /^csm-kpi: --now: not an ISO 8601 timestamp .*\("soon"\)\n$/],
    [['--from', 'last tuesday'], /^csm-kpi: --from: not a date or timestamp .*, nor today, yesterday, -7d, -2w or -1m \("last tuesday"\)\n$/],
    [['--compare', 'previous'], 'csm-kpi: --compare: needs a window to compare: --last, or both --from and --to\n'],
    [['--compare', 'previous', '--from', '2026-03-01'], 'csm-kpi: --compare: needs a window to compare: --last, or both --from and --to\n'],
    // 2025-01-01..2026-03-01 compared with 2024-01-01..2025-03-01: January and February 2025 in both.
    [['--compare', 'year', '--from', '2025-01-01', '--to', '2026-03-01'], 'csm-kpi: --compare: year: the window is longer than a year, so the year before overlaps it; compare a window of a year or less, or use --compare previous\n'],
    [['--targets-on', 'period'], 'csm-kpi: --targets-on: "period" needs --period\n'],
    [['--targets-on', 'group,period', '--period', 'day'], 'csm-kpi: --targets-on: "group" needs --by\n'],
    [['--targets-on', 'agent'], /^csm-kpi: option '--targets-on <slices>' argument 'agent' is invalid\. "agent" is not period or group/],
  ])('%j is a usage error, exit 2', async (args, message) => {
    const r = await cli(['compute', TICKETS, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });

  it('the config can ask for the comparison and the slices checked; errors name the key', async () => {
    const dir = scratch({
      'c.json': JSON.stringify({ timezone: 'UTC', last: '1d', compare: 'previous', targets_on: ['group'], targets: { csat: '>= 60' } }),
      'bad.json': JSON.stringify({ compare: 'previous' }),
      'nogroup.json': JSON.stringify({ targets_on: ['group'] }),
    });
    const r = await cli(['compute', ...FIXTURES, '--config', 'c.json', '--by', 'agent', '--format', 'json'], { cwd: dir, now: WEDNESDAY });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.previous.window.from).toBe('2026-03-02T00:00:00Z');
    expect(report.groups.agent.find((g: any) => g.key === 'ana').kpis.csat.target.status).toBe('breached'); // T3: 3 of 5
    expect((await cli(['compute', TICKETS, '--config', 'bad.json'], { cwd: dir })).stderr).toBe('csm-kpi: bad.json: compare: needs a window to compare: --last, or both --from and --to\n');
    expect((await cli(['compute', TICKETS, '--config', 'nogroup.json'], { cwd: dir })).stderr).toBe('csm-kpi: nogroup.json: targets_on: "group" needs --by\n');
  });

  it('a wrong "last" in the config names the file and key', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ last: 'yesterday' }) });
    const r = await cli(['compute', TICKETS, '--config', 'c.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^csm-kpi: c\.json: last: "yesterday" is not a count of whole periods/);
  });
});

describe('targets on the report\'s window', () => {
  it('--last 1d checks yesterday, not all time: 50 % on the 3rd, 75 % overall', async () => {
    const dir = scratch({ 't.json': '{"csat": ">= 70"}' });
    const all = await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--targets', 't.json', '--fail-on-breach'], { cwd: dir });
    expect(all.code).toBe(0);
    const r = await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--last', '1d', '--targets', 't.json', '--fail-on-breach', '--format', 'json'], { cwd: dir, now: WEDNESDAY });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('breach: csat 50.0 % (target >= 70)\n');
    expect(JSON.parse(r.stdout).kpis.csat.target).toEqual({ rule: '>= 70', threshold: 70, status: 'breached' });
  });

  it('a window without answers: "no data" fails the run', async () => {
    const dir = scratch({ 't.json': '{"csat": ">= 70", "ticket_volume": ">= 1"}' });
    const r = await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--last', '1d', '--targets', 't.json', '--fail-on-breach'], { cwd: dir, now: Date.UTC(2026, 2, 10, 6) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('breach: csat no data (target >= 70)\n');
    expect(r.stdout).toMatch(/\? >= 70 \(no data\)/);
  });

  it('--targets-on group: each agent checked, breaches named; slices without data are marked, not failed', async () => {
    const dir = scratch({ 't.json': '{"csat": ">= 70", "nps": ">= 0"}' });
    const args = ['compute', ...FIXTURES, '--tz', 'UTC', '--by', 'agent', '--targets', 't.json', '--fail-on-breach', '--format', 'json'];
    const r = await cli([...args, '--targets-on', 'group'], { cwd: dir });
    // The window: CSAT 75 %, NPS 40, both met. ana: 2 of 3 satisfied; no agent on the unlinked
    // answers: 0 of 1. NPS answers carry no agent: no data for ana, ben, carla, which fails nothing.
    expect(r.stderr).toBe('breach: csat 66.7 % (target >= 70) in agent=ana\nbreach: csat 0.0 % (target >= 70) in agent=(none)\n');
    expect(r.code).toBe(1);
    const groups = Object.fromEntries(JSON.parse(r.stdout).groups.agent.map((g: any) => [g.key, [g.kpis.csat.target.status, g.kpis.nps.target.status]]));
    expect(groups).toEqual({ ana: ['breached', 'no_data'], ben: ['met', 'no_data'], carla: ['met', 'no_data'], null: ['breached', 'met'] }); // the group of rows without an agent has key null
    expect((await cli(args, { cwd: dir })).code).toBe(0); // without --targets-on only the window counts
  });

  it('--targets-on period,group: nested groups and periods named', async () => {
    const dir = scratch({ 't.json': '{"csat": ">= 60"}' });
    const r = await cli(
      ['compute', ...FIXTURES, '--tz', 'UTC', '--from', '2026-03-02', '--to', '2026-03-05', '--period', 'day', '--by', 'agent', '--by', 'channel', '--targets', 't.json', '--targets-on', 'period', '--targets-on', 'group', '--fail-on-breach'],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    // 03-03: T2 (4) and T3 (3) answered → 50 %.
    expect(r.stderr).toBe(
      'breach: csat 50.0 % (target >= 60) in 2026-03-03\n' +
        'breach: csat 50.0 % (target >= 60) in agent=ana\n' +
        'breach: csat 0.0 % (target >= 60) in agent=ana, channel=phone\n',
    );
    // Periods are checked only when asked: groups alone, then neither.
    const base = ['compute', ...FIXTURES, '--tz', 'UTC', '--from', '2026-03-02', '--to', '2026-03-05', '--period', 'day', '--by', 'agent', '--targets', 't.json', '--fail-on-breach'];
    const groups = await cli([...base, '--targets-on', 'group'], { cwd: dir });
    expect(groups.stderr).toBe('breach: csat 50.0 % (target >= 60) in agent=ana\n');
    const neither = await cli(base, { cwd: dir });
    expect([neither.code, neither.stderr]).toEqual([0, '']);
  });

  it('--compare previous on a window before which the data has nothing: no change against it, and the report says so', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,status\nT1,2026-03-02 10:00,solved\nT2,2026-03-03 10:00,open\n' });
    const args = ['compute', 't.csv', '--tz', 'UTC', '--from', '2026-03-02', '--to', '2026-03-04', '--compare', 'previous'];
    const r = await cli([...args, '--format', 'json'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    expect(report.previous.window).toEqual({ from: '2026-02-28T00:00:00Z', to: '2026-03-02T00:00:00Z', partial: true, no_data: true });
    // Not "+2 ▲" against the 0 tickets of days the export does not reach.
    expect(report.kpis.ticket_volume).toMatchObject({ value: 2, change: null, significant: null });
    const table = await cli(args, { cwd: dir, env: { NO_COLOR: '1', COLUMNS: '100' } });
    expect(table.stdout).toMatch(/\(the data covers none of it: no change is\s+shown\)/);
  });

  it('--targets-on period: a partial period\'s ticket count is not checked against a per-period count target; its rates are', async () => {
    // Window Thursday 2026-03-05 .. Monday 2026-03-16 (exclusive): week 10 is partial (4 of 7 days), week 11 whole.
    const rows = ['id,created_at,status'];
    for (let d = 5; d < 16; d++) for (let i = 0; i < 3; i++) rows.push(`T${d}-${i},2026-03-${String(d).padStart(2, '0')} 10:00,${i === 0 ? 'open' : 'solved'}`);
    const dir = scratch({ 't.csv': rows.join('\n') + '\n', 't.json': '{"ticket_volume": ">= 20", "resolution_rate": ">= 70"}' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--from', '2026-03-05', '--to', '2026-03-16', '--period', 'week', '--targets', 't.json', '--targets-on', 'period', '--fail-on-breach', '--format', 'json'], { cwd: dir });
    // Week 10 has 12 tickets in 4 days: not a week's count, so not a breach of ">= 20" (it was, before).
    // Its resolution rate, 66.7 %, is a rate, checked as in any period, and in the window.
    expect(r.stderr).toBe('breach: resolution_rate 66.7 % (target >= 70)\nbreach: resolution_rate 66.7 % (target >= 70) in 2026-W10\nbreach: resolution_rate 66.7 % (target >= 70) in 2026-W11\n');
    const series = JSON.parse(r.stdout).series.map((e: any) => [e.period, e.partial ?? false, e.kpis.ticket_volume.value, e.kpis.ticket_volume.target?.status ?? null]);
    expect(series).toEqual([['2026-W10', true, 12, null], ['2026-W11', false, 21, 'met']]);
  });

  it('--targets-on period: a period without data is marked no_data and fails nothing', async () => {
    const dir = scratch({
      's.csv': 'type,score,responded_at\ncsat,5,2026-03-02 10:00\ncsat,5,2026-03-04 10:00\n',
      't.json': '{"csat": ">= 50"}',
    });
    const r = await cli(['compute', 's.csv', '--tz', 'UTC', '--from', '2026-03-02', '--to', '2026-03-05', '--period', 'day', '--targets', 't.json', '--targets-on', 'period', '--fail-on-breach', '--format', 'json'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).series.map((e: any) => e.kpis.csat.target.status)).toEqual(['met', 'no_data', 'met']);
  });
});

describe('--compare', () => {
  it('previous: the day before beside yesterday, each KPI with its change (pp for percents)', async () => {
    const r = await json([...FIXTURES, '--tz', 'UTC', '--last', '1d', '--compare', 'previous'], { now: WEDNESDAY });
    expect(r.previous.window).toEqual({ from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' });
    // The 2nd: T1, T2; CSAT answer for T1 (5) → 100 %. The 3rd: 50 %.
    expect(r.previous.kpis.csat.value).toBe(100);
    expect(r.kpis.csat).toMatchObject({ value: 50, change: -50 });
    expect(r.kpis.ticket_volume).toMatchObject({ value: 2, change: 0 });
    expect(r.kpis.nps.change).toBeNull();
    // Rows of the compared window are outside the report's window, as before.
    expect(r.inputs[0]).toMatchObject({ used: 2, outside_window: 8 });
  });

  it("each window's edges: from included, to excluded, rows before the compared window in neither", async () => {
    const t = ['id,created_at', 'A,2026-03-05 23:59:59', 'B,2026-03-06 00:00:00', 'C,2026-03-07 12:00', 'D,2026-03-07 23:59:59', 'E,2026-03-08 00:00:00', 'F,2026-03-09 23:59:59', 'G,2026-03-10 00:00:00'];
    const dir = scratch({ 't.csv': t.join('\n') + '\n' });
    const r = await json(['t.csv', '--tz', 'UTC', '--from', '2026-03-08', '--to', '2026-03-10', '--compare', 'previous'], { cwd: dir });
    expect(r.previous.window).toEqual({ from: '2026-03-06T00:00:00Z', to: '2026-03-08T00:00:00Z' });
    // By hand: E, F in the window; B, C, D in the compared one; A and G in neither.
    expect(r.kpis.ticket_volume).toMatchObject({ value: 2, change: -1 });
    expect(r.previous.kpis.ticket_volume.value).toBe(3);
    expect(r.inputs[0]).toMatchObject({ used: 2, outside_window: 5 });
  });

  it('year: the same window a year earlier, beyond the data: partial, KPIs empty', async () => {
    const r = await json([TICKETS, '--tz', 'UTC', '--from', '2026-03-02', '--to', '2026-03-09', '--compare', 'year']);
    expect(r.previous.window).toEqual({ from: '2025-03-02T00:00:00Z', to: '2025-03-09T00:00:00Z', partial: true, no_data: true });
    expect(r.previous.kpis.ticket_volume.value).toBe(0);
    // No ticket a year before is no data there, not a change from 0.
    expect(r.kpis.ticket_volume).toMatchObject({ value: 6, change: null });
    expect(r.window.partial).toBeUndefined();
  });

  it('the table shows Before and Change; on two answers a change is within chance (≈, no colour)', async () => {
    const args = ['compute', ...FIXTURES, '--tz', 'UTC', '--last', '1d', '--compare', 'previous', '--min-sample', '1'];
    const plain = (await cli(args, { now: WEDNESDAY, env: { COLUMNS: '160' } })).stdout;
    expect(plain).toMatch(/│ KPI +│ +Value │ +Before │ +Change │ Band +│/);
    expect(plain).toMatch(/│ Customer satisfaction \(CSAT\) │ +50\.0 % │ +100\.0 % │ +−50\.0 pp ≈ │/);
    expect(plain).toMatch(/Before: 2026-03-02T00:00:00Z → 2026-03-03T00:00:00Z/);
    const colour = (await cli(args, { now: WEDNESDAY, env: { FORCE_COLOR: '1', COLUMNS: '160' } })).stdout;
    expect(colour).toMatch(/Customer satisfaction \(CSAT\).*│ −50\.0 pp \x1b\[2m≈\x1b\[22m │/);
  });

  it('a significant change is ▲/▼, green when better and red when worse', async () => {
    // 50 answers each day: 45 satisfied on Monday, 20 on Tuesday — a real drop (Newcombe's interval excludes 0).
    const rows = ['type,score,responded_at'];
    for (let i = 0; i < 50; i++) rows.push(`csat,${i < 45 ? 5 : 1},2026-03-02 10:00`, `csat,${i < 20 ? 5 : 1},2026-03-03 10:00`);
    const dir = scratch({ 's.csv': rows.join('\n') + '\n' });
    const args = ['compute', 's.csv', '--tz', 'UTC', '--last', '1d', '--compare', 'previous'];
    const colour = (await cli(args, { cwd: dir, now: WEDNESDAY, env: { FORCE_COLOR: '1', COLUMNS: '160' } })).stdout;
    expect(colour).toMatch(/Customer satisfaction \(CSAT\).*│ −50\.0 pp \x1b\[31m▼\x1b\[39m │/);
    const json = JSON.parse((await cli([...args, '--format', 'json'], { cwd: dir, now: WEDNESDAY })).stdout);
    expect(json.kpis.csat).toMatchObject({ value: 40, change: -50, significant: true });
    // The same days the other way round: a real rise.
    const up = ['type,score,responded_at'];
    for (let i = 0; i < 50; i++) up.push(`csat,${i < 20 ? 5 : 1},2026-03-02 10:00`, `csat,${i < 45 ? 5 : 1},2026-03-03 10:00`);
    const upDir = scratch({ 's.csv': up.join('\n') + '\n' });
    const rise = JSON.parse((await cli([...args, '--format', 'json'], { cwd: upDir, now: WEDNESDAY })).stdout);
    expect(rise.kpis.csat).toMatchObject({ value: 90, change: 50, significant: true });
  });
});

describe('partial periods and censored figures', () => {
  it('the first and last periods the data covers in part are partial: true, and marked in the table', async () => {
    // Tickets from Monday 2026-03-02 to Thursday 2026-03-12: W10 whole, W11 cut at Thursday.
    const r = await json([TICKETS, '--tz', 'UTC', '--period', 'week']);
    expect(r.series.map((s: any) => [s.period, s.partial])).toEqual([['2026-W10', undefined], ['2026-W11', true]]);
    const cut = await json([TICKETS, '--tz', 'UTC', '--period', 'week', '--from', '2026-03-03']);
    expect(cut.series.map((s: any) => [s.period, s.from, s.partial])).toEqual([['2026-W10', '2026-03-03T00:00:00Z', true], ['2026-W11', '2026-03-09T00:00:00Z', true]]);
    const table = (await cli(['compute', TICKETS, '--tz', 'UTC', '--period', 'week'], { env: { COLUMNS: '160' } })).stdout;
    expect(table).toMatch(/│ KPI +│ Trend +│ 2026-W10 │ 2026-W11\* │/);
    expect(table).toMatch(/\* partial period: the window or the data covers only part of it/);
  });

  it('a window with one end: partial when that end lies beyond the data\'s first or last day, not when the data reaches it', async () => {
    // The tickets run from 2026-03-02 09:00 to 2026-03-12 10:00: whole days 03-02 to 03-13 00:00.
    const windows: [string[], object][] = [
      [['--from', '2026-03-01'], { from: '2026-03-01T00:00:00Z', to: null, partial: true }],
      [['--from', '2026-03-03'], { from: '2026-03-03T00:00:00Z', to: null }],
      [['--to', '2026-03-20'], { from: null, to: '2026-03-20T00:00:00Z', partial: true }],
      // Exactly the end of the last day: covered.
      [['--to', '2026-03-13'], { from: null, to: '2026-03-13T00:00:00Z' }],
      [['--to', '2026-03-14'], { from: null, to: '2026-03-14T00:00:00Z', partial: true }],
    ];
    for (const [args, window] of windows) expect((await json([TICKETS, '--tz', 'UTC', ...args])).window, args.join(' ')).toEqual(window);
    // No dated row and no window: nothing is partial (there is no window to cover).
    const empty = await json(['t.csv', '--tz', 'UTC'], { cwd: scratch({ 't.csv': 'id,created_at\n' }) });
    expect(empty.window).toEqual({ from: null, to: null });
    // One ticket, and the one day it is on: covered (the data's first and last day are one).
    const one = await json(['t.csv', '--tz', 'UTC', '--from', '2026-03-02', '--to', '2026-03-03'], { cwd: scratch({ 't.csv': 'id,created_at\nT1,2026-03-02 09:00\n' }) });
    expect(one.window).toEqual({ from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' });
  });

  it('a period cut by the window\'s end is partial though the data goes on past it', async () => {
    const r = await json([TICKETS, '--tz', 'UTC', '--period', 'week', '--to', '2026-03-11']);
    expect(r.series.map((s: any) => [s.period, s.from, s.to, s.partial])).toEqual([
      ['2026-W10', '2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z', undefined],
      ['2026-W11', '2026-03-09T00:00:00Z', '2026-03-11T00:00:00Z', true],
    ]);
  });

  it('a window beyond the data is partial', async () => {
    const r = await json([TICKETS, '--tz', 'UTC', '--last', '1w'], { now: Date.UTC(2026, 2, 18) });
    expect(r.window).toEqual({ from: '2026-03-09T00:00:00Z', to: '2026-03-16T00:00:00Z', partial: true });
    expect((await cli(['compute', TICKETS, '--tz', 'UTC', '--last', '1w'], { now: Date.UTC(2026, 2, 18), env: { COLUMNS: '160' } })).stdout).toMatch(/2026-03-16T00:00:00Z\* · time zone UTC\n\* the data covers only part of this window/);
  });

  it('resolution figures are censored when the window reaches the data\'s last day with tickets still open', async () => {
    const late = await json([TICKETS, '--tz', 'UTC', '--from', '2026-03-09']);
    // T8 (pending) and T10 (open) were still open when the data ends (T10, created 2026-03-12 10:00).
    const censored = { still_open: 2, data_end: '2026-03-12T10:00:00Z' };
    expect(late.kpis.resolution_time.censored).toEqual(censored);
    expect(late.kpis.resolution_rate.censored).toEqual(censored);
    const early = await json([TICKETS, '--tz', 'UTC', '--to', '2026-03-09']);
    expect(early.kpis.resolution_rate.censored).toBeUndefined(); // T4 is open, but long before the end
    const table = (await cli(['compute', TICKETS, '--tz', 'UTC', '--from', '2026-03-09'], { env: { COLUMNS: '200' } })).stdout;
    expect(table).toMatch(/Resolution figures are provisional: 2 tickets were still open when the data ends \(2026-03-12T10:00:00Z\)/);
  });

  it('censored: a window that ends as the data\'s last day begins still reaches it; one open ticket alone; never on a KPI without data', async () => {
    // --to 2026-03-12 ends as the data's last day (T10, 2026-03-12 10:00) begins: T4 (open) and T8 (pending) in it, still open.
    const edge = await json([TICKETS, '--tz', 'UTC', '--to', '2026-03-12']);
    expect(edge.kpis.resolution_rate.censored).toEqual({ still_open: 2, data_end: '2026-03-12T10:00:00Z' });
    // One ticket, open: the data's first and last instant are one; the rate is censored, the
    // resolution time (no resolved ticket: a note, no value) is not.
    const one = await json(['t.csv', '--tz', 'UTC'], { cwd: scratch({ 't.csv': 'id,created_at,status\nT1,2026-03-02 09:00,open\n' }) });
    expect(one.kpis.resolution_rate.censored).toEqual({ still_open: 1, data_end: '2026-03-02T09:00:00Z' });
    expect(one.kpis.resolution_time.note).toBeDefined();
    expect(one.kpis.resolution_time.censored).toBeUndefined();
  });

  it('--format csv: censored as dotted details (not [object Object]); the compared window as a "previous" row', async () => {
    const rows = (await cli(['compute', TICKETS, '--tz', 'UTC', '--from', '2026-03-09', '--format', 'csv'])).stdout.split('\n');
    // 4 tickets: a small sample (no band); its Wilson interval as scipy gives it (15.0039–84.9961 %) reads as one detail.
    expect(rows.find((l) => l.startsWith('resolution_rate,'))).toBe('resolution_rate,50,percent,,,,resolved=2; tickets=4; ci=15.003898915214958..84.99610108478504@0.95; small_sample=true; censored.still_open=2; censored.data_end=2026-03-12T10:00:00Z');
    const sliced = (await cli(['compute', TICKETS, '--tz', 'UTC', '--from', '2026-03-09', '--to', '2026-03-16', '--compare', 'previous', '--period', 'week', '--format', 'csv'])).stdout.split('\n');
    expect(sliced[1]).toMatch(/^total,,,2026-03-09T00:00:00Z,2026-03-16T00:00:00Z,4,/);
    expect(sliced[2]).toMatch(/^previous,,,2026-03-02T00:00:00Z,2026-03-09T00:00:00Z,6,/);
  });
});
