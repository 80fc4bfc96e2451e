import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from '../helpers.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'];
/**
 * The fixtures are 10 tickets and 23 answers: every KPI is a small sample by default (no band).
 * Bands are checked here with --min-sample 1; the small-sample default has its own test.
 */
const BANDED = [...FIXTURES, '--min-sample', '1'];

describe('csm-kpi compute on the bundled fixtures', () => {
  it('JSON equals the golden report', async () => {
    const r = await cli(['compute', ...BANDED, '--tz', 'UTC', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const golden = JSON.parse(readFileSync(join(ROOT, 'test/golden/fixtures-utc.json'), 'utf8'));
    expect(JSON.parse(r.stdout)).toEqual(golden);
  });

  it('JSON values match the hand computation in fixtures/README.md', async () => {
    const { kpis } = JSON.parse((await cli(['compute', ...BANDED, '--tz', 'UTC', '--format', 'json'])).stdout);
    expect(kpis.ticket_volume).toMatchObject({ value: 10, days: 11, daily_average: 10 / 11 });
    expect(kpis.tickets_per_customer).toMatchObject({ value: 10 / 7, tickets: 10, customers: 7 });
    expect(kpis.first_response_time).toMatchObject({ value: 990, median: 450, count: 8, unanswered: 2, clock: 'calendar' });
    expect(kpis.first_response_time.p90).toBeCloseTo(2340, 9);
    expect(kpis.resolution_time).toMatchObject({ value: 27600, median: 7200, p90: 86400, count: 7 });
    expect(kpis.resolution_rate).toMatchObject({ value: 70, resolved: 7, tickets: 10, band: 'typical' });
    expect(kpis.average_handle_time).toMatchObject({ value: 990, count: 2 });
    expect(kpis.first_contact_resolution).toMatchObject({ value: 400 / 7, first_contact: 4, resolved_with_contacts: 7 });
    // Resolved T1 T2 T3 T5 T6 T7 T9; only T5 has reopened = yes.
    expect(kpis.reopen_rate).toMatchObject({ value: 100 / 7, reopened: 1, resolved: 7 });
    // Open now: T4, T8, T10; aged at the last ticket time (T10's creation, 03-12 10:00):
    // 8 d 21 h, 1 d 19 h and 0 → median 1 d 19 h = 154,800 s.
    expect(kpis.backlog).toMatchObject({ value: 3, at: null, age_at: '2026-03-12T10:00:00Z', median_age: 154800 });
    // No replies or wait columns: null with a note, not 0; no Offered state: no response rate.
    expect(kpis.one_touch_resolution).toMatchObject({ value: null, note: 'no input column: needs replies' });
    expect(kpis.requester_wait_time).toMatchObject({ value: null, note: expect.stringMatching(/^no input column: needs requester_wait_seconds/) });
    expect(kpis.csat).toMatchObject({ offered: 0, response_rate: null });
    expect(kpis.first_contact_resolution.contacts_per_resolution).toBeCloseTo(10 / 7, 12);
    expect(kpis.self_service_rate).toMatchObject({ value: 10, self_service: 1 });
    expect(kpis.csat).toMatchObject({ value: 75, satisfied: 6, responses: 8, mean_score: 4 });
    expect(kpis.nps).toMatchObject({ value: 40, promoters: 6, passives: 2, detractors: 2, responses: 10, band: 'typical' });
    expect(kpis.ces).toMatchObject({ value: 3.6, easy_percent: 60, responses: 5 });
    expect(kpis.retention_rate).toMatchObject({ value: 88, customers_start: 500, customers_end: 545, new_customers: 105, band: 'above_average' });
    expect(kpis.churn_rate).toMatchObject({ value: 12, lost_customers: 60 });
  });

  it('prints a readable table without colour when stdout is not a terminal', async () => {
    const r = await cli(['compute', ...BANDED, '--tz', 'UTC']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stdout).toMatch(/First response time\s+│\s+16m 30s │ above average/);
    expect(r.stdout).toMatch(/Customer satisfaction \(CSAT\)\s+│\s+75\.0 % │ below typical/);
    expect(r.stdout).toMatch(/Net Promoter Score \(NPS\)\s+│\s+40 │ typical/);
    expect(r.stdout).toMatch(/time zone UTC/);
  });

  it('colours the table on a terminal, but never with NO_COLOR or --no-color', async () => {
    expect((await cli(['compute', ...FIXTURES, '--tz', 'UTC'], { tty: true })).stdout).toMatch(/\x1b\[/);
    expect((await cli(['compute', ...FIXTURES, '--tz', 'UTC'], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\x1b\[/);
    expect((await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--no-color'], { tty: true })).stdout).not.toMatch(/\x1b\[/);
  });

  it('--format csv has one row per KPI', async () => {
    const r = await cli(['compute', ...BANDED, '--tz', 'UTC', '--format', 'csv']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('kpi,value,unit,band,target,target_status,details');
    // The interval as low..high@level: 40 ± 1.96·100·√((0.8 − 0.16)/10) (tested against scipy in test/cli/intervals.test.ts).
    expect(lines).toContain('nps,40,score,typical,,,promoters=6; passives=2; detractors=2; responses=10; ci=-12.585579968808108..74.12404150726965@0.95; small_sample=false');
    // 13 KPIs of the first release and the helpdesk ones (reopen_rate … backlog), after the header.
    expect(lines).toHaveLength(19);
  });

  it('--output writes the file and nothing to stdout', async () => {
    const dir = scratch({});
    const r = await cli(['compute', ...FIXTURES.map((f) => join(ROOT, f)), '--tz', 'UTC', '--format', 'json', '--output', 'out.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).kpis.nps.value).toBe(40);
  });

  it('the file order does not matter: answers join tickets read later on the command line', async () => {
    const a = await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--format', 'json']);
    const b = await cli(['compute', ...[...FIXTURES].reverse(), '--tz', 'UTC', '--format', 'json']);
    expect(JSON.parse(b.stdout).kpis).toEqual(JSON.parse(a.stdout).kpis);
  });

  it('a tickets file alone gives survey and customer KPIs as null, never 0 or NaN', async () => {
    const r = await cli(['compute', 'fixtures/tickets.csv', '--tz', 'UTC', '--format', 'json']);
    const { kpis } = JSON.parse(r.stdout);
    expect(kpis.nps.value).toBeNull();
    expect(kpis.csat.value).toBeNull();
    expect(kpis.retention_rate.value).toBeNull();
    expect(r.stdout).not.toMatch(/NaN/);
  });

  it('a header-only tickets file: volume 0, rates null', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,status\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const { kpis } = JSON.parse(r.stdout);
    expect(kpis.ticket_volume).toMatchObject({ value: 0, daily_average: null });
    expect(kpis.resolution_rate.value).toBeNull();
    expect(kpis.first_response_time.value).toBeNull();
    // No sample at all is not a small sample (that says: read the interval instead of a band).
    expect(kpis.resolution_rate).toMatchObject({ ci: null, small_sample: false });
  });

  it('one row', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,first_response_at,status\n1,2026-03-02 09:00,2026-03-02 09:10,closed\n' });
    const { kpis } = JSON.parse((await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir })).stdout);
    expect(kpis.ticket_volume).toMatchObject({ value: 1, days: 1, daily_average: 1 });
    expect(kpis.first_response_time).toMatchObject({ value: 600, median: 600, p90: 600 });
    expect(kpis.resolution_rate.value).toBe(100);
  });

  it('reads headers case-insensitively with spaces or dashes, a BOM, CRLF, semicolons and quoted newlines', async () => {
    const text = '\ufeffID;Created At;First-Response-At;Status;Notes\r\n1;2026-03-02 09:00;2026-03-02 09:02;Solved;"a; b\r\nsecond line"\r\n2;2026-03-02 10:00;;Open;x\r\n';
    const dir = scratch({ 't.csv': text });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    // The unmapped Notes column is named beside the KPIs that got no input.
    expect(r.stderr).toMatch(/^note: no input column for tickets_per_customer, .*1 header was not mapped \("Notes"\)/);
    const { kpis } = JSON.parse(r.stdout);
    expect(kpis.ticket_volume.value).toBe(2);
    expect(kpis.first_response_time).toMatchObject({ value: 120, unanswered: 1 });
    expect(kpis.resolution_rate.value).toBe(50);
  });

  it('the unmapped note counts columns: two without a name in one file are two, a name two files share is one', async () => {
    const dir = scratch({ 'a.csv': 'id,created_at,,,Segment\nA1,2026-03-02,x,y,z\n', 'b.csv': 'id,created_at,Segment\nB1,2026-03-02,z\n' });
    const r = await cli(['compute', 'a.csv', 'b.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/; 3 headers were not mapped \("", "", "Segment"\)\./);
  });

  it('reads tab-separated files and Latin-1 with --encoding', async () => {
    const tsv = 'type\tscore\tcomment\nnps\t10\tmuy bien\nnps\t5\tregular\n';
    const latin1 = Buffer.from('type,score,comment\nnps,9,"tr\xe8s bien"\n', 'latin1');
    const dir = scratch({ 's.tsv': tsv, 'l.csv': latin1 });
    expect(JSON.parse((await cli(['compute', 's.tsv', '--format', 'json'], { cwd: dir })).stdout).kpis.nps.value).toBe(0);
    expect(JSON.parse((await cli(['compute', 'l.csv', '--encoding', 'latin1', '--format', 'json'], { cwd: dir })).stdout).kpis.nps.value).toBe(100);
  });

  it('skips rows of empty cells that spreadsheets append, and counts the rest', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,status\n1,2026-03-02 09:00,solved\n,,\n , ,\n2,2026-03-02 10:00,open\n,,\n' });
    const r = JSON.parse((await cli(['compute', 't.csv', '--format', 'json'], { cwd: dir })).stdout);
    expect(r.inputs[0]).toMatchObject({ rows: 2, used: 2, skipped: 0 });
    expect(r.kpis.resolution_rate.value).toBe(50);
  });

  it('reads Windows-1252 group names, curly quotes and all (bytes 0x80–0x9F are not Latin-1)', async () => {
    // "Zoë’s team" and "Ana €" as Excel on Windows saves them.
    const bytes = Buffer.concat([
      Buffer.from('id,created_at,team\n1,2026-03-02 09:00,Zo\xeb', 'latin1'),
      Buffer.from([0x92]),
      Buffer.from('s team\n2,2026-03-02 10:00,Ana ', 'latin1'),
      Buffer.from([0x80, 0x0a]),
    ]);
    const dir = scratch({ 't.csv': bytes });
    const r = await cli(['compute', 't.csv', '--encoding', 'windows-1252', '--by', 'team', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).groups.team.map((g: { key: string }) => g.key).sort()).toEqual(['Ana €', 'Zoë’s team']);
  });

  it('reports the time zone it used, and offset-less times follow it', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,first_response_at\n1,2026-03-28 12:00,2026-03-29 12:00\n' });
    // Madrid moves its clocks forward on 2026-03-29: noon to noon is 23 hours there, 24 in UTC.
    const madrid = JSON.parse((await cli(['compute', 't.csv', '--tz', 'Europe/Madrid', '--format', 'json'], { cwd: dir })).stdout);
    expect(madrid.timezone).toBe('Europe/Madrid');
    expect(madrid.kpis.first_response_time.value).toBe(23 * 3600);
    const utc = JSON.parse((await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir })).stdout);
    expect(utc.kpis.first_response_time.value).toBe(24 * 3600);
  });

  it('csat_score on tickets counts as CSAT answers', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,csat_score\n1,2026-03-02,5\n2,2026-03-02,2\n3,2026-03-02,\n4,2026-03-03,4.5\n' });
    const { kpis } = JSON.parse((await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir })).stdout);
    expect(kpis.csat).toMatchObject({ responses: 3, satisfied: 2, mean_score: 11.5 / 3 });
  });

  it('self-service comes from the column, else from the channel set', async () => {
    const dir = scratch({
      't.csv': 'id,created_at,channel,self_service\n1,2026-03-02,Help Center,\n2,2026-03-02,email,yes\n3,2026-03-02,chatbot,no\n4,2026-03-02,email,\n',
    });
    const { kpis } = JSON.parse((await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir })).stdout);
    expect(kpis.self_service_rate).toMatchObject({ value: 50, self_service: 2 });
  });

  it('--survey-type stands in for a missing type column; --ces-scale widens the CES scale', async () => {
    const dir = scratch({ 'ces.csv': 'score\n7\n5\n4\n1\n' });
    const r = await cli(['compute', 'ces.csv', '--survey-type', 'ces', '--ces-scale', '1-7', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).kpis.ces).toMatchObject({ value: 17 / 4, easy_percent: 50, scale: '1-7' });
  });
});

describe('explain and help', () => {
  it('explain lists every KPI with its formula', async () => {
    const r = await cli(['explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Net Promoter Score \(NPS\) \(nps, score\)/);
    expect(r.stdout).toMatch(/passives are 7–8/);
    expect(r.stdout).toMatch(/retention_rate/);
  });
  it('explain one KPI; an unknown one is a usage error', async () => {
    expect((await cli(['explain', 'first-response-time'])).stdout).toMatch(/^First response time/);
    const bad = await cli(['explain', 'happiness']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown KPI "happiness"/);
  });
  it('--help for every command, with examples', async () => {
    for (const cmd of ['compute', 'validate', 'explain']) {
      const r = await cli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples:/);
    }
  });
});
