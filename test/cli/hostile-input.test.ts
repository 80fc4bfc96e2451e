/**
 * Hand-made hostile inputs (a hunt for plausible wrong numbers and unclear errors on data
 * the tool was not built on): each case is one finding, its expected output worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

describe('tiny files', () => {
  it('a file of one byte (a lone newline, a lone letter) is not UTF-16: it is empty or a one-column header', async () => {
    const dir = scratch({ 'nl.csv': '\n', 'x.csv': 'x' });
    const nl = await cli(['compute', 'nl.csv'], { cwd: dir });
    expect(nl.code).toBe(2);
    expect(nl.stderr).toBe('csm-kpi: nl.csv: empty file (no header row)\n');
    const x = await cli(['compute', 'x.csv'], { cwd: dir });
    expect(x.code).toBe(2);
    expect(x.stderr).toMatch(/^csm-kpi: x\.csv: cannot tell what this file holds from its header \(x\);/);
  });
});

describe('durations', () => {
  it('H:MM in an hours column is hours and minutes (1:30 = 5400 s), M:SS in a seconds column; both engines', async () => {
    // By hand: first response (1:30 h + 0:45 h) / 2 = (5400 + 2700) / 2 = 4050 s; resolution
    // (26:00 h + 4:15 h) / 2 = (93600 + 15300) / 2 = 54450 s; handle (1:30 + 2:00 as M:SS in handle_seconds) / 2 = 105 s.
    const dir = scratch({
      't.csv': 'id,created_at,first_response_hours,resolution_hours,handle_seconds,status\nT1,2026-03-02 09:00,1:30,26:00,1:30,solved\nT2,2026-03-02 10:00,0:45,4:15,2:00,solved\n',
    });
    for (const engine of ['js', 'duckdb']) {
      const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--engine', engine, '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const k = JSON.parse(r.stdout).kpis;
      expect([k.first_response_time.value, k.resolution_time.value, k.average_handle_time.value], engine).toEqual([4050, 54450, 105]);
    }
  });
  it('a plain-digits duration over 1000 years is refused like any other (epoch milliseconds in a seconds column)', async () => {
    // 1000 years = 1000 × 365.25 × 86400 = 31,557,600,000 s: 1772413200000 s and 600,000,000 minutes (3.6e10 s) are beyond it.
    const dir = scratch({
      't.csv': 'id,created_at,first_response_seconds,resolution_minutes\nT1,2026-03-02T00:00:00Z,1772413200000,10\nT2,2026-03-02T00:00:00Z,60,600000000\nT3,2026-03-02T00:00:00Z,31557600000,525960000\n',
    });
    const r = await cli(['compute', 't.csv', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      't.csv:2: first_response_seconds: duration too long (more than 1000 years) ("1772413200000")',
      't.csv:3: resolution_minutes: duration too long (more than 1000 years) ("600000000")',
    ]);
  });
});

describe('customer periods', () => {
  const HEAD = 'period_start,period_end,customers_start,customers_end,new_customers\n';
  it('a period that overlaps another is an invalid row: its new customers would count twice', async () => {
    // Read as given, N = 50 + 40 + 30 = 120 and retention (1000 − 120) / 1000 = 88 %; the
    // true months Jan and Feb give (1000 − 80) / 1000 = 92 %.
    const dir = scratch({
      'c.csv': HEAD + '2026-01-01,2026-01-31,1000,990,50\n2026-01-15,2026-02-14,990,980,40\n2026-02-01,2026-02-28,990,1000,30\n',
    });
    const r = await cli(['compute', 'c.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('c.csv:3: period_start: overlaps the period (2026-01-01 to 2026-01-31) of line 2 ("2026-01-15")');
    const skip = await cli(['compute', 'c.csv', '--tz', 'UTC', '--format', 'json', '--skip-invalid'], { cwd: dir });
    expect(skip.code).toBe(0);
    expect(JSON.parse(skip.stdout).kpis.retention_rate.value).toBe(92);
  });
  it('a period without an end overlaps one whose span holds its start; periods that only touch do not overlap', async () => {
    const dir = scratch({
      'open.csv': HEAD + '2026-01-01,2026-02-01,1000,990,50\n2026-01-20,,990,980,40\n',
      'touch.csv': HEAD + '2026-01-01,2026-02-01,1000,990,50\n2026-02-01,2026-03-01,990,1000,30\n2026-03-01,,1000,1000,0\n',
      'before.csv': HEAD + '2026-02-10,,990,980,40\n2026-02-01,2026-02-28,990,1000,30\n',
    });
    const open = await cli(['compute', 'open.csv', '--tz', 'UTC'], { cwd: dir });
    expect(open.stderr.split('\n')[0]).toBe('open.csv:3: period_start: overlaps the period (2026-01-01 to 2026-02-01) of line 2 ("2026-01-20")');
    const before = await cli(['compute', 'before.csv', '--tz', 'UTC'], { cwd: dir });
    expect(before.stderr.split('\n')[0]).toBe('before.csv:3: period_start: overlaps the period (2026-02-10) of line 2 ("2026-02-01")');
    const touch = await cli(['compute', 'touch.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(touch.code).toBe(0);
    // S 1000 (January), E 1000 (March), N 50 + 30 + 0 = 80: (1000 − 80) / 1000 = 92 %.
    expect(JSON.parse(touch.stdout).kpis.retention_rate.value).toBe(92);
  });
});

describe('survey answers and their tickets', () => {
  const TICKETS = 'id,created_at,agent\nT007,2026-03-02 09:00,ana\nT7,2026-03-02 09:00,ben\n';
  it('answers whose ticket_id names no ticket read are a note with --by: they land in "(none)", not with an agent', async () => {
    const dir = scratch({
      't.csv': TICKETS,
      // Line 2 joins T7 (ben), line 4 has its own agent; lines 3 and 5 name tickets no file
      // has; line 6 names no ticket at all (in "(none)", and not in the note).
      's.csv': 'type,score,ticket_id,agent,responded_at\ncsat,5,T7,,2026-03-02 10:00\ncsat,1,7,,2026-03-02 10:00\ncsat,4,X1,ana,2026-03-02 10:00\ncsat,2,TK0007,,2026-03-02 10:00\ncsat,3,,,2026-03-02 10:00\n',
    });
    const r = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const groups = JSON.parse(r.stdout).groups.agent.map((g: { key: string | null; kpis: { csat: { responses: number } } }) => [g.key, g.kpis.csat.responses]);
    expect(groups).toEqual(expect.arrayContaining([['ben', 1], ['ana', 1], [null, 3]]));
    expect(r.stderr).toContain('note: s.csv: 2 answers name a ticket_id that no ticket read has (the first: line 3, "7"), so their agent stays empty ("(none)"); check that ticket_id holds the tickets\' id\n');
    // Without --by the ticket is not needed: no note.
    const plain = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(plain.stderr).not.toContain('ticket_id');
    // An invisible character in the id is named, not printed as nothing ("T1" would look like the ticket's id).
    const zw = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'json'], { cwd: scratch({ 't.csv': 'id,created_at,agent\nT1,2026-03-02,ana\n', 's.csv': 'ticket_id,type,score\nT1\u200b,csat,5\n' }) });
    expect(zw.stderr).toContain('(the first: line 2, "T1<U+200B>")');
  });
  it('a ticket_id that names a ticket once written with its leading zeros (or without them): the note says so', async () => {
    // The helpdesk pads its ids to three digits, the survey tool does not (and the other way round).
    for (const [tickets, answers, first, padded, id] of [
      ['007,008', '7,8', '7', '7', '007'],
      ['T7,T8', 'T0007,T8', 'T0007', 'T0007', 'T7'],
      ['7,8', 'X1,008', 'X1', '008', '8'],
    ]) {
      const [t1, t2] = tickets.split(','), [a1, a2] = answers.split(',');
      const dir = scratch({
        't.csv': `id,created_at,agent\n${t1},2026-03-02 09:00,ana\n${t2},2026-03-02 09:00,ben\n`,
        's.csv': `type,score,ticket_id,responded_at\ncsat,5,${a1},2026-03-02 10:00\ncsat,1,${a2},2026-03-02 10:00\n`,
      });
      const r = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--by', 'agent', '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(0);
      const count = a2 === t2 ? '1 answer names' : '2 answers name';
      const whose = a2 === t2 ? 'its' : 'their';
      expect(r.stderr).toContain(
        `note: s.csv: ${count} a ticket_id that no ticket read has (the first: line 2, "${first}"), so ${whose} agent stays empty ("(none)"); check that ticket_id holds the tickets' id ` +
          `(ids are compared as text: "${padded}" differs from the ticket "${id}" only by leading zeros; write the ids alike in both files)\n`,
      );
    }
  });
});

describe('a config that maps nothing', () => {
  it('a column map entry that matches no header of any input is a note naming it (a typo would leave its column unmapped)', async () => {
    const dir = scratch({
      't.csv': 'Ticket Id,Created,status\nT1,2026-03-02 09:00,solved\n',
      's.csv': 'type,Rating\ncsat,5\n',
      // "Ticket Id" and "Rating" match (case and spaces aside); "Opened" and "Agnet" match nothing.
      'c.json': JSON.stringify({ columns: { ticket_id: 'id', Created: 'created_at', Opened: 'created_at', RATING: 'score', Agnet: 'agent' } }),
    });
    const r = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--config', 'c.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: c.json: columns: "Opened" (→ created_at), "Agnet" (→ agent) match no header of the inputs (headers match case-insensitively, spaces and dashes as underscores)\n');
    expect(r.stderr).not.toContain('"Created"');
    const v = await cli(['validate', 't.csv', 's.csv', '--tz', 'UTC', '--config', 'c.json'], { cwd: dir });
    expect(v.stderr).toContain('note: c.json: columns: "Opened" (→ created_at), "Agnet" (→ agent) match no header');
  });
});

describe('answers without a time', () => {
  it('with --period (or a window) they are left out of every figure, the total too: a note says how many', async () => {
    const dir = scratch({ 's.csv': 'type,score,responded_at\ncsat,5,\ncsat,1,2026-03-02\ncsat,4,\n' });
    const all = await cli(['compute', 's.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(all.stdout).kpis.csat.responses).toBe(3);
    expect(all.stderr).toBe('');
    const r = await cli(['compute', 's.csv', '--tz', 'UTC', '--period', 'day', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    // Only the answer of 2026-03-02 has a place: 1 response, 0 % satisfied.
    expect([report.kpis.csat.responses, report.inputs[0].unplaced]).toEqual([1, 2]);
    expect(r.stderr).toBe('note: s.csv: 2 answers have no responded_at and are left out: --period, --from, --to and --last place answers by their time\n');
  });
});

describe('a header name of a whole field (a quote left open in the header)', () => {
  it('is cut at 60 characters in the unmapped-headers note', async () => {
    const long = 'x'.repeat(5000);
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 't.csv': `id,created_at,${long}\nT1,2026-03-02,a\n` }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`("${'x'.repeat(60)}…")`);
    expect(r.stderr.length).toBeLessThan(1000);
  });
});

describe('customer periods that do not follow on', () => {
  const COUNTS = 'period_start,period_end,customers_start,customers_end,new_customers\n';
  const LIST = 'customer_id,period_start,churned\n';
  it.each([
    [
      // Jan: S 1000, E 990, N 50; Mar: S 500, E 450, N 10 → (450 − 60) / 1000 = 39 %, a number about nothing.
      'a period whose customers_start is not the customers_end of the one before: retention then mixes two counts',
      COUNTS + '2026-03-01,2026-03-31,500,450,10\n2026-01-01,2026-01-31,1000,990,50\n',
      39,
      'note: f.csv: customers_start 500 on line 2 is not the customers_end 990 of the period before (line 3): retention and churn take S of the first period, E of the last and N of all, so each period must start where the one before ended\n',
      // February starts with January's end: nothing to say.
      COUNTS + '2026-02-01,2026-02-28,990,1000,30\n2026-01-01,2026-01-31,1000,990,50\n',
      '2026-03-01',
    ],
    [
      // A hunt (2026-11-27). January: C1–C4, C1 and C2 churn. February lists C3, C4 and two who joined, C5 and C6:
      // a list counts no new customers, so retention reads (E 4 − N 0) / S 4 = 100 % where half of January's left.
      'a customer list over periods whose customers are not those the period before kept',
      LIST + 'C1,2026-01-01,yes\nC2,2026-01-01,yes\nC3,2026-01-01,no\nC4,2026-01-01,no\nC3,2026-02-01,no\nC4,2026-02-01,no\nC5,2026-02-01,no\nC6,2026-02-01,no\n',
      100,
      'note: f.csv: the 4 customers listed for the period on line 6 are not the 2 not churned in the period before (line 2; "C5" was not kept before): a customer list counts no new customers, and retention and churn take S of the first period and E of the last, so customers who joined or left unmarked in between are counted wrong; compute each period apart (--from, --to), or give counts with new_customers\n',
      // February lists exactly those January kept (in no order): nothing to say.
      LIST + 'C2,2026-02-01,no\nC1,2026-01-01,yes\nC2,2026-01-01,no\n',
      '2026-02-01',
    ],
    [
      // A review (2026-11-27): the same count, other customers. January a, b (churned), c; February a and d: c left
      // unmarked, d joined, and retention reads (2 − 0) / 3 = 66.7 % where a alone stayed (33 %).
      'a customer list whose period has the count the one before kept, but other customers',
      LIST + 'a,2026-01-01,no\nb,2026-01-01,yes\nc,2026-01-01,no\na,2026-02-01,no\nd,2026-02-01,no\n',
      66.66666666666667,
      'note: f.csv: the 2 customers listed for the period on line 5 are not the 2 not churned in the period before (line 2; "d" was not kept before, "c" is gone without being churned): a customer list counts no new customers, and retention and churn take S of the first period and E of the last, so customers who joined or left unmarked in between are counted wrong; compute each period apart (--from, --to), or give counts with new_customers\n',
      LIST + 'a,2026-01-01,no\nb,2026-01-01,yes\nc,2026-01-01,no\na,2026-02-01,no\nc,2026-02-01,no\n',
      '2026-02-01',
    ],
  ])('%s is a note', async (_name, broken, retention, note, chained, from) => {
    const r = await cli(['compute', 'f.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 'f.csv': broken }) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).kpis.retention_rate.value).toBe(retention);
    expect(r.stderr).toBe(note);
    expect((await cli(['compute', 'f.csv', '--tz', 'UTC', '--format', 'json'], { cwd: scratch({ 'f.csv': chained }) })).stderr).toBe('');
    // One period in the window, as the note advises: nothing said (a review, 2026-11-27).
    expect((await cli(['compute', 'f.csv', '--tz', 'UTC', '--from', from, '--format', 'json'], { cwd: scratch({ 'f.csv': broken }) })).stderr).toBe('');
  });
});


describe('invisible characters in headers', () => {
  it('a zero-width space or word joiner in a header (copied from a web page) does not hide the column', async () => {
    const dir = scratch({ 't.csv': 'id,\u200bcreated_at,Status\u200d,\u2060first_response_at\u200c\nT1,2026-03-02 09:00,solved,2026-03-02 09:10\n' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const k = JSON.parse(r.stdout).kpis;
    expect([k.ticket_volume.value, k.resolution_rate.value, k.first_response_time.value]).toEqual([1, 100, 600]);
  });
});

describe('CSAT from two places', () => {
  it('csat_score on tickets and csat answers in a surveys file both count: a note says so (the same ratings would count twice)', async () => {
    const dir = scratch({
      't.csv': 'id,created_at,csat_score\nT1,2026-03-02 09:00,5\nT2,2026-03-02 09:00,1\n',
      's.csv': 'type,score,ticket_id,responded_at\ncsat,5,T1,2026-03-02 10:00\ncsat,1,T2,2026-03-02 10:00\n',
    });
    const r = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).kpis.csat.responses).toBe(4);
    expect(r.stderr).toBe(
      'note: csat counts both the csat_score of t.csv (2) and the csat answers of s.csv (2): if they are the same ratings, each counts twice: give only one of them\n',
    );
    const one = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(one.stderr).toBe('');
  });
});

describe('a header that reads as one column', () => {
  const unknown = 'cannot tell what this file holds from its header';
  const kinds = 'tickets need created_at, surveys score, customers customers_start: rename the columns, use --preset or --config, or name the kind with --tickets/--surveys/--customers';
  it('names the delimiter it holds and the option that reads with it; that option reads the file', async () => {
    const dir = scratch({ 'p.csv': 'id|created_at|status\nT1|2026-03-02|solved\n', 's.csv': 'sep=;\r\nid,created_at,status\r\nT1,2026-03-02,solved\r\n' });
    // A pipe-separated file given with the wrong --delimiter; with the kind named too, the missing-column error says it.
    const p = await cli(['compute', 'p.csv', '--tz', 'UTC', '--delimiter', ';'], { cwd: dir });
    expect(p.code).toBe(2);
    expect(p.stderr).toBe(`csm-kpi: p.csv: ${unknown} (id|created_at|status); ${kinds}; read with ";" as the delimiter, its header is one column: if "|" separates the columns, give --delimiter '|'\n`);
    const forced = await cli(['compute', '--tickets', 'p.csv', '--tz', 'UTC', '--delimiter', ';'], { cwd: dir });
    expect(forced.code).toBe(2);
    expect(forced.stderr).toBe(`csm-kpi: p.csv: tickets file lacks the required columns id, created_at (header: id|created_at|status); read with ";" as the delimiter, its header is one column: if "|" separates the columns, give --delimiter '|'\n`);
    // Without --delimiter, | is found as , ; and tab are.
    const found = await cli(['compute', 'p.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(found.stdout).kpis.resolution_rate.value).toBe(100);
    // Excel's sep= line over a comma header.
    const s = await cli(['compute', 's.csv', '--tz', 'UTC'], { cwd: dir });
    expect(s.stderr).toBe(`csm-kpi: s.csv: ${unknown} (id,created_at,status); ${kinds}; read with ";" as the delimiter, its header is one column: if "," separates the columns, give --delimiter ','\n`);
    for (const [file, d] of [['p.csv', '|'], ['s.csv', ',']]) {
      const ok = await cli(['compute', file, '--tz', 'UTC', '--delimiter', d, '--format', 'json'], { cwd: dir });
      expect(JSON.parse(ok.stdout).kpis.resolution_rate.value, file).toBe(100);
    }
    // A one-column header with no other delimiter in it: no hint.
    const x = await cli(['compute', 'x.csv'], { cwd: scratch({ 'x.csv': 'x\n1\n' }) });
    expect(x.stderr).toBe(`csm-kpi: x.csv: ${unknown} (x); ${kinds}\n`);
  });

  it('a survey export with a created_at and no id: the missing id, and --surveys', async () => {
    const r = await cli(['compute', 'r.csv', '--tz', 'UTC'], { cwd: scratch({ 'r.csv': 'type,score,created_at,ticket_id\nnps,9,2026-03-02,T1\n' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('csm-kpi: r.csv: tickets file lacks the required column id (header: type, score, created_at, ticket_id); it has a score column: if it holds survey answers, give it with --surveys r.csv\n');
  });
});

describe('a stray opening quote', () => {
  it('swallows the rows after it into one cell (legal CSV, 5 tickets read as 2): a note names the line and the column', async () => {
    // Line 2 opens a quote that line 5's "" pairs and closing quote end: lines 3–5 are inside
    // subject, so T1's row holds T2, T3 and T4. 3 lines there have 3 commas, as the header has.
    const text = 'id,created_at,status,subject\nT1,2026-03-02 09:00,solved,"Printer broken\nT2,2026-03-02 09:00,solved,Login\nT3,2026-03-02 09:00,open,Refund\nT4,2026-03-02 09:00,solved,He said ""hi"""\nT5,2026-03-02 09:00,solved,Bye\n';
    const dir = scratch({ 't.csv': text });
    for (const command of ['compute', 'validate']) {
      const r = await cli([command, 't.csv', '--tz', 'UTC'], { cwd: dir });
      expect(r.code, command).toBe(0);
      expect(r.stderr).toContain('note: t.csv:2: the quoted subject field holds 3 lines that read as rows of this file: if a quote opened in this record is closed only rows later (a stray "), those rows are read as one cell\n');
    }
    const json = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(json.stdout).kpis.ticket_volume.value).toBe(2);
    // Two records like it: counted.
    const twice = await cli(['validate', 'u.csv', '--tz', 'UTC'], { cwd: scratch({ 'u.csv': text + text.split('\n').slice(1).join('\n').replace(/T(\d)/g, 'U$1') }) });
    expect(twice.stderr).toContain('note: u.csv:2: the quoted subject field holds 3 lines that read as rows of this file (and 1 more record like it)');
  });
  it('multi-line text with as many commas as the header but no time where a row has it, or more commas: no note', async () => {
    const dir = scratch({
      // Prose: 3 commas on its second line, but "the printer" is no created_at.
      't.csv': 'id,created_at,status,subject\nT1,2026-03-02 09:00,solved,"Dear team,\nthe printer, again, and again, thanks"\n',
      // An address in a customers file: more commas than the header has.
      'c.csv': 'customer_id,period_start,customers_start,customers_end,new_customers,address\nC1,2026-03-01,10,10,0,"ACME Corp\n12 Main St, Suite 4, Springfield, IL, 62704, USA"\n',
      // A time on the line, but in another column than created_at's.
      'd.csv': 'id,created_at,status,subject\nT1,2026-03-02 09:00,solved,"see\n2026-03-02 09:00,x,y,z"\n',
    });
    for (const f of ['t.csv', 'c.csv', 'd.csv']) {
      const r = await cli(['validate', f, '--tz', 'UTC'], { cwd: dir });
      expect(r.code, f).toBe(0);
      expect(r.stderr, f).not.toContain('quoted');
    }
  });
  it('in a file of two columns, and with --duplicates first or last (rows held until every file is read): the note too', async () => {
    const dir = scratch({
      'two.csv': 'id,created_at\nT1,"2026-03-02 09:00\nT2,2026-03-02 10:00\nT3,2026-03-02 11:00"\nT4,2026-03-02 12:00\n',
      'stray.csv': 'id,created_at,status,subject\nT1,2026-03-02 09:00,solved,"Printer broken\nT2,2026-03-02 09:00,solved,Login\nT3,2026-03-02 09:00,open,Refund ""x"""\nT4,2026-03-02 09:00,solved,Bye\n',
    });
    const two = await cli(['validate', 'two.csv', '--tz', 'UTC'], { cwd: dir });
    // Its created_at is then invalid: the run stops, and the same words are a hint beside the problem.
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('\nhint: two.csv:2: the quoted created_at field holds 2 lines that read as rows of this file: if a quote opened in this record is closed only rows later (a stray "), those rows are read as one cell\n');
    for (const policy of ['first', 'last']) {
      const r = await cli(['compute', 'stray.csv', '--tz', 'UTC', '--duplicates', policy, '--format', 'json'], { cwd: dir });
      expect(r.stderr, policy).toContain('note: stray.csv:2: the quoted subject field holds 2 lines that read as rows of this file');
    }
  });
});

describe('numbers like 1.200 in a file delimited by ";"', () => {
  it('are read as decimals, with a note per column when none of its other cells has a decimal dot', async () => {
    // first_response_seconds: 1.200 and 1.500 (lazy cells, and one quoted: the general path), 90;
    // handle_seconds: 2.000 beside 2.5, so its dots are decimals: no note. contacts: 1.000 is read
    // as 1 (a whole number written 1.0). requester_wait_seconds: 0.250 is a fraction, whatever the locale.
    const dir = scratch({
      'e.csv':
        'id;created_at;first_response_seconds;handle_seconds;contacts;requester_wait_seconds\nT1;2026-03-02 09:00;1.200;2.000;1.000;0.250\nT2;2026-03-02 09:00;"1.500";2.5;1;\nT3;2026-03-02 09:00;90;;2;\n',
      'c.csv': 'id,created_at,first_response_seconds\nT1,2026-03-02 09:00,1.200\n',
    });
    for (const threads of ['1', '2']) {
      const r = await cli(['compute', 'e.csv', '--tz', 'UTC', '--format', 'json', '--threads', threads], { cwd: dir });
      expect(r.code).toBe(0);
      // By hand: (1.2 + 1.5 + 90) / 3.
      expect(JSON.parse(r.stdout).kpis.first_response_time.value).toBeCloseTo(92.7 / 3, 9);
      expect(r.stderr).toBe(
        'note: e.csv: first_response_seconds: 2 cells are written like "1.200" (the first: line 2), read as the decimal 1.2; in a file delimited by ";" a dot may group thousands: if "1.200" means 1200, export the numbers without thousands separators\n' +
          'note: e.csv: contacts: 1 cell is written like "1.000" (line 2), read as the decimal 1; in a file delimited by ";" a dot may group thousands: if "1.000" means 1000, export the numbers without thousands separators\n',
      );
    }
    // A cell refused is no number read: the row's problem is said, not a note on how it was read.
    const refused = await cli(['compute', 'r.csv', '--tz', 'UTC', '--skip-invalid', '--format', 'json'], {
      cwd: scratch({ 'r.csv': 'id;created_at;contacts;talk_seconds\nT1;2026-03-02 09:00;1.200;1.200.000\nT2;2026-03-02 09:00;1;\n' }),
    });
    expect(refused.code).toBe(0);
    expect(refused.stderr).toContain('r.csv:2: contacts: not a whole number ("1.200")');
    expect(refused.stderr).not.toContain('thousands');
    // The same cell in a file delimited by ",": a decimal, nothing said.
    const comma = await cli(['compute', 'c.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
    expect(comma.stderr).not.toContain('thousands');
  });
});

describe('handle_seconds beside its parts', () => {
  it('rows where handle_seconds and talk + hold + after-work disagree by more than a second: a note; the KPI takes handle_seconds', async () => {
    // By hand: handle times 300, 300, 301, 300 (T4: its parts), 100, 900 → 2201 / 6 s. Disagreeing:
    // T2 (300 against 400 + 60 + 40 = 500) and T6 (900 against 100); T3's 301 against 300 is within a second.
    const dir = scratch({
      'h.csv':
        'id,created_at,handle_seconds,talk_seconds,hold_seconds,after_work_seconds\nT1,2026-03-02 09:00,300,200,60,40\nT2,2026-03-02 09:00,300,400,60,40\nT3,2026-03-02 09:00,301,200,60,40\n' +
        'T4,2026-03-02 09:00,,200,60,40\nT5,2026-03-02 09:00,100,,,\nT6,2026-03-02 09:00,900,100,,\n',
    });
    for (const threads of ['1', '2']) {
      const r = await cli(['compute', 'h.csv', '--tz', 'UTC', '--format', 'json', '--threads', threads], { cwd: dir });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).kpis.average_handle_time.value).toBeCloseTo(2201 / 6, 9);
      expect(r.stderr).toContain(
        'note: h.csv: handle_seconds disagrees with talk_seconds + hold_seconds + after_work_seconds by more than a second on 2 rows, e.g. line 3: 300 s given, 500 s in its parts; average handle time takes handle_seconds where a row gives it (check that both measure the same thing)\n',
      );
    }
    // Parts that add up, or no parts: nothing said.
    const ok = await cli(['validate', 'o.csv', '--tz', 'UTC'], { cwd: scratch({ 'o.csv': 'id,created_at,handle_seconds,talk_seconds\nT1,2026-03-02 09:00,300,300\nT2,2026-03-02 09:00,60,\n' }) });
    expect(ok.stderr).not.toContain('handle_seconds disagrees');
  });
});

describe('files joined with cat', () => {
  it('a header line repeated inside the file: its cells are invalid as before, with a hint naming the cause', async () => {
    const header = 'id,Created At,first_response_at\n';
    const dir = scratch({ 't.csv': `${header}T1,2026-03-02 09:00,2026-03-02 10:00\n${header}T2,2026-03-02 09:00,2026-03-02 11:00\n` });
    for (const command of ['compute', 'validate']) {
      const r = await cli([command, 't.csv', '--tz', 'UTC'], { cwd: dir });
      expect(r.code, command).toBe(2);
      // Line 3 is the header again: created_at and first_response_at hold their own names.
      expect(r.stderr).toContain('t.csv:3: created_at: not an ISO 8601 timestamp');
      expect(r.stderr).toContain('\nhint: t.csv:3 repeats the header line (files joined with cat?): give the files one by one (csm-kpi reads several), or remove the repeated header lines\n');
    }
    // One cell that happens to hold its column's name is no header line: no hint.
    const one = await cli(['compute', 'o.csv', '--tz', 'UTC'], { cwd: scratch({ 'o.csv': 'id,created_at,first_response_at\nT1,2026-03-02 09:00,first_response_at\n' }) });
    expect(one.code).toBe(2);
    expect(one.stderr).not.toContain('hint:');
  });
  it('a header of names a config maps, one typed column, the header three times, after 25 other problems: each said', async () => {
    const head = 'Ticket,Opened,Status\n';
    const bad = Array.from({ length: 25 }, (_, i) => `B${i},NA,open\n`).join('');
    const dir = scratch({
      'c.json': '{"columns": {"Ticket": "id", "Opened": "created_at"}}',
      't.csv': `${head}T1,2026-03-02 09:00,open\n${bad}${head}T2,2026-03-02 09:00,open\n${head}${head}`,
    });
    const r = await cli(['validate', 't.csv', '--tz', 'UTC', '--config', 'c.json'], { cwd: dir });
    expect(r.code).toBe(2);
    // Lines: 1 header, 2 T1, 3–27 the NA rows, 28 the header again, 29 T2, 30 and 31 the header.
    expect(r.stderr).toContain('\nhint: t.csv:28 (and 2 more lines) repeats the header line (files joined with cat?): give the files one by one (csm-kpi reads several), or remove the repeated header lines\n');
  });
});

describe('placeholders for no value in typed cells', () => {
  it('the rows are invalid as before, with a hint naming null_tokens; given, the cells are empty', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,first_response_at\nT1,2026-03-02 09:00,NA\nT2,2026-03-02 09:00,#N/A\nT3,2026-03-02 09:00,2026-03-02 10:00\n', 'c.json': '{"null_tokens": ["NA", "#N/A"]}' });
    for (const command of ['compute', 'validate']) {
      const r = await cli([command, 't.csv', '--tz', 'UTC'], { cwd: dir });
      expect(r.code, command).toBe(2);
      expect(r.stderr).toContain('\nhint: "NA", "#N/A" look like placeholders for no value: "null_tokens": ["NA", "#N/A"] in the config reads them as an empty cell\n');
    }
    const ok = await cli(['compute', 't.csv', '--tz', 'UTC', '--config', 'c.json', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(ok.stdout).kpis.first_response_time).toMatchObject({ value: 3600, count: 1 });
    // A value that is no placeholder: no hint.
    const other = await cli(['compute', 't.csv', '--tz', 'UTC'], { cwd: scratch({ 't.csv': 'id,created_at\nT1,soon\n' }) });
    expect(other.stderr).not.toContain('hint:');
  });
});

describe('a UTF-8 file beside a Latin-1 one', () => {
  it('--encoding latin1 reads a file that starts with UTF-8\'s byte order mark as UTF-8, with a note; both engines', async () => {
    // Tickets from one tool in Latin-1 (agent "José" as byte E9), answers from another in UTF-8
    // with a BOM (Excel's "CSV UTF-8"): read as Latin-1, the mark would be "ï»¿type", the
    // surveys file would have no type column. By hand: CSAT = 1 of 2 answers ≥ 4 = 50 %; José's group has both tickets.
    const dir = scratch({
      't.csv': Buffer.from('id,created_at,agent,status\nT1,2026-03-02 09:00,Jos\xe9,solved\nT2,2026-03-02 10:00,Jos\xe9,open\n', 'latin1'),
      's.csv': Buffer.from('\ufefftype,score,responded_at,ticket_id\ncsat,5,2026-03-03 09:00,T1\ncsat,2,2026-03-03 10:00,T2\n'),
    });
    for (const engine of ['js', 'duckdb']) {
      const r = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC', '--encoding', 'latin1', '--by', 'agent', '--engine', engine, '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr, engine).toContain('note: s.csv: read as UTF-8, not latin1: it starts with UTF-8\'s byte order mark\n');
      expect(r.stderr, engine).not.toContain('note: t.csv');
      const report = JSON.parse(r.stdout);
      expect(report.kpis.csat.value, engine).toBe(50);
      expect(report.groups.agent.map((g: { key: string }) => g.key), engine).toEqual(['José']);
    }
    // validate says the same; without --encoding the Latin-1 file is the error it was.
    const v = await cli(['validate', 't.csv', 's.csv', '--tz', 'UTC', '--encoding', 'latin1'], { cwd: dir });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout + v.stderr).toContain('note: s.csv: read as UTF-8, not latin1');
    const plain = await cli(['compute', 't.csv', 's.csv', '--tz', 'UTC'], { cwd: dir });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^csm-kpi: t\.csv:2: not valid UTF-8/);
  });
});

describe('two headers that read as one --by or --where column', () => {
  it('are refused (Tag and tag): the first would be taken silently, and the groups be the other column\'s', async () => {
    const dir = scratch({ 'd.csv': 'id,created_at,Tag,tag\n1,2026-03-02T09:00:00Z,a,b\n' });
    for (const [args, what] of [[['--by', 'tag'], '--by tag'], [['--by', 'Tag'], '--by Tag'], [['--where', 'tag=a'], '--where']] as const) {
      const r = await cli(['compute', 'd.csv', '--tz', 'UTC', ...args], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`csm-kpi: ${what}: d.csv has 2 columns that read as "tag" (Tag, tag): rename all but one\n`);
    }
    // One of them is enough: a file with only "Tag" groups by it.
    const one = await cli(['compute', 'o.csv', '--tz', 'UTC', '--by', 'tag', '--format', 'json'], { cwd: scratch({ 'o.csv': 'id,created_at,Tag\n1,2026-03-02T09:00:00Z,a\n' }) });
    expect(JSON.parse(one.stdout).groups.tag.map((g: { key: string }) => g.key)).toEqual(['a']);
  });
});
