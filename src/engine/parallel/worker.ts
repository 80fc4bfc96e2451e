/**
 * The worker side of parallel.ts: claims segments of the tickets file from the back, reads
 * each apart into one builder, then hands back what a single read of its whole part (from
 * its first segment to the end of the file) would have given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RowProblem } from '../../errors.js';
import { BusinessClock, parseSchedule } from '../../time/business-hours.js';
import { timeParser } from '../../input/cells/date-format.js';
import { KEPT_PROBLEMS, loadInputs } from '../../input/load.js';
import type { LoadResult, RowSink } from '../../input/load.js';
import { TicketIds } from '../../structures/ticket-ids.js';
import { emptyWhereStats, mergeWhereStats } from '../../input/where.js';
import { emptyObservations, mergeObservations, shiftObservations } from '../../input/rows/observations.js';
import { TimeZone } from '../../time/time-zone.js';
import { ReportBuilder } from '../report-builder.js';
import type { Placement } from '../report-builder.js';
import { Claims, shiftLines, WORKER_OWNS } from './parallel.js';
import type { ParallelJob, ParallelReply } from './parallel.js';
import { RejectSpool } from './reject-spool.js';
import type { SpoolRange } from './reject-spool.js';

interface SegmentResult {
  index: number;
  lines: number;
  /** Whether it ended on a record boundary (always, for the last segment: the end of the file). */
  boundary: boolean;
  result: LoadResult;
  /** Its rejected rows: bytes [from, to) of the spool. */
  spooled: { from: number; to: number };
}

// Started early (prestart.ts), the worker gets its job as the first message.
const job = (workerData ?? (await new Promise((resolve) => parentPort!.once('message', resolve)))) as ParallelJob;
let reply: ParallelReply;
let transfer: ArrayBuffer[] = [];
let spool: RejectSpool | null = null;
try {
  spool = job.rejects === null ? null : new RejectSpool(job.rejects);
  const zone = TimeZone.of(job.zone);
  const clock = job.hours ? new BusinessClock(parseSchedule(job.hours.spec), new Set(job.hours.holidays), zone) : null;
  const builder = new ReportBuilder({ ...job.build, zone, by: [...job.by], clock: clock ? (a, b) => clock.seconds(a, b) : null });
  const read = { ...job.read, zone, parseTime: timeParser(job.dateFormats) };
  const sink: RowSink<Placement> = {
    ticket: (row, keys) => builder.addTicket(row, keys),
    answer: (row, keys) => builder.addAnswer(row, keys),
    customer: (row, keys) => builder.addCustomer(row, keys),
  };
  // The main thread's progress line reads what this thread has read from shared memory.
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
  const segments: SegmentResult[] = [];
  // Its own segments first (the last WORKER_OWNS), then whatever it can claim.
  const next = (k: number) => (k > last + 1 - WORKER_OWNS ? k - 1 : claims.back());
  for (let k: number | null = last; k !== null; k = next(k)) {
    const range = { ...job.file.part.range, from: bounds[k], to: k === last ? undefined : bounds[k + 1], firstLine: 1 };
    const from = spool?.offset() ?? 0;
    const result = loadInputs<Placement>(
      [{ ...job.file, part: { ...job.file.part, range } }],
      { read, rules: job.rules, join: job.join, duplicates: 'error', by: job.by, rejects: spool ?? undefined, progress, where: job.where, wanted: job.wanted },
      sink,
    );
    const end = result.files[0].end!;
    segments.push({ index: k, lines: end.line - 1, boundary: end.rest.length === 0, result, spooled: { from, to: spool?.offset() ?? 0 } });
    // A segment that ends inside a record (a quoted field with line breaks) dooms this part:
    // claim no more; the main thread reads on and, at the join, reads the rest itself.
    if (end.rest.length !== 0 && k !== last) break;
  }
  const readMs = performance.now() - began;
  reply = combine(segments.sort((a, b) => a.index - b.index), bounds[bounds.length - 1]);
  if (reply.ok) {
    builder.sortSamples();
    reply.state = builder.state();
    reply.began = performance.timeOrigin + began;
    reply.readMs = readMs;
    transfer = builder.buffers();
  }
  spool?.close();
} catch (e) {
  reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
}
// Transfer the big buffers (samples, id and customer tables) rather than copy them.
parentPort!.postMessage(reply, reply.ok ? [...new Set([...transfer, ...reply.ids.buffers()])] : []);

/**
 * The segments (in file order) as one part: counts summed, lines made relative to the
 * part's start, ids appended in order. Not ok when a segment ended inside a record or two
 * segments may share an id: only a sequential read can tell what those rows are.
 */
function combine(segments: SegmentResult[], size: number): ParallelReply {
  let ids: TicketIds | null = segments.length === 0 ? new TicketIds() : null;
  let offset = 0;
  let rows = 0, invalid = 0, used = 0, problemCount = 0;
  const placed = new Map<string, number>();
  let problems: RowProblem[] = [];
  const ranges: SpoolRange[] = [];
  let observed = emptyObservations();
  let dropped: RowProblem[] = [];
  const droppedCounts = new Map<string, number>();
  const where = job.where.length > 0 ? emptyWhereStats(job.where) : null;
  for (const s of segments) {
    if (!s.boundary) return { ok: false, message: `segment ${s.index} ends inside a record` };
    const fr = s.result.files[0];
    if (ids === null) ids = s.result.ids;
    else if (!ids.append(s.result.ids, offset)) return { ok: false, message: `segment ${s.index} repeats an id of an earlier one` };
    rows += fr.rows;
    invalid += fr.invalid;
    used += fr.used;
    for (const [k, n] of fr.placed) placed.set(k, (placed.get(k) ?? 0) + n);
    if (problems.length < KEPT_PROBLEMS) problems = problems.concat(shiftLines(fr.problems.slice(0, KEPT_PROBLEMS - problems.length), offset));
    problemCount += fr.problemCount;
    observed = mergeObservations(observed, shiftObservations(fr.observe(), offset));
    for (const [k, n] of fr.dropped) droppedCounts.set(k, (droppedCounts.get(k) ?? 0) + n);
    if (where && s.result.where) mergeWhereStats(where, s.result.where);
    if (dropped.length < KEPT_PROBLEMS) dropped = dropped.concat(shiftLines(s.result.dropped.slice(0, KEPT_PROBLEMS - dropped.length), offset));
    if (s.spooled.to > s.spooled.from) ranges.push({ ...s.spooled, shift: offset });
    offset += s.lines;
  }
  // The builder's state is filled in by the caller, after sorting its samples.
  return {
    ok: true, state: null!, rows, invalid, used, placed: [...placed], problems, problemCount, rejects: spool && { sources: spool.sources, ranges }, observed, dropped, droppedCounts: [...droppedCounts], ids: ids!, where,
    from: segments.length === 0 ? size : job.bounds[segments[0].index], segments: segments.length, began: 0, readMs: 0,
  };
}
