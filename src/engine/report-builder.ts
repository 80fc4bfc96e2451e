import { emptyTicketFacts } from '../metrics/facts.js';
import type { AnswerFacts, TicketFacts } from '../metrics/facts.js';
import { KpiSet } from '../metrics/kpi-set.js';
import type { KpiOptions, KpiResults } from '../metrics/kpi-set.js';
import type { KpiId } from '../metrics/definition.js';
import type { BacklogResult } from '../metrics/backlog.js';
import { kpiKinds } from '../input/header/coverage.js';
import type { FileKind } from '../input/header/columns.js';
import type { AnswerRow, CustomerRow, TicketRow } from '../input/rows/row-types.js';
import type { TimeZone } from '../time/time-zone.js';
import { formatInstant } from '../time/instant.js';
import type { GroupKey } from '../input/load.js';
import { daysInclusive, localDays, nextPeriod, periodCount, periodLabel, periodStart } from '../time/periods.js';
import { CsmError } from '../errors.js';
import type { Period } from '../time/periods.js';
import type { CompareEntry, GroupEntry, Report, SeriesEntry } from '../output/report.js';
import { NOT_REACHED, SPAN_DEPENDENT } from '../output/report.js';
import { withChange, withDifferenceFromTotal } from './significance.js';
import { missesTarget } from '../metrics/sla.js';
import type { SlaAsOf } from '../metrics/sla.js';
import type { Breach } from '../output/breaches.js';

/** Seconds between two instants on the report's clock (calendar, or business hours). */
export type ClockFn = (from: number, to: number) => number;

const calendarSeconds: ClockFn = (from, to) => (to - from) / 1000;

/** A ticket's resolution instant: resolved_at, else creation + the resolution time given; null when open or resolved at an unknown time. */
function resolvedInstant(row: TicketRow): number | null {
  if (!row.resolved) return null;
  return row.resolvedAt ?? (row.resolutionGiven !== null ? row.createdAt + row.resolutionGiven * 1000 : null);
}

/** Nulls the figures of a slice the data reaches none of, with NOT_REACHED: unknown, not 0. */
function unreachedKpis(kpis: KpiResults): void {
  for (const [id, k] of Object.entries(kpis) as [KpiId, KpiResults[KpiId]][]) {
    if (!k || k.value === null) continue;
    unknown(id, k, NOT_REACHED);
    if ('daily_average' in k) k.daily_average = null;
  }
}

/**
 * A KPI made unknown, with why (no input, or no data): its value, band and the figures that
 * would read emptiness as a state (UNREAD) null; no interval, and no sample, small or not.
 */
function unknown(id: KpiId, k: NonNullable<KpiResults[KpiId]>, note: string): void {
  Object.assign(k, { value: null, band: null, note }, UNREAD[id]);
  if (k.ci !== undefined) k.ci = null;
  if (k.small_sample !== undefined) k.small_sample = false;
  // An SLA's overdue tickets are of its missed ones (source targets only: the flag's have none).
  if (k.overdue !== undefined) k.overdue = null;
}

/**
 * Changes left out: every KPI's against a window the data does not reach ('all'); against one
 * it covers in part ('count'), those that grow with the days covered (SPAN_DEPENDENT).
 */
function uncompared(kpis: KpiResults, which: 'all' | 'count'): void {
  for (const k of which === 'all' ? Object.values(kpis) : SPAN_DEPENDENT.map((id) => kpis[id])) if (k && 'change' in k) Object.assign(k, { change: null, significant: null });
}

export interface BuildOptions {
  zone: TimeZone;
  /** Window as instants: from inclusive, to exclusive. */
  from: number | null;
  to: number | null;
  /** The window the report is compared with (--compare), accumulated beside it; none when absent. */
  previous?: { from: number; to: number } | null;
  period: Period | null;
  /** Group fields, outer first (--by, repeatable). */
  by: string[];
  kpi: KpiOptions;
  clock: ClockFn | null;
  /** --list breaches: keep each ticket of the window that missed an SLA (needs the tickets' id, priority and agent read). */
  listBreaches?: boolean;
}

export interface BuilderState {
  totals: KpiSet;
  previous: KpiSet | null;
  span: DataSpan;
  series: [number, KpiSet][];
  /** Per level (outer first), each group's keys, accumulators, whether a row of the window reached it and (with --period) its accumulators per period. */
  groups: [GroupKey[], KpiSet, boolean, [number, KpiSet][]?][][];
  /** --list breaches: the SLAs missed in this builder's rows. */
  breaches?: Breach[];
}

// What a KPI without an input column cannot count either: the figures that would read the
// missing column's emptiness as a state — every ticket unanswered, or pending an SLA, or open
// for the backlog's median age. Null, as the value; counts of what was read (tickets) stay.
const SLA_UNREAD = { met: null, missed: null, pending: null };
const UNREAD: Partial<Record<KpiId, object>> = {
  first_response_time: { unanswered: null },
  backlog: { age_at: null, median_age: null },
  sla_first_response: SLA_UNREAD,
  sla_resolution: SLA_UNREAD,
};

/** Where a row landed: used, outside the window, or an answer without a time. */
export type Placement = 'used' | 'outside_window' | 'unplaced';

/**
 * The first and last instants of the data read (every valid dated row, inside the window or
 * not), and of its tickets: what the data covers, for partial periods and censored figures.
 */
export interface DataSpan {
  first: number;
  last: number;
  /**
   * The first and last ticket creation instants (±Infinity without tickets): the days the
   * ticket export covers. A survey or customer file reaching further does not make a ticket
   * count whole, nor tell whether tickets are still open.
   */
  firstCreated: number;
  lastCreated: number;
  /**
   * The data's last ticket time: the latest creation or resolution instant of any ticket
   * read (in the window or not). The export was taken after it, so a ticket still waiting
   * for its first response or resolution at this instant has waited at least that long:
   * the SLAs judge their waiting tickets here (metrics/sla.ts).
   */
  lastTicket: number;
}

/**
 * One group at one level: its keys (one per level down to its own) and accumulators, and
 * its groups of the next level by their key. A tree of maps keyed by the values themselves
 * (null for none): no joined string that two different key lists could both produce.
 */
interface Group {
  keys: GroupKey[];
  set: KpiSet;
  children: Map<GroupKey, Group>;
  /** With --period: the group's accumulators per period start (the period × group table). */
  series: Map<number, KpiSet>;
  /**
   * A row of the window reached the group: only such groups are reported (a group made for
   * the backlog of tickets created before the window, and nothing else, is not).
   */
  used: boolean;
}

/**
 * Routes each valid row to the accumulators it belongs to: the totals, its period and
 * each level of its group, computing the row's facts once. Every slice is one more
 * KpiSet, so periods and groups cost no extra pass over the data.
 */
export class ReportBuilder {
  /** Not readonly: adopt() replaces it with slices computed elsewhere. */
  totals: KpiSet;
  /** The compared window's accumulators (--compare), or null. */
  private readonly previous: KpiSet | null;
  private readonly span: DataSpan = { first: Infinity, last: -Infinity, firstCreated: Infinity, lastCreated: -Infinity, lastTicket: -Infinity };
  private readonly series = new Map<number, KpiSet>();
  /** The outer level's groups, by key; each holds the next level's. */
  private readonly root = new Map<GroupKey, Group>();
  /** Every group of each level, in the order they were met. */
  private readonly levels: Group[][];
  private readonly placeByTime: boolean;
  /** The facts of the row being added, and its CSAT score as an answer: reused row after row. */
  private readonly facts: TicketFacts = emptyTicketFacts();
  private readonly csatAnswer: AnswerFacts = { type: 'csat', score: 0, offered: false };
  private readonly totalsOnly: KpiSet[];

  /** KPIs without input (no column, or only empty ones): reported as null with their note, in every slice. */
  private missing = new Map<KpiId, string>();

  /** --list breaches: the SLAs missed in the window, as met. */
  private readonly breaches: Breach[] | null;
  /** SLA targets per priority as written in the rows (looked up lower-cased once per distinct text). */
  private readonly prioritySla: Map<string, { firstResponse: number | null; resolution: number | null } | undefined> | null;

  constructor(readonly options: BuildOptions) {
    this.totals = new KpiSet(options.kpi);
    this.previous = options.previous ? new KpiSet(options.kpi) : null;
    if (this.previous) this.previousOnly = [this.previous];
    this.totalsOnly = [this.totals];
    this.levels = options.by.map(() => []);
    this.placeByTime = options.from !== null || options.to !== null || options.period !== null;
    this.breaches = options.listBreaches ? [] : null;
    const perPriority = options.kpi.slaPriorityTargets;
    this.prioritySla = perPriority && Object.keys(perPriority).length > 0 ? new Map() : null;
    // A window of ten thousand years by day is refused before anything is read.
    const { from, to, period, zone } = options;
    if (period !== null && from !== null && to !== null) checkPeriods(periodStart(zone.toLocal(from), period), periodStart(zone.toLocal(to - 1), period), period);
  }

  private inWindow(t: number): boolean {
    const { from, to } = this.options;
    return (from === null || t >= from) && (to === null || t < to);
  }

  /** The compared window's set when t falls in it (such a row is outside the report's own window). */
  private inPrevious(t: number): KpiSet | null {
    const p = this.options.previous;
    return p && t >= p.from && t < p.to ? this.previous : null;
  }

  /** [the compared window's set]: no array per ticket that falls in it. */
  private previousOnly: KpiSet[] = [];

  private seen(t: number): void {
    if (t < this.span.first) this.span.first = t;
    if (t > this.span.last) this.span.last = t;
  }

  /** The local period [start, next) of the last row placed: rows come in runs of one period, which then skip the calendar arithmetic. */
  private readonly lastPeriod = { start: 0, next: -Infinity };

  /** The local start of the period holding instant t (periodStart of its wall-clock time). */
  private periodOf(t: number): number {
    const local = this.options.zone.toLocal(t);
    const last = this.lastPeriod;
    if (local >= last.start && local < last.next) return last.start;
    last.start = periodStart(local, this.options.period!);
    last.next = nextPeriod(last.start, this.options.period!);
    return last.start;
  }

  /** The KpiSets a row at instant t (null: no time) with group keys falls into, after the totals. */
  private targets(t: number | null, keys: readonly GroupKey[] | null): KpiSet[] {
    const byPeriod = this.options.period !== null && t !== null;
    const byGroup = keys !== null && this.levels.length > 0;
    // Most runs have neither periods nor groups: no array per row for them.
    if (!byPeriod && !byGroup) return this.totalsOnly;
    const out: KpiSet[] = [this.totals];
    const start = byPeriod ? this.periodOf(t) : 0;
    if (byPeriod) {
      let set = this.series.get(start);
      if (set === undefined) this.series.set(start, (set = new KpiSet(this.options.kpi)));
      out.push(set);
    }
    if (!byGroup) return out;
    let map = this.root;
    for (let level = 0; level < this.levels.length; level++) {
      const g = map.get(keys[level]) ?? this.newGroup(map, keys.slice(0, level + 1));
      g.used = true;
      out.push(g.set);
      if (byPeriod) {
        let set = g.series.get(start);
        if (set === undefined) g.series.set(start, (set = new KpiSet(this.options.kpi)));
        out.push(set);
      }
      map = g.children;
    }
    return out;
  }

  /** The sets whose backlog a ticket with these keys feeds: the totals and its groups (not periods: theirs is read from the totals). */
  private backlogTargets(keys: readonly GroupKey[]): KpiSet[] {
    if (this.levels.length === 0) return this.totalsOnly;
    const out: KpiSet[] = [this.totals];
    let map = this.root;
    for (let level = 0; level < this.levels.length; level++) {
      const g = map.get(keys[level]) ?? this.newGroup(map, keys.slice(0, level + 1));
      out.push(g.set);
      map = g.children;
    }
    return out;
  }

  private newGroup(parent: Map<GroupKey, Group>, keys: GroupKey[]): Group {
    // Without --period no group is written a series: they share one empty map (150,000 groups, no 150,000 maps).
    const g: Group = { keys, set: new KpiSet(this.options.kpi), children: new Map(), used: false, series: this.options.period === null ? NO_SERIES : new Map() };
    parent.set(keys[keys.length - 1], g);
    this.levels[keys.length - 1].push(g);
    return g;
  }

  /** The group with these keys (one per level from the outer), made (empty) where missing. */
  private groupAt(keys: readonly GroupKey[]): Group {
    let g: Group | undefined;
    let map = this.root;
    for (let level = 0; level < keys.length; level++) {
      g = map.get(keys[level]) ?? this.newGroup(map, keys.slice(0, level + 1));
      map = g.children;
    }
    return g!;
  }

  /**
   * A ticket's time on the report's clock. On the business clock, when the file has the
   * helpdesk's own business-hours column for it, that column alone (empty: no time), for
   * every ticket. Else from its timestamps when it has them; else the calendar duration
   * given (counted on the business clock from creation).
   */
  private seconds(from: number, at: number | null, given: number | null, businessGiven: number | null, businessColumn: boolean): number | null {
    const clock = this.options.clock;
    // One clock: when the export counts this time in its own business hours, those figures
    // alone give it, never mixed with timestamps recounted on --business-hours.
    if (clock && businessColumn) return businessGiven;
    if (at !== null) return clock ? clock(from, at) : (at - from) / 1000;
    if (clock && businessGiven !== null) return businessGiven;
    if (given === null) return null;
    return clock ? clock(from, from + given * 1000) : given;
  }

  /**
   * A ticket's instants for the days the data and its tickets cover and the data's last
   * ticket time, and nothing else: every ticket read comes here (addTicket), those --where
   * leaves out too, so a filter moves neither what the export covers (agent A's 0 tickets in
   * a month of B's are A's) nor the instant the SLAs judge waiting tickets at (a group of --by
   * judges them as its filter would).
   */
  seeTicket(row: TicketRow, resolvedAt: number | null = resolvedInstant(row)): void {
    this.seen(row.createdAt);
    if (row.createdAt < this.span.firstCreated) this.span.firstCreated = row.createdAt;
    if (row.createdAt > this.span.lastCreated) this.span.lastCreated = row.createdAt;
    // Stryker disable next-line EqualityOperator: a maximum: on a tie the assignment stores the same value
    if (row.createdAt > this.span.lastTicket) this.span.lastTicket = row.createdAt;
    // Stryker disable next-line EqualityOperator: as above
    if (resolvedAt !== null && resolvedAt > this.span.lastTicket) this.span.lastTicket = resolvedAt;
  }

  addTicket(row: TicketRow, keys: readonly GroupKey[]): Placement {
    const resolvedAt = resolvedInstant(row);
    this.seeTicket(row, resolvedAt);
    if (!this.inWindow(row.createdAt)) {
      const previous = this.inPrevious(row.createdAt);
      if (previous) this.addTicketTo(this.previousOnly, row);
      // A ticket created before the window can still be open at its end: in the backlog, from wherever it was created.
      const to = this.options.to;
      if (to === null || row.createdAt < to) this.addBacklog(this.backlogTargets(keys), row, resolvedAt);
      return 'outside_window';
    }
    this.addTicketTo(this.targets(row.createdAt, keys), row);
    if (this.breaches !== null) this.noteBreaches(row);
    this.addBacklog(keys === null ? this.totalsOnly : this.backlogTargets(keys), row, resolvedAt);
    return 'used';
  }

  /** The ticket's targets per its priority (undefined: the defaults). */
  private priorityTargets(priority: string | null): { firstResponse: number | null; resolution: number | null } | undefined {
    if (priority === null) return undefined;
    let t = this.prioritySla!.get(priority);
    if (t === undefined && !this.prioritySla!.has(priority)) this.prioritySla!.set(priority, (t = this.options.kpi.slaPriorityTargets![priority.toLowerCase()]));
    return t;
  }

  /** The SLAs the ticket whose facts were just added missed, kept for --list breaches. */
  private noteBreaches(row: TicketRow): void {
    const f = this.facts;
    const kpi = this.options.kpi;
    const add = (sla: Breach['sla'], target: number | null, actual: number | null, overdue = false) => {
      const b: Breach = { id: row.id.toString(), priority: row.priority, agent: row.agent, createdAt: row.createdAt, sla, target, actual };
      if (overdue) b.overdue = true;
      this.breaches!.push(b);
    };
    // As Sla decides (KpiSet.addTicket): a time over its target; without the time, the wait
    // until its resolution over it, or, still waiting (actual null), decided in breachList.
    if (this.totals.slaFirstResponse !== null) {
      const target = f.slaFirstResponseTarget === undefined ? kpi.slaFirstResponseSeconds : f.slaFirstResponseTarget;
      if (target !== null && !f.firstResponseDropped) {
        if (f.firstResponseSeconds !== null) {
          if (missesTarget(f.firstResponseSeconds, target)) add('first_response', target, f.firstResponseSeconds);
        } else if (f.firstResponseUnknown) {
          // Answered at a time the clock does not know: pending, no breach.
        } else if (!f.resolved) add('first_response', target, null, true);
        else if (f.resolutionSeconds !== null && missesTarget(f.resolutionSeconds, target)) add('first_response', target, f.resolutionSeconds, true);
      }
    }
    const res = this.totals.slaResolution;
    if (res === null) return;
    if (res.source === 'sla_met') {
      if (f.resolved && f.slaMet === false) add('resolution', null, f.resolutionSeconds);
      return;
    }
    const target = f.slaResolutionTarget === undefined ? kpi.slaResolutionSeconds : f.slaResolutionTarget;
    if (target === null) return;
    if (!f.resolved) add('resolution', target, null, true);
    else if (!f.resolutionDropped && f.resolutionSeconds !== null && missesTarget(f.resolutionSeconds, target)) add('resolution', target, f.resolutionSeconds);
  }

  /**
   * The SLAs missed in the window (--list breaches), in their fixed order: the tickets still
   * waiting are judged at the data's last ticket time, as the SLAs judge them.
   */
  breachList(): Breach[] {
    const asOf = this.slaAsOf();
    // An SLA on targets whose times no column gives is null (markMissing): every ticket would read as never answered, none is listed.
    const unread = (sla: Breach['sla']) => this.missing.has(sla === 'first_response' ? 'first_response_time' : 'resolution_time');
    const list: Breach[] = [];
    for (const b of this.breaches ?? []) {
      if (b.target !== null && unread(b.sla)) continue;
      if (!b.overdue || b.actual !== null) list.push(b);
      else if (asOf !== null) {
        const waited = asOf.seconds(b.createdAt, asOf.at);
        if (missesTarget(waited, b.target!)) list.push({ ...b, actual: waited });
      }
    }
    return sortBreaches(list);
  }

  /** The instant and clock the SLAs judge their waiting tickets by: the data's last ticket time, or null before any ticket. */
  private slaAsOf(): SlaAsOf | null {
    const at = this.span.lastTicket;
    if (at === -Infinity) return null;
    return { at, seconds: this.options.clock ?? calendarSeconds };
  }

  /** Adds the ticket's instants to the backlog of sets (the totals and its groups: a period's backlog is read from those at its end). */
  private addBacklog(sets: readonly KpiSet[], row: TicketRow, resolvedAt: number | null): void {
    const at = row.resolved && resolvedAt === null ? Number.NaN : resolvedAt;
    for (const set of sets) set.backlog.add(row.createdAt, at);
  }

  private addTicketTo(sets: KpiSet[], row: TicketRow): void {
    const f = this.facts;
    f.createdAt = row.createdAt;
    f.firstResponseSeconds = this.seconds(row.createdAt, row.firstResponseAt, row.firstResponseGiven, row.firstResponseBusinessGiven, row.firstResponseBusinessColumn);
    f.resolutionSeconds = row.resolved
      ? this.seconds(row.createdAt, row.resolvedAt, row.resolutionGiven, row.resolutionBusinessGiven, row.resolutionBusinessColumn)
      : null;
    // A time left out as invalid is unknown, not "none": it leaves the ticket out of that KPI.
    f.firstResponseDropped = row.firstResponseDropped && f.firstResponseSeconds === null;
    // On the business clock, a reply the timestamps or calendar durations show, whose time the helpdesk's
    // business-hours column leaves empty. (On the calendar clock those give the time, in the SQL engines too.)
    f.firstResponseUnknown = this.options.clock !== null && f.firstResponseSeconds === null && (row.firstResponseAt !== null || row.firstResponseGiven !== null);
    f.resolutionDropped = row.resolved && row.resolutionDropped && f.resolutionSeconds === null;
    f.resolved = row.resolved;
    f.customer = row.customer;
    f.contacts = row.contacts;
    f.reopened = row.reopened;
    f.replies = row.replies;
    // The helpdesk's own totals cannot be recounted from timestamps: each clock takes its column.
    const business = this.options.clock !== null;
    f.requesterWaitSeconds = business ? row.requesterWaitBusinessGiven : row.requesterWaitGiven;
    f.agentWorkSeconds = business ? row.agentWorkBusinessGiven : row.agentWorkGiven;
    f.handleSeconds = row.handleSeconds;
    f.selfService = row.selfService;
    const t = this.prioritySla === null ? undefined : this.priorityTargets(row.priority);
    // A priority with targets of its own: those (null: none for this SLA); else the defaults.
    f.slaFirstResponseTarget = t === undefined ? undefined : (t.firstResponse ?? this.options.kpi.slaFirstResponseSeconds);
    f.slaResolutionTarget = t === undefined ? undefined : (t.resolution ?? this.options.kpi.slaResolutionSeconds);
    f.slaMet = row.slaMet ?? null;
    const csat = row.csatScore === null && !row.csatOffered ? null : this.csatAnswer;
    if (csat) {
      csat.score = row.csatScore ?? 0;
      csat.offered = row.csatOffered;
    }
    for (const set of sets) {
      set.addTicket(f);
      if (csat) set.addAnswer(csat);
    }
  }

  addAnswer(row: AnswerRow, keys: readonly GroupKey[]): Placement {
    if (row.respondedAt === null) {
      if (this.placeByTime) return 'unplaced';
    } else {
      this.seen(row.respondedAt);
      if (!this.inWindow(row.respondedAt)) {
        this.inPrevious(row.respondedAt)?.addAnswer(row);
        return 'outside_window';
      }
    }
    for (const set of this.targets(row.respondedAt, keys)) set.addAnswer(row);
    return 'used';
  }

  addCustomer(row: CustomerRow, keys: readonly GroupKey[] | null): Placement {
    if (row.periodStart === null) {
      // A customer-list row without a date: a snapshot that fits no window or period.
      if (this.placeByTime) return 'unplaced';
      for (const set of this.targets(null, keys)) set.addCustomerPeriod({ ...row, periodStart: 0 });
      return 'used';
    }
    this.seen(row.periodStart);
    if (!this.inWindow(row.periodStart)) {
      this.inPrevious(row.periodStart)?.addCustomerPeriod(row as CustomerRow & { periodStart: number });
      return 'outside_window';
    }
    for (const set of this.targets(row.periodStart, keys)) set.addCustomerPeriod(row as CustomerRow & { periodStart: number });
    return 'used';
  }

  /**
   * Days of the whole report: the window's length in wall-clock days (a noon-to-noon week is 7,
   * not the 8 dates it touches), else the calendar days from the tickets' first to last day.
   */
  private reportDays(): number | null {
    const { zone, from, to } = this.options;
    if (from !== null && to !== null) return localDays(zone.toLocal(from), zone.toLocal(to));
    const v = this.totals.volume;
    const start = from ?? (v.count > 0 ? v.firstCreatedAt : null);
    const end = to !== null ? to - 1 : v.count > 0 ? v.lastCreatedAt : null;
    if (start === null || end === null || end < start) return null;
    return daysInclusive(zone.toLocal(start), zone.toLocal(end));
  }

  /** Sorts every slice's samples (each thread its own, at the same time, before merging). */
  sortSamples(): void {
    this.totals.sortSamples();
    this.previous?.sortSamples();
    for (const set of this.series.values()) set.sortSamples();
    for (const level of this.levels) for (const g of level) {
      g.set.sortSamples();
      for (const set of g.series.values()) set.sortSamples();
    }
  }

  /** The buffers of every slice, for postMessage's transfer list. */
  buffers(): ArrayBuffer[] {
    const sets = [this.totals, ...(this.previous ? [this.previous] : []), ...this.series.values(), ...this.levels.flatMap((level) => level.flatMap((g) => [g.set, ...g.series.values()]))];
    return sets.flatMap((s) => s.buffers());
  }

  /** Everything accumulated, as plain data that can cross to another thread (structured clone). */
  state(): BuilderState {
    const state: BuilderState = {
      totals: this.totals,
      previous: this.previous,
      span: this.span,
      series: [...this.series],
      groups: this.levels.map((level) => level.map((g) => (g.series.size > 0 ? [g.keys, g.set, g.used, [...g.series]] : [g.keys, g.set, g.used]))),
    };
    if (this.breaches !== null) state.breaches = this.breaches;
    return state;
  }

  /** Merges in what another builder (of the same options) accumulated, e.g. in a worker thread. */
  absorb(state: BuilderState): void {
    this.totals.merge(KpiSet.revive(state.totals));
    if (this.previous && state.previous) this.previous.merge(KpiSet.revive(state.previous));
    this.span.first = Math.min(this.span.first, state.span.first);
    this.span.last = Math.max(this.span.last, state.span.last);
    this.span.firstCreated = Math.min(this.span.firstCreated, state.span.firstCreated);
    this.span.lastCreated = Math.max(this.span.lastCreated, state.span.lastCreated);
    this.span.lastTicket = Math.max(this.span.lastTicket, state.span.lastTicket);
    for (const [start, set] of state.series) {
      const mine = this.series.get(start);
      if (mine) mine.merge(KpiSet.revive(set));
      else this.series.set(start, KpiSet.revive(set));
    }
    // Outer levels first: a group's parent is there before it.
    for (const level of state.groups) {
      for (const [keys, set, used, series] of level) {
        const g = this.groupAt(keys);
        g.set.merge(KpiSet.revive(set));
        if (used) g.used = true;
        for (const [start, s] of series ?? []) {
          const mine = g.series.get(start);
          if (mine) mine.merge(KpiSet.revive(s));
          else g.series.set(start, KpiSet.revive(s));
        }
      }
    }
    if (this.breaches !== null && state.breaches) for (const b of state.breaches) this.breaches.push(b);
  }

  /**
   * Slices computed elsewhere (the SQL engines, engine/sql-engine.ts) in place of rows added
   * here: the totals, the periods (local starts), the groups level by level (outer first),
   * and the data's span. Windows, partial periods, censoring, changes and group order are
   * then this builder's, as for the JavaScript engine.
   */
  adopt(state: BuilderState, emptySet?: () => KpiSet): void {
    if (emptySet) this.emptySet = emptySet;
    this.totals = state.totals;
    this.totalsOnly[0] = state.totals;
    Object.assign(this.span, state.span);
    this.series.clear();
    for (const [start, set] of state.series) this.series.set(start, set);
    for (const level of state.groups) {
      for (const [keys, set, used, series] of level) {
        const g = this.groupAt(keys);
        g.set = set;
        g.used ||= used;
        for (const [start, s] of series ?? []) g.series.set(start, s);
      }
    }
  }

  /** The accumulators of a period without rows (adopt() gives the SQL engines' own: their backlog is unknown, not 0). */
  private emptySet = (): KpiSet => new KpiSet(this.options.kpi);

  /** The accumulators of each period, and of each group at a level (0 = the outer --by): for checks that slices merge back to the totals. */
  periodSets(): KpiSet[] {
    return [...this.series.values()];
  }

  groupSets(level: number): KpiSet[] {
    return this.levels[level].map((g) => g.set);
  }

  /** Names the KPIs without input, each with its note (after loading, before reading results). */
  markMissing(missing: ReadonlyMap<KpiId, string>): void {
    this.missing = new Map(missing);
  }

  /** Which columns each time KPI was read from (`source` in every slice), as the header mapping says. */
  private sources = new Map<KpiId, string>();
  /** Whether the input can show CSAT surveys offered and not answered (else csat.response_rate is null). */
  private offeredKnown = false;

  /** The kinds of file given (null: not said, every KPI is reported). */
  private kinds: ReadonlySet<FileKind> | null = null;

  /**
   * Without a tickets file, leaves out of every slice the KPIs only tickets feed (a survey-only
   * run lists no ticket volume of 0). Survey and customer KPIs stay, null, in a run without them.
   */
  keepKinds(kinds: ReadonlySet<FileKind>): void {
    this.kinds = kinds;
  }

  markSources(sources: ReadonlyMap<KpiId, string>, offeredKnown: boolean): void {
    this.sources = new Map(sources);
    this.offeredKnown = offeredKnown;
  }

  /** The backlog at T (null: open now) from a set's tickets; ages without T are taken at the report's last ticket time. */
  private backlogAt(set: KpiSet, at: number | null): BacklogResult {
    return this.stamped(set.backlog.result(at, this.totals.backlog.last));
  }

  /** backlogAt for each instant of ats (a series' period ends), in one sweep of the set's tickets. */
  private backlogsAt(set: KpiSet, ats: readonly number[]): BacklogResult[] {
    return set.backlog.resultsAt(ats, this.totals.backlog.last).map((b) => this.stamped(b));
  }

  /** A backlog result with its instants written as timestamps in the report's zone. */
  private stamped(b: BacklogResult): BacklogResult {
    const zone = this.options.zone;
    if (typeof b.at === 'number') b.at = formatInstant(b.at, zone);
    if (typeof b.age_at === 'number') b.age_at = formatInstant(b.age_at, zone);
    return b;
  }

  /**
   * A slice's results, with the KPIs that had no input column nulled and explained. backlog:
   * the slice's backlog (a period's and the compared window's are read from the totals).
   */
  private result(set: KpiSet, days: number | null, backlog: BacklogResult = this.backlogAt(set, this.options.to)): KpiResults {
    const kpis = set.result(days, backlog, this.slaAsOf());
    const kinds = this.kinds;
    if (kinds !== null && !kinds.has('tickets')) {
      for (const id of Object.keys(kpis) as KpiId[]) {
        const from = kpiKinds(id);
        if (from.every((k) => k === 'tickets')) delete kpis[id];
      }
    }
    for (const [id, source] of this.sources) {
      const k = kpis[id];
      if (k) k.source = source;
    }
    if (!this.offeredKnown && kpis.csat) kpis.csat.response_rate = null;
    for (const [id, note] of this.missing) {
      // Without input a KPI is unknown, not 0 (a self-service rate of 0 % would be a claim);
      // nor is it a sample, small or not, with an interval around the 0.
      const k = kpis[id];
      if (k) unknown(id, k, note);
      // An SLA on targets counts its time KPI's durations: without them every ticket would read as pending.
      const sla = id === 'first_response_time' ? kpis.sla_first_response : id === 'resolution_time' ? kpis.sla_resolution : undefined;
      if (sla && sla.source === 'targets') Object.assign(sla, { value: null, band: null, note, overdue: null, ci: null, small_sample: false }, SLA_UNREAD);
    }
    return kpis;
  }

  /** The window's KPIs; with --compare, each with its change against the compared window. */
  kpis(): KpiResults {
    const kpis = this.result(this.totals, this.reportDays());
    this.markCensored(kpis, this.totals, this.options.to);
    // A window the data reaches none of (a stale export in a nightly run, --last 1d a month
    // after its last ticket): its counts are 0 for want of data, not 0 tickets and an empty
    // backlog; unknown, so a target on them is no_data (a breach), not met.
    if (this.unreached()) unreachedKpis(kpis);
    const previous = this.previousKpis();
    if (previous) {
      withChange(kpis, previous, this.options.kpi.confidence);
      const p = this.options.previous!;
      // A compared window the data does not reach: its counts are 0 for want of data, not a
      // change from 0. One the data covers only in part (the export starts in it): its ticket
      // count stands on fewer days than the window's, so the count's change would be the
      // export's reach, not the team's; rates and times stand on the tickets there are, and
      // are compared. (The window's own end is not judged so: a last day without tickets, a
      // weekday team's weekend, reads as data that ends early.)
      if (!this.reaches(p.from, p.to)) uncompared(kpis, 'all');
      else if (!this.covers(p.from, p.to)) uncompared(kpis, 'count');
    }
    return kpis;
  }

  /** The report's window as written in the report, partial when the data covers it only in part. */
  windowEntry(): Report['window'] {
    const { from, to, zone } = this.options;
    const w: Report['window'] = { from: from === null ? null : formatInstant(from, zone), to: to === null ? null : formatInstant(to, zone) };
    if ((from !== null || to !== null) && !this.covers(from, to)) w.partial = true;
    if (this.unreached()) w.no_data = true;
    return w;
  }

  /** Whether the report's window has a bound and the data reaches none of it. */
  private unreached(): boolean {
    const { from, to } = this.options;
    return (from !== null || to !== null) && !this.reaches(from ?? -Infinity, to ?? Infinity);
  }

  /** The compared window (--compare) and its KPIs, or undefined. */
  previousEntry(): CompareEntry | undefined {
    const p = this.options.previous;
    const kpis = this.previousKpis();
    if (!p || !kpis) return undefined;
    const { zone } = this.options;
    const window: CompareEntry['window'] = { from: formatInstant(p.from, zone), to: formatInstant(p.to, zone) };
    if (!this.covers(p.from, p.to)) window.partial = true;
    if (!this.reaches(p.from, p.to)) window.no_data = true;
    return { window, kpis };
  }

  private previousResults: KpiResults | null = null;

  private previousKpis(): KpiResults | null {
    const p = this.options.previous;
    if (!p || !this.previous) return null;
    if (this.previousResults === null) {
      const { zone } = this.options;
      this.previousResults = this.result(this.previous, localDays(zone.toLocal(p.from), zone.toLocal(p.to)), this.backlogAt(this.totals, p.to));
      this.markCensored(this.previousResults, this.previous, p.to);
    }
    return this.previousResults;
  }

  /**
   * Whether the data covers [a, b) (null: an open end, which the data bounds): its local days
   * run from the day of the first dated row to the day of the last — of the tickets when
   * there are tickets, whose count a part of [a, b) would cut (a survey or customer file
   * reaching further makes no day of tickets). Whole days, because an export's first or last
   * ticket of a day says nothing of the hours before or after it.
   */
  private covers(a: number | null, b: number | null): boolean {
    const { first, last, firstCreated, lastCreated } = this.span;
    const days = this.localDays(firstCreated, lastCreated) ?? this.localDays(first, last);
    if (days === null) return false; // no dated row: the data covers nothing
    return (a === null || a >= days.first) && (b === null || b <= days.end);
  }

  /** Whether any of the data's days, of any file, falls in [a, b). */
  private reaches(a: number, b: number): boolean {
    const days = this.localDays(this.span.first, this.span.last);
    return days !== null && a < days.end && b > days.first;
  }

  /** The local days from instant first's to instant last's: [the start of one, the end of the other); null when first > last (no row). */
  private localDays(first: number, last: number): { first: number; end: number } | null {
    if (first > last) return null;
    const { zone } = this.options;
    return { first: zone.fromLocal(periodStart(zone.toLocal(first), 'day')), end: zone.fromLocal(nextPeriod(periodStart(zone.toLocal(last), 'day'), 'day')) };
  }

  /**
   * Resolution figures of a slice that reaches the tickets' last day while some of its tickets
   * are still open: those tickets are left out of the resolution time and count as unresolved,
   * though many will be resolved soon (right-censoring), so recent figures read better
   * (time) or worse (rate) than they will. Said on each such KPI as `censored`.
   */
  private markCensored(kpis: KpiResults, set: KpiSet, end: number | null): void {
    const open = set.resolutionRate.tickets - set.resolutionRate.resolved;
    if (open === 0 || this.span.firstCreated > this.span.lastCreated) return;
    const { zone } = this.options;
    const lastDay = zone.fromLocal(periodStart(zone.toLocal(this.span.lastCreated), 'day'));
    if (end !== null && end < lastDay) return;
    for (const id of CENSORED) {
      const k = kpis[id];
      if (k && k.note === undefined) k.censored = { still_open: open, data_end: formatInstant(this.span.lastCreated, zone) };
    }
  }

  /** The local starts of the series' first and last periods (every period of the window and the data), or null when there are none. */
  private periodRange(): [number, number] | null {
    const { period, zone, from, to } = this.options;
    const starts = [...this.series.keys()];
    if (from !== null) starts.push(periodStart(zone.toLocal(from), period!));
    if (to !== null) starts.push(periodStart(zone.toLocal(to - 1), period!));
    if (starts.length === 0) return null;
    let first = starts[0], last = starts[0];
    for (const s of starts) {
      if (s < first) first = s;
      if (s > last) last = s;
    }
    checkPeriods(first, last, period!);
    return [first, last];
  }

  seriesEntries(): SeriesEntry[] | undefined {
    if (this.options.period === null) return undefined;
    const range = this.periodRange();
    return range === null ? [] : this.seriesOf(this.series, range, this.totals);
  }

  /**
   * One entry per period from range's first to its last, from the sets by period start (none: an
   * empty period); each period's backlog is whole's (the totals' or the group's) at the period's end.
   */
  private seriesOf(sets: ReadonlyMap<number, KpiSet>, [first, last]: [number, number], whole: KpiSet): SeriesEntry[] {
    const { period: p, zone, from, to } = this.options;
    const period = p!;
    const out: SeriesEntry[] = [];
    let previous: KpiResults | null = null;
    const starts: number[] = [];
    for (let s = first; s <= last; s = nextPeriod(s, period)) starts.push(s);
    const ends = starts.map((s) => {
      const end = zone.fromLocal(nextPeriod(s, period));
      return to !== null && end > to ? to : end;
    });
    // The backlog at the period's end counts every ticket then open, created in the period or before.
    const backlogs = this.backlogsAt(whole, ends);
    for (const [k, s] of starts.entries()) {
      const set = sets.get(s) ?? this.emptySet();
      const start = zone.fromLocal(s), end = zone.fromLocal(nextPeriod(s, period));
      const a = from !== null && start < from ? from : start;
      const b = ends[k];
      const kpis = this.result(set, localDays(zone.toLocal(a), zone.toLocal(b)), backlogs[k]);
      this.markCensored(kpis, set, b);
      // A period of the window the data reaches none of (before the export's first day, after its last).
      if (!this.reaches(a, b)) unreachedKpis(kpis);
      withChange(kpis, previous, this.options.kpi.confidence);
      const entry: SeriesEntry = { period: periodLabel(s, period), from: formatInstant(a, zone), to: formatInstant(b, zone), kpis };
      // Cut by the window, or beyond the data's first or last day: a part of a period, not a whole one.
      if (a !== start || b !== end || !this.covers(a, b)) entry.partial = true;
      // A count is compared between whole periods only, as with the compared window (kpis()):
      // a four-day last week's tickets against a whole week's would be the export's reach.
      if (entry.partial || (out.length > 0 && out[out.length - 1].partial)) uncompared(kpis, 'count');
      out.push(entry);
      previous = kpis;
    }
    return out;
  }

  groupEntries(): Record<string, GroupEntry[]> | undefined {
    const by = this.options.by;
    if (by.length === 0) return undefined;
    const days = this.reportDays();
    const total = this.kpis();
    const confidence = this.options.kpi.confidence;
    // With --period each group has its series too, over the report's periods (the period × group table).
    const range = this.options.period === null ? null : this.periodRange();
    const out: Record<string, GroupEntry[]> = {};
    this.levels.forEach((level, i) => {
      const fields = by.slice(0, i + 1);
      const entries = level.filter((g) => g.used).map((g) => ({ g, volume: g.set.volume.count }));
      entries.sort((x, y) => y.volume - x.volume || compareKeys(x.g.keys, y.g.keys));
      out[fields.join('/')] = entries.map(({ g }) => {
        const entry: GroupEntry = {
          // One field: its value (null: rows without one); nested fields: the list of them.
          key: i === 0 ? g.keys[0] : g.keys.slice(),
          keys: Object.fromEntries(fields.map((f, k) => [f, g.keys[k]])),
          kpis: withDifferenceFromTotal(this.result(g.set, days), total, confidence),
        };
        if (this.options.period !== null) entry.series = range === null ? [] : this.seriesOf(g.series, range, g.set);
        return entry;
      });
    });
    return out;
  }
}

/** The series of every group when there is no --period: empty, never written. */
const NO_SERIES = new Map<number, KpiSet>();

/** More periods than any report needs: a window (or --from far before the data) that would make more is refused. */
export const MAX_PERIODS = 100_000;

/** Refuses a series from the period starting at first (local) to the one at last of more than MAX_PERIODS periods. */
function checkPeriods(first: number, last: number, period: Period): void {
  const count = periodCount(first, last, period);
  if (count <= MAX_PERIODS) return;
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  throw new CsmError(
    'CSM_USAGE',
    `--period ${period}: the report would span ${count.toLocaleString('en-US')} periods (${day(first)} to ${day(last)}), more than ${MAX_PERIODS.toLocaleString('en-US')}; narrow it with --from/--to or take a longer period`,
  );
}

/** Keys in text order, rows without a value (null) last. */
function compareKeys(a: readonly GroupKey[], b: readonly GroupKey[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x !== y) return x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
  }
  return 0;
}

/** The KPIs whose figures tickets still open at the data's end bias. */
const CENSORED: readonly KpiId[] = ['resolution_time', 'resolution_rate', 'sla_resolution'];

const SLA_ORDER = { first_response: 0, resolution: 1 };

/** Oldest ticket first, then by id, first response before resolution: the same order however the rows were read (one thread or two). */
export function sortBreaches(list: Breach[]): Breach[] {
  return list.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || SLA_ORDER[a.sla] - SLA_ORDER[b.sla]);
}
