import { escapeControls } from './escape-controls.js';

/**
 * Errors a user can act on. Each has a stable code (scripts and tests match on it) and a
 * one-line message; the CLI prints the message and exits 2 (usage or input error).
 */
export type ErrorCode =
  | 'CSM_USAGE'
  | 'CSM_FILE_NOT_FOUND'
  | 'CSM_FILE_UNREADABLE'
  | 'CSM_FILE_EMPTY'
  | 'CSM_FILE_BINARY'
  | 'CSM_FILE_ENCODING'
  | 'CSM_CSV_SYNTAX'
  | 'CSM_HEADER_UNKNOWN_KIND'
  | 'CSM_HEADER_MISSING_COLUMN'
  | 'CSM_HEADER_DUPLICATE_COLUMN'
  | 'CSM_ROWS_INVALID'
  | 'CSM_CONFIG_INVALID'
  | 'CSM_TARGETS_INVALID'
  | 'CSM_OUTPUT_FAILED';

export class CsmError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CsmError';
  }
}

/** One thing wrong with one row: printed as `file:line: column: message ("value")`. */
export interface RowProblem {
  file: string;
  line: number;
  column: string;
  message: string;
  value: string | null;
  /** The row this one repeats (a duplicate id or period), named at the end of message (see whereIs). */
  ref?: { file: string; line: number };
}

/** How a message names another row: `line 6` in the same file, `a.csv:2` in another. */
export function whereIs(ref: { file: string; line: number }, from: string): string {
  return ref.file === from ? `line ${ref.line}` : `${ref.file}:${ref.line}`;
}

/** The problem with its line, and the line of a row it names in the same file, moved by offset (a part of a file read apart). */
export function shiftProblem(p: RowProblem, offset: number): RowProblem {
  if (p.ref === undefined || p.ref.file !== p.file) return { ...p, line: p.line + offset };
  const ref = { file: p.ref.file, line: p.ref.line + offset };
  const before = whereIs(p.ref, p.file);
  const message = p.message.endsWith(before) ? p.message.slice(0, -before.length) + whereIs(ref, p.file) : p.message;
  return { ...p, line: p.line + offset, ref, message };
}

/** The problem's line; control characters in it (from the file name, header or value) shown escaped. */
export function formatProblem(p: RowProblem): string {
  const value = p.value === null ? '' : ` (${JSON.stringify(p.value.length > 60 ? p.value.slice(0, 57) + '...' : p.value)})`;
  return escapeControls(`${p.file}:${p.line}: ${p.column}: ${p.message}${value}`);
}
