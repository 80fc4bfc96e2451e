import type { RowProblem } from '../errors.js';
import type { Scale, SurveyType } from '../metrics/facts.js';
import { IdNumbering } from '../metrics/numbered-id.js';
import { Interner } from './interner.js';
import type { TicketIds } from './ticket-ids.js';
import { digitsAt, parseBoolean, parseDuration, parseInteger, parseNumber, parseReopened } from './cells.js';
import { RecordView } from './csv-scanner.js';
import type { HeaderMapping } from './columns.js';
import { COLUMNS } from './columns.js';
import type { TimeZone } from './time-zone.js';
import { ParseFailure, parseTimestamp, parseTimestampAt } from './timestamp.js';
import type { Parsed } from './timestamp.js';

/** A validated ticket row; times are epoch ms, durations seconds. */
export interface TicketRow {
  line: number;
  /** The id text; empty for a numbered id read from bytes when no join or group needs the text (RowReader.wanted). */
  id: string;
  createdAt: number;
  firstResponseAt: number | null;
  /** A first-response duration given directly (first_response_seconds/minutes/hours). */
  firstResponseGiven: number | null;
  /** The helpdesk's own business-hours first-response time (used on the business clock only). */
  firstResponseBusinessGiven: number | null;
  resolvedAt: number | null;
  resolutionGiven: number | null;
  resolutionBusinessGiven: number | null;
  resolved: boolean;
  channel: string | null;
  /** agent, team, priority: read only when a group needs them (RowReader.wanted). */
  agent: string | null;
  team: string | null;
  priority: string | null;
  /** The customer's id text; null, when customerPrefix is set, for a numbered id read from bytes (see TicketFacts). */
  customerId: string | null;
  customerPrefix: string | null;
  customerNumber: number;
  contacts: number | null;
  reopened: boolean;
  handleSeconds: number | null;
  selfService: boolean;
  csatScore: number | null;
  fields: string[];
}

export interface AnswerRow {
  line: number;
  type: SurveyType;
  score: number;
  respondedAt: number | null;
  /** The ids, agent, channel, team and priority: read only when a join or group needs them (RowReader.wanted). */
  ticketId: string | null;
  customerId: string | null;
  agent: string | null;
  channel: string | null;
  team: string | null;
  priority: string | null;
  fields: string[];
}

export interface CustomerRow {
  line: number;
  /** null only in a customer list without period_start (a snapshot). */
  periodStart: number | null;
  periodEnd: number | null;
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
}

export interface ReadOptions {
  zone: TimeZone;
  csatScale: Scale;
  cesScale: Scale;
  surveyType: SurveyType | null;
  selfServiceChannels: ReadonlySet<string>;
  /** Cell texts that mean "no value" besides the empty cell (e.g. NA, -, Offered). */
  nullTokens: ReadonlySet<string>;
  /** Per canonical column: lower-cased, trimmed cell text → replacement text (e.g. good → 5). */
  valueMaps: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Survey rows without a score: invalid (error), or non-answers counted apart (skip, e.g. NA or Offered). */
  emptyScore: 'error' | 'skip';
  /** Timestamp parser; ISO 8601 unless a date format was configured. */
  parseTime?: (text: string, zone: TimeZone) => Parsed<number>;
}

/** For records read without a scanner (tests): nothing is lazy. */
const NO_VIEW = new RecordView();

const RESOLVED_STATUSES = new Set(['resolved', 'solved', 'closed']);
const SURVEY_TYPES = new Set<string>(['csat', 'nps', 'ces']);

/** Lower-cases and joins words with underscores, as channel names are compared. */
export function normalizeToken(s: string): string {
  return s.trim().toLowerCase().replace(/[\s\-]+/g, '_');
}

/** A canonical column of one file, resolved once: where its cell is and how to read it. */
export interface Col {
  name: string;
  /** Index in the record; −1 when the file lacks it (or it is joined). */
  index: number;
  /** Record indexes joined with a space (config "join"), or null. */
  join: number[] | null;
  /** Value map for this column (lower-cased keys), or null. */
  map: ReadonlyMap<string, string> | null;
  /** Seconds per unit of a plain-number duration. */
  unit: number;
  /** Parsed straight from the record's bytes, never sliced (typed, unmapped, no null tokens). */
  lazy: boolean;
  /** For a lazy text column: its strings by their bytes. */
  intern: Interner | null;
  /** For a grouping-only column: whether a group or join needs it (RowReader.wanted). */
  wanted: boolean;
  /** For an interned flag column: what each of its few texts parses to. */
  parsed: Map<string, Parsed<boolean>> | null;
}

const LAZY_TYPES = new Set(['timestamp', 'date', 'duration', 'integer', 'positive_integer', 'number']);
/** Text columns with few distinct values, read through an Interner; ids are not among them. */
const INTERNED_TYPES = new Set(['string', 'boolean', 'reopened']);
const ID_COLUMNS = new Set(['id', 'ticket_id', 'customer_id']);

const TEXT_EMPTY = 0;
const TEXT_ASCII = 1;
const TEXT_OTHER = 2;

/** What String.prototype.trim removes among ASCII bytes. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Reads the records of one file into rows, collecting what is wrong with each. One
 * reader per file: columns are resolved once, so reading a cell is an array index, and
 * the row object is reused (a caller must copy what it keeps).
 */
abstract class RowReader {
  protected problems: RowProblem[] = [];
  protected fields: string[] = [];
  protected view: RecordView = NO_VIEW;
  protected line = 0;
  protected readonly parseTime: (text: string, zone: TimeZone) => Parsed<number>;
  private readonly nullTokens: ReadonlySet<string> | null;

  constructor(
    readonly file: string,
    readonly mapping: HeaderMapping,
    readonly options: ReadOptions,
  ) {
    this.parseTime = options.parseTime ?? parseTimestamp;
    this.nullTokens = options.nullTokens.size > 0 ? options.nullTokens : null;
  }

  protected col(name: string): Col {
    const spec = COLUMNS[this.mapping.kind].find((c) => c.name === name);
    const index = this.mapping.index.get(name) ?? -1;
    const map = this.options.valueMaps.get(name) ?? null;
    const custom = this.options.parseTime !== undefined && (spec?.type === 'timestamp' || spec?.type === 'date');
    const plain = index >= 0 && map === null && this.nullTokens === null;
    const interned = plain && INTERNED_TYPES.has(spec?.type ?? '') && !ID_COLUMNS.has(name);
    // Ticket and customer ids are read from their bytes too (TicketReader): most are numbers.
    const byteId = plain && (name === 'id' || name === 'customer_id') && this.mapping.kind === 'tickets';
    return {
      name,
      index,
      join: this.mapping.joins.get(name) ?? null,
      map,
      unit: spec?.unitSeconds ?? 1,
      lazy: interned || byteId || (plain && !custom && LAZY_TYPES.has(spec?.type ?? '')),
      intern: interned ? new Interner() : null,
      wanted: true,
      parsed: interned ? new Map() : null,
    };
  }

  /** Decodes bytes of the current record (for the interners). */
  protected readonly decode = (a: number, b: number): string => this.view.decode(a, b);

  /** Which record fields the scanner may leave unsliced for this reader (see RecordView). */
  lazyMask(): Uint8Array {
    const mask = new Uint8Array(this.mapping.header.length);
    for (const c of Object.values(this.cols())) if (c.lazy) mask[c.index] = 1;
    return mask;
  }

  /** The columns this reader reads. */
  protected abstract cols(): Record<string, Col>;

  /** Start and end of the last range() or textRange(): fields, not a tuple, so no array is made per cell. */
  protected ra = 0;
  protected rb = 0;

  /** Trims a lazy column's byte range in the current record into ra/rb; false when it is empty. */
  private range(c: Col): boolean {
    const v = this.view;
    let a = v.starts[c.index], b = v.ends[c.index];
    const t = v.bytes;
    while (a < b && t[a] <= 32) a++;
    while (b > a && t[b - 1] <= 32) b--;
    this.ra = a;
    this.rb = b;
    return a !== b;
  }

  /**
   * Trims a lazy text column's byte range as String.prototype.trim would, into ra/rb:
   * TEXT_EMPTY, TEXT_ASCII (ASCII at both edges: the range is the trimmed cell), or
   * TEXT_OTHER (non-ASCII at an edge, maybe a Unicode space: the string path decides).
   */
  protected textRange(c: Col): number {
    const t = this.view.bytes;
    let a = this.view.starts[c.index], b = this.view.ends[c.index];
    while (a < b && isSpace(t[a])) a++;
    while (b > a && isSpace(t[b - 1])) b--;
    this.ra = a;
    this.rb = b;
    return a === b ? TEXT_EMPTY : t[a] < 0x80 && t[b - 1] < 0x80 ? TEXT_ASCII : TEXT_OTHER;
  }

  /**
   * Text columns that only group rows or join them (agent, team, priority; a survey's
   * ticket and customer ids; the text of a numbered ticket or customer id) are read only
   * when named here; null reads them all. They have no rules to check, so skipping them
   * changes nothing else.
   */
  set wanted(names: ReadonlySet<string> | null) {
    for (const c of Object.values(this.cols())) c.wanted = names === null || names.has(c.name);
  }

  /** The cell of a grouping-only column when it is wanted, else null. */
  protected groupCell(c: Col): string | null {
    return c.wanted ? this.cell(c) : null;
  }

  protected has(c: Col): boolean {
    return c.index >= 0 || c.join !== null;
  }

  /** Starts a record; false (with a problem) when its field count does not match the header. */
  protected begin(fields: string[], line: number, problems: RowProblem[], view: RecordView): boolean {
    this.fields = fields;
    this.view = view;
    this.line = line;
    this.problems = problems;
    const want = this.mapping.header.length;
    if (fields.length !== want) {
      this.problem('(row)', `has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${want}`, null);
      return false;
    }
    return true;
  }

  protected problem(column: string, message: string, value: string | null): void {
    this.problems.push({ file: this.file, line: this.line, column, message, value });
  }

  /** The trimmed cell of a column after its value map and the null tokens; null when absent or empty. */
  protected cell(c: Col): string | null {
    if (c.intern !== null && this.view.lazy) {
      const r = this.textRange(c);
      if (r === TEXT_EMPTY) return null;
      if (r === TEXT_ASCII) return c.intern.get(this.view.bytes, this.ra, this.rb, this.decode);
    }
    let v: string;
    if (c.index >= 0) v = c.lazy && this.view.lazy ? this.view.decode(this.view.starts[c.index], this.view.ends[c.index]) : this.fields[c.index];
    else if (c.join !== null) {
      const parts: string[] = [];
      for (const k of c.join) {
        const p = this.view.field(this.fields, k).trim();
        if (p !== '' && !(this.nullTokens?.has(p) ?? false)) parts.push(p);
      }
      v = parts.join(' ');
    } else return null;
    if (c.map !== null) v = c.map.get(v.trim().toLowerCase()) ?? v;
    const n = v.length;
    if (n === 0) return null;
    if (v.charCodeAt(0) <= 32 || v.charCodeAt(n - 1) <= 32) {
      v = v.trim();
      if (v.length === 0) return null;
    }
    if (this.nullTokens !== null && this.nullTokens.has(v)) return null;
    return v;
  }

  private check<T>(c: Col, raw: string, v: Parsed<T>): T | null {
    if (v instanceof ParseFailure) {
      this.problem(c.name, v.message, raw);
      return null;
    }
    return v;
  }

  protected time(c: Col): number | null {
    if (c.lazy && this.view.lazy) {
      if (!this.range(c)) return null;
      const v = parseTimestampAt(this.view.bytes, this.ra, this.rb, this.options.zone);
      // Decodes the cell only to quote it in a problem.
      return typeof v === 'number' ? v : this.check<number>(c, this.view.decode(this.ra, this.rb), v);
    }
    const raw = this.cell(c);
    return raw === null ? null : this.check(c, raw, this.parseTime(raw, this.options.zone));
  }

  /**
   * The plain digits of a lazy cell as a number (≥ 0), −1 when it is empty, or −2 when it
   * is something else (then rawText holds the cell's text for the general parser).
   */
  private digits(c: Col): number {
    if (!this.range(c)) return -1;
    const v = digitsAt(this.view.bytes, this.ra, this.rb);
    if (v >= 0) return v;
    this.rawText = this.view.decode(this.ra, this.rb);
    return -2;
  }

  private rawText = '';

  protected duration(c: Col): number | null {
    let raw: string | null;
    if (c.lazy && this.view.lazy) {
      const v = this.digits(c);
      if (v !== -2) return v < 0 ? null : v * c.unit;
      raw = this.rawText;
    } else raw = this.cell(c);
    return raw === null ? null : this.check(c, raw, parseDuration(raw, c.unit));
  }

  protected integer(c: Col, min: number): number | null {
    let raw: string | null;
    if (c.lazy && this.view.lazy) {
      const v = this.digits(c);
      if (v === -1) return null;
      if (v >= min) return v;
      raw = v === -2 ? this.rawText : this.view.decode(this.ra, this.rb);
    } else raw = this.cell(c);
    return raw === null ? null : this.check(c, raw, parseInteger(raw, min));
  }

  protected number(c: Col): number | null {
    let raw: string | null;
    if (c.lazy && this.view.lazy) {
      const v = this.digits(c);
      if (v !== -2) return v < 0 ? null : v;
      raw = this.rawText;
    } else raw = this.cell(c);
    return raw === null ? null : this.check(c, raw, parseNumber(raw));
  }

  protected boolean(c: Col): boolean | null {
    const raw = this.cell(c);
    return raw === null ? null : this.check(c, raw, this.parseFlag(c, raw, parseBoolean));
  }

  protected reopenedFlag(c: Col): boolean | null {
    const raw = this.cell(c);
    return raw === null ? null : this.check(c, raw, this.parseFlag(c, raw, parseReopened));
  }

  /** parse(raw), remembered per text for an interned column (a few texts, millions of rows). */
  private parseFlag(c: Col, raw: string, parse: (text: string) => Parsed<boolean>): Parsed<boolean> {
    if (c.parsed === null) return parse(raw);
    let v = c.parsed.get(raw);
    if (v === undefined) {
      v = parse(raw);
      if (c.parsed.size < 64) c.parsed.set(raw, v);
    }
    return v;
  }

  /** A time that must not be before created; reports and drops it otherwise. */
  protected notBefore(c: Col, at: number | null, created: number | null, what: string): number | null {
    if (at === null || created === null || at >= created) return at;
    this.problem(c.name, `is before ${what}`, this.cell(c));
    return null;
  }

  /** A score within scale (integer-only when integral). */
  protected inScale(c: Col, score: number | null, scale: Scale, integral: boolean, label: string): number | null {
    if (score === null) return null;
    if (score < scale.min || score > scale.max || (integral && !Number.isInteger(score))) {
      this.problem(c.name, `${label} score must be ${integral ? 'a whole number ' : ''}in ${scale.min}..${scale.max}`, this.cell(c));
      return null;
    }
    return score;
  }

  /** A required cell: reports it when empty. */
  protected required(c: Col, value: string | number | null): void {
    if (value === null && this.cell(c) === null) this.problem(c.name, 'is required', null);
  }
}

const ID_NONE = 0;
const ID_STRING = 1;
const ID_NUMBER = 2;

export class TicketReader extends RowReader {
  /** Ids seen so far; a later row with one of them is invalid (the first stays). */
  readonly seen: TicketIds;
  private readonly c = {
    id: this.col('id'),
    createdAt: this.col('created_at'),
    firstResponseAt: this.col('first_response_at'),
    frSeconds: this.col('first_response_seconds'),
    frMinutes: this.col('first_response_minutes'),
    frHours: this.col('first_response_hours'),
    frBusinessSeconds: this.col('first_response_business_seconds'),
    frBusinessMinutes: this.col('first_response_business_minutes'),
    resolvedAt: this.col('resolved_at'),
    resSeconds: this.col('resolution_seconds'),
    resMinutes: this.col('resolution_minutes'),
    resHours: this.col('resolution_hours'),
    resBusinessSeconds: this.col('resolution_business_seconds'),
    resBusinessMinutes: this.col('resolution_business_minutes'),
    status: this.col('status'),
    channel: this.col('channel'),
    agent: this.col('agent'),
    team: this.col('team'),
    priority: this.col('priority'),
    customerId: this.col('customer_id'),
    contacts: this.col('contacts'),
    reopened: this.col('reopened'),
    talk: this.col('talk_seconds'),
    hold: this.col('hold_seconds'),
    wrap: this.col('after_work_seconds'),
    handle: this.col('handle_seconds'),
    selfService: this.col('self_service'),
    csatScore: this.col('csat_score'),
  };
  /** Channel text → self-service or not (a handful of distinct channels, millions of rows). */
  private readonly selfServiceByChannel = new Map<string, boolean>();
  /** Status text → resolved or not, for the same reason. */
  private readonly resolvedByStatus = new Map<string, boolean>();
  private readonly row: TicketRow = {
    line: 0, id: '', createdAt: 0, firstResponseAt: null, firstResponseGiven: null, firstResponseBusinessGiven: null,
    resolvedAt: null, resolutionGiven: null, resolutionBusinessGiven: null, resolved: false, channel: null, agent: null,
    team: null, priority: null, customerId: null, customerPrefix: null, customerNumber: -1, contacts: null, reopened: false, handleSeconds: null, selfService: false,
    csatScore: null, fields: [],
  };

  constructor(file: string, mapping: HeaderMapping, options: ReadOptions, seen: TicketIds) {
    super(file, mapping, options);
    this.seen = seen;
  }

  /** The alternative columns of one duration, in order, keeping only those the file has. */
  private readonly given = {
    firstResponse: this.present(this.c.frSeconds, this.c.frMinutes, this.c.frHours),
    firstResponseBusiness: this.present(this.c.frBusinessSeconds, this.c.frBusinessMinutes),
    resolution: this.present(this.c.resSeconds, this.c.resMinutes, this.c.resHours),
    resolutionBusiness: this.present(this.c.resBusinessSeconds, this.c.resBusinessMinutes),
  };

  private present(...cols: Col[]): Col[] {
    return cols.filter((c) => this.has(c));
  }

  /** One duration from the first of several alternative columns that has a value. */
  private firstDuration(cols: Col[]): number | null {
    for (let i = 0; i < cols.length; i++) {
      const v = this.duration(cols[i]);
      if (v !== null) return v;
    }
    return null;
  }

  private isResolvedStatus(status: string): boolean {
    let v = this.resolvedByStatus.get(status);
    if (v === undefined) this.resolvedByStatus.set(status, (v = RESOLVED_STATUSES.has(status.toLowerCase())));
    return v;
  }

  private isSelfServiceChannel(channel: string): boolean {
    let v = this.selfServiceByChannel.get(channel);
    if (v === undefined) this.selfServiceByChannel.set(channel, (v = this.options.selfServiceChannels.has(normalizeToken(channel))));
    return v;
  }

  /** The ticket of a record, or null with its problems added. The returned object is reused. */
  protected cols(): Record<string, Col> {
    return this.c;
  }

  /** The current record's id: its text (ID_STRING), or its number in the ids' numbering (ID_NUMBER). */
  private id: string | null = null;
  private idNumber = -1;
  private idFrom = 0;
  private idTo = 0;

  /**
   * Reads the current record's id: as a number straight from its bytes when it is a numbered
   * id of the file's form (T1, T2… — no string made), else as text.
   */
  private ticketId(): number {
    const c = this.c.id;
    if (c.lazy && this.view.lazy) {
      const r = this.textRange(c);
      if (r === TEXT_EMPTY) return ID_NONE;
      if (r === TEXT_ASCII) {
        this.idFrom = this.ra;
        this.idTo = this.rb;
        this.idNumber = this.seen.numberAt(this.view.bytes, this.ra, this.rb, this.decode);
        if (this.idNumber >= 0) {
          this.id = null;
          return ID_NUMBER;
        }
      }
    }
    this.id = this.cell(c);
    return this.id === null ? ID_NONE : ID_STRING;
  }

  /** The numbering of the file's customer ids. */
  private readonly customerIds = new IdNumbering();

  /** The customer id: as prefix + number straight from its bytes when it has the file's numbered form and no group needs its text. */
  private readCustomer(r: TicketRow): void {
    const c = this.c.customerId;
    r.customerPrefix = null;
    r.customerNumber = -1;
    if (c.lazy && this.view.lazy && !c.wanted) {
      const t = this.textRange(c);
      if (t === TEXT_EMPTY) {
        r.customerId = null;
        return;
      }
      const v = t === TEXT_ASCII ? this.customerIds.ofBytes(this.view.bytes, this.ra, this.rb, this.decode) : -1;
      if (v >= 0) {
        r.customerId = null;
        r.customerPrefix = this.customerIds.prefix;
        r.customerNumber = v;
        return;
      }
    }
    r.customerId = this.cell(c);
  }

  /** The current record's id as text. */
  private readonly idText = (): string => this.id ?? (this.id = this.view.decode(this.idFrom, this.idTo));

  read(fields: string[], line: number, problems: RowProblem[], view: RecordView = NO_VIEW): TicketRow | null {
    if (!this.begin(fields, line, problems, view)) return null;
    const c = this.c;
    const before = problems.length;
    const idState = this.ticketId();
    if (idState === ID_NONE) this.problem('id', 'is required', null);
    const createdAt = this.time(c.createdAt);
    this.required(c.createdAt, createdAt);
    const firstResponseAt = this.notBefore(c.firstResponseAt, this.time(c.firstResponseAt), createdAt, 'created_at');
    const firstResponseGiven = this.firstDuration(this.given.firstResponse);
    const firstResponseBusinessGiven = this.firstDuration(this.given.firstResponseBusiness);
    const resolvedAt = this.notBefore(c.resolvedAt, this.time(c.resolvedAt), createdAt, 'created_at');
    const resolutionGiven = this.firstDuration(this.given.resolution);
    const resolutionBusinessGiven = this.firstDuration(this.given.resolutionBusiness);
    const status = this.cell(c.status);
    const contacts = this.integer(c.contacts, 1);
    const reopened = this.reopenedFlag(c.reopened);
    const talk = this.duration(c.talk);
    const hold = this.duration(c.hold);
    const wrap = this.duration(c.wrap);
    const handle = this.duration(c.handle);
    const selfServiceFlag = this.boolean(c.selfService);
    const channel = this.cell(c.channel);
    const csatScore = this.inScale(c.csatScore, this.number(c.csatScore), this.options.csatScale, false, 'csat');
    if (idState !== ID_NONE) {
      // An id counts as seen even on an invalid row: a later row reusing it is still a duplicate.
      const first = idState === ID_NUMBER ? this.seen.seeNumber(this.idNumber, this.idText, line) : this.seen.see(this.id!, line);
      if (first !== 0) this.problem('id', `duplicate of the ticket on line ${first}`, this.idText());
    }
    if (problems.length > before) return null;
    const r = this.row;
    r.line = line;
    // The text of a numbered id only when a join or --by id wants it.
    r.id = idState === ID_STRING || this.c.id.wanted ? this.idText() : '';
    r.createdAt = createdAt!;
    r.firstResponseAt = firstResponseAt;
    r.firstResponseGiven = firstResponseGiven;
    r.firstResponseBusinessGiven = firstResponseBusinessGiven;
    r.resolvedAt = resolvedAt;
    r.resolutionGiven = resolutionGiven;
    r.resolutionBusinessGiven = resolutionBusinessGiven;
    r.resolved = status !== null ? this.isResolvedStatus(status) : resolvedAt !== null || resolutionGiven !== null;
    r.channel = channel;
    r.agent = this.groupCell(c.agent);
    r.team = this.groupCell(c.team);
    r.priority = this.groupCell(c.priority);
    this.readCustomer(r);
    r.contacts = contacts;
    r.reopened = reopened ?? false;
    r.handleSeconds = handle ?? (talk === null && hold === null && wrap === null ? null : (talk ?? 0) + (hold ?? 0) + (wrap ?? 0));
    r.selfService = selfServiceFlag ?? (channel !== null && this.isSelfServiceChannel(channel));
    r.csatScore = csatScore;
    r.fields = fields;
    return r;
  }
}

/** What a survey row without a score is under emptyScore "skip": a survey sent and not answered. */
export const NO_ANSWER = 'no_answer';

export class SurveyReader extends RowReader {
  private readonly c = {
    type: this.col('type'),
    score: this.col('score'),
    respondedAt: this.col('responded_at'),
    ticketId: this.col('ticket_id'),
    customerId: this.col('customer_id'),
    agent: this.col('agent'),
    channel: this.col('channel'),
    team: this.col('team'),
    priority: this.col('priority'),
  };
  private readonly nps: Scale = { min: 0, max: 10 };
  private readonly row: AnswerRow = {
    line: 0, type: 'csat', score: 0, respondedAt: null, ticketId: null, customerId: null, agent: null, channel: null, team: null, priority: null, fields: [],
  };

  /** The answer of a record, null with its problems added, or NO_ANSWER. The returned object is reused. */
  protected cols(): Record<string, Col> {
    return this.c;
  }

  read(fields: string[], line: number, problems: RowProblem[], view: RecordView = NO_VIEW): AnswerRow | null | typeof NO_ANSWER {
    if (!this.begin(fields, line, problems, view)) return null;
    const c = this.c;
    if (this.options.emptyScore === 'skip' && this.cell(c.score) === null) return NO_ANSWER;
    const before = problems.length;
    const typeText = this.cell(c.type);
    let type: SurveyType | null = null;
    if (typeText !== null) {
      const t = typeText.toLowerCase();
      if (SURVEY_TYPES.has(t)) type = t as SurveyType;
      else this.problem('type', 'must be csat, nps or ces', typeText);
    } else if (this.options.surveyType !== null) type = this.options.surveyType;
    else this.problem('type', 'is required (or give --survey-type)', null);
    let score = this.number(c.score);
    this.required(c.score, score);
    if (type === 'nps') score = this.inScale(c.score, score, this.nps, true, 'nps');
    else if (type === 'csat') score = this.inScale(c.score, score, this.options.csatScale, false, 'csat');
    else if (type === 'ces') score = this.inScale(c.score, score, this.options.cesScale, false, 'ces');
    const respondedAt = this.time(c.respondedAt);
    if (problems.length > before) return null;
    const r = this.row;
    r.line = line;
    r.type = type!;
    r.score = score!;
    r.respondedAt = respondedAt;
    r.ticketId = this.groupCell(c.ticketId);
    r.customerId = this.groupCell(c.customerId);
    r.agent = this.groupCell(c.agent);
    r.channel = this.groupCell(c.channel);
    r.team = this.groupCell(c.team);
    r.priority = this.groupCell(c.priority);
    r.fields = fields;
    return r;
  }
}

export class CustomerReader extends RowReader {
  /** period_start → line; a period counted twice would double its new customers. */
  private readonly seen = new Map<number, number>();
  private readonly c = {
    churned: this.col('churned'),
    periodStart: this.col('period_start'),
    periodEnd: this.col('period_end'),
    start: this.col('customers_start'),
    end: this.col('customers_end'),
    added: this.col('new_customers'),
    lost: this.col('lost_customers'),
  };
  private readonly list = this.has(this.c.churned) && !this.has(this.c.start);

  protected cols(): Record<string, Col> {
    return this.c;
  }

  read(fields: string[], line: number, problems: RowProblem[], view: RecordView = NO_VIEW): CustomerRow | null {
    if (!this.begin(fields, line, problems, view)) return null;
    return this.list ? this.readListRow(line, problems) : this.readCountRow(line, problems);
  }

  /** A customer-list row: one customer, at the start of the period, retained unless churned. */
  private readListRow(line: number, problems: RowProblem[]): CustomerRow | null {
    const before = problems.length;
    const churned = this.boolean(this.c.churned);
    this.required(this.c.churned, churned === null ? null : 1);
    const periodStart = this.time(this.c.periodStart);
    if (problems.length > before) return null;
    return { line, periodStart, periodEnd: null, customersStart: 1, customersEnd: churned ? 0 : 1, newCustomers: 0 };
  }

  private readCountRow(line: number, problems: RowProblem[]): CustomerRow | null {
    const c = this.c;
    const before = problems.length;
    const periodStart = this.time(c.periodStart);
    const periodEnd = this.notBefore(c.periodEnd, this.time(c.periodEnd), periodStart, 'period_start');
    const s = this.count(c.start);
    const e = this.count(c.end);
    const n = this.count(c.added);
    const lost = this.integer(c.lost, 0);
    this.required(c.periodStart, periodStart);
    if (s !== null && e !== null && n !== null) {
      const kept = e - n;
      if (kept < 0 || kept > s)
        this.problem('customers_end', `customers_end − new_customers = ${kept} must lie in 0..customers_start (${s})`, this.cell(c.end));
      else if (lost !== null && lost !== s - kept)
        this.problem('lost_customers', `must equal customers_start − (customers_end − new_customers) = ${s - kept}`, this.cell(c.lost));
    }
    if (periodStart !== null && problems.length === before) {
      const first = this.seen.get(periodStart);
      if (first !== undefined) this.problem('period_start', `same period as line ${first}`, this.cell(c.periodStart));
      else this.seen.set(periodStart, line);
    }
    if (problems.length > before) return null;
    return { line, periodStart: periodStart!, periodEnd, customersStart: s!, customersEnd: e!, newCustomers: n! };
  }

  /** A required whole number ≥ 0. */
  private count(c: Col): number | null {
    if (this.cell(c) === null) {
      this.problem(c.name, 'is required', null);
      return null;
    }
    return this.integer(c, 0);
  }
}
