/**
 * ticket_volume's days and daily_average: a window's length in wall-clock days, not the
 * calendar dates it touches (hunt18: a noon-to-noon week was "8 days", a 24-hour window 2,
 * so the daily average of a shift-aligned window came out 12.5–50 % low).
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

// One ticket every two hours from 2026-03-02 00:00 to 2026-03-16 22:00 (UTC): 12 a day.
const rows = ['id,created_at'];
for (let d = 2; d <= 16; d++) for (let h = 0; h < 24; h += 2) rows.push(`T${d}-${h},2026-03-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:00`);
const TICKETS = rows.join('\n') + '\n';

async function volume(args: string[], engine = 'js') {
  const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json', '--engine', engine, ...args], { cwd: scratch({ 't.csv': TICKETS }) });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('daily_average over a window that does not start at midnight', () => {
  it.each([
    ['a noon-to-noon week', '2026-03-03T12:00', '2026-03-10T12:00', 84, 7],
    ['a 24-hour window', '2026-03-03T12:00', '2026-03-04T12:00', 12, 1],
    ['a 12-hour shift', '2026-03-03T06:00', '2026-03-03T18:00', 6, 0.5],
    ['whole days, as before', '2026-03-03', '2026-03-10', 84, 7],
  ])('%s: its length in days, in both engines', async (_, from, to, value, days) => {
    for (const engine of ['js', 'duckdb']) {
      const { kpis } = await volume(['--from', from, '--to', to], engine);
      expect(kpis.ticket_volume, engine).toMatchObject({ value, days, daily_average: 12 });
    }
  });

  it('a period cut by such a window, and the compared window: their lengths too', async () => {
    const r = await volume(['--from', '2026-03-08T12:00', '--to', '2026-03-12T12:00', '--period', 'week', '--compare', 'previous']);
    // Week 10 from Sunday 12:00 to Monday 00:00 is half a day; week 11 to Thursday 12:00, 3.5 days.
    expect(r.series.map((e: { kpis: { ticket_volume: { days: number; daily_average: number } } }) => [e.kpis.ticket_volume.days, e.kpis.ticket_volume.daily_average])).toEqual([[0.5, 12], [3.5, 12]]);
    // The window before: 2026-03-04 12:00 to 03-08 12:00, four days.
    expect(r.previous.kpis.ticket_volume).toMatchObject({ days: 4, daily_average: 12 });
  });

  it('the table says 0.5 days', async () => {
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--from', '2026-03-03T06:00', '--to', '2026-03-03T18:00'], { cwd: scratch({ 't.csv': TICKETS }), env: { NO_COLOR: '1' } });
    expect(r.stdout).toContain('12.0 per day over 0.5 days');
  });
});
