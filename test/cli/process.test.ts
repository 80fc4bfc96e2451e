/** The real executable, as cron and shells run it: exit codes, streams, colour, pipes. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

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
