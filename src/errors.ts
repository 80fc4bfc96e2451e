import { escapeControls } from './output/escape-controls.js';

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
}

/** The problem's line; control characters in it (from the file name, header or value) shown escaped. */
export function formatProblem(p: RowProblem): string {
  const value = p.value === null ? '' : ` (${JSON.stringify(p.value.length > 60 ? p.value.slice(0, 57) + '...' : p.value)})`;
  return escapeControls(`${p.file}:${p.line}: ${p.column}: ${p.message}${value}`);
}
