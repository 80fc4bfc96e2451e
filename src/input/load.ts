import { CsmError } from '../errors.js';
import type { RowProblem } from '../errors.js';
import type { FileKind, HeaderMapping, HeaderRules } from './header/columns.js';
import { canonicalNames, detectKind, headerList, mapHeader, normalizeHeader } from './header/columns.js';
import { presetHint } from './header/preset-guess.js';
import { RecordView } from './csv/scanner.js';
import { readCsv } from './csv/read-csv.js';
import type { CsvHeader, CsvRange, CsvRangeEnd, CsvSource } from './csv/read-csv.js';
import { CustomerReader } from './rows/customer-reader.js';
import { NO_ANSWER, SurveyReader } from './rows/survey-reader.js';
import { RepeatLog } from '../structures/repeat-log.js';
import { TicketReader } from './rows/ticket-reader.js';
import type { RowReader } from './rows/row-reader.js';
import { KeyedLists } from '../structures/keyed-lists.js';
import { TicketIds } from '../structures/ticket-ids.js';
import type { AnswerRow, CustomerRow, ReadOptions, TicketRow } from './rows/row-types.js';
import { emptyObservations } from './rows/observations.js';
import type { Observations } from './rows/observations.js';
import { escapeControls } from '../escape-controls.js';
import { RowFilter, emptyWhereStats } from './where.js';
import type { WhereClause, WhereStats } from './where.js';

export interface InputFile extends CsvSource {
  /** Forced kind (--tickets/--surveys/--customers); detected from the header otherwise. */
  kind?: FileKind;
  /**
   * Read only part of the file (parallel reading): a range from byte 0 stops at `to`;
   * a later range has no header line, so the header (and delimiter) are given.
   */
  part?: { range: CsvRange; header?: string[] };
}

/**
 * A row's value for one --by field; null when it has none (an empty cell, or no such
 * column in its file). Never a placeholder string: an agent really named "(none)" is a
 * group of its own, apart from the rows without an agent.
 */
export type GroupKey = string | null;

/** Where valid rows go; each returns where the row landed (used, outside the window, unplaced). */
export interface RowSink<P extends string> {
  ticket(row: TicketRow, keys: readonly GroupKey[]): P;
  /** A valid ticket --where left out: still part of the export (its instants date the data). */
  filteredTicket?(row: TicketRow): void;
  answer(row: AnswerRow, keys: readonly GroupKey[]): P;
  /** keys is null when the customers file has none of the group fields: counts are not per agent. */
  customer(row: CustomerRow, keys: readonly GroupKey[] | null): P;
}

export interface FileResult {
  file: string;
  kind: FileKind;
  mapping: HeaderMapping;
  rows: number;
  invalid: number;
  /** The file's first problems (KEPT_PROBLEMS at most, in line order): what stderr lists. */
  problems: RowProblem[];
  /** All its problems (an invalid row has one or more). */
  problemCount: number;
  /** Rows folded into another row of the same ticket id (duplicates "first"/"last"). */
  collapsed: number;
  /** Invalid fields left out of valid rows (invalid_fields "drop_field"), per canonical column. */
  dropped: Map<string, number>;
  /** Rows that went into the report. */
  used: number;
  /** Rows that did not, by where they landed instead (outside_window, unplaced, no_answer). */
  placed: Map<string, number>;
  /** For a part read: where it stopped (rest is non-empty when it stopped inside a record). */
  end?: CsvRangeEnd;
  /** For a part read: reads the rest of the file after `end`, with the same reader (the sequential fallback). */
  resume?: () => void;
  /** What the reader saw of the file beyond each row's validity (notes on likely mapping mistakes). */
  observe: () => Observations;
  /** Survey answers (with --by) whose ticket_id names no ticket read, left without a --by field they lack: how many, the first, and those fields. */
  unjoined?: {
    count: number;
    line: number;
    ticketId: string;
    fields: string[];
    /** The first of these answers whose ticket_id names a ticket read once leading zeros are added or taken off (`007` for `7`): its ticket_id and the ticket's id. */
    padded?: { ticketId: string; id: string };
  };
  /**
   * Answers that repeat an earlier answer exactly (type, score, responded_at and the ticket or
   * customer they are about), in this file or one read before: how many, the first and the
   * answer it repeats. Each still counts (answers have no id to refuse a duplicate by).
   */
  repeated?: { count: number; line: number; of: { file: string; line: number } };
}

export interface LoadResult {
  files: FileResult[];
  /** The fields left out of valid rows under invalid_fields "drop_field", in file order. */
  dropped: RowProblem[];
  /** Every ticket id read. */
  ids: TicketIds;
  /** What the --where conditions met (absent without any). */
  where?: WhereStats;
}

/** An invalid record as read, with its line and problems (for --rejects). */
export interface RejectedRow {
  file: string;
  line: number;
  header: string[];
  fields: string[];
  problems: RowProblem[];
}

/**
 * Where invalid records go as they are met (--rejects): written out at once, never
 * collected, so that a file of garbage costs no memory.
 */
export interface RejectSink {
  reject(row: RejectedRow): void;
}

/**
 * Problems kept per file: the first ones, which stderr lists, and a count of all. Every
 * problem of a large file of garbage kept in memory took 4 GB for 1 GB of input; the
 * rest of them go to --rejects as they are met.
 */
export const KEPT_PROBLEMS = 20;

/** The first problems of the run (file by file, in reading order) and how many more there were. */
export function firstProblems(result: LoadResult, limit = KEPT_PROBLEMS): { problems: RowProblem[]; more: number } {
  const problems = result.files.flatMap((f) => f.problems).slice(0, limit);
  return { problems, more: result.files.reduce((n, f) => n + f.problemCount, 0) - problems.length };
}

export interface LoadOptions {
  read: ReadOptions;
  /** How headers become canonical columns (config column map, preset, canonical names). */
  rules: HeaderRules;
  /** Canonical column ← export columns joined with a space (config "join"). */
  join: Readonly<Record<string, string[]>>;
  /** Rows repeating a ticket id: an invalid row (error), or keep the first or last row per id (event logs). */
  duplicates: 'error' | 'first' | 'last';
  /** Group fields (--by), outer first. */
  by: readonly string[];
  /** Where invalid records go (--rejects); dropped (but counted) without one. */
  rejects?: RejectSink;
  /** Parse typed cells straight from the record text (default); false slices every field (the plain path tests compare against). */
  lazyFields?: boolean;
  /** Told of the bytes and rows read, once a chunk (the progress line on a terminal). */
  progress?: Progress;
  /** --where: the conditions every row must meet (see where.ts); rows that fail are placed "filtered". */
  where?: readonly WhereClause[];
  /** Ticket columns read besides the groups' (priority for SLA targets per priority; id, agent, priority for --list breaches). */
  wanted?: readonly string[];
}

/** What the readers report as they go: bytes and rows read since the last call. */
export interface Progress {
  advance(bytes: number, rows: number): void;
  /** Adds the counts of another thread (read when the line is drawn: cumulative bytes and rows). */
  also?(source: () => { bytes: number; rows: number }): void;
}

/** The group keys of every row when there is no --by. */
const NO_KEYS: readonly GroupKey[] = [];
/** The view of records whose fields are all strings. */
const WHOLE = new RecordView();
const ORDER: Record<FileKind, number> = { tickets: 0, surveys: 1, customers: 2 };
/** The row's value of a grouping field, by canonical column. */
const TICKET_FIELDS: Record<string, (r: TicketRow) => string | null> = {
  agent: (r) => r.agent, team: (r) => r.team, channel: (r) => r.channel, priority: (r) => r.priority, customer_id: (r) => r.customer.textOrNull(), id: (r) => r.id.textOrNull(),
};
const ANSWER_FIELDS: Record<string, keyof AnswerRow> = { agent: 'agent', team: 'team', channel: 'channel', priority: 'priority', customer_id: 'customerId', type: 'type', ticket_id: 'ticketId' };

class StopAfterHeader extends Error {}

/** Reads just the header row of a file. */
export function readHeader(source: CsvSource): CsvHeader {
  let header: CsvHeader | null = null;
  try {
    readCsv(
      source,
      (h) => {
        header = h;
        throw new StopAfterHeader();
      },
      () => undefined,
    );
  } catch (e) {
    if (!(e instanceof StopAfterHeader)) throw e;
  }
  return header!;
}

/**
 * Refuses a --by field that no input has as a column (a header, or a canonical column its
 * mapping gives), before any row is read: a typo would otherwise put every row in one
 * "(none)" group. given: the fields as the user wrote them, for the message.
 */
export function refuseMissingGroups(mappings: readonly HeaderMapping[], by: readonly string[], given: readonly string[]): void {
  const headers: string[] = [];
  const has = new Set<string>();
  for (const m of mappings) {
    for (const h of m.header) {
      if (!headers.includes(h)) headers.push(h);
      has.add(normalizeHeader(h));
    }
    for (const c of [...m.index.keys(), ...m.joins.keys()]) has.add(c);
  }
  by.forEach((field, i) => {
    if (has.has(field)) return;
    const list = escapeControls(headers.slice(0, 12).join(', ')) + (headers.length > 12 ? ', …' : '');
    throw new CsmError('CSM_USAGE', `--by: no input has a column "${given[i]}" (columns: ${list})`);
  });
}

export function kindOf(file: InputFile, header: CsvHeader, options: Pick<LoadOptions, 'rules' | 'join'>): FileKind {
  if (file.kind) return file.kind;
  const normalized = canonicalNames(header.fields, options.rules);
  // A joined column counts when all its parts are present (e.g. created_at from Date + Time).
  for (const [canonical, parts] of Object.entries(options.join)) {
    if (parts.every((p) => normalized.includes(normalizeHeader(p)))) normalized.push(canonical);
  }
  const kind = detectKind(normalized);
  if (kind === null) {
    const hint = options.rules.explicit.size === 0 && options.rules.preset.size === 0 ? presetHint(header.fields) : null;
    throw new CsmError(
      'CSM_HEADER_UNKNOWN_KIND',
      `${file.name}: cannot tell what this file holds from its header (${escapeControls(headerList(header.fields, 8))}); ` +
        'tickets need created_at, surveys score, customers customers_start: rename the columns, use --preset or --config, or name the kind with --tickets/--surveys/--customers' +
        (hint === null ? '' : `; it ${hint}`) +
        oneColumnHint(header),
    );
  }
  return kind;
}

/**
 * An answer as seeAnswer remembers it: a 52-bit hash of its type, score, time, ticket and
 * customer (two 32-bit FNV-1a halves). Remembering each answer as an object cost 1.5 s per
 * 400,000 answers (GC); a number costs little. Two different answers share a hash about once
 * in 10^15 pairs: a note, never a number, would be wrong then.
 */
function answerHash(row: AnswerRow): number {
  // Both halves in one pass, written out: a closure per answer for each half's mixing step,
  // and the time split by floating-point division, cost 0.5 s per 600,000 answers.
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const at = row.respondedAt!;
  const low = at >>> 0;
  for (let part = 0; part < 7; part++) {
    let c: number;
    if (part < 4) {
      c = part === 0 ? low & 0xffff : part === 1 ? low >>> 16 : part === 2 ? (at - low) / 0x100000000 : Math.round(row.score * 1000) & 0xffff;
    } else {
      const text = part === 4 ? row.type : part === 5 ? row.ticketId : row.customerId;
      // A text, its end marked (null marked apart from '').
      if (text !== null) {
        for (let i = 0; i < text.length; i++) {
          const t = text.charCodeAt(i);
          a = Math.imul(a ^ t, 0x01000193);
          b = Math.imul(b ^ t, 0x050c5d1f) ^ (b >>> 15);
        }
      }
      c = text === null ? 0x1ffff : 0x1fffe;
    }
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x050c5d1f) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}

/** mapHeader, whose missing-column error (a kind named with --tickets…) also says when the header is one column holding another delimiter. */
export function mapFile(name: string, header: CsvHeader, kind: FileKind, options: Pick<LoadOptions, 'rules' | 'join'>): HeaderMapping {
  try {
    return mapHeader(name, header.fields, kind, options.rules, options.join);
  } catch (e) {
    const hint = oneColumnHint(header);
    if (e instanceof CsmError && e.code === 'CSM_HEADER_MISSING_COLUMN' && hint !== '') throw new CsmError(e.code, e.message + hint);
    throw e;
  }
}

/**
 * When a header reads as one column that holds another delimiter (`id|created_at|status`, a
 * `sep=;` line over a comma header): which one, and the option that reads with it.
 */
function oneColumnHint(header: CsvHeader): string {
  if (header.fields.length !== 1) return '';
  const counts = [',', ';', '\t', '|'].filter((d) => d !== header.delimiter).map((d) => [d, header.fields[0].split(d).length - 1] as const);
  const [d, n] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (n === 0) return '';
  const shown = (c: string) => (c === '\t' ? 'tab' : JSON.stringify(c));
  return `; read with ${shown(header.delimiter)} as the delimiter, its header is one column: if ${shown(d)} separates the columns, give --delimiter ${d === '\t' ? 'tab' : `'${d}'`}`;
}

/**
 * Reads every file into the sink: tickets first (survey answers may join them by
 * ticket_id), then surveys, then customers. Invalid rows are collected, never dropped
 * silently: the caller decides whether they fail the run.
 */
export function loadInputs<P extends string>(files: readonly InputFile[], options: LoadOptions, sink: RowSink<P>): LoadResult {
  const planned = files.map((f) => {
    const header = f.part?.header ? { fields: f.part.header, line: 0, delimiter: f.part.range.delimiter ?? ',' } : readHeader(f);
    const kind = kindOf(f, header, options);
    return { file: f, kind, delimiter: header.delimiter, mapping: mapFile(f.name, header, kind, options) };
  });
  planned.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  for (const p of planned) {
    if (p.kind === 'surveys' && !p.mapping.index.has('type') && options.read.surveyType === null) {
      throw new CsmError('CSM_HEADER_MISSING_COLUMN', `${p.file.name}: surveys file has no type column; add one (csat, nps or ces per row) or give --survey-type`);
    }
  }
  const by = options.by;
  // Group keys of each ticket, for answers that name a ticket but not its agent/team/...
  const needJoin = by.length > 0 && planned.some((p) => p.kind === 'surveys' && p.mapping.index.has('ticket_id'));
  const ticketKeys = new KeyedLists<GroupKey>();
  const seenIds = new TicketIds();
  const where = options.where ?? [];
  const result: LoadResult = { files: [], dropped: [], ids: seenIds };
  if (where.length > 0) result.where = emptyWhereStats(where);
  // An answer that names a ticket goes with it: whether each ticket was kept, by id, when some surveys file can name one.
  const whereJoin = where.length > 0 && planned.some((p) => p.kind === 'surveys' && p.mapping.index.has('ticket_id'));
  const keptTickets = new Map<string, boolean>();
  // Each answer with a time and a ticket or customer, by what it says: a copied or overlapping
  // surveys file counts its answers again (a repeated ticket id is an error; answers have none).
  // Each answer's hash and where it is (its file's index, its line); the repeats are found once
  // all are read.
  const answersSeen = new RepeatLog();
  const extra = options.wanted ?? [];
  // With duplicates first/last, ticket records wait here (one per id, across files) until all are read.
  // multiline: the record's (RecordView.multiline), which the row reader reads when it is handled.
  const held = new Map<string, { fields: string[]; line: number; multiline: boolean; handle: (fields: string[], line: number) => void }>();

  const lastTickets = planned.map((p) => p.kind).lastIndexOf('tickets');
  planned.forEach(({ file, kind, mapping, delimiter }, fileIndex) => {
    const fr: FileResult = { file: file.name, kind, mapping, rows: 0, invalid: 0, problems: [], problemCount: 0, collapsed: 0, used: 0, placed: new Map(), observe: emptyObservations, dropped: new Map() };
    result.files.push(fr);
    // Nearly every row is used: a counter for those, the map for the rest.
    const place = (p: P) => {
      if (p === 'used') fr.used++;
      else fr.placed.set(p, (fr.placed.get(p) ?? 0) + 1);
    };
    const rawIndex = by.map((f) => mapping.header.findIndex((h) => normalizeHeader(h) === f));
    let view: RecordView = WHOLE;
    // A null token (Zendesk's "-", a config's "NA") is no value in a group key too: the "(none)" group.
    const nullTokens = options.read.nullTokens;
    /** A raw field as a value: trimmed; empty or a null token is none. */
    const valueOf = (text: string | undefined): string | null => {
      const v = text?.trim();
      return v && !nullTokens.has(v) ? v : null;
    };
    const rawKey = (fields: string[], i: number): string | null => {
      const idx = rawIndex[i];
      return idx >= 0 ? valueOf(view.field(fields, idx)) : null;
    };
    let onRecord: (fields: string[], line: number) => void;
    const filter = where.length > 0 ? new RowFilter(where, mapping, options.read, result.where!) : null;
    const filtered = () => void fr.placed.set('filtered', (fr.placed.get('filtered') ?? 0) + 1);
    let lazy: Uint8Array | null = null;
    const problems: RowProblem[] = [];
    const reject = (fields: string[], line: number, reader: RowReader) => {
      reader.seeRepeatedHeader(fields);
      fr.invalid++;
      fr.problemCount += problems.length;
      for (let i = 0; i < problems.length && fr.problems.length < KEPT_PROBLEMS; i++) fr.problems.push(problems[i]);
      options.rejects?.reject({ file: file.name, line, header: mapping.header, fields: view.materialize(fields), problems: problems.slice() });
      problems.length = 0;
    };
    // Fields a reader left out of its record: counted when the row stays, listed with its problems when it does not.
    const takeDropped = (reader: RowReader, kept: boolean) => {
      if (reader.dropped.length === 0) return;
      for (const p of reader.dropped) {
        if (!kept) problems.push(p);
        else {
          // Listed like problems, the first KEPT_PROBLEMS; all counted: memory stays bounded by the valid data.
          if (result.dropped.length < KEPT_PROBLEMS) result.dropped.push(p);
          fr.dropped.set(p.column, (fr.dropped.get(p.column) ?? 0) + 1);
        }
      }
      reader.dropped.length = 0;
    };
    if (kind === 'tickets') {
      const reader = new TicketReader(file.name, mapping, options.read, seenIds);
      reader.delimiter = delimiter;
      // The id text is needed to join answers to their ticket's groups, or to group by id.
      reader.wanted = new Set([...by, ...extra, ...(needJoin || whereJoin ? ['id'] : [])]);
      lazy = options.lazyFields === false ? null : reader.lazyMask();
      fr.observe = () => reader.observations();
      onRecord = (fields, line) => {
        fr.rows++;
        const row = reader.read(fields, line, problems, view);
        takeDropped(reader, row !== null);
        if (row === null) return reject(fields, line, reader);
        if (filter !== null) {
          const keep = filter.keep(fields, view);
          if (whereJoin) keptTickets.set(row.id.toString(), keep);
          if (!keep) {
            sink.filteredTicket?.(row);
            return filtered();
          }
        }
        const keys = by.length === 0 ? NO_KEYS : by.map((f, i) => {
          const field = TICKET_FIELDS[f];
          return field ? field(row) : rawKey(fields, i);
        });
        if (needJoin) ticketKeys.set(row.id.toString(), keys);
        place(sink.ticket(row, keys));
      };
    } else if (kind === 'surveys') {
      const reader = new SurveyReader(file.name, mapping, options.read);
      reader.delimiter = delimiter;
      // ticket_id and customer_id always: an answer that repeats another is told by them too (answersSeen).
      reader.wanted = new Set([...by, 'ticket_id', 'customer_id']);
      lazy = options.lazyFields === false ? null : reader.lazyMask();
      fr.observe = () => reader.observations();
      onRecord = (fields, line) => {
        fr.rows++;
        const row = reader.read(fields, line, problems, view);
        takeDropped(reader, row !== null);
        if (row === null) return reject(fields, line, reader);
        if (row === NO_ANSWER) return void fr.placed.set(NO_ANSWER, (fr.placed.get(NO_ANSWER) ?? 0) + 1);
        if (filter !== null) {
          // With its ticket when it names one that was read; else by its own columns.
          const ticket = whereJoin && row.ticketId !== null ? keptTickets.get(row.ticketId) : undefined;
          if (!(ticket ?? filter.keep(fields, view))) return filtered();
        }
        const joined = needJoin && row.ticketId !== null ? ticketKeys.get(row.ticketId) : undefined;
        const keys = by.length === 0 ? NO_KEYS : by.map((f, i) => {
          const prop = ANSWER_FIELDS[f];
          const own = prop ? (row[prop] as string | null) : rawKey(fields, i);
          return own ?? joined?.[i] ?? null;
        });
        // A ticket_id that matches no ticket (7 for T7, an id column of another system) leaves the answer in "(none)": said once per file.
        if (needJoin && row.ticketId !== null && joined === undefined && keys.includes(null)) {
          const u = (fr.unjoined ??= { count: 0, line, ticketId: row.ticketId, fields: [] });
          u.count++;
          by.forEach((f, i) => keys[i] === null && !u.fields.includes(f) && u.fields.push(f));
          if (u.padded === undefined) {
            const id = paddedTwin(row.ticketId, (t) => ticketKeys.get(t) !== undefined);
            if (id !== null) u.padded = { ticketId: row.ticketId, id };
          }
        }
        const placed = sink.answer(row, keys);
        place(placed);
        // Only answers that count (in the window, kept by --where) can count twice.
        if (placed === 'used' && row.respondedAt !== null && (row.ticketId !== null || row.customerId !== null)) {
          answersSeen.add(answerHash(row), fileIndex * 0x100000000 + line);
        }
      };
    } else {
      const reader = new CustomerReader(file.name, mapping, options.read);
      reader.delimiter = delimiter;
      lazy = options.lazyFields === false ? null : reader.lazyMask();
      fr.observe = () => reader.observations();
      const grouped = rawIndex.some((i) => i >= 0);
      // Customer counts are not per ticket: only the conditions on columns of their own file apply to them.
      const own = where.filter((w) => !filter!.lacking.includes(w));
      const customerFilter = own.length === 0 ? null : new RowFilter(own, mapping, options.read, ownStats(result.where!, where, own));
      onRecord = (fields, line) => {
        fr.rows++;
        const row = reader.read(fields, line, problems, view);
        takeDropped(reader, row !== null);
        if (row === null) return reject(fields, line, reader);
        if (customerFilter !== null && !customerFilter.keep(fields, view)) return filtered();
        place(sink.customer(row, grouped ? by.map((_, i) => rawKey(fields, i)) : null));
      };
    }
    const idIndex = mapping.index.get('id');
    const idJoin = mapping.joins.get('id');
    if (kind === 'tickets' && options.duplicates !== 'error' && (idIndex !== undefined || idJoin !== undefined)) {
      const handle = onRecord;
      lazy = null; // held rows outlive their record: read them whole
      // The id as the reader reads it: trimmed, a null token none; a joined id (config "join")
      // its parts so, the empty ones left out, joined with a space (row-reader.ts's cell).
      const idOf = (fields: string[]) => (idIndex !== undefined ? valueOf(fields[idIndex]) : idJoin!.map((k) => valueOf(fields[k])).filter((p) => p !== null).join(' '));
      onRecord = (fields, line) => {
        const id = idOf(fields);
        if (!id) return handle(fields, line); // invalid anyway: report it now
        const prev = held.get(id);
        if (prev === undefined) held.set(id, { fields: fields.slice(), line, multiline: view.multiline, handle });
        else {
          fr.rows++;
          fr.collapsed++;
          if (options.duplicates === 'last') held.set(id, { fields: fields.slice(), line, multiline: view.multiline, handle });
        }
      };
    }
    // Rows of empty cells (",,,," as spreadsheets append) carry no data: not rows at all.
    const records = (fields: string[], line: number, v: RecordView) => {
      view = v;
      if (!v.isBlank(fields)) onRecord(fields, line);
    };
    let counted = 0;
    const progress = options.progress;
    const onChunk = progress
      ? (bytes: number) => {
          progress.advance(bytes, fr.rows - counted);
          counted = fr.rows;
        }
      : null;
    // A syntax error names its column as a row problem does: canonical where the header maps to one.
    const names = mapping.header.slice();
    for (const [column, i] of mapping.index) names[i] = column;
    fr.end = readCsv(file, () => undefined, records, { ...(file.part?.range ?? { from: 0 }), header: names }, lazy, onChunk);
    onChunk?.(0); // the rows of the last chunk
    if (kind === 'tickets') seenIds.endFile(fr.end.line);
    if (file.part?.range.to !== undefined) {
      const end = fr.end;
      fr.resume = () => {
        // Carry on from where the part stopped: through a range of the rest that starts with
        // the unfinished record's text, as one sequential read would have.
        fr.end = readCsv(file, () => undefined, records, { from: end.offset, delimiter, firstLine: end.line, carry: end.rest, header: names }, lazy, onChunk);
        onChunk?.(0);
      };
    }
    if (fileIndex === lastTickets) {
      view = WHOLE;
      for (const h of held.values()) {
        WHOLE.multiline = h.multiline;
        h.handle(h.fields, h.line);
      }
      WHOLE.multiline = false;
      held.clear();
    }
  });
  // Each file's repeated answers: how many, the first, and the answer it repeats.
  const fileOf = (at: number) => Math.floor(at / 0x100000000);
  answersSeen.repeats((at, first) => {
    const of = { file: planned[fileOf(first)].file.name, line: first % 0x100000000 };
    (result.files[fileOf(at)].repeated ??= { count: 0, line: at % 0x100000000, of }).count++;
  });
  return result;
}

/** Stats of a subset of the conditions that count into the whole set's. */
function ownStats(all: WhereStats, where: readonly WhereClause[], own: readonly WhereClause[]): WhereStats {
  const at = own.map((w) => where.indexOf(w));
  return { matched: at.map((i) => all.matched[i]), seen: at.map((i) => all.seen[i]) };
}

/**
 * The id that has matches, written with more or fewer leading zeros than id (`7` for `007`,
 * `T0007` for `T7`), or null: ids are compared as text, so one system's padding is enough to
 * join nothing. Pads id's last run of digits, its leading zeros taken off, to each width up to
 * 12 digits: at most 12 look-ups (a longer id is not padded by any system seen).
 *
 * @example paddedTwin('007', (t) => t === '7') // '7'
 */
export function paddedTwin(id: string, has: (id: string) => boolean): string | null {
  // Scanned by hand, not /^(.*?)(\d+)$/: that backtracks in quadratic time on a long cell of digits that ends otherwise.
  let start = id.length;
  while (start > 0 && isDigit(id.charCodeAt(start - 1))) start--;
  if (start === id.length) return null;
  let first = start;
  while (first < id.length - 1 && id.charCodeAt(first) === 48) first++;
  const prefix = id.slice(0, start), digits = id.slice(first);
  for (let width = digits.length; width <= 12; width++) {
    const twin = prefix + digits.padStart(width, '0');
    if (twin !== id && has(twin)) return twin;
  }
  return null;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
