/**
 * What the DuckDB engine reads as the JavaScript engine does, case by case: a config's value
 * maps, null tokens and joins, date formats and zones, a preset's offered tokens, the fields
 * invalid_fields "drop_field" leaves out (and in which order), the kinds of file that decide
 * the query's tables; the files DuckDB is told how to read (delimiter, header line, a
 * temporary UTF-8 copy); and the words of its refusals. Each case pins a reading that a
 * mutation run of src/engine/duckdb-engine.ts found no test for: the same report from both
 * engines, or the same refusal (exit 2, one line naming file, line and column), or the DuckDB
 * engine's own words where they are its own.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scratch } from '../helpers.js';
import type { Run } from '../helpers.js';
import { expectSameReport } from './sql-parity.js';
import { refusedAlike, runBoth as run, runDuckdb as duck, runJs as js, sameReport as same } from './both-engines.js';

/** Writes DuckDB's result of select as dir/name in Parquet (options: more COPY options, `, COMPRESSION snappy`); its path. */
async function writeParquet(dir: string, name: string, select: string, options = ''): Promise<string> {
  const api = await import('@duckdb/node-api');
  const db = await api.DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const path = join(dir, name);
  await c.run(`COPY (${select}) TO '${path}' (FORMAT parquet${options})`);
  c.closeSync();
  db.closeSync();
  return path;
}

describe("a config's reading rules, applied by the DuckDB engine as by the JavaScript reader", () => {
  it('a value map matches a cell whatever its case and surrounding spaces', async () => {
    const { report } = await same(
      { 't.csv': 'id,created_at,status\n1,2026-03-02 09:00, Y \n2,2026-03-02 09:00,n\n', 'c.json': '{"values": {"status": {"y": "resolved", "N": "open"}}}' },
      ['t.csv', '--config', 'c.json'],
    );
    // ` Y ` is y → resolved, n is N → open: one of two.
    expect(report.kpis.resolution_rate.value).toBe(50);
  });

  it('an empty value map changes nothing (and is no broken query)', async () => {
    const { report } = await same({ 't.csv': 'id,created_at,status\n1,2026-03-02 09:00,solved\n2,2026-03-02 09:00,Y\n', 'c.json': '{"values": {"status": {}}}' }, ['t.csv', '--config', 'c.json']);
    expect(report.kpis.resolution_rate.value).toBe(50);
  });

  it('a null token in the parts of a joined time is an empty part: both parts null tokens is no time', async () => {
    const config = '{"join": {"created_at": ["D", "T"], "resolved_at": ["CD", "CT"]}, "null_tokens": ["NA"]}';
    const { report } = await same({ 't.csv': 'id,D,T,status,CD,CT\n1,2026-03-02,09:00,open,NA,NA\n2,2026-03-02,09:00,solved,2026-03-02,10:30\n', 'c.json': config }, ['t.csv', '--config', 'c.json']);
    // Ticket 2 resolved after 90 minutes; ticket 1 open, without a resolution time.
    expect([report.kpis.resolution_time.value, report.kpis.resolution_time.count]).toEqual([5400, 1]);
  });

  it('a null token as one part of a joined time, under drop_field: that part is empty, the time left out', async () => {
    const config = '{"join": {"created_at": ["D", "T"], "resolved_at": ["CD", "CT"]}, "null_tokens": ["NA"]}';
    const { report, stderr } = await same(
      { 't.csv': 'id,D,T,status,CD,CT\n1,2026-03-02,09:00,open,NA,NA\n2,2026-03-02,09:00,solved,2026-03-02,NA\n', 'c.json': config },
      ['t.csv', '--config', 'c.json', '--invalid-fields', 'drop_field'],
    );
    expect(stderr.split('\n')[0]).toBe('t.csv:3: resolved_at: "CT" is empty (resolved_at joins "CD" and "CT") ("2026-03-02")');
    expect(report.inputs[0].dropped_fields).toEqual({ resolved_at: 1 });
  });

  it('a joined text column (not a time) with one part empty is the other part, not an invalid row', async () => {
    const { report } = await same(
      { 't.csv': 'id,created_at,State,Reason\n1,2026-03-02 09:00,solved,\n2,2026-03-02 09:00,solved,duplicate\n', 'c.json': '{"join": {"status": ["State", "Reason"]}}' },
      ['t.csv', '--config', 'c.json'],
    );
    // "solved" resolves; "solved duplicate" is no resolved status.
    expect(report.kpis.resolution_rate.value).toBe(50);
  });

  it('a joined date (period_start) with one part empty: the row is invalid, naming the empty part', async () => {
    await refusedAlike(
      { 'c.csv': 'Y,M,customers_start,customers_end,new_customers\n2026-03-01,,10,10,0\n', 'c.json': '{"join": {"period_start": ["Y", "M"]}}' },
      ['c.csv', '--config', 'c.json'],
      'c.csv:2: period_start: "M" is empty (period_start joins "Y" and "M") ("2026-03-01")',
    );
  });

  it('a header name holding a double quote, mapped by the config or given to --by', async () => {
    const { report } = await same(
      { 't.csv': 'Ticket "ID",created_at,status\n1,2026-03-02 09:00,solved\n2,2026-03-02 09:00,open\n', 'c.json': '{"columns": {"Ticket \\"ID\\"": "id"}}' },
      ['t.csv', '--config', 'c.json'],
    );
    expect(report.kpis.ticket_volume.value).toBe(2);
    const by = await same({ 't.csv': 'id,created_at,status,"re""gion"\n1,2026-03-02 09:00,solved,north\n2,2026-03-02 09:00,open,south\n' }, ['t.csv', '--by', 're"gion']);
    expect(by.report.groups['re"gion'].map((g: { key: string }) => g.key).sort()).toEqual(['north', 'south']);
  });
});

describe('date formats: a config\'s date_format alone, a preset\'s after ISO 8601', () => {
  it("a config's date_format reads its cells, in --tz", async () => {
    const { report } = await same(
      { 't.csv': 'id,created_at,first_response_at\n1,02-03-2026 09:00,02-03-2026 10:30\n2,02-03-2026 23:30,03-03-2026 00:15\n', 'c.json': '{"date_format": "DD-MM-YYYY HH:mm"}' },
      ['t.csv', '--config', 'c.json', '--tz', 'Europe/Madrid', '--period', 'day'],
    );
    // 90 and 45 minutes.
    expect(report.kpis.first_response_time.value).toBe(4050);
  });

  it("a config's date_format alone: an ISO 8601 cell does not match it, in the JavaScript reader's words", async () => {
    await refusedAlike(
      { 't.csv': 'id,created_at\n1,02-03-2026 09:00\n2,2026-03-02 09:00\n', 'c.json': '{"date_format": "DD-MM-YYYY HH:mm"}' },
      ['t.csv', '--config', 'c.json'],
      't.csv:3: created_at: does not match the date format DD-MM-YYYY HH:mm ("2026-03-02 09:00")',
    );
  });

  it("Jira's preset: ISO 8601 and its own format, each cell read by the one that reads it", async () => {
    const { report } = await same(
      { 't.csv': 'Issue key,Created,Resolved,Status\nA-1,02/Mar/26 9:00 AM,2026-03-02 10:00,Done\nA-2,2026-03-02 10:00,02/Mar/26 1:00 PM,Done\n' },
      ['t.csv', '--preset', 'jira'],
    );
    // 1 hour and 3 hours.
    expect(report.kpis.resolution_time.value).toBe(7200);
  });

  it("Jira's preset: a cell in neither form, in the JavaScript reader's words", async () => {
    await refusedAlike(
      { 't.csv': 'Issue key,Created,Status\nA-1,02/Mar/26 9:00 AM,Done\nA-2,2026-03-02 10:00,Done\nA-3,yesterday,Done\n' },
      ['t.csv', '--preset', 'jira'],
      't.csv:4: created_at: neither ISO 8601 nor the date format DD/MMM/YY h:mm A ("yesterday")',
    );
  });

  it('without a date format, a cell that is not ISO 8601: refused on the same line, saying what the DuckDB engine reads', async () => {
    const [a, b] = await run({ 't.csv': 'id,created_at\n1,March 2\n' }, ['t.csv']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^t\.csv:2: created_at: not an ISO 8601 timestamp /);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe('csm-kpi: t.csv:2: created_at: not an ISO 8601 timestamp (the DuckDB engine reads ISO 8601 only: 2026-03-02 09:00, 2026-03-02T09:00:00Z) ("March 2")\n');
  });
});

describe('time zones', () => {
  it('a time without an offset is read in --tz (not in UTC)', async () => {
    const { report } = await same({ 't.csv': 'id,created_at,first_response_at\n1,2026-03-02 09:00,2026-03-02T09:00:00Z\n' }, ['t.csv', '--tz', 'Europe/Madrid']);
    // 09:00 in Madrid (UTC+1 in March) is 08:00Z: an hour before the response.
    expect(report.kpis.first_response_time.value).toBe(3600);
  });

  it('a time column whose header names its zone is read in that zone', async () => {
    const { report } = await same({ 't.csv': 'id,Created at (America/New_York),First response at,status\n1,2026-03-02 09:00,2026-03-02T15:00:00Z,solved\n' }, ['t.csv', '--period', 'day']);
    // 09:00 in New York (UTC−5 in March) is 14:00Z.
    expect(report.kpis.first_response_time.value).toBe(3600);
  });

  it('the dates of a customers file in the zone its header names: refused by the DuckDB engine, in one line', async () => {
    const dir = scratch({ 'c.csv': 'Period start (America/New_York),customers_start,customers_end,new_customers\n2026-03-01,10,10,0\n' });
    const b = await duck(dir, ['c.csv']);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe('csm-kpi: c.csv: --engine duckdb does not read the dates of period_start in the zone its header names (America/New_York); run without --engine duckdb\n');
  });

  it('the zone a header names, when it is --tz: read, the same report', async () => {
    const { report } = await same({ 'c.csv': 'Period start (America/New_York),customers_start,customers_end,new_customers\n2026-03-01,10,9,0\n' }, ['c.csv', '--tz', 'America/New_York']);
    expect(report.kpis.churn_rate.value).toBe(10);
  });
});

describe('cells refused: the JavaScript engine\'s line and column, in the same words or the DuckDB engine\'s own', () => {
  it('a whole number below the least a column takes, or beyond 2^53 or a double: the same words (a sign read)', async () => {
    await refusedAlike({ 't.csv': 'id,created_at,contacts\n1,2026-03-02 09:00,0\n' }, ['t.csv'], 't.csv:2: contacts: must be 1 or more ("0")');
    await refusedAlike({ 't.csv': 'id,created_at,contacts\n1,2026-03-02 09:00,-0\n' }, ['t.csv'], 't.csv:2: contacts: must be 1 or more ("-0")');
    await refusedAlike({ 't.csv': 'id,created_at,replies\n1,2026-03-02 09:00,-3\n' }, ['t.csv'], 't.csv:2: replies: must be 0 or more ("-3")');
    await refusedAlike({ 't.csv': 'id,created_at,replies\n1,2026-03-02 09:00,99999999999999999999\n' }, ['t.csv'], 't.csv:2: replies: too large (at most 9007199254740991) ("99999999999999999999")');
    await refusedAlike({ 't.csv': `id,created_at,replies\n1,2026-03-02 09:00,${'9'.repeat(400)}\n` }, ['t.csv'], `t.csv:2: replies: number too large (beyond ±1.8e308) ("${'9'.repeat(57)}...")`);
    // Below the least before too large, as parseInteger checks them.
    await refusedAlike({ 't.csv': 'id,created_at,contacts\n1,2026-03-02 09:00,-99999999999999999999\n' }, ['t.csv'], 't.csv:2: contacts: must be 1 or more ("-99999999999999999999")');
    // A sign is read: +2 is 2 in both.
    const { report } = await same({ 't.csv': 'id,created_at,status,contacts\n1,2026-03-02 09:00,solved,+2\n2,2026-03-02 09:00,solved,1\n' }, ['t.csv']);
    expect(report.kpis.first_contact_resolution.value).toBe(50);
  });

  it('a word that is no boolean', async () => {
    await refusedAlike({ 't.csv': 'id,created_at,self_service\n1,2026-03-02 09:00,maybe\n' }, ['t.csv'], 't.csv:2: self_service: not a boolean (expected true/false, yes/no or 1/0) ("maybe")');
  });

  it('a period_start that is not YYYY-MM-DD', async () => {
    const [a, b] = await run({ 'c.csv': 'period_start,customers_start,customers_end,new_customers\n03/01/2026,10,10,0\n' }, ['c.csv']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^c\.csv:2: period_start: /);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe('csm-kpi: c.csv:2: period_start: not an ISO date (the DuckDB engine reads YYYY-MM-DD only) ("03/01/2026")\n');
  });

  it('lost_customers that disagrees with the counts', async () => {
    // 10 − (10 − 2) = 2 lost, not 1.
    await refusedAlike(
      { 'c.csv': 'period_start,customers_start,customers_end,new_customers,lost_customers\n2026-03-01,10,10,2,1\n' },
      ['c.csv'],
      'c.csv:2: lost_customers: must equal customers_start − (customers_end − new_customers) = 2 ("1")',
    );
  });

  it('a required cell left empty (a problem without a value)', async () => {
    await refusedAlike({ 't.csv': 'id,created_at\n1,\n' }, ['t.csv'], 't.csv:2: created_at: is required');
  });

  it('several invalid rows: the first, and how many more', async () => {
    const dir = scratch({ 'two.csv': 'id,created_at\n1,x\n2,y\n', 'three.csv': 'id,created_at\n1,x\n2,y\n3,z\n' });
    const first = (f: string) => `csm-kpi: ${f}:2: created_at: not an ISO 8601 timestamp (the DuckDB engine reads ISO 8601 only: 2026-03-02 09:00, 2026-03-02T09:00:00Z) ("x")`;
    const two = await duck(dir, ['two.csv']);
    expect([two.code, two.stderr]).toEqual([2, `${first('two.csv')} (and 1 more invalid row; the DuckDB engine stops at invalid rows: \`csm-kpi validate\` lists them)\n`]);
    const three = await duck(dir, ['three.csv']);
    expect([three.code, three.stderr]).toEqual([2, `${first('three.csv')} (and 2 more invalid rows; the DuckDB engine stops at invalid rows: \`csm-kpi validate\` lists them)\n`]);
  });

  it('a ticket id twice, without a duplicates policy: both engines refuse the second, in the same words', async () => {
    await refusedAlike({ 't.csv': 'id,created_at\n1,2026-03-02 09:00\n1,2026-03-02 10:00\n' }, ['t.csv'], 't.csv:3: id: duplicate of the ticket on line 2 ("1")');
    // In another file: named with its line.
    await refusedAlike({ 'a.csv': 'id,created_at\n1,2026-03-02 09:00\n', 'b.csv': 'id,created_at\n2,2026-03-02 09:00\n1,2026-03-02 10:00\n' }, ['a.csv', 'b.csv'], 'b.csv:3: id: duplicate of the ticket on a.csv:2 ("1")');
    // The value as JSON (a quote, a backslash escaped), cut at 60 characters, as every problem's.
    await refusedAlike({ 'q.csv': 'id,created_at\n"A""1\\",2026-03-02 09:00\n"A""1\\",2026-03-02 10:00\n' }, ['q.csv'], 'q.csv:3: id: duplicate of the ticket on line 2 ("A\\"1\\\\")');
    const long = 'X'.repeat(70);
    await refusedAlike({ 'l.csv': `id,created_at\n${long},2026-03-02 09:00\n${long},2026-03-02 10:00\n` }, ['l.csv'], `l.csv:3: id: duplicate of the ticket on line 2 ("${'X'.repeat(57)}...")`);
  });

  it('a customers period in a year outside the valid ones, or ending before it starts: refused by both (the DuckDB engine gave a report)', async () => {
    const H = 'period_start,period_end,customers_start,customers_end,new_customers\n';
    await refusedAlike({ 'p.csv': `${H}1900-01-01,,10,10,0\n` }, ['p.csv'], 'p.csv:2: period_start: year 1900 is outside 1970..2099 (a placeholder for "no date"? --valid-years sets the range) ("1900-01-01")');
    await refusedAlike({ 'l.csv': 'customer_id,churned,period_start\na,no,2100-01-01\n' }, ['l.csv'], 'l.csv:2: period_start: year 2100 is outside 1970..2099 (a placeholder for "no date"? --valid-years sets the range) ("2100-01-01")');
    await refusedAlike({ 'p.csv': `${H}2026-03-01,2026-02-01,10,10,0\n` }, ['p.csv'], 'p.csv:2: period_end: is before period_start ("2026-02-01")');
    // The last valid year, and a period of one day: read by both.
    const { report } = await same({ 'p.csv': `${H}2099-12-01,2099-12-01,10,9,0\n` }, ['p.csv']);
    expect(report.kpis.churn_rate.value).toBe(10);
    // Under drop_field period_end is left out (the row stays), period_start still makes the row invalid.
    const dropped = await same({ 'p.csv': `${H}2026-03-01,2026-02-01,10,9,0\n` }, ['p.csv', '--invalid-fields', 'drop_field']);
    expect([dropped.report.kpis.churn_rate.value, dropped.report.inputs[0].dropped_fields]).toEqual([10, { period_end: 1 }]);
  });

  it('customer periods that overlap: refused by both, naming the first such row and the period it overlaps (the DuckDB engine counted both)', async () => {
    const H = 'period_start,period_end,customers_start,customers_end,new_customers\n';
    // March, then a period from the 15th: its start lies inside March.
    await refusedAlike({ 'p.csv': `${H}2026-03-01,2026-04-01,10,10,0\n2026-03-15,2026-04-15,10,10,0\n` }, ['p.csv'], 'p.csv:3: period_start: overlaps the period (2026-03-01 to 2026-04-01) of line 2 ("2026-03-15")');
    // An earlier start inside the later row's span; the first overlapped period named.
    await refusedAlike({ 'p.csv': `${H}2026-03-10,,10,10,0\n2026-03-20,2026-04-01,10,10,0\n2026-03-01,2026-03-31,10,10,0\n` }, ['p.csv'], 'p.csv:4: period_start: overlaps the period (2026-03-10) of line 2 ("2026-03-01")');
    // A start met three times: the second is the first refused, as the JavaScript reader reads row by row.
    await refusedAlike({ 'p.csv': `${H}2026-03-01,,10,10,0\n2026-03-01,,10,10,0\n2026-03-01,,10,10,0\n` }, ['p.csv'], 'p.csv:3: period_start: same period as line 2 ("2026-03-01")');
    // Periods that only touch (March ends April 1st, April starts then), and periods without an end: read by both.
    const { report } = await same({ 'p.csv': `${H}2026-03-01,2026-04-01,10,9,0\n2026-04-01,2026-05-01,9,9,0\n2026-05-01,,9,9,0\n` }, ['p.csv']);
    // One customer lost over the span that began with 10.
    expect(report.kpis.churn_rate.value).toBe(10);
  });

  it('a period counted twice, a customer listed twice: the same words as the JavaScript reader', async () => {
    await refusedAlike({ 'p.csv': 'period_start,customers_start,customers_end,new_customers\n2026-03-01,10,10,0\n2026-03-01,10,10,0\n' }, ['p.csv'], 'p.csv:3: period_start: same period as line 2 ("2026-03-01")');
    await refusedAlike({ 'c.csv': 'customer_id,churned\n"a""b",no\n"a""b",yes\n' }, ['c.csv'], 'c.csv:3: customer_id: duplicate of the customer on line 2 ("a\\"b")');
  });

  it('an id joined from two columns, twice, with --duplicates last: one ticket, the last row, in both', async () => {
    const { report } = await same(
      { 't.csv': 'A,B,created_at,status\nx,1,2026-03-02 09:00,open\nx ,1,2026-03-02 10:00,solved\ny,,2026-03-02 10:00,open\ny,,2026-03-02 11:00,open\n', 'c.json': '{"join": {"id": ["A", "B"]}, "duplicates": "last"}' },
      ['t.csv', '--config', 'c.json'],
    );
    // x 1 twice (its parts trimmed), y twice (an empty part left out): two tickets, x 1 solved as its last row says.
    expect([report.kpis.ticket_volume.value, report.kpis.resolution_rate.value, report.inputs[0].collapsed]).toEqual([2, 50, 2]);
  });

  it('an id that is a null token, twice, with --duplicates first: two rows without an id (invalid), not one folded into the other', async () => {
    const files = { 't.csv': 'id,created_at,status\nNA,2026-03-02 09:00,open\nNA,2026-03-02 10:00,solved\n1,2026-03-02 10:00,solved\n', 'c.json': '{"null_tokens": ["NA"], "duplicates": "first"}' };
    const [js, duck] = await run(files, ['t.csv', '--config', 'c.json']);
    expect([js.code, js.stderr.split('\n')[0]]).toEqual([2, 't.csv:2: id: is required']);
    expect([duck.code, duck.stderr]).toEqual([2, 'csm-kpi: t.csv:2: id: is required (and 1 more invalid row; the DuckDB engine stops at invalid rows: `csm-kpi validate` lists them)\n']);
    // The DuckDB engine stops at invalid rows; the JavaScript one, told to skip them, counts both.
    const [a] = await run(files, ['t.csv', '--config', 'c.json', '--skip-invalid']);
    const report = JSON.parse(a.stdout);
    expect([report.kpis.ticket_volume.value, report.inputs[0].skipped, report.inputs[0].collapsed]).toEqual([1, 2, 0]);
  });
});

describe('invalid_fields "drop_field"', () => {
  it("a row's left-out fields in the order the reader reads them, not the header's", async () => {
    const { report, stderr } = await same(
      {
        't.csv':
          'id,created_at,resolved_at,first_response_at,status\n1,2026-03-02 09:00,2026-03-02 08:00,2026-03-02 08:30,solved\n2,2026-03-02 09:00,2026-03-02 11:00,2026-03-02 09:30,solved\n',
      },
      ['t.csv', '--invalid-fields', 'drop_field'],
    );
    expect(stderr.split('\n').slice(0, 2)).toEqual(['t.csv:2: first_response_at: is before created_at ("2026-03-02 08:30")', 't.csv:2: resolved_at: is before created_at ("2026-03-02 08:00")']);
    expect(Object.keys(report.inputs[0].dropped_fields)).toEqual(['first_response_at', 'resolved_at']);
  });

  // A bug, found with these tests: READ_ORDER.customers is empty, so a customers row's left-out
  // fields come in the order the DuckDB engine parsed them (mapped columns, then joined ones);
  // the JavaScript reader reads period_end before lost_customers. Both engines keep the row;
  // the listed fields and dropped_fields' keys are in the other order.
  it("a customers row's left-out fields (a joined period_end, lost_customers) in the order the reader reads them", async () => {
    const { report } = await same(
      { 'c.csv': 'period_start,customers_start,customers_end,new_customers,lost_customers,PE1,PE2\n2026-03-01,10,10,0,99999999999999999999,2026-03-31,\n', 'c.json': '{"join": {"period_end": ["PE1", "PE2"]}}' },
      ['c.csv', '--config', 'c.json', '--invalid-fields', 'drop_field'],
    );
    expect(Object.keys(report.inputs[0].dropped_fields)).toEqual(['period_end', 'lost_customers']);
  });

  it('a negative duration in minutes: the first response is left out, dropped, not unanswered', async () => {
    const { report } = await same({ 't.csv': 'id,created_at,first_response_minutes,status\n1,2026-03-02 09:00,-5,solved\n2,2026-03-02 09:00,10,solved\n' }, ['t.csv', '--invalid-fields', 'drop_field']);
    const frt = report.kpis.first_response_time;
    expect([frt.value, frt.dropped, frt.unanswered, report.inputs[0].dropped_fields]).toEqual([600, 1, 0, { first_response_minutes: 1 }]);
  });

  it('a later alternative of a time given already is never read: its problem is no dropped field', async () => {
    const { report, stderr } = await same({ 't.csv': 'id,created_at,first_response_seconds,first_response_minutes\n1,2026-03-02 09:00,60,-5\n' }, ['t.csv', '--invalid-fields', 'drop_field']);
    expect([report.kpis.first_response_time.value, report.inputs[0].dropped_fields, stderr]).toEqual([60, undefined, '']);
  });

  // Cells neither engine reads, in the same words: left out by both (the DuckDB engine stopped at them before 2026-11-27).
  it('a 0 in contacts and a word in self_service, under drop_field: left out, the rows kept', async () => {
    const { report } = await same({ 't.csv': 'id,created_at,contacts,self_service\n1,2026-03-02 09:00,0,maybe\n2,2026-03-02 09:00,2,no\n' }, ['t.csv', '--invalid-fields', 'drop_field']);
    expect(report.inputs[0].dropped_fields).toEqual({ contacts: 1, self_service: 1 });
  });

  it('a problem of a required column still makes the row invalid: created_at, a score, a customer count', async () => {
    const drop = ['--invalid-fields', 'drop_field'];
    await refusedAlike({ 't.csv': 'id,created_at\n1,1900-01-01 00:00\n' }, ['t.csv', ...drop], 't.csv:2: created_at: year 1900 is outside 1970..2099 (a placeholder for "no date"? --valid-years sets the range) ("1900-01-01 00:00")');
    await refusedAlike({ 's.csv': `type,score\ncsat,${'9'.repeat(400)}\n` }, ['s.csv', ...drop], `s.csv:2: score: number too large (beyond ±1.8e308) ("${'9'.repeat(57)}...")`);
    await refusedAlike(
      { 'c.csv': 'period_start,customers_start,customers_end,new_customers\n2026-03-01,99999999999999999999,10,0\n' },
      ['c.csv', ...drop],
      'c.csv:2: customers_start: too large (at most 9007199254740991) ("99999999999999999999")',
    );
  });
});

describe('how DuckDB is told to read a file', () => {
  it('a file named x.parquet.csv is a CSV file', async () => {
    const { report } = await same({ 'x.parquet.csv': 'id,created_at,status\n1,2026-03-02 09:00,solved\n' }, ['x.parquet.csv']);
    expect(report.kpis.ticket_volume.value).toBe(1);
  });

  it('a .parquet file that is not Parquet: refused in one line, DuckDB\'s reason given', async () => {
    const dir = scratch({ 'x.parquet': 'id,created_at,status\n1,2026-03-02 09:00,solved\n' });
    const b = await duck(dir, ['x.parquet']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^csm-kpi: x\.parquet: DuckDB cannot read it: Invalid Input Error: No magic bytes found at end of file '[^\n]*'\n$/);
  });

  // DuckDB reads a Parquet file's footer when it describes it, its pages only when it parses
  // it: a page that does not decompress was an internal error (`csm-kpi: internal error: Invalid
  // Input Error: Failed to read file "…": Snappy decompression failure`) until 2026-11-27. A
  // .parquet input runs the DuckDB engine whatever --engine says: no JavaScript reading to compare.
  it('a Parquet file with corrupt pages (a readable footer): refused in one line, as the file\'s', async () => {
    const dir = scratch({});
    const path = await writeParquet(dir, 'bad.parquet', "SELECT 'T' || i AS id, '2026-03-02 09:00' AS created_at, repeat('x', 50) || i AS status FROM range(2000) t(i)", ', COMPRESSION snappy');
    const bytes = readFileSync(path);
    // The first pages' bytes, far from the footer at the end of the file.
    for (let k = 200; k < 6000; k += 7) bytes[k] ^= 0x5a;
    writeFileSync(path, bytes);
    const b = await duck(dir, ['bad.parquet']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^csm-kpi: bad\.parquet: DuckDB cannot read it: [^\n]*\n$/);
  });

  // groupSource's `raw >= 0`: the first column is at index 0 (a mutant's `> 0` put every row in "(none)").
  it('--by a column no canonical name takes, when it is the first column', async () => {
    const { report } = await same({ 't.csv': 'region,id,created_at,status\nEU,1,2026-03-02 09:00,solved\nUS,2,2026-03-02 09:00,open\nEU,3,2026-03-02 09:00,open\n' }, ['t.csv', '--by', 'region']);
    expect(report.groups.region.map((g: { key: string; kpis: { ticket_volume: { value: number } } }) => [g.key, g.kpis.ticket_volume.value])).toEqual([['EU', 2], ['US', 1]]);
  });

  // sqlText doubles a quote inside an SQL string: a null token and a value map key with an apostrophe.
  it("a null token and a value map key with an apostrophe (n'a, fin'd)", async () => {
    const { report } = await same(
      { 't.csv': "id,created_at,status,channel\n1,2026-03-02 09:00,fin'd,n'a\n2,2026-03-02 09:00,open,email\n", 'c.json': '{"null_tokens": ["n\'a"], "values": {"status": {"fin\'d": "resolved"}}}' },
      ['t.csv', '--config', 'c.json', '--by', 'channel'],
    );
    expect(report.kpis.resolution_rate.value).toBe(50);
    expect(report.groups.channel.map((g: { key: string | null }) => g.key)).toEqual(['email', null]);
  });

  // The null tokens' SQL list: two of them, each met (joined without a comma, 'N/A''-' is one text, N/A'-).
  it('two null tokens, each in a cell', async () => {
    const { report } = await same(
      { 't.csv': 'id,created_at,channel\n1,2026-03-02 09:00,N/A\n2,2026-03-02 09:00,-\n3,2026-03-02 09:00,email\n', 'c.json': '{"null_tokens": ["N/A", "-"]}' },
      ['t.csv', '--config', 'c.json', '--by', 'channel'],
    );
    expect(report.groups.channel.map((g: { key: string | null; kpis: { ticket_volume: { value: number } } }) => [g.key, g.kpis.ticket_volume.value])).toEqual([[null, 2], ['email', 1]]);
  });

  // Columns are read by position (_c1, _c2, …), not by DuckDB's names: a U+FEFF in a Parquet
  // column's name was an internal error, and a column named _line grouped by the query's row
  // numbers (a review, 2026-11-27).
  it('a Parquet column named with a U+FEFF, and one named _line: read as the file names them', async () => {
    const dir = scratch({});
    await writeParquet(dir, 'odd.parquet', `SELECT 'T1' AS id, '2026-03-02 09:00' AS created_at, 'solved' AS "\ufeffstatus", 'x' AS _line UNION ALL SELECT 'T2', '2026-03-02 10:00', 'open', 'y'`);
    const b = await duck(dir, ['odd.parquet', '--by', '_line']);
    expect(b.code, b.stderr).toBe(0);
    const report = JSON.parse(b.stdout);
    expect(report.kpis.resolution_rate.value).toBe(50);
    expect(report.groups._line.map((g: { key: string; kpis: { ticket_volume: { value: number } } }) => [g.key, g.kpis.ticket_volume.value])).toEqual([['x', 1], ['y', 1]]);
  });

  it("the header's delimiter, as the JavaScript reader found it (DuckDB's sniffer would split on |)", async () => {
    // The header line has a comma and two pipes: the JavaScript reader splits on the comma;
    // DuckDB's sniffer, left alone, found three columns split by |.
    const { report } = await same(
      { 't.csv': 'id|x|y,created_at\n1|a|b,2026-03-02 09:00\n2|a|b,2026-03-02 10:00\n', 'c.json': '{"columns": {"id|x|y": "id"}}' },
      ['t.csv', '--config', 'c.json'],
    );
    expect(report.kpis.ticket_volume.value).toBe(2);
  });

  it("the header line, as the JavaScript reader found it (DuckDB's sniffer would skip a first line of fewer fields)", async () => {
    const [a, b] = await run({ 't.csv': 'id,created_at\nid,created_at,status\n1,2026-03-02 09:00,open\n2,2026-03-02 09:00,open\n' }, ['t.csv']);
    expect(a.code).toBe(2);
    expect(a.stderr.split('\n')[0]).toBe('t.csv:2: (row): has 3 fields, the header has 2');
    expect(b.code).toBe(2);
    expect(b.stderr).toBe('csm-kpi: t.csv:2: (row): has 3 fields, the header has 2\n');
  });

  it("a malformed record past the rows DuckDB's sniffer samples (found while parsing): the JavaScript reader names it", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i + 1},2026-03-02 09:00,open\n`).join('');
    await refusedAlike({ 't.csv': `id,created_at,status\n${rows}Total,1\n` }, ['t.csv'], 't.csv:30002: (row): has 2 fields, the header has 3');
  });

  it("a gzip file whose header DuckDB reads as one column holding commas: no hint to split it on the comma it already read by", async () => {
    const dir = scratch({ 't.csv.gz': gzipSync('"id,created_at,status"\n"1,2026-03-02 09:00,open"\n') });
    const b = await duck(dir, ['t.csv.gz']);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(
      'csm-kpi: t.csv.gz: cannot tell what this file holds from its header (id,created_at,status); tickets need created_at, surveys score, customers customers_start: rename the columns, use --preset or --config, or name the kind with --tickets/--surveys/--customers\n',
    );
  });

  it('a Latin-1 file: read from a UTF-8 copy that is removed once the report is made', async () => {
    const dir = scratch({ 't.csv': Buffer.from('id,created_at,status\n1,2026-03-02 09:00,r\xe9solu\n2,2026-03-02 09:00,solved\n', 'latin1') });
    const a = await js(dir, ['t.csv', '--encoding', 'latin1']);
    // The copy goes to os.tmpdir(), which TMPDIR names: an empty directory of this test's own.
    const tmp = mkdtempSync(join(tmpdir(), 'csm-kpi-tmpdir-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    let b: Run;
    try {
      b = await duck(dir, ['t.csv', '--encoding', 'latin1']);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    const left = readdirSync(tmp);
    rmSync(tmp, { recursive: true, force: true });
    expect(left).toEqual([]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expectSameReport(JSON.parse(a.stdout), JSON.parse(b.stdout));
  });
});

describe("the query's tables: what each kind of file gives it", () => {
  it('surveys without a type column, typed by --survey-type', async () => {
    const { report } = await same({ 's.csv': 'score,responded_at\n5,2026-03-02 09:00\n2,2026-03-02 09:00\n' }, ['s.csv', '--survey-type', 'csat']);
    // One of two answers in the top two scores.
    expect(report.kpis.csat.value).toBe(50);
  });

  it("Zendesk's Offered (trimmed) is a survey sent and not answered: csat's response rate", async () => {
    const { report } = await same(
      { 't.csv': 'Id,Created at,Status,Satisfaction Score\n1,2026-03-02 09:00,Solved,Offered\n2,2026-03-02 09:00,Solved, Offered \n3,2026-03-02 09:00,Solved,Good\n4,2026-03-02 09:00,Solved,\n' },
      ['t.csv', '--preset', 'zendesk'],
    );
    // One answer (Good) of three surveys sent.
    expect(report.kpis.csat.response_rate).toBeCloseTo(100 / 3, 9);
  });

  it("tickets' csat_score without a preset (no offered tokens): answers, none offered", async () => {
    const { report } = await same({ 't.csv': 'id,created_at,csat_score\n1,2026-03-02 09:00,5\n2,2026-03-02 09:00,2\n3,2026-03-02 09:00,\n' }, ['t.csv']);
    expect(report.kpis.csat.value).toBe(50);
  });

  it('two tickets files, only one with the --by column: its tickets by their value, the others in the group of none', async () => {
    const { report } = await same(
      { 'a.csv': 'id,created_at,status,region\n1,2026-03-02 09:00,solved,north\n', 'b.csv': 'id,created_at,status\n2,2026-03-02 09:00,open\n' },
      ['a.csv', 'b.csv', '--by', 'region'],
    );
    expect(report.groups.region.map((g: { key: string | null; kpis: { ticket_volume: { value: number } } }) => [g.key, g.kpis.ticket_volume.value])).toEqual(
      expect.arrayContaining([['north', 1], [null, 1]]),
    );
  });

  it('--by type over surveys: the type in lower case', async () => {
    const { report } = await same({ 's.csv': 'type,score,responded_at\nCSAT,5,2026-03-02 09:00\nnps,9,2026-03-02 09:00\nNPS,3,2026-03-02 09:00\n' }, ['s.csv', '--by', 'type']);
    expect(report.groups.type.map((g: { key: string }) => g.key).sort()).toEqual(['csat', 'nps']);
  });

  it('a customer list (one row per customer, churned or not)', async () => {
    const { report } = await same({ 'c.csv': 'customer_id,churned,period_start\nA,no,2026-03-01\nB,yes,2026-03-01\nC,false,2026-03-01\n' }, ['c.csv']);
    // 3 customers, 1 churned.
    expect(report.kpis.churn_rate.value).toBeCloseTo(100 / 3, 9);
  });

  it('customer counts that also carry a churned column are counts, not a list', async () => {
    const { report } = await same({ 'c.csv': 'period_start,customers_start,customers_end,new_customers,churned\n2026-03-01,10,9,1,no\n' }, ['c.csv']);
    // 10 at the start, 9 − 1 new = 8 of them kept: 2 lost.
    expect(report.kpis.churn_rate.value).toBe(20);
  });

  it('empty_score "skip": survey rows without a score are no answers, not invalid rows', async () => {
    const { report } = await same({ 's.csv': 'type,score\ncsat,5\ncsat,\nnps,\n' }, ['s.csv', '--empty-score', 'skip']);
    expect(report.inputs[0].no_answer).toBe(2);
  });

  // A bug, found with these tests: groupSource looks a --by field up among the mapped columns (mapping.index)
  // and the raw header, never among the joined ones (mapping.joins): the DuckDB engine puts
  // every ticket in the group of none; the JavaScript engine groups by the joined value.
  it('--by a column joined from two (config "join"): grouped by the joined value', async () => {
    const { report } = await same(
      { 't.csv': 'id,created_at,status,First,Last\n1,2026-03-02 09:00,open,Ana,\n2,2026-03-02 09:00,open,Ana,B\n', 'c.json': '{"join": {"agent": ["First", "Last"]}}' },
      ['t.csv', '--config', 'c.json', '--by', 'agent'],
    );
    expect(report.groups.agent.map((g: { key: string }) => g.key).sort()).toEqual(['Ana', 'Ana B']);
  });
});
