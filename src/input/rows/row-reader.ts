/**
 * What the three readers share: columns resolved once per file, cells read from the scanner's
 * bytes where they lie (the fast path) or from sliced strings (the plain path), with the same
 * rules and messages either way, and the problems of each record collected.
 */
import type { RowProblem } from '../../errors.js';
import { whereIs } from '../../errors.js';
import type { Scale } from '../../metrics/facts.js';
import { Interner } from '../../structures/interner.js';
import { MAX_DURATION, digitsAt, parseBoolean, parseDuration, parseInteger, parseNumber, parseReopened } from '../cells/cells.js';
import { RecordView } from '../csv/scanner.js';
import type { HeaderMapping } from '../header/columns.js';
import { COLUMNS, CUSTOMER_LIST_REQUIRED, REQUIRED } from '../header/columns.js';
import { TimeZone } from '../../time/time-zone.js';
import { ParseFailure, parseTimestamp, parseTimestampAt, yearsIn } from '../cells/timestamp.js';
import type { Parsed } from '../cells/timestamp.js';
import type { ReadOptions, ValidYears } from './row-types.js';
import { emptyObservations } from './observations.js';
import type { Observations } from './observations.js';
import { maybeSpace, trimEnd, trimStart } from '../cells/trim.js';

/** For records read without a scanner (tests): nothing is lazy. */
export const NO_VIEW = new RecordView();

/** The years a timestamp may fall in unless --valid-years says otherwise. */
export const DEFAULT_FIRST_YEAR = 1970;
export const DEFAULT_LAST_YEAR = 2099;

export const RESOLVED_STATUSES = new Set(['resolved', 'solved', 'closed']);
export const SURVEY_TYPES = new Set<string>(['csat', 'nps', 'ces']);

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
  /** Cells read that had a value (see Observations.filled). */
  filled: number;
  /** For a time column: the zone its values are written in (its header's, else the run's). */
  zone: TimeZone;
}

const LAZY_TYPES = new Set(['timestamp', 'date', 'duration', 'integer', 'positive_integer', 'number']);
/** Text columns with few distinct values, read through an Interner; ids are not among them. */
const INTERNED_TYPES = new Set(['string', 'boolean', 'reopened']);
const ID_COLUMNS = new Set(['id', 'ticket_id', 'customer_id']);
/** The smaller of two positions from indexOf, −1 meaning none (then −1 if both are). */
function nearer(a: number, b: number): number {
  return a < 0 ? b : b < 0 || a < b ? a : b;
}

/** Each kind's time column: a line that reads as a row has a time there (seeSwallowed). */
const ANCHOR: Record<HeaderMapping['kind'], string> = { tickets: 'created_at', surveys: 'responded_at', customers: 'period_start' };

export const TEXT_EMPTY = 0;
export const TEXT_ASCII = 1;
export const TEXT_OTHER = 2;

/**
 * A number whose dots could group thousands: 1 to 3 digits (not a leading 0: `0.250` is a
 * fraction), then groups of exactly 3 (`1.200`, `12.345.678`).
 */
const THOUSANDS_LIKE = /^[1-9]\d{0,2}(?:\.\d{3})+$/;

/** A record's problem when its field count is not the header's (both engines say it so). */
export function fieldCountMessage(got: number, want: number): string {
  return `has ${got} field${got === 1 ? '' : 's'}, the header has ${want}`;
}

/**
 * Reads the records of one file into rows, collecting what is wrong with each. One
 * reader per file: columns are resolved once, so reading a cell is an array index, and
 * the row object is reused (a caller must copy what it keeps).
 */
export abstract class RowReader {
  protected problems: RowProblem[] = [];
  protected fields: string[] = [];
  protected view: RecordView = NO_VIEW;
  protected line = 0;
  protected readonly parseTime: (text: string, zone: TimeZone) => Parsed<number>;
  private readonly nullTokens: ReadonlySet<string> | null;
  /** Timestamps must lie in [years.from, years.to): the valid years. */
  private readonly years: ValidYears;
  /** Times after this are counted in Observations.future. */
  private readonly futureAfter: number;
  /**
   * Problems of the current record's optional fields that were left out under
   * invalid_fields "drop_field" (the caller takes them after each record): the row stays.
   */
  readonly dropped: RowProblem[] = [];
  /** Columns without which a row means nothing: their problems always make the row invalid. */
  private readonly essential: ReadonlySet<string>;
  private readonly dropFields: boolean;

  constructor(
    readonly file: string,
    readonly mapping: HeaderMapping,
    readonly options: ReadOptions,
  ) {
    this.parseTime = options.parseTime ?? parseTimestamp;
    this.nullTokens = options.nullTokens.size > 0 ? options.nullTokens : null;
    this.years = options.validYears ?? yearsIn(DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR, options.zone);
    // A customers file's periods may end after today (this month's counts).
    this.futureAfter = mapping.kind === 'customers' ? Infinity : (options.futureAfter ?? Infinity);
    const kind = mapping.kind;
    this.essential = new Set([...REQUIRED[kind], ...(kind === 'surveys' ? ['type'] : []), ...(kind === 'customers' ? CUSTOMER_LIST_REQUIRED : [])]);
    this.dropFields = options.invalidFields === 'drop_field';
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
    const zone = this.mapping.zones?.get(name);
    return {
      name,
      index,
      zone: zone === undefined ? this.options.zone : TimeZone.of(zone),
      join: this.mapping.joins.get(name) ?? null,
      map,
      unit: spec?.unitSeconds ?? 1,
      lazy: interned || byteId || (plain && !custom && LAZY_TYPES.has(spec?.type ?? '')),
      intern: interned ? new Interner() : null,
      wanted: true,
      parsed: interned ? new Map() : null,
      filled: 0,
    };
  }

  /** What this reader saw beyond each row's validity (see Observations). */
  protected readonly observed: Observations = emptyObservations();
  /** The file's delimiter (load.ts sets it): for telling a line inside a quoted field that reads as a row. */
  delimiter = ',';

  /** The observations so far, with each mapped column's count of cells with a value. */
  observations(): Observations {
    for (const c of Object.values(this.cols())) if (this.has(c)) this.observed.filled[c.name] = c.filled;
    return this.observed;
  }

  /** Decodes bytes of the current record (for the interners). */
  protected readonly decode = (a: number, b: number): string => this.view.decode(a, b);

  /** Which record fields the scanner may leave unsliced for this reader (see RecordView). */
  lazyMask(): Uint8Array {
    // Columns this reader never reads (a wide export's others) are lazy too: never sliced,
    // skipped at byte speed; a reject or a group key still gets them (RecordView.field).
    const mask = new Uint8Array(this.mapping.header.length).fill(1);
    for (const c of Object.values(this.cols())) {
      if (c.index >= 0 && !c.lazy) mask[c.index] = 0;
      for (const k of c.join ?? []) mask[k] = 0;
    }
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
    const a = trimStart(v.bytes, v.starts[c.index], v.ends[c.index], v.encoding);
    this.ra = a;
    this.rb = trimEnd(v.bytes, a, v.ends[c.index], v.encoding);
    if (a === this.rb) return false;
    c.filled++;
    return true;
  }

  /**
   * Trims a lazy text column's byte range as String.prototype.trim would, into ra/rb:
   * TEXT_EMPTY, TEXT_ASCII (ASCII at both edges: the range is the trimmed cell), or
   * TEXT_OTHER (non-ASCII at an edge: the string path reads it).
   */
  protected textRange(c: Col): number {
    this.range(c);
    const t = this.view.bytes, a = this.ra, b = this.rb;
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
    if (view.multiline) this.seeSwallowed(fields);
    const want = this.mapping.header.length;
    if (fields.length !== want) {
      this.problem('(row)', fieldCountMessage(fields.length, want), null);
      return false;
    }
    return true;
  }

  /**
   * A record over several lines: does a field hold lines that read as rows of this file? Such a
   * line has exactly as many delimiters as the header (a quote in it would have ended the stray
   * field, so none is quoted) and a time in the file's time column (created_at, responded_at,
   * period_start) where a row has it: prose or an address with commas in a narrow file has the
   * commas (a third of a real export's descriptions in 3 columns), not the time. A file without
   * such a column (or with it joined from several) says nothing here.
   */
  private seeSwallowed(fields: readonly string[]): void {
    const want = this.mapping.header.length - 1;
    const anchor = this.mapping.index.get(ANCHOR[this.mapping.kind]) ?? -1;
    if (anchor < 0) return;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      // Each line after the first (LF, CRLF or a lone CR ends one), walked without splitting
      // (records of several lines are every record of a file with a free-text column), the next
      // LF and CR each searched for once: linear in the field.
      let rows = 0;
      let lf = f.indexOf('\n');
      let cr = f.indexOf('\r');
      for (let end = nearer(lf, cr); end >= 0; ) {
        const start = end + (f.charCodeAt(end) === 13 && f.charCodeAt(end + 1) === 10 ? 2 : 1);
        if (lf >= 0 && lf < start) lf = f.indexOf('\n', start);
        if (cr >= 0 && cr < start) cr = f.indexOf('\r', start);
        end = nearer(lf, cr);
        if (this.readsAsRow(f, start, end < 0 ? f.length : end, want, anchor)) rows++;
      }
      if (rows === 0) continue;
      const s = (this.observed.swallowed ??= { count: 0, first: { line: this.line, column: this.mapping.header[i] ?? `field ${i + 1}`, rows } });
      s.count++;
      return;
    }
  }

  /**
   * An invalid record (the caller knows) that is the header line again, cell for cell: files
   * joined with `cat` repeat it. Every kind has a typed required column, which a header's
   * name fails, so only invalid records need the look.
   */
  seeRepeatedHeader(fields: readonly string[]): void {
    const h = this.mapping.header;
    if (fields.length !== h.length) return;
    for (let i = 0; i < h.length; i++) if (this.view.field(fields, i).trim() !== h[i].trim()) return;
    (this.observed.repeatedHeader ??= { count: 0, line: this.line }).count++;
  }

  /** Whether text[from, to) has exactly want delimiters and a time in its cell number anchor. */
  private readsAsRow(text: string, from: number, to: number, want: number, anchor: number): boolean {
    let n = 0;
    let cellFrom = anchor === 0 ? from : -1;
    let cellTo = to;
    for (let at = text.indexOf(this.delimiter, from); at >= 0 && at < to; at = text.indexOf(this.delimiter, at + 1)) {
      if (++n > want) return false;
      if (n === anchor) cellFrom = at + 1;
      else if (n === anchor + 1) cellTo = at;
    }
    if (n !== want) return false;
    const cell = text.slice(cellFrom, cellTo).trim();
    return cell !== '' && !(this.parseTime(cell, this.options.zone) instanceof ParseFailure);
  }

  protected problem(column: string, message: string, value: string | null): void {
    this.problems.push({ file: this.file, line: this.line, column, message, value });
  }

  /** A problem naming another row (ref) at the end of its message: `… on line 6`, or `… on a.csv:2` in another file. */
  protected problemAbout(column: string, message: string, value: string | null, ref: { file: string; line: number }): void {
    this.problems.push({ file: this.file, line: this.line, column, message: `${message} ${whereIs(ref, this.file)}`, value, ref });
  }

  /** A problem with one field's value: the row's, or (drop_field, an optional column) that field's alone. */
  protected fieldProblem(column: string, message: string, value: string | null): void {
    if (this.dropFields && !this.essential.has(column)) this.dropped.push({ file: this.file, line: this.line, column, message, value });
    else this.problem(column, message, value);
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
        const p = this.part(k);
        if (p !== null) parts.push(p);
      }
      v = parts.join(' ');
    } else return null;
    if (c.map !== null) v = c.map.get(v.trim().toLowerCase()) ?? v;
    const n = v.length;
    if (n === 0) return null;
    if (maybeSpace(v.charCodeAt(0)) || maybeSpace(v.charCodeAt(n - 1))) {
      v = v.trim();
      if (v.length === 0) return null;
    }
    if (this.nullTokens !== null && this.nullTokens.has(v)) return null;
    c.filled++;
    return v;
  }

  private check<T>(c: Col, raw: string, v: Parsed<T>): T | null {
    if (v instanceof ParseFailure) {
      this.fieldProblem(c.name, v.message, raw);
      return null;
    }
    return v;
  }

  protected time(c: Col): number | null {
    // A local time a DST change skipped is read (as Date reads it) and counted, once per file in a note.
    const zone = this.options.zone;
    const gaps = zone.gaps;
    const v = this.timeOf(c);
    if (zone.gaps !== gaps) {
      this.observed.dstGaps++;
      this.observed.firstGap ??= { line: this.line, column: c.name, text: this.cell(c) ?? '' };
    }
    if (v !== null && v > this.futureAfter) (this.observed.future ??= { count: 0, first: { line: this.line, column: c.name, text: this.cell(c) ?? '' } }).count++;
    return v;
  }

  private timeOf(c: Col): number | null {
    if (c.lazy && this.view.lazy) {
      if (!this.range(c)) return null;
      const v = parseTimestampAt(this.view.bytes, this.ra, this.rb, c.zone);
      if (typeof v === 'number' && v >= this.years.from && v < this.years.to) return v;
      // Decodes the cell only to quote it in a problem.
      return this.plausible(c, this.view.decode(this.ra, this.rb), v);
    }
    const raw = this.cell(c);
    if (raw !== null && c.join !== null) {
      // A date and a time joined (config "join"): the date alone would read as midnight, a plausible wrong time.
      const empty = c.join.find((k) => this.part(k) === null);
      if (empty !== undefined) {
        this.fieldProblem(c.name, `${JSON.stringify(this.mapping.header[empty])} is empty (${c.name} joins ${c.join.map((k) => JSON.stringify(this.mapping.header[k])).join(' and ')})`, raw);
        return null;
      }
    }
    return raw === null ? null : this.plausible(c, raw, this.parseTime(raw, c.zone));
  }

  /** A record field a join reads, trimmed; null when it is empty or a null token (left out of the join). */
  private part(k: number): string | null {
    const p = this.view.field(this.fields, k).trim();
    return p === '' || (this.nullTokens?.has(p) ?? false) ? null : p;
  }

  /** A parsed time within the valid years, else null with its problem. */
  private plausible(c: Col, raw: string, v: Parsed<number>): number | null {
    if (typeof v !== 'number') return this.check<number>(c, raw, v);
    if (v >= this.years.from && v < this.years.to) return v;
    const { first, last } = this.years;
    const year = new Date(c.zone.toLocal(v)).getUTCFullYear();
    this.fieldProblem(c.name, `year ${year} is outside ${first}..${last} (a placeholder for "no date"? --valid-years sets the range)`, raw);
    return null;
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

  /**
   * A number read from a cell (v; null when it was not), seen for Observations.thousandsDots
   * in a file delimited by `;`: a cell with a dot counted as looking like thousands (`1.200`)
   * or as a decimal. Only cells that are not plain digits come here (the fast paths return
   * before), and only read ones: in a whole-number column `1.200` is refused, but `12.000`
   * is read as 12 (a spreadsheet's 12.0), where the file may mean twelve thousand.
   */
  private dotted<T>(c: Col, raw: string, v: T | null): T | null {
    if (v === null || this.delimiter !== ';' || raw.indexOf('.') < 0) return v;
    const s = raw.trim();
    const dots = (this.observed.thousandsDots ??= {});
    const d = (dots[c.name] ??= { count: 0, first: null, decimals: 0 });
    if (!THOUSANDS_LIKE.test(s)) d.decimals++;
    else if (d.count++ === 0) d.first = { line: this.line, text: s };
    return v;
  }

  protected duration(c: Col): number | null {
    let raw: string | null;
    if (c.lazy && this.view.lazy) {
      const v = this.digits(c);
      if (v === -1) return null;
      // Beyond the cap (epoch milliseconds in a seconds column), the general parser says why.
      if (v >= 0 && v * c.unit <= MAX_DURATION) return v * c.unit;
      raw = v >= 0 ? this.view.decode(this.ra, this.rb) : this.rawText;
    } else raw = this.cell(c);
    return raw === null ? null : this.dotted(c, raw, this.check(c, raw, parseDuration(raw, c.unit)));
  }

  protected integer(c: Col, min: number): number | null {
    let raw: string | null;
    if (c.lazy && this.view.lazy) {
      const v = this.digits(c);
      if (v === -1) return null;
      if (v >= min) return v;
      raw = v === -2 ? this.rawText : this.view.decode(this.ra, this.rb);
    } else raw = this.cell(c);
    return raw === null ? null : this.dotted(c, raw, this.check(c, raw, parseInteger(raw, min)));
  }

  protected number(c: Col): number | null {
    let raw: string | null;
    if (c.lazy && this.view.lazy) {
      const v = this.digits(c);
      if (v !== -2) return v < 0 ? null : v;
      raw = this.rawText;
    } else raw = this.cell(c);
    if (raw === null) return null;
    const v = parseNumber(raw);
    // A column with a value map (rating words): say where an unknown word can be added.
    return this.dotted(c, raw, this.check(c, raw, v instanceof ParseFailure && c.map !== null ? new ParseFailure(`not a number, nor a word the value map knows (add it to the config's values.${c.name})`) : v));
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
    this.fieldProblem(c.name, `is before ${what}`, this.cell(c));
    return null;
  }

  /** A score within scale (integer-only when integral). */
  protected inScale(c: Col, score: number | null, scale: Scale, integral: boolean, label: string): number | null {
    if (score === null) return null;
    if (score < scale.min || score > scale.max || (integral && !Number.isInteger(score))) {
      this.fieldProblem(c.name, `${label} score must be ${integral ? 'a whole number ' : ''}in ${scale.min}..${scale.max}`, this.cell(c));
      return null;
    }
    return score;
  }

  /** A required cell: reports it when empty. */
  protected required(c: Col, value: string | number | null): void {
    if (value === null && this.cell(c) === null) this.problem(c.name, 'is required', null);
  }
}
