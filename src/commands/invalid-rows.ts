import { dirname } from 'node:path';
import type { Context } from '../context.js';
import { CsmError, formatProblem } from '../errors.js';
import type { RowProblem } from '../errors.js';
import { firstProblems, KEPT_PROBLEMS } from '../input/load.js';
import type { LoadResult, RejectedRow, RejectSink } from '../input/load.js';
import { escapeControls } from '../escape-controls.js';
import { csvLine, quoteCsv } from '../output/to-csv.js';
import { AtomicFile } from '../output/write-file.js';
import { CUSTOMER_LIST_REQUIRED, REQUIRED } from '../input/header/columns.js';
import { PLACEHOLDERS } from '../input/rows/observations.js';
import { swallowedText } from './input-notes.js';
import { dateFormatHint } from './date-format-hint.js';

/** Columns whose problem always invalidates the row (what the row is about); any other field could be left out alone. */
// customer_id: a customer listed twice (customer-reader.ts) is the row's problem, not a field to leave out.
const ROW_COLUMNS = new Set(['(row)', ...Object.values(REQUIRED).flat(), ...CUSTOMER_LIST_REQUIRED, 'type', 'customer_id']);

/** Prints the first problems (up to 20), one a line, and how many more there were. */
export function printProblems(ctx: Context, result: LoadResult): void {
  const { problems, more } = firstProblems(result);
  writeProblems(ctx, problems, more);
  for (const f of result.files) {
    const o = f.observe();
    if (o.swallowed) ctx.stderr.write(escapeControls(`hint: ${swallowedText(f.file, o.swallowed)}`) + '\n');
    const r = o.repeatedHeader;
    if (r === undefined) continue;
    const more = r.count > 1 ? ` (and ${r.count - 1} more line${r.count === 2 ? '' : 's'})` : '';
    ctx.stderr.write(escapeControls(`hint: ${f.file}:${r.line}${more} repeats the header line (files joined with cat?): give the files one by one (csm-kpi reads several), or remove the repeated header lines`) + '\n');
  }
}

function writeProblems(ctx: Context, problems: readonly RowProblem[], more: number): void {
  for (const p of problems) ctx.stderr.write(formatProblem(p) + '\n');
  if (more > 0) ctx.stderr.write(`… and ${more} more problems\n`);
  for (const hint of [placeholderHint(problems), dateFormatHint(problems)]) if (hint !== null) ctx.stderr.write(hint + '\n');
}

/**
 * When problems are about cells that hold a placeholder word (PLACEHOLDERS): that the config's null_tokens reads
 * them as empty (no token is a default: an agent may be called "None").
 */
export function placeholderHint(problems: readonly RowProblem[]): string | null {
  const words = [...new Set(problems.map((p) => p.value?.trim()).filter((v): v is string => v !== undefined && PLACEHOLDERS.has(v.toLowerCase())))];
  if (words.length === 0) return null;
  const list = words.map((w) => JSON.stringify(w)).join(', ');
  const one = words.length === 1;
  return escapeControls(`hint: ${list} ${one ? 'looks like a placeholder' : 'look like placeholders'} for no value: "null_tokens": [${list}] in the config reads ${one ? 'it' : 'them'} as an empty cell`);
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
export function checkInvalid(ctx: Context, result: LoadResult, behaviour: { skipInvalid: boolean; dropFields?: boolean }): LoadResult {
  const invalid = invalidRowCount(result);
  if (invalid === 0) return result;
  printProblems(ctx, result);
  if (!behaviour.skipInvalid) {
    // Only the ways out that lead somewhere: drop_field when a field could be left out and it is not on already,
    // --skip-invalid when some row is valid (on none it would compute nothing).
    const fieldLevel = !behaviour.dropFields && firstProblems(result).problems.some((p) => !ROW_COLUMNS.has(p.column));
    const someValid = result.files.some((f) => f.rows > f.invalid);
    const ways = [...(someValid ? ['compute on the valid rows with --skip-invalid'] : []), ...(fieldLevel ? ['keep the rows without their invalid fields with --invalid-fields drop_field'] : [])];
    const all = someValid ? '' : invalid === 1 ? ' (the only row)' : ' (every row)';
    throw new CsmError(
      'CSM_ROWS_INVALID',
      `${invalid} invalid row${invalid === 1 ? '' : 's'}${all}: nothing computed. ` +
        (ways.length === 0 ? 'Fix them' : ways.length === 1 ? `Fix them, or ${ways[0]}` : `Fix them, ${ways[0]}, or ${ways[1]}`) +
        ' (--rejects FILE saves the bad rows).',
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
  writeDroppedFields(ctx, droppedFieldCounts(result), result.dropped);
}

/** The note of noteDroppedFields from the counts per column and the first fields left out (the DuckDB engine's too). */
export function writeDroppedFields(ctx: Context, counts: ReadonlyMap<string, number>, first: readonly RowProblem[]): void {
  const n = [...counts.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return;
  writeProblems(ctx, first.slice(0, KEPT_PROBLEMS), n - Math.min(n, KEPT_PROBLEMS));
  ctx.stderr.write(
    `note: ${n} invalid field${n === 1 ? '' : 's'} left out (--invalid-fields drop_field): ${[...counts].map(([c, k]) => `${c} ${k}`).join(', ')}; ` +
      'their rows count in every other KPI (JSON: inputs[].dropped_fields, kpis.*.dropped)\n',
  );
}
