/**
 * README.md's claims that name a file or a flag: each file it names exists, each flag it
 * names is one `csm-kpi <command> --help` lists, each dataset has its config in examples/.
 * (Its numbers are checked where they are computed: fixtures/README.md's by compute.test.ts,
 * the datasets' by datasets.test.ts, the examples of `explain` by metrics/kpis.test.ts.)
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, scratch } from './helpers.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const COMMANDS = ['compute', 'validate', 'columns', 'explain', 'schema', 'sql'];

/** Paths into this repository: words starting with one of its folders, or a relative link target. */
function repoPaths(): string[] {
  const found = new Set<string>();
  for (const m of README.matchAll(/(?<![\w/$.-])(?:src|test|fixtures|examples|bench|bin)\/[\w.<>*/-]*/g)) found.add(m[0].replace(/[.,]+$/, ''));
  // Links outside fenced code: in a SQL block, `[0-9](?:…)` is a pattern, not a link.
  const prose = README.replace(/^```[\s\S]*?^```/gm, '');
  for (const m of prose.matchAll(/\]\(([^)#\s]+)\)/g)) if (!/^[a-z]+:/.test(m[1])) found.add(m[1]);
  return [...found].sort();
}

/** Whether a path exists; `<name>` in it stands for any one name (src/metrics/<kpi>.ts). */
function exists(path: string): boolean {
  if (!path.includes('<')) return existsSync(join(ROOT, path));
  const parts = path.replace(/\/$/, '').split('/');
  const walk = (dir: string, i: number): boolean => {
    if (i === parts.length) return true;
    const pattern = new RegExp(`^${parts[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[^>]+>/g, '[^/]+')}$`);
    if (!existsSync(dir)) return false;
    return readdirSync(dir).some((name) => pattern.test(name) && walk(join(dir, name), i + 1));
  };
  return walk(ROOT, 0);
}

/**
 * Each flag with the command it goes with: flags after `csm-kpi <command>` on a line (or a
 * line continued with a backslash) belong to that command; flags before any are
 * compute's (the command every flag section is about), except those of a line about
 * `npm run bench`, which are the bench script's.
 */
function flags(): { flag: string; command: string; line: string }[] {
  const out: { flag: string; command: string; line: string }[] = [];
  const lines = README.replace(/\\\n/g, ' ').split('\n');
  for (const line of lines) {
    const bench = /npm run bench/.test(line);
    let command = 'compute';
    for (const m of line.matchAll(/csm-kpi (\w+)|(?<![\w-])(--[a-z][a-z-]*)/g)) {
      if (m[1] !== undefined) command = COMMANDS.includes(m[1]) ? m[1] : 'compute';
      else out.push({ flag: m[2], command: bench ? 'bench' : command, line });
    }
  }
  return out;
}

describe('README.md', () => {
  it('names only files that exist', () => {
    const paths = repoPaths();
    // Sanity: the extraction sees the references it is meant to check.
    expect(paths).toEqual(expect.arrayContaining(['examples/nightly.sh', 'fixtures/README.md', 'test/cli/parallel.test.ts', 'src/metrics/<kpi>.ts']));
    expect(paths.filter((p) => !exists(p))).toEqual([]);
  });

  it('names only flags its commands accept', async () => {
    const all = flags();
    expect(all.length).toBeGreaterThan(30);
    const help = new Map<string, string>();
    for (const c of COMMANDS) help.set(c, (await cli([c, '--help'])).stdout);
    help.set('bench', readFileSync(join(ROOT, 'bench/run.mjs'), 'utf8'));
    const unknown = all.filter(({ flag, command }) => !new RegExp(`(^|[\\s,'])${flag}(?![\\w-])`, 'm').test(help.get(command)!));
    expect(unknown.map(({ flag, command }) => `${command} ${flag}`)).toEqual([]);
  });

  it('shows the commands its examples run', async () => {
    // Commands as run: at a line's start, after `$ `, `npx `, a backtick or `| ` (prose such as "csm-kpi writes" is not one).
    const used = new Set([...README.matchAll(/(?:^|\$ |npx |`|\| )csm-kpi (\w+)/gm)].map((m) => m[1]));
    for (const c of used) if (!COMMANDS.includes(c)) throw new Error(`README runs an unknown command: csm-kpi ${c}`);
    expect([...used].sort()).toEqual([...COMMANDS].sort());
  });

  it('has a config in examples/ for each dataset extract, and its table names each one', () => {
    const datasets = readdirSync(join(ROOT, 'fixtures/datasets')).filter((f) => f.endsWith('.csv')).map((f) => f.replace(/\.csv$/, ''));
    expect(datasets.length).toBeGreaterThanOrEqual(6);
    for (const d of datasets) {
      expect(existsSync(join(ROOT, 'examples', `${d}.config.json`)), d).toBe(true);
      expect(README).toContain(`--config examples/${d}.config.json`);
    }
  });

  it('its example config file loads and does what its keys say', async () => {
    const config = /```json\n(\{\n {2}"preset"[\s\S]*?)```/.exec(README)![1];
    // A call log in the config's own shape: ';', day-first Date + Time, Y/N statuses.
    const dir = scratch({ 'c.json': config, 't.csv': 'Call Id;Date;Time;status\nA1;04-03-2026;09:15;Y\nA2;05-03-2026;10:00;N\n' });
    const r = await cli(['compute', 't.csv', '--config', 'c.json', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.timezone).toBe('Europe/Madrid');
    expect(report.kpis.ticket_volume).toMatchObject({ value: 2, days: 2 });
    expect(report.kpis.resolution_rate).toMatchObject({ resolved: 1, tickets: 2 });
    expect(report.kpis.first_response_time.clock).toBe('business');
    expect(report.kpis.sla_resolution.target_seconds).toBe(86400);
    expect(report.kpis.csat.target).toMatchObject({ rule: '>= 90' });
  });
});
