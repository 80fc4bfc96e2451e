/**
 * An SLA's tickets that never got the time (no first response, or not resolved): missed
 * (overdue) once they have waited longer than the target — to their resolution, or to the
 * data's last ticket time while still waiting — else pending (metrics/sla.ts). Both engines,
 * by hand; the business clock, --list breaches and two threads in the JavaScript engine.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from '../helpers.js';
import { sameReport } from './both-engines.js';

// The data's last ticket time is H's resolution, 03-05 10:00 (no ticket is created later).
const TICKETS = [
  'id,created_at,first_response_at,resolved_at,status',
  'A,2026-03-02 09:00,2026-03-02 09:30,2026-03-02 12:00,solved', // response 30m met; resolution 3h met
  'B,2026-03-02 10:00,,2026-03-02 10:45,solved', // unanswered, resolved after 45m: response met (solved within it); resolution met
  'C,2026-03-02 11:00,,2026-03-03 11:00,solved', // unanswered until resolved after 24h: response overdue; resolution 24h met (equal)
  'D,2026-03-03 09:00,,,open', // unanswered and open 49h: both overdue
  'E,2026-03-05 08:00,2026-03-05 08:10,,open', // response met; open 2h: resolution pending
  'F,2026-03-05 09:00:00,,,open', // unanswered 1h exactly (not over): both pending
  'F2,2026-03-05 08:59:59,,,open', // unanswered 1h 00m 01s: response overdue; resolution pending
  'H,2026-03-04 10:00,2026-03-04 10:20,2026-03-05 10:00,solved', // response met; resolution 24h met (equal)
  'I,2026-03-04 12:00,,,solved', // unanswered, resolved at an unknown time: both pending
  '',
].join('\n');
const SLA = ['--sla', 'first_response=1h,resolution=24h'];

describe('tickets that never got the time, in both engines', () => {
  it('totals: overdue ones are missed, resolved within the target met, the rest pending', async () => {
    const { report } = await sameReport({ 't.csv': TICKETS }, ['t.csv', ...SLA]);
    expect(report.kpis.sla_first_response).toMatchObject({ value: (4 * 100) / 7, met: 4, missed: 3, pending: 2, overdue: 3 });
    expect(report.kpis.sla_resolution).toMatchObject({ value: 80, met: 4, missed: 1, pending: 4, overdue: 1 });
  });

  it('a window ending earlier: tickets after it still date the data, so D is judged at 03-05 10:00', async () => {
    const { report } = await sameReport({ 't.csv': TICKETS }, ['t.csv', ...SLA, '--to', '2026-03-04']);
    // A, B, C, D: response A and B met, C and D overdue; resolution A, B, C met, D overdue.
    expect(report.kpis.sla_first_response).toMatchObject({ met: 2, missed: 2, pending: 0, overdue: 2 });
    expect(report.kpis.sla_resolution).toMatchObject({ value: 75, met: 3, missed: 1, pending: 0, overdue: 1 });
  });

  it('each period judges its waiting tickets at the same last ticket time, not at its own end', async () => {
    const { report } = await sameReport({ 't.csv': TICKETS }, ['t.csv', ...SLA, '--period', 'day']);
    const day = (d: string) => report.series.find((s: { from: string }) => s.from.startsWith(d)).kpis;
    expect(day('2026-03-03').sla_first_response).toMatchObject({ met: 0, missed: 1, pending: 0, overdue: 1 });
    expect(day('2026-03-05').sla_first_response).toMatchObject({ met: 1, missed: 1, pending: 1, overdue: 1 });
    expect(day('2026-03-05').sla_resolution).toMatchObject({ met: 0, missed: 0, pending: 3, overdue: 0 });
  });

  it('without a first-response column no ticket reads as unanswered: the SLA is null, its counts and interval too', async () => {
    // T2 would be 27 h "unanswered" until its resolution: overdue, were the missing column read as empty.
    const files = { 't.csv': 'id,created_at,resolved_at\nT1,2026-03-02 09:00,2026-03-02 10:00\nT2,2026-03-02 09:00,2026-03-03 12:00\n' };
    const { report } = await sameReport(files, ['t.csv', ...SLA]);
    expect(report.kpis.sla_first_response).toMatchObject({ value: null, met: null, missed: null, pending: null, overdue: null, ci: null, small_sample: false, band: null });
    expect(report.kpis.sla_resolution).toMatchObject({ value: 50, met: 1, missed: 1, pending: 0, overdue: 0 });
  });

  it('the table says how many of the missed were never answered or are still open', async () => {
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', ...SLA], { cwd: scratch({ 't.csv': TICKETS }), tty: true, columns: 200, env: { NO_COLOR: '1' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SLA: first response .*4 met, 3 missed \(3 never answered\), 2 pending/);
    expect(r.stdout).toMatch(/SLA: resolution .*4 met, 1 missed \(1 still open\), 4 pending/);
  });
});

describe('tickets that never got the time, in the JavaScript engine', () => {
  it('--list breaches lists the overdue ones with how long they had waited, as many as the SLAs count', async () => {
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', ...SLA, '--list', 'breaches', '--format', 'json'], { cwd: scratch({ 't.csv': TICKETS }) });
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout).breaches as { id: string; sla: string; actual_seconds: number; overdue: boolean }[];
    expect(list.map((b) => [b.id, b.sla, b.actual_seconds, b.overdue])).toEqual([
      ['C', 'first_response', 24 * 3600, true],
      ['D', 'first_response', 49 * 3600, true],
      ['D', 'resolution', 49 * 3600, true],
      ['F2', 'first_response', 3601, true],
    ]);
  });

  it('on the business clock the wait counts open hours only', async () => {
    // X opened Friday 17:00 and is still unanswered; the last ticket time is Y's resolution,
    // Monday 10:30: 65.5 h on the calendar, 2.5 business hours (Fri 17–18, Mon 09–10:30).
    const dir = scratch({
      't.csv': 'id,created_at,first_response_at,resolved_at,status\nX,2026-03-06 17:00,,,open\nY,2026-03-09 10:00,2026-03-09 10:05,2026-03-09 10:30,solved\n',
    });
    const sla = async (target: string, hours: string[]) => {
      const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--sla', `first_response=${target}`, ...hours, '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).kpis.sla_first_response;
    };
    const business = ['--business-hours', 'Mon-Fri 09:00-18:00'];
    expect(await sla('3h', [])).toMatchObject({ met: 1, missed: 1, pending: 0, overdue: 1 });
    expect(await sla('3h', business)).toMatchObject({ met: 1, missed: 0, pending: 1, overdue: 0 });
    expect(await sla('2h', business)).toMatchObject({ met: 1, missed: 1, pending: 0, overdue: 1 });
  });

  it('two threads judge at the same instant as one (the last ticket time crosses threads)', () => {
    const dir = scratch({ 't.csv': TICKETS });
    const run = (threads: string) =>
      spawnSync(process.execPath, [join(ROOT, 'bin/csm-kpi.js'), 'compute', 't.csv', '--tz', 'UTC', ...SLA, '--period', 'day', '--format', 'json', '--threads', threads], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', CSM_KPI_PARALLEL_MIN_BYTES: '1' },
      });
    const one = run('1');
    const two = run('2');
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(two.stdout).kpis.sla_first_response).toMatchObject({ overdue: 3 });
  });
});

describe('what the SLAs judge from, whatever the filter, the columns and the clock (a review of the change)', () => {
  it('--where does not move the instant: a filtered group judges as the same group of --by does', async () => {
    // D (high, created 03-04) is the last ticket: B (low, open since 03-02 09:30) has waited 47.5 h.
    const dir = scratch({
      't.csv': 'id,created_at,first_response_at,resolved_at,status,priority\nA,2026-03-02 09:00,2026-03-02 09:10,2026-03-02 10:00,solved,low\nB,2026-03-02 09:30,,,open,low\nC,2026-03-02 09:00,2026-03-02 09:05,2026-03-02 12:00,solved,high\nD,2026-03-04 09:00,2026-03-04 09:05,,open,high\n',
    });
    const run = async (args: string[]) => {
      const r = await cli(['compute', 't.csv', '--tz', 'UTC', ...SLA, ...args, '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const low = (await run(['--where', 'priority=low'])).kpis;
    const group = (await run(['--by', 'priority'])).groups.priority.find((g: { key: string }) => g.key === 'low').kpis;
    for (const k of [low, group]) {
      expect(k.sla_first_response).toMatchObject({ met: 1, missed: 1, pending: 0, overdue: 1 });
      expect(k.sla_resolution).toMatchObject({ met: 1, missed: 1, pending: 0, overdue: 1 });
    }
  });

  it('a first-response column empty in every row: the SLA is null, as the note says there is no input (not 100 % missed)', async () => {
    const files = { 't.csv': 'id,created_at,first_response_at,resolved_at,status\nA,2026-03-02 09:00,,,open\nB,2026-03-05 09:00,,2026-03-05 09:30,solved\nC,2026-03-09 09:00,,2026-03-20 09:30,solved\n' };
    const { report, stderr } = await sameReport(files, ['t.csv', ...SLA]);
    expect(stderr).toContain('note: first_response_time has no input: first_response_at in t.csv is empty in every row');
    expect(report.kpis.first_response_time).toMatchObject({ value: null, unanswered: null, note: 'no input: first_response_at in t.csv is empty in every row' });
    expect(report.kpis.sla_first_response).toMatchObject({ value: null, met: null, missed: null, pending: null, overdue: null, ci: null });
    // Resolution has its times: B 30 m met, C 11 d missed, A open 18 d at the last ticket time (C's resolution): overdue.
    expect(report.kpis.sla_resolution).toMatchObject({ met: 1, missed: 2, overdue: 1 });
  });

  it('on the business clock, a reply whose business-hours cell is empty is answered at an unknown time: pending, not overdue', async () => {
    const dir = scratch({
      't.csv': 'id,created_at,first_response_at,first_response_business_minutes,resolved_at,resolution_business_minutes,status\nA,2026-03-02 09:00,2026-03-02 09:10,,,,open\nB,2026-03-02 09:00,2026-03-02 09:10,10,,,open\nC,2026-03-03 09:00,,,2026-03-03 12:00,180,solved\n',
    });
    const args = ['compute', 't.csv', '--tz', 'UTC', '--sla', 'first_response=1h', '--business-hours', 'Mon-Fri 09:00-18:00', '--format', 'json'];
    const r = await cli(args, { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // B 10 business minutes met; A answered, its business time unknown: pending; C unanswered 3 business hours until resolved: overdue.
    expect(JSON.parse(r.stdout).kpis.sla_first_response).toMatchObject({ met: 1, missed: 1, pending: 1, overdue: 1 });
    const list = await cli([...args, '--list', 'breaches'], { cwd: dir });
    expect(JSON.parse(list.stdout).breaches.map((b: { id: string; actual_seconds: number }) => [b.id, b.actual_seconds])).toEqual([['C', 10800]]);
  });
});
