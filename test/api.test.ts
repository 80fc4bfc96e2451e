/**
 * The typed API as a user's program gets it: `import { compute } from 'csm-kpi'` from a
 * project whose node_modules holds the package (dist/ and its .d.ts, through package.json
 * "exports"), run by node and type-checked by tsc.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from './helpers.js';

const FIXTURES = ['tickets.csv', 'surveys.csv', 'customers.csv'].map((f) => join(ROOT, 'fixtures', f));

/** A user's project with csm-kpi installed (a link to this repository, as npm link makes). */
function project(files: Record<string, string>): string {
  const dir = scratch(files);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'csm-kpi'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  return dir;
}

describe("import { compute } from 'csm-kpi'", () => {
  it('returns the report the CLI prints as JSON', async () => {
    const dir = project({
      'use.mjs': `import { compute, CsmError, REPORT_SCHEMA } from 'csm-kpi';
const files = ${JSON.stringify(FIXTURES)};
const report = await compute(files, { tz: 'UTC', period: 'week', by: ['agent'], sla: 'first_response=1h' });
let error = null;
try {
  await compute(['missing.csv'], { tz: 'UTC' });
} catch (e) {
  error = { isCsmError: e instanceof CsmError, code: e.code, message: e.message };
}
let usage = null;
try {
  await compute(files, { period: 'weekly' });
} catch (e) {
  usage = e.message;
}
process.stdout.write(JSON.stringify({ report, error, usage, schema: REPORT_SCHEMA }));
`,
    });
    const r = spawnSync(process.execPath, ['use.mjs'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    const viaCli = await cli(['compute', ...FIXTURES, '--tz', 'UTC', '--period', 'week', '--by', 'agent', '--sla', 'first_response=1h', '--format', 'json']);
    expect(out.report).toEqual(JSON.parse(viaCli.stdout));
    expect(out.schema).toBe('csm-kpi/report@1');
    expect(out.error).toEqual({ isCsmError: true, code: 'CSM_FILE_NOT_FOUND', message: 'missing.csv: no such file' });
    expect(out.usage).toBe('period: must be one of day, week, month, quarter, year ("weekly")');
  });

  it('passes on what the CLI would print on stderr, line by line', async () => {
    const dir = project({
      't.csv': 'id,created_at,agent\nT1,2026-03-02 09:00,ana\nT1,2026-03-02 10:00,ben\n',
      'use.mjs': `import { compute } from 'csm-kpi';
const lines = [];
const report = await compute(['t.csv'], { tz: 'UTC', skipInvalid: true, onMessage: (line) => lines.push(line) });
process.stdout.write(JSON.stringify({ skipped: report.inputs[0].skipped, lines }));
`,
    });
    const out = JSON.parse(spawnSync(process.execPath, ['use.mjs'], { cwd: dir, encoding: 'utf8' }).stdout);
    expect(out.skipped).toBe(1);
    expect(out.lines.some((l: string) => /^t\.csv:3: id: duplicate/.test(l))).toBe(true);
    expect(out.lines.every((l: string) => !l.includes('\n'))).toBe(true);
  });

  it('is typed: the report field by field, the settings by name', () => {
    const dir = project({
      'use.ts': `import { compute, type Report, type ComputeSettings } from 'csm-kpi';
import { reportSchema } from 'csm-kpi/schema';

const settings: ComputeSettings = { tz: 'UTC', period: 'month', by: 'agent' };
const report: Report = await compute(['tickets.csv'], settings);
const answers: number = report.kpis.csat.responses;
const nps: number | null = report.kpis.nps.value;
// Ticket KPIs are left out of a run without a tickets file (issue 15): optional in the type.
const median: number | null = report.kpis.first_response_time?.median ?? null;
// One --by field: each group's key is its value, null for the rows without one.
const agents: (string | null | (string | null)[])[] = (report.groups?.agent ?? []).map((g) => g.key);
const checked: Report = reportSchema.parse(JSON.parse('{}'));
// @ts-expect-error a period is day, week, month, quarter or year
await compute([], { period: 'weekly' });
// @ts-expect-error responses is a count, not text
const wrong: string = report.kpis.csat.responses;
// @ts-expect-error no such KPI
report.kpis.csat_score;
export { answers, nps, median, agents, checked, wrong };
`,
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          // The .d.ts files are checked through their use: an unresolved type would be any, and the @ts-expect-error lines would fail.
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        files: ['use.ts'],
      }),
    });
    let output = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: dir, encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  }, 60_000);
});
