import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

async function json(dir: string, args: string[]) {
  const r = await cli(['compute', ...args, '--format', 'json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('config file', () => {
  it('maps columns and values, null tokens and a day-first date format', async () => {
    const dir = scratch({
      'x.csv': 'Ref;Opened;Answered;State;Stars\nA1;31/03/2026 09:00;31/03/2026 09:45;Done;Good\nA2;01/04/2026 10:00;N/A;Open;N/A\n',
      'c.json': JSON.stringify({
        columns: { Ref: 'id', Opened: 'created_at', Answered: 'first_response_at', State: 'status', Stars: 'csat_score' },
        values: { status: { done: 'closed' }, csat_score: { good: '5' } },
        null_tokens: ['N/A'],
        date_format: 'DD/MM/YYYY HH:mm',
      }),
    });
    const { kpis } = await json(dir, ['x.csv', '--config', 'c.json', '--tz', 'UTC']);
    expect(kpis.first_response_time).toMatchObject({ value: 2700, count: 1, unanswered: 1 });
    expect(kpis.resolution_rate.value).toBe(50);
    expect(kpis.csat).toMatchObject({ responses: 1, satisfied: 1 });
    expect(kpis.ticket_volume.days).toBe(2);
  });

  it('is read from ./csm-kpi.config.json when present', async () => {
    const dir = scratch({ 's.csv': 'rating\n9\n10\n3\n', 'csm-kpi.config.json': JSON.stringify({ columns: { rating: 'score' }, survey_type: 'nps' }) });
    const { kpis } = await json(dir, ['s.csv']);
    expect(kpis.nps).toMatchObject({ promoters: 2, detractors: 1 });
  });

  it("a CES target is read on the scale the config or --ces-scale sets, the config's targets too", async () => {
    // Answers 6, 7, 5 on 1..7: mean 6, so ">= 6" is met; on the default 1..5, ">= 6" is refused.
    const dir = scratch({ 's.csv': 'type,score\nces,6\nces,7\nces,5\n', 'c.json': JSON.stringify({ scales: { ces: '1-7' }, targets: { ces: '>= 6' } }), 't.json': '{"ces": ">= 6"}', 't2.json': '{"ces": "<= 6.5"}' });
    expect((await json(dir, ['s.csv', '--config', 'c.json'])).kpis.ces).toMatchObject({ value: 6, scale: '1-7', target: { status: 'met' } });
    expect((await json(dir, ['s.csv', '--targets', 't.json', '--ces-scale', '1-7'])).kpis.ces.target.status).toBe('met');
    // --targets replaces the config's targets; the config's scale reads both (the one dropped is named).
    const replaced = await cli(['compute', 's.csv', '--config', 'c.json', '--targets', 't2.json', '--format', 'json'], { cwd: dir });
    expect([replaced.code, replaced.stderr]).toEqual([0, 'note: --targets t2.json replaces the config\'s "targets": ces >= 6 is not checked (add it to t2.json to check it)\n']);
    const refused = await cli(['compute', 's.csv', '--targets', 't.json'], { cwd: dir });
    expect([refused.code, refused.stderr]).toEqual([2, 'csm-kpi: t.json: ces: "6" is off the CES scale 1-5 (--ces-scale or the config\'s scales.ces sets another)\n']);
  });

  it('a 12-hour M/D/YYYY format', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,first_response_at\n1,3/4/2026 11:50 PM,3/5/2026 12:10 AM\n', 'c.json': '{"date_format": "M/D/YYYY h:mm A"}' });
    const { kpis } = await json(dir, ['t.csv', '--config', 'c.json', '--tz', 'UTC']);
    expect(kpis.first_response_time.value).toBe(1200);
  });

  it.each([
    ['{"colums": {}}', /^csm-kpi: c\.json: unknown key colums\n$/],
    ['{"columns": {"Ref": "identifier"}}', /^csm-kpi: c\.json: columns\.Ref: "identifier" is not a canonical column \(one of id, created_at/],
    ['{"encoding": "ebcdic"}', /^csm-kpi: c\.json: encoding: /],
    ['{"scales": {"csat": "five"}}', /^csm-kpi: c\.json: scales\.csat: expected a range such as 1-5/],
    ['{"date_format": "HH:mm"}', /^csm-kpi: c\.json: date_format: date format "HH:mm" needs YYYY/],
    ['{"join": {"created_at": ["Date"]}}', /^csm-kpi: c\.json: join\.created_at: join needs at least two columns\n$/],
    ['{ not json', /^csm-kpi: c\.json: not valid JSON/],
  ])('a wrong config is one clear line naming the key: %s', async (config, message) => {
    const dir = scratch({ 't.csv': 'id,created_at\n1,2026-03-01\n', 'c.json': config });
    const r = await cli(['compute', 't.csv', '--config', 'c.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a missing --config file is an error', async () => {
    const r = await cli(['compute', 't.csv', '--config', 'nope.json'], { cwd: scratch({ 't.csv': 'id,created_at\n1,2026-03-01\n' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('csm-kpi: nope.json: no such config file\n');
  });

  it('a date not matching the format is an invalid row naming it', async () => {
    const dir = scratch({ 't.csv': 'id,created_at\n1,2026-03-01\n', 'c.json': '{"date_format": "DD-MM-YYYY"}' });
    const r = await cli(['compute', 't.csv', '--config', 'c.json'], { cwd: dir });
    expect(r.stderr).toMatch(/^t\.csv:2: created_at: does not match the date format DD-MM-YYYY \("2026-03-01"\)/);
  });
});

describe('presets', () => {
  it('freshdesk: its headers, rating words, and its (in hrs) columns as business hours only', async () => {
    const dir = scratch({
      'fd.csv':
        'Ticket ID,Subject,Status,Priority,Source,Agent,Group,Created time,Resolved time,First response time (in hrs),Survey results\n' +
        '11,Login,Closed,Low,Email,Ann,L1,2026-03-02 09:00:00,2026-03-02 12:00:00,00:30:00,Awesome\n' +
        '12,Bill,Open,High,Portal,Bob,L2,2026-03-02 10:00:00,,01:15:00,Not Good\n',
    });
    const { kpis } = await json(dir, ['fd.csv', '--preset', 'freshdesk', '--tz', 'UTC']);
    // No calendar first-response column: Freshdesk's hours are business hours, never a calendar time.
    expect(kpis.first_response_time).toMatchObject({ value: null, note: expect.stringMatching(/first_response_business_hours is used only with --business-hours/) });
    expect(kpis.resolution_time).toMatchObject({ value: 10800, count: 1 });
    expect(kpis.csat).toMatchObject({ responses: 2, satisfied: 1 });
  });

  it('intercom and helpscout exports', async () => {
    const dir = scratch({
      'ic.csv':
        'Conversation ID,Conversation created at,Conversation first response at,Conversation state,Teammate currently assigned,Last teammate rating\n' +
        'c1,2026-03-02 09:00:00,2026-03-02 09:02:00,closed,Ann,Amazing\nc2,2026-03-02 09:30:00,,open,,\n',
      'hs.csv': 'Conversation ID,Created At,First Response At,Closed At,Status,Assignee,Rating\n7,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,closed,Ann,Great\n',
    });
    const ic = await json(dir, ['ic.csv', '--preset', 'intercom', '--tz', 'UTC']);
    expect(ic.kpis.first_response_time).toMatchObject({ value: 120, unanswered: 1 });
    expect(ic.kpis.csat).toMatchObject({ responses: 1, satisfied: 1 });
    const hs = await json(dir, ['hs.csv', '--preset', 'helpscout']);
    expect(hs.kpis.resolution_time.value).toBe(7200);
    expect(hs.kpis.csat.satisfied).toBe(1);
  });

  it('an unknown preset is a usage error', async () => {
    const r = await cli(['compute', 'x.csv', '--preset', 'kayako']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^csm-kpi: option '--preset <name>' argument 'kayako' is invalid\. Allowed choices are zendesk, freshdesk, intercom, helpscout, salesforce, jira; run with --help for usage\n$/);
  });
});

describe('csm-kpi columns', () => {
  it('shows the mapping, what is ignored and which KPIs lack input', async () => {
    const r = await cli(['columns', 'fixtures/datasets/zendesk-plum.csv', '--preset', 'zendesk']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fixtures\/datasets\/zendesk-plum\.csv: tickets \(delimiter ","\)/);
    expect(r.stdout).toMatch(/ {2}Solved at +→ resolved_at/);
    // Agent replies, 0 allowed: not contacts (issue 15).
    expect(r.stdout).toMatch(/ {2}Replies +→ replies/);
    expect(r.stdout).toMatch(/ {2}Requester wait time in minutes within business hours +→ requester_wait_business_minutes/);
    expect(r.stdout).toMatch(/first_contact_resolution: needs contacts/);
  });
  it('shows joined columns', async () => {
    const r = await cli(['columns', 'fixtures/datasets/pwc-call-center.csv', '--config', 'examples/pwc-call-center.config.json']);
    expect(r.stdout).toMatch(/ {2}Date +→ created_at \(joined: Date \+ Time\)/);
  });
});
