import type { RowProblem } from '../errors.js';
import type { Scale, SurveyType } from '../metrics/facts.js';
import { parseBoolean, parseDuration, parseInteger, parseNumber, parseReopened } from './cells.js';
import type { HeaderMapping } from './columns.js';
import { COLUMNS } from './columns.js';
import type { TimeZone } from './time-zone.js';
import { ParseFailure, parseTimestamp } from './timestamp.js';
import type { Parsed } from './timestamp.js';

/** A validated ticket row; times are epoch ms, durations seconds. */
export interface TicketRow {
  line: number;
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
  agent: string | null;
  team: string | null;
  priority: string | null;
  customerId: string | null;
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

const RESOLVED_STATUSES = new Set(['resolved', 'solved', 'closed']);
const SURVEY_TYPES = new Set<string>(['csat', 'nps', 'ces']);

/** Lower-cases and joins words with underscores, as channel names are compared. */
export function normalizeToken(s: string): string {
  return s.trim().toLowerCase().replace(/[\s\-]+/g, '_');
}

/**
 * Reads the records of one file into rows, collecting what is wrong with each. One
 * reader per file: it holds the column positions, so each cell is one array index.
 */
abstract class RowReader {
  protected problems: RowProblem[] = [];
  protected fields: string[] = [];
  protected line = 0;
  private readonly unit = new Map<string, number>();
  protected readonly parseTime: (text: string, zone: TimeZone) => Parsed<number>;

  constructor(
    readonly file: string,
    readonly mapping: HeaderMapping,
    readonly options: ReadOptions,
  ) {
    for (const c of COLUMNS[mapping.kind]) if (c.unitSeconds) this.unit.set(c.name, c.unitSeconds);
    this.parseTime = options.parseTime ?? parseTimestamp;
  }

  /** Starts a record; false (with a problem) when its field count does not match the header. */
  protected begin(fields: string[], line: number, problems: RowProblem[]): boolean {
    this.fields = fields;
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

  /** The cell of a canonical column after value maps and null tokens; null when absent or empty. */
  protected cell(column: string): string | null {
    const i = this.mapping.index.get(column);
    let v: string;
    if (i !== undefined) v = this.fields[i];
    else {
      const parts = this.mapping.joins.get(column);
      if (parts === undefined) return null;
      v = parts.map((k) => this.fields[k].trim()).filter((p) => p !== '' && !this.options.nullTokens.has(p)).join(' ');
    }
    const map = this.options.valueMaps.get(column);
    if (map !== undefined) v = map.get(v.trim().toLowerCase()) ?? v;
    if (v.length === 0 || this.options.nullTokens.has(v)) return null;
    const t = v.trim();
    if (t.length === 0 || this.options.nullTokens.has(t)) return null;
    return v;
  }

  protected text(column: string): string | null {
    const v = this.cell(column);
    return v === null ? null : v.trim();
  }

  private check<T>(column: string, raw: string, v: Parsed<T>): T | null {
    if (v instanceof ParseFailure) {
      this.problem(column, v.message, raw);
      return null;
    }
    return v;
  }

  protected time(column: string): number | null {
    const raw = this.cell(column);
    return raw === null ? null : this.check(column, raw, this.parseTime(raw, this.options.zone));
  }

  protected duration(column: string): number | null {
    const raw = this.cell(column);
    return raw === null ? null : this.check(column, raw, parseDuration(raw, this.unit.get(column) ?? 1));
  }

  protected integer(column: string, min: number): number | null {
    const raw = this.cell(column);
    return raw === null ? null : this.check(column, raw, parseInteger(raw, min));
  }

  protected number(column: string): number | null {
    const raw = this.cell(column);
    return raw === null ? null : this.check(column, raw, parseNumber(raw));
  }

  protected boolean(column: string): boolean | null {
    const raw = this.cell(column);
    return raw === null ? null : this.check(column, raw, parseBoolean(raw));
  }

  protected reopenedFlag(column: string): boolean | null {
    const raw = this.cell(column);
    return raw === null ? null : this.check(column, raw, parseReopened(raw));
  }

  /** A time that must not be before created; reports and drops it otherwise. */
  protected notBefore(column: string, at: number | null, created: number | null, what: string): number | null {
    if (at === null || created === null || at >= created) return at;
    this.problem(column, `is before ${what}`, this.cell(column));
    return null;
  }

  /** A score within scale (integer-only when integral). */
  protected inScale(column: string, score: number | null, scale: Scale, integral: boolean, label: string): number | null {
    if (score === null) return null;
    if (score < scale.min || score > scale.max || (integral && !Number.isInteger(score))) {
      this.problem(column, `${label} score must be ${integral ? 'a whole number ' : ''}in ${scale.min}..${scale.max}`, this.cell(column));
      return null;
    }
    return score;
  }
}

export class TicketReader extends RowReader {
  /** id → line of the first row with it (across all tickets files); later ones are invalid rows. */
  readonly seen: Map<string, number>;

  constructor(file: string, mapping: HeaderMapping, options: ReadOptions, seen: Map<string, number>) {
    super(file, mapping, options);
    this.seen = seen;
  }

  read(fields: string[], line: number, problems: RowProblem[]): TicketRow | null {
    if (!this.begin(fields, line, problems)) return null;
    const before = problems.length;
    const id = this.text('id');
    if (id === null) this.problem('id', 'is required', null);
    const createdAt = this.time('created_at');
    if (createdAt === null && this.cell('created_at') === null) this.problem('created_at', 'is required', null);
    const firstResponseAt = this.notBefore('first_response_at', this.time('first_response_at'), createdAt, 'created_at');
    const firstResponseGiven =
      this.duration('first_response_seconds') ?? this.duration('first_response_minutes') ?? this.duration('first_response_hours');
    const firstResponseBusinessGiven = this.duration('first_response_business_seconds') ?? this.duration('first_response_business_minutes');
    const resolvedAt = this.notBefore('resolved_at', this.time('resolved_at'), createdAt, 'created_at');
    const resolutionGiven = this.duration('resolution_seconds') ?? this.duration('resolution_minutes') ?? this.duration('resolution_hours');
    const resolutionBusinessGiven = this.duration('resolution_business_seconds') ?? this.duration('resolution_business_minutes');
    const status = this.text('status');
    const contacts = this.integer('contacts', 1);
    const reopened = this.reopenedFlag('reopened');
    const talk = this.duration('talk_seconds');
    const hold = this.duration('hold_seconds');
    const wrap = this.duration('after_work_seconds');
    const handle = this.duration('handle_seconds');
    const selfServiceFlag = this.boolean('self_service');
    const channel = this.text('channel');
    const csatScore = this.inScale('csat_score', this.number('csat_score'), this.options.csatScale, false, 'csat');
    if (id !== null) {
      // An id counts as seen even on an invalid row: a later row reusing it is still a duplicate.
      const first = this.seen.get(id);
      if (first !== undefined) this.problem('id', `duplicate of the ticket on line ${first}`, id);
      else this.seen.set(id, line);
    }
    if (problems.length > before) return null;
    const resolved =
      status !== null ? RESOLVED_STATUSES.has(status.toLowerCase()) : resolvedAt !== null || resolutionGiven !== null;
    return {
      line,
      id: id!,
      createdAt: createdAt!,
      firstResponseAt,
      firstResponseGiven,
      firstResponseBusinessGiven,
      resolvedAt,
      resolutionGiven,
      resolutionBusinessGiven,
      resolved,
      channel,
      agent: this.text('agent'),
      team: this.text('team'),
      priority: this.text('priority'),
      customerId: this.text('customer_id'),
      contacts,
      reopened: reopened ?? false,
      handleSeconds: handle ?? (talk === null && hold === null && wrap === null ? null : (talk ?? 0) + (hold ?? 0) + (wrap ?? 0)),
      selfService: selfServiceFlag ?? (channel !== null && this.options.selfServiceChannels.has(normalizeToken(channel))),
      csatScore,
      fields,
    };
  }
}

/** What a survey row without a score is under emptyScore "skip": a survey sent and not answered. */
export const NO_ANSWER = 'no_answer';

export class SurveyReader extends RowReader {
  read(fields: string[], line: number, problems: RowProblem[]): AnswerRow | null | typeof NO_ANSWER {
    if (!this.begin(fields, line, problems)) return null;
    if (this.options.emptyScore === 'skip' && this.cell('score') === null) return NO_ANSWER;
    const before = problems.length;
    const typeText = this.text('type');
    let type: SurveyType | null = null;
    if (typeText !== null) {
      const t = typeText.toLowerCase();
      if (SURVEY_TYPES.has(t)) type = t as SurveyType;
      else this.problem('type', 'must be csat, nps or ces', typeText);
    } else if (this.options.surveyType !== null) type = this.options.surveyType;
    else this.problem('type', 'is required (or give --survey-type)', null);
    let score = this.number('score');
    if (score === null && this.cell('score') === null) this.problem('score', 'is required', null);
    if (type === 'nps') score = this.inScale('score', score, { min: 0, max: 10 }, true, 'nps');
    else if (type === 'csat') score = this.inScale('score', score, this.options.csatScale, false, 'csat');
    else if (type === 'ces') score = this.inScale('score', score, this.options.cesScale, false, 'ces');
    const respondedAt = this.time('responded_at');
    if (problems.length > before) return null;
    return {
      line,
      type: type!,
      score: score!,
      respondedAt,
      ticketId: this.text('ticket_id'),
      customerId: this.text('customer_id'),
      agent: this.text('agent'),
      channel: this.text('channel'),
      team: this.text('team'),
      priority: this.text('priority'),
      fields,
    };
  }
}

export class CustomerReader extends RowReader {
  /** period_start → line; a period counted twice would double its new customers. */
  private readonly seen = new Map<number, number>();
  private readonly list = this.mapping.index.has('churned') && !this.mapping.index.has('customers_start');

  read(fields: string[], line: number, problems: RowProblem[]): CustomerRow | null {
    if (!this.begin(fields, line, problems)) return null;
    return this.list ? this.readListRow(line, problems) : this.readCountRow(line, problems);
  }

  /** A customer-list row: one customer, at the start of the period, retained unless churned. */
  private readListRow(line: number, problems: RowProblem[]): CustomerRow | null {
    const before = problems.length;
    const churned = this.boolean('churned');
    if (churned === null && this.cell('churned') === null) this.problem('churned', 'is required', null);
    const periodStart = this.time('period_start');
    if (problems.length > before) return null;
    return { line, periodStart, periodEnd: null, customersStart: 1, customersEnd: churned ? 0 : 1, newCustomers: 0 };
  }

  private readCountRow(line: number, problems: RowProblem[]): CustomerRow | null {
    const before = problems.length;
    const periodStart = this.time('period_start');
    const periodEnd = this.notBefore('period_end', this.time('period_end'), periodStart, 'period_start');
    const s = this.required('customers_start');
    const e = this.required('customers_end');
    const n = this.required('new_customers');
    const lost = this.integer('lost_customers', 0);
    if (periodStart === null && this.cell('period_start') === null) this.problem('period_start', 'is required', null);
    if (s !== null && e !== null && n !== null) {
      const kept = e - n;
      if (kept < 0 || kept > s)
        this.problem('customers_end', `customers_end − new_customers = ${kept} must lie in 0..customers_start (${s})`, this.cell('customers_end'));
      else if (lost !== null && lost !== s - kept)
        this.problem('lost_customers', `must equal customers_start − (customers_end − new_customers) = ${s - kept}`, this.cell('lost_customers'));
    }
    if (periodStart !== null && problems.length === before) {
      const first = this.seen.get(periodStart);
      if (first !== undefined) this.problem('period_start', `same period as line ${first}`, this.cell('period_start'));
      else this.seen.set(periodStart, line);
    }
    if (problems.length > before) return null;
    return { line, periodStart: periodStart!, periodEnd, customersStart: s!, customersEnd: e!, newCustomers: n! };
  }

  private required(column: string): number | null {
    if (this.cell(column) === null) {
      this.problem(column, 'is required', null);
      return null;
    }
    return this.integer(column, 0);
  }
}
