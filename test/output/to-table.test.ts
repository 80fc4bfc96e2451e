import stringWidth from 'string-width';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'];
const UTC = ['--tz', 'UTC'];
// --min-sample 1: the fixtures are small samples, which show "small sample" instead of a band by default.
const HOURS = ['--business-hours', 'Mon-Fri 09:00-18:00', '--min-sample', '1'];
const TARGETS = join(scratch({ 't.json': '{"csat": ">= 90", "first_response_time": "<= 1h", "average_handle_time": "<= 5m"}' }), 't.json');

/** The widest line, in terminal columns (wide characters count 2). */
function widest(text: string): number {
  return Math.max(...text.split('\n').map((l) => stringWidth(l)));
}

describe('the table fits the terminal', () => {
  const variants: [string, string[]][] = [
    ['totals', []],
    ['business hours', HOURS],
    ['a weekly series', ['--period', 'week']],
    ['a daily series with business hours', ['--period', 'day', ...HOURS]],
    ['groups', ['--by', 'agent']],
    ['nested groups, a series and SLAs', ['--period', 'week', '--by', 'agent', '--by', 'team', '--sla', 'first_response=1h,resolution=24h', ...HOURS]],
    ['targets, one without data', ['--targets', TARGETS, '--by', 'channel', ...HOURS]],
  ];
  for (const columns of [80, 120]) {
    for (const [name, args] of variants) {
      it(`${name}, at ${columns} columns`, async () => {
        const r = await cli(['compute', ...FIXTURES, ...UTC, ...args], { env: { COLUMNS: String(columns) } });
        expect(r.code).toBe(0);
        expect(widest(r.stdout)).toBeLessThanOrEqual(columns);
        // The same through the terminal's own width (stdout.columns) instead of COLUMNS.
        const tty = await cli(['compute', ...FIXTURES, ...UTC, ...args], { tty: true, columns, env: { NO_COLOR: '1' } });
        expect(tty.stdout).toBe(r.stdout);
      });
    }
  }

  it('without a width, lays out for 80 columns; the terminal width wins over COLUMNS', async () => {
    const plain = await cli(['compute', ...FIXTURES, ...UTC, ...HOURS, '--period', 'week']);
    expect(widest(plain.stdout)).toBeLessThanOrEqual(80);
    expect(widest(plain.stdout)).toBeGreaterThan(70);
    const wide = await cli(['compute', ...FIXTURES, ...UTC, ...HOURS, '--period', 'week'], { tty: true, columns: 160, env: { COLUMNS: '80', NO_COLOR: '1' } });
    expect(widest(wide.stdout)).toBeGreaterThan(80);
    expect(widest(wide.stdout)).toBeLessThanOrEqual(160);
  });

  it('at 80 columns the detail goes under the value; at 160 it has its own column', async () => {
    const narrow = (await cli(['compute', ...FIXTURES, ...UTC, ...HOURS], { env: { COLUMNS: '80' } })).stdout;
    expect(narrow).toMatch(/│ First response time\s+│ 16m 15s │ above average │\n│   median 7m 30s · p90 39m 00s/);
    const wide = (await cli(['compute', ...FIXTURES, ...UTC, ...HOURS], { env: { COLUMNS: '160' } })).stdout;
    // The mean's interval closes the detail (amounts keep their no-break spaces when a line wraps).
    expect(wide).toMatch(/│ First response time\s+│ 16m 15s │ above average │ median 7m 30s · p90 39m 00s · 8 answered, 2 unanswered · business hours · 95\u00a0%\u00a0CI 0s–33m\u00a021s │/);
  });

  it('colour codes take no width', async () => {
    const r = await cli(['compute', ...FIXTURES, ...UTC, '--period', 'week', '--by', 'agent'], { tty: true, columns: 80 });
    expect(r.stdout).toMatch(/\x1b\[/);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it('long and wide group keys are cut with …, control characters shown escaped', async () => {
    const long = 'Customer Success Escalations Team (EMEA, second line)';
    const dir = scratch({
      't.csv': [
        'id,created_at,agent',
        `T1,2026-03-02 09:00,"${long}"`,
        'T2,2026-03-02 09:00,山田太郎山田太郎山田太郎山田太郎山田太郎',
        'T3,2026-03-02 09:00,"two\nlines\x1b[2J"',
        'T4,2026-03-02 09:00,😀 emoji agent',
      ].join('\n'),
    });
    const r = await cli(['compute', join(dir, 't.csv'), ...UTC, '--by', 'agent'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain('│ Customer Success Escalati… │');
    expect(r.stdout).not.toContain(long);
    expect(r.stdout).toMatch(/山田太郎山田太郎山田太郎…/);
    expect(r.stdout).toContain('two\\nlines\\x1b[2J');
    expect(r.stdout).not.toContain('\x1b');
    // Every body row of the group table has the same width as its borders.
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('│'));
    const groupRows = rows.slice(rows.findIndex((l) => l.includes('agent')));
    expect(new Set(groupRows.map((l) => stringWidth(l))).size).toBe(1);
  });
});

describe('group tables', () => {
  it('show every KPI with data and its n where it is not the ticket count', async () => {
    const r = await cli(['compute', ...FIXTURES, ...UTC, '--by', 'agent'], { env: { COLUMNS: '200' } });
    const head = r.stdout.split('\n').find((l) => l.startsWith('│ agent'))!;
    expect(head).toMatch(/Tickets │ .*FRT.*│ .*CSAT \(n\) │ .*NPS \(n\) │ .*CES \(n\)/);
    // carla: CSAT 100 % from one answer says so.
    expect(r.stdout).toMatch(/│ carla .*│ 100\.0 % \(1\) │/);
    // Resolved is over the group's tickets: no n of its own.
    expect(head).toMatch(/│\s+Resolved │/);
  });

  it('list the top N groups by tickets, then say how many more and how to see them', async () => {
    const rows = ['id,created_at,agent'];
    let id = 0;
    for (let a = 0; a < 30; a++) for (let k = 0; k <= a; k++) rows.push(`T${++id},2026-03-02 09:00,agent-${String(a).padStart(2, '0')}`);
    const dir = scratch({ 't.csv': rows.join('\n') });
    const r = await cli(['compute', join(dir, 't.csv'), ...UTC, '--by', 'agent']);
    expect(r.stdout).toContain('By agent: the 20 with the most tickets, of 30');
    expect(r.stdout).toContain('agent-29');
    expect(r.stdout).toContain('agent-10');
    expect(r.stdout).not.toContain('agent-09');
    expect(r.stdout).toMatch(/… and 10 more groups with fewer tickets: --top all lists every one/);
    const top3 = await cli(['compute', join(dir, 't.csv'), ...UTC, '--by', 'agent', '--top', '3']);
    expect(top3.stdout.match(/│ agent-\d+/g)).toEqual(['│ agent-29', '│ agent-28', '│ agent-27']);
    expect(top3.stdout).toContain('… and 27 more groups');
    for (const all of ['all', '0']) {
      const r2 = await cli(['compute', join(dir, 't.csv'), ...UTC, '--by', 'agent', '--top', all]);
      expect(r2.stdout.match(/│ agent-\d+/g)).toHaveLength(30);
      expect(r2.stdout).not.toContain('more groups');
    }
    const bad = await cli(['compute', join(dir, 't.csv'), ...UTC, '--by', 'agent', '--top', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('csm-kpi: --top: must be a whole number, or all ("ten")\n');
  });
});

describe('the trend', () => {
  it('has a sparkline per KPI, a gap where a period has no data', async () => {
    const r = await cli(['compute', ...FIXTURES, ...UTC, '--period', 'week'], { env: { COLUMNS: '120' } });
    // 11 weeks: tickets only in the last two, customer counts in three.
    expect(r.stdout).toMatch(/│ Ticket volume\s+│ ▁▁▁▁▁▁▁▁▁█▆ │/);
    expect(r.stdout).toMatch(/│ Customer retention rate\s+│ ▁   ▆   █   │/);
    expect(r.stdout).toMatch(/│ Net Promoter Score \(NPS\)\s+│ {10}▄  │/);
  });

  it('shows fewer periods as columns on a narrow terminal, and says so', async () => {
    const r = await cli(['compute', ...FIXTURES, ...UTC, '--period', 'week'], { env: { COLUMNS: '80' } });
    expect(r.stdout).toMatch(/Trend by period: bars for all 11 periods, values for the last \d/);
    // The first shown is a week before the tickets' first day: partial (*).
    expect(r.stdout).toMatch(/│ KPI\s+│ Trend\s+│ 2026-W\d\d\* │/);
  });
});

describe('counts in words', () => {
  it('one ticket and one customer are singular (a hunt, 2026-11-28: "1 tickets / 1 customers")', async () => {
    const r = await cli(['compute', 'fixtures/tickets.csv', 'fixtures/customers.csv', ...UTC, '--last', '1d', '--now', '2026-03-13T06:00'], { env: { COLUMNS: '80', NO_COLOR: '1' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('│   1 ticket / 1 customer ');
  });
});
