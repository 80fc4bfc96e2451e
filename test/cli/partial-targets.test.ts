/**
 * --targets-on period and partial periods: a count floor is not checked on part of a period,
 * a count cap is (a part already over it breaches it).
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

describe('a partial period and a per-period ticket count target', () => {
  // Window Thursday 2026-03-05 .. Monday 2026-03-16 (exclusive): week 10 is partial (4 of 7 days, 12 tickets), week 11 whole (21).
  const rows = ['id,created_at'];
  for (let d = 5; d < 16; d++) for (let i = 0; i < 3; i++) rows.push(`T${d}-${i},2026-03-${String(d).padStart(2, '0')} 10:00`);
  const run = async (rule: string) => {
    const dir = scratch({ 't.csv': rows.join('\n') + '\n', 't.json': JSON.stringify({ ticket_volume: rule }) });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--from', '2026-03-05', '--to', '2026-03-16', '--period', 'week', '--targets', 't.json', '--targets-on', 'period', '--fail-on-breach', '--format', 'json'], { cwd: dir });
    return { code: r.code, stderr: r.stderr, statuses: JSON.parse(r.stdout).series.map((e: any) => e.kpis.ticket_volume.target?.status ?? null) };
  };
  it('a cap (<= 10): the partial week of 12 breaches it', async () => {
    expect(await run('<= 10')).toEqual({
      code: 1,
      stderr: 'breach: ticket_volume 33 (target <= 10)\nbreach: ticket_volume 12 (target <= 10) in 2026-W10\nbreach: ticket_volume 21 (target <= 10) in 2026-W11\n',
      statuses: ['breached', 'breached'],
    });
    expect((await run('< 11')).statuses).toEqual(['breached', 'breached']);
  });
  it('a floor (>= 20) and an exact count (== 21): not checked on the partial week', async () => {
    expect(await run('>= 20')).toEqual({ code: 0, stderr: '', statuses: [null, 'met'] });
    expect((await run('== 21')).statuses).toEqual([null, 'met']);
  });
});
