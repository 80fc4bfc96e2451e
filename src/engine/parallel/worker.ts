/**
 * The worker side of parallel.ts: claims segments of the tickets file from the back (its
 * own first, then whatever the shared claims word gives it), reads each apart into one
 * builder, joins the runs of adjacent segments it read into pieces (pieces.ts), then
 * takes in its children's builders and pieces (the workers form a binary tree: the merges
 * of a level run on as many threads at once) and hands the whole up: to its parent worker,
 * or, for worker 0, to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { BusinessClock, parseSchedule } from '../../time/business-hours.js';
import { timeParser } from '../../input/cells/date-format.js';
import { loadInputs } from '../../input/load.js';
import type { RowSink } from '../../input/load.js';
import { TimeZone } from '../../time/time-zone.js';
import { ReportBuilder } from '../report-builder.js';
import type { BuilderState, Placement } from '../report-builder.js';
import { Claims, ownedSegments } from './parallel.js';
import type { ParallelJob, ParallelReply, WorkerTiming } from './parallel.js';
import { bundleBuffers, joinBundles, joinPieces, pieceOf, reviveBundle } from './pieces.js';
import type { Bundle, Piece } from './pieces.js';
import { RejectSpool } from './reject-spool.js';

// Started early (prestart.ts), the worker gets its job as the first message.
const job = (workerData ?? (await new Promise((resolve) => parentPort!.once('message', resolve)))) as ParallelJob;
let reply: ParallelReply;
let transfer: ArrayBuffer[] = [];
let spool: RejectSpool | null = null;
// The children's replies are awaited even when this worker failed: the main thread ends every worker then.
const children = job.children.map((port) => new Promise<ParallelReply>((resolve) => port.once('message', resolve)));
try {
  spool = job.rejects === null ? null : new RejectSpool(job.rejects);
  const zone = TimeZone.of(job.zone);
  const clock = job.hours ? new BusinessClock(parseSchedule(job.hours.spec), new Set(job.hours.holidays), zone) : null;
  const builder = new ReportBuilder({ ...job.build, zone, by: [...job.by], clock: clock ? (a, b) => clock.seconds(a, b) : null });
  const read = { ...job.read, zone, parseTime: timeParser(job.dateFormats) };
  const sink: RowSink<Placement> = {
    ticket: (row, keys) => builder.addTicket(row, keys),
    filteredTicket: (row) => builder.seeTicket(row),
    answer: (row, keys) => builder.addAnswer(row, keys),
    customer: (row, keys) => builder.addCustomer(row, keys),
  };
  // The main thread's progress line reads what the workers have read from shared memory.
  const counts = job.progress ? new BigInt64Array(job.progress) : null;
  const progress = counts
    ? {
        advance(bytes: number, rows: number) {
          Atomics.add(counts, 0, BigInt(bytes));
          Atomics.add(counts, 1, BigInt(rows));
        },
      }
    : undefined;
  const claims = new Claims(job.claims);
  const { bounds } = job;
  const last = bounds.length - 2;
  const began = performance.now();
  const pieces: Piece[] = [];
  let failed: string | null = null;
  // Its own segments first (ownedSegments), then whatever it can claim.
  const own = ownedSegments(last, job.worker);
  let taken = 0;
  for (let k: number | null = own[0]; k !== null; k = taken < own.length ? own[taken] : claims.back()) {
    taken++;
    const range = { ...job.file.part.range, from: bounds[k], to: k === last ? undefined : bounds[k + 1], firstLine: 1 };
    const from = spool?.offset() ?? 0;
    const result = loadInputs<Placement>(
      [{ ...job.file, part: { ...job.file.part, range } }],
      { read, rules: job.rules, join: job.join, duplicates: 'error', by: job.by, rejects: spool ?? undefined, progress, where: job.where, wanted: job.wanted },
      sink,
    );
    const end = result.files[0].end!;
    // A segment that ends inside a record (a quoted field with line breaks) dooms the parallel
    // read: claim no more; the main thread reads on and, at the join, reads the rest itself.
    if (end.rest.length !== 0 && k !== last) {
      failed = `segment ${k} ends inside a record`;
      break;
    }
    pieces.push(pieceOf(k, result, end.line - 1, spool ? { from, to: spool.offset() } : null));
  }
  const readMs = performance.now() - began;
  const timing: WorkerTiming[] = [{ worker: job.worker, began: performance.timeOrigin + began, readMs, segments: taken }];
  // Runs of adjacent segments joined (in file order; segments were read back to front).
  let bundle: Bundle | null = null;
  if (failed === null) {
    bundle = { pieces: [], spools: spool ? [{ path: job.rejects!, sources: spool.sources }] : [] };
    for (const p of pieces.sort((a, b) => a.first - b.first)) {
      const prev = bundle.pieces[bundle.pieces.length - 1];
      const joined = prev !== undefined && prev.last + 1 === p.first ? joinPieces(prev, p) : p;
      if (joined === null) {
        failed = `segment ${p.first} repeats an id of an earlier one`;
        break;
      }
      if (joined === p) bundle.pieces.push(p);
      else bundle.pieces[bundle.pieces.length - 1] = joined;
    }
  }
  spool?.close();
  // Sorted here, each thread its own samples at once: sorted samples merge in one pass.
  builder.sortSamples();
  let mergeMs = 0;
  for (const child of children) {
    const r = await child;
    const t0 = performance.now();
    if (!r.ok) failed ??= r.message;
    else {
      timing.push(...r.timing);
      if (failed === null) {
        builder.absorb(r.state);
        bundle = joinBundles(bundle!, reviveBundle(r.bundle));
        if (bundle === null) failed = 'an id may be in two workers\' parts';
      }
    }
    mergeMs += performance.now() - t0;
  }
  timing[0].mergeMs = mergeMs;
  if (failed !== null) reply = { ok: false, message: failed };
  else {
    const state: BuilderState = builder.state();
    reply = { ok: true, state, bundle: bundle!, timing };
    transfer = [...builder.buffers(), ...bundleBuffers(bundle!)];
  }
} catch (e) {
  reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
}
// Transfer the big buffers (samples, id and customer tables) rather than copy them.
const up: MessagePort | typeof parentPort = job.parent ?? parentPort;
up!.postMessage(reply, reply.ok ? [...new Set(transfer)] : []);
// The main thread learns that this worker is done (a worker that exits before this failed).
if (job.parent) parentPort!.postMessage({ done: true });
for (const port of job.children) port.close();
job.parent?.close();
