import type { Context } from '../context.js';
import { CsmError, formatProblem } from '../errors.js';
import type { RowProblem } from '../errors.js';
import type { LoadResult } from '../input/load.js';
import { CUSTOMER_LIST_REQUIRED, REQUIRED } from '../input/header/columns.js';
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

/** Columns whose problem always invalidates the row (what the row is about); any other field could be left out alone. */
const ROW_COLUMNS = new Set(['(row)', ...Object.values(REQUIRED).flat(), ...CUSTOMER_LIST_REQUIRED, 'type']);

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
    const fieldLevel = result.problems.some((p) => !ROW_COLUMNS.has(p.column));
    throw new CsmError(
      'CSM_ROWS_INVALID',
      `${invalid} invalid row${invalid === 1 ? '' : 's'}: nothing computed. ` +
        (fieldLevel
          ? 'Fix them, compute on the valid rows with --skip-invalid, or keep the rows without their invalid fields with --invalid-fields drop_field (--rejects FILE saves the bad rows).'
          : 'Fix them, or compute on the valid rows with --skip-invalid (--rejects FILE saves the bad rows).'),
    );
  }
  ctx.stderr.write(`warning: ${invalid} invalid row${invalid === 1 ? '' : 's'} skipped (--skip-invalid); inputs[].skipped counts them\n`);
  return result;
}

/** The fields left out under invalid_fields "drop_field", per column over every file. */
export function droppedFieldCounts(result: LoadResult): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of result.files) for (const [c, n] of f.dropped) counts.set(c, (counts.get(c) ?? 0) + n);
  return counts;
}

/**
 * Fields left out under invalid_fields "drop_field": listed like problems, then one note
 * naming each column and how many, so a number computed without them never passes unseen.
 */
export function noteDroppedFields(ctx: Context, result: LoadResult): void {
  if (result.dropped.length === 0) return;
  printProblems(ctx, result.dropped);
  const counts = droppedFieldCounts(result);
  const n = result.dropped.length;
  ctx.stderr.write(
    `note: ${n} invalid field${n === 1 ? '' : 's'} left out (--invalid-fields drop_field): ${[...counts].map(([c, k]) => `${c} ${k}`).join(', ')}; ` +
      'their rows count in every other KPI (JSON: inputs[].dropped_fields, kpis.*.dropped)\n',
  );
}
