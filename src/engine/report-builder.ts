import { emptyTicketFacts } from '../metrics/facts.js';
import type { AnswerFacts, TicketFacts } from '../metrics/facts.js';
import { KpiSet } from '../metrics/kpi-set.js';
import type { KpiOptions, KpiResults } from '../metrics/kpi-set.js';
import type { KpiId } from '../metrics/definition.js';
import type { AnswerRow, CustomerRow, TicketRow } from '../input/rows/row-types.js';
import type { TimeZone } from '../time/time-zone.js';
import { formatInstant } from '../time/instant.js';
import type { GroupKey } from '../input/load.js';
import { daysInclusive, nextPeriod, periodCount, periodLabel, periodStart } from '../time/periods.js';
import { CsmError } from '../errors.js';
import type { Period } from '../time/periods.js';
import type { CompareEntry, GroupEntry, Report, SeriesEntry } from '../output/report.js';
import { withChange, withDifferenceFromTotal } from './significance.js';

/** Seconds between two instants on the report's clock (calendar, or business hours). */
export type ClockFn = (from: number, to: number) => number;

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
}

export interface BuilderState {
  totals: KpiSet;
  previous: KpiSet | null;
  span: DataSpan;
  series: [number, KpiSet][];
  /** Per level (outer first), each group's keys and accumulators. */
  groups: [GroupKey[], KpiSet][][];
}

/** Where a row landed: used, outside the window, or an answer without a time. */
export type Placement = 'used' | 'outside_window' | 'unplaced';

/**
 * The first and last instants of the data read (every valid dated row, inside the window or
 * not): what the data covers, for partial periods and censored figures.
 */
export interface DataSpan {
  first: number;
  last: number;
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
  private readonly span: DataSpan = { first: Infinity, last: -Infinity };
  private readonly series = new Map<number, KpiSet>();
  /** The outer level's groups, by key; each holds the next level's. */
  private readonly root = new Map<GroupKey, Group>();
  /** Every group of each level, in the order they were met. */
  private readonly levels: Group[][];
  private readonly placeByTime: boolean;
  /** The facts of the row being added, and its CSAT score as an answer: reused row after row. */
  private readonly facts: TicketFacts = emptyTicketFacts();
  private readonly csatAnswer: AnswerFacts = { type: 'csat', score: 0 };
  private readonly totalsOnly: KpiSet[];

  /** KPIs no input column feeds: reported as null with a note, in every slice. */
  private missing = new Map<KpiId, string>();

  constructor(readonly options: BuildOptions) {
    this.totals = new KpiSet(options.kpi);
    this.previous = options.previous ? new KpiSet(options.kpi) : null;
    if (this.previous) this.previousOnly = [this.previous];
    this.totalsOnly = [this.totals];
    this.levels = options.by.map(() => []);
    this.placeByTime = options.from !== null || options.to !== null || options.period !== null;
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

  /** The KpiSets a row at instant t (null: no time) with group keys falls into, after the totals. */
  private targets(t: number | null, keys: readonly GroupKey[] | null): KpiSet[] {
    const byPeriod = this.options.period !== null && t !== null;
    const byGroup = keys !== null && this.levels.length > 0;
    // Most runs have neither periods nor groups: no array per row for them.
    if (!byPeriod && !byGroup) return this.totalsOnly;
    const out: KpiSet[] = [this.totals];
    if (byPeriod) {
      const start = periodStart(this.options.zone.toLocal(t), this.options.period!);
      let set = this.series.get(start);
      if (set === undefined) this.series.set(start, (set = new KpiSet(this.options.kpi)));
      out.push(set);
    }
    if (!byGroup) return out;
    let map = this.root;
    for (let level = 0; level < this.levels.length; level++) {
      const g = map.get(keys[level]) ?? this.newGroup(map, keys.slice(0, level + 1));
      out.push(g.set);
      map = g.children;
    }
    return out;
  }

  private newGroup(parent: Map<GroupKey, Group>, keys: GroupKey[]): Group {
    const g: Group = { keys, set: new KpiSet(this.options.kpi), children: new Map() };
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
   * A ticket's time on the report's clock: from its timestamps when it has them; else,
   * on the business clock, the helpdesk's own business-hours figure if the export has
   * one; else the calendar duration given (counted on the business clock from creation).
   */
  private seconds(from: number, at: number | null, given: number | null, businessGiven: number | null): number | null {
    const clock = this.options.clock;
    if (at !== null) return clock ? clock(from, at) : (at - from) / 1000;
    if (clock && businessGiven !== null) return businessGiven;
    if (given === null) return null;
    return clock ? clock(from, from + given * 1000) : given;
  }

  addTicket(row: TicketRow, keys: readonly GroupKey[]): Placement {
    this.seen(row.createdAt);
    if (!this.inWindow(row.createdAt)) {
      const previous = this.inPrevious(row.createdAt);
      if (previous) this.addTicketTo(this.previousOnly, row);
      return 'outside_window';
    }
    this.addTicketTo(this.targets(row.createdAt, keys), row);
    return 'used';
  }

  private addTicketTo(sets: KpiSet[], row: TicketRow): void {
    const f = this.facts;
    f.createdAt = row.createdAt;
    f.firstResponseSeconds = this.seconds(row.createdAt, row.firstResponseAt, row.firstResponseGiven, row.firstResponseBusinessGiven);
    f.resolutionSeconds = row.resolved ? this.seconds(row.createdAt, row.resolvedAt, row.resolutionGiven, row.resolutionBusinessGiven) : null;
    // A time left out as invalid is unknown, not "none": it leaves the ticket out of that KPI.
    f.firstResponseDropped = row.firstResponseDropped && f.firstResponseSeconds === null;
    f.resolutionDropped = row.resolved && row.resolutionDropped && f.resolutionSeconds === null;
    f.resolved = row.resolved;
    f.customer = row.customer;
    f.contacts = row.contacts;
    f.reopened = row.reopened;
    f.handleSeconds = row.handleSeconds;
    f.selfService = row.selfService;
    const csat = row.csatScore === null ? null : this.csatAnswer;
    if (csat) csat.score = row.csatScore!;
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

  /** Calendar days of the whole report: the window's, else the tickets' first to last day. */
  private reportDays(): number | null {
    const { zone, from, to } = this.options;
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
    for (const level of this.levels) for (const g of level) g.set.sortSamples();
  }

  /** The buffers of every slice, for postMessage's transfer list. */
  buffers(): ArrayBuffer[] {
    const sets = [this.totals, ...(this.previous ? [this.previous] : []), ...this.series.values(), ...this.levels.flatMap((level) => level.map((g) => g.set))];
    return sets.flatMap((s) => s.buffers());
  }

  /** Everything accumulated, as plain data that can cross to another thread (structured clone). */
  state(): BuilderState {
    return { totals: this.totals, previous: this.previous, span: this.span, series: [...this.series], groups: this.levels.map((level) => level.map((g) => [g.keys, g.set])) };
  }

  /** Merges in what another builder (of the same options) accumulated, e.g. in a worker thread. */
  absorb(state: BuilderState): void {
    this.totals.merge(KpiSet.revive(state.totals));
    if (this.previous && state.previous) this.previous.merge(KpiSet.revive(state.previous));
    this.span.first = Math.min(this.span.first, state.span.first);
    this.span.last = Math.max(this.span.last, state.span.last);
    for (const [start, set] of state.series) {
      const mine = this.series.get(start);
      if (mine) mine.merge(KpiSet.revive(set));
      else this.series.set(start, KpiSet.revive(set));
    }
    // Outer levels first: a group's parent is there before it.
    for (const level of state.groups) for (const [keys, set] of level) this.groupAt(keys).set.merge(KpiSet.revive(set));
  }

  /**
   * Slices computed elsewhere (the SQL engines, engine/sql-engine.ts) in place of rows added
   * here: the totals, the periods (local starts), the groups level by level (outer first),
   * and the data's span. Windows, partial periods, censoring, changes and group order are
   * then this builder's, as for the JavaScript engine.
   */
  adopt(state: BuilderState): void {
    this.totals = state.totals;
    this.totalsOnly[0] = state.totals;
    this.span.first = state.span.first;
    this.span.last = state.span.last;
    this.series.clear();
    for (const [start, set] of state.series) this.series.set(start, set);
    for (const level of state.groups) for (const [keys, set] of level) this.groupAt(keys).set = set;
  }

  /** The accumulators of each period, and of each group at a level (0 = the outer --by): for checks that slices merge back to the totals. */
  periodSets(): KpiSet[] {
    return [...this.series.values()];
  }

  groupSets(level: number): KpiSet[] {
    return this.levels[level].map((g) => g.set);
  }

  /** Names the KPIs without input (after loading, before reading results). */
  markMissing(missing: ReadonlyMap<KpiId, string>): void {
    this.missing = new Map(missing);
  }

  /** A slice's results, with the KPIs that had no input column nulled and explained. */
  private result(set: KpiSet, days: number | null): KpiResults {
    const kpis = set.result(days);
    for (const [id, needs] of this.missing) {
      // Without any input column a KPI is unknown, not 0 (a self-service rate of 0 % would be a claim).
      const k = kpis[id];
      if (k) Object.assign(k, { value: null, band: null, note: `no input column: needs ${needs}` });
    }
    return kpis;
  }

  /** The window's KPIs; with --compare, each with its change against the compared window. */
  kpis(): KpiResults {
    const kpis = this.result(this.totals, this.reportDays());
    this.markCensored(kpis, this.totals, this.options.to);
    const previous = this.previousKpis();
    if (previous) withChange(kpis, previous, this.options.kpi.confidence);
    return kpis;
  }

  /** The report's window as written in the report, partial when the data covers it only in part. */
  windowEntry(): Report['window'] {
    const { from, to, zone } = this.options;
    const w: Report['window'] = { from: from === null ? null : formatInstant(from, zone), to: to === null ? null : formatInstant(to, zone) };
    if ((from !== null || to !== null) && !this.covers(from, to)) w.partial = true;
    return w;
  }

  /** The compared window (--compare) and its KPIs, or undefined. */
  previousEntry(): CompareEntry | undefined {
    const p = this.options.previous;
    const kpis = this.previousKpis();
    if (!p || !kpis) return undefined;
    const { zone } = this.options;
    const window: CompareEntry['window'] = { from: formatInstant(p.from, zone), to: formatInstant(p.to, zone) };
    if (!this.covers(p.from, p.to)) window.partial = true;
    return { window, kpis };
  }

  private previousResults: KpiResults | null = null;

  private previousKpis(): KpiResults | null {
    const p = this.options.previous;
    if (!p || !this.previous) return null;
    if (this.previousResults === null) {
      const { zone } = this.options;
      this.previousResults = this.result(this.previous, daysInclusive(zone.toLocal(p.from), zone.toLocal(p.to - 1)));
      this.markCensored(this.previousResults, this.previous, p.to);
    }
    return this.previousResults;
  }

  /**
   * Whether the data covers [a, b) (null: an open end, which the data bounds): its local days
   * run from the day of the first dated row to the day of the last. Whole days, because an
   * export's first or last ticket of a day says nothing of the hours before or after it.
   */
  private covers(a: number | null, b: number | null): boolean {
    if (this.span.first > this.span.last) return false; // no dated row: the data covers nothing
    const { zone } = this.options;
    const first = zone.fromLocal(periodStart(zone.toLocal(this.span.first), 'day'));
    const end = zone.fromLocal(nextPeriod(periodStart(zone.toLocal(this.span.last), 'day'), 'day'));
    return (a === null || a >= first) && (b === null || b <= end);
  }

  /**
   * Resolution figures of a slice that reaches the data's last day while some of its tickets
   * are still open: those tickets are left out of the resolution time and count as unresolved,
   * though many will be resolved soon (right-censoring), so recent figures read better
   * (time) or worse (rate) than they will. Said on each such KPI as `censored`.
   */
  private markCensored(kpis: KpiResults, set: KpiSet, end: number | null): void {
    const open = set.resolutionRate.tickets - set.resolutionRate.resolved;
    if (open === 0 || this.span.first > this.span.last) return;
    const { zone } = this.options;
    const lastDay = zone.fromLocal(periodStart(zone.toLocal(this.span.last), 'day'));
    if (end !== null && end < lastDay) return;
    for (const id of CENSORED) {
      const k = kpis[id];
      if (k && k.note === undefined) k.censored = { still_open: open, data_end: formatInstant(this.span.last, zone) };
    }
  }

  seriesEntries(): SeriesEntry[] | undefined {
    const { period, zone, from, to } = this.options;
    if (period === null) return undefined;
    const starts = [...this.series.keys()];
    if (from !== null) starts.push(periodStart(zone.toLocal(from), period));
    if (to !== null) starts.push(periodStart(zone.toLocal(to - 1), period));
    if (starts.length === 0) return [];
    let first = starts[0], last = starts[0];
    for (const s of starts) {
      if (s < first) first = s;
      if (s > last) last = s;
    }
    checkPeriods(first, last, period);
    const out: SeriesEntry[] = [];
    let previous: KpiResults | null = null;
    for (let s = first; s <= last; s = nextPeriod(s, period)) {
      const next = nextPeriod(s, period);
      const set = this.series.get(s) ?? new KpiSet(this.options.kpi);
      const start = zone.fromLocal(s), end = zone.fromLocal(next);
      const a = from !== null && start < from ? from : start;
      const b = to !== null && end > to ? to : end;
      const kpis = this.result(set, daysInclusive(zone.toLocal(a), zone.toLocal(b - 1)));
      this.markCensored(kpis, set, b);
      withChange(kpis, previous, this.options.kpi.confidence);
      const entry: SeriesEntry = { period: periodLabel(s, period), from: formatInstant(a, zone), to: formatInstant(b, zone), kpis };
      // Cut by the window, or beyond the data's first or last day: a part of a period, not a whole one.
      if (a !== start || b !== end || !this.covers(a, b)) entry.partial = true;
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
    const out: Record<string, GroupEntry[]> = {};
    this.levels.forEach((level, i) => {
      const fields = by.slice(0, i + 1);
      const entries = level.map((g) => ({ g, volume: g.set.volume.count }));
      entries.sort((x, y) => y.volume - x.volume || compareKeys(x.g.keys, y.g.keys));
      out[fields.join('/')] = entries.map(({ g }) => ({
        // One field: its value (null: rows without one); nested fields: the list of them.
        key: i === 0 ? g.keys[0] : g.keys.slice(),
        keys: Object.fromEntries(fields.map((f, k) => [f, g.keys[k]])),
        kpis: withDifferenceFromTotal(this.result(g.set, days), total, confidence),
      }));
    });
    return out;
  }
}

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
