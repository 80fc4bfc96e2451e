/** Reads ticket records (one row per ticket or conversation) into TicketRows. */
import type { RowProblem } from '../../errors.js';
import { IdValue } from '../../structures/id-value.js';
import { IdNumbering } from '../../structures/numbered-id.js';
import type { TicketIds } from '../../structures/ticket-ids.js';
import type { RecordView } from '../csv/scanner.js';
import type { HeaderMapping } from '../header/columns.js';
import { NO_VIEW, RESOLVED_STATUSES, RowReader, TEXT_ASCII, TEXT_EMPTY, normalizeToken } from './row-reader.js';
import type { Col } from './row-reader.js';
import type { ReadOptions, TicketRow } from './row-types.js';
import { OFFSET_SAMPLE, PLACEHOLDERS, offsetOf, seeOpenStatus, seeStatus } from './observations.js';
import type { OpenStatus } from './observations.js';

const ID_NONE = 0;
const ID_STRING = 1;
const ID_NUMBER = 2;
/** An ASCII id of no numbered form (UUID, e-mail…), held as its bytes in the record. */
const ID_BYTES = 3;

/** Whether bytes[a, b) are all ASCII (each byte one code unit, whatever the file's encoding). */
function ascii(bytes: Uint8Array, a: number, b: number): boolean {
  let high = 0;
  for (let i = a; i < b; i++) high |= bytes[i];
  return high < 0x80;
}

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
    frBusinessHours: this.col('first_response_business_hours'),
    resolvedAt: this.col('resolved_at'),
    resSeconds: this.col('resolution_seconds'),
    resMinutes: this.col('resolution_minutes'),
    resHours: this.col('resolution_hours'),
    resBusinessSeconds: this.col('resolution_business_seconds'),
    resBusinessMinutes: this.col('resolution_business_minutes'),
    resBusinessHours: this.col('resolution_business_hours'),
    status: this.col('status'),
    channel: this.col('channel'),
    agent: this.col('agent'),
    team: this.col('team'),
    priority: this.col('priority'),
    customerId: this.col('customer_id'),
    contacts: this.col('contacts'),
    reopened: this.col('reopened'),
    replies: this.col('replies'),
    rwSeconds: this.col('requester_wait_seconds'),
    rwMinutes: this.col('requester_wait_minutes'),
    rwHours: this.col('requester_wait_hours'),
    rwBusinessSeconds: this.col('requester_wait_business_seconds'),
    rwBusinessMinutes: this.col('requester_wait_business_minutes'),
    rwBusinessHours: this.col('requester_wait_business_hours'),
    awSeconds: this.col('agent_work_seconds'),
    awMinutes: this.col('agent_work_minutes'),
    awHours: this.col('agent_work_hours'),
    awBusinessSeconds: this.col('agent_work_business_seconds'),
    awBusinessMinutes: this.col('agent_work_business_minutes'),
    awBusinessHours: this.col('agent_work_business_hours'),
    talk: this.col('talk_seconds'),
    hold: this.col('hold_seconds'),
    wrap: this.col('after_work_seconds'),
    handle: this.col('handle_seconds'),
    selfService: this.col('self_service'),
    csatScore: this.col('csat_score'),
    slaMet: this.col('sla_met'),
  };
  /** Channel text → self-service or not (a handful of distinct channels, millions of rows). */
  private readonly selfServiceByChannel = new Map<string, boolean>();
  /** Status text → resolved or not, for the same reason. */
  private readonly resolvedByStatus = new Map<string, boolean>();
  /** Valid rows sampleRow has looked at. */
  private sampledRows = 0;
  /** Status text that does not mean resolved → its entry in the observations (null: past the sample). */
  private readonly openByStatus = new Map<string, OpenStatus | null>();
  private readonly row: TicketRow = {
    line: 0, id: new IdValue(), createdAt: 0, firstResponseAt: null, firstResponseGiven: null, firstResponseBusinessGiven: null, firstResponseDropped: false,
    resolvedAt: null, resolutionGiven: null, resolutionBusinessGiven: null, resolutionDropped: false, resolved: false, channel: null, agent: null,
    team: null, priority: null, customer: new IdValue(), contacts: null, reopened: null, replies: null, requesterWaitGiven: null,
    requesterWaitBusinessGiven: null, agentWorkGiven: null, agentWorkBusinessGiven: null, firstResponseBusinessColumn: false,
    resolutionBusinessColumn: false, handleSeconds: null, selfService: false, csatScore: null, csatOffered: false, slaMet: null, fields: [],
  };

  /** What this file's lines add up to in seen's one sequence of lines (TicketIds.startFile). */
  private readonly base: number;

  constructor(file: string, mapping: HeaderMapping, options: ReadOptions, seen: TicketIds) {
    super(file, mapping, options);
    this.seen = seen;
    this.base = seen.startFile(file);
  }

  /** The alternative columns of one duration, in order, keeping only those the file has. */
  private readonly given = {
    firstResponse: this.present(this.c.frSeconds, this.c.frMinutes, this.c.frHours),
    firstResponseBusiness: this.present(this.c.frBusinessSeconds, this.c.frBusinessMinutes, this.c.frBusinessHours),
    resolution: this.present(this.c.resSeconds, this.c.resMinutes, this.c.resHours),
    resolutionBusiness: this.present(this.c.resBusinessSeconds, this.c.resBusinessMinutes, this.c.resBusinessHours),
    requesterWait: this.present(this.c.rwSeconds, this.c.rwMinutes, this.c.rwHours),
    requesterWaitBusiness: this.present(this.c.rwBusinessSeconds, this.c.rwBusinessMinutes, this.c.rwBusinessHours),
    agentWork: this.present(this.c.awSeconds, this.c.awMinutes, this.c.awHours),
    agentWorkBusiness: this.present(this.c.awBusinessSeconds, this.c.awBusinessMinutes, this.c.awBusinessHours),
  };

  /** Whether the current record's csat_score cell is an offered-not-answered token (read only when the score is empty). */
  private offered(): boolean {
    const tokens = this.options.offeredTokens;
    const c = this.c.csatScore;
    if (tokens === undefined || tokens.size === 0 || c.index < 0) return false;
    const raw = this.view.field(this.fields, c.index);
    return raw !== undefined && tokens.has(raw.trim().toLowerCase());
  }

  /** Duration columns whose 0 means none while their time column is empty (ReadOptions.zeroMeansNone). */
  private readonly zeroMeansNone = new Set(this.options.zeroMeansNone?.keys() ?? []);

  private present(...cols: Col[]): Col[] {
    return cols.filter((c) => this.has(c));
  }

  /**
   * One duration from the first of several alternative columns that has a value. at: the
   * time the duration leads to; when it is empty, a 0 in a zeroMeansNone column is no value.
   */
  private firstDuration(cols: Col[], at: number | null): number | null {
    for (let i = 0; i < cols.length; i++) {
      const v = this.duration(cols[i]);
      if (v === 0 && at === null && this.zeroMeansNone.has(cols[i].name)) continue;
      if (v !== null) {
        this.gave = cols[i];
        return v;
      }
    }
    this.gave = null;
    return null;
  }

  /**
   * The column the last firstDuration took its value from (null: none had one), for checkGiven. A
   * field rather than a returned pair: firstDuration runs several times for every row, and
   * a pair would be an allocation each time.
   */
  private gave: Col | null = null;

  /**
   * Counts a row whose duration column disagrees with its timestamps by more than
   * durationMargin (rounding to whole minutes or hours, timestamps written to the minute:
   * not a disagreement); at: the time column. The timestamps win (report-builder.ts), so
   * without this a column mapped from another field would never show.
   */
  private checkGiven(given: number | null, col: Col | null, at: string, from: number, to: number | null, line: number): void {
    if (given === null || to === null || col === null) return;
    const stamped = (to - from) / 1000;
    if (Math.abs(stamped - given) <= durationMargin(col.unit)) return;
    const seen = this.observed.timeMismatches;
    const m = seen[col.name];
    if (m) m.count++;
    else seen[col.name] = { count: 1, first: { line, unit: col.unit, at, given, stamped } };
  }

  /** The coarsest unit of handle_seconds and the parts the file maps (each rounds to its own). */
  private readonly handleUnit = Math.max(this.c.handle.unit, ...this.present(this.c.talk, this.c.hold, this.c.wrap).map((p) => p.unit));

  /** Counts a row whose handle_seconds and parts disagree by more than handleUnit. */
  private checkHandle(handle: number, parts: number, line: number): void {
    const unit = this.handleUnit;
    if (Math.abs(handle - parts) <= unit) return;
    const seen = (this.observed.handleParts ??= { count: 0, first: { line, handle, parts, unit } });
    seen.count++;
  }

  /**
   * The first OFFSET_SAMPLE valid rows: whether their customer_id is a placeholder word, and
   * whether their timestamps give their offset, per column read as ISO 8601 in --tz (not a
   * date format's, nor a header's zone: those have none by design).
   */
  private sampleRow(): void {
    this.sampledRows++;
    const customer = this.cell(this.c.customerId);
    if (customer !== null && PLACEHOLDERS.has(customer.toLowerCase())) {
      const words = (this.observed.placeholderCustomers ??= {});
      words[customer] = (words[customer] ?? 0) + 1;
    }
    if (this.options.parseTime !== undefined) return;
    const offsets = (this.observed.offsets ??= {});
    for (const col of [this.c.createdAt, this.c.firstResponseAt, this.c.resolvedAt]) {
      if (this.mapping.zones.has(col.name)) continue;
      const text = this.cell(col);
      if (text === null) continue;
      const n = (offsets[col.name] ??= { cells: 0, withOffset: 0, utc: 0 });
      n.cells++;
      const offset = offsetOf(text);
      if (offset === null) continue;
      n.withOffset++;
      if (/^([zZ]|[+-]00(:?00)?)$/.test(offset)) n.utc++;
    }
  }

  /** Counts a ticket whose status does not mean resolved, and whether it has a resolution time. */
  private countOpen(status: string, timed: boolean): void {
    let e = this.openByStatus.get(status);
    if (e === undefined) this.openByStatus.set(status, (e = seeOpenStatus(this.observed, status)));
    if (e === null) return;
    e.rows++;
    if (timed) e.timed++;
  }

  private isResolvedStatus(status: string): boolean {
    let v = this.resolvedByStatus.get(status);
    if (v === undefined) {
      this.resolvedByStatus.set(status, (v = RESOLVED_STATUSES.has(status.toLowerCase())));
      seeStatus(this.observed, status, v, RESOLVED_STATUSES);
    }
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

  /** The current record's id: its text (ID_STRING), its number in the ids' numbering (ID_NUMBER), or bytes idFrom..idTo (ID_BYTES). */
  private id: string | null = null;
  private idNumber = -1;
  private idFrom = 0;
  private idTo = 0;

  /**
   * Reads the current record's id straight from its bytes: as a number when it is a numbered
   * id of the file's form (T1, TK00000001… — no string made), else as those bytes when they
   * are ASCII (UUIDs, e-mails — no string made either), else as text.
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
        this.id = null;
        if (this.idNumber >= 0) return ID_NUMBER;
        if (ascii(this.view.bytes, this.ra, this.rb)) return ID_BYTES;
      }
    }
    this.id = this.cell(c);
    return this.id === null ? ID_NONE : ID_STRING;
  }

  /** The numbering of the file's customer ids. */
  private readonly customerIds = new IdNumbering();

  /**
   * The customer id straight from its bytes when no group needs its text: as a number when
   * it has the file's numbered form, else as its ASCII bytes (e-mails, UUIDs).
   */
  private readCustomer(id: IdValue): void {
    const c = this.c.customerId;
    if (c.lazy && this.view.lazy && !c.wanted) {
      const t = this.textRange(c);
      if (t === TEXT_EMPTY) {
        id.set(null);
        return;
      }
      const v = t === TEXT_ASCII ? this.customerIds.ofBytes(this.view.bytes, this.ra, this.rb, this.decode) : -1;
      if (v >= 0) {
        id.setNumbered(this.customerIds.form!, v);
        return;
      }
      if (t === TEXT_ASCII && ascii(this.view.bytes, this.ra, this.rb)) {
        id.setAscii(this.view.bytes, this.ra, this.rb);
        return;
      }
    }
    id.set(this.cell(c));
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
    // Fields left out under drop_field are counted here, so the ticket knows which of its times is unknown.
    const dropped0 = this.dropped.length;
    const firstResponseAt = this.notBefore(c.firstResponseAt, this.time(c.firstResponseAt), createdAt, 'created_at');
    const firstResponseGiven = this.firstDuration(this.given.firstResponse, firstResponseAt);
    const firstResponseCol = this.gave;
    const firstResponseBusinessGiven = this.firstDuration(this.given.firstResponseBusiness, firstResponseAt);
    const dropped1 = this.dropped.length;
    const resolvedAt = this.notBefore(c.resolvedAt, this.time(c.resolvedAt), createdAt, 'created_at');
    const resolutionGiven = this.firstDuration(this.given.resolution, resolvedAt);
    const resolutionCol = this.gave;
    const resolutionBusinessGiven = this.firstDuration(this.given.resolutionBusiness, resolvedAt);
    const dropped2 = this.dropped.length;
    const status = this.cell(c.status);
    const contacts = this.integer(c.contacts, 1);
    const reopened = this.reopenedFlag(c.reopened);
    const replies = this.integer(c.replies, 0);
    const requesterWait = this.firstDuration(this.given.requesterWait, null);
    const requesterWaitBusiness = this.firstDuration(this.given.requesterWaitBusiness, null);
    const agentWork = this.firstDuration(this.given.agentWork, null);
    const agentWorkBusiness = this.firstDuration(this.given.agentWorkBusiness, null);
    const talk = this.duration(c.talk);
    const hold = this.duration(c.hold);
    const wrap = this.duration(c.wrap);
    const handle = this.duration(c.handle);
    const selfServiceFlag = this.boolean(c.selfService);
    const slaMet = this.boolean(c.slaMet);
    const channel = this.cell(c.channel);
    const csatScore = this.inScale(c.csatScore, this.number(c.csatScore), this.options.csatScale, false, 'csat');
    if (idState !== ID_NONE) {
      // An id counts as seen even on an invalid row: a later row reusing it is still a duplicate.
      // Lines of all tickets files are one sequence in seen (base: this file's start in it).
      const at = line + this.base;
      const first =
        idState === ID_NUMBER
          ? this.seen.seeNumber(this.idNumber, this.idText, at)
          : idState === ID_BYTES
            ? this.seen.seeAscii(this.view.bytes, this.idFrom, this.idTo, at)
            : this.seen.see(this.id!, at);
      if (first !== 0) this.problemAbout('id', 'duplicate of the ticket on', this.idText(), this.seen.origin(first));
    }
    if (problems.length > before) return null;
    this.checkGiven(firstResponseGiven, firstResponseCol, 'first_response_at', createdAt!, firstResponseAt, line);
    const r = this.row;
    r.line = line;
    // A numbered id stays a number unless a join or --by id wants its text.
    if (idState === ID_NUMBER && !this.c.id.wanted) r.id.setNumbered(this.seen.form!, this.idNumber);
    else if (idState === ID_BYTES && !this.c.id.wanted) r.id.setAscii(this.view.bytes, this.idFrom, this.idTo);
    else r.id.set(this.idText());
    r.createdAt = createdAt!;
    r.firstResponseAt = firstResponseAt;
    r.firstResponseGiven = firstResponseGiven;
    r.firstResponseBusinessGiven = firstResponseBusinessGiven;
    r.resolvedAt = resolvedAt;
    r.resolutionGiven = resolutionGiven;
    r.resolutionBusinessGiven = resolutionBusinessGiven;
    r.firstResponseDropped = dropped1 > dropped0;
    r.resolutionDropped = dropped2 > dropped1;
    r.resolved = status !== null ? this.isResolvedStatus(status) : resolvedAt !== null || resolutionGiven !== null;
    if (status !== null && !r.resolved) this.countOpen(status, resolvedAt !== null || resolutionGiven !== null);
    // An open ticket's resolution times feed no KPI: a stale resolved_at is not a disagreement.
    if (r.resolved) this.checkGiven(resolutionGiven, resolutionCol, 'resolved_at', createdAt!, resolvedAt, line);
    r.channel = channel;
    r.agent = this.groupCell(c.agent);
    r.team = this.groupCell(c.team);
    r.priority = this.groupCell(c.priority);
    this.readCustomer(r.customer);
    r.contacts = contacts;
    r.reopened = reopened;
    r.replies = replies;
    r.requesterWaitGiven = requesterWait;
    r.requesterWaitBusinessGiven = requesterWaitBusiness;
    r.agentWorkGiven = agentWork;
    r.agentWorkBusinessGiven = agentWorkBusiness;
    r.firstResponseBusinessColumn = this.given.firstResponseBusiness.length > 0;
    r.resolutionBusinessColumn = this.given.resolutionBusiness.length > 0;
    if (this.sampledRows < OFFSET_SAMPLE) this.sampleRow();
    const parts = talk === null && hold === null && wrap === null ? null : (talk ?? 0) + (hold ?? 0) + (wrap ?? 0);
    if (handle !== null && parts !== null) this.checkHandle(handle, parts, line);
    r.handleSeconds = handle ?? parts;
    r.selfService = selfServiceFlag ?? (channel !== null && this.isSelfServiceChannel(channel));
    r.csatScore = csatScore;
    r.slaMet = slaMet;
    r.csatOffered = csatScore === null && this.offered();
    if (csatScore !== null) {
      const s = this.observed.scores.csat;
      s.count++;
      if (csatScore > s.max) s.max = csatScore;
    }
    r.fields = fields;
    return r;
  }
}

/**
 * How far a duration column may be from its timestamps before they disagree: its unit
 * (a whole number of minutes or hours is rounded), at least a minute (timestamps written
 * to the minute).
 */
export function durationMargin(unitSeconds: number): number {
  return Math.max(unitSeconds, 60);
}
