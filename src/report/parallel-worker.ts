/** The worker side of parallel.ts: reads its part of the tickets file into its own builder. */
import { parentPort, workerData } from 'node:worker_threads';
import { BusinessClock, parseSchedule } from '../input/business-hours.js';
import { compileDateFormat } from '../input/date-format.js';
import { loadInputs } from '../input/load.js';
import { TimeZone } from '../input/time-zone.js';
import { ReportBuilder } from './builder.js';
import type { Placement } from './builder.js';
import type { ParallelJob, ParallelReply } from './parallel.js';

const job = workerData as ParallelJob;
let reply: ParallelReply;
let transfer: ArrayBuffer[] = [];
try {
  const zone = TimeZone.of(job.zone);
  const clock = job.hours ? new BusinessClock(parseSchedule(job.hours.spec), new Set(job.hours.holidays), zone) : null;
  const builder = new ReportBuilder({ ...job.build, zone, by: [...job.by], clock: clock ? (a, b) => clock.seconds(a, b) : null });
  const read = { ...job.read, zone, parseTime: job.dateFormat ? compileDateFormat(job.dateFormat) : undefined };
  const began = performance.now();
  const result = loadInputs<Placement>(
    [job.file],
    { read, rename: job.rename, join: job.join, duplicates: 'error', by: job.by, keepRejected: job.keepRejected },
    {
      ticket: (row, keys) => builder.addTicket(row, keys),
      answer: (row, keys) => builder.addAnswer(row, keys),
      customer: (row, keys) => builder.addCustomer(row, keys),
    },
  );
  const fr = result.files[0];
  const readMs = performance.now() - began;
  builder.sortSamples();
  reply = {
    ok: true,
    state: builder.state(),
    rows: fr.rows,
    invalid: fr.invalid,
    placed: [...fr.placed],
    problems: result.problems,
    rejected: result.rejected,
    ids: result.ids,
    began: performance.timeOrigin + began,
    readMs,
  };
  transfer = builder.buffers();
} catch (e) {
  reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
}
// Transfer the big buffers (samples, id and customer tables) rather than copy them.
parentPort!.postMessage(reply, reply.ok ? [...new Set([...transfer, ...reply.ids.buffers()])] : []);
