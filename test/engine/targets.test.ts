import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { applyTargets } from '../../src/engine/targets.js';
import { parseTarget, parseTargets, readTargets } from '../../src/settings/targets.js';
import { scratch } from '../helpers.js';
import type { KpiResults } from '../../src/metrics/kpi-set.js';

const kpis = (values: Record<string, number | null>): KpiResults =>
  Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { value, unit: 'x', band: null }])) as KpiResults;

describe('parseTarget', () => {
  it.each([
    ['csat', '>= 90', '>=', 90],
    ['csat', '>=90 %', '>=', 90],
    ['csat', '>= 90%', '>=', 90],
    ['csat', '< 85.55', '<', 85.55],
    ['csat', ' > 85.5 ', '>', 85.5],
    ['nps', '>= -10', '>=', -10],
    ['nps', '= 40', '==', 40],
    ['nps', '== +40', '==', 40],
    ['first_response_time', '<= 1h', '<=', 3600],
    ['first_response_time', '< 15m', '<', 900],
    ['resolution_time', '<= 90', '<=', 90],
    ['tickets_per_customer', '< 3', '<', 3],
    ['nps', '> -100', '>', -100],
    // A small rate is a fine ceiling; a fraction written with its % is taken at its word.
    ['reopen_rate', '<= 0.5', '<=', 0.5],
    ['resolution_rate', '>= 0.9 %', '>=', 0.9],
    ['resolution_rate', '>= 1', '>=', 1],
  ] as const)('%s %j', (kpi, rule, op, threshold) => {
    expect(parseTarget(kpi, rule)).toEqual({ kpi, rule: rule.trim(), op, threshold });
  });
  it.each([
    ['happiness', '>= 1', /unknown KPI "happiness"/],
    ['csat', 'at least 90', /"at least 90" is not a rule such as ">= 90", "<= 1h" or ">= 90 @95%"/],
    ['csat', 'x >= 90', /not a rule such as/],
    ['csat', '>= 90 %%', /"90 %%" is not a percentage/],
    ['csat', '>= ninety', /"ninety" is not a percentage such as 90/],
    ['csat', '>= 9.', /"9\." is not a percentage/],
    ['nps', '>= 40 %', /"40 %" is not a number/],
    ['tickets_per_customer', '<= 3x', /"3x" is not a number/],
    ['first_response_time', '<= soon', /"soon" is not a duration such as 15m, 1h or 90 \(seconds\)/],
    ['csat', '=> 90', /"=> 90" is not a rule such as ">= 90", "<= 1h" or ">= 90 @95%" \(operators: >= <= > < ==\)/], // was "> 90" is not a percentage
    ['csat', '<> 90', /"<> 90" is not a rule such as/],
    // A percent is 0..100: ">= -5" was always met and "<= 120" never breached, silently.
    ['resolution_rate', '>= -5', /"-5" is not a percentage from 0 to 100/],
    ['csat', '<= 120 %', /"120 %" is not a percentage from 0 to 100/],
    // A hunt (2026-11-27): ">= 0.9" (90 % as a fraction) was met by a 50 % rate; an NPS of -200 by any.
    ['resolution_rate', '>= 0.9', /"0\.9" would be 0\.9 %: percentages are written from 0 to 100 \(90 for 90 %; "0\.9 %" if you mean it\)/],
    ['csat', '> 0.85', /"0\.85" would be 0\.85 %/],
    ['csat', '>= 0.995', /\(99\.5 for 99\.5 %;/],
    ['nps', '>= -200', /"-200" is not an NPS from -100 to 100/],
    ['nps', '<= 101', /"101" is not an NPS from -100 to 100/],
    ['tickets_per_customer', '>= -1', /"-1" is below 0, which tickets_per_customer never is/],
    // A hunt (2026-11-28): a rule at the edge of the range can never fail a nightly run, or never pass it.
    ['nps', '>= -100', /">= -100" is met by every value of nps \(from -100 to 100\): a target that can never fail/],
    ['csat', '>= 0', /met by every value of csat \(from 0 to 100\)/],
    ['csat', '<= 100 %', /met by every value of csat/],
    ['first_response_time', '>= 0', /met by every value of first_response_time \(from 0\): a target that can never fail/],
    ['csat', '> 100', /met by no value of csat \(from 0 to 100\): a target that can never be met/],
    ['backlog', '< 0', /met by no value of backlog \(from 0\)/],
    // A mean CES is on its scale, 1..5 unless set: ">= 6" was accepted, and breached every night.
    ['ces', '>= 6', /"6" is off the CES scale 1-5 \(--ces-scale or the config's scales\.ces sets another\)/],
    ['ces', '<= 0.5', /"0\.5" is off the CES scale 1-5/],
    ['ces', '>= 1', /">= 1" is met by every value of ces \(from 1 to 5\): a target that can never fail/],
    ['ces', '> 5', /met by no value of ces \(from 1 to 5\)/],
  ])('refuses %s %j', (kpi, rule, message) => {
    expect(() => parseTarget(kpi, rule)).toThrow(message);
  });

  it('reads a CES rule on the scale it is given', () => {
    // On 1..7, 6 is a score and 5 the edge of nothing; 1..7's own edges are refused.
    const seven = { min: 1, max: 7 };
    expect(parseTarget('ces', '>= 6', seven)).toEqual({ kpi: 'ces', rule: '>= 6', op: '>=', threshold: 6 });
    expect(parseTarget('ces', '<= 5', seven)).toMatchObject({ op: '<=', threshold: 5 });
    expect(() => parseTarget('ces', '<= 7', seven)).toThrow(/met by every value of ces \(from 1 to 7\)/);
    expect(() => parseTarget('ces', '>= 8', seven)).toThrow(/"8" is off the CES scale 1-7/);
    expect(() => parseTarget('ces', '<= 5')).toThrow(/met by every value of ces \(from 1 to 5\)/);
  });
});

describe('applyTargets', () => {
  it.each([
    ['>= 90', 90, 'met'],
    ['>= 90', 89.99, 'breached'],
    ['> 90', 90, 'breached'],
    ['> 90', 90.01, 'met'],
    ['<= 90', 90, 'met'],
    ['<= 90', 90.01, 'breached'],
    ['< 90', 90, 'breached'],
    ['< 90', 89.99, 'met'],
    ['== 90', 90, 'met'],
    ['== 90', 90.5, 'breached'],
  ] as const)('csat %s with %d is %s', (rule, value, status) => {
    const k = kpis({ csat: value });
    const breached = applyTargets(k, [parseTarget('csat', rule)]);
    expect(k.csat!.target).toEqual({ rule, threshold: 90, status });
    expect(breached.map((u) => [u.target.kpi, u.status])).toEqual(status === 'breached' ? [['csat', 'breached']] : []);
  });
  it('no value is no_data, and a KPI absent from the report too: both are returned (a target nobody can check is not met, issue 13)', () => {
    const k = kpis({ nps: null });
    const unmet = applyTargets(k, [parseTarget('nps', '>= 30'), parseTarget('sla_resolution', '>= 95')]);
    expect(k.nps!.target).toEqual({ rule: '>= 30', threshold: 30, status: 'no_data' });
    expect(k.sla_resolution).toBeUndefined();
    expect(unmet.map((u) => [u.target.kpi, u.status])).toEqual([['nps', 'no_data'], ['sla_resolution', 'no_data']]);
  });
  it('returns every breached target, in order', () => {
    const k = kpis({ csat: 70, nps: 10, ces: 4 });
    const ts = parseTargets({ nps: '>= 30', ces: '>= 3', csat: '>= 90' }, 't.json');
    expect(applyTargets(k, ts).map((u) => u.target.kpi)).toEqual(['nps', 'csat']);
  });
});

describe('parseTargets', () => {
  it('names the file and the KPI in messages', () => {
    expect(() => parseTargets({ csat: 90 }, 't.json')).toThrow(/^t\.json: csat: must be a rule string such as ">= 90"$/);
    expect(() => parseTargets({ csat: '>= lots' }, 'config targets')).toThrow(/^config targets: csat: "lots" is not a percentage such as 90$/);
    // The whole file is wrong: no key to name.
    expect(() => parseTargets([1], 't.json')).toThrow(/^t\.json: Invalid input/);
  });
  it('a missing or broken targets file is one clear line', () => {
    const dir = scratch({ 'bad.json': '{"csat": ' });
    expect(() => readTargets(join(dir, 'none.json'), 'none.json')).toThrow(/^none\.json: no such targets file$/);
    expect(() => readTargets(join(dir, 'bad.json'), 'bad.json')).toThrow(/^bad\.json: not valid JSON \(/);
    expect(readTargets(join(scratch({ 't.json': '{"nps": ">= 30"}' }), 't.json'), 't.json')).toEqual([{ kpi: 'nps', rule: '>= 30', op: '>=', threshold: 30 }]);
  });
});
