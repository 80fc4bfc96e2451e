/**
 * Rejected rows parked on disk while the two threads read, to be handed to --rejects later
 * in the order one thread would have met them. The worker's rows wait for the line offset
 * of its part (known only when both parts are read); the main thread's rows of the other
 * files wait for the worker's. Each row is one JSON line (JSON never holds a raw line
 * break), replayed range by range with its lines shifted: memory stays a chunk, whatever
 * the number of rows.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { RowProblem } from '../../errors.js';
import { shiftProblem } from '../../errors.js';
import type { RejectedRow, RejectSink } from '../../input/load.js';

/** The file and header of spooled rows (stored once, rows refer to them by index). */
export interface SpoolSource {
  file: string;
  header: string[];
}

/** Bytes [from, to) of a spool file, whose rows' lines are shifted by shift when replayed. */
export interface SpoolRange {
  from: number;
  to: number;
  shift: number;
}

type SpooledRow = [source: number, line: number, fields: string[], problems: [line: number, column: string, message: string, value: string | null, ref?: { file: string; line: number }][]];

const FLUSH_BYTES = 1 << 20;

/** Appends rejected rows to a file (created beforehand, exclusively, by the main thread). */
export class RejectSpool implements RejectSink {
  readonly sources: SpoolSource[] = [];
  private readonly fd: number;
  private pending: string[] = [];
  private pendingLength = 0;
  private written = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }

  reject(row: RejectedRow): void {
    let s = this.sources.length - 1;
    if (s < 0 || this.sources[s].file !== row.file || this.sources[s].header !== row.header) {
      s = this.sources.findIndex((x) => x.file === row.file && x.header === row.header);
      if (s < 0) s = this.sources.push({ file: row.file, header: row.header }) - 1;
    }
    const spooled: SpooledRow = [s, row.line, row.fields, row.problems.map((p) => (p.ref === undefined ? [p.line, p.column, p.message, p.value] : [p.line, p.column, p.message, p.value, p.ref]))];
    const text = JSON.stringify(spooled) + '\n';
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
    this.written += bytes.length;
  }

  /** The bytes written so far (everything before is on disk): where the next range starts. */
  offset(): number {
    this.flush();
    return this.written;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Hands the rows of the given ranges of a spool file to sink, in order, their lines shifted. */
export function replaySpool(path: string, sources: readonly SpoolSource[], ranges: readonly SpoolRange[], sink: RejectSink): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(FLUSH_BYTES);
    for (const { from, to, shift } of ranges) {
      let carry: Buffer = Buffer.alloc(0);
      for (let pos = from; pos < to; ) {
        const got = readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
        if (got === 0) throw new Error(`rejected rows spool ends at byte ${pos}, before ${to}`);
        pos += got;
        // Rows end with \n (one byte, never inside a UTF-8 sequence): decode up to the last one.
        const end = buf.lastIndexOf(10, got - 1);
        if (end < 0) {
          carry = Buffer.concat([carry, buf.subarray(0, got)]);
          continue;
        }
        const text = Buffer.concat([carry, buf.subarray(0, end)]).toString('utf8');
        carry = Buffer.from(buf.subarray(end + 1, got));
        for (const line of text.split('\n')) {
          const [s, at, fields, problems] = JSON.parse(line) as SpooledRow;
          const { file, header } = sources[s];
          sink.reject({
            file,
            line: at + shift,
            header,
            fields,
            // The line a problem names (a duplicate's first row) moves with it: shiftProblem.
            problems: problems.map(([l, column, message, value, ref]): RowProblem => shiftProblem(ref === undefined ? { file, line: l, column, message, value } : { file, line: l, column, message, value, ref }, shift)),
          });
        }
      }
      if (carry.length !== 0) throw new Error('rejected rows spool ends inside a row');
    }
  } finally {
    closeSync(fd);
  }
}
