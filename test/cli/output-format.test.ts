import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from '../helpers.js';
import { outputFormat } from '../../src/output/format.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'].map((f) => join(ROOT, f));

describe('--output picks the format from its extension', () => {
  it('by extension, case-insensitively; an explicit format wins; anything else is the table', () => {
    expect(outputFormat(undefined, 'r.html')).toBe('html');
    expect(outputFormat(undefined, 'out/R.HTM')).toBe('html');
    expect(outputFormat(undefined, 'r.md')).toBe('markdown');
    expect(outputFormat(undefined, 'r.markdown')).toBe('markdown');
    expect(outputFormat(undefined, 'r.json')).toBe('json');
    expect(outputFormat(undefined, 'r.csv')).toBe('csv');
    expect(outputFormat(undefined, 'r.txt')).toBe('table');
    expect(outputFormat(undefined, 'dir.html/report')).toBe('table');
    expect(outputFormat(undefined, undefined)).toBe('table');
    expect(outputFormat('json', 'r.html')).toBe('json');
  });

  it('through the CLI: -o report.html writes HTML, report.md markdown, report.json JSON; a typed --format wins, even --format table', async () => {
    const dir = scratch({});
    const run = async (...args: string[]) => expect((await cli(['compute', ...FIXTURES, '--tz', 'UTC', ...args], { cwd: dir })).code).toBe(0);
    await run('-o', 'report.html');
    await run('-o', 'report.md');
    await run('--output', 'report.json');
    await run('-o', 'report.csv');
    await run('-o', 'forced.html', '--format', 'json');
    await run('-o', 'table.md', '--format', 'table');
    await run('-o', 'report.txt');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    expect(read('report.html')).toMatch(/^<!doctype html>/);
    expect(read('report.md')).toMatch(/^# Customer-service KPIs\n/);
    expect(JSON.parse(read('report.json')).schema).toBe('csm-kpi/report@1');
    expect(read('report.csv')).toMatch(/^kpi,value,unit,band/);
    expect(JSON.parse(read('forced.html')).schema).toBe('csm-kpi/report@1');
    expect(read('table.md')).toMatch(/^Customer-service KPIs · all time/);
    expect(read('report.txt')).toMatch(/^Customer-service KPIs · all time/);
  });

  it('help names the formats and the extension rule', async () => {
    const r = await cli(['compute', '--help']);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('(choices: "table", "json", "csv", "html", "markdown", default: table, or from the --output extension)');
    expect(help).toContain('.json .csv .html .md pick the format');
  });

  it('vega and vega-lite load only for --format html', () => {
    // A module hook logs every vega* module that the process resolves.
    const dir = scratch({
      'hooks.mjs': `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (/^vega/.test(specifier)) appendFileSync(process.env.VEGA_LOG, specifier + '\\n');
  return next(specifier, context);
}`,
      'register.mjs': `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
    });
    const loaded = (format: string) => {
      const log = join(dir, `${format}.log`);
      execFileSync(process.execPath, ['--import', join(dir, 'register.mjs'), join(ROOT, 'bin/csm-kpi.js'), 'compute', ...FIXTURES, '--period', 'week', '--format', format], {
        env: { ...process.env, VEGA_LOG: log },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    };
    expect(loaded('json')).toEqual([]);
    expect(loaded('table')).toEqual([]);
    expect(loaded('markdown')).toEqual([]);
    expect(loaded('html')).toEqual(expect.arrayContaining(['vega', 'vega-lite']));
  });
});

describe('a value beside a target it missed shows the digits of the miss', () => {
  // 1,999 of 2,500 satisfied: 79.96 %, which one decimal shows as 80.0 %, "met" to the eye.
  const surveys = ['type,score', ...Array.from({ length: 2500 }, (_, i) => `csat,${i < 1999 ? 5 : 2}`)].join('\n') + '\n';
  it('in the breach line, the table and markdown: 79.96 % against >= 80; 80.0 % where the target was met', async () => {
    const dir = scratch({ 's.csv': surveys, 'miss.json': '{"csat": ">= 80"}', 'met.json': '{"csat": ">= 79.9"}' });
    const table = await cli(['compute', 's.csv', '--targets', 'miss.json', '--fail-on-breach'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(table.code).toBe(1);
    expect(table.stderr).toBe('breach: csat 79.96 % (target >= 80)\n');
    expect(table.stdout).toMatch(/Customer satisfaction \(CSAT\) │ 79\.96 % │/);
    const md = await cli(['compute', 's.csv', '--targets', 'miss.json', '--format', 'markdown'], { cwd: dir });
    expect(md.stdout).toContain('| **79.96 %** |');
    const met = await cli(['compute', 's.csv', '--targets', 'met.json', '--format', 'markdown'], { cwd: dir });
    expect(met.stdout).toContain('| **80.0 %** |');
  });
  it('a time that reads as the target it missed gets its seconds: 1h 00m (3,600.5 s) against <= 1h', async () => {
    const dir = scratch({ 't.csv': 'id,created_at,first_response_seconds\nT1,2026-03-02 09:00,3600.5\n', 't.json': '{"first_response_time": "<= 1h"}' });
    const r = await cli(['compute', 't.csv', '--tz', 'UTC', '--targets', 't.json', '--fail-on-breach'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect([r.code, r.stderr]).toEqual([1, 'breach: first_response_time 1h 00m (3,600.5 s) (target <= 1h)\n']);
  });
});
