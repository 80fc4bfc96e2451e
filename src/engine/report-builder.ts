import { emptyTicketFacts } from '../metrics/facts.js';
import type { AnswerFacts, TicketFacts } from '../metrics/facts.js';
import { KpiSet } from '../metrics/kpi-set.js';
import type { KpiOptions, KpiResults } from '../metrics/kpi-set.js';
import type { KpiId } from '../metrics/definition.js';
import type { AnswerRow, CustomerRow, TicketRow } from '../input/rows/row-types.js';
import type { TimeZone } from '../time/time-zone.js';
import { formatInstant } from '../time/instant.js';
import { NO_KEY } from '../input/load.js';
import { daysInclusive, nextPeriod, periodLabel, periodStart } from '../time/periods.js';
import type { Period } from '../time/periods.js';
import type { GroupEntry, SeriesEntry } from '../output/report.js';

/** Seconds between two instants on the report's clock (calendar, or business hours). */
export type ClockFn = (from: number, to: number) => number;

export interface BuildOptions {
  zone: TimeZone;
  /** Window as instants: from inclusive, to exclusive. */
  from: number | null;
  to: number | null;
  period: Period | null;
  /** Group fields, outer first (--by, repeatable). */
  by: string[];
  kpi: KpiOptions;
  clock: ClockFn | null;
}

export interface BuilderState {
  totals: KpiSet;
  series: [number, KpiSet][];
  groups: [string, Group][][];
}

/** Where a row landed: used, outside the window, or an answer without a time. */
export type Placement = 'used' | 'outside_window' | 'unplaced';

interface Group {
  keys: string[];
  set: KpiSet;
}

/**
 * Routes each valid row to the accumulators it belongs to: the totals, its period and
 * each level of its group, computing the row's facts once. Every slice is one more
 * KpiSet, so periods and groups cost no extra pass over the data.
 */
export class ReportBuilder {
  readonly totals: KpiSet;
  private readonly series = new Map<number, KpiSet>();
  private readonly groups: Map<string, Group>[];
  private readonly placeByTime: boolean;
  /** The facts of the row being added, and its CSAT score as an answer: reused row after row. */
  private readonly facts: TicketFacts = emptyTicketFacts();
  private readonly csatAnswer: AnswerFacts = { type: 'csat', score: 0 };
  private readonly totalsOnly: KpiSet[];

  /** KPIs no input column feeds: reported as null with a note, in every slice. */
  private missing = new Map<KpiId, string>();

  constructor(readonly options: BuildOptions) {
    this.totals = new KpiSet(options.kpi);
    this.totalsOnly = [this.totals];
    this.groups = options.by.map(() => new Map());
    this.placeByTime = options.from !== null || options.to !== null || options.period !== null;
  }

  private inWindow(t: number): boolean {
    const { from, to } = this.options;
    return (from === null || t >= from) && (to === null || t < to);
  }

  /** The KpiSets a row at instant t (null: no time) with group keys falls into, after the totals. */
  private targets(t: number | null, keys: readonly string[] | null): KpiSet[] {
    const byPeriod = this.options.period !== null && t !== null;
    const byGroup = keys !== null && this.groups.length > 0;
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
    let id = '';
    for (let level = 0; level < this.groups.length; level++) {
      id = level === 0 ? keys[0] : id + '\u0000' + keys[level];
      let g = this.groups[level].get(id);
      if (g === undefined) this.groups[level].set(id, (g = { keys: keys.slice(0, level + 1), set: new KpiSet(this.options.kpi) }));
      out.push(g.set);
    }
    return out;
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

  addTicket(row: TicketRow, keys: readonly string[]): Placement {
    if (!this.inWindow(row.createdAt)) return 'outside_window';
    const f = this.facts;
    f.createdAt = row.createdAt;
    f.firstResponseSeconds = this.seconds(row.createdAt, row.firstResponseAt, row.firstResponseGiven, row.firstResponseBusinessGiven);
    f.resolutionSeconds = row.resolved ? this.seconds(row.createdAt, row.resolvedAt, row.resolutionGiven, row.resolutionBusinessGiven) : null;
    // A time left out as invalid is unknown, not "none": it leaves the ticket out of that KPI.
    f.firstResponseDropped = row.firstResponseDropped && f.firstResponseSeconds === null;
    f.resolutionDropped = row.resolved && row.resolutionDropped && f.resolutionSeconds === null;
    f.resolved = row.resolved;
    f.customerId = row.customerId;
    f.customerPrefix = row.customerPrefix;
    f.customerNumber = row.customerNumber;
    f.contacts = row.contacts;
    f.reopened = row.reopened;
    f.handleSeconds = row.handleSeconds;
    f.selfService = row.selfService;
    const csat = row.csatScore === null ? null : this.csatAnswer;
    if (csat) csat.score = row.csatScore!;
    for (const set of this.targets(row.createdAt, keys)) {
      set.addTicket(f);
      if (csat) set.addAnswer(csat);
    }
    return 'used';
  }

  addAnswer(row: AnswerRow, keys: readonly string[]): Placement {
    if (row.respondedAt === null) {
      if (this.placeByTime) return 'unplaced';
    } else if (!this.inWindow(row.respondedAt)) return 'outside_window';
    for (const set of this.targets(row.respondedAt, keys)) set.addAnswer(row);
    return 'used';
  }

  addCustomer(row: CustomerRow, keys: readonly string[] | null): Placement {
    if (row.periodStart === null) {
      // A customer-list row without a date: a snapshot that fits no window or period.
      if (this.placeByTime) return 'unplaced';
      for (const set of this.targets(null, keys)) set.addCustomerPeriod({ ...row, periodStart: 0 });
      return 'used';
    }
    if (!this.inWindow(row.periodStart)) return 'outside_window';
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
    for (const set of this.series.values()) set.sortSamples();
    for (const level of this.groups) for (const g of level.values()) g.set.sortSamples();
  }

  /** The buffers of every slice, for postMessage's transfer list. */
  buffers(): ArrayBuffer[] {
    const sets = [this.totals, ...this.series.values(), ...this.groups.flatMap((level) => [...level.values()].map((g) => g.set))];
    return sets.flatMap((s) => s.buffers());
  }

  /** Everything accumulated, as plain data that can cross to another thread (structured clone). */
  state(): BuilderState {
    return { totals: this.totals, series: [...this.series], groups: this.groups.map((level) => [...level]) };
  }

  /** Merges in what another builder (of the same options) accumulated, e.g. in a worker thread. */
  absorb(state: BuilderState): void {
    this.totals.merge(KpiSet.revive(state.totals));
    for (const [start, set] of state.series) {
      const mine = this.series.get(start);
      if (mine) mine.merge(KpiSet.revive(set));
      else this.series.set(start, KpiSet.revive(set));
    }
    state.groups.forEach((entries, level) => {
      for (const [id, g] of entries) {
        const mine = this.groups[level].get(id);
        if (mine) mine.set.merge(KpiSet.revive(g.set));
        else this.groups[level].set(id, { keys: g.keys, set: KpiSet.revive(g.set) });
      }
    });
  }

  /** The accumulators of each period, and of each group at a level (0 = the outer --by): for checks that slices merge back to the totals. */
  periodSets(): KpiSet[] {
    return [...this.series.values()];
  }

  groupSets(level: number): KpiSet[] {
    return [...this.groups[level].values()].map((g) => g.set);
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

  kpis(): KpiResults {
    return this.result(this.totals, this.reportDays());
  }

  seriesEntries(): SeriesEntry[] | undefined {
    const { period, zone, from, to } = this.options;
    if (period === null) return undefined;
    const starts = [...this.series.keys()];
    if (from !== null) starts.push(periodStart(zone.toLocal(from), period));
    if (to !== null) starts.push(periodStart(zone.toLocal(to - 1), period));
    if (starts.length === 0) return [];
    const first = Math.min(...starts), last = Math.max(...starts);
    const out: SeriesEntry[] = [];
    let previous: KpiResults | null = null;
    for (let s = first; s <= last; s = nextPeriod(s, period)) {
      const next = nextPeriod(s, period);
      const set = this.series.get(s) ?? new KpiSet(this.options.kpi);
      let a = zone.fromLocal(s), b = zone.fromLocal(next);
      if (from !== null && a < from) a = from;
      if (to !== null && b > to) b = to;
      const kpis = this.result(set, daysInclusive(zone.toLocal(a), zone.toLocal(b - 1)));
      withChange(kpis, previous);
      out.push({ period: periodLabel(s, period), from: formatInstant(a, zone), to: formatInstant(b, zone), kpis });
      previous = kpis;
    }
    return out;
  }

  groupEntries(): Record<string, GroupEntry[]> | undefined {
    const by = this.options.by;
    if (by.length === 0) return undefined;
    const days = this.reportDays();
    const out: Record<string, GroupEntry[]> = {};
    this.groups.forEach((level, i) => {
      const fields = by.slice(0, i + 1);
      const entries = [...level.values()].map((g) => ({ g, volume: g.set.volume.count }));
      entries.sort((x, y) => y.volume - x.volume || compareKeys(x.g.keys, y.g.keys));
      out[fields.join('/')] = entries.map(({ g }) => ({
        key: g.keys.join(' / '),
        keys: Object.fromEntries(fields.map((f, k) => [f, g.keys[k]])),
        kpis: this.result(g.set, days),
      }));
    });
    return out;
  }
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] === NO_KEY ? 1 : b[i] === NO_KEY ? -1 : a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Adds to each KPI of a period its change in value against the previous period (null when either is null). */
function withChange(kpis: KpiResults, previous: KpiResults | null): void {
  for (const id of Object.keys(kpis) as KpiId[]) {
    const k = kpis[id]!;
    const p = previous?.[id]?.value ?? null;
    k.change = k.value === null || p === null ? null : k.value - p;
  }
}
