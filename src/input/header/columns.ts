import { CsmError } from '../../errors.js';
import { escapeControls } from '../../escape-controls.js';

export type FileKind = 'tickets' | 'surveys' | 'customers';

export type CellType = 'string' | 'timestamp' | 'date' | 'duration' | 'integer' | 'positive_integer' | 'number' | 'boolean' | 'reopened';

export interface ColumnSpec {
  name: string;
  type: CellType;
  /** For durations: seconds per unit of a plain number. */
  unitSeconds?: number;
}

/** The canonical columns of each kind of file (../shared/PRODUCT.md, "Inputs"). */
export const COLUMNS: Record<FileKind, readonly ColumnSpec[]> = {
  tickets: [
    { name: 'id', type: 'string' },
    { name: 'created_at', type: 'timestamp' },
    { name: 'first_response_at', type: 'timestamp' },
    { name: 'first_response_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'first_response_minutes', type: 'duration', unitSeconds: 60 },
    { name: 'first_response_hours', type: 'duration', unitSeconds: 3600 },
    // Times the helpdesk already counted in its business hours: used with --business-hours
    // for tickets without timestamps, ignored on the calendar clock.
    { name: 'first_response_business_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'first_response_business_minutes', type: 'duration', unitSeconds: 60 },
    { name: 'resolved_at', type: 'timestamp' },
    { name: 'resolution_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'resolution_minutes', type: 'duration', unitSeconds: 60 },
    { name: 'resolution_hours', type: 'duration', unitSeconds: 3600 },
    { name: 'resolution_business_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'resolution_business_minutes', type: 'duration', unitSeconds: 60 },
    { name: 'status', type: 'string' },
    { name: 'channel', type: 'string' },
    { name: 'agent', type: 'string' },
    { name: 'team', type: 'string' },
    { name: 'priority', type: 'string' },
    { name: 'customer_id', type: 'string' },
    { name: 'contacts', type: 'positive_integer' },
    { name: 'reopened', type: 'reopened' },
    { name: 'talk_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'hold_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'after_work_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'handle_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'self_service', type: 'boolean' },
    { name: 'csat_score', type: 'number' },
  ],
  surveys: [
    { name: 'type', type: 'string' },
    { name: 'score', type: 'number' },
    { name: 'responded_at', type: 'timestamp' },
    { name: 'ticket_id', type: 'string' },
    { name: 'customer_id', type: 'string' },
    { name: 'agent', type: 'string' },
    { name: 'channel', type: 'string' },
    { name: 'team', type: 'string' },
    { name: 'priority', type: 'string' },
  ],
  customers: [
    // Either counts per period (customers_start, customers_end, new_customers), or a customer
    // list: one row per customer with a churned flag (a snapshot, e.g. a CRM export).
    { name: 'customer_id', type: 'string' },
    { name: 'churned', type: 'boolean' },
    { name: 'period_start', type: 'date' },
    { name: 'period_end', type: 'date' },
    { name: 'customers_start', type: 'integer' },
    { name: 'customers_end', type: 'integer' },
    { name: 'new_customers', type: 'integer' },
    { name: 'lost_customers', type: 'integer' },
  ],
};

export const REQUIRED: Record<FileKind, readonly string[]> = {
  tickets: ['id', 'created_at'],
  surveys: ['score'],
  customers: ['period_start', 'customers_start', 'customers_end', 'new_customers'],
};

/** A customer list (one row per customer, with churned) needs only that flag. */
export const CUSTOMER_LIST_REQUIRED: readonly string[] = ['churned'];

/** What each required column is for, so a missing one says what would be needed. */
const KIND_MARKERS: Record<FileKind, readonly string[]> = { tickets: ['created_at'], surveys: ['score'], customers: ['customers_start', 'churned'] };

/** Header names match case-insensitively, with spaces and dashes equivalent to underscores. */
export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s\-]+/g, '_');
}

/** The kind of a file from its (normalized, already renamed) header, or null. */
export function detectKind(normalized: readonly string[]): FileKind | null {
  for (const kind of ['tickets', 'surveys', 'customers'] as const) {
    if (KIND_MARKERS[kind].some((m) => normalized.includes(m))) return kind;
  }
  return null;
}

export interface HeaderMapping {
  kind: FileKind;
  /** Canonical column → index in the record. */
  index: Map<string, number>;
  /** Original header text of each record index. */
  header: string[];
  /** Header names that feed no canonical column. */
  ignored: string[];
  /** Canonical columns made by joining several cells with a space (config "join"). */
  joins: Map<string, number[]>;
}

/**
 * Maps a header row onto the canonical columns of kind. rename maps a normalized
 * header name to a canonical one (from a preset or config); anything else must already
 * be canonical or is ignored. Throws when a required column is missing or a column
 * would be fed twice.
 */
export function mapHeader(
  file: string,
  header: string[],
  kind: FileKind,
  rename: ReadonlyMap<string, string>,
  join: Readonly<Record<string, string[]>> = {},
): HeaderMapping {
  const known = new Set(COLUMNS[kind].map((c) => c.name));
  const index = new Map<string, number>();
  const ignored: string[] = [];
  header.forEach((raw, i) => {
    const norm = normalizeHeader(raw);
    const canonical = rename.get(norm) ?? norm;
    if (!known.has(canonical)) {
      ignored.push(raw);
      return;
    }
    const prev = index.get(canonical);
    if (prev !== undefined) {
      throw new CsmError(
        'CSM_HEADER_DUPLICATE_COLUMN',
        `${file}: columns ${prev + 1} ("${escapeControls(header[prev])}") and ${i + 1} ("${escapeControls(raw)}") both give ${canonical}; keep one`,
      );
    }
    index.set(canonical, i);
  });
  const joins = new Map<string, number[]>();
  const normalized = header.map(normalizeHeader);
  for (const [canonical, sources] of Object.entries(join)) {
    if (!known.has(canonical) || index.has(canonical)) continue;
    const at = sources.map((s) => normalized.indexOf(normalizeHeader(s)));
    if (at.every((i) => i >= 0)) {
      joins.set(canonical, at);
      for (const i of at) ignored.splice(ignored.indexOf(header[i]), 1);
    }
  }
  const required = kind === 'customers' && index.has('churned') && !index.has('customers_start') ? CUSTOMER_LIST_REQUIRED : REQUIRED[kind];
  const missing = required.filter((c) => !index.has(c) && !joins.has(c));
  if (missing.length > 0) {
    throw new CsmError(
      'CSM_HEADER_MISSING_COLUMN',
      `${file}: ${kind} file lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header: ${escapeControls(header.join(', '))})`,
    );
  }
  return { kind, index, header, ignored, joins };
}
