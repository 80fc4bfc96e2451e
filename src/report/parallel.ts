/**
 * Reading one large tickets file on two threads: the main thread reads the first part
 * (and then the other files), a worker thread the second part, each into its own
 * accumulators, merged at the end. Exact, not approximate:
 * - the split is a newline chosen before reading; the main thread's scanner says whether it
 *   was a record boundary (it would not be inside a quoted multi-line field); if not, the
 *   worker's work is dropped and the main thread reads on (sequential fallback);
 * - ticket ids of the two parts are checked against each other; a duplicate across the
 *   split also falls back, so messages and the "first row stays" rule are as sequential;
 * - line numbers in the worker's problems are shifted by the lines before the split.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RowProblem } from '../errors.js';
import { kindOf, loadInputs, readHeader } from '../input/load.js';
import type { InputFile, LoadOptions, LoadResult, RowSink } from '../input/load.js';
import type { ReadOptions } from '../input/rows.js';
import type { FileKind } from '../input/columns.js';
import { TicketIds } from '../input/rows.js';
import type { BuildOptions, BuilderState } from './builder.js';
import type { ReportBuilder } from './builder.js';

/** Below this size one thread is faster than starting a second (override: CSM_KPI_PARALLEL_MIN_BYTES). */
export const DEFAULT_PARALLEL_MIN_BYTES = 48 << 20;

/** What the main thread reads while a worker starts (~0.15 s at this machine's ~60 MB/s a thread). */
const WORKER_START_BYTES = 8 << 20;

const WORKER_URL = new URL('./parallel-worker.js', import.meta.url);

/** What the worker needs to rebuild the readers and the builder: plain data only. */
export interface ParallelJob {
  file: InputFile;
  zone: string;
  read: Omit<ReadOptions, 'zone' | 'parseTime'>;
  dateFormat: string | null;
  rename: ReadonlyMap<string, string>;
  join: Readonly<Record<string, string[]>>;
  by: readonly string[];
  keepRejected: boolean;
  build: Pick<BuildOptions, 'from' | 'to' | 'period' | 'kpi'>;
  hours: { spec: string; holidays: number[] } | null;
}

export type ParallelReply =
  | {
      ok: true;
      state: BuilderState;
      rows: number;
      invalid: number;
      placed: [string, number][];
      problems: RowProblem[];
      rejected: LoadResult['rejected'];
      ids: TicketIds;
      /** When the worker began reading (epoch ms) and how long it read, for CSM_KPI_TIMING. */
      began: number;
      readMs: number;
    }
  | { ok: false; message: string };

export interface SplitPlan {
  index: number;
  split: number;
}

/**
 * Where to split, or null for one thread: only one tickets file, large enough, options
 * that need no cross-row state beyond ids (no first/last de-duplication, no survey joins).
 */
export function planSplit(
  files: readonly { file: InputFile; kind: FileKind }[],
  options: Pick<LoadOptions, 'duplicates' | 'by'>,
  threads: number,
  minBytes: number,
): SplitPlan | null {
  if (threads < 2 || options.duplicates !== 'error' || !existsSync(fileURLToPath(WORKER_URL))) return null;
  const tickets = files.map((f, i) => ({ ...f, i })).filter((f) => f.kind === 'tickets');
  if (tickets.length !== 1) return null;
  if (options.by.length > 0 && files.some((f) => f.kind === 'surveys')) return null;
  const size = statSync(tickets[0].file.path).size;
  if (size < minBytes) return null;
  // The main thread also reads the other files after its part: give it that much less; and
  // it starts reading while the worker is still starting: give it that much more.
  const others = files.filter((f) => f.kind !== 'tickets').reduce((n, f) => n + statSync(f.file.path).size, 0);
  const target = Math.max(size * 0.1, Math.min(size * 0.9, (size - others + WORKER_START_BYTES) / 2));
  const split = nextLineStart(tickets[0].file.path, Math.floor(target));
  return split === null ? null : { index: tickets[0].i, split };
}

/** The offset just after the first newline at or after at. */
function nextLineStart(path: string, at: number): number | null {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (let pos = at; ; pos += buf.length) {
      const got = readSync(fd, buf, 0, buf.length, pos);
      if (got === 0) return null;
      const nl = buf.subarray(0, got).indexOf(10);
      if (nl >= 0) return pos + nl + 1;
    }
  } finally {
    closeSync(fd);
  }
}

export interface ThreadOptions {
  threads: number;
  minBytes: number;
  /** What the worker needs besides the file and the load options. */
  job: Omit<ParallelJob, 'file' | 'rename' | 'join' | 'by' | 'keepRejected'>;
  timing: PhaseTimer;
}

/** Prints a phase's time (since the last phase, or ms when given) for CSM_KPI_TIMING. */
export type PhaseTimer = (phase: string, ms?: number) => void;

/**
 * loadInputs, with the second part of one large tickets file read by a worker thread when
 * planSplit allows it; the result is the one a single thread would give.
 */
export async function loadInputsThreaded<P extends string>(
  files: InputFile[],
  options: LoadOptions,
  sink: RowSink<P>,
  builder: ReportBuilder,
  t: ThreadOptions,
): Promise<LoadResult> {
  const plan =
    t.threads > 1
      ? planSplit(
          files.map((file) => ({ file, kind: kindOf(file, readHeader(file), options) })),
          options,
          t.threads,
          t.minBytes,
        )
      : null;
  if (plan === null) {
    const result = loadInputs(files, options, sink);
    t.timing('read');
    return result;
  }
  const file = files[plan.index];
  const header = readHeader(file);
  const worker = startWorker({
    ...t.job,
    file: { ...file, part: { range: { from: plan.split, delimiter: header.delimiter, firstLine: 1 }, header: header.fields } },
    rename: options.rename,
    join: options.join,
    by: options.by,
    keepRejected: options.keepRejected,
  });
  let result: LoadResult;
  try {
    result = loadInputs(
      files.map((f, i) => (i === plan.index ? { ...f, part: { range: { from: 0, to: plan.split } } } : f)),
      options,
      sink,
    );
    t.timing('read (this thread)');
  } catch (e) {
    worker.stop();
    throw e;
  }
  if (!(await joinWorker(result, file.name, builder, worker, t.timing))) t.timing('worker part dropped, read here');
  return result;
}

export function startWorker(job: ParallelJob): { reply: Promise<ParallelReply>; stop: () => void } {
  const worker = new Worker(WORKER_URL, { workerData: job });
  const reply = new Promise<ParallelReply>((resolve) => {
    worker.once('message', (m: ParallelReply) => resolve(m));
    worker.once('error', (e) => resolve({ ok: false, message: String(e) }));
    worker.once('exit', (code) => resolve({ ok: false, message: `worker exited with ${code}` }));
  });
  return { reply, stop: () => void worker.terminate() };
}

/**
 * Joins the worker's part into the main thread's result, or reads the rest sequentially
 * when the split or the ids do not allow it. Returns whether the worker's part was used.
 */
export async function joinWorker(
  result: LoadResult,
  fileName: string,
  builder: ReportBuilder,
  worker: { reply: Promise<ParallelReply>; stop: () => void },
  timing: PhaseTimer = () => undefined,
): Promise<boolean> {
  const fr = result.files.find((f) => f.file === fileName)!;
  if (fr.end!.rest.length !== 0) {
    // The split fell inside a quoted field: the worker read from a wrong boundary.
    worker.stop();
    fr.resume!();
    return false;
  }
  builder.sortSamples(); // this thread's samples, while the worker may still be reading
  timing('sorted this thread\'s samples');
  const reply = await worker.reply;
  worker.stop();
  timing('waited for the worker');
  if (reply.ok) {
    timing('(worker: began reading, after the process started)', reply.began - performance.timeOrigin);
    timing('(worker: read its part)', reply.readMs);
  }
  if (!reply.ok || result.ids.mayShare(TicketIds.revive(reply.ids))) {
    // A worker error (its messages would carry part-relative lines) or an id on both sides of
    // the split: read the part here, so every message and rule is exactly the sequential one.
    fr.resume!();
    return false;
  }
  const offset = fr.end!.line - 1;
  builder.absorb(reply.state);
  timing('merged the worker\'s accumulators');
  fr.rows += reply.rows;
  fr.invalid += reply.invalid;
  for (const [k, n] of reply.placed) fr.placed.set(k, (fr.placed.get(k) ?? 0) + n);
  const shift = (p: RowProblem) => ({ ...p, line: p.line + offset });
  // The tickets file is read first: its problems come before those of the other files.
  const at = result.problems.findIndex((p) => p.file !== fileName);
  result.problems.splice(at < 0 ? result.problems.length : at, 0, ...reply.problems.map(shift));
  const rat = result.rejected.findIndex((r) => r.file !== fileName);
  result.rejected.splice(rat < 0 ? result.rejected.length : rat, 0, ...reply.rejected.map((r) => ({ ...r, line: r.line + offset, problems: r.problems.map(shift) })));
  return true;
}
