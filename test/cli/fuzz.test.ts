/**
 * Hostile input, generated: random bytes, and random CSV built from the pieces real exports
 * are made of (canonical and preset headers in any case, good and bad values, quotes,
 * doubled quotes, line breaks inside fields, CR/LF/CRLF line ends, BOMs, Unicode spaces,
 * "sep=" lines, UTF-16, short and long rows). The CLI runs in-process on each; whatever the
 * input, it must end as documented: exit 0 or 2, no stack trace, every stderr line one of
 * the documented forms, and every row counted once (used + skipped + … = rows).
 * Fixed seeds: a failure is reproducible, and `npm test` stays a few seconds.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

/** The forms README ("What it refuses and why") documents for stderr. */
const FORMS = [
  /^[^\n:]+\.csv:\d+: [a-z_()]+: [^\n]+$/, // file:line: column: what is wrong ("value")
  /^… and \d+ more problems$/,
  /^csm-kpi: [^\n]+$/, // a run that stops: one line
  /^warning: \d+ invalid rows? skipped [^\n]+$/,
  /^note: [^\n]+$/,
  /^hint: [^\n]+$/, // beside the invalid rows: a placeholder, a repeated header line
];

interface Summary {
  rows: number;
  used: number;
  skipped: number;
  outside_window: number;
  unplaced: number;
  no_answer: number;
  collapsed: number;
}

const dir = scratch({});

async function check(content: string | Buffer, args: string[], plain: boolean): Promise<void> {
  writeFileSync(join(dir, 'f.csv'), content);
  for (const command of [['compute', 'f.csv', '--format', 'json', '--skip-invalid', '--tz', 'Europe/Madrid', ...args], ['validate', 'f.csv', '--tz', 'UTC'], ['columns', 'f.csv']]) {
    const r = await cli(command, { cwd: dir });
    const where = `${command.join(' ')} on ${JSON.stringify(String(content).slice(0, 300))}`;
    expect([0, 2], where).toContain(r.code);
    expect(r.stderr, where).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n/);
    for (const line of r.stderr.split('\n').slice(0, -1)) expect(FORMS.some((f) => f.test(line)), `${where}: stderr line ${JSON.stringify(line)}`).toBe(true);
    if (r.stderr !== '') expect(r.stderr.endsWith('\n'), where).toBe(true);
    if (command[0] === 'compute' && r.code === 0) {
      const report = JSON.parse(r.stdout) as { inputs: Summary[] };
      for (const i of report.inputs) {
        expect(i.used + i.skipped + i.outside_window + i.unplaced + i.no_answer + i.collapsed, where).toBe(i.rows);
        if (plain) expect(i.used + i.skipped, where).toBe(i.rows);
      }
    }
  }
}

const HEADERS = [
  'id', 'created_at', 'first_response_at', 'resolved_at', 'status', 'agent', 'channel', 'team', 'customer_id', 'contacts', 'reopened',
  'talk_seconds', 'handle_seconds', 'self_service', 'csat_score', 'first_response_minutes', 'resolution_hours',
  'type', 'score', 'responded_at', 'ticket_id',
  'period_start', 'period_end', 'customers_start', 'customers_end', 'new_customers', 'lost_customers', 'churned',
  'Created At', 'STATUS', 'first-response-at', 'Requester id', 'Satisfaction Score', 'Via', 'Solved at', 'note', '', 'x,y', 'a"b', 'two\nlines',
];
const VALUES = [
  '', ' ', '1', '0', '-1', '5', '11', '3.5', '1e400', '1e308', 'NaN', 'Infinity', '0x10', '9'.repeat(20), '\u00a09', '\x1f9',
  '2026-03-02', '2026-03-29 02:30', '2026-10-25 02:30', '2026-03-04T09:15:22Z', '2026-03-04T09:15:22+14:00', '0001-01-01', '9999-12-31',
  '2026-02-30', '1969-12-31 23:59', '2026-03-02 25:00', 'yesterday', '1:02:03', '0:99', 'T1', 'T2', 'T1\u00a0', 'C1',
  'solved', 'closed\u3000', 'open', 'Y', 'N', 'yes', 'true', 'nps', 'csat', 'ces', 'NPS ', 'ana', 'Zoë', '日本', '\ufeffana',
  '"', '""', 'a"b', 'x\ny', 'x\r\ny', 'x\ry', ',', ';', '\t', 'Offered', '-', '\u2028', '=1+2', '\x1b[2J',
];

/** A field as a CSV writer (or a careless one) would put it. */
const field = fc.tuple(fc.constantFrom(...VALUES), fc.constantFrom('plain', 'quoted', 'quoted', 'raw')).map(([v, how]) =>
  how === 'raw' ? v : how === 'quoted' || /[",;\t\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v,
);
const header = fc.uniqueArray(fc.constantFrom(...HEADERS), { minLength: 1, maxLength: 8 }).map((hs) => hs.map((h) => (/[",\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)));

const csv = fc
  .record({
    header,
    rows: fc.array(fc.array(field, { minLength: 0, maxLength: 9 }), { maxLength: 12 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    delimiter: fc.constantFrom(',', ',', ';', '\t'),
    bom: fc.boolean(),
    sep: fc.boolean(),
    utf16: fc.constantFrom(null, null, null, 'le', 'be'),
    trailing: fc.boolean(),
  })
  .map(({ header, rows, eol, delimiter, bom, sep, utf16, trailing }) => {
    const lines = [header.join(delimiter), ...rows.map((r) => r.join(delimiter))];
    if (sep) lines.unshift(`sep=${delimiter}`);
    const text = (bom ? '\ufeff' : '') + lines.join(eol) + (trailing ? eol : '');
    if (utf16 === null) return text;
    const le = Buffer.from(text, 'utf16le');
    return utf16 === 'le' ? le : le.swap16();
  });

const options = fc.constantFrom<[string[], boolean]>(
  [[], true],
  [['--period', 'day'], false],
  [['--by', 'agent'], true],
  [['--by', 'status', '--period', 'week'], false],
  [['--from', '2026-03-01', '--to', '2026-04-01'], false],
  [['--duplicates', 'last'], false],
  [['--empty-score', 'skip', '--survey-type', 'nps'], false],
  [['--preset', 'zendesk'], true],
  [['--tickets', 'f.csv'], false],
  [['--business-hours', 'Mon-Fri 09:00-18:00', '--sla', 'first_response=1h'], true],
);

describe('fuzz: whatever the input, the documented outcome', () => {
  it('random CSV structure: exit 0 or 2, no stack, documented stderr, every row counted', async () => {
    await fc.assert(
      fc.asyncProperty(csv, options, async (content, [args, plain]) => {
        // --tickets f.csv reads the file a second time as tickets: a duplicate of each row, by design.
        await check(content, args, plain && !args.includes('--tickets'));
      }),
      { seed: 20261126, numRuns: 120 },
    );
  });

  it('random bytes, with and without a valid header in front', async () => {
    const bytes = fc.tuple(fc.constantFrom('', 'id,created_at,status\n', 'type,score\n', 'period_start,customers_start,customers_end,new_customers\n'), fc.uint8Array({ maxLength: 200 }));
    await fc.assert(
      fc.asyncProperty(bytes, async ([head, body]) => {
        await check(Buffer.concat([Buffer.from(head), body]), [], true);
      }),
      { seed: 1126, numRuns: 150 },
    );
  });
});
