/**
 * Each canonical column as the header names it: its unit (a 60× slip between minutes and
 * seconds is the bug this file exists for), which KPI it feeds, and the header rules
 * (case, spaces and dashes, duplicates, required columns, the kind of file).
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { detectKind, normalizeCamel, normalizeHeader } from '../../src/input/header/columns.js';

async function kpis(csv: string, args: string[] = []) {
  const dir = scratch({ 't.csv': csv });
  const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json', ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).kpis;
}

const ALWAYS_OPEN = ['--business-hours', 'Mon-Sun 00:00-24:00'];

describe('duration columns and their units: 2 of the unit, on one ticket', () => {
  it.each([
    ['first_response_seconds', 'first_response_time', 2],
    ['first_response_minutes', 'first_response_time', 120],
    ['first_response_hours', 'first_response_time', 7200],
    ['resolution_seconds', 'resolution_time', 2],
    ['resolution_minutes', 'resolution_time', 120],
    ['resolution_hours', 'resolution_time', 7200],
    ['talk_seconds', 'average_handle_time', 2],
    ['hold_seconds', 'average_handle_time', 2],
    ['after_work_seconds', 'average_handle_time', 2],
    ['handle_seconds', 'average_handle_time', 2],
  ])('%s feeds %s with %d s', async (column, kpi, seconds) => {
    const k = await kpis(`id,created_at,status,${column}\nT1,2026-03-02 09:00,solved,2\n`);
    expect(k[kpi].value).toBe(seconds);
    // On an always-open business clock a calendar duration counts the same.
    expect((await kpis(`id,created_at,status,${column}\nT1,2026-03-02 09:00,solved,2\n`, ALWAYS_OPEN))[kpi].value).toBe(seconds);
  });

  it.each([
    ['first_response_business_seconds', 'first_response_time', 2],
    ['first_response_business_minutes', 'first_response_time', 120],
    ['resolution_business_seconds', 'resolution_time', 2],
    ['resolution_business_minutes', 'resolution_time', 120],
  ])('%s (the helpdesk\'s business-hours figure) feeds %s with %d s, on the business clock only', async (column, kpi, seconds) => {
    const csv = `id,created_at,status,${column}\nT1,2026-03-02 09:00,solved,2\n`;
    // Taken as it is (not counted again on the schedule, which here is closed all weekend).
    expect((await kpis(csv, ['--business-hours', 'Sat 10:00-11:00']))[kpi]).toMatchObject({ value: seconds, clock: 'business' });
    expect((await kpis(csv))[kpi]).toMatchObject({ value: null, note: expect.stringContaining(`${column} is used only with --business-hours`) });
  });

  it('talk, hold and after-work add up, a missing part counting 0; handle_seconds is the total when given', async () => {
    const k = await kpis('id,created_at,talk_seconds,hold_seconds,after_work_seconds,handle_seconds\nT1,2026-03-02,60,30,10,\nT2,2026-03-02,100,,,\nT3,2026-03-02,1,1,1,500\nT4,2026-03-02,,,,\n');
    // (100 + 100 + 500) / 3: T4 has no part.
    expect(k.average_handle_time).toMatchObject({ value: 700 / 3, count: 3 });
  });

  it('timestamps beat the given durations; an earlier first column beats a later one', async () => {
    const k = await kpis('id,created_at,first_response_at,first_response_seconds,resolved_at,resolution_minutes,status\nT1,2026-03-02 09:00,2026-03-02 09:05,1,2026-03-02 10:00,1,solved\nT2,2026-03-02 09:00,,7,,2,closed\n');
    expect(k.first_response_time).toMatchObject({ value: (300 + 7) / 2, count: 2 });
    expect(k.resolution_time).toMatchObject({ value: (3600 + 120) / 2, count: 2 });
  });
});

describe('headers', () => {
  it('normalize: case, spaces and dashes, the ends trimmed, zero-width characters dropped', () => {
    // Names also come from configs and --by, which the CSV reader never trimmed.
    expect(normalizeHeader(' Created-At\u200b ')).toBe('created_at');
    expect(normalizeHeader('First  Response - Seconds')).toBe('first_response_seconds');
    expect(normalizeHeader('\u2060SLA\u200d Status\t')).toBe('sla_status');
    expect(normalizeCamel(' createdAt ')).toBe('created_at');
    expect(normalizeCamel('SLAStatus')).toBe('sla_status');
    expect(normalizeCamel('CREATEDDATE')).toBe('createddate');
  });
  it('match case-insensitively, spaces and dashes standing for underscores', async () => {
    const k = await kpis('ID, Created At ,First-Response  Seconds,STATUS\nT1,2026-03-02 09:00,30,Solved\n');
    expect(k.first_response_time.value).toBe(30);
    expect(k.resolution_rate.resolved).toBe(1);
  });
  it('two headers feeding one column are refused, naming both', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,Created-At\nT1,2026-03-02,2026-03-02\n' });
    const r = await cli(['compute', 't.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('csm-kpi: t.csv: columns 2 ("created_at") and 3 ("Created-At") both give created_at; keep one, or name the one to use in the config\'s "columns"\n');
  });
  it.each([
    ['tickets', 'created_at,status\n', 'csm-kpi: t.csv: tickets file lacks the required column id (header: created_at, status)\n'],
    ['surveys', '--surveys', 'csm-kpi: t.csv: surveys file lacks the required column score (header: a, b)\n'],
    ['customers', 'period_start,customers_start\n', 'csm-kpi: t.csv: customers file lacks the required columns customers_end, new_customers (header: period_start, customers_start)\n'],
  ])('a %s file without its required columns', async (_kind, header, message) => {
    const dir = scratch({ 't.csv': header === '--surveys' ? 'a,b\n1,2\n' : header });
    const r = await cli(['compute', ...(header === '--surveys' ? ['--surveys', 't.csv'] : ['t.csv'])], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
  });
  it('the kind comes from the header: created_at, score, customers_start or churned', async () => {
    const dir = scratch({
      a: 'created_at,id\n2026-03-02,T1\n',
      b: 'score,type\n9,nps\n',
      c: 'period_start,customers_start,customers_end,new_customers\n2026-03-01,10,9,0\n',
      d: 'customer_id,churned\nC1,yes\nC2,no\n',
      e: 'name,age\nx,1\n',
    });
    const r = await cli(['compute', 'a', 'b', 'c', '--format', 'json', '--tz', 'UTC'], { cwd: dir });
    expect(JSON.parse(r.stdout).inputs.map((i: { kind: string }) => i.kind)).toEqual(['tickets', 'surveys', 'customers']);
    expect(JSON.parse((await cli(['compute', 'd', '--format', 'json'], { cwd: dir })).stdout).kpis.churn_rate).toMatchObject({ value: 50 });
    const bad = await cli(['compute', 'e'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^csm-kpi: e: cannot tell what this file holds from its header \(name, age\); tickets need created_at/);
  });
  it('a score column beside customer counts or a churned flag (a health score) does not make answers; beside churned and an answer\'s own column it does', () => {
    expect(detectKind(['period_start', 'customers_start', 'customers_end', 'new_customers', 'score'])).toBe('customers');
    expect(detectKind(['customer_id', 'churned', 'period_start', 'score'])).toBe('customers');
    for (const own of ['type', 'responded_at', 'ticket_id']) expect(detectKind(['score', 'churned', own]), own).toBe('surveys');
    // created_at first, then score: a survey export with a created_at is read as tickets (mapHeader's hint says so).
    expect(detectKind(['created_at', 'score', 'customers_start'])).toBe('tickets');
    expect(detectKind(['score'])).toBe('surveys');
    expect(detectKind(['churned'])).toBe('customers');
    expect(detectKind(['name'])).toBe(null);
  });
});
