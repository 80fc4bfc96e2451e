/**
 * Intervals in the report, against examples/verify_intervals.py (scipy, straight from the
 * CSV files, no csm-kpi code): `python3 examples/verify_intervals.py fixtures [0.9]` and
 * `python3 examples/verify_intervals.py zendesk FILE`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from '../helpers.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv', '--tz', 'UTC'];

async function kpis(args: string[]) {
  const r = await cli(['compute', ...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).kpis;
}

function near(actual: { low: number; high: number } | null, expected: [number, number]) {
  expect(actual).not.toBeNull();
  expect(actual!.low).toBeCloseTo(expected[0], 6);
  expect(actual!.high).toBeCloseTo(expected[1], 6);
}

describe('intervals on the fixtures (scipy reference)', () => {
  it('95 %: Wilson for rates, t for means (kept ≥ 0 and on the scale), order statistics for medians, NPS as a mean', async () => {
    const k = await kpis(FIXTURES);
    near(k.first_response_time.ci, [0, 2005.334047548988]);
    near(k.first_response_time.median_ci, [60, 3600]);
    near(k.resolution_time.ci, [0, 64916.924274333076]);
    near(k.resolution_time.median_ci, [300, 86400]);
    near(k.resolution_rate.ci, [39.67781474611453, 89.22087325936991]);
    near(k.first_contact_resolution.ci, [25.04583645276572, 84.17801447485303]);
    near(k.average_handle_time.ci, [0, 3658.302994596686]);
    near(k.csat.ci, [40.92754303101688, 92.8520787247891]);
    near(k.nps.ci, [-12.585579968808116, 74.12404150726965]);
    near(k.ces.ci, [2.184285223017728, 5]);
    expect(k.csat.ci.level).toBe(0.95);
    // Counts and whole-population figures have none.
    expect(k.ticket_volume.ci).toBeUndefined();
    expect(k.retention_rate.ci).toBeUndefined();
  });

  it('--confidence 0.9 sets every level', async () => {
    const k = await kpis([...FIXTURES, '--confidence', '0.9']);
    near(k.first_response_time.ci, [176.4964751968447, 1803.503524803155]);
    expect(k.nps.ci.level).toBe(0.9);
    const bad = await cli(['compute', ...FIXTURES, '--confidence', '0.8']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--confidence <level>.*must be 0\.9, 0\.95 or 0\.99/);
  });

  it('small samples (below 30 by default) are marked and get no band; --min-sample sets the limit', async () => {
    const k = await kpis(FIXTURES);
    expect(k.nps).toMatchObject({ value: 40, responses: 10, small_sample: true, band: null });
    expect(k.csat).toMatchObject({ small_sample: true, band: null });
    // A count is not a sample: tickets per customer keeps its band.
    expect(k.tickets_per_customer).toMatchObject({ band: 'exceptional' });
    expect(k.tickets_per_customer.small_sample).toBeUndefined();
    const loose = await kpis([...FIXTURES, '--min-sample', '10']);
    expect(loose.nps).toMatchObject({ small_sample: false, band: 'typical' });
    expect(loose.csat).toMatchObject({ responses: 8, small_sample: true, band: null });
  });

  it('no value is no sample: a KPI without its input column is not marked small, in JSON or in the table', async () => {
    // Three tickets, no self_service column: the rate has no value over its 3 tickets.
    const dir = scratch({ 't.csv': 'id,created_at,status\nT1,2026-03-02,solved\nT2,2026-03-02,open\nT3,2026-03-02,solved\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    const k = JSON.parse(r.stdout).kpis;
    expect(k.self_service_rate).toMatchObject({ value: null, small_sample: false, band: null, ci: null });
    expect(k.resolution_rate).toMatchObject({ value: 200 / 3, small_sample: true, band: null });
    const table = await cli(['compute', 't.csv', '--tz', 'UTC'], { cwd: dir, env: { NO_COLOR: '1' } });
    const row = (name: string) => table.stdout.split('\n').find((l) => l.includes(name))!;
    expect(row('Self-service rate')).not.toContain('small sample');
    expect(row('Resolution rate')).toContain('small sample');
  });
});

describe('intervals on the Zendesk export (scipy reference)', () => {
  it('the extract in fixtures/datasets', async () => {
    const k = await kpis(['fixtures/datasets/zendesk-plum.csv', '--preset', 'zendesk', '--tz', 'Asia/Kolkata']);
    near(k.csat.ci, [65.37364041400254, 87.50606159176722]);
    near(k.resolution_rate.ci, [79.78919765479307, 88.00931832112144]);
    near(k.resolution_time.ci, [2038608.8724679346, 2370606.621603212]);
    near(k.resolution_time.median_ci, [1865880, 2300880]);
  });

  const full = join(ROOT, '../shared/datasets/zendesk-plum/zendesk_tickets.csv');
  it.skipIf(!existsSync(full))('the full export: CSAT 720 of 813 → 86.19–90.57 %', async () => {
    const k = await kpis([full, '--preset', 'zendesk', '--tz', 'Asia/Kolkata']);
    near(k.csat.ci, [86.18930862505424, 90.56977274004007]);
    near(k.resolution_rate.ci, [86.93995692831227, 87.95154024318539]);
    near(k.resolution_time.ci, [722178.1914332032, 755514.4506654851]);
    near(k.resolution_time.median_ci, [332280, 355440]);
  });
});

describe('changes that are real', () => {
  it('a period change is significant only when the interval of the difference excludes 0', async () => {
    // Week 1: 40 of 50 answers satisfied; week 2: 1 of 3 (a drop of 46.7 pp, but on 3 answers); week 3: 10 of 50.
    const rows = ['type,score,responded_at'];
    const week = (day: string, satisfied: number, n: number) => {
      for (let i = 0; i < n; i++) rows.push(`csat,${i < satisfied ? 5 : 1},${day} 10:00`);
    };
    week('2026-03-02', 40, 50);
    week('2026-03-09', 1, 3);
    week('2026-03-16', 10, 50);
    const { scratch } = await import('../helpers.js');
    const dir = scratch({ 's.csv': rows.join('\n') + '\n' });
    const r = await cli(['compute', 's.csv', '--tz', 'UTC', '--period', 'week', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const series = JSON.parse(r.stdout).series.map((s: { kpis: { csat: unknown } }) => s.kpis.csat);
    expect(series[0]).toMatchObject({ value: 80, change: null, significant: null });
    // 80 % → 33 % on three answers: Newcombe's interval of the difference still holds 0.
    expect(series[1]).toMatchObject({ responses: 3, small_sample: true, significant: false });
    expect(series[1].change).toBeCloseTo(100 / 3 - 80, 10);
    // 33 % on three → 20 % on fifty: not significant either; but week 1 against week 3 would be.
    expect(series[2]).toMatchObject({ value: 20, significant: false });
  });

  it('groups carry vs_total: the difference from the total, tested against the rest of the data', async () => {
    const rows = ['type,score,agent'];
    for (let i = 0; i < 60; i++) rows.push(`csat,${i < 57 ? 5 : 1},ana`); // 95 %
    for (let i = 0; i < 60; i++) rows.push(`csat,${i < 30 ? 5 : 1},ben`); // 50 %
    for (let i = 0; i < 4; i++) rows.push(`csat,${i < 3 ? 5 : 1},cy`); // 75 % of 4
    const { scratch } = await import('../helpers.js');
    const dir = scratch({ 's.csv': rows.join('\n') + '\n' });
    const r = await cli(['compute', 's.csv', '--by', 'agent', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const byKey = Object.fromEntries(report.groups.agent.map((g: { key: string; kpis: { csat: unknown } }) => [g.key, g.kpis.csat]));
    const total = report.kpis.csat.value; // 90 of 124
    expect(byKey.ana.vs_total.change).toBeCloseTo(95 - total, 10);
    expect(byKey.ana.vs_total.significant).toBe(true);
    expect(byKey.ben.vs_total.significant).toBe(true);
    expect(byKey.cy.vs_total).toMatchObject({ significant: false });
  });

  it('one NPS answer a day, a promoter then a detractor: a change of −200, not a proven one (adjusted-Wald)', async () => {
    const { scratch } = await import('../helpers.js');
    const dir = scratch({ 's.csv': 'type,score,responded_at\nnps,10,2026-03-02 10:00\nnps,0,2026-03-03 10:00\n' });
    const r = await cli(['compute', 's.csv', '--tz', 'UTC', '--period', 'day', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).series[1].kpis.nps).toMatchObject({ value: -100, change: -200, significant: false });
  });

  it('equal times on two days (60, 60 s then 120, 120 s): no spread measured, so no significant change', async () => {
    const { scratch } = await import('../helpers.js');
    const t = ['id,created_at,first_response_seconds', 'A,2026-03-02 09:00,60', 'B,2026-03-02 10:00,60', 'C,2026-03-03 09:00,120', 'D,2026-03-03 10:00,120'];
    const dir = scratch({ 't.csv': t.join('\n') + '\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--period', 'day', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).series[1].kpis.first_response_time).toMatchObject({ value: 120, ci: null, change: 60, significant: null });
  });
});

describe('targets that ask for confidence (">= 90 @95%")', () => {
  it('a miss whose interval still reaches the target is "uncertain", not a breach; a miss beyond the interval is', async () => {
    const { scratch } = await import('../helpers.js');
    // 26 of 30 satisfied: 86.7 %, Wilson 95 % interval 70.3–94.7 % (scipy): reaches 90, not 96.
    const rows = ['type,score'];
    for (let i = 0; i < 30; i++) rows.push(`csat,${i < 26 ? 5 : 1}`);
    const dir = scratch({
      's.csv': rows.join('\n') + '\n',
      'noise.json': JSON.stringify({ csat: '>= 90 @95%' }),
      'plain.json': JSON.stringify({ csat: '>= 90' }),
      'far.json': JSON.stringify({ csat: '>= 96 @95%' }),
      'count.json': JSON.stringify({ ticket_volume: '>= 1 @95%' }),
    });
    const run = (t: string) => cli(['compute', 's.csv', '--targets', t, '--fail-on-breach', '--format', 'json'], { cwd: dir });
    const noise = await run('noise.json');
    expect(noise.code).toBe(0);
    expect(JSON.parse(noise.stdout).kpis.csat.target).toEqual({ rule: '>= 90 @95%', threshold: 90, status: 'uncertain' });
    expect((await run('plain.json')).code).toBe(1);
    const far = await run('far.json');
    expect(far.code).toBe(1);
    expect(far.stderr).toContain('breach: csat 86.7 % (target >= 96 @95%)');
    const count = await run('count.json');
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('ticket_volume: "@95": ticket_volume is a count, not an estimate with an interval');
  });

  it('every comparison against the interval: <= and < look at its low end, == at both ends', async () => {
    const { scratch } = await import('../helpers.js');
    // The same 26 of 30 (86.7 %): Wilson 95 % interval 70.32–94.69 % (by hand, z = 1.96).
    const rows = ['type,score'];
    for (let i = 0; i < 30; i++) rows.push(`csat,${i < 26 ? 5 : 1}`);
    const dir = scratch({ 's.csv': rows.join('\n') + '\n' });
    const status = async (rule: string) => {
      writeFileSync(join(dir, 't.json'), JSON.stringify({ csat: rule }));
      const r = await cli(['compute', 's.csv', '--targets', 't.json', '--format', 'json'], { cwd: dir });
      return JSON.parse(r.stdout).kpis.csat.target.status;
    };
    expect(await status('<= 80 @95%')).toBe('uncertain');
    expect(await status('< 71 @95%')).toBe('uncertain');
    expect(await status('< 70 @95%')).toBe('breached');
    expect(await status('<= 70.3 @95%')).toBe('breached');
    expect(await status('> 94 @95%')).toBe('uncertain');
    expect(await status('> 95 @95%')).toBe('breached');
    expect(await status('== 90 @95%')).toBe('uncertain');
    expect(await status('== 71 @95%')).toBe('uncertain');
    expect(await status('== 96 @95%')).toBe('breached');
    expect(await status('== 60 @95%')).toBe('breached');
    expect(await status('== 86.66666666666667')).toBe('met');
  });

  it('a mean of one ticket has no interval: a miss at a confidence level is uncertain, without one a breach', async () => {
    const { scratch } = await import('../helpers.js');
    const dir = scratch({
      't.csv': 'id,created_at,first_response_at\nT1,2026-03-02 09:00,2026-03-02 09:10\n',
      'level.json': JSON.stringify({ first_response_time: '<= 1m @95%' }),
      'plain.json': JSON.stringify({ first_response_time: '<= 1m' }),
    });
    const status = async (t: string) =>
      JSON.parse((await cli(['compute', 't.csv', '--tz', 'UTC', '--targets', t, '--format', 'json'], { cwd: dir })).stdout).kpis.first_response_time.target.status;
    expect(await status('level.json')).toBe('uncertain');
    expect(await status('plain.json')).toBe('breached');
  });

  it("a threshold exactly at the interval's end: inside for == and <=", async () => {
    const { scratch } = await import('../helpers.js');
    // First responses of 1, 1, 1 and 100 min: mean 25.75 min; the t interval's low end is
    // below 0, so it is clipped to 0 (a duration): exactly 0.
    const t = ['id,created_at,first_response_minutes', 'T1,2026-03-02 09:00,1', 'T2,2026-03-02 09:00,1', 'T3,2026-03-02 09:00,1', 'T4,2026-03-02 09:00,100'];
    const dir = scratch({ 't.csv': t.join('\n') + '\n' });
    const report = async (rule: string) => {
      writeFileSync(join(dir, 't.json'), JSON.stringify({ first_response_time: rule }));
      return JSON.parse((await cli(['compute', 't.csv', '--tz', 'UTC', '--targets', 't.json', '--format', 'json'], { cwd: dir })).stdout).kpis.first_response_time;
    };
    expect((await report('== 0 @95%')).ci.low).toBe(0);
    expect((await report('== 0 @95%')).target.status).toBe('uncertain');
    expect((await report('<= 0 @95%')).target.status).toBe('uncertain');
    // ("< 0", beyond it, is a rule no time meets: refused, targets.test.ts.)
  });

  it('a nightly @95% target does not fail on one answer or on equal values (hunt18): uncertain, exit 0', async () => {
    const { scratch } = await import('../helpers.js');
    const dir = scratch({
      'nps.csv': 'type,score\nnps,3\n',
      'nps.json': '{"nps": ">= 30 @95%"}',
      'ces.csv': 'type,score\nces,2\nces,2\n',
      'ces.json': '{"ces": ">= 3 @95%"}',
      't.csv': 'id,created_at,first_response_seconds\nT1,2026-03-02 09:00,7200\nT2,2026-03-02 10:00,7200\n',
      't.json': '{"first_response_time": "<= 1h @95%"}',
    });
    const run = async (file: string, targets: string, kpi: string) => {
      const r = await cli(['compute', file, '--tz', 'UTC', '--targets', targets, '--fail-on-breach', '--format', 'json'], { cwd: dir });
      return [r.code, JSON.parse(r.stdout).kpis[kpi].target.status, JSON.parse(r.stdout).kpis[kpi].ci];
    };
    // One detractor: adjusted-Wald centre −25 ± 1.96·37.5, which reaches 30.
    const [code, status, ci] = await run('nps.csv', 'nps.json', 'nps');
    expect([code, status]).toEqual([0, 'uncertain']);
    expect(ci.high).toBeCloseTo(-25 + 1.959963984540054 * 37.5, 10);
    // Two equal values: no interval (sd 0), so a miss is not proven: as with one value.
    expect(await run('ces.csv', 'ces.json', 'ces')).toEqual([0, 'uncertain', null]);
    expect(await run('t.csv', 't.json', 'first_response_time')).toEqual([0, 'uncertain', null]);
  });

  it('explain gives each estimate its interval formula', async () => {
    const r = await cli(['explain', 'csat']);
    expect(r.stdout).toMatch(/interval: Wilson score interval/);
    expect((await cli(['explain', 'nps'])).stdout).toMatch(/interval: adjusted-Wald \(Rocks 2016\)/);
    expect((await cli(['explain', 'ticket_volume'])).stdout).not.toMatch(/interval:/);
  });
});
