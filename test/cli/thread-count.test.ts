/**
 * How many workers a file is worth (prestart.ts workersForSize): each thread reads at least a
 * third of the two-thread threshold, so --threads 64 (or a 64-core machine's default) on a
 * file just over the threshold starts a few workers, not 63 isolates with a heap each; and
 * many workers do not trip Node's listener-leak warning on the shared stdout and stderr.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scratch } from '../helpers.js';

const BIN = join(ROOT, 'bin/csm-kpi.js');

function run(args: string[], cwd: string, minBytes: string) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', CSM_KPI_PARALLEL_MIN_BYTES: minBytes, CSM_KPI_TIMING: '1' },
  });
}

/** The workers that read a part (their timing lines). */
const workers = (stderr: string) => new Set([...stderr.matchAll(/^timing: \(worker (\d+): read its part/gm)].map((m) => m[1])).size;

describe('workers per file size', () => {
  // 2,000 rows of ~22 bytes: ~45 kB.
  const rows = Array.from({ length: 2000 }, (_, i) => `T${i},2026-03-0${1 + (i % 9)} 09:00`).join('\n');
  const dir = scratch({ 't.csv': `id,created_at\n${rows}\n` });

  it('a 45 kB file over a 30 kB threshold: 10 kB a thread at least → 4 threads whatever --threads asks', () => {
    const r = run(['compute', 't.csv', '--tz', 'UTC', '--threads', '64', '--format', 'json'], dir, '30000');
    expect(r.status, r.stderr).toBe(0);
    expect(workers(r.stderr)).toBe(3);
    expect(r.stderr).not.toContain('MaxListenersExceededWarning');
    const three = run(['compute', 't.csv', '--tz', 'UTC', '--threads', '3', '--format', 'json'], dir, '30000');
    expect(workers(three.stderr)).toBe(2);
    expect(three.stdout).toBe(r.stdout);
  });

  it('a 1-byte threshold (the tests\' setting): as many workers as asked, and no leak warning with 20', () => {
    const r = run(['compute', 't.csv', '--tz', 'UTC', '--threads', '20', '--format', 'json'], dir, '1');
    expect(r.status, r.stderr).toBe(0);
    expect(workers(r.stderr)).toBe(19);
    expect(r.stderr).not.toContain('Warning');
  });
});
