/**
 * Reading one large tickets file on N threads: the main thread reads it from the front (and
 * then the other files), N − 1 worker threads from the back, each into its own
 * accumulators, merged at the end. The file is cut into segments at record starts; the
 * main thread claims the next segment from the front, each worker the next from the back,
 * through one shared counter, so the threads meet wherever their speeds put the meeting
 * point (this machine's cores drift by ±20 % from run to run, so a split fixed in advance
 * left one thread idle for up to a second). No thread waits for another to read.
 * The workers form a binary tree (worker w's parent is (w − 1) / 2): each takes in its
 * children's accumulators and parts as they finish, so the merges of one level run on as
 * many threads at once, and the main thread merges one worker's (worker 0's) result.
 * Exact, not approximate:
 * - the main thread's segments are one stream (its scanner goes on across them); each worker
 *   segment is read apart, and must end on a record boundary, as must the main thread's
 *   part (a cut inside a quoted multi-line field is not one); otherwise the workers' work is
 *   dropped and the main thread reads on (sequential fallback);
 * - a worker's adjacent segments, and adjacent parts of two workers, are joined only in file
 *   order (pieces.ts), their ticket ids checked against each other; the workers' whole part
 *   must then be one piece that starts where the main thread's ends, its ids checked against
 *   the main thread's. A duplicate across parts also falls back, so messages and the "first
 *   row stays" rule are as sequential;
 * - accumulators merge in any order (sums, sorted samples, groups reported in their own order);
 * - line numbers in the workers' problems are shifted by the lines before their pieces;
 * - rejected rows (--rejects) are written as they are met, in one thread's order: each
 *   worker's wait in its spool file until the line offsets of its pieces are known, the main
 *   thread's rows of the other files in another until the workers' are written
 *   (reject-spool.ts).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { RowProblem } from '../../errors.js';
import { shiftProblem } from '../../errors.js';
import { utf16Of } from '../../input/csv/read-csv.js';
import { recordStartIn } from '../../input/csv/record-start.js';
import { mergeObservations, shiftObservations } from '../../input/rows/observations.js';
import { KEPT_PROBLEMS, kindOf, loadInputs, readHeader } from '../../input/load.js';
import type { InputFile, LoadOptions, LoadResult, RejectSink, RowSink } from '../../input/load.js';
import type { ReadOptions } from '../../input/rows/row-types.js';
import type { DateFormats } from '../../input/cells/date-format.js';
import type { FileKind } from '../../input/header/columns.js';
import { mergeWhereStats } from '../../input/where.js';
import type { WhereClause } from '../../input/where.js';
import type { BuildOptions, BuilderState } from '../report-builder.js';
import type { ReportBuilder } from '../report-builder.js';
import { dropWorker, roomForWorkers, takeWorker, WORKER_URL, workersForSize } from './prestart.js';
import { reviveBundle } from './pieces.js';
import type { Bundle } from './pieces.js';
import { RejectSpool, replaySpool } from './reject-spool.js';

export { DEFAULT_PARALLEL_MIN_BYTES } from './prestart.js';

/** What a worker needs to rebuild the readers and the builder: plain data only (and its ports). */
export interface ParallelJob {
  /** The tickets file, with its header (the workers' segments have none). */
  file: InputFile & { part: { header: string[] } };
  /** Segment k is bytes [bounds[k], bounds[k + 1]); the last bound is the file size. */
  bounds: number[];
  /** Which segments are claimed (see Claims), shared by all threads. */
  claims: SharedArrayBuffer;
  /** This worker's number (0 …), which gives its own segments (ownedSegments) and its place in the merge tree. */
  worker: number;
  /** Where its result goes: its parent worker's port, or null for the main thread (worker 0). */
  parent: MessagePort | null;
  /** Its children's results come on these. */
  children: MessagePort[];
  zone: string;
  read: Omit<ReadOptions, 'zone' | 'parseTime'>;
  dateFormats: DateFormats | null;
  rules: LoadOptions['rules'];
  join: Readonly<Record<string, string[]>>;
  by: readonly string[];
  where: readonly WhereClause[];
  wanted: readonly string[];
  /** The spool file for this worker's rejected rows (--rejects), or null. */
  rejects: string | null;
  build: Pick<BuildOptions, 'from' | 'to' | 'previous' | 'period' | 'kpi' | 'listBreaches'>;
  hours: { spec: string; holidays: number[] } | null;
  /** Bytes and rows the workers have read (BigInt64 × 2), for the progress line; null without one. */
  progress: SharedArrayBuffer | null;
}

/** When a worker began reading (epoch ms), how long it read and merged its children's results, for CSM_KPI_TIMING. */
export interface WorkerTiming {
  worker: number;
  began: number;
  readMs: number;
  mergeMs?: number;
  segments: number;
}

/** A worker's result (with its children's in it): its accumulators and its pieces of the file. */
export type ParallelReply = { ok: true; state: BuilderState; bundle: Bundle; timing: WorkerTiming[] } | { ok: false; message: string };

export interface SplitPlan {
  index: number;
  bounds: number[];
  /** Bytes of the other files, which the main thread reads after its part. */
  others: number;
  /** Worker threads to start (threads − 1, fewer when the file has too few segments). */
  workers: number;
}

/** About 0.06 s of reading on this machine: how far apart the threads can finish. */
const SEGMENT_BYTES = 4 << 20;

/**
 * Where to cut, or null for one thread: only one tickets file, large enough, options
 * that need no cross-row state beyond ids (no first/last de-duplication, no survey joins).
 */
export function planSplit(
  files: readonly { file: InputFile; kind: FileKind }[],
  options: Pick<LoadOptions, 'duplicates' | 'by' | 'where'>,
  threads: number,
  minBytes: number,
  header: { fields: number; delimiter: string } | null = null,
): SplitPlan | null {
  if (threads < 2 || options.duplicates !== 'error' || !existsSync(fileURLToPath(WORKER_URL))) return null;
  threads = Math.min(threads, MAX_THREADS);
  const tickets = files.map((f, i) => ({ ...f, i })).filter((f) => f.kind === 'tickets');
  if (tickets.length !== 1) return null;
  if ((options.by.length > 0 || (options.where?.length ?? 0) > 0) && files.some((f) => f.kind === 'surveys')) return null;
  const size = statSync(tickets[0].file.path).size;
  if (size < minBytes) return null;
  // At least 8 segments, and room for every worker's own and as many again to claim, so that
  // small files (the tests') cross several boundaries too.
  const count = Math.min(MAX_SEGMENTS, Math.max(8, 2 * WORKER_OWNS * (threads - 1) + 2, Math.ceil(size / SEGMENT_BYTES)));
  const bounds = [0];
  const fd = openSync(tickets[0].file.path, 'r');
  try {
    // UTF-16 is read as a stream turned into UTF-8: its bytes cannot be cut at a newline byte.
    const head = Buffer.alloc(8192);
    if (utf16Of(head.subarray(0, readSync(fd, head, 0, head.length, 0))) !== null) return null;
    for (let k = 1; k < count; k++) {
      const from = Math.max(Math.floor((size * k) / count), bounds[bounds.length - 1]);
      // A record start (not inside a quoted multi-line field) when one is found near, else a line start.
      const at = (header && recordStart(fd, from, size, header.fields, header.delimiter.charCodeAt(0))) ?? nextLineStart(fd, from);
      if (at === null || at >= size) break;
      if (at > bounds[bounds.length - 1]) bounds.push(at);
    }
  } finally {
    closeSync(fd);
  }
  bounds.push(size);
  // Segment 0 (with the header) is the main thread's; each worker owns WORKER_OWNS of the rest.
  const workers = Math.min(threads - 1, workersForSize(size, minBytes), Math.floor((bounds.length - 2) / WORKER_OWNS));
  if (workers < 1) return null;
  const others = files.filter((f) => f.kind !== 'tickets').reduce((n, f) => n + statSync(f.file.path).size, 0);
  return { index: tickets[0].i, bounds, others, workers };
}

/** More threads read as this many: each worker is an isolate with its own heap (tens of MB), and the claims word holds 2^14 segments. */
export const MAX_THREADS = 64;

/** Segments each worker reads whatever happens (see loadInputsThreaded). */
export const WORKER_OWNS = 2;

/**
 * Worker w's own segments, in the order it reads them (last segment index `last`): two
 * adjacent ones from the back, worker 0's last, so that each worker joins segments it read
 * and the tree joins pieces of different workers.
 */
export function ownedSegments(last: number, w: number): number[] {
  const hi = last - WORKER_OWNS * w;
  return Array.from({ length: WORKER_OWNS }, (_, k) => hi - k);
}

/** Segment indexes live in 15 bits of the shared claims word. */
const MAX_SEGMENTS = 1 << 14;

/**
 * The claims word: the next segment from the front (low 16 bits, the main thread's) and
 * the first segment claimed from the back (high bits, the workers'). A segment goes to
 * whichever thread's compare-and-swap moves its end first; they stop when the two meet.
 */
export class Claims {
  private readonly word: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.word = new Int32Array(buffer);
  }

  /** Claims for segments 0..segments−1, the last `owned` of them the workers' from the start. */
  static create(segments: number, owned: number): Claims {
    const c = new Claims(new SharedArrayBuffer(4));
    Atomics.store(c.word, 0, (segments - owned) << 16);
    return c;
  }

  /**
   * The next segment from the front, or null when none is left, or when what is left
   * (bytes between the two ends) is no more than `reserve`: the main thread stops there
   * to read the other files while the workers read that much.
   */
  front(bounds: readonly number[], reserve: number): number | null {
    for (;;) {
      const s = Atomics.load(this.word, 0);
      const f = s & 0xffff, b = s >>> 16;
      if (f >= b || (f > 0 && bounds[b] - bounds[f] <= reserve)) return null;
      if (Atomics.compareExchange(this.word, 0, s, (f + 1) | (b << 16)) === s) return f;
    }
  }

  /** The next segment from the back (for any of the workers), or null when the front has reached it. */
  back(): number | null {
    for (;;) {
      const s = Atomics.load(this.word, 0);
      const f = s & 0xffff, b = s >>> 16;
      if (b <= f) return null;
      if (Atomics.compareExchange(this.word, 0, s, f | ((b - 1) << 16)) === s) return b - 1;
    }
  }
}

/** How far recordStart looks for a record start (a few records, even long multi-line ones). */
const RESYNC_WINDOW = 1 << 16;

/** The first record start after a line break at or after at (record-start.ts), within RESYNC_WINDOW bytes, or null. */
function recordStart(fd: number, at: number, size: number, fields: number, delimiter: number): number | null {
  const buf = Buffer.allocUnsafe(RESYNC_WINDOW);
  const got = readSync(fd, buf, 0, buf.length, at);
  const k = recordStartIn(buf, 0, got, fields, delimiter, at + got >= size);
  return k < 0 ? null : at + k;
}

/** The offset just after the first newline at or after at, in the open file fd. */
function nextLineStart(fd: number, at: number): number | null {
  const buf = Buffer.allocUnsafe(1 << 16);
  for (let pos = at; ; pos += buf.length) {
    const got = readSync(fd, buf, 0, buf.length, pos);
    if (got === 0) return null;
    const nl = buf.subarray(0, got).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
  }
}

export interface ThreadOptions {
  threads: number;
  minBytes: number;
  /** What the workers need besides the file and the load options. */
  job: Omit<ParallelJob, 'file' | 'bounds' | 'claims' | 'worker' | 'parent' | 'children' | 'rules' | 'join' | 'by' | 'where' | 'wanted' | 'rejects' | 'progress'>;
  timing: PhaseTimer;
  /** Where the spool files of rejected rows go (beside --rejects, whose size they share); the system's temp directory when null. */
  scratch: string | null;
}

/** An empty file made exclusively in dir for a spool (removed by the caller). */
function spoolFile(dir: string, what: string): string {
  const path = join(dir, `.csm-kpi-rejects.${randomBytes(6).toString('hex')}.${what}`);
  closeSync(openSync(path, 'wx', 0o600));
  return path;
}

/** Prints a phase's time (since the last phase, or ms when given) for CSM_KPI_TIMING. */
export type PhaseTimer = (phase: string, ms?: number) => void;

/**
 * loadInputs, with the back segments of one large tickets file read by worker threads
 * when planSplit allows it; the result is the one a single thread would give.
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
          headerOfTickets(files, options),
        )
      : null;
  if (plan === null) {
    dropWorker();
    const result = loadInputs(files, options, sink);
    t.timing('read');
    return result;
  }
  const file = files[plan.index];
  const header = readHeader(file);
  const { bounds } = plan;
  const rejects = options.rejects;
  const spools: string[] = [];
  try {
    // With --rejects: each worker's rows wait in a spool, the rows of the other files (read
    // here while the workers read) in another, so that the rejects file has one thread's order.
    const workerSpools = Array.from({ length: plan.workers }, () => (rejects ? spoolFile(t.scratch ?? tmpdir(), 'worker') : null));
    for (const p of workerSpools) if (p) spools.push(p);
    const spillPath = rejects ? spoolFile(t.scratch ?? tmpdir(), 'others') : null;
    if (spillPath) spools.push(spillPath);
    const spill = spillPath ? new RejectSpool(spillPath) : null;
    // The last WORKER_OWNS segments of each worker are its own whatever its start-up time: on
    // a small file the main thread would otherwise take every segment before the workers run,
    // and the merging path would go untried (the tests' files are small). Segment 0 has the header: ours.
    const claims = Claims.create(bounds.length - 1, WORKER_OWNS * plan.workers);
    claims.front(bounds, plan.others);
    const progress = options.progress?.also ? new SharedArrayBuffer(16) : null;
    if (progress) {
      const counts = new BigInt64Array(progress);
      options.progress!.also!(() => ({ bytes: Number(Atomics.load(counts, 0)), rows: Number(Atomics.load(counts, 1)) }));
    }
    const workers = startWorkers(plan.workers, (w) => ({
      ...t.job,
      file: { ...file, part: { range: { from: 0, delimiter: header.delimiter }, header: header.fields } },
      bounds,
      claims: claims.buffer,
      worker: w,
      rules: options.rules,
      join: options.join,
      by: options.by,
      where: options.where ?? [],
      wanted: options.wanted ?? [],
      rejects: workerSpools[w],
      progress,
    }));
    // Early-started workers this job does not use (fewer workers than threads − 1: a file with few segments).
    dropWorker();
    let result: LoadResult;
    try {
      const extend = () => {
        const k = claims.front(bounds, plan.others);
        return k === null ? null : bounds[k + 1];
      };
      const routed: RejectSink | undefined = rejects && { reject: (r) => (r.file === file.name ? rejects : spill!).reject(r) };
      result = loadInputs(
        files.map((f, i) => (i === plan.index ? { ...f, part: { range: { from: 0, to: bounds[1], extend } } } : f)),
        { ...options, rejects: routed },
        sink,
      );
      t.timing('read (this thread)');
    } catch (e) {
      workers.stop();
      spill?.close();
      throw e;
    }
    const joined = await joinWorkers(result, file.name, bounds, builder, workers, t.timing, rejects ?? null);
    if (!joined) t.timing('workers\' part dropped, read here');
    if (spill) {
      const end = spill.offset();
      spill.close();
      replaySpool(spillPath!, spill.sources, [{ from: 0, to: end, shift: 0 }], rejects!);
    }
    return result;
  } finally {
    for (const p of spools) rmSync(p, { force: true });
  }
}

/** The field count and delimiter of the one tickets file's header (for planSplit's record starts), or null. */
function headerOfTickets(files: InputFile[], options: LoadOptions): { fields: number; delimiter: string } | null {
  const tickets = files.filter((f) => kindOf(f, readHeader(f), options) === 'tickets');
  if (tickets.length !== 1) return null;
  const h = readHeader(tickets[0]);
  return { fields: h.fields.length, delimiter: h.delimiter };
}

/** The workers reading and merging, as the main thread sees them: worker 0's result (with every other's in it). */
export interface Workers {
  reply: Promise<ParallelReply>;
  stop: () => void;
}

/**
 * Starts n workers, linked as a binary tree (worker w's children are 2w + 1 and 2w + 2):
 * each sends its result to its parent, worker 0 to this thread. A worker that fails or
 * exits before it has sent its result fails the whole (its parent would wait for ever).
 */
export function startWorkers(n: number, jobOf: (w: number) => Omit<ParallelJob, 'parent' | 'children'>): Workers {
  const parents: (MessagePort | null)[] = [null];
  const children: MessagePort[][] = Array.from({ length: n }, () => []);
  for (let w = 1; w < n; w++) {
    const { port1, port2 } = new MessageChannel();
    parents.push(port1);
    children[(w - 1) >> 1].push(port2);
  }
  const started: Worker[] = [];
  roomForWorkers(n);
  let fail!: (message: string) => void;
  const failed = new Promise<ParallelReply>((resolve) => (fail = (message) => resolve({ ok: false, message })));
  let root!: Promise<ParallelReply>;
  for (let w = 0; w < n; w++) {
    const job: ParallelJob = { ...jobOf(w), parent: parents[w], children: children[w] };
    const ports = [...(parents[w] ? [parents[w]!] : []), ...children[w]];
    // A worker bin/csm-kpi.js started early (see prestart.ts) gets its job as a message.
    let worker = takeWorker();
    if (worker !== null) {
      worker.ref();
      worker.postMessage(job, ports);
    } else worker = new Worker(WORKER_URL, { workerData: job, transferList: ports });
    started.push(worker);
    let done = false;
    const message = new Promise<ParallelReply>((resolve) => worker.once('message', (m: ParallelReply | { done: true }) => {
      done = true;
      if (!('done' in m)) resolve(m);
    }));
    if (w === 0) root = message;
    worker.once('error', (e) => fail(String(e)));
    worker.once('exit', (code) => {
      if (!done) fail(`worker ${w} exited with ${code}`);
    });
  }
  return { reply: Promise.race([root, failed]), stop: () => started.forEach((w) => void w.terminate()) };
}

/**
 * Joins the workers' part into the main thread's result, or reads the rest sequentially
 * when the cut between the parts or the ids do not allow it. Returns whether the workers' part was used.
 */
export async function joinWorkers(
  result: LoadResult,
  fileName: string,
  bounds: readonly number[],
  builder: ReportBuilder,
  workers: Workers,
  timing: PhaseTimer = () => undefined,
  rejects: RejectSink | null = null,
): Promise<boolean> {
  const fr = result.files.find((f) => f.file === fileName)!;
  if (fr.end!.rest.length !== 0) {
    // This thread's part ended inside a quoted field: the first worker segment began at a wrong boundary.
    workers.stop();
    fr.resume!();
    return false;
  }
  builder.sortSamples(); // this thread's samples, while the workers may still be reading
  timing('sorted this thread\'s samples');
  const reply = await workers.reply;
  workers.stop();
  timing('waited for the workers');
  if (reply.ok) {
    for (const w of [...reply.timing].sort((a, b) => a.worker - b.worker)) {
      timing(`(worker ${w.worker}: began reading, after the process started)`, w.began - performance.timeOrigin);
      timing(`(worker ${w.worker}: read its part, ${w.segments} segment${w.segments === 1 ? '' : 's'})`, w.readMs);
      if (w.mergeMs !== undefined && w.mergeMs > 0) timing(`(worker ${w.worker}: merged its children's results)`, w.mergeMs);
    }
  }
  // After the tree's joins the workers' part is one piece, from where this thread stopped to the end of the file.
  const piece = reply.ok && reply.bundle.pieces.length === 1 ? reviveBundle(reply.bundle).pieces[0] : null;
  const why = !reply.ok
    ? reply.message
    : piece === null
      ? 'the workers\' parts do not join'
      : bounds[piece.first] !== fr.end!.offset || piece.last !== bounds.length - 2
        ? 'the parts do not meet'
        : result.ids.shares(piece.ids)
          ? 'an id may be on both sides'
          : null;
  if (!reply.ok || piece === null || why !== null) {
    // A worker error or doubt (a segment ending inside a record, two of their segments sharing an id),
    // or an id on both sides of the cut: read the part here, so every message and rule is
    // exactly the sequential one.
    timing(`(worker part dropped: ${why})`, 0);
    fr.resume!();
    return false;
  }
  const offset = fr.end!.line - 1;
  builder.absorb(reply.state);
  timing('merged the workers\' accumulators');
  fr.rows += piece.rows;
  fr.invalid += piece.invalid;
  fr.used += piece.used;
  for (const [k, n] of piece.placed) fr.placed.set(k, (fr.placed.get(k) ?? 0) + n);
  const own = fr.observe;
  const theirs = shiftObservations(piece.observed, offset);
  fr.observe = () => mergeObservations(own(), theirs);
  for (const [k, n] of piece.droppedCounts) fr.dropped.set(k, (fr.dropped.get(k) ?? 0) + n);
  if (result.where && piece.where) mergeWhereStats(result.where, piece.where);
  // Dropped fields in one thread's order: the tickets file's (this part, then the workers') before the other files'.
  const later = shiftLines(piece.dropped, offset);
  const dat = result.dropped.findIndex((p) => p.file !== fileName);
  result.dropped = dat < 0 ? result.dropped.concat(later) : result.dropped.slice(0, dat).concat(later, result.dropped.slice(dat));
  // The tickets file's problems: this thread's part, then the workers', the first KEPT_PROBLEMS of them.
  fr.problems = fr.problems.concat(shiftLines(piece.problems.slice(0, KEPT_PROBLEMS - fr.problems.length), offset));
  fr.problemCount += piece.problemCount;
  if (rejects) {
    // Range by range in file order, each from its worker's spool.
    for (const r of piece.ranges) {
      const spool = reply.bundle.spools[r.spool];
      replaySpool(spool.path, spool.sources, [{ from: r.from, to: r.to, shift: r.shift + offset }], rejects);
    }
  }
  return true;
}

/** Problems of a part read apart, their lines (and the lines they name) moved by offset (the lines before the part). */
export function shiftLines(problems: readonly RowProblem[], offset: number): RowProblem[] {
  return problems.map((p) => shiftProblem(p, offset));
}
