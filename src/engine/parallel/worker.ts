/**
 * The worker side of parallel.ts: claims segments of the tickets file from the back, reads
 * each apart into one builder, then hands back what a single read of its whole part (from
 * its first segment to the end of the file) would have given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RowProblem } from '../../errors.js';
import { BusinessClock, parseSchedule } from '../../time/business-hours.js';
import { timeParser } from '../../input/cells/date-format.js';
import { loadInputs } from '../../input/load.js';
import type { LoadResult, RowSink } from '../../input/load.js';
import { TicketIds } from '../../structures/ticket-ids.js';
import { TimeZone } from '../../time/time-zone.js';
import { ReportBuilder } from '../report-builder.js';
import type { Placement } from '../report-builder.js';
import { Claims, linesShifted, WORKER_OWNS } from './parallel.js';
import type { ParallelJob, ParallelReply } from './parallel.js';

interface SegmentResult {
  index: number;
  lines: number;
  /** Whether it ended on a record boundary (always, for the last segment: the end of the file). */
  boundary: boolean;
  result: LoadResult;
}

// Started early (prestart.ts), the worker gets its job as the first message.
const job = (workerData ?? (await new Promise((resolve) => parentPort!.once('message', resolve)))) as ParallelJob;
let reply: ParallelReply;
let transfer: ArrayBuffer[] = [];
try {
  const zone = TimeZone.of(job.zone);
  const clock = job.hours ? new BusinessClock(parseSchedule(job.hours.spec), new Set(job.hours.holidays), zone) : null;
  const builder = new ReportBuilder({ ...job.build, zone, by: [...job.by], clock: clock ? (a, b) => clock.seconds(a, b) : null });
  const read = { ...job.read, zone, parseTime: timeParser(job.dateFormats) };
  const sink: RowSink<Placement> = {
    ticket: (row, keys) => builder.addTicket(row, keys),
    answer: (row, keys) => builder.addAnswer(row, keys),
    customer: (row, keys) => builder.addCustomer(row, keys),
  };
  const claims = new Claims(job.claims);
  const { bounds } = job;
  const last = bounds.length - 2;
  const began = performance.now();
  const segments: SegmentResult[] = [];
  // Its own segments first (the last WORKER_OWNS), then whatever it can claim.
  const next = (k: number) => (k > last + 1 - WORKER_OWNS ? k - 1 : claims.back());
  for (let k: number | null = last; k !== null; k = next(k)) {
    const range = { ...job.file.part.range, from: bounds[k], to: k === last ? undefined : bounds[k + 1], firstLine: 1 };
    const result = loadInputs<Placement>(
      [{ ...job.file, part: { ...job.file.part, range } }],
      { read, rules: job.rules, join: job.join, duplicates: 'error', by: job.by, keepRejected: job.keepRejected },
      sink,
    );
    const end = result.files[0].end!;
    segments.push({ index: k, lines: end.line - 1, boundary: end.rest.length === 0, result });
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
  let rows = 0, invalid = 0, used = 0;
  const placed = new Map<string, number>();
  const problems: RowProblem[] = [];
  const dropped: RowProblem[] = [];
  const droppedCounts = new Map<string, number>();
  const rejected: LoadResult['rejected'] = [];
  for (const s of segments) {
    if (!s.boundary) return { ok: false, message: `segment ${s.index} ends inside a record` };
    const fr = s.result.files[0];
    if (ids === null) ids = s.result.ids;
    else if (!ids.append(s.result.ids, offset)) return { ok: false, message: `segment ${s.index} repeats an id of an earlier one` };
    rows += fr.rows;
    invalid += fr.invalid;
    used += fr.used;
    for (const [k, n] of fr.placed) placed.set(k, (placed.get(k) ?? 0) + n);
    for (const [k, n] of fr.dropped) droppedCounts.set(k, (droppedCounts.get(k) ?? 0) + n);
    const shifted = linesShifted(s.result, offset);
    for (const p of shifted.problems) problems.push(p);
    for (const p of shifted.dropped) dropped.push(p);
    for (const r of shifted.rejected) rejected.push(r);
    offset += s.lines;
  }
  // The builder's state is filled in by the caller, after sorting its samples.
  return {
    ok: true, state: null!, rows, invalid, used, placed: [...placed], problems, dropped, droppedCounts: [...droppedCounts], rejected, ids: ids!,
    from: segments.length === 0 ? size : job.bounds[segments[0].index], segments: segments.length, began: 0, readMs: 0,
  };
}
