/**
 * Starts the worker threads of parallel reading (parallel.ts) before the CLI's own modules
 * load, when the command line looks like `compute` on a large file: a worker's start-up
 * (a new V8 isolate, Node's bootstrap, the reading modules: 0.15–0.3 s on this machine)
 * then overlaps the main thread's instead of delaying its first segment. As many as
 * --threads asks (the default: the machine's cores), less one; the plan may use fewer (a
 * file with few segments). Each waits for its job as a message.
 * Unused, they are terminated; they never keep the process alive. Kept free of heavy
 * imports: this runs before everything else.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Below this size one thread is faster than starting a second (override: CSM_KPI_PARALLEL_MIN_BYTES). */
export const DEFAULT_PARALLEL_MIN_BYTES = 48 << 20;

export const WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * The most workers a file of `size` bytes is worth, besides the main thread: each thread
 * gets a third of the two-thread threshold to read at least (16 MB by default), because a
 * worker costs a start-up and a heap of its own (63 of them on a 48 MB file only cost).
 */
export function workersForSize(size: number, minBytes: number): number {
  return Math.max(1, Math.floor(size / Math.max(1, Math.floor(minBytes / 3))) - 1);
}

/** Each worker's piped stdout and stderr listen on the process's: room for n of them without Node's leak warning. */
export function roomForWorkers(n: number): void {
  for (const stream of [process.stdout, process.stderr]) stream.setMaxListeners(Math.max(stream.getMaxListeners(), n + 10));
}

/** Started workers, each with whether it died before getting a job (then it is not handed out). */
let early: { worker: Worker; failed: boolean }[] = [];

/** The --threads value on the command line, or null. */
function threadsFlag(argv: readonly string[]): number | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const a = argv[i];
    const v = a.startsWith('--threads=') ? a.slice('--threads='.length) : a === '--threads' ? argv[i + 1] : undefined;
    if (v !== undefined) return /^[1-9]\d*$/.test(v) ? Number(v) : null;
  }
  return null;
}

/** Starts the workers if argv is a compute with more than one thread on a file of the parallel size. */
export function prestartWorker(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  if (argv[0] !== 'compute') return;
  // At most 64 (parallel.ts's MAX_THREADS; not imported: this module loads before the others).
  const threads = Math.min(threadsFlag(argv) ?? availableParallelism(), 64);
  if (threads < 2) return;
  const min = Number(env.CSM_KPI_PARALLEL_MIN_BYTES ?? DEFAULT_PARALLEL_MIN_BYTES);
  const largest = Math.max(-1, ...argv.slice(1).filter((a) => !a.startsWith('-')).map(sizeOf));
  if (largest < min) return;
  const workers = Math.min(threads - 1, workersForSize(largest, min));
  roomForWorkers(workers);
  for (let k = 0; k < workers; k++) {
    const e = { worker: new Worker(WORKER_URL), failed: false };
    e.worker.unref();
    // A worker that dies before it gets a job is not handed out (a fresh one is started instead).
    e.worker.once('error', () => (e.failed = true));
    e.worker.once('exit', () => (e.failed = true));
    early.push(e);
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/** A started worker, alive and waiting for its job, or null. */
export function takeWorker(): Worker | null {
  for (let e = early.shift(); e !== undefined; e = early.shift()) {
    if (!e.failed) return e.worker;
    void e.worker.terminate();
  }
  return null;
}

/** Terminates the started workers the job will not need. */
export function dropWorker(): void {
  for (const e of early) void e.worker.terminate();
  early = [];
}
