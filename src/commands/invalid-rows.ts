import { dirname } from 'node:path';
import type { Context } from '../context.js';
import { CsmError, formatProblem } from '../errors.js';
import { firstProblems } from '../input/load.js';
import type { LoadResult, RejectedRow, RejectSink } from '../input/load.js';
import { escapeControls } from '../escape-controls.js';
import { csvLine, quoteCsv } from '../output/to-csv.js';
import { AtomicFile } from '../output/write-file.js';

/** Prints the first problems (up to 20), one a line, and how many more there were. */
export function printProblems(ctx: Context, result: LoadResult): void {
  const { problems, more } = firstProblems(result);
  for (const p of problems) ctx.stderr.write(formatProblem(p) + '\n');
  if (more > 0) ctx.stderr.write(`… and ${more} more problems\n`);
}

export function invalidRowCount(result: LoadResult): number {
  return result.files.reduce((n, f) => n + f.invalid, 0);
}

/**
 * --rejects FILE: the invalid rows with their file, line and reason, as CSV, written as
 * they are met (never collected), into a file that appears whole when the run commits it.
 * The record column is the row re-quoted as CSV; control characters are escaped and a
 * cell that would start a formula gets a leading ' (to-csv.ts), as in every CSV written.
 */
export class RejectsFile implements RejectSink {
  private readonly file: AtomicFile;

  /** path: resolved; name: as the user gave it. */
  constructor(path: string, name: string) {
    if (name === '-') throw new CsmError('CSM_USAGE', '--rejects -: standard output carries the report; give --rejects a file');
    this.file = new AtomicFile(path, name);
    this.file.write(csvLine(['file', 'line', 'reason', 'record']));
  }

  /** The directory the file is written in (through symlinks): room for temporary files of the same size. */
  get dir(): string {
    return dirname(this.file.target);
  }

  reject(r: RejectedRow): void {
    const reason = r.problems.map((p) => `${p.column}: ${p.message}${p.value === null ? '' : ` (${JSON.stringify(p.value)})`}`).join('; ');
    const record = r.fields.map((f) => quoteCsv(escapeControls(f, { keepLayout: true }))).join(',');
    this.file.write(csvLine([r.file, r.line, reason, record]));
  }

  commit(): void {
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

/**
 * Unless skipInvalid, any invalid row fails the run with the problems listed, so no
 * report is ever computed on partial data. (--rejects is written either way, by then.)
 */
export function checkInvalid(ctx: Context, result: LoadResult, behaviour: { skipInvalid: boolean }): LoadResult {
  const invalid = invalidRowCount(result);
  if (invalid === 0) return result;
  printProblems(ctx, result);
  if (!behaviour.skipInvalid) {
    throw new CsmError(
      'CSM_ROWS_INVALID',
      `${invalid} invalid row${invalid === 1 ? '' : 's'}: nothing computed. Fix them, or compute on the valid rows with --skip-invalid (--rejects FILE saves the bad rows).`,
    );
  }
  ctx.stderr.write(`warning: ${invalid} invalid row${invalid === 1 ? '' : 's'} skipped (--skip-invalid); inputs[].skipped counts them\n`);
  return result;
}
