import type { Context } from '../context.js';
import { CsmError, formatProblem } from '../errors.js';
import type { RowProblem } from '../errors.js';
import type { LoadResult } from '../input/load.js';
import { csvLine } from '../output/to-csv.js';
import { writeFileAtomic } from '../output/write-file.js';

export const MAX_LISTED_PROBLEMS = 20;

/** Prints up to 20 problems, one a line, and how many more there were. */
export function printProblems(ctx: Context, problems: readonly RowProblem[]): void {
  for (const p of problems.slice(0, MAX_LISTED_PROBLEMS)) ctx.stderr.write(formatProblem(p) + '\n');
  if (problems.length > MAX_LISTED_PROBLEMS) ctx.stderr.write(`… and ${problems.length - MAX_LISTED_PROBLEMS} more problems\n`);
}

export function invalidRowCount(result: LoadResult): number {
  return result.files.reduce((n, f) => n + f.invalid, 0);
}

/** The rejected rows, with their file, line and reason, as CSV (--rejects FILE). */
export function writeRejects(path: string, result: LoadResult): void {
  let out = csvLine(['file', 'line', 'reason', 'record']);
  for (const r of result.rejected) {
    const reason = r.problems.map((p) => `${p.column}: ${p.message}${p.value === null ? '' : ` (${JSON.stringify(p.value)})`}`).join('; ');
    out += csvLine([r.file, r.line, reason, r.fields.map((f) => csvLine([f]).slice(0, -1)).join(',')]);
  }
  writeFileAtomic(path, out);
}

/**
 * Unless skipInvalid, any invalid row fails the run with the problems listed, so no
 * report is ever computed on partial data. Writes --rejects either way.
 */
export function checkInvalid(ctx: Context, result: LoadResult, behaviour: { skipInvalid: boolean; rejects?: string }): LoadResult {
  const invalid = invalidRowCount(result);
  if (behaviour.rejects) writeRejects(behaviour.rejects, result);
  if (invalid === 0) return result;
  printProblems(ctx, result.problems);
  if (!behaviour.skipInvalid) {
    throw new CsmError(
      'CSM_ROWS_INVALID',
      `${invalid} invalid row${invalid === 1 ? '' : 's'}: nothing computed. Fix them, or compute on the valid rows with --skip-invalid (--rejects FILE saves the bad rows).`,
    );
  }
  ctx.stderr.write(`warning: ${invalid} invalid row${invalid === 1 ? '' : 's'} skipped (--skip-invalid); inputs[].skipped counts them\n`);
  return result;
}
