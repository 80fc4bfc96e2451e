/**
 * --compare against a window the data covers only in part: the ticket volume's and tickets per
 * customer's change are left out (over fewer days of data they would read as the team's
 * change), the rates and times keep theirs, and every output says so. The data's days run from the first dated row's day to
 * the last's (report-builder.ts covers); each case's windows and counts are worked out by hand
 * in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

async function run(csv: string, args: string[]) {
  const dir = scratch({ 't.csv': csv });
  return cli(['compute', 't.csv', '--tz', 'UTC', ...args], { cwd: dir, env: { NO_COLOR: '1', COLUMNS: '80' } });
}
async function json(csv: string, args: string[]) {
  const r = await run(csv, [...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

// Window 2026-03-03..03-05, compared with 03-01..03-03. The data's days: 03-02 (A1) to 03-06
// (B3), so the compared window is covered from 03-02 only; the report's window whole.
// A1, A2 in the compared window; B1, B2 in the window (B3 after it). Resolved: A1 (2 h), B1 (4 h).
const STARTS_LATE = [
  'id,created_at,resolved_at',
  'A1,2026-03-02 09:00,2026-03-02 11:00',
  'A2,2026-03-02 10:00,',
  'B1,2026-03-03 09:00,2026-03-03 13:00',
  'B2,2026-03-04 09:00,',
  'B3,2026-03-06 09:00,',
].join('\n');
const WINDOW = ['--from', '2026-03-03', '--to', '2026-03-05', '--compare', 'previous'];

describe('--compare with a compared window the data covers in part', () => {
  it('the ticket volume has no change; rates and times keep theirs', async () => {
    const r = await json(STARTS_LATE, WINDOW);
    expect(r.previous.window).toEqual({ from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z', partial: true });
    expect(r.previous.kpis.ticket_volume.value).toBe(2);
    // 2 tickets in the window against 2 before: change 0 were it compared; it is not.
    expect(r.kpis.ticket_volume).toMatchObject({ value: 2, change: null, significant: null });
    // Resolution rate 1 of 2 in both: 50 % − 50 % = 0 pp. Resolution time 4 h − 2 h = +2 h.
    expect(r.kpis.resolution_rate).toMatchObject({ value: 50, change: 0 });
    expect(r.kpis.resolution_time).toMatchObject({ value: 14_400, change: 7_200 });
  });

  it('nor the tickets per customer, which grow with the days covered too', async () => {
    // Window 04-08..04-15: C1, C2, C1 → 3 / 2 = 1.5. The compared window 04-01..04-08 is
    // covered from 04-06 (the first ticket): C1 → 1. +0.5 would be two days of data against
    // seven, not repeat contacts. The same window against a whole week (04-15..04-22 against
    // 04-08..04-15, the data running to 04-20): compared, 04-16 C1 and 04-20 C3 → 1, −0.5.
    const csv = ['id,created_at,customer_id', 'T1,2026-04-06 09:00,C1', 'T2,2026-04-08 09:00,C1', 'T3,2026-04-09 09:00,C2', 'T4,2026-04-14 09:00,C1', 'T5,2026-04-16 09:00,C1', 'T6,2026-04-20 09:00,C3'].join('\n');
    const partial = await json(csv, ['--from', '2026-04-08', '--to', '2026-04-15', '--compare', 'previous']);
    expect(partial.previous.window.partial).toBe(true);
    expect(partial.previous.kpis.tickets_per_customer.value).toBe(1);
    expect(partial.kpis.tickets_per_customer).toMatchObject({ value: 1.5, change: null, significant: null });
    const whole = await json(csv, ['--from', '2026-04-15', '--to', '2026-04-22', '--compare', 'previous']);
    expect(whole.previous.window.partial).toBeUndefined();
    expect(whole.kpis.tickets_per_customer).toMatchObject({ value: 1, change: -0.5 });
    // Every output names both where the tickets have customer ids (only the ticket volume above).
    const args = ['--from', '2026-04-08', '--to', '2026-04-15', '--compare', 'previous'];
    const table = await run(csv, args);
    expect(table.stdout.replace(/\n +/g, ' ')).toContain('(the data covers only part of it: the ticket volume and the tickets per customer are not compared);');
    const md = await run(csv, [...args, '--format', 'markdown']);
    expect(md.stdout).toContain('- The data covers the compared window only in part: no change is shown for the ticket volume and the tickets per customer (they grow with the days of data); rates, times and scores are compared.\n');
    // The HTML says it on both cards, where the change would be.
    const html = await run(csv, [...args, '--format', 'html']);
    expect(html.stdout.split('not compared: the data covers only part of the compared window').length - 1).toBe(2);
  });

  it('the table says the ticket volume is not compared, and shows n/a for its change', async () => {
    const r = await run(STARTS_LATE, WINDOW);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ Ticket volume +│ +2 │ +2 │ +n\/a │/);
    expect(r.stdout.replace(/\n +/g, ' ')).toContain('Before: 2026-03-01T00:00:00Z → 2026-03-03T00:00:00Z (the data covers only part of it: the ticket volume is not compared);');
  });

  it('the markdown report notes it, and says it in the change cell', async () => {
    const r = await run(STARTS_LATE, [...WINDOW, '--format', 'markdown']);
    expect(r.stdout).toContain('- The data covers the compared window only in part: no change is shown for the ticket volume (it grows with the days of data); rates, times and scores are compared.\n');
    expect(r.stdout).toContain('| Ticket volume | **2** |   | not compared: the data covers only part of the compared window |   |');
  });

  it('the HTML card says it where the change would be', async () => {
    const r = await run(STARTS_LATE, [...WINDOW, '--format', 'html']);
    expect(r.stdout).toMatch(/<h3>Ticket volume<\/h3><p class="value">2<\/p><p class="sub">not compared: the data covers only part of the compared window<\/p>/);
    // Only there: the resolution time's card has its change.
    expect(r.stdout.match(/not compared/g)).toHaveLength(1);
  });
});

describe('--compare with the window itself covered in part', () => {
  // The data's days: 03-01 (A1) to 03-03 (B1): the compared window 03-01..03-03 whole, the
  // window 03-03..03-05 only to 03-03's end. A1, A2 before; B1 in the window. The window's end
  // is not judged: a last day without tickets (a weekday team's weekend) looks the same.
  const ENDS_EARLY = ['id,created_at', 'A1,2026-03-01 09:00', 'A2,2026-03-02 09:00', 'B1,2026-03-03 09:00'].join('\n');

  it('the ticket volume keeps its change (1 − 2), the window its *', async () => {
    const r = await json(ENDS_EARLY, WINDOW);
    expect(r.window.partial).toBe(true);
    expect(r.previous.window.partial).toBeUndefined();
    expect(r.kpis.ticket_volume).toMatchObject({ value: 1, change: -1 });
    const md = await run(ENDS_EARLY, [...WINDOW, '--format', 'markdown']);
    expect(md.stdout).not.toContain('compared window only in part');
  });

  it('a weekday team\'s last week, against the week before: the weekend is no reason to leave the volume out', async () => {
    // Mon 2026-03-16 .. Fri 03-27, two tickets a weekday; --last 1w on Monday 03-30: the week
    // 03-23..03-30 (10 tickets) against 03-16..03-23 (10). The data's last day is Friday 03-27.
    const rows = ['id,created_at'];
    for (const day of [16, 17, 18, 19, 20, 23, 24, 25, 26, 27]) rows.push(`W${day}a,2026-03-${day} 09:00`, `W${day}b,2026-03-${day} 15:00`);
    rows.push('X1,2026-03-24 10:00');
    const r = await json(rows.join('\n'), ['--last', '1w', '--now', '2026-03-30T06:00', '--compare', 'previous']);
    expect(r.previous.window).toEqual({ from: '2026-03-16T00:00:00Z', to: '2026-03-23T00:00:00Z' });
    expect(r.kpis.ticket_volume).toMatchObject({ value: 11, change: 1 });
  });
});

describe('--period: a period after a partial one', () => {
  // Data from 03-10 (the export's start) to 04-20. March is partial (from 03-10), so April's
  // volume is not compared with it; nor is May's (cut by the data's end: 4 days of tickets against April's 30).
  // March: M1, M2; April: P1..P3; May: Y1. Resolved: M1 (1 h), P1 (3 h).
  const csv = [
    'id,created_at,resolved_at',
    'M1,2026-03-10 09:00,2026-03-10 10:00',
    'M2,2026-03-20 09:00,',
    'P1,2026-04-02 09:00,2026-04-02 12:00',
    'P2,2026-04-10 09:00,',
    'P3,2026-04-20 09:00,',
    'Y1,2026-05-04 09:00,',
  ].join('\n');
  const ARGS = ['--from', '2026-03-01', '--to', '2026-06-01', '--period', 'month'];

  it('has no ticket volume change; its rates and times have theirs', async () => {
    const r = await json(csv, ARGS);
    expect(r.series.map((s: { period: string; partial?: true }) => [s.period, s.partial ?? false])).toEqual([['2026-03', true], ['2026-04', false], ['2026-05', true]]);
    const april = r.series[1].kpis;
    expect(april.ticket_volume).toMatchObject({ value: 3, change: null, significant: null });
    // Resolution rate 1 of 3 against 1 of 2: 33.3 − 50 = −16.7 pp; resolution time 3 h − 1 h.
    expect(april.resolution_rate.change).toBeCloseTo(100 / 3 - 50, 9);
    expect(april.resolution_time.change).toBe(7_200);
    // May, partial, against April: not compared (1 − 3 would be the export's end, not a quieter month).
    expect(r.series[2].kpis.ticket_volume).toMatchObject({ value: 1, change: null, significant: null });
  });

  it('the table\'s footnote says so', async () => {
    const t = await run(csv, ARGS);
    expect(t.stdout.replace(/\s*\n\s*/g, ' ')).toContain('(no ticket volume change for it or against it)');
  });
});

describe('--compare with both windows covered whole', () => {
  it('the ticket volume keeps its change, and no note says otherwise', async () => {
    // The data's days 03-01 to 03-06 cover both windows. 2 before (A1, A2), 3 in the window.
    const csv = ['id,created_at', 'A1,2026-03-01 09:00', 'A2,2026-03-02 09:00', 'B1,2026-03-03 09:00', 'B2,2026-03-04 09:00', 'B3,2026-03-04 10:00', 'C1,2026-03-06 09:00'].join('\n');
    const r = await json(csv, WINDOW);
    expect(r.kpis.ticket_volume).toMatchObject({ value: 3, change: 1 });
    const md = await run(csv, [...WINDOW, '--format', 'markdown']);
    expect(md.stdout).not.toContain('only in part');
  });
});

describe('--compare with a compared window the data does not reach', () => {
  it('no KPI has a change: not the ticket volume, nor the backlog (0 at its end for want of data)', async () => {
    // The data's days: 03-03 to 03-04: the compared window 03-01..03-03 holds none of them.
    // B1 resolved, B2 open at the window's end: backlog 1, which against the compared window's
    // 0 would read +1.
    const csv = ['id,created_at,resolved_at', 'B1,2026-03-03 09:00,2026-03-03 13:00', 'B2,2026-03-04 09:00,'].join('\n');
    const r = await json(csv, WINDOW);
    expect(r.previous.window).toEqual({ from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z', partial: true, no_data: true });
    expect(r.previous.kpis.backlog.value).toBe(0);
    expect(r.kpis.backlog).toMatchObject({ value: 1, change: null });
    expect(r.kpis.ticket_volume).toMatchObject({ value: 2, change: null });
    expect(r.kpis.resolution_rate).toMatchObject({ value: 50, change: null });
  });
});
