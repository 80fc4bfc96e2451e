/**
 * Each preset on an export shaped exactly like that helpdesk's own (its real header,
 * quoting and date format; our rows): fixtures/presets/. Expected values were worked out
 * by hand (fixtures/README.md) and agree with `python3 examples/verify.py <preset> <file> [zone]`.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

async function json(args: string[], cwd?: string) {
  const r = await cli(['compute', ...args, '--format', 'json'], cwd ? { cwd } : {});
  expect(r.code, r.stderr).toBe(0);
  return { ...JSON.parse(r.stdout), stderr: r.stderr };
}

const P = 'fixtures/presets';

describe('freshdesk preset (Tickets → Export, CSV)', () => {
  const args = [`${P}/freshdesk.csv`, '--preset', 'freshdesk', '--tz', 'Europe/London'];

  it('a response dated before creation stops the run by default, naming both fields', async () => {
    const r = await cli(['compute', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fixtures/presets/freshdesk.csv:7: first_response_at: is before created_at ("2026-03-30 10:20:00")');
    expect(r.stderr).toContain('fixtures/presets/freshdesk.csv:7: first_response_business_hours: negative duration ("-00:40:00")');
    expect(r.stderr).toMatch(/--invalid-fields drop_field/);
  });

  it('first response and resolution from the timestamps only; business hours and 00:00:00 never stand in', async () => {
    const { kpis, inputs, stderr } = await json([...args, '--invalid-fields', 'drop_field']);
    // Calendar gaps (505 crosses the clock change: 64 h, not 65 h); 503 and 510 unanswered
    // though their (in hrs) column says 00:00:00; 506 answered "before" creation: left out.
    expect(kpis.first_response_time).toMatchObject({ value: 295200 / 7, median: 1800, count: 7, unanswered: 2, dropped: 1, clock: 'calendar' });
    expect(kpis.first_response_time.p90).toBeCloseTo(127800, 6);
    // 508 is Resolved without a Resolved time: resolved, with no time (not 0 s).
    expect(kpis.resolution_rate).toMatchObject({ resolved: 7, tickets: 10 });
    expect(kpis.resolution_time).toMatchObject({ value: 84600, median: 50400, p90: 195300, count: 6 });
    expect(inputs[0].dropped_fields).toEqual({ first_response_at: 1, first_response_business_hours: 1 });
    expect(stderr).toMatch(/^note: 2 invalid fields left out \(--invalid-fields drop_field\): first_response_at 1, first_response_business_hours 1;/m);
  });

  it('validate keeps the rows under drop_field, and says how many fields it left out', async () => {
    const r = await cli(['validate', ...args, '--invalid-fields', 'drop_field']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^fixtures\/presets\/freshdesk\.csv: tickets, 10 rows, all valid \(2 invalid fields left out\);/);
    expect(r.stderr).toMatch(/^fixtures\/presets\/freshdesk\.csv:7: first_response_at: is before created_at/);
  });

  it('survey words are scores, and the ticket of an unknown word keeps its other facts under drop_field', async () => {
    const { kpis } = await json([...args, '--invalid-fields', 'drop_field']);
    expect(kpis.csat).toMatchObject({ responses: 6, satisfied: 3 });
    expect(kpis.csat.mean_score).toBeCloseTo(20 / 6, 12);
    const dir = scratch({ 'fd.csv': 'Ticket ID,Created time,Status,Survey results\n1,2026-03-02 09:00:00,Closed,Sort of happy\n2,2026-03-02 10:00:00,Closed,Mostly satisfied\n' });
    const r = await json(['fd.csv', '--preset', 'freshdesk', '--tz', 'UTC', '--invalid-fields', 'drop_field'], dir);
    expect(r.kpis.ticket_volume.value).toBe(2);
    expect(r.kpis.resolution_rate.resolved).toBe(2);
    expect(r.kpis.csat).toMatchObject({ responses: 1, satisfied: 1 });
    expect(r.inputs[0].dropped_fields).toEqual({ csat_score: 1 });
    expect(r.stderr).toContain(`fd.csv:2: csat_score: not a number, nor a word the value map knows (add it to the config's values.csat_score) ("Sort of happy")`);
  });

  it('No Agent and No Group are unassigned, not an agent and a group', async () => {
    const { groups } = await json([...args, '--invalid-fields', 'drop_field', '--by', 'agent', '--by', 'team']);
    expect(groups.agent.map((g: { key: string; kpis: { ticket_volume: { value: number } } }) => [g.key, g.kpis.ticket_volume.value])).toEqual([
      ['Ana Ruiz', 4],
      ['Ben Ode', 4],
      [null, 2], // rows without an agent: key null (the table shows (none))
    ]);
  });

  it('the business-hours columns feed only the business clock, for tickets without timestamps', async () => {
    const dir = scratch({
      'fd.csv':
        'Ticket ID,Status,Created time,Resolved time,Initial response time,First response time (in hrs),Resolution time (in hrs)\n' +
        '1,Closed,2026-03-02 09:00:00,2026-03-02 12:00:00,2026-03-02 09:30:00,00:30:00,03:00:00\n' +
        '2,Open,2026-03-02 10:00:00,,,01:15:00,00:00:00\n' +
        '3,Open,2026-03-02 11:00:00,,,00:00:00,00:00:00\n',
    });
    const calendar = await json(['fd.csv', '--preset', 'freshdesk', '--tz', 'UTC'], dir);
    expect(calendar.kpis.first_response_time).toMatchObject({ value: 1800, count: 1, unanswered: 2 });
    const business = await json(['fd.csv', '--preset', 'freshdesk', '--tz', 'UTC', '--business-hours', 'Mon-Fri 09:00-18:00'], dir);
    // 2 has Freshdesk's own 1 h 15 min; 3's 00:00:00 is "never answered".
    expect(business.kpis.first_response_time).toMatchObject({ value: (1800 + 4500) / 2, count: 2, unanswered: 1, clock: 'business' });
  });
});

describe('intercom preset (Reports → Conversations → Export CSV)', () => {
  it('reads headers naming their zone without a config, each column in its zone', async () => {
    // --tz UTC: the times are still read in America/New_York, as the headers say (conversation 2
    // crosses the clock change: 3 h to the first reply, not 4 h).
    const { kpis } = await json([`${P}/intercom.csv`, '--preset', 'intercom', '--tz', 'UTC']);
    expect(kpis.first_response_time).toMatchObject({ value: 3225, median: 1020, count: 4, unanswered: 2 });
    expect(kpis.first_response_time.p90).toBeCloseTo(8100, 6);
    expect(kpis.resolution_rate).toMatchObject({ resolved: 4, tickets: 6 });
    expect(kpis.resolution_time).toMatchObject({ value: 31125, median: 17100, p90: 72180, count: 4 });
    expect(kpis.csat).toMatchObject({ responses: 4, satisfied: 2, mean_score: 3.25 });
    expect(kpis.average_handle_time).toMatchObject({ value: 690, count: 4 });
  });

  it('columns --preset intercom sees tickets and says which zone each time column is in', async () => {
    const r = await cli(['columns', `${P}/intercom.csv`, '--preset', 'intercom']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^fixtures\/presets\/intercom\.csv: tickets/);
    expect(r.stdout).toMatch(/Conversation started at \(America\/New_York\) +→ created_at \(times in America\/New_York\)/);
    expect(r.stdout).toMatch(/Current conversation state +→ status/);
    expect(r.stdout).toMatch(/Conversation first closed at \(America\/New_York\) +\(ignored: column 11 gives resolved_at\)/);
  });
});

describe('salesforce preset (Case: API / Data Loader export, or a Cases report)', () => {
  it('CaseNumber is the id over Id; IsClosed decides resolved whatever the status is called', async () => {
    const { kpis } = await json([`${P}/salesforce.csv`, '--preset', 'salesforce', '--tz', 'UTC']);
    expect(kpis.ticket_volume.value).toBe(6);
    expect(kpis.resolution_rate).toMatchObject({ resolved: 3, tickets: 6 });
    expect(kpis.resolution_time).toMatchObject({ value: 75000, median: 43200, count: 3 });
    expect(kpis.resolution_time.p90).toBeCloseTo(146880, 6);
    expect(kpis.tickets_per_customer).toMatchObject({ tickets: 5, customers: 3 });
    expect(kpis.first_response_time).toMatchObject({ value: null, note: expect.stringMatching(/no input column/) });
  });

  it("Data Loader's upper-case headers match too", async () => {
    const dir = scratch({
      'cases.csv':
        '"ID","CASENUMBER","STATUS","ISCLOSED","CREATEDDATE","CLOSEDDATE"\n' +
        '"5003h00000GzKq1AAF","00001001","Closed","true","2026-02-02T09:00:00.000Z","2026-02-02T11:30:00.000Z"\n' +
        '"5003h00000GzKq2AAF","00001002","New","false","2026-02-02T10:00:00.000Z",""\n',
    });
    const { kpis } = await json(['cases.csv', '--preset', 'salesforce'], dir);
    expect(kpis.resolution_time).toMatchObject({ value: 9000, count: 1 });
    expect(kpis.resolution_rate.resolved).toBe(1);
  });

  it('a Cases report export: field labels, and the locale date format from the config', async () => {
    const dir = scratch({
      'report.csv':
        '"Case Number","Case Owner","Subject","Status","Priority","Case Origin","Account Name","Date/Time Opened","Date/Time Closed","Closed"\n' +
        '"00001001","Ana Ruiz","Cannot log in","Closed","High","Phone","Northwind","2/2/2026 9:00 AM","2/2/2026 11:30 AM","1"\n' +
        '"00001002","Ben Ode","Billing","New","Medium","Email","Contoso","2/2/2026 10:00 PM","","0"\n',
      'c.json': JSON.stringify({ preset: 'salesforce', date_format: 'M/D/YYYY h:mm A' }),
    });
    const { kpis } = await json(['report.csv', '--config', 'c.json', '--tz', 'UTC'], dir);
    expect(kpis.resolution_time).toMatchObject({ value: 9000, count: 1 });
    expect(kpis.resolution_rate).toMatchObject({ resolved: 1, tickets: 2 });
  });
});

describe('jira preset (Jira Service Management: Issues → Export → CSV)', () => {
  it("Jira's 06/Jan/26 9:29 AM dates, repeated headers, Status Category and the first-response date", async () => {
    const { kpis } = await json([`${P}/jira.csv`, '--preset', 'jira', '--tz', 'Europe/Berlin']);
    expect(kpis.first_response_time).toMatchObject({ value: 67575, median: 23400, count: 4, unanswered: 2 });
    expect(kpis.first_response_time.p90).toBeCloseTo(169740, 6);
    // Done: Resolved, Closed and Canceled (its category), not "Waiting for support" / "In Progress".
    expect(kpis.resolution_rate).toMatchObject({ resolved: 4, tickets: 6 });
    // ITSD-106 crosses Berlin's clock change: 63 h.
    expect(kpis.resolution_time).toMatchObject({ value: 83250, median: 52200, count: 4 });
    expect(kpis.resolution_time.p90).toBeCloseTo(184680, 6);
    expect(kpis.csat).toMatchObject({ responses: 3, satisfied: 2 });
    expect(kpis.tickets_per_customer).toMatchObject({ tickets: 6, customers: 4 });
  });
});

describe('exports no preset knows', () => {
  it('camelCase headers match the canonical names', async () => {
    const dir = scratch({ 'api.csv': 'id,createdAt,firstResponseAt,resolvedAt,status\nd1,2026-03-02T09:00:00Z,2026-03-02T09:10:00Z,2026-03-02T10:00:00Z,closed\n' });
    const { kpis } = await json(['api.csv'], dir);
    expect(kpis.first_response_time.value).toBe(600);
    expect(kpis.resolution_time.value).toBe(3600);
  });

  it('a config column map overrides an automatic match (Id vs CaseNumber)', async () => {
    const dir = scratch({
      'cases.csv': 'Id,CaseNumber,CreatedDate,ClosedDate\n5003h00000GzKq1AAF,00001001,2026-02-02T09:00:00Z,2026-02-02T11:30:00Z\n5003h00000GzKq2AAF,00001002,2026-02-02T10:00:00Z,\n',
      'c.json': JSON.stringify({ columns: { CaseNumber: 'id', CreatedDate: 'created_at', ClosedDate: 'resolved_at' } }),
    });
    // Id matches id by its name; the config's CaseNumber → id wins instead of "both give id".
    const { kpis, groups } = await json(['cases.csv', '--config', 'c.json', '--tz', 'UTC', '--by', 'id'], dir);
    expect(kpis.resolution_time).toMatchObject({ value: 9000, count: 1 });
    expect(groups.id.map((g: { key: string }) => g.key).sort()).toEqual(['00001001', '00001002']);
    const r = await cli(['columns', 'cases.csv', '--config', 'c.json'], { cwd: dir });
    expect(r.stdout).toMatch(/ {2}Id +\(ignored: column 2 gives id\)/);
  });
});
