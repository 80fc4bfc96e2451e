import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

const BAD =
  'id,created_at,first_response_at,status,contacts\n' +
  '1,2026-03-02 09:00,2026-03-02 08:00,closed,1\n' + // line 2: response before creation
  '2,2026-02-30,,open,\n' + // line 3: no such day
  '3,2026-03-02 10:00,,"multi\nline",0\n' + // lines 4-5: contacts 0
  '1,2026-03-03,,open,2\n' + // line 6: duplicate id
  ',2026-03-03,,open,x\n' + // line 7: two problems
  '4,2026-03-03\n' + // line 8: short row
  '5,2026-03-04 12:00,2026-03-04 12:30,solved,1\n'; // line 9: valid

describe('invalid rows', () => {
  it('fail the run by default: every problem as file:line: column: message ("value"), exit 2, no report', async () => {
    const dir = scratch({ 'bad.csv': BAD });
    const r = await cli(['compute', 'bad.csv', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      'bad.csv:2: first_response_at: is before created_at ("2026-03-02 08:00")',
      'bad.csv:3: created_at: day 30 does not exist in 2026-02 ("2026-02-30")',
      'bad.csv:4: contacts: must be 1 or more ("0")',
      'bad.csv:6: id: duplicate of the ticket on line 2 ("1")',
      'bad.csv:7: id: is required',
      'bad.csv:7: contacts: not a whole number ("x")',
      'bad.csv:8: (row): has 2 fields, the header has 5',
      'csm-kpi: 6 invalid rows: nothing computed. Fix them, compute on the valid rows with --skip-invalid, or keep the rows without their invalid fields with --invalid-fields drop_field (--rejects FILE saves the bad rows).',
      '',
    ]);
  });

  it('--skip-invalid computes on the valid rows and counts the rest; --rejects saves them with a reason', async () => {
    const dir = scratch({ 'bad.csv': BAD });
    const r = await cli(['compute', 'bad.csv', '--format', 'json', '--skip-invalid', '--rejects', 'rejects.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.inputs[0]).toMatchObject({ file: 'bad.csv', rows: 7, used: 1, skipped: 6 });
    expect(report.kpis.first_response_time.value).toBe(1800);
    expect(r.stderr).toMatch(/^bad\.csv:2: first_response_at/);
    expect(r.stderr).toMatch(/6 invalid rows skipped/);
    const rejects = readFileSync(join(dir, 'rejects.csv'), 'utf8');
    expect(rejects.split('\n')[0]).toBe('file,line,reason,record');
    expect(rejects).toContain('bad.csv,7,"id: is required; contacts: not a whole number (""x"")",",2026-03-03,,open,x"');
    expect(rejects).toContain('bad.csv,4,"contacts: must be 1 or more (""0"")","3,2026-03-02 10:00,,""multi\nline"",0"');
  });

  it('lists at most 20 problems, then how many more', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},not-a-date`).join('\n');
    const dir = scratch({ 't.csv': `id,created_at\n${rows}\n` });
    const r = await cli(['compute', 't.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('t.csv:'))).toHaveLength(20);
    expect(lines).toContain('… and 10 more problems');
    expect(lines[0]).toBe('t.csv:2: created_at: not an ISO 8601 timestamp (expected e.g. 2026-03-04T09:15:22Z or 2026-03-04 09:15) ("not-a-date")');
  });

  it('checks survey scores against their type and scale', async () => {
    const dir = scratch({ 's.csv': 'type,score\nnps,11\nnps,7.5\ncsat,0\nces,6\nstars,3\ncsat,\n' });
    const r = await cli(['compute', 's.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('s.csv:2: score: nps score must be a whole number in 0..10 ("11")');
    expect(r.stderr).toContain('s.csv:3: score: nps score must be a whole number in 0..10 ("7.5")');
    expect(r.stderr).toContain('s.csv:4: score: csat score must be in 1..5 ("0")');
    expect(r.stderr).toContain('s.csv:5: score: ces score must be in 1..5 ("6")');
    expect(r.stderr).toContain('s.csv:6: type: must be csat, nps or ces ("stars")');
    expect(r.stderr).toContain('s.csv:7: score: is required');
  });

  it('checks customer counts: E − N within 0..S, lost consistent, one row per period', async () => {
    const dir = scratch({
      'c.csv':
        'period_start,customers_start,customers_end,new_customers,lost_customers\n' +
        '2026-01-01,500,480,200,220\n' +
        '2026-02-01,100,300,50,\n' +
        '2026-03-01,100,90,10,5\n' +
        '2026-01-01,500,480,200,\n',
    });
    const r = await cli(['compute', 'c.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('c.csv:3: customers_end: customers_end − new_customers = 250 must lie in 0..customers_start (100) ("300")');
    expect(r.stderr).toContain('c.csv:4: lost_customers: must equal customers_start − (customers_end − new_customers) = 20 ("5")');
    expect(r.stderr).toContain('c.csv:5: period_start: same period as line 2 ("2026-01-01")');
  });

  it('a duplicate id across two tickets files is caught, naming the other file', async () => {
    const dir = scratch({ 'a.csv': 'id,created_at\n7,2026-03-01\n', 'b.csv': 'id,created_at\n8,2026-03-02\n7,2026-03-02\n8,2026-03-03\n' });
    const r = await cli(['compute', 'a.csv', 'b.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b.csv:3: id: duplicate of the ticket on a.csv:2 ("7")\n');
    // Within one file the line alone, as before.
    expect(r.stderr).toContain('b.csv:4: id: duplicate of the ticket on line 2 ("8")\n');
  });
});

describe('unusable files: one clear line, exit 2, no stack trace', () => {
  const cases: [string, Record<string, string | Buffer>, string[], RegExp][] = [
    ['a missing file', {}, ['compute', 'nope.csv'], /^csm-kpi: nope\.csv: no such file\n$/],
    ['an empty file', { 'e.csv': '' }, ['compute', 'e.csv'], /^csm-kpi: e\.csv: empty file \(no header row\)\n$/],
    ['only blank lines', { 'e.csv': '\n\n' }, ['compute', 'e.csv'], /^csm-kpi: e\.csv: empty file \(no header row\)\n$/],
    ['binary garbage', { 'b.csv': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]) }, ['compute', 'b.csv'], /^csm-kpi: b\.csv: not a CSV text file \(binary data at byte 7\)\n$/],
    // gzip's magic number (1F 8B 08) refuses it even without a NUL in its first bytes.
    ['a gzip file', { 't.csv.gz': Buffer.from([0x1f, 0x8b, 0x08, 0x08, 0x61, 0x62, 0x63, 0x64]) }, ['compute', 't.csv.gz'], /^csm-kpi: t\.csv\.gz: not a CSV text file: it is gzip-compressed; decompress it first \(gunzip -c t\.csv\.gz \| csm-kpi … -\)\n$/],
    // Saved without .gz, with a space and a quote: gunzip -c reads it, the name quoted for a shell.
    ['a gzip file named .csv', { "my export's.csv": Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]) }, ['compute', "my export's.csv"], /^csm-kpi: my export's\.csv: not a CSV text file: it is gzip-compressed; decompress it first \(gunzip -c 'my export'\\''s\.csv' \| csm-kpi … -\)\n$/],
    ['an xlsx file', { 'x.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]) }, ['compute', 'x.csv'], /looks like an \.xlsx or \.zip: export it as CSV/],
    ['Latin-1 read as UTF-8', { 'l.csv': Buffer.from('id,created_at,note\n1,2026-03-01,caf\xe9\n', 'latin1') }, ['compute', 'l.csv'], /^csm-kpi: l\.csv:2: not valid UTF-8 \(byte 35\); .*--encoding latin1\n$/],
    ['a header of unknown kind', { 'u.csv': 'foo,bar\n1,2\n' }, ['compute', 'u.csv'], /^csm-kpi: u\.csv: cannot tell what this file holds from its header \(foo, bar\)/],
    ['a missing required column', { 'm.csv': 'id,status\n1,open\n' }, ['compute', '--tickets', 'm.csv'], /^csm-kpi: m\.csv: tickets file lacks the required column created_at \(header: id, status\)\n$/],
    ['a column given twice', { 'd.csv': 'id,created_at,Created At\n1,2026-03-01,2026-03-01\n' }, ['compute', 'd.csv'], /columns 2 \("created_at"\) and 3 \("Created At"\) both give created_at/],
    ['an unclosed quote', { 'q.csv': 'id,created_at\n1,2026-03-01\n2,"2026-03-01\n' }, ['compute', 'q.csv'], /^csm-kpi: q\.csv:3: created_at: quoted field is never closed/],
    // A syntax error names its column by the header, or by position where the header has none.
    ['text after a closing quote', { 'q.csv': 'id,created_at,status\n1,2026-03-01,"sol"ved\n' }, ['compute', 'q.csv'], /^csm-kpi: q\.csv:2: status: unexpected character "v" after a closing quote\n$/],
    // A stray opening quote on line 2 runs to the next quoted field's opening quote on line 4.
    ['a stray opening quote ended by a later quoted field', { 'q.csv': 'id,created_at,subject\n1,2026-03-01,"Printer\n2,2026-03-01,Login\n3,2026-03-01,"Refund, please"\n' }, ['compute', 'q.csv'], /^csm-kpi: q\.csv:4: subject: unexpected character "R" after a closing quote \(the quoted field began on line 2: is its closing quote missing there\?\)\n$/],
    // By its canonical name, as a row problem names it, where the header maps to one.
    ['text after a closing quote under a header spelt otherwise', { 'q.csv': 'ID,createdAt\n1,"2026-03-01"x\n' }, ['compute', 'q.csv'], /^csm-kpi: q\.csv:2: created_at: unexpected character "x" after a closing quote\n$/],
    ['text after a closing quote in the header', { 'q.csv': 'id,"created_at"x\n1,2026-03-01\n' }, ['compute', 'q.csv'], /^csm-kpi: q\.csv:1: field 2: unexpected character "x" after a closing quote\n$/],
    ['text after a closing quote past the header', { 'q.csv': 'id,created_at\n1,2026-03-01,"a"b\n' }, ['compute', 'q.csv'], /^csm-kpi: q\.csv:2: field 3: unexpected character "b" after a closing quote\n$/],
    ['surveys without type', { 's.csv': 'score\n5\n' }, ['compute', 's.csv'], /s\.csv: surveys file has no type column; add one .* or give --survey-type/],
    ['a directory', {}, ['compute', '.'], /^csm-kpi: \.: is a directory, not a CSV file\n$/],
    ['no files', {}, ['compute'], /no input files/],
    ['a bad --format', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--format', 'xml'], /^csm-kpi: option '-f, --format <format>' argument 'xml' is invalid\. Allowed choices are table, json, csv, html, markdown; run with --help for usage\n$/],
    ['a bad --period', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--period', 'fortnight'], /argument 'fortnight' is invalid\. Allowed choices are day, week, month, quarter, year; run with --help for usage\n$/],
    ['a bad --from', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--from', '2026-13-01'], /^csm-kpi: --from: month 13 out of range \("2026-13-01"\)\n$/],
    ['an unknown --tz', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--tz', 'Mars/Base'], /unknown time zone "Mars\/Base"/],
    ['a bad --csat-scale', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--csat-scale', 'five'], /^csm-kpi: option '--csat-scale <range>' argument 'five' is invalid\. expected a range such as 1-5 or 1\.\.7; run with --help for usage\n$/],
    ['a reversed --csat-scale', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--csat-scale', '5-1'], /^csm-kpi: option '--csat-scale <range>' argument '5-1' is invalid\. the lowest score comes first \(1-5\); run with --help for usage\n$/],
    // Satisfied is the top two scores: 99–100 of a 0..100 question, a plausible wrong CSAT (a hunt, 2026-11-27).
    ['a --csat-scale of 101 points', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--csat-scale', '0-100'], /^csm-kpi: option '--csat-scale <range>' argument '0-100' is invalid\. satisfied is the top two scores of the scale \(99-100 of 0\.\.100\), so CSAT scales have at most 11 points \(0-10\); run with --help for usage\n$/],
    ['scales.csat of 101 points in a config', { 'ok.csv': 'id,created_at\n1,2026-03-01\n', 'c.json': '{"scales": {"csat": "1-101"}}' }, ['compute', 'ok.csv', '--config', 'c.json'], /^csm-kpi: c\.json: scales\.csat: satisfied is the top two scores of the scale \(100-101 of 1\.\.101\), so CSAT scales have at most 11 points \(0-10\)\n$/],
    // commander's suggestion and the pointer to --help on the message's line: every line on stderr is one of the README's forms.
    ['a misspelt option', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--fromm', '2026-03-01'], /^csm-kpi: unknown option '--fromm' \(Did you mean --from\?\); run with --help for usage\n$/],
    ['an unknown option', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--bogus'], /unknown option '--bogus'/],
    // A line break in the value was printed raw, splitting the message over two lines (a hunt, 2026-11-27).
    ['a line break in an unknown option', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--fo\nrmat', 'json'], /^csm-kpi: unknown option '--fo\\nrmat' \(Did you mean --format\?\); run with --help for usage\n$/],
    ['a line break as --delimiter', { 'ok.csv': 'id,created_at\n1,2026-03-01\n' }, ['compute', 'ok.csv', '--delimiter', '\n'], /^csm-kpi: option '--delimiter <char>' argument '\\n' is invalid\. must be one character such as , ; \| or tab/],
  ];
  it.each(cases)('%s', async (_name, files, args, message) => {
    const dir = scratch(files);
    const r = await cli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // One line, a "csm-kpi: …" one (README: what csm-kpi writes on stderr).
    expect(r.stderr).toMatch(/^csm-kpi: [^\n]*\n$/);
  });
});

describe('validate', () => {
  it('reports each file and exits 0 when all rows are valid', async () => {
    const r = await cli(['validate', 'fixtures/tickets.csv', 'fixtures/surveys.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fixtures\/tickets\.csv: tickets, 10 rows, all valid; columns used: id, created_at/);
  });
  it('lists the problems and exits 2 otherwise', async () => {
    const dir = scratch({ 'bad.csv': BAD });
    const r = await cli(['validate', 'bad.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/bad\.csv: tickets, 7 rows, 6 invalid/);
    expect(r.stderr).toMatch(/bad\.csv:6: id: duplicate/);
  });
});

describe('line numbers', () => {
  it('count lone CRs (old Mac line ends) as line breaks, inside quoted fields too', async () => {
    const text = 'id,created_at,note\r1,2026-03-02 09:00,"two\rlines"\r2,2026-03-02 10:00,x\r3,never,y\r';
    const dir = scratch({ 'cr.csv': text, 'bad.csv': Buffer.from('id,created_at\r1,2026-03-02\r2,2026-03-02 10:00\xff\r', 'latin1') });
    const r = await cli(['compute', 'cr.csv', '--tz', 'UTC'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cr\.csv:5: created_at: not an ISO 8601 timestamp/);
    const bad = await cli(['compute', 'bad.csv', '--tz', 'UTC'], { cwd: dir });
    expect(bad.stderr).toMatch(/^csm-kpi: bad\.csv:3: not valid UTF-8/);
  });
});

describe('non-finite numbers', () => {
  it('1e400 in a number column is an invalid row with the usual message, not Infinity', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,talk_seconds,contacts\n1,2026-03-02,1e400,1\n2,2026-03-02,60,1e400\n3,2026-03-02,60,1\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      't.csv:2: talk_seconds: duration too long (more than 1000 years) ("1e400")',
      't.csv:3: contacts: number too large (beyond ±1.8e308) ("1e400")',
    ]);
    const s = await cli(['compute', 't.csv', '--tz', 'UTC', '--skip-invalid', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(s.stdout).kpis.average_handle_time).toMatchObject({ value: 60, count: 1 });
  });
});

describe('duplicate ids across files', () => {
  it('name the other file: b.csv:3: id: duplicate of the ticket on a.csv:2', async () => {
    const dir = scratch({
      'a.csv': 'id,created_at\nT1,2026-03-02\nT2,2026-03-02\n',
      'b.csv': 'id,created_at\nT3,2026-03-02\nT1,2026-03-03\nT3,2026-03-04\n',
    });
    const r = await cli(['compute', 'a.csv', 'b.csv', '--tz', 'UTC'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'b.csv:3: id: duplicate of the ticket on a.csv:2 ("T1")',
      'b.csv:4: id: duplicate of the ticket on line 2 ("T3")',
    ]);
  });
});

describe('timestamps outside the plausible years', () => {
  const text = 'id,created_at,resolved_at\n1,2026-03-02,9999-12-31\n2,0001-01-01,\n3,2026-03-03,2026-03-04\n4,1969-12-31 23:59,\n5,2099-12-31 23:59,\n';
  it('are invalid rows (1970..2099 by default): placeholder dates never reach a mean or a series', async () => {
    const dir = scratch({ 't.csv': text });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      't.csv:2: resolved_at: year 9999 is outside 1970..2099 (a placeholder for "no date"? --valid-years sets the range) ("9999-12-31")',
      't.csv:3: created_at: year 1 is outside 1970..2099 (a placeholder for "no date"? --valid-years sets the range) ("0001-01-01")',
      't.csv:5: created_at: year 1969 is outside 1970..2099 (a placeholder for "no date"? --valid-years sets the range) ("1969-12-31 23:59")',
    ]);
    const v = await cli(['validate', 't.csv', '--tz', 'UTC'], { cwd: dir });
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('t.csv:2: resolved_at: year 9999 is outside 1970..2099');
  });
  it('--valid-years and the config key valid_years set the range; a wrong one is a usage error', async () => {
    const dir = scratch({ 't.csv': text, 'c.json': '{"valid_years": "1-9999"}', 'bad.json': '{"valid_years": "2000"}' });
    const flag = await cli(['compute', 't.csv', '--tz', 'UTC', '--valid-years', '1-9999', '--format', 'json'], { cwd: dir });
    expect(flag.code).toBe(0);
    expect(JSON.parse(flag.stdout).inputs[0].used).toBe(5);
    const config = await cli(['validate', 't.csv', '--tz', 'UTC', '--config', 'c.json'], { cwd: dir });
    expect(config.code).toBe(0);
    const narrow = await cli(['compute', 't.csv', '--tz', 'UTC', '--valid-years', '2026..2026', '--skip-invalid', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(narrow.stdout).inputs[0]).toMatchObject({ used: 1, skipped: 4 });
    const wrong = await cli(['compute', 't.csv', '--valid-years', '2100-1970'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--valid-years.*the last year comes before the first/);
    const badConfig = await cli(['compute', 't.csv', '--config', 'bad.json'], { cwd: dir });
    expect(badConfig.stderr).toBe('csm-kpi: bad.json: valid_years: expected a range of years such as 1970-2099 ("2000")\n');
  });
});

describe('series of too many periods', () => {
  it('are refused before reading (a window) or after (data spanning millennia), exit 2 with a message', async () => {
    const dir = scratch({ 't.csv': 'id,created_at\n1,0001-01-01\n2,2026-03-02\n' });
    const window = await cli(['compute', 't.csv', '--tz', 'UTC', '--period', 'day', '--from', '0001-01-01', '--to', '9999-01-01'], { cwd: dir });
    expect(window.code).toBe(2);
    expect(window.stderr).toBe(
      'csm-kpi: --period day: the report would span 3,651,694 periods (0001-01-01 to 9998-12-31), more than 100,000; narrow it with --from/--to or take a longer period\n',
    );
    const data = await cli(['compute', 't.csv', '--tz', 'UTC', '--period', 'week', '--valid-years', '1-2100'], { cwd: dir });
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/^csm-kpi: --period week: the report would span 105,[0-9]{3} periods \(0001-01-01 to 2026-03-02\)/);
    const years = await cli(['compute', 't.csv', '--tz', 'UTC', '--period', 'year', '--valid-years', '1-2100', '--format', 'json'], { cwd: dir });
    expect(years.code).toBe(0);
    expect(JSON.parse(years.stdout).series).toHaveLength(2026);
  });
});

describe('UTF-16 files and Excel\'s "sep=" line', () => {
  const text = 'id\tcreated_at\tagent\r\nT1\t2026-03-02 09:00\tJosé\r\nT2\t2026-03-03 09:00\t日本\r\nT3\tnever\tx\r\n';
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  it('reads UTF-16LE and UTF-16BE, with or without a byte order mark, as UTF-8 would read', async () => {
    const files = {
      'le-bom.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      'le.csv': le,
      'be-bom.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      'be.csv': be,
      'utf8.csv': text,
    };
    const dir = scratch(files);
    const runs = await Promise.all(Object.keys(files).map((f) => cli(['compute', f, '--tz', 'UTC', '--skip-invalid', '--by', 'agent', '--format', 'json'], { cwd: dir })));
    const want = runs[4];
    expect(want.stderr).toMatch(/^utf8\.csv:4: created_at/);
    for (const [i, r] of runs.entries()) {
      const name = Object.keys(files)[i];
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(want.stderr.replaceAll('utf8.csv', name));
      expect(r.stdout).toBe(want.stdout.replaceAll('utf8.csv', name));
    }
    expect(JSON.parse(want.stdout).groups.agent.map((g: { key: string }) => g.key)).toEqual(['José', '日本']);
  });
  it('refuses broken UTF-16 and binary data with one line each', async () => {
    const dir = scratch({ 'odd.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), le, Buffer.from([0x41])]), 'bin.csv': Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 0x50, 0, 0, 7]) });
    const odd = await cli(['compute', 'odd.csv'], { cwd: dir });
    expect(odd.code).toBe(2);
    expect(odd.stderr).toMatch(/^csm-kpi: odd\.csv: not valid UTF-16 \(an odd byte or a lone surrogate before byte \d+\)\n$/);
    const bin = await cli(['compute', 'bin.csv'], { cwd: dir });
    expect(bin.stderr).toMatch(/^csm-kpi: bin\.csv: not a CSV text file \(binary data at byte 1\)\n$/);
  });
  it('takes the delimiter from a "sep=;" first line, skips it and counts it in line numbers', async () => {
    const dir = scratch({
      'sep.csv': 'sep=;\r\nid;created_at;note\r\nT1;2026-03-02;a,b\r\nT2;bad;x\r\n',
      'quoted.csv': '"sep=|"\nid|created_at\nT1|2026-03-02\nT2|bad\n',
      'only.csv': 'sep=;\n',
    });
    const r = await cli(['compute', 'sep.csv', '--tz', 'UTC'], { cwd: dir });
    expect(r.stderr.split('\n')[0]).toBe('sep.csv:4: created_at: not an ISO 8601 timestamp (expected e.g. 2026-03-04T09:15:22Z or 2026-03-04 09:15) ("bad")');
    const q = await cli(['compute', 'quoted.csv', '--tz', 'UTC'], { cwd: dir });
    expect(q.stderr.split('\n')[0]).toMatch(/^quoted\.csv:4: created_at/);
    const cols = await cli(['columns', 'sep.csv'], { cwd: dir });
    expect(cols.stdout.split('\n')[0]).toBe('sep.csv: tickets (delimiter ";")');
    const only = await cli(['compute', 'only.csv'], { cwd: dir });
    expect(only.stderr).toBe('csm-kpi: only.csv: empty file (no header row)\n');
  });
});
