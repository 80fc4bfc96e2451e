/** The real executable, as cron and shells run it: exit codes, streams, colour, pipes. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scratch } from '../helpers.js';

const BIN = join(ROOT, 'bin/csm-kpi.js');
const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'].map((f) => join(ROOT, f));

function run(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
}

describe('bin/csm-kpi.js', () => {
  it('prints the table on stdout, nothing on stderr, exit 0, no colour when piped', () => {
    const r = run(['compute', ...FIXTURES, '--tz', 'UTC']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Net Promoter Score/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });
  it('JSON on stdout parses; errors go to stderr with exit 2', () => {
    expect(JSON.parse(run(['compute', ...FIXTURES, '--format', 'json']).stdout).schema).toBe('csm-kpi/report@1');
    const bad = run(['compute', 'missing.csv']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('csm-kpi: missing.csv: no such file\n');
  });
  it('no arguments prints usage and exits 2; --version exits 0', () => {
    const r = run([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/Usage: csm-kpi/);
    expect(run(['--version']).status).toBe(0);
  });
});

describe('examples/nightly.sh (the README cron recipe)', () => {
  function setup(targets: string, data: Record<string, string>) {
    const dir = scratch({ 'targets.json': targets });
    mkdirSync(join(dir, 'data'));
    mkdirSync(join(dir, 'reports'));
    for (const [name, text] of Object.entries(data)) writeFileSync(join(dir, 'data', name), text);
    return dir;
  }
  const fixtures = Object.fromEntries(['tickets.csv', 'surveys.csv', 'customers.csv'].map((f) => [f, readFileSync(join(ROOT, 'fixtures', f), 'utf8')]));
  const nightly = (dir: string) =>
    spawnSync('sh', [join(ROOT, 'examples/nightly.sh')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', CSM_KPI: `${process.execPath} ${BIN}`, DATA: join(dir, 'data'), OUT: join(dir, 'reports'), TARGETS: join(dir, 'targets.json') },
    });

  it('exit 0 and a dated JSON report when targets are met', () => {
    const dir = setup('{"nps": ">= 30"}', fixtures);
    const r = nightly(dir);
    expect(r.status, r.stderr).toBe(0);
    const [file] = readdirSync(join(dir, 'reports'));
    expect(file).toMatch(/^kpi-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(readFileSync(join(dir, 'reports', file), 'utf8')).kpis.nps.target.status).toBe('met');
  });
  it('exit 1 with the report still written when a target is breached', () => {
    const dir = setup('{"csat": ">= 90"}', fixtures);
    const r = nightly(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/breach: csat 75\.0 % \(target >= 90\)/);
    expect(readdirSync(join(dir, 'reports'))).toHaveLength(1);
  });
  it('exit 2 and no report when the input is broken', () => {
    const dir = setup('{"csat": ">= 90"}', { 'tickets.csv': 'id,created_at\n1,yesterday\n' });
    const r = nightly(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/tickets\.csv:2: created_at: not an ISO 8601 timestamp/);
    expect(readdirSync(join(dir, 'reports'))).toHaveLength(0);
  });
});
