/**
 * examples/nightly.sh, the README's cron recipe, end to end on the real Zendesk extract
 * (fixtures/datasets/zendesk-plum.csv) as cron runs it: a minimal environment, the home
 * directory as working directory, absolute paths, a fake mail(1) on PATH that records what it
 * was given. Nights chosen in the sample (zone Asia/Kolkata, target CSAT ≥ 80 %):
 * 2023-05-19 CSAT 0.0 % (2 answers), 2023-04-11 100.0 % (3 answers), 2023-04-10 no answer.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scratch } from '../helpers.js';

const BIN = join(ROOT, 'bin/csm-kpi.js');
const SCRIPT = join(ROOT, 'examples/nightly.sh');
const CONFIG = join(ROOT, 'examples/nightly.config.json');
const ZENDESK = join(ROOT, 'fixtures/datasets/zendesk-plum.csv');

/** A home directory with the export in data/, an empty reports/, and a fake `mail` in bin/. */
function home(exportText?: string): string {
  const dir = scratch({});
  for (const d of ['data', 'reports', 'bin', 'mail']) mkdirSync(join(dir, d));
  if (exportText === undefined) copyFileSync(ZENDESK, join(dir, 'data', 'zendesk-plum.csv'));
  else writeFileSync(join(dir, 'data', 'zendesk-plum.csv'), exportText);
  // Records each call: its arguments one a line, and the body it read on stdin.
  writeFileSync(
    join(dir, 'bin', 'mail'),
    `#!/bin/sh\nn=$(ls "${join(dir, 'mail')}" | wc -l)\nprintf '%s\\n' "$@" > "${join(dir, 'mail')}/$n.args"\ncat > "${join(dir, 'mail')}/$n.body"\n`,
  );
  chmodSync(join(dir, 'bin', 'mail'), 0o755);
  return dir;
}

/** The script as cron runs it: only the variables given, PATH the fake mail's, node's and /usr/bin:/bin, cwd the home. */
function nightly(dir: string, vars: Record<string, string>) {
  return spawnSync('sh', [SCRIPT], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: `${join(dir, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: dir,
      CSM_KPI: `${process.execPath} ${BIN}`,
      CONFIG,
      DATA: join(dir, 'data'),
      OUT: join(dir, 'reports'),
      MAIL_TO: 'lead@example.com',
      ...vars,
    },
  });
}

function mails(dir: string): { args: string[]; body: string }[] {
  const files = readdirSync(join(dir, 'mail')).filter((f) => f.endsWith('.args')).sort();
  return files.map((f) => ({ args: readFileSync(join(dir, 'mail', f), 'utf8').trimEnd().split('\n'), body: readFileSync(join(dir, 'mail', f.replace('.args', '.body')), 'utf8') }));
}

/** The human report's extension: markdown once this csm-kpi has --format markdown, else the table. */
const HUMAN = /markdown/.test(spawnSync(process.execPath, [BIN, 'compute', '--help'], { encoding: 'utf8' }).stdout) ? 'md' : 'txt';

describe('examples/nightly.sh on the Zendesk sample', () => {
  it('exit 1 on a night CSAT is under target: the report for people mailed, breach first; the JSON kept beside it', () => {
    const dir = home();
    const r = nightly(dir, { NOW: '2023-05-20T06:00' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual(['kpi-2023-05-19.json', `kpi-2023-05-19.${HUMAN}`]);
    const json = JSON.parse(readFileSync(join(dir, 'reports', 'kpi-2023-05-19.json'), 'utf8'));
    // The config's zone, yesterday only, beside the day before.
    expect(json.window).toEqual({ from: '2023-05-19T00:00:00+05:30', to: '2023-05-20T00:00:00+05:30' });
    expect(json.previous.window.from).toBe('2023-05-18T00:00:00+05:30');
    expect(json.kpis.csat).toMatchObject({ value: 0, responses: 2, target: { status: 'breached' } });
    const [mail] = mails(dir);
    expect(mail.args).toEqual(['-s', 'KPI report 2023-05-19: targets not met (csat)', 'lead@example.com']);
    expect(mail.body).toMatch(/^breach: csat 0\.0 % \(target >= 80\)\n\n/);
    expect(mail.body).toContain(readFileSync(join(dir, 'reports', `kpi-2023-05-19.${HUMAN}`), 'utf8'));
    expect(mail.body).toMatch(/Customer satisfaction/);
    expect(mail.body).not.toMatch(/\x1b\[|"schema"/); // no colour codes, no JSON
    expect(mail.body).toContain(`JSON: ${join(dir, 'reports', 'kpi-2023-05-19.json')}`);
    expect(Buffer.byteLength(mail.body)).toBeLessThan(8000);
  });

  it('exit 0 on a night CSAT is over target', () => {
    const dir = home();
    const r = nightly(dir, { NOW: '2023-04-12T06:00' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`kpi report: ${join(dir, 'reports', `kpi-2023-04-11.${HUMAN}`)} (${join(dir, 'reports', 'kpi-2023-04-11.json')})\n`);
    const json = JSON.parse(readFileSync(join(dir, 'reports', 'kpi-2023-04-11.json'), 'utf8'));
    expect(json.kpis.csat).toMatchObject({ value: 100, responses: 3, target: { status: 'met' } });
    expect(mails(dir).map((m) => m.args[1])).toEqual(['KPI report 2023-04-11: targets met']);
  });

  it('exit 1 on a night without a CSAT answer ("no data"), and on a night past the export\'s end', () => {
    const dir = home();
    const r = nightly(dir, { NOW: '2023-04-11T06:00' });
    expect(r.status).toBe(1);
    // The CSAT is read from the tickets (Zendesk's satisfaction column): no reason beyond "no data", not "no surveys file".
    expect(r.stdout).toMatch(/targets not met:\nbreach: csat no data \(target >= 80\)\n$/);
    expect(mails(dir)[0].body).toMatch(/^breach: csat no data \(target >= 80\)/);
    const late = nightly(dir, { NOW: '2023-06-10T06:00' });
    expect(late.status).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'reports', 'kpi-2023-06-09.json'), 'utf8')).window.partial).toBe(true);
  });

  it('exit 1 when a targeted KPI has no input column at all (no first reply times in this export)', () => {
    const dir = home();
    writeFileSync(join(dir, 'targets.json'), '{"csat": ">= 80", "first_response_time": "<= 1h"}');
    const r = nightly(dir, { NOW: '2023-04-12T06:00', TARGETS: join(dir, 'targets.json') });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/breach: first_response_time no data \(target <= 1h\)/);
    expect(mails(dir)[0].args[1]).toBe('KPI report 2023-04-11: targets not met (first_response_time)');
  });

  it('keeps the config\'s zone unless TZ_NAME is set; PRESET and TARGETS instead of a config', () => {
    const dir = home();
    writeFileSync(join(dir, 'targets.json'), '{"csat": ">= 80"}');
    const r = nightly(dir, { NOW: '2023-04-12T06:00', CONFIG: '', PRESET: 'zendesk', TARGETS: join(dir, 'targets.json'), TZ_NAME: 'UTC' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'reports', 'kpi-2023-04-11.json'), 'utf8')).window.from).toBe('2023-04-11T00:00:00Z');
  });

  it('PRESET without TARGETS checks nothing, and its mail does not say "targets met"', () => {
    const dir = home();
    // 2023-05-19 is the night CSAT was 0.0 %: with no target, exit 0, but not a pass.
    const r = nightly(dir, { NOW: '2023-05-20T06:00', CONFIG: '', PRESET: 'zendesk', TZ_NAME: 'Asia/Kolkata' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`kpi report: ${join(dir, 'reports', `kpi-2023-05-19.${HUMAN}`)} (${join(dir, 'reports', 'kpi-2023-05-19.json')}), no targets checked\n`);
    const [mail] = mails(dir);
    expect(mail.args[1]).toBe('KPI report 2023-05-19 (no targets checked)');
    expect(mail.body.split('\n').filter((l) => l.startsWith('note: --fail-on-breach'))).toEqual(['note: --fail-on-breach: no targets to check (--targets FILE or the config\'s "targets"), so no KPI can fail this run']);
  });

  it('exit 2 on a broken export: the reason on stderr, a failure mail, no report', () => {
    const text = readFileSync(ZENDESK, 'utf8').split('\n');
    text[5] = text[5].replace(/2023-\d\d-\d\d \d\d:\d\d:\d\d/, '31/04/2023 10:00');
    const dir = home(text.join('\n'));
    const r = nightly(dir, { NOW: '2023-05-20T06:00' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/zendesk-plum\.csv:6: created_at: not an ISO 8601 timestamp/);
    expect(r.stderr).toMatch(/nightly\.sh: csm-kpi failed \(exit 2\); no report written\n$/);
    expect(readdirSync(join(dir, 'reports'))).toEqual([]);
    expect(mails(dir).map((m) => m.args[1])).toEqual(['KPI report failed']);
  });

  it.each([
    [{ CONFIG: '' }, 'nightly.sh: CONFIG (a config file) or PRESET (e.g. zendesk) must say how to read the exports\n'],
    [{ CONFIG: 'nightly.config.json' }, 'csm-kpi: nightly.config.json: no such config file\nnightly.sh: csm-kpi failed (exit 2); no report written\n'],
    [{ OUT: '/nonexistent/reports' }, 'nightly.sh: /nonexistent/reports: no such directory (OUT)\n'],
  ])('exit 2 on wrong settings %j', (vars, message) => {
    const dir = home();
    const r = nightly(dir, { NOW: '2023-05-20T06:00', MAIL_TO: '', ...vars });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(message);
  });
});

describe('the README recipe, followed literally', () => {
  it('fails on a night CSAT is under target, passes on one it is over, fails when the KPI has no data', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const from = readme.indexOf('Try it first on the Zendesk sample');
    expect(from).toBeGreaterThan(0);
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(from))![1];
    // The config the README points at is the one shipped.
    expect(existsSync(CONFIG)).toBe(true);
    const dir = scratch({});
    const r = spawnSync('sh', ['-c', block], { cwd: ROOT, encoding: 'utf8', env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir } });
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/^exit \d$/gm)).toEqual(['exit 1', 'exit 0', 'exit 1']);
    expect(r.stdout).toMatch(/breach: csat 0\.0 % \(target >= 80\)/);
    expect(r.stdout).toMatch(/breach: csat no data \(target >= 80\)/);
    expect(readdirSync(join(dir, 'kpi-try', 'reports'))).toContain('kpi-2023-04-10.json');
  });
});
