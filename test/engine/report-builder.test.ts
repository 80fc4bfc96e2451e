/**
 * The report builder's routing, by hand: which rows a window or a series leaves out or
 * cannot place, how a series is clipped to the window, how groups are keyed and ordered,
 * and a given duration on the business clock.
 */
import { describe, expect, it } from 'vitest';
import { sortBreaches } from '../../src/engine/report-builder.js';
import type { Breach } from '../../src/output/breaches.js';
import { cli, scratch } from '../helpers.js';

async function report(files: Record<string, string>, args: string[]) {
  const dir = scratch(files);
  const r = await cli(['compute', ...Object.keys(files), '--tz', 'UTC', '--format', 'json', ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const answers = { 's.csv': 'type,score,responded_at\nnps,10,2026-03-05 10:00\nnps,0,\n' };

describe('answers without a time', () => {
  it('count in a report with no window and no series', async () => {
    const r = await report(answers, []);
    expect(r.kpis.nps).toMatchObject({ value: 0, responses: 2 });
    expect(r.inputs[0]).toMatchObject({ used: 2, unplaced: 0 });
  });
  it.each([[['--from', '2026-03-01']], [['--to', '2026-04-01']], [['--period', 'month']]])('are unplaced with %j', async (args) => {
    const r = await report(answers, args);
    expect(r.kpis.nps).toMatchObject({ value: 100, responses: 1 });
    expect(r.inputs[0]).toMatchObject({ used: 1, unplaced: 1 });
  });
});

describe('customer rows', () => {
  const list = { 'c.csv': 'customer_id,churned\nC1,yes\nC2,no\nC3,no\nC4,no\n' };
  it('a customer list (no dates) counts without a window; with one it cannot be placed', async () => {
    expect((await report(list, [])).kpis.churn_rate).toMatchObject({ value: 25, lost_customers: 1, customers_start: 4 });
    const windowed = await report(list, ['--from', '2026-01-01']);
    expect(windowed.kpis.churn_rate.value).toBeNull();
    expect(windowed.inputs[0]).toMatchObject({ used: 0, unplaced: 4 });
    expect((await report(list, ['--period', 'month'])).inputs[0]).toMatchObject({ unplaced: 4 });
  });
  it('periods before --from or from --to on are outside the window', async () => {
    const counts = { 'c.csv': 'period_start,customers_start,customers_end,new_customers\n2026-01-01,100,90,0\n2026-02-01,90,99,10\n2026-03-01,99,110,20\n' };
    const r = await report(counts, ['--from', '2026-02-01', '--to', '2026-03-01']);
    // Only February: (99 − 10) / 90.
    expect(r.kpis.retention_rate).toMatchObject({ value: (89 * 100) / 90, periods: 1 });
    expect(r.inputs[0]).toMatchObject({ used: 1, outside_window: 2 });
  });
});

describe('a series clipped to the window', () => {
  it('the first and last periods run from --from and to --to, their days counted so', async () => {
    const t = { 't.csv': 'id,created_at\n1,2026-03-10 09:00\n2,2026-03-31 23:00\n3,2026-04-01 00:00\n4,2026-04-04 23:59\n5,2026-04-05 00:00\n' };
    const r = await report(t, ['--from', '2026-03-10', '--to', '2026-04-05', '--period', 'month']);
    expect(r.series.map((s: any) => [s.period, s.from, s.to, s.kpis.ticket_volume.value, s.kpis.ticket_volume.days])).toEqual([
      ['2026-03', '2026-03-10T00:00:00Z', '2026-04-01T00:00:00Z', 2, 22],
      ['2026-04', '2026-04-01T00:00:00Z', '2026-04-05T00:00:00Z', 2, 4],
    ]);
    expect(r.kpis.ticket_volume).toMatchObject({ value: 4, days: 26 });
  });
  it('a window with no data still lists its periods, from --from to --to: unknown, not 0 (the data ends on 01-10)', async () => {
    const r = await report({ 't.csv': 'id,created_at\n1,2026-01-10 09:00\n' }, ['--from', '2026-02-15', '--to', '2026-04-02', '--period', 'month']);
    expect(r.series.map((s: any) => [s.period, s.kpis.ticket_volume.value, s.kpis.ticket_volume.days])).toEqual([
      ['2026-02', null, 14],
      ['2026-03', null, 31],
      ['2026-04', null, 1],
    ]);
    expect(r.kpis.ticket_volume).toMatchObject({ value: null, days: 46, daily_average: null });
    expect(r.window.no_data).toBe(true);
  });
  it('a period the data reaches is 0 when it has no ticket; one beyond the data\'s last day is unknown', async () => {
    const r = await report({ 't.csv': 'id,created_at\n1,2026-01-10 09:00\n2,2026-03-10 09:00\n' }, ['--from', '2026-01-01', '--to', '2026-05-01', '--period', 'month']);
    expect(r.series.map((s: any) => [s.period, s.kpis.ticket_volume.value, s.partial ?? false])).toEqual([
      ['2026-01', 1, true],
      ['2026-02', 0, false],
      ['2026-03', 1, true],
      ['2026-04', null, true],
    ]);
    expect(r.window.no_data).toBeUndefined();
  });
  it('without tickets and without a window there are no days, and no series', async () => {
    const r = await report(answers, ['--period', 'week']);
    expect(r.series.map((s: any) => s.period)).toEqual(['2026-W10']);
    // No tickets file: the ticket KPIs are left out (issue 15), not a volume of 0 over no days.
    expect(r.kpis.ticket_volume).toBeUndefined();
    expect(r.series[0].kpis.ticket_volume).toBeUndefined();
  });
});

describe('groups', () => {
  it('nested keys never run together ("a" + "bc" is not "ab" + "c")', async () => {
    const t = { 't.csv': 'id,created_at,team,agent\n1,2026-03-02,a,bc\n2,2026-03-02,ab,c\n3,2026-03-02,ab,c\n' };
    const r = await report(t, ['--by', 'team', '--by', 'agent']);
    expect(r.groups['team/agent'].map((g: any) => [g.key, g.kpis.ticket_volume.value])).toEqual([[['ab', 'c'], 2], [['a', 'bc'], 1]]);
  });
  it('equal volumes are ordered by key, (none) last, level by level', async () => {
    const t = {
      't.csv': 'id,created_at,team,agent\n1,2026-03-02,b,y\n2,2026-03-02,,x\n3,2026-03-02,a,y\n4,2026-03-02,a,x\n5,2026-03-02,b,\n6,2026-03-02,,\n',
    };
    const r = await report(t, ['--by', 'team', '--by', 'agent']);
    expect(r.groups.team.map((g: any) => g.key)).toEqual(['a', 'b', null]);
    expect(r.groups['team/agent'].map((g: any) => g.key)).toEqual([['a', 'x'], ['a', 'y'], ['b', 'y'], ['b', null], [null, 'x'], [null, null]]);
  });
});

describe('the business clock on a given duration', () => {
  it('a calendar duration without timestamps is counted on the business clock from creation', async () => {
    // Friday 17:00 + 2 h = 19:00: open 17:00–18:00 only. Monday 08:00 + 3 h = 11:00: open 09:00–11:00.
    const t = { 't.csv': 'id,created_at,first_response_seconds\n1,2026-03-06 17:00,7200\n2,2026-03-09 08:00,10800\n' };
    const r = await report(t, ['--business-hours', 'Mon-Fri 09:00-18:00']);
    expect(r.kpis.first_response_time).toMatchObject({ value: (3600 + 7200) / 2, clock: 'business' });
  });
});

describe('the backlog at the window\'s end', () => {
  // Window 2026-03-04 to 03-10. T1: created before it, still open (in). T2: resolved 03-06 (out).
  // T3: created after the window (out). T4: resolved 200 h after 03-05 = 03-13, known only from
  // resolution_hours (in). T5: 24 h after 03-05 = 03-06 (out). Ages at 03-10: 9 d and 5 d.
  const t = {
    't.csv':
      'id,created_at,resolved_at,status,resolution_hours,agent\nT1,2026-03-01,,open,,zed\nT2,2026-03-05,2026-03-06,solved,,ann\nT3,2026-03-12,,open,,bob\nT4,2026-03-05,,solved,200,ann\nT5,2026-03-05,,solved,24,ann\n',
  };
  it('holds the tickets created before its end and open at it, resolved_at or not; a group is listed only for tickets in the window', async () => {
    const r = await report(t, ['--from', '2026-03-04', '--to', '2026-03-10', '--by', 'agent']);
    expect(r.kpis.backlog).toMatchObject({ value: 2, at: '2026-03-10T00:00:00Z', median_age: 7 * 86_400 });
    expect(r.groups.agent.map((g: any) => [g.key, g.kpis.ticket_volume.value, g.kpis.backlog.value])).toEqual([['ann', 3, 1]]);
  });
});


describe('the window as written in the report', () => {
  const tickets = { 't.csv': 'id,created_at\nT1,2026-03-02 09:00\nT2,2026-03-04 17:00\n' };
  it('partial when one open end reaches past the data, not when the data covers it', async () => {
    expect((await report(tickets, ['--from', '2026-03-01'])).window).toEqual({ from: '2026-03-01T00:00:00Z', to: null, partial: true });
    expect((await report(tickets, ['--to', '2026-03-06'])).window).toEqual({ from: null, to: '2026-03-06T00:00:00Z', partial: true });
    expect((await report(tickets, ['--from', '2026-03-02', '--to', '2026-03-05'])).window).toEqual({ from: '2026-03-02T00:00:00Z', to: '2026-03-05T00:00:00Z' });
  });
  it('no window and no dated row: nothing said partial', async () => {
    expect((await report({ 't.csv': 'id,created_at\n' }, [])).window).toEqual({ from: null, to: null });
  });
  it('the compared window\'s days are its own: [from, to) in whole local days', async () => {
    const r = await report({ 't.csv': 'id,created_at\nT0,2026-02-27 10:00\nT1,2026-03-02 09:00\n' }, ['--from', '2026-03-01', '--to', '2026-03-05', '--compare', 'previous']);
    expect(r.kpis.ticket_volume).toMatchObject({ value: 1, days: 4 });
    // The data begins on 02-27: the compared window is partial, and still divides by its 4 days.
    expect(r.previous.window).toEqual({ from: '2026-02-25T00:00:00Z', to: '2026-03-01T00:00:00Z', partial: true });
    expect(r.previous.kpis.ticket_volume).toMatchObject({ value: 1, days: 4, daily_average: 0.25 });
  });
});

describe('breaches in one order however the rows were read', () => {
  it('oldest first, then by id, first response before resolution', () => {
    const b = (id: string, createdAt: number, sla: Breach['sla']): Breach => ({ id, priority: null, agent: null, createdAt, sla, target: 60, actual: 90 });
    const list = [b('T2', 5, 'resolution'), b('T2', 5, 'first_response'), b('T1', 5, 'resolution'), b('T9', 1, 'resolution'), b('T1', 5, 'first_response')];
    expect(sortBreaches(list).map((x) => `${x.createdAt} ${x.id} ${x.sla}`)).toEqual([
      '1 T9 resolution',
      '5 T1 first_response',
      '5 T1 resolution',
      '5 T2 first_response',
      '5 T2 resolution',
    ]);
  });
});
