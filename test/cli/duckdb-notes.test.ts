/**
 * Notes compute writes before the numbers, the same from both engines: a run of a real
 * export through --engine duckdb printed the JavaScript engine's notes but one. (Kept apart
 * from the engine-sql mutation folder's tests, whose results a changed file would reopen.)
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

describe('the sla_met note, from both engines', () => {
  // T1 resolved in 2 h (met on a 1-day target; the export says false), T2 in 2 days (missed; the export says true).
  const csv = ['id,created_at,resolved_at,sla_met', 'T1,2026-03-02 09:00,2026-03-02 11:00,false', 'T2,2026-03-02 10:00,2026-03-04 10:00,true'].join('\n');
  const NOTE = "note: sla_resolution: from --sla's resolution targets; the sla_met column (the export's own verdicts) is not used\n";

  it('a resolution target beside an sla_met column: the note, and the targets judge (1 met of 2)', async () => {
    const dir = scratch({ 't.csv': csv });
    const args = ['compute', 't.csv', '--tz', 'UTC', '--sla', 'resolution=1d', '--format', 'json'];
    const js = await cli(args, { cwd: dir });
    const db = await cli([...args, '--engine', 'duckdb'], { cwd: dir });
    expect([js.code, db.code]).toEqual([0, 0]);
    expect(js.stderr).toBe(NOTE);
    expect(db.stderr).toBe(NOTE);
    for (const r of [js, db]) expect(JSON.parse(r.stdout).kpis.sla_resolution).toMatchObject({ value: 50, met: 1, missed: 1, source: 'targets' });
  });

  it('without a resolution target: no note, the export\'s verdicts (1 met of 2)', async () => {
    const dir = scratch({ 't.csv': csv });
    const args = ['compute', 't.csv', '--tz', 'UTC', '--format', 'json'];
    for (const r of [await cli(args, { cwd: dir }), await cli([...args, '--engine', 'duckdb'], { cwd: dir })]) {
      expect(r.stderr).not.toContain('sla_met column');
      expect(JSON.parse(r.stdout).kpis.sla_resolution).toMatchObject({ value: 50, source: 'sla_met' });
    }
  });
});
