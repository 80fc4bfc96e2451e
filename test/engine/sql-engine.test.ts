/**
 * compute --engine duckdb against the JavaScript engine: the same report (keys, counts
 * exactly, values to 1e-9 relative) on the fixtures and on seeded generated data, with
 * periods, groups, windows, zones and SLAs; and the options it refuses.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { stress } from '../scale.js';
import { expectSameReport, generated } from './sql-parity.js';
import { sqlNumber } from '../../src/engine/sql-engine.js';

async function both(args: string[], cwd?: string) {
  const js = await cli(['compute', ...args, '--format', 'json'], { cwd });
  const duck = await cli(['compute', ...args, '--format', 'json', '--engine', 'duckdb'], { cwd });
  expect(js.code, js.stderr).toBe(0);
  expect(duck.code, duck.stderr).toBe(0);
  return { js: JSON.parse(js.stdout), duck: JSON.parse(duck.stdout) };
}

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'];

describe('--engine duckdb equals the JavaScript engine', () => {
  const cases: [string, string[]][] = [
    ['totals', ['--tz', 'UTC']],
    ['weeks in a zone', ['--tz', 'Europe/Paris', '--period', 'week']],
    ['days in a window', ['--tz', 'America/New_York', '--period', 'day', '--from', '2026-03-02', '--to', '2026-03-06']],
    ['months and quarters, nested groups', ['--tz', 'UTC', '--period', 'month', '--by', 'agent', '--by', 'team']],
    ['SLAs by channel', ['--tz', 'Asia/Kolkata', '--sla', 'first_response=1h,resolution=24h', '--by', 'channel']],
    ['a window after the data', ['--tz', 'UTC', '--from', '2027-01-01', '--period', 'year']],
  ];
  for (const [name, args] of cases) {
    it(`fixtures: ${name}`, async () => {
      const { js, duck } = await both([...FIXTURES, ...args]);
      expectSameReport(js, duck);
    });
  }

  // Fewer rows under mutation (test/scale.ts): each mutant's run compares both engines again.
  const data = generated(20261126, stress(3000, 1200));
  const many = stress(100, 40);
  const dir = scratch(Object.fromEntries(Object.entries(data).map(([k, v]) => [`${k}.csv`, v])));
  const files = ['tickets.csv', 'surveys.csv', 'customers_support.csv', 'customers_billing.csv'].map((f) => join(dir, f));
  const generatedCases: [string, string[]][] = [
    ['totals', ['--tz', 'UTC']],
    ['ISO weeks across a new year, in a zone', ['--tz', 'Pacific/Auckland', '--period', 'week']],
    ['months with DST, a window', ['--tz', 'Europe/Berlin', '--period', 'month', '--from', '2026-01-10', '--to', '2026-03-29 02:30']],
    ['quarters by team and agent (answers take their ticket groups)', ['--tz', 'UTC', '--period', 'quarter', '--by', 'team', '--by', 'agent']],
    ['a raw column as group, SLAs, 90 % intervals', ['--tz', 'America/Sao_Paulo', '--by', 'region', '--sla', 'first_response=30m,resolution=8h', '--confidence', '0.9', '--csat-scale', '1-5']],
    ['days', ['--tz', 'UTC', '--period', 'day', '--from', '2026-02-01', '--to', '2026-02-15']],
  ];
  for (const [name, args] of generatedCases) {
    it(`generated data: ${name}`, async () => {
      const { js, duck } = await both([...files, ...args]);
      expectSameReport(js, duck);
      // Not a vacuous comparison: the data reaches every KPI.
      expect(js.kpis.first_response_time.count).toBeGreaterThan(many);
      expect(js.kpis.nps.responses).toBeGreaterThan(30);
      for (const id of ['reopen_rate', 'one_touch_resolution']) expect(js.kpis[id].value, id).not.toBeNull();
      expect(js.kpis.one_touch_resolution.zero_touch).toBeGreaterThan(0);
      for (const id of ['requester_wait_time', 'agent_work_time']) expect(js.kpis[id].count, id).toBeGreaterThan(many);
    });
  }
  it('generated data has medians with intervals in the groups (order statistics from the second query)', async () => {
    const { js, duck } = await both([...files, '--tz', 'UTC', '--by', 'agent']);
    expect(duck.groups.agent[0].kpis.first_response_time.median_ci).not.toBeNull();
    expect(duck.groups.agent[0].kpis.agent_work_time.median_ci).not.toBeNull();
    expect(duck.groups.agent[0].kpis.requester_wait_time.median_ci).not.toBeNull();
    expectSameReport(js, duck);
  });
});

describe('--engine duckdb reads Parquet and refuses what it cannot honour', () => {
  it('a .parquet tickets file implies the DuckDB engine and gives the CSV report', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const dir = scratch({});
    const parquet = join(dir, 'tickets.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT * FROM read_csv('fixtures/tickets.csv', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    const fromParquet = await cli(['compute', parquet, '--tz', 'UTC', '--format', 'json']);
    expect(fromParquet.code, fromParquet.stderr).toBe(0);
    const fromCsv = await cli(['compute', 'fixtures/tickets.csv', '--tz', 'UTC', '--format', 'json']);
    const a = JSON.parse(fromCsv.stdout), b = JSON.parse(fromParquet.stdout);
    expectSameReport(a.kpis, b.kpis);
  });

  // The line a person reads: what is not supported, why, and what to run instead.
  const instead = '; run without --engine duckdb (the JavaScript engine)';
  for (const [flag, args, what] of [
    ['--business-hours', ['--business-hours', 'Mon-Fri 09:00-18:00'], '--business-hours (business-hours clocks are computed in JavaScript only)'],
    ['--compare', ['--from', '2026-03-02', '--to', '2026-03-04', '--compare', 'previous'], '--compare'],
    ['--skip-invalid', ['--skip-invalid'], '--skip-invalid or --rejects (it stops at the first invalid row)'],
    ['--rejects', ['--rejects', join(scratch({}), 'rejects.csv')], '--skip-invalid or --rejects (it stops at the first invalid row)'],
    ['--where', ['--where', 'channel=email'], '--where (its filters are applied by the JavaScript reader)'],
    ['SLA targets per priority', ['--sla', 'priority=urgent:first_response=15m'], 'SLA targets per priority (--sla priority=…)'],
    ['--list breaches', ['--sla', 'first_response=1h', '--list', 'breaches'], '--list breaches'],
  ] as const) {
    it(`refuses ${flag} (exit 2, one line) rather than give another number`, async () => {
      const r = await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--engine', 'duckdb', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`csm-kpi: --engine duckdb does not support ${what}${instead}\n`);
    });
  }

  it('reads sla_resolution from an sla_met column without a resolution target, and the targets when one is given', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,resolved_at,status,sla_met\nT1,2026-03-02 09:00,2026-03-02 12:00,solved,yes\nT2,2026-03-02 10:00,2026-03-04 10:00,solved,no\nT3,2026-03-02 11:00,,open,no\nT4,2026-03-02 12:00,2026-03-02 13:00,closed,\n' });
    const flag = await both(['t.csv', '--tz', 'UTC'], dir);
    // By hand: resolved T1 met, T2 missed, T4 without a flag; T3 open, pending.
    expect(flag.duck.kpis.sla_resolution).toMatchObject({ value: 50, met: 1, missed: 1, pending: 1, no_flag: 1, source: 'sla_met' });
    expectSameReport(flag.js, flag.duck);
    const target = await both(['t.csv', '--tz', 'UTC', '--sla', 'resolution=24h', '--by', 'status'], dir);
    // 3 h and 1 h within 24 h, 48 h over it; T3 open 47 h at the last ticket time (T2's resolution, 03-04 10:00): overdue.
    expect(target.duck.kpis.sla_resolution).toMatchObject({ met: 2, missed: 2, pending: 0, overdue: 1, source: 'targets' });
    expectSameReport(target.js, target.duck);
  });

  it('a sample too small for a median interval (n ≤ 5 at 95 %) has none, in SQL as in JavaScript', async () => {
    const dir = scratch({
      't.csv': 'id,created_at,first_response_at,agent\nT1,2026-03-02 09:00,2026-03-02 10:00,a\nT2,2026-03-02 09:00,2026-03-02 11:00,b\nT3,2026-03-02 09:00,2026-03-02 12:00,b\n',
    });
    const { js, duck } = await both(['t.csv', '--tz', 'UTC', '--by', 'agent'], dir);
    expect(duck.kpis.first_response_time).toMatchObject({ count: 3, median: 7200, median_ci: null });
    expect(duck.groups.agent.map((g: { kpis: { first_response_time: { median_ci: unknown } } }) => g.kpis.first_response_time.median_ci)).toEqual([null, null]);
    expectSameReport(js, duck);
  });

  it('a --by column named as one of the query\'s own columns (slice, period_start) is read as its group', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,slice,period_start\nT1,2026-03-02,a,x\nT2,2026-03-03,b,x\nT3,2026-04-03,b,y\n' });
    for (const by of ['slice', 'period_start']) {
      const { js, duck } = await both(['t.csv', '--tz', 'UTC', '--by', by, '--period', 'month'], dir);
      expect(duck.groups[by].map((g: { key: string }) => g.key)).toEqual(by === 'slice' ? ['b', 'a'] : ['x', 'y']);
      expectSameReport(js, duck);
    }
  });

  it('a --by column named total or period is a group, not the totals or the series', async () => {
    // The SQL names its slices total, period, by/<fields>, period/by/<fields>: a group "total" once read as the totals.
    const dir = scratch({ 't.csv': 'id,created_at,total,period\nT1,2026-03-02,a,x\nT2,2026-03-03,b,x\nT3,2026-04-03,b,y\n' });
    for (const extra of [[], ['--period', 'month']]) {
      const { js, duck } = await both(['t.csv', '--tz', 'UTC', '--by', 'total', '--by', 'period', ...extra], dir);
      expect(duck.kpis.ticket_volume.value).toBe(3);
      expect(duck.groups.total.map((g: { key: string; kpis: { ticket_volume: { value: number } } }) => [g.key, g.kpis.ticket_volume.value])).toEqual([['b', 2], ['a', 1]]);
      expect(duck.groups['total/period']).toHaveLength(3);
      expectSameReport(js, duck);
    }
  });

  it('counts the backlog in SQL: tickets created before --from too, open at --to, their median age, resolved ones without a time', async () => {
    // metrics/backlog.ts's example, T = 2026-04-01: A resolved before T, B created before --from and resolved after T,
    // C open, D created after T; E solved without a resolution time (created before T: resolved_undated).
    const dir = scratch({
      't.csv':
        'id,created_at,resolved_at,status,agent\nA,2026-03-10 00:00,2026-03-20 00:00,solved,x\nB,2026-03-25 00:00,2026-04-03 00:00,solved,x\nC,2026-03-30 00:00,,open,y\nD,2026-04-02 00:00,,open,y\nE,2026-03-15 00:00,,solved,y\n',
    });
    const r = await both(['t.csv', '--tz', 'UTC', '--from', '2026-03-28', '--to', '2026-04-01', '--by', 'agent'], dir);
    // B and C open at T, 7 d and 2 d old: median 4.5 d = 388,800 s.
    expect(r.duck.kpis.backlog).toMatchObject({ value: 2, median_age: 388_800, resolved_undated: 1 });
    // Agent x has only B (created before the window) open: 7 d; agent y has C (2 d) and E undated.
    const byAgent = Object.fromEntries(r.duck.groups.agent.map((g: { key: string; kpis: { backlog: unknown } }) => [g.key, g.kpis.backlog]));
    expect(byAgent.y).toMatchObject({ value: 1, median_age: 172_800, resolved_undated: 1 });
    expectSameReport(r.js, r.duck);
    // Without --to the backlog is the tickets open now: E is resolved, whenever that was.
    const now = await both(['t.csv', '--tz', 'UTC', '--by', 'agent'], dir);
    expect(now.duck.kpis.backlog).toMatchObject({ value: 2, at: null });
    expect(now.duck.kpis.backlog).not.toHaveProperty('resolved_undated');
    expectSameReport(now.js, now.duck);
  });

  it('trims cells as JavaScript trims them: U+FEFF, NBSP and U+3000 at a status\'s, an id\'s and a group\'s edges', async () => {
    const dir = scratch({
      't.csv': 'id,created_at,status,agent\nT1\ufeff,2026-03-02,solved\ufeff,ana\u3000\n\ufeffT1,2026-03-03,\u00a0closed,ana\nT3,2026-03-02,open,bo\n',
    });
    // T1 twice once trimmed: the duplicate is refused by both.
    const dup = await cli(['compute', 't.csv', '--tz', 'UTC', '--engine', 'duckdb'], { cwd: dir });
    expect(dup.stderr).toContain('t.csv:3: id: duplicate of the ticket on line 2');
    const { js, duck } = await both(['t.csv', '--tz', 'UTC', '--duplicates', 'first', '--by', 'agent'], dir);
    expectSameReport(js, duck);
    // By hand: T1 (solved) and T3 (open): 50 %; agents ana and bo.
    expect(duck.kpis.resolution_rate.value).toBe(50);
    expect(duck.groups.agent.map((g: { key: string }) => g.key).sort()).toEqual(['ana', 'bo']);
  });

  it('stops at an invalid cell with file:line: column: message ("value"), as the JavaScript engine does', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,first_response_at\nT1,2026-03-02 09:00,2026-03-02 09:05\nT2,2026-03-02 10:00,soon\nT3,2026-03-02 11:00,2026-03-02 10:00\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--engine', 'duckdb'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^csm-kpi: t\.csv:3: first_response_at: not an ISO 8601 timestamp .*\("soon"\) \(and 1 more invalid row/);
    const js = await cli(['compute', 't.csv', '--tz', 'UTC'], { cwd: dir });
    expect(js.code).toBe(2);
  });

  it.each([
    ['a surveys file without a type column', { 's.csv': 'score,ticket_id\n5,T1\n' }, ['s.csv'], 's.csv: surveys file has no type column; add one (csat, nps or ces per row) or give --survey-type'],
    ['customer counts with a period twice', { 'c.csv': 'period_start,customers_start,customers_end,new_customers\n2026-03-01,10,10,0\n2026-03-01,10,12,2\n' }, ['c.csv'], 'c.csv:3: period_start: same period as line 2 ("2026-03-01")'],
    ['a customer listed twice', { 'c.csv': 'customer_id,churned\nC1,yes\nC2,no\n C1 ,no\n' }, ['c.csv'], 'c.csv:4: customer_id: duplicate of the customer on line 2 ("C1")'],
    ['a customer listed twice in a period', { 'c.csv': 'customer_id,churned,period_start\nC1,yes,2026-01-01\nC1,no,2026-02-01\nC2,no,2026-02-01\nC1,no,2026-02-01\n' }, ['c.csv'], 'c.csv:5: customer_id: duplicate of the customer on line 3 ("C1")'],
    ['a Parquet file DuckDB cannot read', { 'bad.parquet': 'PAR1garbage' }, ['bad.parquet'], /^bad\.parquet: DuckDB cannot read it: .*too small to be a Parquet file$/],
    [
      'dates in a zone their header names',
      { 'c.csv': 'period_start (America/New_York),customers_start,customers_end,new_customers\n2026-03-01,10,10,0\n' },
      ['c.csv', '--tz', 'UTC'],
      'c.csv: --engine duckdb does not read the dates of period_start in the zone its header names (America/New_York); run without --engine duckdb',
    ],
  ] as [string, Record<string, string>, string[], string | RegExp][])('refuses %s in one line, exit 2', async (_name, files, args, message) => {
    const r = await cli(['compute', ...args, '--engine', 'duckdb'], { cwd: scratch(files) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (typeof message === 'string') expect(r.stderr).toBe(`csm-kpi: ${message}\n`);
    else expect(r.stderr).toMatch(new RegExp(`^csm-kpi: ${message.source.slice(1, -1)}\n$`));
  });

  it('refuses a duplicate ticket id across files, naming both rows', async () => {
    const dir = scratch({ 'a.csv': 'id,created_at\nT1,2026-03-02 09:00\n', 'b.csv': 'id,created_at\nT2,2026-03-02 09:00\nT1,2026-03-03 09:00\n' });
    const r = await cli(['compute', 'a.csv', 'b.csv', '--tz', 'UTC', '--engine', 'duckdb'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('csm-kpi: b.csv:3: id: duplicate of the ticket on a.csv:2 ("T1")\n');
  });

  it('reads a score outside the scale as invalid', async () => {
    const dir = scratch({ 's.csv': 'type,score\nnps,11\n' });
    const r = await cli(['compute', 's.csv', '--engine', 'duckdb'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('csm-kpi: s.csv:2: score: nps score must be a whole number in 0..10 ("11")\n');
  });

  it('reads H:MM:SS durations as the JavaScript engine does, and stops at a duration neither reads', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,first_response_seconds,resolved_at,status\nT1,2026-03-02 09:00,0:05:00,2026-03-02 10:00,solved\nT2,2026-03-02 10:00,1:02:03.5,,open\nT3,2026-03-02 11:00,-00:00:00,,open\n' });
    const { js, duck } = await both(['t.csv', '--tz', 'UTC'], dir);
    // By hand: 300, 3723.5 and 0 s → mean 4023.5 / 3.
    expect(duck.kpis.first_response_time.value).toBeCloseTo(4023.5 / 3, 9);
    expectSameReport(js, duck);
    writeFileSync(join(dir, 'u.csv'), 'id,created_at,first_response_seconds\nT1,2026-03-02 09:00,5 minutes\n');
    const r = await cli(['compute', 'u.csv', '--engine', 'duckdb'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/u\.csv:2: first_response_seconds: not a duration the DuckDB engine reads \(a plain non-negative number, H:MM:SS or M:SS\) \("5 minutes"\)/);
  });
});

// The real exports of fixtures/datasets and fixtures/presets, each file once at least: test/engine/sql-fixtures.test.ts.

describe('--engine duckdb reads Latin-1 and Windows-1252 files as the JavaScript reader does', () => {
  // "Café" in Latin-1 (é = 0xE9) and a Windows-1252 team "€ desk" (€ = 0x80, a control character in Latin-1).
  const bytes = (text: string, map: Record<string, number>) => Buffer.from([...text].map((c) => map[c] ?? c.charCodeAt(0)));
  it('groups by a Windows-1252 text as the JavaScript engine decodes it (0x80 is €)', async () => {
    const csv = 'type,score,team,comment\nnps,10,\u20ac desk,Caf\u00e9\nnps,3,\u20ac desk,ok\nnps,9,caf\u00e9,\n';
    const dir = scratch({ 's.csv': bytes(csv, { '\u20ac': 0x80, '\u00e9': 0xe9 }) });
    const { js, duck } = await both(['s.csv', '--encoding', 'windows-1252', '--by', 'team', '--tz', 'UTC'], dir);
    expect(duck.groups.team.map((g: { key: string[] }) => g.key)).toEqual(js.groups.team.map((g: { key: string[] }) => g.key));
    expect(JSON.stringify(duck.groups.team)).toContain('\u20ac desk');
    expectSameReport(js, duck);
  });
  it('names the line of an invalid row in a Latin-1 file as the JavaScript engine does', async () => {
    const csv = 'type,score,comment\nnps,10,"tr\u00e8s bien"\nnps,9,d\u00e9\u00e7u\nnps,12,\u00e9t\u00e9\n';
    const dir = scratch({ 's.csv': bytes(csv, { '\u00e8': 0xe8, '\u00e9': 0xe9, '\u00e7': 0xe7 }) });
    const js = await cli(['compute', 's.csv', '--encoding', 'latin1', '--tz', 'UTC'], { cwd: dir });
    const duck = await cli(['compute', 's.csv', '--encoding', 'latin1', '--tz', 'UTC', '--engine', 'duckdb'], { cwd: dir });
    expect(js.stderr).toMatch(/^s\.csv:4: score: nps score must be/m);
    expect(duck.code).toBe(2);
    expect(duck.stderr).toMatch(/^csm-kpi: s\.csv:4: score: nps score must be a whole number in 0\.\.10 \("12"\)/);
  });
});

describe('--engine duckdb folds duplicate ticket ids as the JavaScript reader does (duplicates first/last)', () => {
  // T1 three times (a.csv twice, b.csv once), T2 twice in b.csv; an invalid row that is folded away is never checked.
  const a = 'id,created_at,resolved_at,status\nT1,2026-03-02 09:00,,open\nT1,2026-03-02 09:00,not a date,open\nT3,2026-03-03 09:00,2026-03-03 10:00,solved\n';
  const b = 'id,created_at,resolved_at,status\n T2 ,2026-03-04 09:00,,open\nT1,2026-03-02 09:00,2026-03-02 13:00,solved\nT2,2026-03-04 09:00,2026-03-05 09:00,closed\n';
  for (const mode of ['first', 'last'] as const) {
    it(`duplicates ${mode}`, async () => {
      const dir = scratch({ 'a.csv': a, 'b.csv': b });
      const r = await cli(['compute', 'a.csv', 'b.csv', '--tz', 'UTC', '--duplicates', mode, '--format', 'json', '--engine', 'duckdb'], { cwd: dir });
      if (mode === 'first') {
        // The first T1 (open) is kept: its repeat with "not a date" is folded, never read.
        expect(r.code, r.stderr).toBe(0);
        const { js, duck } = await both(['a.csv', 'b.csv', '--tz', 'UTC', '--duplicates', mode], dir);
        expect(duck.kpis.resolution_rate).toMatchObject({ tickets: 3, resolved: 1 });
        expect(duck.inputs.map((i: { collapsed: number }) => i.collapsed)).toEqual([1, 2]);
        expectSameReport(js, duck);
      } else {
        // Last: T1 from b.csv (solved after 4 h), T2 closed after 24 h, T3 solved after 1 h.
        const { js, duck } = await both(['a.csv', 'b.csv', '--tz', 'UTC', '--duplicates', mode], dir);
        expect(duck.kpis.resolution_rate).toMatchObject({ tickets: 3, resolved: 3 });
        expect(duck.kpis.resolution_time.value).toBe((4 + 24 + 1) * 3600 / 3);
        expect(duck.inputs.map((i: { collapsed: number }) => i.collapsed)).toEqual([1, 2]);
        expectSameReport(js, duck);
      }
    });
  }
});

describe('--engine duckdb leaves invalid fields out as the JavaScript reader does (--invalid-fields drop_field)', () => {
  // Counted by hand: T2's first response is before its creation and its score 9 outside 1..5; T3's
  // resolution is dated 1901 (outside the valid years); T4's first response in minutes is negative;
  // T6's -3 minutes are never read (its seconds come first and have a value).
  const dir = scratch({
    't.csv': [
      'id,created_at,first_response_at,resolved_at,status,first_response_seconds,first_response_minutes,csat_score',
      'T1,2026-03-02 09:00,2026-03-02 10:00,2026-03-02 12:00,solved,,,5',
      'T2,2026-03-02 09:00,2026-03-02 08:00,2026-03-03 09:00,solved,,,9',
      'T3,2026-03-02 09:00,,1901-01-01 00:00,closed,,,',
      'T4,2026-03-02 09:00,,,open,,-5,4',
      'T5,2026-03-02 09:00,2026-03-02 09:30,,open,,,',
      'T6,2026-03-02 09:00,,,open,120,-3,',
      '',
    ].join('\n'),
  });
  const args = [join(dir, 't.csv'), '--tz', 'UTC', '--invalid-fields', 'drop_field', '--sla', 'first_response=1h,resolution=12h'];

  it('a period with answers but no tickets: every ticket count 0 there (not null), as in the JavaScript engine', async () => {
    // April has a survey answer and no ticket: its slice has no row of the tickets family.
    const more = scratch({
      's.csv': 'type,score,responded_at\ncsat,5,2026-04-02 09:00\n',
      'f.csv': 'id,created_at,resolved_at,status,sla_met\nF1,2026-03-05 09:00,2026-03-05 10:00,solved,true\nF2,2026-03-05 09:00,2026-03-06 10:00,solved,false\nF3,2026-03-05 09:00,,open,\n',
    });
    // t.csv has left-out fields (the dropped counts), f.csv an sla_met column.
    for (const [tickets, sla] of [[join(dir, 't.csv'), false], [join(more, 'f.csv'), true]] as const) {
      const { js, duck } = await both([tickets, join(more, 's.csv'), '--tz', 'UTC', '--invalid-fields', 'drop_field', '--period', 'month']);
      expectSameReport(js, duck);
      const april = duck.series[1];
      expect(april.period).toBe('2026-04');
      expect(april.kpis.csat.responses).toBe(1);
      const k = april.kpis;
      expect([k.ticket_volume.value, k.first_response_time.count, k.resolution_time.count]).toEqual([0, 0, 0]);
      if (sla) expect([k.sla_resolution.met, k.sla_resolution.missed, k.sla_resolution.pending, k.sla_resolution.no_flag]).toEqual([0, 0, 0, 0]);
      else expect(duck.kpis.first_response_time.dropped).toBe(2);
    }
  });

  it('files with a header and no rows: the JavaScript engine\'s empty report, with and without periods', async () => {
    const e = scratch({ 't.csv': 'id,created_at,resolved_at,status\n', 's.csv': 'type,score,responded_at\n' });
    for (const extra of [[], ['--period', 'month'], ['--by', 'status']]) {
      const { js, duck } = await both([join(e, 't.csv'), join(e, 's.csv'), '--tz', 'UTC', ...extra]);
      expectSameReport(js, duck);
      expect([duck.kpis.ticket_volume.value, duck.kpis.backlog.value, duck.window]).toEqual([0, 0, { from: null, to: null }]);
    }
  });

  it('the CSAT response rate where tickets can show a survey offered (Zendesk\'s Offered), with a surveys file beside them or not', async () => {
    const z = scratch({
      'offered.csv': 'Id,Created at,Solved at,Status,Satisfaction Score\n1,2026-03-02 09:00,2026-03-02 10:00,solved,Good\n2,2026-03-02 09:00,,open,Offered\n3,2026-03-03 09:00,2026-03-03 12:00,solved,Bad\n',
      'plain.csv': 'Id,Created at,Solved at,Status\n1,2026-03-02 09:00,2026-03-02 10:00,solved\n',
      's.csv': 'type,score,responded_at\ncsat,4,2026-03-02 11:00\n',
    });
    const rate = async (files: string[]) => {
      const { js, duck } = await both([...files.map((f) => join(z, f)), '--preset', 'zendesk', '--tz', 'UTC']);
      expectSameReport(js, duck);
      return duck.kpis.csat.response_rate;
    };
    // Offered tickets beside a surveys file still show it; tickets without the column do not.
    expect(await rate(['offered.csv', 's.csv'])).not.toBeNull();
    expect(await rate(['offered.csv'])).not.toBeNull();
    expect(await rate(['plain.csv', 's.csv'])).toBeNull();
  });

  it('counts each left-out field per column, keeps its row, and leaves that time out of its KPIs and SLAs', async () => {
    const { js, duck } = await both(args);
    expectSameReport(js, duck);
    for (const r of [js, duck]) {
      expect(r.inputs[0].dropped_fields).toEqual({ first_response_at: 1, csat_score: 1, resolved_at: 1, first_response_minutes: 1 });
      expect(Object.keys(r.inputs[0].dropped_fields)).toEqual(['first_response_at', 'csat_score', 'resolved_at', 'first_response_minutes']);
      expect(r.inputs[0].used).toBe(6);
      const k = r.kpis;
      expect([k.first_response_time.count, k.first_response_time.dropped, k.first_response_time.unanswered]).toEqual([3, 2, 1]);
      expect(k.first_response_time.value).toBeCloseTo((3600 + 1800 + 120) / 3, 9);
      expect([k.resolution_time.count, k.resolution_time.dropped, k.resolution_time.value]).toEqual([2, 1, (10800 + 86400) / 2]);
      expect([k.sla_first_response.met, k.sla_first_response.missed, k.sla_first_response.pending]).toEqual([3, 0, 1]);
      // T1 3 h met, T2 24 h missed, T3's time left out; T4–T6 open 24 h at the last ticket time (T2's resolution): overdue.
      expect([k.sla_resolution.met, k.sla_resolution.missed, k.sla_resolution.pending, k.sla_resolution.overdue]).toEqual([1, 4, 0, 3]);
      expect(k.csat.responses).toBe(2);
    }
  });

  it('lists the left-out fields and says how many, in the JavaScript engine\'s lines', async () => {
    const js = await cli(['compute', ...args, '--format', 'json']);
    const duck = await cli(['compute', ...args, '--format', 'json', '--engine', 'duckdb']);
    const notes = (e: string) => e.split('\n').filter((l) => l.includes('t.csv:') || l.startsWith('note: 4 invalid fields'));
    expect(notes(duck.stderr)).toEqual(notes(js.stderr));
    expect(notes(duck.stderr).map((l) => l.replace(/^.*t\.csv:/, ''))).toEqual([
      '3: first_response_at: is before created_at ("2026-03-02 08:00")',
      '3: csat_score: csat score must be in 1..5 ("9")',
      '4: resolved_at: year 1901 is outside 1970..2099 (a placeholder for "no date"? --valid-years sets the range) ("1901-01-01 00:00")',
      '5: first_response_minutes: negative duration ("-5")',
      'note: 4 invalid fields left out (--invalid-fields drop_field): first_response_at 1, csat_score 1, resolved_at 1, first_response_minutes 1; their rows count in every other KPI (JSON: inputs[].dropped_fields, kpis.*.dropped)',
    ]);
  });

  it('leaves out negative and over-long durations as the JavaScript reader does (plain digits too: epoch milliseconds in a seconds column)', async () => {
    const d = scratch({
      't.csv': ['id,created_at,first_response_seconds,resolution_hours', 'T1,2026-03-02 09:00,40000000000,9000000.5', 'T2,2026-03-02 09:00,-7,1', 'T3,2026-03-02 09:00,5,2', 'T4,2026-03-02 09:00,99999999:00:00,2', ''].join('\n'),
    });
    const a = [join(d, 't.csv'), '--tz', 'UTC', '--invalid-fields', 'drop_field'];
    const { js, duck } = await both(a);
    expectSameReport(js, duck);
    // By hand: 40000000000 s (1,268 years), 9000000.5 h and 99999999 h are over 1000 years (3.16e10 s), -7 is negative.
    expect(duck.inputs[0].dropped_fields).toEqual({ first_response_seconds: 3, resolution_hours: 1 });
    expect([duck.kpis.first_response_time.count, duck.kpis.first_response_time.dropped, duck.kpis.resolution_time.count]).toEqual([1, 3, 3]);
  });

  it('stops at a cell it does not read, rather than leave out a field the JavaScript reader may read', async () => {
    const d = scratch({ 't.csv': 'id,created_at,first_response_minutes\nT1,2026-03-02 09:00,1e1\n' });
    const r = await cli(['compute', join(d, 't.csv'), '--tz', 'UTC', '--invalid-fields', 'drop_field', '--engine', 'duckdb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^csm-kpi: .*t\.csv:2: first_response_minutes: not a duration the DuckDB engine reads .*\("1e1"\)\n$/);
  });
});

describe('sqlNumber', () => {
  it('reads what the drivers return: numbers, bigints, numerics as text, NULL; refuses anything else by name', () => {
    expect([sqlNumber(1.5), sqlNumber(12n), sqlNumber('0.25'), sqlNumber({ toString: () => '7' }), sqlNumber(null), sqlNumber(undefined)]).toEqual([1.5, 12, 0.25, 7, null, null]);
    expect(() => sqlNumber('n/a')).toThrow(/^not a number from SQL: n\/a$/);
  });
});
