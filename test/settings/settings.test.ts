/**
 * The settings module: defaults < config file < flags, one parser per setting whichever layer
 * it came from, and every error naming its source (the flag, or the config file and key).
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveComputeSettings } from '../../src/settings/settings.js';
import type { Context } from '../../src/context.js';
import { ROOT, cli, scratch } from '../helpers.js';

const TICKETS = 'id,created_at,first_response_at\n1,2026-03-02 09:00,2026-03-02 10:00\n';

function ctxIn(cwd: string): Context {
  return { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd };
}

describe('layers: defaults < config file < flags', () => {
  it('a flag beats the config key, the config key beats the default', () => {
    const dir = scratch({ 't.csv': TICKETS, 'c.json': JSON.stringify({ timezone: 'Europe/Madrid', scales: { csat: '1-7' }, sla: { first_response: '1h' } }) });
    const fromConfig = resolveComputeSettings(ctxIn(dir), ['t.csv'], { config: 'c.json' });
    expect(fromConfig.zone.name).toBe('Europe/Madrid');
    expect(fromConfig.read.csatScale).toEqual({ min: 1, max: 7 });
    expect(fromConfig.sla).toEqual({ firstResponse: 3600, resolution: null });
    expect(fromConfig.read.cesScale).toEqual({ min: 1, max: 5 }); // the default
    const flagged = resolveComputeSettings(ctxIn(dir), ['t.csv'], { config: 'c.json', tz: 'UTC', csatScale: '0-10', sla: 'resolution=2h' });
    expect(flagged.zone.name).toBe('UTC');
    expect(flagged.read.csatScale).toEqual({ min: 0, max: 10 });
    // A flag replaces the config's whole setting: no SLA kept from the config.
    expect(flagged.sla).toEqual({ firstResponse: null, resolution: 7200 });
  });

  it('paths are resolved against the working directory; compute reads only these settings', () => {
    const dir = scratch({ 't.csv': TICKETS });
    const s = resolveComputeSettings(ctxIn(dir), ['t.csv'], { output: 'out/r.json', rejects: 'r.csv', by: ['Agent Name'], threads: '1' });
    expect(s.output).toEqual({ path: join(dir, 'out/r.json'), name: 'out/r.json' });
    expect(s.rejects).toEqual({ path: join(dir, 'r.csv'), name: 'r.csv' });
    expect(resolveComputeSettings(ctxIn(dir), ['t.csv'], { output: '-' }).output).toBeNull();
    expect(s.by).toEqual(['agent_name']);
    expect(s.threads).toBe(1);
    expect(s.files.map((f) => f.path)).toEqual([join(dir, 't.csv')]);
    // Without --threads: one per core (issue 12; it was at most 2).
    expect(resolveComputeSettings(ctxIn(dir), ['t.csv'], {}).threads).toBe(availableParallelism());
    expect(resolveComputeSettings(ctxIn(dir), ['t.csv'], { threads: '12' }).threads).toBe(12);
  });
});

describe('each error names its source', () => {
  it.each([
    [['--sla', 'first_response=soon'], {}, 'csm-kpi: --sla: first_response: "soon" is not a duration such as 1h, 30m or 24h\n'],
    [[], { sla: { first_response: 'soon' } }, 'csm-kpi: c.json: sla: first_response: "soon" is not a duration such as 1h, 30m or 24h\n'],
    [['--business-hours', 'Mon-Fri 18:00-09:00'], {}, 'csm-kpi: --business-hours: "18:00-09:00" ends before it starts\n'],
    [[], { business_hours: 'Mon-Fri 18:00-09:00' }, 'csm-kpi: c.json: business_hours: "18:00-09:00" ends before it starts\n'],
    [[], { business_hours: 'Mon-Fri 09:00-18:00', holidays: ['25/12/2026'] }, 'csm-kpi: c.json: holidays:1: not an ISO date (expected e.g. 2026-12-25) ("25/12/2026")\n'],
    [[], { timezone: 'Mars/Olympus' }, 'csm-kpi: c.json: timezone: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Madrid or UTC)\n'],
    [['--tz', 'Mars/Olympus'], {}, 'csm-kpi: --tz: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Madrid or UTC)\n'],
    [['--threads', 'two'], {}, 'csm-kpi: --threads: must be a whole number from 1 to 64 ("two")\n'],
    [['--threads', '65'], {}, 'csm-kpi: --threads: must be a whole number from 1 to 64 ("65")\n'],
    [[], { targets: { csat: 'high' } }, /^csm-kpi: c\.json: targets: csat: "high" is not a rule/],
  ])('%j with config %j', async (args, config, message) => {
    const dir = scratch({ 't.csv': TICKETS, 'c.json': JSON.stringify(config) });
    const r = await cli(['compute', 't.csv', '--config', 'c.json', ...args], { cwd: dir });
    expect(r.code).toBe(2);
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });
});

describe('the system zone', () => {
  it('an empty TZ (set, blank) is UTC, as the C library reads it (issue 11, item 11)', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = scratch({ 't.csv': TICKETS });
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/csm-kpi.js'), 'compute', 't.csv', '--format', 'json'], { cwd: dir, env: { ...process.env, TZ: '' }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).timezone).toBe('UTC');
  });

  it('no --tz and no config timezone: the zone TZ names; --tz or the config wins over it', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = scratch({ 't.csv': TICKETS, 'c.json': '{"timezone": "Asia/Tokyo"}' });
    const zone = (args: string[]) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/csm-kpi.js'), 'compute', 't.csv', '--format', 'json', ...args], { cwd: dir, env: { ...process.env, TZ: 'Europe/Madrid' }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout).timezone;
    };
    expect(zone([])).toBe('Europe/Madrid');
    expect(zone(['--config', 'c.json'])).toBe('Asia/Tokyo');
    expect(zone(['--config', 'c.json', '--tz', 'UTC'])).toBe('UTC');
  });
});

describe('config and targets files (issue 11, item 15)', () => {
  it('a UTF-8 byte order mark before the JSON is not an error (Windows editors write one)', async () => {
    const dir = scratch({ 't.csv': TICKETS, 'c.json': '\ufeff{"timezone": "UTC"}', 'targets.json': '\ufeff{"first_response_time": "<= 2h"}' });
    const r = await cli(['compute', 't.csv', '--config', 'c.json', '--targets', 'targets.json', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.timezone).toBe('UTC');
    expect(report.kpis.first_response_time.target.status).toBe('met');
  });

  it('a directory given as the config or targets file says so', async () => {
    const dir = scratch({ 't.csv': TICKETS });
    mkdirSync(join(dir, 'conf'));
    const c = await cli(['compute', 't.csv', '--config', 'conf'], { cwd: dir });
    expect(c.stderr).toBe('csm-kpi: conf: is a directory, not a config file\n');
    expect(c.code).toBe(2);
    const t = await cli(['compute', 't.csv', '--targets', 'conf'], { cwd: dir });
    expect(t.stderr).toBe('csm-kpi: conf: is a directory, not a targets file\n');
  });

  it.each(['"', '\n', 'a', '7', ' ', ';;'])('the config delimiter %j is refused as the flag is', async (d) => {
    const dir = scratch({ 't.csv': TICKETS, 'c.json': JSON.stringify({ delimiter: d }) });
    const r = await cli(['compute', 't.csv', '--config', 'c.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^csm-kpi: c\.json: delimiter: must be one character such as , ; \| or tab/);
    const f = await cli(['compute', 't.csv', '--delimiter', d], { cwd: dir });
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('must be one character such as , ; | or tab');
  });

  it('"|" is a delimiter a config may give', async () => {
    const dir = scratch({ 't.csv': TICKETS.replace(/,/g, '|'), 'c.json': JSON.stringify({ delimiter: '|', timezone: 'UTC' }) });
    const r = await cli(['compute', 't.csv', '--config', 'c.json', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).kpis.first_response_time.value).toBe(3600);
  });
});
