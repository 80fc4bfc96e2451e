/**
 * Hostile input through both engines (a hunt of 2026-11-27): files DuckDB's CSV sniffer
 * guessed wrong about, cells its casts read where the JavaScript reader refuses them. Each
 * case gives the same report from both engines, or the same refusal (exit 2, one line naming
 * file, line and column).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { expectSameReport } from './sql-parity.js';
import { duckdbCsvError } from '../../src/engine/duckdb-engine.js';

const run = (files: Record<string, string | Buffer>, args: string[]) => {
  const dir = scratch(files);
  const zone = args.includes('--tz') ? [] : ['--tz', 'UTC'];
  return Promise.all([
    cli(['compute', ...args, ...zone, '--format', 'json'], { cwd: dir }),
    cli(['compute', ...args, ...zone, '--format', 'json', '--engine', 'duckdb'], { cwd: dir }),
  ]);
};

const T = 'id,created_at,status\n';

describe('files DuckDB read otherwise than the JavaScript reader: the same report', () => {
  it.each([
    // DuckDB's sniffer took # for a comment mark: the rows of #104 and #105 were dropped (volume 3, not 5).
    ['ids that start with #', { 't.csv': `${T}101,2026-03-02 09:00,solved\n102,2026-03-02 09:00,open\n103,2026-03-03 09:00,solved\n#104,2026-03-03 09:00,open\n#105,2026-03-03 09:00,open\n` }, 5],
    // Rows of empty fields (as spreadsheets append) are no rows in either.
    ['rows of empty fields', { 't.csv': `${T}1,2026-03-02 09:00,solved\n,,\n2,2026-03-02 09:00,open\n , ,\n` }, 2],
    // UTF-16 (Excel's "Unicode text"), little- and big-endian, with a byte order mark.
    ['UTF-16 LE', { 't.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${T}1,2026-03-02 09:00,solved\n2,2026-03-02 09:00,open\n`, 'utf16le')]) }, 2],
    ['UTF-16 BE', { 't.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`${T}1,2026-03-02 09:00,solved\n`, 'utf16le').swap16()]) }, 1],
    // Excel's sep= first line, then CR line ends.
    ['a sep= line and CR line ends', { 't.csv': `sep=;\rid;created_at;status\r1;2026-03-02 09:00;solved\r2;2026-03-02 09:00;open\r` }, 2],
    // Blank lines before the header.
    ['blank lines before the header', { 't.csv': `\n\n${T}1,2026-03-02 09:00,solved\n` }, 1],
    // A U+FEFF the trim takes from a header name: DuckDB's DESCRIBE dropped it and its query kept
    // it, so the query named a column DuckDB did not have (an internal error, a hunt of 2026-11-27).
    ['a U+FEFF before a later column name', { 't.csv': `id,created_at,\ufeffstatus\n1,2026-03-02 09:00,solved\n2,2026-03-02 09:00,open\n` }, 2],
    ['a byte order mark written twice', { 't.csv': `\ufeff\ufeff${T}1,2026-03-02 09:00,solved\n` }, 1],
  ] as [string, Record<string, string | Buffer>, number][])('%s', async (_name, files, volume) => {
    // In a zone with an offset, so that a time read in UTC instead would show.
    const [js, duck] = await run(files, ['t.csv', '--tz', 'Europe/Madrid']);
    expect(js.code, js.stderr).toBe(0);
    expect(duck.code, duck.stderr).toBe(0);
    const a = JSON.parse(js.stdout), b = JSON.parse(duck.stdout);
    expect(a.kpis.ticket_volume.value).toBe(volume);
    expectSameReport(a, b);
  });
});

describe('timestamps in every ISO 8601 form the JavaScript reader reads (DuckDB\'s cast refused them)', () => {
  it('7 fraction digits (.NET), t and z, a comma before the fraction, an offset after HH:MM, +05, -00: the same times, cut to the millisecond', async () => {
    // In Europe/Madrid (UTC+1 in March). By hand, first response and resolution in seconds:
    // 1: created 07:00:00.000Z (.0001 cut), 09:00:00.123Z → 7200.123; 10:00Z → 10800
    // 2: created 07:00Z, 09:00Z → 7200; 11:00:00,5 local = 10:00:00.5Z → 10800.5
    // 3: created 07:00:00.999Z, 14:00+05 = 09:00Z → 7199.001; 16:00+0530 = 10:30Z → 12599.001
    // 4: created midnight local = 23:00Z the day before, 09:00:00.123 local → 32400.123; 09:00:00.999-00 → 36000.999
    const text =
      'id,created_at,first_response_at,resolved_at,status\n' +
      '1,2026-03-02 08:00:00.0001,2026-03-02T09:00:00.1234567Z,2026-03-02t10:00z,solved\n' +
      '2,2026-03-02 08:00,2026-03-02 09:00Z,"2026-03-02 11:00:00,5",solved\n' +
      '3,2026-03-02 08:00:00.999999,2026-03-02T14:00+05,2026-03-02T16:00+0530,solved\n' +
      '4,2026-03-02,2026-03-02T09:00:00.123456,2026-03-02T09:00:00.999999-00,solved\n';
    const [js, duck] = await run({ 't.csv': text }, ['t.csv', '--tz', 'Europe/Madrid']);
    expect(js.code, js.stderr).toBe(0);
    expect(duck.code, duck.stderr).toBe(0);
    const a = JSON.parse(js.stdout), b = JSON.parse(duck.stdout);
    expect(a.kpis.first_response_time.value).toBeCloseTo((7200.123 + 7200 + 7199.001 + 32400.123) / 4, 6);
    expect(a.kpis.resolution_time.value).toBeCloseTo((10800 + 10800.5 + 12599.001 + 36000.999) / 4, 6);
    expectSameReport(a, b);
  });
});

describe('a date and a time joined (config "join") with one part empty (a hunt, 2026-11-27: read as midnight)', () => {
  const config = JSON.stringify({ columns: { 'Call Id': 'id', Answered: 'first_response_at' }, join: { created_at: ['Date', 'Time'], resolved_at: ['Closed', 'Closed at'] }, values: { status: { y: 'resolved' } } });
  const HEAD = 'Call Id,Date,Time,Status,Answered,Closed,Closed at\n';

  it('an essential time: the row is invalid, naming the empty part, in both engines', async () => {
    const [js, duck] = await run({ 't.csv': `${HEAD}C1,2026-03-02,09:00,Y,2026-03-02 09:10,,\nC2,2026-03-02,,Y,2026-03-02 09:10,,\n`, 'c.json': config }, ['t.csv', '--config', 'c.json']);
    const message = 't.csv:3: created_at: "Time" is empty (created_at joins "Date" and "Time") ("2026-03-02")';
    expect(js.code).toBe(2);
    expect(js.stderr.split('\n')[0]).toBe(message);
    expect(duck.code).toBe(2);
    expect(duck.stderr.split('\n')[0]).toBe(`csm-kpi: ${message}`);
  });

  it('under drop_field, another time: left out and counted, its row kept; both parts empty is no time, and no problem', async () => {
    const rows = [
      'C1,2026-03-02,09:00,Y,2026-03-02 09:10,2026-03-02,10:00',
      // The date of the resolution without its time: left out (it would be 00:00, before the call).
      'C2,2026-03-02,09:30,Y,2026-03-02 09:40,2026-03-02,',
      'C3,2026-03-02,10:00,N,2026-03-02 10:10,,',
    ];
    const [js, duck] = await run({ 't.csv': HEAD + rows.join('\n') + '\n', 'c.json': config }, ['t.csv', '--config', 'c.json', '--invalid-fields', 'drop_field']);
    expect(js.code, js.stderr).toBe(0);
    const a = JSON.parse(js.stdout);
    // By hand: one resolution time, C1's hour; C2's left out (dropped), C3 open.
    expect([a.kpis.resolution_time.value, a.kpis.resolution_time.dropped, a.inputs[0].dropped_fields]).toEqual([3600, 1, { resolved_at: 1 }]);
    expect(duck.code, duck.stderr).toBe(0);
    expectSameReport(a, JSON.parse(duck.stdout));
  });
});

describe('input the JavaScript reader refuses: DuckDB refuses it too, naming the line', () => {
  it.each([
    // DuckDB's cast reads 24:00 as the next midnight and any offset; timestamp.ts does not.
    ['hour 24', `id,created_at\n1,2026-03-02T24:00:00Z\n`, 't.csv:2: created_at: '],
    ['an offset beyond ±18:59', `id,created_at\n1,2026-03-02T09:00:00+99:99\n`, 't.csv:2: created_at: '],
    ['minute 60 in an offset', `id,created_at\n1,2026-03-02T09:00:00+05:60\n`, 't.csv:2: created_at: '],
    // Whole numbers beyond 2^53 − 1 (a BIGINT cast failed with an internal error; a HUGEINT read a reopen count).
    ['contacts beyond 2^53 − 1', `id,created_at,contacts\n1,2026-03-02 09:00,99999999999999999999\n`, 't.csv:2: contacts: too large (at most 9007199254740991) ("99999999999999999999")'],
    ['a reopen count beyond 2^53 − 1', `id,created_at,reopened\n1,2026-03-02 09:00,99999999999999999999999\n`, 't.csv:2: reopened: not a boolean or a reopen count (expected true/false, yes/no, 1/0 or a whole number) ("99999999999999999999999")'],
    // A word in a number column: named as an invalid row (a cast outside a CASE once made it an internal error).
    ['a word as a score', `type,score,responded_at\ncsat,abc,2026-03-02 12:00\n`, 't.csv:2: score: not a number'],
    ['a word as a contact count', `id,created_at,contacts\n1,2026-03-02 09:00,N/A\n`, 't.csv:2: contacts: not a whole number'],
    ['a score beyond a double', `id,created_at,csat_score\n1,2026-03-02 09:00,${'9'.repeat(400)}\n`, `t.csv:2: csat_score: number too large (beyond ±1.8e308) ("${'9'.repeat(57)}...")`],
    // Two columns giving one (DuckDB named the second status_1 and read the first).
    ['a header name twice', `id,created_at,status,status\n1,2026-03-02 09:00,open,solved\n`, 't.csv: columns 3 ("status") and 4 ("status") both give status; keep one, or name the one to use in the config\'s "columns"'],
    // Malformed records: the JavaScript reader names them where DuckDB's sniffer could not tell the file's form.
    ['a comment line under the header', `${T}# exported by X\n1,2026-03-02 09:00,open\n`, 't.csv:2: (row): has 1 field, the header has 3'],
    ['a footer line', `${T}1,2026-03-02 09:00,open\nTotal,1\n`, 't.csv:3: (row): has 2 fields, the header has 3'],
    ['a quote never closed', `${T}1,2026-03-02 09:00,"open\n2,2026-03-02 09:00,open\n`, 't.csv:2: status: quoted field is never closed (a " is missing)'],
    ['a character after a closing quote', `${T}1,2026-03-02 09:00,"open"x\n`, 't.csv:2: status: unexpected character "x" after a closing quote'],
    // DuckDB reads one empty field past the header's as none, and a space after a closing quote as
    // nothing: the first records are read by the JavaScript reader first (a hunt, 2026-11-27: the
    // talk time 1 of "1,200," read where the JavaScript engine refuses the rows).
    ['a delimiter ending every row but the header', `id,created_at,talk_seconds,notes\n1,2026-03-02 09:00,1,200,\n2,2026-03-02 09:00,2,500,\n`, 't.csv:2: (row): has 5 fields, the header has 4'],
    ['a space after a closing quote', `${T}1,2026-03-02 09:00,"open" \n`, 't.csv:2: status: unexpected character " " after a closing quote'],
    // A title line above the header: the header is that line, in both.
    ['a title line above the header', `Tickets export\n${T}1,2026-03-02 09:00,open\n`, 't.csv: cannot tell what this file holds from its header (Tickets export)'],
  ])('%s', async (_name, text, message) => {
    const [js, duck] = await run({ 't.csv': text }, ['t.csv']);
    expect(js.code).toBe(2);
    expect(js.stderr).toContain(message);
    expect(duck.code).toBe(2);
    expect(duck.stdout).toBe('');
    expect(duck.stderr.split('\n')[0]).toContain(`csm-kpi: ${message}`);
  });

  it('a --by field no input has, in a file whose first records the JavaScript reader refuses: the --by refusal first, in both (a review, 2026-11-27)', async () => {
    const [js, duck] = await run({ 't.csv': `${T}1,2026-03-02 09:00,open,\n` }, ['t.csv', '--by', 'agnet']);
    for (const r of [js, duck]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('csm-kpi: --by: no input has a column "agnet" (columns: id, created_at, status)\n');
    }
  });

  it('a --by field no input has: the same refusal, before any row is read (an invalid row after it is not reached)', async () => {
    const [js, duck] = await run({ 't.csv': `${T}1,2026-03-02 09:00,open\n2,soon,open\n` }, ['t.csv', '--by', 'agnet']);
    for (const r of [js, duck]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('csm-kpi: --by: no input has a column "agnet" (columns: id, created_at, status)\n');
    }
  });
});

describe('what a cron job meets: the same report and notes, or the same refusal', () => {
  it('survey answers without responded_at, with --from, --to or --last: left out (unplaced) with a note, not an internal error', async () => {
    // The missing column was an untyped NULL, and epoch_ms of it a TIMESTAMP compared with the window's numbers.
    for (const window of [['--from', '2026-03-01'], ['--to', '2026-04-01'], ['--last', '1m', '--now', '2026-04-02']]) {
      const [js, duck] = await run({ 's.csv': 'type,score\ncsat,1\ncsat,5\n', 't.csv': 'id,created_at\n1,2026-03-02 09:00\n' }, ['t.csv', 's.csv', ...window]);
      expect(duck.code, duck.stderr).toBe(0);
      expect(duck.stderr).toBe(js.stderr);
      expect(duck.stderr).toContain('note: s.csv: 2 answers have no responded_at and are left out');
      const a = JSON.parse(js.stdout), b = JSON.parse(duck.stdout);
      expect(b.inputs.find((i: { file: string }) => i.file === 's.csv')).toMatchObject({ rows: 2, used: 0, unplaced: 2 });
      expectSameReport(a, b);
    }
  });

  it('a NUL character in UTF-16 text: refused as binary by both, at its byte in the file (the JavaScript engine read it into a status, DuckDB named a byte of its UTF-8 copy)', async () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${T}T1,2026-03-02 10:00,sol\u0000ved\n`, 'utf16le')]);
    const [js, duck] = await run({ 't.csv': text }, ['t.csv']);
    // 2 bytes of byte order mark, then 44 characters of 2 bytes each before the NUL.
    for (const r of [js, duck]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('csm-kpi: t.csv: not a CSV text file (binary data at byte 90: a NUL character in UTF-16LE text)\n');
    }
  });

  it('a directory given as a file: the same one line (DuckDB\'s engine said "internal error: EISDIR")', async () => {
    const dir = scratch({});
    mkdirSync(join(dir, 'tickets.csv'));
    for (const engine of [[], ['--engine', 'duckdb']]) {
      const r = await cli(['compute', 'tickets.csv', ...engine], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('csm-kpi: tickets.csv: is a directory, not a CSV file\n');
    }
  });
});

describe('the notes a header alone gives: the same from both engines', () => {
  it('a survey export read as tickets, KPIs without input beside unmapped headers, a Zendesk export without its preset, a config column no header matches', async () => {
    const dir = scratch({
      'h.csv': 'id,created_at,score,Updated at\n1,2026-03-02 09:00,5,x\n',
      'z.csv': 'Id,Requester id,Group,Status,Via,Created at,Solved at\n1,10,Support,Solved,Mail,2026-03-02 09:00,2026-03-02 10:00\n',
      'c.json': '{"columns": {"Agnet": "agent"}}',
    });
    const notes = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('note: '));
    for (const args of [['h.csv'], ['z.csv'], ['h.csv', '--config', 'c.json']]) {
      const js = await cli(['compute', ...args, '--tz', 'UTC', '--format', 'json'], { cwd: dir });
      const duck = await cli(['compute', ...args, '--tz', 'UTC', '--format', 'json', '--engine', 'duckdb'], { cwd: dir });
      expect(js.code, js.stderr).toBe(0);
      expect(duck.code, duck.stderr).toBe(0);
      expect(notes(js.stderr).length, args.join(' ')).toBeGreaterThan(0);
      expect(notes(duck.stderr), args.join(' ')).toEqual(notes(js.stderr));
    }
    const z = await cli(['compute', 'z.csv', '--tz', 'UTC', '--format', 'json', '--engine', 'duckdb'], { cwd: dir });
    expect(z.stderr).toContain('note: z.csv: looks like a Zendesk export: add --preset zendesk\n');
    const c = await cli(['compute', 'h.csv', '--config', 'c.json', '--tz', 'UTC', '--format', 'json', '--engine', 'duckdb'], { cwd: dir });
    expect(c.stderr).toContain('note: c.json: columns: "Agnet" (→ agent) matches no header of the inputs');
    expect(c.stderr).toContain('note: h.csv: read as tickets (it has created_at), but its score column is a surveys file\'s');
    expect(c.stderr).toContain('note: no input column for ');
  });
});

describe('duckdbCsvError: DuckDB\'s CSV errors in one line', () => {
  it.each([
    ['Invalid Input Error: CSV Error on Line: 4\nOriginal Line: Total,2\nExpected Number of Columns: 3 Found: 2\nPossible fixes: …', 'a record has 2 fields, the header 3'],
    ['Invalid Input Error: CSV Error on Line: 2\nExpected Number of Columns: 3 Found: 1', 'a record has 1 field, the header 3'],
    ['Invalid Input Error: CSV Error on Line: 2\nOriginal Line: 1,"a\nValue with unterminated quote found.', 'a quoted field is not closed'],
    ['Invalid Input Error: Error when sniffing file "x.csv".\nIt was not possible to automatically detect the CSV parsing dialect', 'its sniffer cannot tell how the file is written (rows of another number of fields, a quote not closed, or line ends of two kinds?)'],
    ['Invalid Input Error: CSV Error on Line: 1\nMaximum line size of 2097152 bytes exceeded. Actual Size:3000029 bytes.', 'a record is longer than its limit of 2 MB'],
    ['Invalid Input Error: The CSV Parser state machine reached an invalid state.\nThis can happen when…', 'its parser cannot read the file as written (line ends of two kinds, or a quote not per RFC 4180?)'],
    ['Invalid Input Error: CSV Error on Line: 2\nInvalid unicode (byte sequence mismatch) detected.', 'it is not valid UTF-8 (a Latin-1 or Windows-1252 file? then --encoding latin1)'],
    ['IO Error: No files found that match the pattern "x"\nmore', 'IO Error: No files found that match the pattern "x"'],
  ])('%j', (message, shown) => {
    expect(duckdbCsvError(new Error(message))).toBe(shown);
  });

  it('a gzip file (which DuckDB decompresses as it reads): --encoding latin1 is refused, and bytes that are not UTF-8 are named as such', async () => {
    const { gzipSync } = await import('node:zlib');
    const latin1 = gzipSync(Buffer.from(`${T}1,2026-03-02 09:00,r\xe9solu\n`, 'latin1'));
    const dir = scratch({ 't.csv.gz': latin1 });
    const given = await cli(['compute', 't.csv.gz', '--tz', 'UTC', '--encoding', 'latin1', '--engine', 'duckdb'], { cwd: dir });
    expect(given.code).toBe(2);
    expect(given.stderr).toBe('csm-kpi: t.csv.gz: --engine duckdb reads a gzip-compressed file as UTF-8 only; for --encoding latin1, decompress it first (gunzip -c t.csv.gz | csm-kpi … -)\n');
    const plain = await cli(['compute', 't.csv.gz', '--tz', 'UTC', '--engine', 'duckdb'], { cwd: dir });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe('csm-kpi: t.csv.gz: DuckDB cannot read it: it is not valid UTF-8 (a Latin-1 or Windows-1252 file? then --encoding latin1)\n');
  });

  it('a gzip file with blank lines or a sep= line before its header: DuckDB finds its header itself', async () => {
    const { gzipSync } = await import('node:zlib');
    const body = `${T}1,2026-03-02 09:00,solved\n2,2026-03-02 09:00,open\n`;
    const dir = scratch({ 'b.csv.gz': gzipSync(`\n\n${body}`), 's.csv.gz': gzipSync(`sep=;\n${body.replaceAll(',', ';')}`) });
    for (const file of ['b.csv.gz', 's.csv.gz']) {
      const r = await cli(['compute', file, '--tz', 'UTC', '--format', 'json', '--engine', 'duckdb'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).kpis.resolution_rate.value).toBe(50);
    }
  });

  it('a gzip file by its bytes, not its name: one named .csv, or on standard input (DuckDB took them for text that is not UTF-8); a text file named .gz is text', async () => {
    const { gzipSync } = await import('node:zlib');
    const text = `${T}1,2026-03-02 09:00,solved\n2,2026-03-02 09:00,open\n`;
    const packed = gzipSync(text);
    const dir = scratch({ 't.csv': packed, 'p.csv.gz': text });
    for (const [args, stdin] of [[['t.csv'], undefined], [['-'], packed], [['p.csv.gz'], undefined]] as const) {
      const r = await cli(['compute', ...args, '--tz', 'UTC', '--format', 'json', '--engine', 'duckdb'], { cwd: dir, stdin });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).kpis.resolution_rate.value).toBe(50);
    }
  });

  it('a short record of empty fields, which the JavaScript reader skips and DuckDB cannot read: DuckDB\'s refusal, not a row error JavaScript never gives', async () => {
    const [js, duck] = await run({ 't.csv': `${T}1,2026-03-02 09:00,open\n,\n2,2026-03-02 09:00,open\n` }, ['t.csv']);
    expect(js.code, js.stderr).toBe(0);
    expect(duck.code).toBe(2);
    // (DuckDB's sniffer stops at it: its own words, then what to do.)
    expect(duck.stderr).toMatch(/^csm-kpi: t\.csv: DuckDB cannot read it: [^\n]*; run without --engine duckdb\n$/);
    expect(duck.stderr).not.toContain('(row)');
  });

  it('line ends of two kinds, which DuckDB cannot parse and the JavaScript reader reads: DuckDB\'s refusal, with what to do', async () => {
    const [js, duck] = await run({ 't.csv': `${T}1,2026-03-02 09:00,open\r\n2,2026-03-02 09:00,solved\n3,2026-03-02 09:00,open\r\n` }, ['t.csv']);
    expect(js.code, js.stderr).toBe(0);
    expect(duck.code).toBe(2);
    expect(duck.stderr).toMatch(/^csm-kpi: t\.csv: DuckDB cannot read it: .*line ends of two kinds.*; run without --engine duckdb\n$/);
  });
});
