import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeZone } from '../../src/time/time-zone.js';
import type { AnswerRow, TicketRow } from '../../src/input/rows/row-types.js';
import { KpiSet } from '../../src/metrics/kpi-set.js';
import type { KpiOptions } from '../../src/metrics/kpi-set.js';
import { ReportBuilder } from '../../src/engine/report-builder.js';
import { nextPeriod, periodLabel, periodStart } from '../../src/time/periods.js';
import type { Period } from '../../src/time/periods.js';
import { cli, scratch } from '../helpers.js';
import { IdValue } from '../../src/structures/id-value.js';

const local = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);

describe('period labels and boundaries', () => {
  it.each([
    [local(2025, 12, 29), 'week', '2026-W01'], // 2026-01-01 is a Thursday: its week starts Monday 2025-12-29
    [local(2026, 1, 1, 12), 'week', '2026-W01'],
    [local(2026, 12, 31), 'week', '2026-W53'], // 2026 has 53 ISO weeks
    [local(2027, 1, 3, 23), 'week', '2026-W53'], // Sunday 2027-01-03 still belongs to 2026-W53
    [local(2027, 1, 4), 'week', '2027-W01'],
    [local(2026, 3, 4, 9), 'week', '2026-W10'],
    [local(2026, 3, 2, 9), 'day', '2026-03-02'],
    [local(2026, 3, 31, 23), 'month', '2026-03'],
    [local(2026, 3, 31, 23), 'quarter', '2026-Q1'],
    [local(2026, 4, 1), 'quarter', '2026-Q2'],
    [local(2026, 12, 31, 23), 'year', '2026'],
  ] as [number, Period, string][])('%s as %s is %s', (t, period, label) => {
    expect(periodLabel(periodStart(t, period), period)).toBe(label);
  });

  it.each([
    ['day', local(2026, 2, 28), local(2026, 3, 1), '2026-02-28'],
    ['week', local(2026, 12, 28), local(2027, 1, 4), '2026-W53'],
    ['month', local(2026, 12, 1), local(2027, 1, 1), '2026-12'],
    ['quarter', local(2026, 10, 1), local(2027, 1, 1), '2026-Q4'],
    ['year', local(2026, 1, 1), local(2027, 1, 1), '2026'],
    ['year', local(2024, 1, 1), local(2025, 1, 1), '2024'],
  ] as [Period, number, number, string][])('a %s starting %d ends at %d and is labelled %s', (period, start, next, label) => {
    expect(periodStart(start + 3600_000, period)).toBe(start);
    expect(nextPeriod(start, period)).toBe(next);
    expect(periodLabel(start, period)).toBe(label);
  });

  it('weeks start on Monday; months and quarters step by calendar', () => {
    expect(new Date(periodStart(local(2026, 3, 8, 23), 'week')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(new Date(nextPeriod(local(2026, 1, 1), 'month')).toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(new Date(nextPeriod(local(2026, 11, 1), 'quarter')).toISOString()).toBe('2027-02-01T00:00:00.000Z');
  });
});

async function json(files: Record<string, string>, args: string[]) {
  const dir = scratch(files);
  const r = await cli(['compute', ...Object.keys(files), ...args, '--format', 'json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('--period and --from/--to through the CLI', () => {
  it('month and quarter edges follow --tz, not UTC', async () => {
    const files = { 't.csv': 'id,created_at\n1,2026-03-31T22:30:00Z\n2,2026-03-15T12:00:00Z\n' };
    const madrid = await json(files, ['--tz', 'Europe/Madrid', '--period', 'quarter']);
    expect(madrid.series.map((s: any) => [s.period, s.kpis.ticket_volume.value])).toEqual([['2026-Q1', 1], ['2026-Q2', 1]]);
    expect(madrid.series[1].from).toBe('2026-04-01T00:00:00+02:00');
    const utc = await json(files, ['--tz', 'UTC', '--period', 'month']);
    expect(utc.series.map((s: any) => [s.period, s.kpis.ticket_volume.value])).toEqual([['2026-03', 2]]);
  });

  it('a DST change inside a day bucket: 2026-03-29 in Madrid is one 23-hour day', async () => {
    const files = { 't.csv': 'id,created_at\n1,2026-03-29 01:30\n2,2026-03-29 03:30\n3,2026-03-30 00:30\n' };
    const r = await json(files, ['--tz', 'Europe/Madrid', '--period', 'day']);
    expect(r.series.map((s: any) => [s.period, s.from, s.to, s.kpis.ticket_volume.value])).toEqual([
      ['2026-03-29', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 2],
      ['2026-03-30', '2026-03-30T00:00:00+02:00', '2026-03-31T00:00:00+02:00', 1],
    ]);
  });

  it('ISO week 1 across the new year', async () => {
    const files = { 't.csv': 'id,created_at\n1,2025-12-28 12:00\n2,2025-12-29 12:00\n3,2026-01-04 12:00\n4,2026-01-05 12:00\n' };
    const r = await json(files, ['--tz', 'UTC', '--period', 'week']);
    expect(r.series.map((s: any) => [s.period, s.kpis.ticket_volume.value])).toEqual([['2025-W52', 1], ['2026-W01', 2], ['2026-W02', 1]]);
  });

  it('empty periods appear with nulls, not skipped; change is against the previous period', async () => {
    const files = {
      // January whole (the data starts on its first day): a ticket volume against a partial period has no change (compare-partial.test.ts).
      't.csv': 'id,created_at,first_response_at\n1,2026-01-01 09:00,2026-01-01 09:10\n2,2026-03-10 09:00,2026-03-10 09:30\n3,2026-03-11 09:00,2026-03-11 09:20\n',
    };
    const r = await json(files, ['--tz', 'UTC', '--period', 'month']);
    expect(r.series.map((s: any) => s.period)).toEqual(['2026-01', '2026-02', '2026-03']);
    const [jan, feb, mar] = r.series.map((s: any) => s.kpis);
    expect(feb.ticket_volume).toMatchObject({ value: 0, days: 28, daily_average: 0, change: -1 });
    expect(feb.first_response_time).toMatchObject({ value: null, change: null });
    expect(jan.first_response_time.change).toBeNull();
    expect(mar.first_response_time).toMatchObject({ value: 1500, change: null }); // Feb had none
    // March is partial (the data ends on 03-11): its count is not compared with February's.
    expect(mar.ticket_volume).toMatchObject({ value: 2, change: null, days: 31 });
  });

  it('--from/--to select tickets by created_at, answers by responded_at; daily_average uses the window', async () => {
    const files = {
      't.csv': 'id,created_at\n1,2026-02-28 23:59\n2,2026-03-01 00:00\n3,2026-03-31 23:59\n4,2026-04-01 00:00\n',
      's.csv': 'type,score,responded_at\nnps,10,2026-03-05 10:00\nnps,0,2026-04-05 10:00\nnps,9,\n',
    };
    const r = await json(files, ['--tz', 'UTC', '--from', '2026-03-01', '--to', '2026-04-01']);
    expect(r.kpis.ticket_volume).toMatchObject({ value: 2, days: 31, daily_average: 2 / 31 });
    expect(r.kpis.nps).toMatchObject({ value: 100, responses: 1 });
    expect(r.inputs[0]).toMatchObject({ used: 2, outside_window: 2 });
    expect(r.inputs[1]).toMatchObject({ used: 1, outside_window: 1, unplaced: 1 });
    expect(r.window).toEqual({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
  });

  it('--to before --from is a usage error', async () => {
    const r = await cli(['compute', 'fixtures/tickets.csv', '--from', '2026-04-01', '--to', '2026-03-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--to must be after --from/);
  });

  it('--format csv with --period: one row per period, one column per KPI', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,status\n1,2026-01-10,closed\n2,2026-02-10,open\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--period', 'month', '--format', 'csv'], { cwd: dir });
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^slice,field,key,from,to,ticket_volume,tickets_per_customer,first_response_time,/);
    expect(lines[1]).toMatch(/^total,,,,,2,/);
    expect(lines[2]).toMatch(/^period,period,2026-01,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,1,/);
    expect(lines).toHaveLength(4);
  });
});

describe('--by groups', () => {
  it('CSAT per agent: answers with a ticket_id take the agent of that ticket; the rest go to the group without one (key null)', async () => {
    const r = await cli(['compute', 'fixtures/tickets.csv', 'fixtures/surveys.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'json']);
    const groups = JSON.parse(r.stdout).groups.agent;
    expect(groups.map((g: any) => g.key)).toEqual(['ana', 'ben', 'carla', null]); // by ticket volume, no agent last on ties
    const csat = Object.fromEntries(groups.map((g: any) => [g.key, [g.kpis.csat.satisfied, g.kpis.csat.responses]]));
    // ana: T1 5, T3 3, and one answer naming ana directly (4); ben: T2 4, T5 5, T9 5; carla: T7 4; (none): T6 2
    expect(csat).toEqual({ ana: [2, 3], ben: [3, 3], carla: [1, 1], null: [0, 1] });
    expect(groups.find((g: any) => g.key === null).kpis.nps.responses).toBe(10); // NPS answers name no ticket
  });

  it('nested --by team --by agent, and any column as a group', async () => {
    const r = JSON.parse((await cli(['compute', 'fixtures/tickets.csv', '--tz', 'UTC', '--by', 'team', '--by', 'agent', '--by', 'Priority', '--format', 'json'])).stdout);
    expect(Object.keys(r.groups)).toEqual(['team', 'team/agent', 'team/agent/priority']);
    expect(r.groups.team.map((g: any) => [g.key, g.kpis.ticket_volume.value])).toEqual([['support', 6], ['billing', 2], [null, 2]]);
    expect(r.groups['team/agent'][0]).toMatchObject({ key: ['support', 'ana'], keys: { team: 'support', agent: 'ana' } });
    const high = r.groups['team/agent/priority'].find((g: any) => g.key.join(' / ') === 'billing / carla / high');
    expect(high.kpis.ticket_volume.value).toBe(1);
  });

  it('the leaderboard table has one row per group', async () => {
    const r = await cli(['compute', 'fixtures/tickets.csv', 'fixtures/surveys.csv', '--tz', 'UTC', '--by', 'agent']);
    expect(r.stdout).toMatch(/By agent\n/);
    // Per customer (n): 3 tickets from 2 customers; the n beside a value is what it stands on.
    expect(r.stdout).toMatch(/│ ana +│ +3 │ +1\.50 \(2\) │ +3m 40s │/);
  });
});

describe('slices merge back to the totals (property)', () => {
  const zone = TimeZone.of('Europe/Madrid');
  const options: KpiOptions = { csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 5 }, slaFirstResponseSeconds: 600, slaResolutionSeconds: null, clock: 'calendar', confidence: 0.95, minSample: 30 };
  const t0 = Date.UTC(2025, 11, 1);
  const when = fc.integer({ min: 0, max: 120 * 86400 }).map((s) => t0 + s * 1000);
  const name = fc.constantFrom('ana', 'ben', null);
  const ticketArb = fc.record({ created: when, wait: fc.option(fc.integer({ min: 0, max: 86400 }), { nil: null }), resolved: fc.boolean(), agent: name, team: name, customer: fc.constantFrom('a', 'b', 'c') });
  const answerArb = fc.record({ at: fc.option(when, { nil: null }), type: fc.constantFrom('csat' as const, 'nps' as const), score: fc.integer({ min: 1, max: 5 }), agent: name });

  it('periods and each group level, merged, equal the totals', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 40 }), fc.array(answerArb, { maxLength: 30 }), fc.constantFrom<Period>('day', 'week', 'month'), (tickets, answers, period) => {
        const b = new ReportBuilder({ zone, from: t0 + 5 * 86400_000, to: null, period, by: ['team', 'agent'], kpi: options, clock: null });
        for (const [i, t] of tickets.entries()) {
          const row = {
            line: i + 2, id: IdValue.of(String(i)), createdAt: t.created, firstResponseAt: t.wait === null ? null : t.created + t.wait * 1000, firstResponseGiven: null, firstResponseBusinessGiven: null, firstResponseDropped: false,
            resolvedAt: null, resolutionGiven: t.resolved ? 3600 : null, resolutionBusinessGiven: null, resolutionDropped: false, resolved: t.resolved, channel: null, agent: t.agent, team: t.team, priority: null,
            customer: IdValue.of(t.customer), contacts: null, reopened: false, replies: null, requesterWaitGiven: null, requesterWaitBusinessGiven: null, agentWorkGiven: null, agentWorkBusinessGiven: null,
    firstResponseBusinessColumn: false, resolutionBusinessColumn: false, csatOffered: false, handleSeconds: null, selfService: false, csatScore: null, fields: [],
          } satisfies TicketRow;
          b.addTicket(row, [t.team, t.agent]);
        }
        for (const [i, a] of answers.entries()) {
          const row = { line: i + 2, type: a.type, score: a.type === 'nps' ? a.score * 2 : a.score, respondedAt: a.at, ticketId: null, customerId: null, agent: a.agent, channel: null, team: null, priority: null, fields: [] } satisfies AnswerRow;
          b.addAnswer(row, [null, a.agent]);
        }
        const totals = b.totals.result(30);
        // Groups hold the backlog of their tickets (those before the window too), so they merge
        // back to the totals' backlog; a period's backlog is read from the totals, never its own.
        const merged = (slices: KpiSet[]) => slices.reduce((m, s) => (m.merge(s), m), new KpiSet(options));
        expect(merged(b.periodSets()).result(30, b.totals.backlog.result(null))).toEqual(totals);
        for (const periodSet of b.periodSets()) expect(periodSet.backlog.n).toBe(0);
        for (const slices of [b.groupSets(0), b.groupSets(1)]) expect(merged(slices).result(30)).toEqual(totals);
      }),
      { numRuns: 200 },
    );
  });
});
