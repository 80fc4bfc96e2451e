/**
 * A throwaway PostgreSQL server for the tests: Debian's postgresql binaries, a cluster in a
 * temporary directory on a free local port, stopped (and removed) after. initdb and pg_ctl
 * refuse to run as root: as root they run as the postgres user (runuser), which owns the
 * directory. null (with the reason) when the binaries are not installed.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface PgServer {
  port: number;
  host: string;
  stop(): void;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The servers this process started. Under mutation a run stops at its first failing test
 * and skips afterAll, so a file's server outlived its run (hundreds piled up): each new
 * server first stops the ones this process started before.
 */
const REGISTRY = join(tmpdir(), `csm-kpi-pg-started-by-${process.pid}`);

function stopEarlier(run: (cmd: string, args: string[]) => unknown): void {
  if (!existsSync(REGISTRY)) return;
  for (const data of readFileSync(REGISTRY, 'utf8').split('\n').filter(Boolean)) {
    try {
      if (existsSync(data)) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped (its afterAll ran).
    }
    rmSync(dirname(data), { recursive: true, force: true });
  }
  rmSync(REGISTRY, { force: true });
}

export async function startPostgres(): Promise<PgServer | string> {
  const bin = binDir();
  if (bin === null) return 'PostgreSQL binaries not installed (apt-get install postgresql; .ci/run does)';
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'csm-kpi-pg-'));
  let uid = -1, gid = -1;
  if (root) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => (root ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, cmd), args, { stdio: 'pipe' }));
  const data = join(dir, 'data');
  stopEarlier(run);
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c TimeZone=UTC`, 'start']);
  appendFileSync(REGISTRY, `${data}\n`);
  return {
    port,
    host: '127.0.0.1',
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        // The registry holds only this server: each start stopped the ones before.
        rmSync(REGISTRY, { force: true });
      }
    },
  };
}

