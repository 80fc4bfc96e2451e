/**
 * SLA targets per priority, SLA from the export's own flag (sla_met), --list breaches and
 * the period × group table (issue 15). Expected values are counted by hand from
 * fixtures/tickets.csv (first responses T1 4m, T2 10m, T3 2m, T4 1h, T5 1m, T7 30m, T8 5m,
 * T9 20m; resolutions T1 2h, T2 24h, T3 20m, T5 15m, T6 5m, T7 24h, T9 3h). Unanswered: T6
 * (resolved after 5m), T10 (open). Open: T4 (since 03-03 13:00), T8 (03-10 15:00), T10. The
 * data's last ticket time, where open tickets are judged, is T10's creation, 2026-03-12 10:00:
 * T4 has waited 213 h, T8 43 h, T10 nothing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from '../helpers.js';
import { reportSchema } from '../../src/output/report-schema.js';
import { displayWidth } from '../../src/output/text-width.js';
import { Sla } from '../../src/metrics/sla.js';

const TICKETS = join(ROOT, 'fixtures/tickets.csv');
const UTC = ['--tz', 'UTC'];

async function json(args: string[], cwd = ROOT) {
  const r = await cli(['compute', ...args, '--format', 'json'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout);
  if (report.schema === 'csm-kpi/report@1') expect(reportSchema.safeParse(report).success).toBe(true);
  return { ...report, stderr: r.stderr };
}

describe('SLA targets per priority', () => {
  it('a ticket takes its priority\'s target, else the default', async () => {
    const r = await json([TICKETS, ...UTC, '--sla', 'first_response=15m,resolution=8h', '--sla', 'priority=urgent,high:first_response=5m', '--sla', 'priority=low:resolution=1h']);
    // First response, 5m for T2 (10m ✗), T7 (30m ✗), T9 (20m ✗); 15m for the rest: T1 ✓ T3 ✓ T4 ✗ T5 ✓ T8 ✓;
    // unanswered T6 resolved after 5m, within its 15m ✓; T10 unanswered 0 s so far: pending.
    expect(r.kpis.sla_first_response).toMatchObject({ met: 5, missed: 4, pending: 1, overdue: 0, value: (5 * 100) / 9, target_seconds: 900, targets: { urgent: 300, high: 300 }, no_target: 0, source: 'targets' });
    // Resolution, 1h for low T6 (5m ✓) and T4 (open 213 h ✗ overdue); 8h for T1 ✓ T2 ✗ T3 ✓ T5 ✓ T7 ✗ T9 ✓,
    // T8 (open 43 h ✗ overdue), T10 (open 0 s: pending).
    expect(r.kpis.sla_resolution).toMatchObject({ met: 5, missed: 4, pending: 1, overdue: 2, value: (5 * 100) / 9, target_seconds: 28800, targets: { low: 3600 }, source: 'targets' });
    expect(r.stderr).toBe('');
  });

  it('without a default, tickets of other priorities are not counted, and a note says so', async () => {
    const r = await json([TICKETS, ...UTC, '--sla', 'priority=High:first_response=15m']);
    // high: T2 10m ✓, T7 30m ✗; the other 8 tickets have no target. Priorities match case-insensitively.
    expect(r.kpis.sla_first_response).toMatchObject({ met: 1, missed: 1, pending: 0, no_target: 8, target_seconds: null, targets: { high: 900 } });
    expect(r.kpis.sla_resolution).toBeUndefined();
    expect(r.stderr).toBe('note: sla_first_response: 8 tickets have a priority without a first_response target (and there is no default): not counted in it\n');
  });

  it('the config equivalent gives the same', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ sla: { first_response: '15m', resolution: '8h', priority: { urgent: { first_response: '5m' }, high: { first_response: '5m' }, low: { resolution: '1h' } } } }) });
    const a = await json([TICKETS, ...UTC, '--config', 'c.json'], dir);
    const b = await json([TICKETS, ...UTC, '--sla', 'first_response=15m,resolution=8h', '--sla', 'priority=urgent,high:first_response=5m', '--sla', 'priority=low:resolution=1h']);
    expect(a.kpis.sla_first_response).toEqual(b.kpis.sla_first_response);
    expect(a.kpis.sla_resolution).toEqual(b.kpis.sla_resolution);
  });

  it.each([
    [['--sla', 'priority=urgent'], 'csm-kpi: --sla: "priority=urgent" should be priority=NAME:first_response=15m,resolution=4h\n'],
    [['--sla', 'priority=urgent:first_response=soon'], 'csm-kpi: --sla: priority urgent: first_response: "soon" is not a duration such as 1h, 30m or 24h\n'],
    [['--sla', 'priority=:first_response=1h'], 'csm-kpi: --sla: "priority=:first_response=1h": no priority before ":"\n'],
    [['--sla', 'priority=urgent:lunch=1h'], 'csm-kpi: --sla: priority urgent: unknown SLA "lunch" (first_response or resolution)\n'],
    // A target given twice: of 1h and 2h neither is more right, so neither is taken silently.
    [['--sla', 'first_response=1h,first_response=2h'], 'csm-kpi: --sla: first_response is given twice ("1h" and "2h")\n'],
    [['--sla', 'first_response=1h', '--sla', 'first_response=2h'], 'csm-kpi: --sla: first_response is given twice ("1h" and "2h")\n'],
    [['--sla', 'priority=urgent:resolution=1h', '--sla', 'priority=urgent,high:resolution=2h'], 'csm-kpi: --sla: priority urgent: resolution is given twice ("1h" and "2h")\n'],
    [['--sla', 'priority=urgent:resolution=1h', '--sla', 'priority=Urgent:resolution=2h'], 'csm-kpi: --sla: priority Urgent: resolution is given twice (priorities match whatever their case)\n'],
  ])('%j: one line, exit 2', async (args, message) => {
    const r = await cli(['compute', TICKETS, ...UTC, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
  });

  it('one priority in two spellings, each with its own SLA, is one priority with both targets', async () => {
    const r = await json([TICKETS, ...UTC, '--sla', 'priority=urgent:resolution=1h', '--sla', 'priority=Urgent:first_response=2m']);
    expect(r.kpis.sla_first_response.targets).toEqual({ urgent: 120 });
    expect(r.kpis.sla_resolution.targets).toEqual({ urgent: 3600 });
  });

  it('a wrong config names its key', async () => {
    const dir = scratch({ 'c.json': JSON.stringify({ sla: { priority: { urgent: { first_response: 'soon' } } } }) });
    const r = await cli(['compute', TICKETS, ...UTC, '--config', 'c.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('csm-kpi: c.json: sla: priority urgent: first_response: "soon" is not a duration such as 1h, 30m or 24h\n');
  });
});

describe('SLA from the export\'s own flag (sla_met)', () => {
  const FLAGGED =
    'id,created_at,resolved_at,status,priority,agent,sla_met\n' +
    'A,2026-03-02 09:00,2026-03-02 10:00,solved,high,ana,true\n' +
    'B,2026-03-02 10:00,2026-03-04 10:00,solved,high,ben,false\n' +
    'C,2026-03-03 09:00,2026-03-03 09:30,solved,low,ana,yes\n' +
    'D,2026-03-03 10:00,,open,low,ben,false\n' +
    'E,2026-03-04 10:00,2026-03-04 12:00,solved,low,ana,\n';

  it('feeds sla_resolution when no resolution target is given: resolved tickets by their flag, open ones pending', async () => {
    const dir = scratch({ 't.csv': FLAGGED });
    const r = await json(['t.csv', ...UTC], dir);
    // A ✓ B ✗ C ✓; D open: pending; E resolved without a flag: not counted.
    expect(r.kpis.sla_resolution).toMatchObject({ met: 2, missed: 1, pending: 1, no_flag: 1, source: 'sla_met', target_seconds: null });
    expect(r.kpis.sla_resolution.value).toBeCloseTo(200 / 3, 12);
    expect(r.kpis.sla_first_response).toBeUndefined();
  });

  it('with --sla resolution the targets win, and a note says the flag is not used', async () => {
    const dir = scratch({ 't.csv': FLAGGED });
    const r = await json(['t.csv', ...UTC, '--sla', 'resolution=2h'], dir);
    // A 1h ✓, B 48h ✗, C 30m ✓, E 2h ✓ (equal meets); D open since 03-03 10:00, 50 h at the last
    // ticket time (E's resolution, 03-04 12:00): overdue.
    expect(r.kpis.sla_resolution).toMatchObject({ met: 3, missed: 2, pending: 0, overdue: 1, source: 'targets', target_seconds: 7200 });
    expect(r.stderr).toBe("note: sla_resolution: from --sla's resolution targets; the sla_met column (the export's own verdicts) is not used\n");
    // A first-response target alone leaves the resolution SLA to the flag.
    const fr = await json(['t.csv', ...UTC, '--sla', 'first_response=1h'], dir);
    expect(fr.kpis.sla_resolution).toMatchObject({ source: 'sla_met', met: 2, missed: 1 });
  });

  it('the table says where the verdicts come from', async () => {
    const dir = scratch({ 't.csv': FLAGGED });
    const r = await cli(['compute', 't.csv', ...UTC], { cwd: dir, tty: true, columns: 200, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/SLA: resolution .*2 met, 1 missed, 1 pending · from the export's sla_met flag \(1 resolved without one, not counted\)/);
  });

  it('an invalid flag is an invalid row like any boolean', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,sla_met\nA,2026-03-02 09:00,maybe\n' });
    const r = await cli(['compute', 't.csv', ...UTC], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^t\.csv:2: sla_met: .*\("maybe"\)\n/);
  });
});

describe('Sla accumulator', () => {
  it('own targets over the default; null: not counted', () => {
    const k = new Sla(3600, 'targets', { urgent: 600 });
    k.add(900, 600);
    k.add(900);
    k.add(300, null);
    k.add(null, 600);
    const o = new Sla(3600, 'targets', { urgent: 600 });
    o.add(600, 600);
    k.merge(o);
    expect(k.result()).toEqual({ value: (2 * 100) / 3, unit: 'percent', target_seconds: 3600, met: 2, missed: 1, pending: 1, overdue: 0, source: 'targets', targets: { urgent: 600 }, no_target: 1 });
  });

  it('flags: pending until resolved, an empty flag not counted', () => {
    const k = new Sla(null, 'sla_met');
    for (const [resolved, met] of [[true, true], [true, false], [false, false], [true, null], [false, true]] as const) k.addFlag(resolved, met);
    expect(k.result()).toEqual({ value: 50, unit: 'percent', target_seconds: null, met: 1, missed: 1, pending: 2, source: 'sla_met', no_flag: 1 });
  });
});

describe('--list breaches', () => {
  const SLAS = ['--sla', 'first_response=15m,resolution=8h', '--sla', 'priority=urgent,high:first_response=5m'];

  it('JSON: every SLA missed in the window, oldest ticket first, with its target and the time it took', async () => {
    const r = await json([TICKETS, ...UTC, ...SLAS, '--list', 'breaches']);
    expect(r.schema).toBe('csm-kpi/breaches@1');
    expect(r.count).toBe(8);
    expect(r.breaches.map((b: { id: string; sla: string; target_seconds: number; actual_seconds: number; overdue: boolean }) => [b.id, b.sla, b.target_seconds, b.actual_seconds, b.overdue])).toEqual([
      ['T2', 'first_response', 300, 600, false],
      ['T2', 'resolution', 28800, 86400, false],
      ['T4', 'first_response', 900, 3600, false],
      // Still open at the last ticket time: how long it had waited there.
      ['T4', 'resolution', 28800, 213 * 3600, true],
      ['T7', 'first_response', 300, 1800, false],
      ['T7', 'resolution', 28800, 86400, false],
      ['T8', 'resolution', 28800, 43 * 3600, true],
      ['T9', 'first_response', 300, 1200, false],
    ]);
    expect(r.breaches[0]).toEqual({ id: 'T2', priority: 'high', agent: 'ben', created_at: '2026-03-02T10:00:00Z', sla: 'first_response', target_seconds: 300, actual_seconds: 600, over_seconds: 300, overdue: false, source: 'targets' });
    expect(r.breaches[6]).toEqual({ id: 'T8', priority: 'normal', agent: 'ana', created_at: '2026-03-10T15:00:00Z', sla: 'resolution', target_seconds: 28800, actual_seconds: 154800, over_seconds: 126000, overdue: true, source: 'targets' });
  });

  it('the order: oldest ticket first, then by id, then response before resolution, whatever the file\'s order', async () => {
    const dir = scratch({
      't.csv': 'id,created_at,first_response_at,resolved_at\nB,2026-03-02 10:00,2026-03-02 13:00,2026-03-04 10:00\nA2,2026-03-02 10:00,,2026-03-04 10:00\nA,2026-03-02 10:00,2026-03-02 12:00,2026-03-02 11:00\nC,2026-03-01 10:00,2026-03-01 12:00,\n',
    });
    const r = await json(['t.csv', ...UTC, '--sla', 'first_response=1h,resolution=24h', '--list', 'breaches'], dir);
    // The last ticket time is A2's and B's resolution, 03-04 10:00: C, open since 03-01 10:00, has
    // waited 72 h for its resolution; A2 went 48 h unanswered until it was resolved.
    expect(r.breaches.map((b: { id: string; sla: string; actual_seconds: number }) => [b.id, b.sla, b.actual_seconds])).toEqual([
      ['C', 'first_response', 7200],
      ['C', 'resolution', 72 * 3600],
      ['A', 'first_response', 7200],
      ['A2', 'first_response', 48 * 3600],
      ['A2', 'resolution', 48 * 3600],
      ['B', 'first_response', 3 * 3600],
      ['B', 'resolution', 48 * 3600],
    ]);
  });

  it('after --where and in the window', async () => {
    const ben = await json([TICKETS, ...UTC, ...SLAS, '--list', 'breaches', '--where', 'agent=ben']);
    expect(ben.breaches.map((b: { id: string }) => b.id)).toEqual(['T2', 'T2', 'T9']);
    expect(ben.where).toEqual(['agent=ben']);
    const late = await json([TICKETS, ...UTC, ...SLAS, '--list', 'breaches', '--from', '2026-03-09']);
    expect(late.breaches.map((b: { id: string }) => b.id)).toEqual(['T7', 'T7', 'T8', 'T9']);
    expect(late.window).toEqual({ from: '2026-03-09T00:00:00Z', to: null });
  });

  it('CSV: a header and one row per breach', async () => {
    const r = await cli(['compute', TICKETS, ...UTC, ...SLAS, '--list', 'breaches', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id,priority,agent,created_at,sla,target_seconds,actual_seconds,over_seconds,source,overdue');
    expect(lines[1]).toBe('T2,high,ben,2026-03-02T10:00:00Z,first_response,300,600,300,targets,false');
    expect(lines[7]).toBe('T8,normal,ana,2026-03-10T15:00:00Z,resolution,28800,154800,126000,targets,true');
    expect(lines).toHaveLength(9);
  });

  it('the table fits 80 columns', async () => {
    const r = await cli(['compute', TICKETS, ...UTC, ...SLAS, '--list', 'breaches'], { columns: 80 });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('SLA breaches · 8 · all time · time zone UTC');
    expect(r.stdout).toMatch(/│ T9 +│ urgent +│ ben +│ 2026-03-11 09:00 │ response +│ +5m 00s │ +20m 00s │/);
    // A ticket still open says so, and how long it had waited; a line under the table says what that time is.
    expect(r.stdout).toMatch(/│ T8 +│ normal +│ ana +│ 2026-03-10 15:00 │ resolution │ +8h 00m │ +1d 19h\+ │/);
    expect(r.stdout).toContain('+ not answered (response) or not resolved (resolution) when the target passed:');
    for (const line of r.stdout.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('from the flag: no target, the time it took when known', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,resolved_at,status,priority,agent,sla_met\nA,2026-03-02 09:00,2026-03-04 09:00,solved,high,ana,false\nB,2026-03-02 10:00,2026-03-02 11:00,solved,low,ben,true\n' });
    const r = await json(['t.csv', ...UTC, '--list', 'breaches'], dir);
    expect(r.breaches).toEqual([{ id: 'A', priority: 'high', agent: 'ana', created_at: '2026-03-02T09:00:00Z', sla: 'resolution', target_seconds: null, actual_seconds: 172800, over_seconds: null, overdue: false, source: 'sla_met' }]);
  });

  it.each([
    [['--list', 'breaches'], 'csm-kpi: --list breaches needs SLA targets (--sla first_response=1h,resolution=24h, or "sla" in the config) or an sla_met column\n'],
    [[...SLAS, '--list', 'breaches', '--format', 'html'], 'csm-kpi: --list breaches is written as a table, csv or json, not html\n'],
  ])('%j: one line, exit 2', async (args, message) => {
    const r = await cli(['compute', TICKETS, ...UTC, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
  });
});

describe('--period with --by: the period × group table', () => {
  it('JSON: each group carries its series over the report\'s periods', async () => {
    const r = await json([TICKETS, ...UTC, '--period', 'week', '--by', 'agent']);
    const ana = r.groups.agent.find((g: { key: string }) => g.key === 'ana');
    expect(ana.series.map((s: { period: string }) => s.period)).toEqual(['2026-W10', '2026-W11']);
    // W10: T1 (4m), T3 (2m); W11: T8 (5m).
    expect(ana.series[0].kpis.ticket_volume.value).toBe(2);
    expect(ana.series[0].kpis.first_response_time.value).toBe(180);
    expect(ana.series[1].kpis.first_response_time.value).toBe(300);
    // Each group's periods add up to the group.
    for (const g of r.groups.agent) expect(g.series.reduce((n: number, s: { kpis: { ticket_volume: { value: number } } }) => n + s.kpis.ticket_volume.value, 0)).toBe(g.kpis.ticket_volume.value);
    // Without --period there is none.
    const plain = await json([TICKETS, ...UTC, '--by', 'agent']);
    expect(plain.groups.agent[0].series).toBeUndefined();
  });

  it('CSV: one group_period row per period × group, with a period column', async () => {
    const r = await cli(['compute', TICKETS, ...UTC, '--period', 'week', '--by', 'agent', '--format', 'csv']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0].startsWith('slice,field,key,agent,period,from,to,ticket_volume,')).toBe(true);
    const rows = lines.filter((l) => l.startsWith('group_period,'));
    // 4 groups (ana, ben, carla, none) × 2 weeks.
    expect(rows).toHaveLength(8);
    expect(rows[0].startsWith('group_period,agent,ana,ana,2026-W10,2026-03-02T00:00:00Z,2026-03-09T00:00:00Z,2,2,180,')).toBe(true);
    expect(rows).toContain(rows.find((l) => l.startsWith('group_period,agent,ben,ben,2026-W10,2026-03-02T00:00:00Z,2026-03-09T00:00:00Z,2,1,330,43650,')));
  });

  it('the terminal table: period by period, the groups in leaderboard order, within 80 columns', async () => {
    const r = await cli(['compute', TICKETS, ...UTC, '--period', 'week', '--by', 'agent'], { tty: true, columns: 80, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('By period and agent\n');
    expect(r.stdout).toMatch(/│ 2026-W10 +│ ana +│ +2 │/);
    expect(r.stdout).toMatch(/│ +│ ben +│ +2 │/);
    expect(r.stdout).toMatch(/│ 2026-W11\* +│ ana +│ +1 │/);
    for (const line of r.stdout.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('the terminal table leaves out the periods a group had no ticket or answer in (a backlog of 0 is not activity)', async () => {
    // customers.csv's months reach back to January: weeks W01…W09 exist in the series, with no ticket.
    const r = await cli(['compute', TICKETS, 'fixtures/customers.csv', ...UTC, '--period', 'week', '--by', 'agent'], { tty: true, columns: 80, env: { NO_COLOR: '1' } });
    expect(r.code, r.stderr).toBe(0);
    const table = r.stdout.slice(r.stdout.indexOf('By period and agent\n'));
    expect(table).toMatch(/│ 2026-W10 +│ ana +│ +2 │/);
    expect(table).not.toMatch(/2026-W0[1-9]/);
  });
});

describe('an SLA without the times it counts', () => {
  // Tickets with no first-response column: every ticket would read as "pending".
  const files = { 't.csv': 'id,created_at,resolved_at\nT1,2026-03-02 09:00,2026-03-02 10:00\nT2,2026-03-02 09:00,2026-03-03 12:00\n' };

  it('is null with "no input column", not 0 met and every ticket pending', async () => {
    const r = await json(['t.csv', ...UTC, '--sla', 'first_response=1h,resolution=24h'], scratch(files));
    expect(r.kpis.sla_first_response).toMatchObject({ value: null, note: expect.stringMatching(/^no input column: needs first_response_at/) });
    // Resolution has its times: T1 1h ✓, T2 27h ✗.
    expect(r.kpis.sla_resolution).toMatchObject({ value: 50, met: 1, missed: 1 });
  });

  it('--list breaches refuses when no SLA can be checked, and notes the one that cannot', async () => {
    const dir = scratch(files);
    const none = await cli(['compute', 't.csv', ...UTC, '--sla', 'first_response=1h', '--list', 'breaches'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^csm-kpi: --list breaches: no SLA can be checked \(sla_first_response: no input column: needs first_response_at/m);
    const one = await cli(['compute', 't.csv', ...UTC, '--sla', 'first_response=1h,resolution=24h', '--list', 'breaches', '--format', 'csv'], { cwd: dir });
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toContain('note: --list breaches: sla_first_response: no input column');
    expect(one.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['T2']);
  });

  it('the Sources line names time KPIs only (an SLA says targets or flag in its own row)', async () => {
    const r = await cli(['compute', 't.csv', ...UTC, '--sla', 'resolution=24h'], { cwd: scratch(files), env: { NO_COLOR: '1', COLUMNS: '80' } });
    expect(r.code, r.stderr).toBe(0);
    const sources = r.stdout.slice(r.stdout.indexOf('Sources:'));
    expect(sources).toContain('Resolution time: resolved_at − created_at (calendar clock).');
    expect(sources).not.toContain('SLA');
  });
});
