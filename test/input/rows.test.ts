/**
 * Every rule a row is checked against, one row each, with the message as the user reads it
 * (file:line: column: message ("value")); and the edges that pass. Through the in-process
 * CLI, so the default (typed cells read from the bytes) path is the one under test;
 * fast-path.test.ts holds the two paths to each other.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { normalizeToken } from '../../src/input/rows/row-reader.js';

async function problems(name: string, text: string, args: string[] = []): Promise<string[]> {
  const dir = scratch({ [name]: text });
  const r = await cli(['validate', name, '--tz', 'UTC', ...args], { cwd: dir });
  return r.stderr.trim().split('\n').filter((l) => l.startsWith(`${name}:`));
}

async function report(files: Record<string, string>, args: string[] = []) {
  const dir = scratch(files);
  const r = await cli(['compute', ...Object.keys(files), '--tz', 'UTC', '--format', 'json', ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('ticket rows', () => {
  // Each of the helpdesk's wait and work columns by its name and unit: a value of 2 in it alone.
  it.each(
    (['requester_wait', 'agent_work'] as const).flatMap((stem) =>
      (['calendar', 'business'] as const).flatMap((clock) =>
        ([['seconds', 2], ['minutes', 120], ['hours', 7200]] as const).map(([unit, seconds]) => [`${stem}${clock === 'business' ? '_business' : ''}_${unit}`, `${stem}_time`, seconds, clock] as const),
      ),
    ),
  )('%s = 2 alone: %s %d s on the %s clock', async (column, kpi, seconds, clock) => {
    const r = await report({ 't.csv': `id,created_at,resolved_at,${column}\nT1,2026-03-02,2026-03-03,2\n` }, clock === 'business' ? ['--business-hours', 'Mon-Fri 09:00-17:00'] : []);
    expect(r.kpis[kpi]).toMatchObject({ value: seconds, count: 1, clock });
    expect(r.kpis[kpi].source).toMatch(new RegExp(`^${column}`));
  });
  it('resolution_business_hours alone, on the business clock: 2 h', async () => {
    const r = await report({ 't.csv': 'id,created_at,status,resolution_business_hours\nT1,2026-03-02,solved,2\n' }, ['--business-hours', 'Mon-Fri 09:00-17:00']);
    expect(r.kpis.resolution_time).toMatchObject({ value: 7200, count: 1, clock: 'business' });
  });
  it("a survey offered and not answered (Zendesk's Offered), spaces around it, the score the first column: counted as offered, not answered", async () => {
    const r = await report({ 't.csv': 'Satisfaction Score,Id,Created at\n Offered ,T1,2026-03-02\nGood,T2,2026-03-02\n' }, ['--preset', 'zendesk']);
    expect(r.kpis.csat).toMatchObject({ responses: 1, offered: 1, response_rate: 50 });
  });
  it('without a status column: resolved when it has a resolved_at or a resolution time, else open', async () => {
    const r = await report({ 't.csv': 'id,created_at,resolved_at,resolution_minutes\nT1,2026-03-02,2026-03-03,\nT2,2026-03-02,,90\nT3,2026-03-02,,\nT4,2026-03-02,,\n' });
    expect(r.kpis.resolution_rate).toMatchObject({ tickets: 4, resolved: 2 });
  });
  it('handle time: talk + hold + wrap where any is there; a row with none of them has no handle time', async () => {
    const r = await report({ 't.csv': 'id,created_at,talk_seconds,hold_seconds,after_work_seconds\nT1,2026-03-02,100,20,\nT2,2026-03-02,,,\nT3,2026-03-02,,,30\n' });
    expect(r.kpis.average_handle_time).toMatchObject({ value: (120 + 30) / 2, count: 2 });
  });
  it('an invalid resolved_at left out (drop_field): the ticket is still resolved, its resolution time unknown, counted as dropped', async () => {
    // T3 and T4 are solved without a resolved_at: no time, and not dropped either (two of
    // them, so "dropped" read backwards cannot come to the same count).
    const r = await report({ 't.csv': 'id,created_at,resolved_at,status\nT1,2026-03-02,2026-03-03,solved\nT2,2026-03-02,later,solved\nT3,2026-03-02,,solved\nT4,2026-03-02,,solved\n' }, ['--invalid-fields', 'drop_field']);
    expect(r.kpis.resolution_rate).toMatchObject({ tickets: 4, resolved: 4 });
    expect(r.kpis.resolution_time).toMatchObject({ count: 1, dropped: 1, value: 86400 });
  });
  it('alternative columns: the first with a value, per row (T1 2 min, T2 30 s of two: mean 75 s)', async () => {
    const r = await report({ 't.csv': 'id,created_at,resolved_at,requester_wait_seconds,requester_wait_minutes\nT1,2026-03-02,2026-03-03,,2\nT2,2026-03-02,2026-03-03,30,1\n' });
    expect(r.kpis.requester_wait_time).toMatchObject({ value: 75, count: 2 });
  });
  const H = 'id,created_at,first_response_at,resolved_at,contacts,reopened,talk_seconds,self_service,csat_score,status\n';
  it.each([
    [',2026-03-02,,,,,,,,', 'id: is required'],
    ['T1,,,,,,,,,', 'created_at: is required'],
    ['T1,2026-03-02 10:00,2026-03-02 09:59,,,,,,,', 'first_response_at: is before created_at ("2026-03-02 09:59")'],
    ['T1,2026-03-02 10:00,,2026-03-01,,,,,,', 'resolved_at: is before created_at ("2026-03-01")'],
    ['T1,2026-03-02,,,0,,,,,', 'contacts: must be 1 or more ("0")'],
    ['T1,2026-03-02,,,1.5,,,,,', 'contacts: not a whole number ("1.5")'],
    ['T1,2026-03-02,,,x,,,,,', 'contacts: not a whole number ("x")'],
    ['T1,2026-03-02,,,,maybe,,,,', 'reopened: not a boolean or a reopen count (expected true/false, yes/no, 1/0 or a whole number) ("maybe")'],
    ['T1,2026-03-02,,,,,-5,,,', 'talk_seconds: negative duration ("-5")'],
    ['T1,2026-03-02,,,,,1:75,,,', 'talk_seconds: not a duration (minutes and seconds must be 00..59) ("1:75")'],
    ['T1,2026-03-02,,,,,,perhaps,,', 'self_service: not a boolean (expected true/false, yes/no or 1/0) ("perhaps")'],
    ['T1,2026-03-02,,,,,,,6,', 'csat_score: csat score must be in 1..5 ("6")'],
    ['T1,2026-03-02,,,,,,,0.5,', 'csat_score: csat score must be in 1..5 ("0.5")'],
    ['T1,2026-03-02,,,,,,,good,', 'csat_score: not a number ("good")'],
    ['T1,2026-03-02', '(row): has 2 fields, the header has 10'],
    ['T1', '(row): has 1 field, the header has 10'],
  ])('%j: %s', async (row, message) => {
    expect(await problems('t.csv', H + row + '\n')).toEqual([`t.csv:2: ${message}`]);
  });
  it('a row may break several rules: each is listed', async () => {
    expect(await problems('t.csv', H + ',,,,0,,,,9,\n')).toEqual([
      't.csv:2: id: is required',
      't.csv:2: created_at: is required',
      't.csv:2: contacts: must be 1 or more ("0")',
      't.csv:2: csat_score: csat score must be in 1..5 ("9")',
    ]);
  });
  it('the edges that pass: an answer at the creation instant, one contact, a 1 or a 5, 0 seconds', async () => {
    const r = await report({ 't.csv': H + 'T1,2026-03-02 10:00,2026-03-02 10:00,2026-03-02 10:00,1,0,0,no,1,solved\nT2,2026-03-02,,,3,2,7,yes,5,open\n' });
    expect(r.kpis.first_response_time).toMatchObject({ value: 0, count: 1 });
    expect(r.kpis.resolution_time).toMatchObject({ value: 0, count: 1 });
    expect(r.kpis.first_contact_resolution).toMatchObject({ value: 100, contacts_per_resolution: 1 });
    expect(r.kpis.average_handle_time).toMatchObject({ value: 3.5, count: 2 });
    expect(r.kpis.self_service_rate).toMatchObject({ value: 50 });
    expect(r.kpis.csat).toMatchObject({ responses: 2, satisfied: 1, mean_score: 3 });
  });
  it('status decides resolved; without a status column, a resolution time does', async () => {
    const withStatus = await report({ 't.csv': 'id,created_at,status,resolved_at\n1,2026-03-02,Solved,\n2,2026-03-02,CLOSED,\n3,2026-03-02,resolved,\n4,2026-03-02,open,2026-03-03\n5,2026-03-02,,2026-03-03\n' });
    // 1–3 by their status; 4 is open whatever its resolved_at; 5 has no status: its resolved_at decides.
    expect(withStatus.kpis.resolution_rate).toMatchObject({ resolved: 4, tickets: 5 });
    const without = await report({ 't.csv': 'id,created_at,resolved_at,resolution_minutes\n1,2026-03-02,2026-03-03,\n2,2026-03-02,,30\n3,2026-03-02,,\n' });
    expect(without.kpis.resolution_rate).toMatchObject({ resolved: 2, tickets: 3 });
  });
  it('self-service: the flag wins over the channel; the default channels, any case', async () => {
    const r = await report({ 't.csv': 'id,created_at,channel,self_service\n1,2026-03-02,Chatbot,\n2,2026-03-02,help_center,no\n3,2026-03-02,email,yes\n4,2026-03-02,FAQ,\n5,2026-03-02,email,\n6,2026-03-02,,\n' });
    expect(r.kpis.self_service_rate).toMatchObject({ self_service: 3, tickets: 6 });
  });
});

describe('survey rows', () => {
  it.each([
    ['type,score\nvote,5\n', 'type: must be csat, nps or ces ("vote")'],
    ['type,score\n,5\n', 'type: is required (or give --survey-type)'],
    ['type,score\nnps,\n', 'score: is required'],
    ['type,score\nnps,11\n', 'score: nps score must be a whole number in 0..10 ("11")'],
    ['type,score\nnps,-1\n', 'score: nps score must be a whole number in 0..10 ("-1")'],
    ['type,score\nnps,8.5\n', 'score: nps score must be a whole number in 0..10 ("8.5")'],
    ['type,score\ncsat,0\n', 'score: csat score must be in 1..5 ("0")'],
    ['type,score\nCES,6\n', 'score: ces score must be in 1..5 ("6")'],
    ['type,score\ncsat,x\n', 'score: not a number ("x")'],
    ['type,score,responded_at\nnps,9,soon\n', 'responded_at: not an ISO 8601 timestamp (expected e.g. 2026-03-04T09:15:22Z or 2026-03-04 09:15) ("soon")'],
  ])('%j: %s', async (text, message) => {
    expect(await problems('s.csv', text)).toEqual([`s.csv:2: ${message}`]);
  });
  it('the edges that pass, any case of type; scales from the flags', async () => {
    const r = await report({ 's.csv': 'type,score\nNPS,0\nnps,10\nCsat,1\ncsat,5\nces,1\nces,7\ncsat,4.5\n' }, ['--ces-scale', '1-7']);
    expect(r.kpis.nps).toMatchObject({ promoters: 1, detractors: 1 });
    expect(r.kpis.csat).toMatchObject({ responses: 3, satisfied: 2 });
    expect(r.kpis.ces).toMatchObject({ value: 4, easy: 1 });
    const ten = await report({ 's.csv': 'type,score\ncsat,10\ncsat,9\ncsat,8\n' }, ['--csat-scale', '1-10']);
    expect(ten.kpis.csat).toMatchObject({ satisfied: 2, responses: 3 });
  });
  it('--survey-type fills a missing type column, not a wrong type', async () => {
    const r = await report({ 's.csv': 'score\n9\n3\n' }, ['--survey-type', 'nps']);
    expect(r.kpis.nps).toMatchObject({ value: 0, promoters: 1, detractors: 1 });
    expect(await problems('s.csv', 'type,score\nvote,9\n', ['--survey-type', 'nps'])).toEqual(['s.csv:2: type: must be csat, nps or ces ("vote")']);
  });
  it('an empty score fails the row, or with --empty-score skip is a survey not answered', async () => {
    expect(await problems('s.csv', 'type,score\nnps,\nnps,9\n')).toEqual(['s.csv:2: score: is required']);
    const r = await report({ 's.csv': 'type,score\nnps,\nnps,9\nvote,\n' }, ['--empty-score', 'skip']);
    expect(r.inputs[0]).toMatchObject({ rows: 3, used: 1, no_answer: 2 });
  });
});

describe('customer rows', () => {
  const H = 'period_start,period_end,customers_start,customers_end,new_customers,lost_customers\n';
  it.each([
    ['2026-01-01,,100,,10,', 'customers_end: is required'],
    ['2026-01-01,,,90,10,', 'customers_start: is required'],
    ['2026-01-01,,100,90,,', 'new_customers: is required'],
    [',,100,90,10,', 'period_start: is required'],
    ['2026-01-01,,100,90,-1,', 'new_customers: must be 0 or more ("-1")'],
    ['2026-01-01,,100,90,1.5,', 'new_customers: not a whole number ("1.5")'],
    ['2026-01-01,,100,9,10,', 'customers_end: customers_end − new_customers = -1 must lie in 0..customers_start (100) ("9")'],
    ['2026-01-01,,100,111,10,', 'customers_end: customers_end − new_customers = 101 must lie in 0..customers_start (100) ("111")'],
    ['2026-01-01,,100,90,10,21', 'lost_customers: must equal customers_start − (customers_end − new_customers) = 20 ("21")'],
    ['2026-02-01,2026-01-31,100,90,10,', 'period_end: is before period_start ("2026-01-31")'],
  ])('%j: %s', async (row, message) => {
    expect(await problems('c.csv', H + row + '\n')).toEqual([`c.csv:2: ${message}`]);
  });
  it('the edges that pass: E − N of 0 and of S, lost given right, a one-day period', async () => {
    const r = await report({ 'c.csv': H + '2026-01-01,2026-01-01,100,10,10,100\n2026-02-01,,50,60,10,0\n' });
    expect(r.kpis.retention_rate).toMatchObject({ customers_start: 100, customers_end: 60, new_customers: 20 });
    expect(r.kpis.churn_rate).toMatchObject({ lost_customers: 60 });
  });
  it('a period given twice is refused on its second row, after the rows in between', async () => {
    expect(await problems('c.csv', H + '2026-01-01,,100,90,10,\n2026-02-01,,90,95,5,\n2026-01-01,,1,1,0,\n')).toEqual(['c.csv:4: period_start: same period as line 2 ("2026-01-01")']);
    // An invalid row does not claim its period.
    expect(await problems('c.csv', H + '2026-01-01,,100,9,10,\n2026-01-01,,100,90,10,\n')).toHaveLength(1);
  });
  it('a customer list: churned is required and a boolean', async () => {
    expect(await problems('c.csv', 'customer_id,churned\nC1,\nC2,sometimes\n')).toEqual([
      'c.csv:2: churned: is required',
      'c.csv:3: churned: not a boolean (expected true/false, yes/no or 1/0) ("sometimes")',
    ]);
    const r = await report({ 'c.csv': 'customer_id,churned,period_start\nC1,Yes,2026-01-01\nC2,no,2026-01-01\nC3,No,2026-01-01\n' });
    expect(r.kpis.churn_rate).toMatchObject({ lost_customers: 1, customers_start: 3 });
  });

  it('a customer list: a customer listed twice (in the same period) is a duplicate, in another period not', async () => {
    expect(await problems('c.csv', 'customer_id,churned\nC1,Yes\nC2,No\n C1 ,No\n')).toEqual(['c.csv:4: customer_id: duplicate of the customer on line 2 ("C1")']);
    expect(await problems('c.csv', 'customer_id,churned,period_start\nC1,yes,2026-01-01\nC1,no,2026-02-01\nC2,no,2026-02-01\nC1,no,2026-02-01\n')).toEqual([
      'c.csv:5: customer_id: duplicate of the customer on line 3 ("C1")',
    ]);
    // The row's problem, not a field to leave out: --invalid-fields drop_field is not offered.
    const dup = await cli(['compute', 'c.csv'], { cwd: scratch({ 'c.csv': 'customer_id,churned\nC1,Yes\nC1,No\n' }) });
    expect(dup.code).toBe(2);
    expect(dup.stderr).not.toContain('drop_field');
    // Without a customer_id, rows are customers as they come.
    const r = await report({ 'c.csv': 'churned\nyes\nyes\nno\n' });
    expect(r.kpis.churn_rate).toMatchObject({ lost_customers: 2, customers_start: 3 });
  });
});

describe('survey rows carry their groups', () => {
  it.each(['agent', 'channel', 'team', 'priority'])('--by %s: each answer in its own group', async (by) => {
    const r = await report({ 's.csv': 'type,score,responded_at,agent,channel,team,priority\ncsat,5,2026-03-02,ann,email,t1,high\ncsat,1,2026-03-02,bob,chat,t2,low\n' }, ['--by', by]);
    const groups = r.groups[by].map((g: { key: string; kpis: { csat: { responses: number; satisfied: number } } }) => [g.key, g.kpis.csat.responses, g.kpis.csat.satisfied]);
    const names: Record<string, string[]> = { agent: ['ann', 'bob'], channel: ['email', 'chat'], team: ['t1', 't2'], priority: ['high', 'low'] };
    const [a, b] = names[by];
    expect(groups).toEqual(expect.arrayContaining([[a, 1, 1], [b, 1, 0]]));
    expect(groups).toHaveLength(2);
  });
});

describe('normalizeToken', () => {
  // Channel names are compared through it on the JavaScript side and through the SQL
  // dialects' token() on the SQL side (lower case, trimmed, runs of spaces and dashes as one
  // underscore): both must give the same text.
  it('lower case, trimmed, a run of spaces and dashes one underscore', () => {
    expect(normalizeToken(' Help-Center ')).toBe('help_center');
    expect(normalizeToken('Self  - Service\tPortal')).toBe('self_service_portal');
    expect(normalizeToken('CHAT')).toBe('chat');
    expect(normalizeToken('   ')).toBe('');
  });
});
