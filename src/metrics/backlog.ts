import type { KpiDefinition } from './definition.js';
import { quantileSorted } from '../stats/quantile.js';
import { grown } from '../structures/typed-array.js';

export const backlog: KpiDefinition = {
  id: 'backlog',
  title: 'Backlog',
  unit: 'count',
  formula:
    "tickets open at the window's end T: created before T and not resolved before T (resolved_at ≥ T, or not resolved); without --to, tickets not resolved at all. Per period, open at each period's end. median_age = median of (T − created_at) over those tickets (without --to, T is the data's last ticket time)",
  inputs: 'tickets: created_at, status or resolved_at (tickets created before --from count while they are open at T)',
  better: 'lower',
  bands: null,
  example:
    'T = 2026-04-01: A created 03-10 resolved 03-20, B created 03-25 resolved 04-03, C created 03-30 still open, D created 04-02 → B and C are open at T: backlog 2, ages 7 d and 2 d, median age 4.5 d',
  sqlNone:
    "not a per-slice aggregate of the slice's rows: it counts tickets created before the window too, at each period's end from the totals' or the group's tickets, so the query's families (rows of the slice) cannot express it; --engine duckdb reports it null with a note",
};

export interface BacklogResult {
  value: number;
  unit: 'count';
  /** T (epoch ms; the report writes it as a timestamp), or null: open now (no --to). */
  at: number | string | null;
  /** The instant the ages are measured at: T, or the data's last ticket time when T is null. */
  age_at: number | string | null;
  /** Median of age_at − created_at over the open tickets, seconds (calendar clock). */
  median_age: number | null;
  /** Resolved tickets without a resolution time created before T: whether they were open at T is unknown; counted as resolved. */
  resolved_undated?: number;
}

/**
 * Every ticket's creation and resolution instants (epoch ms; +Infinity: not resolved, NaN:
 * resolved at an unknown time), so the open tickets can be counted at any instant: a
 * backlog is not a sum of per-row figures (a ticket created in March still open in May
 * counts in April's backlog), so slices merge by keeping the pairs, 16 bytes a ticket.
 */
export class Backlog {
  created = new Float64Array(8);
  resolved = new Float64Array(8);
  n = 0;
  /** The latest instant seen (creation or resolution): "now" for ages when T is open. */
  last = -Infinity;

  /** resolvedAt: null when not resolved; NaN when resolved at an unknown time. */
  add(createdAt: number, resolvedAt: number | null): void {
    if (this.n === this.created.length) {
      // Stryker disable next-line ArithmeticOperator: n is the length (≥ 8) here and grown() takes at least twice the length, so n ± 1 never decides
      this.created = grown(this.created, this.n + 1, this.n);
      // Stryker disable next-line ArithmeticOperator: as above
      this.resolved = grown(this.resolved, this.n + 1, this.n);
    }
    const r = resolvedAt ?? Infinity;
    this.created[this.n] = createdAt;
    this.resolved[this.n++] = r;
    // Stryker disable next-line EqualityOperator: a maximum: on a tie the assignment stores the same value
    if (createdAt > this.last) this.last = createdAt;
    // Stryker disable next-line EqualityOperator: as above
    if (Number.isFinite(r) && r > this.last) this.last = r;
  }

  merge(o: Backlog): void {
    const need = this.n + o.n;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: growing arrays that already fit only copies them: same contents
    if (need > this.created.length) {
      this.created = grown(this.created, need, this.n);
      this.resolved = grown(this.resolved, need, this.n);
    }
    this.created.set(o.created.subarray(0, o.n), this.n);
    this.resolved.set(o.resolved.subarray(0, o.n), this.n);
    this.n = need;
    // Stryker disable next-line EqualityOperator: a maximum: on a tie the assignment stores the same value
    if (o.last > this.last) this.last = o.last;
  }

  buffers(): ArrayBuffer[] {
    return [this.created.buffer as ArrayBuffer, this.resolved.buffer as ArrayBuffer];
  }

  /**
   * The tickets open at T (null: not resolved at all), and their median age at T, or at
   * asOf when T is null (the whole report's last ticket time, the same for every group).
   */
  result(at: number | null, asOf: number = this.last): BacklogResult {
    if (at !== null) asOf = at;
    const ages = new Float64Array(this.n);
    let open = 0;
    let undated = 0;
    // Stryker disable next-line EqualityOperator: the slot past the last holds 0 (unused capacity) or undefined (past the end): neither is open nor undated at any T
    for (let i = 0; i < this.n; i++) {
      const c = this.created[i], r = this.resolved[i];
      if (at !== null && c >= at) continue;
      // NaN compares false: a resolved ticket of unknown time is never open.
      if (r === Infinity || (at !== null && r >= at)) ages[open++] = asOf - c;
      else if (at !== null && r !== r) undated++;
    }
    const sorted = ages.subarray(0, open).sort();
    const median = quantileSorted(sorted, 0.5);
    const out: BacklogResult = { value: open, unit: 'count', at, age_at: Number.isFinite(asOf) ? asOf : null, median_age: median === null ? null : median / 1000 };
    if (undated > 0) out.resolved_undated = undated;
    return out;
  }
}
