import { CsmError } from '../../errors.js';
import { escapeControls } from '../../escape-controls.js';
import { TimeZone } from '../../time/time-zone.js';

export type FileKind = 'tickets' | 'surveys' | 'customers';

export type CellType = 'string' | 'timestamp' | 'date' | 'duration' | 'integer' | 'positive_integer' | 'number' | 'boolean' | 'reopened';

export interface ColumnSpec {
  name: string;
  type: CellType;
  /** For durations: seconds per unit of a plain number. */
  unitSeconds?: number;
}

/** A duration column in seconds, minutes and hours (first_response_seconds, _minutes, _hours). */
const durations = (base: string): ColumnSpec[] => [
  { name: `${base}_seconds`, type: 'duration', unitSeconds: 1 },
  { name: `${base}_minutes`, type: 'duration', unitSeconds: 60 },
  { name: `${base}_hours`, type: 'duration', unitSeconds: 3600 },
];

/** The canonical columns of each kind of file (../shared/PRODUCT.md, "Inputs"). */
export const COLUMNS: Record<FileKind, readonly ColumnSpec[]> = {
  tickets: [
    { name: 'id', type: 'string' },
    { name: 'created_at', type: 'timestamp' },
    { name: 'first_response_at', type: 'timestamp' },
    ...durations('first_response'),
    // Times the helpdesk already counted in its business hours: with --business-hours they
    // give the time of every ticket (one clock, the helpdesk's), ignored on the calendar clock.
    ...durations('first_response_business'),
    { name: 'resolved_at', type: 'timestamp' },
    ...durations('resolution'),
    ...durations('resolution_business'),
    { name: 'status', type: 'string' },
    { name: 'channel', type: 'string' },
    { name: 'agent', type: 'string' },
    { name: 'team', type: 'string' },
    { name: 'priority', type: 'string' },
    { name: 'customer_id', type: 'string' },
    { name: 'contacts', type: 'positive_integer' },
    { name: 'reopened', type: 'reopened' },
    // Agent replies on the ticket (Zendesk's Replies): 0 is a ticket solved without one.
    { name: 'replies', type: 'integer' },
    // The helpdesk's own totals of time spent waiting on the agent (requester wait) and of the
    // agent's work on the ticket; the business variants only on the business clock.
    ...durations('requester_wait'),
    ...durations('requester_wait_business'),
    ...durations('agent_work'),
    ...durations('agent_work_business'),
    { name: 'talk_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'hold_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'after_work_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'handle_seconds', type: 'duration', unitSeconds: 1 },
    { name: 'self_service', type: 'boolean' },
    { name: 'csat_score', type: 'number' },
    // The helpdesk's own verdict on the ticket's SLA (ServiceNow made_sla): feeds sla_resolution without --sla resolution.
    { name: 'sla_met', type: 'boolean' },
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

/**
 * Header names match case-insensitively, with spaces and dashes equivalent to underscores.
 * Zero-width spaces, joiners and word joiners (U+200B–U+200D, U+2060), which trim() keeps
 * and a header copied from a web page may carry, are dropped: unseen, they hid the column.
 */
export function normalizeHeader(name: string): string {
  return name.replace(/[\u200b-\u200d\u2060]/g, '').trim().toLowerCase().replace(/[\s\-]+/g, '_');
}

/**
 * The header with camelCase and PascalCase words split (`createdAt`, `CreatedDate`,
 * `SLAStatus` → `created_at`, `created_date`, `sla_status`): APIs and CRMs name columns so.
 * An all-capitals header (`CREATEDDATE`, as Salesforce's Data Loader writes) has no words to split.
 * The ends are trimmed by normalizeHeader, after the split.
 */
export function normalizeCamel(name: string): string {
  return normalizeHeader(name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2'));
}

/** A header's spellings to look up, most literal first. */
function headerKeys(name: string): string[] {
  const plain = normalizeHeader(name);
  const camel = normalizeCamel(name);
  return camel === plain ? [plain] : [plain, camel];
}

/**
 * A header that names its time zone, as Intercom's reports do (`Conversation started at
 * (America/New_York)`): the name without it, and the zone. null when the parenthesis is
 * not a time zone (`First response time (in hrs)`, `Time to close (seconds)`).
 */
export function splitZone(header: string): { base: string; zone: string } | null {
  const m = /^(.*\S)\s*\(\s*([A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+)*)\s*\)\s*$/.exec(header);
  if (m === null) return null;
  try {
    return { base: m[1], zone: TimeZone.of(m[2]).name };
  } catch {
    return null;
  }
}

/**
 * How headers become canonical columns: a config's column map (explicit: it beats every
 * automatic match), a preset's (in its order of preference: the first of its headers
 * that a file has wins), then the canonical names themselves. Keys are normalized headers.
 */
export interface HeaderRules {
  explicit: ReadonlyMap<string, string>;
  preset: ReadonlyMap<string, string>;
}

export const NO_RULES: HeaderRules = { explicit: new Map(), preset: new Map() };

/** Where a header's canonical column came from, strongest first. */
const EXPLICIT = 0;
const PRESET = 1;
const NAME = 2;

interface HeaderMatch {
  canonical: string;
  tier: number;
  /** Within the preset tier: the preset's order of preference. */
  rank: number;
  /** The time zone the header names, if any. */
  zone: string | null;
}

/** What one header feeds, or null; known: the canonical columns of the file's kind (null: any). */
function matchHeader(raw: string, rules: HeaderRules, rank: ReadonlyMap<string, number>, known: ReadonlySet<string> | null): HeaderMatch | null {
  const split = splitZone(raw);
  const keys = split === null ? headerKeys(raw) : [...headerKeys(raw), ...headerKeys(split.base)];
  const zone = split?.zone ?? null;
  for (const k of keys) {
    const c = rules.explicit.get(k);
    if (c !== undefined) return { canonical: c, tier: EXPLICIT, rank: 0, zone };
  }
  for (const k of keys) {
    const c = rules.preset.get(k);
    if (c !== undefined) return { canonical: c, tier: PRESET, rank: rank.get(k)!, zone };
  }
  for (const k of keys) {
    if (known === null ? ALL_CANONICAL.has(k) : known.has(k)) return { canonical: k, tier: NAME, rank: 0, zone };
  }
  return null;
}

/** Whether a config column map's name (either spelling of it) is one a header is matched by. */
export function headerMatchesName(raw: string, name: string): boolean {
  const split = splitZone(raw);
  const keys = split === null ? headerKeys(raw) : [...headerKeys(raw), ...headerKeys(split.base)];
  return keys.includes(normalizeHeader(name)) || keys.includes(normalizeCamel(name));
}

const ALL_CANONICAL: ReadonlySet<string> = new Set(Object.values(COLUMNS).flatMap((cols) => cols.map((c) => c.name)));

/** The preset's order of preference: each key's position. */
function ranks(rules: HeaderRules): Map<string, number> {
  return new Map([...rules.preset.keys()].map((k, i) => [k, i]));
}

/** The canonical names a header row gives (for detecting a file's kind before its kind is known). */
export function canonicalNames(header: readonly string[], rules: HeaderRules): string[] {
  const rank = ranks(rules);
  return header.map((h) => matchHeader(h, rules, rank, null)?.canonical ?? normalizeHeader(h));
}

/** A long header row, cut for a one-line message. */
export function headerList(header: readonly string[], max = 12): string {
  return header.length <= max ? header.join(', ') : `${header.slice(0, max).join(', ')}, … and ${header.length - max} more`;
}

/** Columns only survey answers have: a score beside a churned flag is an answer's with one of them. */
const ANSWER_ONLY = ['type', 'responded_at', 'ticket_id'];

/**
 * The kind of a file from its (normalized, already renamed) header, or null: created_at makes
 * tickets, then score surveys, then customers_start or churned customers. A score column does not
 * make a customers file surveys (a health score, an NPS joined in: it was refused as "surveys file
 * has no type column", and --survey-type, which that message offers, would have read the health
 * scores as answers): customers_start always wins, churned unless an answer's own column is there.
 */
export function detectKind(normalized: readonly string[]): FileKind | null {
  const has = (c: string) => normalized.includes(c);
  const customers = KIND_MARKERS.customers.some(has);
  if (KIND_MARKERS.tickets.some(has)) return 'tickets';
  if (KIND_MARKERS.surveys.some(has) && !(has('customers_start') || (customers && !ANSWER_ONLY.some(has)))) return 'surveys';
  return customers ? 'customers' : null;
}

export interface HeaderMapping {
  kind: FileKind;
  /** Canonical column → index in the record. */
  index: Map<string, number>;
  /** Original header text of each record index. */
  header: string[];
  /** Header names that feed no canonical column (including those another header won over). */
  ignored: string[];
  /** Canonical columns made by joining several cells with a space (config "join"). */
  joins: Map<string, number[]>;
  /** Canonical time columns whose header names the zone their values are written in (Intercom's `(America/New_York)`). */
  zones: Map<string, string>;
  /** Headers that would feed a column another header feeds by a stronger rule: record index → the winner's index. */
  overridden: Map<number, number>;
}

/** Whether a file gives a canonical column: from one header (index) or joined from several (joins). */
export function mapsColumn(m: Pick<HeaderMapping, 'index' | 'joins'>, column: string): boolean {
  return m.index.has(column) || m.joins.has(column);
}

/**
 * Maps a header row onto the canonical columns of kind: by the config's column map, then
 * the preset's (its first header present wins), then the canonical names (camelCase and
 * PascalCase split into words); anything else is ignored. A header naming a time zone
 * in parentheses is matched without it, and its column read in that zone. Throws when a
 * required column is missing, or when two headers give one column by the same rule
 * (two config entries, or two canonical names): which one is meant is then unclear.
 */
export function mapHeader(
  file: string,
  header: string[],
  kind: FileKind,
  rules: HeaderRules,
  join: Readonly<Record<string, string[]>> = {},
): HeaderMapping {
  const specs = new Map(COLUMNS[kind].map((c) => [c.name, c]));
  const known = new Set(specs.keys());
  const rank = ranks(rules);
  const index = new Map<string, number>();
  const best = new Map<string, HeaderMatch>();
  const zones = new Map<string, string>();
  const overridden = new Map<number, number>();
  const ignored = new Set<number>();
  header.forEach((raw, i) => {
    const m = matchHeader(raw, rules, rank, known);
    if (m === null || !known.has(m.canonical)) {
      ignored.add(i);
      return;
    }
    const prev = index.get(m.canonical);
    const held = best.get(m.canonical);
    if (prev !== undefined && held !== undefined) {
      const stronger = m.tier < held.tier || (m.tier === held.tier && m.rank < held.rank);
      const weaker = m.tier > held.tier || (m.tier === held.tier && m.rank > held.rank);
      if (!stronger && !weaker) {
        throw new CsmError(
          'CSM_HEADER_DUPLICATE_COLUMN',
          `${file}: columns ${prev + 1} ("${escapeControls(header[prev])}") and ${i + 1} ("${escapeControls(raw)}") both give ${m.canonical}; keep one, or name the one to use in the config's "columns"`,
        );
      }
      if (weaker) {
        overridden.set(i, prev);
        ignored.add(i);
        return;
      }
      overridden.set(prev, i);
      ignored.add(prev);
    }
    index.set(m.canonical, i);
    best.set(m.canonical, m);
  });
  for (const [canonical, m] of best) {
    const type = specs.get(canonical)?.type;
    if (m.zone !== null && (type === 'timestamp' || type === 'date')) zones.set(canonical, m.zone);
  }
  // A header another header won over points at the final winner.
  for (const [loser, winner] of overridden) {
    let w = winner;
    while (overridden.has(w)) w = overridden.get(w)!;
    overridden.set(loser, w);
  }
  const joins = new Map<string, number[]>();
  const normalized = header.map(normalizeHeader);
  for (const [canonical, sources] of Object.entries(join)) {
    if (!known.has(canonical) || index.has(canonical)) continue;
    const at = sources.map((s) => normalized.indexOf(normalizeHeader(s)));
    if (at.every((i) => i >= 0)) {
      joins.set(canonical, at);
      for (const i of at) ignored.delete(i);
    }
  }
  const required = kind === 'customers' && index.has('churned') && !index.has('customers_start') ? CUSTOMER_LIST_REQUIRED : REQUIRED[kind];
  const missing = required.filter((c) => !mapsColumn({ index, joins }, c));
  if (missing.length > 0) {
    throw new CsmError(
      'CSM_HEADER_MISSING_COLUMN',
      `${file}: ${kind} file lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header: ${escapeControls(headerList(header))})` +
        // created_at makes it tickets before score makes it surveys (detectKind): a survey export with a created_at.
        (kind === 'tickets' && normalized.includes('score') ? `; it has a score column: if it holds survey answers, give it with --surveys ${file}` : ''),
    );
  }
  return { kind, index, header, ignored: [...ignored].sort((a, b) => a - b).map((i) => header[i]), joins, zones, overridden };
}
