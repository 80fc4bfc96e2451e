/**
 * Starts the worker thread of parallel reading (parallel.ts) before the CLI's own modules
 * load, when the command line looks like `compute` on a large file: the worker's start-up
 * (a new V8 isolate, Node's bootstrap, the reading modules: 0.15–0.3 s on this machine)
 * then overlaps the main thread's instead of delaying the worker's first segment. The
 * worker waits for its job as a message. Unused, it is terminated; it never keeps the
 * process alive. Kept free of heavy imports: it runs before everything else.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Below this size one thread is faster than starting a second (override: CSM_KPI_PARALLEL_MIN_BYTES). */
export const DEFAULT_PARALLEL_MIN_BYTES = 48 << 20;

export const WORKER_URL = new URL('./worker.js', import.meta.url);

let early: Worker | null = null;
let failed = false;

/** Starts the worker if argv is a compute with more than one thread on a file of the parallel size. */
export function prestartWorker(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  if (argv[0] !== 'compute' || availableParallelism() < 2) return;
  if (argv.some((a, i) => a === '--threads=1' || (a === '--threads' && argv[i + 1] === '1'))) return;
  const min = Number(env.CSM_KPI_PARALLEL_MIN_BYTES ?? DEFAULT_PARALLEL_MIN_BYTES);
  if (!argv.slice(1).some((a) => !a.startsWith('-') && sizeOf(a) >= min)) return;
  early = new Worker(WORKER_URL);
  early.unref();
  // A worker that dies before it gets a job is not handed out (a fresh one is started instead).
  early.once('error', () => (failed = true));
  early.once('exit', () => (failed = true));
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/** The started worker, alive and waiting for its job, or null. */
export function takeWorker(): Worker | null {
  const w = failed ? null : early;
  early = null;
  return w;
}

/** Terminates the started worker when the job will not need it. */
export function dropWorker(): void {
  void early?.terminate();
  early = null;
}
