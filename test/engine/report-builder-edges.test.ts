/**
 * The report builder's edges that the mutation run of src/engine/report-builder.ts left
 * unpinned: the compared window's end, a window without data, censoring when nothing is
 * open, KPIs without input, times left out under drop_field, the breach order; and, on the
 * builder itself, what crosses to another thread (absorb, buffers, sortSamples, state), an
 * absent per-priority option, the CSAT response rate when nobody said the input can show
 * it, the largest series allowed, and group keys handed out as copies. Every expected value
 * is worked out by hand in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import { MAX_PERIODS, ReportBuilder, sortBreaches } from '../../src/engine/report-builder.js';
import type { BuildOptions } from '../../src/engine/report-builder.js';
import type { TicketRow } from '../../src/input/rows/row-types.js';
import type { KpiOptions, KpiSet } from '../../src/metrics/kpi-set.js';
import type { Breach } from '../../src/output/breaches.js';
import { IdValue } from '../../src/structures/id-value.js';
import { TimeZone } from '../../src/time/time-zone.js';
import { cli, scratch } from '../helpers.js';

async function report(files: Record<string, string>, args: string[]) {
  const dir = scratch(files);
  const r = await cli(['compute', ...Object.keys(files), '--tz', 'UTC', '--format', 'json', ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2026-03-02 09:00 UTC. */
const T0 = Date.UTC(2026, 2, 2, 9);

// No slaPriorityTargets: the option is optional, as for every caller without --sla priority=….
const kpi: KpiOptions = { csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 5 }, slaFirstResponseSeconds: 3600, slaResolutionSeconds: null, clock: 'calendar', confidence: 0.95, minSample: 30 };
const base: BuildOptions = { zone: TimeZone.of('UTC'), from: null, to: null, period: null, by: [], kpi, clock: null };

/** A ticket row as the reader hands it: answered after firstResponse seconds (null: not answered), open unless resolvedAt. */
function ticket(id: string, createdAt: number, o: { firstResponse?: number | null; resolvedAt?: number | null; agent?: string | null; team?: string | null; priority?: string | null; csat?: number | null } = {}): TicketRow {
  const fr = o.firstResponse === undefined ? 600 : o.firstResponse;
  const resolvedAt = o.resolvedAt ?? null;
  return {
    line: 2, id: IdValue.of(id), createdAt, firstResponseAt: fr === null ? null : createdAt + fr * 1000, firstResponseGiven: null, firstResponseBusinessGiven: null, firstResponseDropped: false,
    resolvedAt, resolutionGiven: null, resolutionBusinessGiven: null, resolutionDropped: false, resolved: resolvedAt !== null, channel: null, agent: o.agent ?? null, team: o.team ?? null,
    priority: o.priority ?? null, customer: new IdValue(), contacts: null, reopened: null, replies: null, requesterWaitGiven: null, requesterWaitBusinessGiven: null, agentWorkGiven: null, agentWorkBusinessGiven: null,
    firstResponseBusinessColumn: false, resolutionBusinessColumn: false, handleSeconds: null, selfService: false, csatScore: o.csat ?? null, csatOffered: false, fields: [],
  };
}

/** The first n values of a slice's first-response sample, in the order it holds them. */
const firstResponses = (set: KpiSet, n: number) => [...new Float64Array(set.firstResponse.sample.buffer(), 0, n)];

describe('the compared window (--compare year) ends where it says', () => {
  // 2026-03-01..03-08 compared with 2025-03-01..03-08: a year earlier, with a gap of a year
  // between them, so a row at the compared window's exclusive end falls in neither. AFTER
  // (after the report's window) makes the data cover it whole: a window covered in part has no
  // change of its ticket volume (compare-partial.test.ts).
  const t = {
    't.csv': 'id,created_at\nP1,2025-03-01 00:00\nP2,2025-03-07 23:59\nGAP,2025-03-08 00:00\nC1,2026-03-02 10:00\nAFTER,2026-03-09 10:00\n',
  };
  it('holds a ticket created at its first instant and none created at its end', async () => {
    const r = await report(t, ['--from', '2026-03-01', '--to', '2026-03-08', '--compare', 'year']);
    expect(r.previous.window).toMatchObject({ from: '2025-03-01T00:00:00Z', to: '2025-03-08T00:00:00Z' });
    // P1 and P2; GAP (at 03-08 00:00) is after the compared window and before the report's.
    expect(r.previous.kpis.ticket_volume).toMatchObject({ value: 2, days: 7 });
    expect(r.kpis.ticket_volume).toMatchObject({ value: 1, days: 7, change: -1 });
    expect(r.inputs[0]).toMatchObject({ used: 1, outside_window: 4 });
  });

  // A window longer than a year would overlap its --compare year window, whose rows in the
  // overlap the builder reads once, into the report's window: refused (settings.ts). A year
  // exactly abuts it: every ticket in one window.
  it('a window of exactly a year abuts its --compare year window: each ticket counted in one', async () => {
    const r = await report({ 't.csv': 'id,created_at\nT1,2024-06-01\nT2,2024-12-31 23:59\nT3,2025-01-01\n' }, ['--from', '2025-01-01', '--to', '2026-01-01', '--compare', 'year']);
    expect([r.kpis.ticket_volume.value, r.previous.kpis.ticket_volume.value]).toEqual([1, 2]);
  });
});

describe('a window the data does not cover', () => {
  it('is partial when no row has a date at all', async () => {
    // A header and no rows: the data covers no day, so no window is whole; nor does it reach any.
    const r = await report({ 't.csv': 'id,created_at\n' }, ['--from', '2026-03-01', '--to', '2026-03-05']);
    expect(r.window).toEqual({ from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z', partial: true, no_data: true });
    expect(r.kpis.ticket_volume).toMatchObject({ value: null, note: 'no data in this window: the data reaches none of it' });
  });
  it('keeps the note of a KPI without input, and adds no figure a KPI does not have', async () => {
    // T1 is in March, the window in April. Ticket volume (0 tickets) and backlog (0 open) had
    // values and become "no data"; a KPI that had none keeps why: no column (first response,
    // customers), or nothing to count (the resolution rate of 0 tickets, without a note). Only
    // the ticket volume has a daily average to null.
    const r = await report({ 't.csv': 'id,created_at,resolved_at\nT1,2026-03-02 10:00,2026-03-02 12:00\n' }, ['--from', '2026-04-01', '--to', '2026-04-03']);
    expect(r.window.no_data).toBe(true);
    const reached = 'no data in this window: the data reaches none of it';
    expect(r.kpis.ticket_volume).toStrictEqual({ value: null, unit: 'count', daily_average: null, days: 2, band: null, note: reached });
    expect(r.kpis.backlog).toStrictEqual({ value: null, unit: 'count', at: '2026-04-03T00:00:00Z', age_at: null, median_age: null, band: null, note: reached });
    expect(r.kpis.first_response_time.note).toBe('no input column: needs first_response_at, first_response_seconds, first_response_minutes or first_response_hours');
    expect(r.kpis.tickets_per_customer).toStrictEqual({ value: null, unit: 'ratio', tickets: 0, customers: 0, band: null, note: 'no input column: needs customer_id' });
    expect(r.kpis.resolution_rate).toStrictEqual({ value: null, unit: 'percent', resolved: 0, tickets: 0, band: null, ci: null, small_sample: false });
    const withDailyAverage = Object.keys(r.kpis).filter((id) => 'daily_average' in r.kpis[id]);
    expect(withDailyAverage).toEqual(['ticket_volume']);
  });
});

describe('censored resolution figures', () => {
  it('are not marked when every ticket of the slice is resolved', async () => {
    // Both tickets resolved (2 h and 1 h): nothing open at the data's end, nothing to change later.
    const t = { 't.csv': 'id,created_at,resolved_at\nT1,2026-03-02 10:00,2026-03-02 12:00\nT2,2026-03-03 09:00,2026-03-03 10:00\n' };
    const r = await report(t, ['--sla', 'resolution=24h']);
    expect(r.kpis.resolution_time).toMatchObject({ value: 5400, count: 2 });
    expect(r.kpis.resolution_rate).toMatchObject({ value: 100, resolved: 2, tickets: 2 });
    for (const id of ['resolution_time', 'resolution_rate', 'sla_resolution']) expect(r.kpis[id].censored, id).toBeUndefined();
  });
});

describe('KPIs without input', () => {
  it('a KPI that is no estimate gets no interval nor small-sample mark when nulled', async () => {
    // No customer_id column: tickets_per_customer is null with its note; a ratio of counts has
    // no interval, and nulling it must not add one (ci: null) to the JSON.
    const r = await report({ 't.csv': 'id,created_at\nT1,2026-03-02 10:00\n' }, []);
    expect(r.kpis.tickets_per_customer).toStrictEqual({ value: null, unit: 'ratio', tickets: 0, customers: 0, band: null, note: 'no input column: needs customer_id' });
  });
  it('sla_resolution on targets is null with resolution_time\'s note when there is no resolution time column', async () => {
    // status says solved, but no column gives when: the SLA cannot be checked (not "1 pending" of a KPI with a value).
    const r = await report({ 't.csv': 'id,created_at,status\nT1,2026-03-02 10:00,solved\n' }, ['--sla', 'resolution=24h']);
    const note = 'no input column: needs resolved_at, resolution_seconds, resolution_minutes or resolution_hours';
    expect(r.kpis.resolution_time).toMatchObject({ value: null, note });
    expect(r.kpis.sla_resolution).toMatchObject({ value: null, band: null, source: 'targets', note });
  });
  it('sla_resolution from the export\'s sla_met flag keeps its value without a resolution time column', async () => {
    // T1 met, T2 missed, both solved: 1 of 2 = 50 %, from the flag, which needs no time.
    const r = await report({ 't.csv': 'id,created_at,status,sla_met\nT1,2026-03-02 10:00,solved,true\nT2,2026-03-02 11:00,solved,false\n' }, []);
    expect(r.kpis.resolution_time.note).toBeDefined();
    expect(r.kpis.sla_resolution).toMatchObject({ value: 50, met: 1, missed: 1, source: 'sla_met' });
    expect(r.kpis.sla_resolution.note).toBeUndefined();
  });
});

describe('times left out under --invalid-fields drop_field', () => {
  it('a first response whose timestamp was left out but whose duration column gives it counts in the SLA', async () => {
    // first_response_at before created_at is dropped; first_response_seconds 600 still gives the
    // time: 600 s ≤ 1 h, met. The ticket is not "unknown" for the SLA.
    const t = { 't.csv': 'id,created_at,first_response_at,first_response_seconds\nT1,2026-03-02 10:00,2026-03-02 09:00,600\n' };
    const r = await report(t, ['--sla', 'first_response=1h', '--invalid-fields', 'drop_field']);
    expect(r.kpis.first_response_time).toMatchObject({ value: 600, count: 1 });
    expect(r.kpis.sla_first_response).toMatchObject({ value: 100, met: 1, missed: 0, pending: 0 });
  });
  it('a resolved ticket whose resolution time is unknown is dropped; an open one is not; one with a duration is measured', async () => {
    // Every resolved_at is before created_at, so left out. T1 solved, no duration: its time is
    // unknown: resolution_time dropped 1, and in no SLA count. T2 open: no resolution time to
    // lose, not dropped; open 2 h at the last ticket time (T3's resolution, 12:00): pending. T3
    // solved with resolution_hours 2: 7200 s ≤ 24 h, met.
    const t = {
      't.csv':
        'id,created_at,status,resolved_at,resolution_hours\nT1,2026-03-02 10:00,solved,2026-03-02 09:00,\nT2,2026-03-02 10:00,open,2026-03-02 09:00,\nT3,2026-03-02 10:00,solved,2026-03-02 09:00,2\n',
    };
    const r = await report(t, ['--sla', 'resolution=24h', '--invalid-fields', 'drop_field']);
    expect(r.kpis.resolution_time).toMatchObject({ value: 7200, count: 1, dropped: 1 });
    expect(r.kpis.sla_resolution).toMatchObject({ value: 100, met: 1, missed: 0, pending: 1, overdue: 0 });
  });
});

describe('breaches in one order', () => {
  it('two tickets created at the same instant are listed by id whatever SLA each missed', () => {
    // Same createdAt: T1 before T2 by id; the SLA order only separates two breaches of one ticket.
    const b = (id: string, sla: Breach['sla']): Breach => ({ id, priority: null, agent: null, createdAt: 5, sla, target: 60, actual: 90 });
    expect(sortBreaches([b('T1', 'resolution'), b('T2', 'first_response')]).map((x) => `${x.id} ${x.sla}`)).toEqual(['T1 resolution', 'T2 first_response']);
    expect(sortBreaches([b('T2', 'first_response'), b('T1', 'resolution')]).map((x) => `${x.id} ${x.sla}`)).toEqual(['T1 resolution', 'T2 first_response']);
  });
});

describe('the builder on its own', () => {
  it('a ticket with a priority takes the default targets when no priority has targets of its own (the option absent)', () => {
    const b = new ReportBuilder(base);
    // Answered after 2 h against the default 1 h: missed.
    b.addTicket(ticket('T1', T0, { firstResponse: 7200, priority: 'High' }), []);
    expect(b.kpis().sla_first_response).toMatchObject({ value: 0, met: 0, missed: 1 });
  });

  it('claims no CSAT response rate until told the input can show surveys offered and not answered', () => {
    const b = new ReportBuilder(base);
    b.addTicket(ticket('T1', T0, { csat: 5 }), []);
    // One answer of 5: satisfied; but whether surveys went unanswered is unknown: no rate.
    expect(b.kpis().csat).toMatchObject({ value: 100, responses: 1, response_rate: null });
  });

  it('takes a series of exactly MAX_PERIODS periods and refuses one more', () => {
    // By day from 2000-01-01: to = from + 100,000 days makes days 0..99,999, that is 100,000 periods.
    const from = Date.UTC(2000, 0, 1);
    expect(MAX_PERIODS).toBe(100_000);
    expect(() => new ReportBuilder({ ...base, period: 'day', from, to: from + 100_000 * DAY })).not.toThrow();
    expect(() => new ReportBuilder({ ...base, period: 'day', from, to: from + 100_001 * DAY })).toThrow(/100,001 periods/);
  });

  it('hands out group keys as copies: changing a report\'s key changes no later report', () => {
    const b = new ReportBuilder({ ...base, by: ['team', 'agent'] });
    b.addTicket(ticket('T1', T0, { team: 'support', agent: 'ana' }), ['support', 'ana']);
    const first = b.groupEntries()!['team/agent'][0];
    expect(first.key).toEqual(['support', 'ana']);
    (first.key as string[])[1] = 'changed';
    expect(b.groupEntries()!['team/agent'][0]).toMatchObject({ key: ['support', 'ana'], keys: { team: 'support', agent: 'ana' } });
  });

  it('keeps no per-period slices without --period, in the builder nor in what crosses to another thread', () => {
    const b = new ReportBuilder({ ...base, by: ['agent'] });
    b.addTicket(ticket('T1', T0, { agent: 'ana' }), ['ana']);
    expect(b.periodSets()).toEqual([]);
    const s = b.state();
    expect(s.series).toEqual([]);
    // A group is [keys, set, used] with no fourth element: no series to send.
    expect(s.groups[0]).toHaveLength(1);
    expect(s.groups[0][0]).toHaveLength(3);
  });
});

describe('what crosses from a worker thread\'s builder to the main one', () => {
  // Window 2026-03-04..03-10 by agent. zed's ticket is created before the window and still
  // open: it is in the backlog at 03-10 but no group of the report (no row of the window
  // reached zed). ann's ticket is in the window, resolved.
  const options: BuildOptions = { ...base, from: Date.UTC(2026, 2, 4), to: Date.UTC(2026, 2, 10), by: ['agent'] };
  const zed = ticket('T1', Date.UTC(2026, 2, 1, 9), { agent: 'zed' });
  const ann = ticket('T2', Date.UTC(2026, 2, 5, 9), { agent: 'ann', resolvedAt: Date.UTC(2026, 2, 5, 11) });

  it('lists no group the worker made only for the backlog of a ticket before the window', () => {
    const main = new ReportBuilder(options), worker = new ReportBuilder(options), one = new ReportBuilder(options);
    worker.addTicket(zed, ['zed']);
    main.addTicket(ann, ['ann']);
    one.addTicket(zed, ['zed']);
    one.addTicket(ann, ['ann']);
    main.absorb(structuredClone(worker.state()));
    // Backlog at 03-10: zed's ticket only (ann's was resolved 03-05).
    expect(main.kpis().backlog).toMatchObject({ value: 1 });
    expect(main.groupEntries()!.agent.map((g) => [g.key, g.kpis.ticket_volume?.value])).toEqual([['ann', 1]]);
    expect(main.groupEntries()).toEqual(one.groupEntries());
  });

  it('transfers the buffers of the compared window, the groups and their periods, not copies of them', () => {
    const b = new ReportBuilder({ ...options, period: 'day', previous: { from: Date.UTC(2026, 1, 26), to: Date.UTC(2026, 2, 4) } });
    b.addTicket(ticket('P1', Date.UTC(2026, 1, 27, 9), { agent: 'ann' }), ['ann']);
    b.addTicket(ann, ['ann']);
    const state = b.state();
    const previous = state.previous!;
    const group = b.groupSets(0)[0];
    const groupDay = state.groups[0][0][3]![0][1];
    for (const set of [previous, group, groupDay]) expect(set.firstResponse.sample.buffer().byteLength).toBeGreaterThan(0);
    structuredClone(state, { transfer: [...new Set(b.buffers())] });
    // Transferred: gone from this side (a copy would leave them whole).
    expect(previous.firstResponse.sample.buffer().byteLength).toBe(0);
    expect(group.firstResponse.sample.buffer().byteLength).toBe(0);
    expect(groupDay.firstResponse.sample.buffer().byteLength).toBe(0);
  });

  it('sortSamples puts every slice\'s durations in order, each group and its periods included', () => {
    const b = new ReportBuilder({ ...base, period: 'day', by: ['agent'] });
    // Answered after 300 s, then 100 s: held as read, 300 before 100.
    b.addTicket(ticket('T1', T0, { agent: 'ann', firstResponse: 300 }), ['ann']);
    b.addTicket(ticket('T2', T0 + HOUR, { agent: 'ann', firstResponse: 100 }), ['ann']);
    expect(firstResponses(b.totals, 2)).toEqual([300, 100]);
    b.sortSamples();
    const group = b.state().groups[0][0];
    for (const set of [b.totals, b.periodSets()[0], group[1], group[3]![0][1]]) expect(firstResponses(set, 2)).toEqual([100, 300]);
  });
});
