/**
 * --where (issue 15): the rows a report is about, chosen before anything else. Expected
 * values are counted by hand from fixtures/tickets.csv and fixtures/surveys.csv.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from '../helpers.js';
import { reportSchema } from '../../src/output/report-schema.js';
import { parseWhere, whereText } from '../../src/settings/values.js';
import { compute } from '../../src/api.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'].map((f) => join(ROOT, f));

async function json(args: string[], cwd = ROOT) {
  const r = await cli(['compute', ...args, '--format', 'json'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  expect(reportSchema.safeParse(JSON.parse(r.stdout)).success).toBe(true);
  return { ...JSON.parse(r.stdout), stderr: r.stderr };
}

describe('--where on the fixtures', () => {
  it('agent=ana: her tickets, the answers of her tickets and the answers that name her; customer counts kept', async () => {
    const r = await json([...FIXTURES, '--tz', 'UTC', '--where', 'agent=ana']);
    expect(r.where).toEqual(['agent=ana']);
    // T1, T3, T8.
    expect(r.kpis.ticket_volume.value).toBe(3);
    // CSAT: T1 5 and T3 3 (with their tickets), line 9's 4 (no ticket, agent ana): 2 of 3.
    expect(r.kpis.csat).toMatchObject({ responses: 3, satisfied: 2 });
    // CES: T1's 5 only. NPS answers name no ticket and no agent: no value, left out by "=".
    expect(r.kpis.ces).toMatchObject({ responses: 1, value: 5 });
    expect(r.kpis.nps.responses).toBe(0);
    expect(r.inputs.map((i: { used: number; filtered: number }) => [i.used, i.filtered])).toEqual([
      [3, 7],
      [4, 19],
      [3, 0],
    ]);
    expect(r.kpis.retention_rate.value).not.toBeNull();
    // The surveys file has an agent column: no note about it.
    expect(r.stderr).toBe(`note: --where: ${FIXTURES[2]} has no column "agent": its customer rows are all kept (retention and churn are not filtered by it)\n`);
  });

  it('a surveys file without the column: answers go with their ticket, the others have no value', async () => {
    const r = await json([...FIXTURES, '--tz', 'UTC', '--where', 'priority=urgent']);
    // T9 only: its CSAT 5 and CES 4; the answers without a ticket_id have no priority.
    expect(r.kpis.ticket_volume.value).toBe(1);
    expect(r.kpis.csat.responses).toBe(1);
    expect(r.kpis.ces).toMatchObject({ responses: 1, value: 4 });
    expect(r.kpis.nps.responses).toBe(0);
    expect(r.stderr).toContain(
      `note: --where: ${FIXTURES[1]} has no column "priority": an answer goes with its ticket (ticket_id); one without a ticket read has no value there (left out by =, kept by !=)\n`,
    );
  });

  it('agent!=ana keeps the rows without an agent (T6, T10 and the NPS answers)', async () => {
    const r = await json([...FIXTURES, '--tz', 'UTC', '--where', 'agent!=ana']);
    // T2 T4 T5 T6 T7 T9 T10.
    expect(r.kpis.ticket_volume.value).toBe(7);
    // CSAT of T2 4, T5 5, T6 2, T7 4, T9 5; line 9 (agent ana) left out.
    expect(r.kpis.csat).toMatchObject({ responses: 5, satisfied: 4 });
    expect(r.kpis.nps.responses).toBe(10);
    expect(r.kpis.ces.responses).toBe(4);
  });

  it('conditions add up (all must hold); a value list is any of them; the report is what those rows alone give', async () => {
    const r = await json(['fixtures/tickets.csv', '--tz', 'UTC', '--where', 'priority=normal,urgent', '--where', 'agent!=ben']);
    // normal/urgent: T1 T3 T5 T8 T9 T10; not ben: T1 T3 T8 T10.
    expect(r.kpis.ticket_volume.value).toBe(4);
    // First responses 4, 2 and 5 min (T10 unanswered).
    expect(r.kpis.first_response_time).toMatchObject({ value: 220, count: 3, unanswered: 1 });
    const only = scratch({
      't.csv': 'id,created_at,first_response_at\nT1,2026-03-02 09:00:00,2026-03-02 09:04:00\nT3,2026-03-03 08:30:00,2026-03-03 08:32:00\nT8,2026-03-10 15:00:00,2026-03-10 15:05:00\nT10,2026-03-12 10:00:00,\n',
    });
    const same = await json(['t.csv', '--tz', 'UTC'], only);
    expect(r.kpis.first_response_time.value).toBe(same.kpis.first_response_time.value);
    // The window's days come from the rows kept: 2026-03-02 to 2026-03-12.
    expect(r.kpis.ticket_volume.days).toBe(same.kpis.ticket_volume.days);
  });

  it('a header that is no canonical column, a canonical column behind a column map, and the null tokens', async () => {
    const dir = scratch({
      't.csv': 'Ticket,Opened,Owner,Region\nA,2026-03-02 09:00,ana,EU\nB,2026-03-02 10:00,ben,US\nC,2026-03-03 09:00,ana, NA \nD,2026-03-03 10:00,-,EU\n',
      'c.json': JSON.stringify({ columns: { Ticket: 'id', Opened: 'created_at', Owner: 'agent' }, null_tokens: ['-', 'NA'], where: ['region=EU', 'agent!=ben'] }),
    });
    const r = await json(['t.csv', '--config', 'c.json', '--tz', 'UTC'], dir);
    // Region is no canonical column: compared as written (trimmed). C's " NA " is no value.
    // D's agent "-" is a null token: no value, kept by !=.
    expect(r.kpis.ticket_volume.value).toBe(2);
    expect(r.where).toEqual(['region=EU', 'agent!=ben']);
    // By the canonical name of the mapped column Owner.
    const flagged = await json(['t.csv', '--config', 'c.json', '--tz', 'UTC', '--where', 'agent=ana'], dir);
    // --where on the command line replaces the config's conditions.
    expect(flagged.kpis.ticket_volume.value).toBe(2);
    expect(flagged.where).toEqual(['agent=ana']);
  });

  it('a column joined from several headers (config join): its parts as read, empty and null parts left out, through its value map', async () => {
    const dir = scratch({
      't.csv': 'id,created_at,First,Last\nA,2026-03-02,Ana,Lee\nB,2026-03-02,Ana,NA\nC,2026-03-02, ,Lee\nD,2026-03-02,NA,NA\nE,2026-03-02,Bo,Ek\n',
      'c.json': JSON.stringify({ join: { agent: ['First', 'Last'] }, null_tokens: ['NA'], values: { agent: { 'bo ek': 'Bo' } } }),
    });
    const volume = async (where: string) => {
      const r = await json(['t.csv', '--config', 'c.json', '--tz', 'UTC', '--where', where], dir);
      return [r.kpis.ticket_volume.value, r.stderr];
    };
    expect(await volume('agent=Ana Lee')).toEqual([1, '']);
    // B's NA and C's blank are no parts: "Ana" and "Lee" alone.
    expect(await volume('agent=Ana,Lee')).toEqual([2, '']);
    // D has no agent: != keeps it; E's "Bo Ek" is "Bo" through the value map.
    expect(await volume('agent!=Ana Lee,Ana,Lee')).toEqual([2, '']);
    expect(await volume('agent=Bo')).toEqual([1, '']);
    expect(await volume('agent=Bo Ek')).toEqual([0, 'note: --where agent=Bo Ek: no row has agent "Bo Ek" (it keeps no row); values there include "Ana", "Ana Lee", "Bo", "Lee"\n']);
  });

  it('a value no row has: a note naming it and what is there, never silence', async () => {
    const r = await json(['fixtures/tickets.csv', '--tz', 'UTC', '--where', 'priority=Urgent,normal']);
    // normal: T1 T3 T5 T8 T10.
    expect(r.kpis.ticket_volume.value).toBe(5);
    expect(r.stderr).toBe('note: --where priority=Urgent,normal: no row has priority "Urgent" (the other values matched); did you mean "urgent"? (values match exactly)\n');
    const none = await json(['fixtures/tickets.csv', '--tz', 'UTC', '--where', 'team!=sales']);
    expect(none.kpis.ticket_volume.value).toBe(10);
    expect(none.stderr).toBe('note: --where team!=sales: no row has team "sales" (it leaves no row out); values there include "billing", "support"\n');
    const empty = await json(['fixtures/tickets.csv', '--tz', 'UTC', '--where', 'agent=zoe']);
    expect(empty.kpis.ticket_volume.value).toBe(0);
    expect(empty.stderr).toMatch(/^note: --where agent=zoe: no row has agent "zoe" \(it keeps no row\); values there include "ana", "ben", "carla"\n$/);
  });

  it('works with windows, periods and groups: filtered first, then placed', async () => {
    const r = await json(['fixtures/tickets.csv', '--tz', 'UTC', '--where', 'team=support', '--from', '2026-03-03', '--period', 'week', '--by', 'agent']);
    // support: T1 T2 T3 T5 T8 T9; from 03-03: T3 T5 T8 T9.
    expect(r.kpis.ticket_volume.value).toBe(4);
    expect(r.inputs[0]).toMatchObject({ used: 4, filtered: 4, outside_window: 2 });
    expect(r.groups.agent.map((g: { key: string }) => g.key)).toEqual(['ana', 'ben']);
  });
});

describe('--where errors: one line, exit 2', () => {
  it.each([
    [['--where', 'prioritee=x'], /^csm-kpi: --where: no input has a column "prioritee" \(columns: id, created_at, .*\)\n$/],
    [['--where', 'priority'], /^csm-kpi: --where: "priority" should be COLUMN=VALUE\[,VALUE\] or COLUMN!=VALUE\[,VALUE\], e\.g\. priority=urgent,high \(team="Sales, EMEA" for a value with a comma\)\n$/],
    [['--where', 'priority="urgent'], /^csm-kpi: --where: priority="urgent: a quoted value has no closing quote\n$/],
    [['--where', 'priority='], /^csm-kpi: --where: "priority=": no value after =\n$/],
    [['--where', '=x'], /^csm-kpi: --where: "=x" should be COLUMN=VALUE/],
  ])('%j', async (args, message) => {
    const r = await cli(['compute', 'fixtures/tickets.csv', '--tz', 'UTC', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('from the config: named by its key', async () => {
    const dir = scratch({ 'c.json': '{"where": ["agnet=ana"]}' });
    const r = await cli(['compute', join(ROOT, 'fixtures/tickets.csv'), '--config', 'c.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^csm-kpi: c\.json: where: no input has a column "agnet" \(columns: /);
  });
});

describe('parseWhere', () => {
  it('splits column, operator and values; trims; normalizes the column like a header', () => {
    expect(parseWhere(' Assigned To != bot , , x ')).toEqual({ given: 'Assigned To', column: 'assigned_to', negate: true, values: ['bot', 'x'], source: '--where' });
    expect(parseWhere('a=b=c')).toMatchObject({ column: 'a', negate: false, values: ['b=c'] });
  });
  it('reads a value with a comma in double quotes, as a CSV field is written', () => {
    expect(parseWhere('team="Sales, EMEA"').values).toEqual(['Sales, EMEA']);
    expect(parseWhere('team= "Sales, EMEA" , Support ,').values).toEqual(['Sales, EMEA', 'Support']);
    expect(parseWhere('team="say ""hi""",x').values).toEqual(['say "hi"', 'x']);
    // A quote inside an unquoted value is the value's.
    expect(parseWhere('team=a"b').values).toEqual(['a"b']);
    expect(() => parseWhere('team="Sales, EMEA')).toThrow(/^team="Sales, EMEA: a quoted value has no closing quote$/);
    expect(() => parseWhere('team="Sales"EMEA')).toThrow(/^team="Sales"EMEA: text after a quoted value \(EMEA\); put a comma between values$/);
    expect(() => parseWhere('team=""')).toThrow(/^team="": an empty value, which no cell has \(a row without a value fails = and passes !=\)$/);
    expect(() => parseWhere('team=a,"  "')).toThrow('an empty value, which no cell has');
  });
  it('writes a condition back as it reads it (whereText, the JSON where)', () => {
    for (const values of [['a', 'b'], ['Sales, EMEA', 'x'], ['"quoted"', 'a"b'], [',']]) {
      const text = whereText({ given: 'team', column: 'team', negate: true, values, source: '--where' });
      expect(parseWhere(text).values, text).toEqual(values);
    }
    expect(whereText(parseWhere('team="Sales, EMEA",b'))).toBe('team="Sales, EMEA",b');
  });
});

describe('--where with a value that has a comma', () => {
  it('team="Sales, EMEA" keeps that team\'s tickets, not "Sales" and " EMEA"; JSON writes it back quoted', async () => {
    // T1 and T3 are Sales, EMEA; T2 Sales; T4 EMEA.
    const dir = scratch({ 't.csv': 'id,created_at,team\nT1,2026-03-02 09:00,"Sales, EMEA"\nT2,2026-03-02 10:00,Sales\nT3,2026-03-03 09:00,"Sales, EMEA"\nT4,2026-03-03 10:00,EMEA\n' });
    const r = await json(['t.csv', '--tz', 'UTC', '--where', 'team="Sales, EMEA"'], dir);
    expect(r.where).toEqual(['team="Sales, EMEA"']);
    expect(r.kpis.ticket_volume.value).toBe(2);
    expect(r.inputs[0]).toMatchObject({ used: 2, filtered: 2 });
    expect(r.stderr).toBe('');
  });
});

describe('the API', () => {
  it('takes where and a list of SLA specs', async () => {
    const r = await compute([join(ROOT, 'fixtures/tickets.csv')], { tz: 'UTC', cwd: ROOT, where: ['agent=ana'], sla: ['first_response=15m', 'priority=normal:first_response=3m'] });
    // ana: T1 (normal, 4m ✗), T3 (normal, 2m ✓), T8 (normal, 5m ✗).
    expect(r.kpis.ticket_volume!.value).toBe(3);
    expect(r.kpis.sla_first_response).toMatchObject({ met: 1, missed: 2, targets: { normal: 180 }, target_seconds: 900 });
    expect(r.where).toEqual(['agent=ana']);
  });
});

describe('--where on a customers file\'s own column', () => {
  it('keeps its periods whose cell matches: January alone is 90 % retained ((110 − 20) / 100), both months 75 %', async () => {
    const dir = scratch({ 'c.csv': 'period_start,customers_start,customers_end,new_customers,source\n2026-01-01,100,110,20,crm\n2026-02-01,110,100,5,manual\n' });
    const all = await json(['c.csv', '--tz', 'UTC'], dir);
    expect(all.kpis.retention_rate.value).toBe(75);
    const crm = await json(['c.csv', '--tz', 'UTC', '--where', 'source=crm'], dir);
    expect(crm.kpis.retention_rate.value).toBe(90);
    expect(crm.inputs[0]).toMatchObject({ rows: 2, used: 1, filtered: 1 });
  });
});
