/**
 * Every fixture file through both engines: `compute --engine duckdb` gives the JavaScript
 * engine's JSON (keys and counts exactly, other values to 1e-9 relative), run with the
 * preset or the examples/ config README and fixtures/README.md run it with, the backlog
 * included. A fixture the DuckDB engine still refuses is listed
 * with the one line it refuses with, so the list in README stays true; a fixture file not in
 * this table fails the test, so a new one cannot be forgotten.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers.js';
import { expectSameReport } from './sql-parity.js';
import { D, FIXTURE_CASES, P } from './fixture-cases.js';

describe('every fixture: --engine duckdb gives the JavaScript engine report, or refuses with its one line', () => {
  it('the table names every fixture file (a new fixture must be added here)', () => {
    const onDisk = ['fixtures', P, D].flatMap((dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.csv')).map((f) => `${dir}/${f}`));
    const covered = new Set(Object.values(FIXTURE_CASES).flatMap((c) => c.files));
    expect(onDisk.filter((f) => !covered.has(f)), 'fixture files without a case').toEqual([]);
    expect([...covered].filter((f) => !onDisk.includes(f)), 'cases of files that are gone').toEqual([]);
  });

  for (const [name, c] of Object.entries(FIXTURE_CASES)) {
    it(`${name}${c.refused ? ' (refused)' : ''}`, async () => {
      const js = await cli(['compute', ...c.files, ...c.args, '--format', 'json']);
      expect(js.code, js.stderr).toBe(0);
      const duck = await cli(['compute', ...c.files, ...c.args, '--format', 'json', '--engine', 'duckdb']);
      if (c.refused) {
        expect(duck.code).toBe(2);
        expect(duck.stderr).toMatch(c.refused);
        expect(duck.stderr.trimEnd().split('\n')).toHaveLength(1);
        return;
      }
      expect(duck.code, duck.stderr).toBe(0);
      const a = JSON.parse(js.stdout), b = JSON.parse(duck.stdout);
      expectSameReport(a, b);
      // Not vacuous: the run reads rows and computes at least one KPI.
      expect(a.inputs.reduce((n: number, i: { used: number }) => n + i.used, 0)).toBeGreaterThan(0);
      expect(Object.values(a.kpis as Record<string, { value: unknown }>).some((k) => typeof k.value === 'number')).toBe(true);
    });
  }

  it('Zendesk: the new ticket KPIs and csat offered are compared, not null on both sides', async () => {
    const js = JSON.parse((await cli(['compute', `${D}/zendesk-plum.csv`, '--config', 'examples/zendesk-plum.config.json', '--format', 'json'])).stdout);
    // Hand-checked on the file: 80 csat_score cells say Offered; Replies and Requester wait time are filled in.
    expect(js.kpis.csat.offered).toBe(80);
    expect(js.kpis.csat.response_rate).not.toBeNull();
    expect(js.kpis.one_touch_resolution.resolved_with_replies).toBeGreaterThan(0);
    expect(js.kpis.requester_wait_time.count).toBeGreaterThan(0);
  });
});
