/**
 * Issue 15 through the CLI, on small files whose figures are worked out by hand beside
 * each check: Zendesk's Replies (0 allowed) and Offered, one clock for the helpdesk's
 * business-hours durations, sources named, KPIs left out or null rather than 0.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

async function json(args: string[], cwd?: string) {
  const r = await cli(['compute', ...args, '--format', 'json'], cwd ? { cwd } : {});
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

// A Zendesk-shaped export: four tickets; Replies 0 on Z1 (solved without a public reply).
const ZENDESK = [
  'Id,Created at,Solved at,Status,Group,Satisfaction Score,Reopens,Replies,Full resolution time in minutes,Full resolution time in minutes within business hours,First reply time in minutes within business hours,Requester wait time in minutes,Requester wait time in minutes within business hours',
  'Z1,2026-03-02 09:00:00,2026-03-02 10:00:00,Solved,Support,Offered,0,0,60,30,,50,20',
  'Z2,2026-03-02 12:00:00,2026-03-04 12:00:00,Closed,-,4,1,1,2880,960,15,2000,900',
  'Z3,2026-03-03 09:00:00,2026-03-05 09:00:00,Closed,Support,,2,3,2880,1080,45,1000,500',
  'Z4,2026-03-04 09:00:00,1900-01-01 00:00:00,Open,Billing,Offered,0,2,,,30,,',
].join('\n');

describe('csat.response_rate: only where the input can show a survey offered and not answered', () => {
  // By hand: one answer in s.csv; a rate needs tickets with a CSAT column and words (Zendesk's Offered) saying which were offered.
  const answer = 'type,score,responded_at\ncsat,4,2026-03-02 11:00\n';
  it('tickets with a CSAT column and the preset\'s Offered: a rate; without the column, or without the words, none', async () => {
    const dir = scratch({
      'offered.csv': 'Id,Created at,Status,Satisfaction Score\n1,2026-03-02 09:00,solved,Good\n2,2026-03-02 09:00,open,Offered\n',
      'plain.csv': 'Id,Created at,Status\n1,2026-03-02 09:00,solved\n',
      'canonical.csv': 'id,created_at,status,csat_score\n1,2026-03-02 09:00,solved,5\n2,2026-03-02 09:00,open,\n',
      's.csv': answer,
    });
    // Good and the answer: 2 responses, 1 offered → 2 / 3.
    expect((await json(['offered.csv', 's.csv', '--preset', 'zendesk', '--tz', 'UTC'], dir)).kpis.csat).toMatchObject({ responses: 2, offered: 1, response_rate: 200 / 3 });
    // The preset's words, but no CSAT column in the tickets: 100 % would be a guess.
    expect((await json(['plain.csv', 's.csv', '--preset', 'zendesk', '--tz', 'UTC'], dir)).kpis.csat).toMatchObject({ responses: 1, response_rate: null });
    // A CSAT column, but no words for "offered": an empty score says nothing.
    expect((await json(['canonical.csv', 's.csv', '--tz', 'UTC'], dir)).kpis.csat).toMatchObject({ responses: 2, response_rate: null });
    // Surveys alone: none.
    expect((await json(['s.csv', '--preset', 'zendesk', '--tz', 'UTC'], dir)).kpis.csat).toMatchObject({ responses: 1, response_rate: null });
  });
});

describe('Zendesk columns of issue 15', () => {
  it('Replies is agent replies (0 is a value, not an invalid contact count); Reopens, requester wait, Offered', async () => {
    const dir = scratch({ 'z.csv': ZENDESK + '\n' });
    const { kpis, inputs } = await json(['z.csv', '--preset', 'zendesk', '--tz', 'UTC'], dir);
    expect(inputs[0]).toMatchObject({ used: 4, skipped: 0 });
    // Resolved Z1–Z3: replies 0, 1, 3 → one touch 1 of 3.
    expect(kpis.one_touch_resolution).toMatchObject({ value: 100 / 3, zero_touch: 1, one_touch: 1, two_touch: 0, multi_touch: 1, resolved_with_replies: 3 });
    // Reopens 0, 1, 2 on the resolved → 2 of 3.
    expect(kpis.reopen_rate).toMatchObject({ value: 200 / 3, reopened: 2, resolved: 3 });
    // Calendar: 50, 2000, 1000 min → mean 1016.67 min, median 1000 min.
    expect(kpis.requester_wait_time).toMatchObject({ value: (3050 * 60) / 3, median: 60000, count: 3, clock: 'calendar' });
    // CSAT: one answer (4), unchanged by the two Offered; response rate 1 / (1 + 2).
    expect(kpis.csat).toMatchObject({ value: 100, responses: 1, satisfied: 1, offered: 2, response_rate: 100 / 3 });
    // Open at the end: Z4 only, aged from 03-04 09:00 to the latest time seen (Z3 solved 03-05 09:00): 1 day.
    expect(kpis.backlog).toMatchObject({ value: 1, at: null, age_at: '2026-03-05T09:00:00Z', median_age: 86400 });
  });

  it('on the business clock every time is the export\'s own business-hours figure, and says so', async () => {
    const dir = scratch({ 'z.csv': ZENDESK + '\n' });
    const { kpis } = await json(['z.csv', '--preset', 'zendesk', '--tz', 'UTC', '--business-hours', 'Mon-Fri 09:00-17:00'], dir);
    // Not Solved at − Created at on Mon–Fri 09–17 (1 h, 16 h, 16 h): the export's 30, 960, 1080 min.
    expect(kpis.resolution_time).toMatchObject({ value: ((30 + 960 + 1080) * 60) / 3, median: 960 * 60, count: 3, clock: 'business' });
    expect(kpis.resolution_time.source).toBe('"Full resolution time in minutes within business hours" (resolution_business_minutes): the helpdesk\'s business hours');
    // First reply: 15, 45, 30 min; Z1 has none (unanswered).
    expect(kpis.first_response_time).toMatchObject({ value: 30 * 60, count: 3, unanswered: 1, clock: 'business' });
    expect(kpis.requester_wait_time).toMatchObject({ value: ((20 + 900 + 500) * 60) / 3, clock: 'business' });
    expect(kpis.requester_wait_time.source).toMatch(/^"Requester wait time in minutes within business hours"/);
    const table = await cli(['compute', 'z.csv', '--preset', 'zendesk', '--tz', 'UTC', '--business-hours', 'Mon-Fri 09:00-17:00'], { cwd: dir, env: { NO_COLOR: '1', COLUMNS: '200' } });
    expect(table.stdout).toMatch(/Sources: First response time: "First reply time in minutes within business hours" \(first_response_business_minutes\): the helpdesk's business hours \(business clock\)\./);
    expect(table.stdout).toMatch(/One-touch resolution +│ +33\.3 % │.*│ 1 of 3 resolved · zero-touch 1 · two-touch 0 · 3\+ replies 1/);
    expect(table.stdout).toMatch(/Backlog +│ +1 │.*│ open now · median age 1d 00h/);
    expect(table.stdout).toMatch(/Customer satisfaction \(CSAT\).*response rate 33\.3 % of 3 offered/);
  });

  it('a calendar-only wait column on the business clock: null with a note, never mixed into business time', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,status,requester_wait_minutes\nT1,2026-03-02 09:00,solved,30\n' });
    const { kpis } = await json(['t.csv', '--tz', 'UTC', '--business-hours', 'Mon-Fri 09:00-17:00'], dir);
    expect(kpis.requester_wait_time).toMatchObject({ value: null, clock: 'business' });
    expect(kpis.requester_wait_time.note).toBe(
      'no input column: needs requester_wait_business_seconds, requester_wait_business_minutes or requester_wait_business_hours on the business clock (requester_wait_minutes is calendar time, used without --business-hours)',
    );
    expect((await json(['t.csv', '--tz', 'UTC'], dir)).kpis.requester_wait_time).toMatchObject({ value: 1800, source: 'requester_wait_minutes' });
  });

  it('a null token is no group key: "-" joins the (none) group', async () => {
    const dir = scratch({ 'z.csv': ZENDESK + '\n' });
    const r = await json(['z.csv', '--preset', 'zendesk', '--tz', 'UTC', '--by', 'Group'], dir);
    // Group maps to team; by the raw header the same null tokens apply.
    const keys = Object.values(r.groups)[0] as { key: string | null; kpis: any }[];
    expect(keys.map((g) => [g.key, g.kpis.ticket_volume.value])).toEqual([['Support', 2], ['Billing', 1], [null, 1]]);
  });
});

describe('null or left out, never 0', () => {
  it('self-service rate without a self_service or channel column: null with a note', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,status\nT1,2026-03-02,solved\n' });
    const { kpis } = await json(['t.csv', '--tz', 'UTC'], dir);
    // No interval around a 0 of 1 (Wilson would give 0–79.3 %), and no sample to call small.
    expect(kpis.self_service_rate).toMatchObject({ value: null, ci: null, small_sample: false, note: 'no input column: needs self_service or channel' });
    expect(kpis.reopen_rate).toMatchObject({ value: null, ci: null, small_sample: false, note: 'no input column: needs reopened' });
  });

  it('without their column no count reads its emptiness as a state: unanswered, pending, a median age are null too', async () => {
    // Two tickets with no first response, status or resolution column: nothing says they are unanswered, pending or open.
    const dir = scratch({ 't.csv': 'id,created_at\nT1,2026-03-02\nT2,2026-03-05\n' });
    for (const engine of ['js', 'duckdb']) {
      const { kpis } = await json(['t.csv', '--tz', 'UTC', '--sla', 'first_response=1h,resolution=1d', '--engine', engine], dir);
      expect(kpis.first_response_time).toMatchObject({ value: null, count: 0, unanswered: null });
      expect(kpis.backlog).toMatchObject({ value: null, at: null, age_at: null, median_age: null });
      for (const sla of [kpis.sla_first_response, kpis.sla_resolution]) expect(sla).toMatchObject({ value: null, met: null, missed: null, pending: null, note: expect.stringMatching(/^no input column/) });
      // What was read stays counted: two tickets of which none resolved (a rate of no status column is null).
      expect(kpis.resolution_rate).toMatchObject({ value: null, tickets: 2 });
    }
    // With the columns, the same counts are numbers: one answered late, one unanswered (pending); one open, 3 days old at T2's time.
    const fed = scratch({ 't.csv': 'id,created_at,first_response_at,status\nT1,2026-03-02,2026-03-02 02:00,open\nT2,2026-03-05,,solved\n' });
    const { kpis } = await json(['t.csv', '--tz', 'UTC', '--sla', 'first_response=1h'], fed);
    expect(kpis.first_response_time).toMatchObject({ count: 1, unanswered: 1 });
    expect(kpis.sla_first_response).toMatchObject({ value: 0, met: 0, missed: 1, pending: 1 });
    expect(kpis.backlog).toMatchObject({ value: 1, age_at: '2026-03-05T00:00:00Z', median_age: 3 * 86400 });
  });

  it('a survey-only run leaves the ticket KPIs out of JSON and CSV (no ticket volume of 0)', async () => {
    const dir = scratch({ 's.csv': 'type,score\ncsat,5\nnps,9\n' });
    const { kpis } = await json(['s.csv'], dir);
    expect(Object.keys(kpis)).toEqual(['csat', 'nps', 'ces', 'retention_rate', 'churn_rate']);
    expect(kpis.ces.value).toBeNull();
    const csv = await cli(['compute', 's.csv', '--format', 'csv'], { cwd: dir });
    expect(csv.stdout.trim().split('\n').map((l) => l.split(',')[0])).toEqual(['kpi', 'csat', 'nps', 'ces', 'retention_rate', 'churn_rate']);
    // A tickets-only run keeps the survey KPIs, null: a target on them is "no data" where it can be seen.
    const t = scratch({ 't.csv': 'id,created_at\nT1,2026-03-02\n' });
    expect((await json(['t.csv'], t)).kpis.nps).toMatchObject({ value: null });
    const table = await cli(['compute', 's.csv'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(table.stdout).toContain('No tickets or customers file: the KPIs that need one are left out.');
  });
});
