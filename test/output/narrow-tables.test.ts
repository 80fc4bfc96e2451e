/**
 * Tables in a narrow terminal: every line within the width, figures whole. The period ×
 * group table cuts a column's heading before its keys; --list breaches, too narrow for its
 * table, prints one block per ticket.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';
import { displayWidth } from '../../src/output/text-width.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv', '--tz', 'UTC'];
const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth));

describe('narrow terminals', () => {
  it('the period × group table fits 40 columns: the heading is cut, the periods and figures are whole', async () => {
    const r = await cli(['compute', ...FIXTURES, '--period', 'week', '--by', 'agent'], { tty: true, columns: 40, env: { NO_COLOR: '1' } });
    expect(r.code, r.stderr).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(40);
    // Per customer (n) needs 16 columns beside Period (9) and agent (6): 41 wide uncut.
    expect(r.stdout).toMatch(/│ Period +│ agent +│ Per customer \(… │\n/);
    expect(r.stdout).toMatch(/│ 2026-W11\* │ ana +│ +1\.00 \(1\) │/);
    // At 41 columns nothing needs cutting.
    const wide = await cli(['compute', ...FIXTURES, '--period', 'week', '--by', 'agent'], { tty: true, columns: 41, env: { NO_COLOR: '1' } });
    expect(wide.stdout).toContain('│ Per customer (n) │');
    expect(widest(wide.stdout)).toBe(41);
  });

  it('--list breaches below the table\'s width: a block per ticket, its breaches under it, durations never split', async () => {
    const args = ['compute', 'fixtures/tickets.csv', '--tz', 'UTC', '--sla', 'first_response=15m,resolution=8h', '--list', 'breaches'];
    const r = await cli(args, { tty: true, columns: 44, env: { NO_COLOR: '1' } });
    expect(r.code, r.stderr).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(44);
    expect(r.stdout).not.toContain('┌');
    expect(r.stdout).toContain('T4 · low · carla · 2026-03-03 13:00\n  response: took 1h\u00a000m, target 15m\u00a000s\n  resolution: took 8d\u00a021h+, target 8h\u00a000m\n');
    const narrower = await cli(args, { tty: true, columns: 36, env: { NO_COLOR: '1' } });
    expect(widest(narrower.stdout)).toBeLessThanOrEqual(36);
    expect(narrower.stdout).toContain('  resolution: took 8d\u00a021h+, target\n    8h\u00a000m\n');
    // Where the table fits, the table.
    const wide = await cli(args, { tty: true, columns: 80, env: { NO_COLOR: '1' } });
    expect(wide.stdout).toContain('┌');
    expect(widest(wide.stdout)).toBeLessThanOrEqual(80);
  });
});

describe('CSV: a partial period says so, as the table\'s *', () => {
  it('the last column, partial: true for the week the data covers in part, false for the rest', async () => {
    const r = await cli(['compute', 'fixtures/tickets.csv', '--tz', 'UTC', '--period', 'week', '--by', 'agent', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split(','));
    expect(rows[0].at(-1)).toBe('partial');
    // The fixtures run Monday 03-02 to Thursday 03-12: W11 ends on the 15th, past the data.
    const of = (slice: string, key: string) => rows.filter((x) => x[0] === slice && x.includes(key)).map((x) => x.at(-1));
    expect(of('period', '2026-W10')).toEqual(['false']);
    expect(of('period', '2026-W11')).toEqual(['true']);
    expect(of('group_period', '2026-W11')).toEqual(['true', 'true', 'true', 'true']);
    expect(rows.filter((x) => x[0] === 'total' || x[0] === 'group').map((x) => x.at(-1))).toEqual(['false', 'false', 'false', 'false', 'false']);
  });
});
