/**
 * --threads N for N = 1..8 (issue 12): the main thread and N − 1 workers claim segments of
 * one tickets file and merge as a tree (engine/parallel/). Whatever N — oversubscribed on a
 * small machine included — the output must be byte for byte the one-thread output, on
 * every shape of export the bench generates (bench/generate.mjs, seeded, small), with
 * groups, periods and --where, invalid rows and --rejects, and duplicate ids. The size
 * threshold is lowered so that the small files are cut; planSplit cuts them into enough
 * segments for every worker (2 of its own each, and as many again to claim).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scratch } from '../helpers.js';

const BIN = join(ROOT, 'bin/csm-kpi.js');
const THREADS = [1, 2, 3, 4, 5, 6, 7, 8];

function run(args: string[], cwd: string) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { PATH: process.env.PATH ?? '', CSM_KPI_PARALLEL_MIN_BYTES: '1', CSM_KPI_TIMING: '1' },
  });
}

const untimed = (stderr: string) => stderr.split('\n').filter((l) => !l.startsWith('timing:')).join('\n');

/** The bench's tickets file of a shape, with rows rows (seeded: the same file every time). */
function generated(shape: string, rows: number): { dir: string; file: string } {
  const dir = scratch({});
  const r = spawnSync(process.execPath, [join(ROOT, 'bench/generate.mjs'), String(rows), dir, shape], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return { dir, file: `tickets-${shape}-${rows}.csv` };
}

/**
 * Runs args with --threads 1..8: every run's stdout, stderr (less the timing lines) and exit
 * code equal the one-thread run's; with more than one thread, every worker read its part
 * and it was kept (unless `dropped`: then the sequential fallback must have read it).
 */
function sameForEveryN(args: string[], dir: string, opts: { dropped?: boolean; rejects?: boolean } = {}) {
  const withRejects = (n: number) => (opts.rejects ? [...args, '--rejects', `r${n}.csv`] : args);
  const one = run([...withRejects(1), '--threads', '1'], dir);
  for (const n of THREADS.slice(1)) {
    const r = run([...withRejects(n), '--threads', String(n)], dir);
    expect(r.status, `exit code, --threads ${n}`).toBe(one.status);
    expect(r.stdout, `stdout, --threads ${n}`).toBe(one.stdout);
    expect(untimed(r.stderr), `stderr, --threads ${n}`).toBe(untimed(one.stderr));
    if (opts.dropped) expect(r.stderr, `--threads ${n}`).toMatch(/worker part dropped/);
    else {
      expect(r.stderr, `--threads ${n}`).not.toMatch(/dropped/);
      // Worker n − 2 is the last: it read its own segments, and the tree brought its part to worker 0.
      expect(r.stderr, `--threads ${n}`).toMatch(new RegExp(`worker ${n - 2}: read its part, \\d+ segments`));
      expect(r.stderr, `--threads ${n}`).toMatch(/merged the workers' accumulators/);
    }
    if (opts.rejects) expect(readFileSync(join(dir, `r${n}.csv`), 'utf8'), `rejects, --threads ${n}`).toBe(readFileSync(join(dir, 'r1.csv'), 'utf8'));
  }
  return { ...one, stderr: untimed(one.stderr) };
}

describe('--threads 1..8 give the one-thread output, byte for byte', () => {
  it.each(['unpadded', 'padded', 'uuid', 'inc-email', 'shuffled', 'multiline', 'wide'])('on the bench\'s %s file: JSON with groups, periods and --where', (shape) => {
    const { dir, file } = generated(shape, 2000);
    const one = sameForEveryN(['compute', file, '--tz', 'UTC', '--by', 'team', '--period', 'month', '--where', 'priority!=low', '--format', 'json'], dir);
    expect(one.status, one.stderr).toBe(0);
    const r = JSON.parse(one.stdout);
    expect(r.inputs[0].rows).toBe(2000);
    expect(r.inputs[0].filtered).toBeGreaterThan(0);
    expect(r.groups.team.length).toBeGreaterThan(1);
  }, 300_000);

  it('invalid rows all over the file: the table and the same messages with --skip-invalid, the same rejects file, the same failure without', () => {
    const { dir, file } = generated('unpadded', 2000);
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    // Every 37th row gets a creation time that is not one: in the main thread's part and every worker's.
    for (let i = 37; i < lines.length - 1; i += 37) lines[i] = lines[i].replace(/^([^,]*),[^,]*,/, '$1,not-a-date,');
    writeFileSync(join(dir, 'bad.csv'), lines.join('\n'));
    const skipped = sameForEveryN(['compute', 'bad.csv', '--tz', 'UTC', '--skip-invalid', '--by', 'agent', '--format', 'table'], dir, { rejects: true });
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toMatch(/^bad\.csv:38: created_at: not an ISO 8601 timestamp .*\("not-a-date"\)\n/);
    expect(skipped.stderr).toMatch(/… and \d+ more problems/);
    const rejected = readFileSync(join(dir, 'r1.csv'), 'utf8').split('\n').filter((l) => l.startsWith('bad.csv,'));
    expect(rejected.length).toBe(Math.floor((lines.length - 2) / 37));
    const strict = sameForEveryN(['compute', 'bad.csv', '--tz', 'UTC', '--format', 'csv'], dir);
    expect(strict.status).toBe(2);
  }, 300_000);

  it('a duplicate id far from its first row: the sequential message (the parallel part dropped), whatever N', () => {
    const { dir, file } = generated('padded', 2000);
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    // Row 1990 repeats the id of row 3: in the main thread's part and the last worker's segment.
    const id = lines[3].split(',')[0];
    lines[1990] = lines[1990].replace(/^[^,]*,/, `${id},`);
    writeFileSync(join(dir, 'dup.csv'), lines.join('\n'));
    const one = sameForEveryN(['compute', 'dup.csv', '--tz', 'UTC', '--format', 'json'], dir, { dropped: true });
    expect(one.status).toBe(2);
    expect(one.stderr).toContain(`dup.csv:1991: id: duplicate of the ticket on line 4 ("${id}")`);
  }, 300_000);
});
