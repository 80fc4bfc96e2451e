import type { KpiDefinition } from './definition.js';
import { quantileSorted } from '../stats/quantile.js';
import { Fenwick } from '../structures/fenwick.js';
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
    "not a per-slice aggregate of the slice's rows (it counts tickets created before the window too, at each period's end from the totals' or the group's tickets), so not a family field: src/engine/sql-query.ts builds it from every ticket crossed with each slice's end (the backlog_* CTEs)",
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
   * The definition: one pass over the tickets, O(n) (resultsAt answers many T at once).
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
    return backlogResult(open, at, asOf, quantileSorted(sorted, 0.5), undated);
  }

  /**
   * result(at, asOf) for every at of ats (a period series' ends), in one sweep instead of a
   * pass per instant: a ticket is open at the instants T with created < T ≤ resolved, a run
   * of consecutive ones once they are sorted, so it enters the open set at one and leaves at
   * another; a Fenwick tree over the creation times in order gives the open set's median.
   * The same numbers as result() (test/metrics/backlog.test.ts compares them); O(n log n + m log m)
   * for n tickets and m instants, where m calls of result() cost O(n·m): a year of weeks by
   * every agent was most of a `--by agent --period week` run.
   */
  resultsAt(ats: readonly (number | null)[], asOf: number = this.last): BacklogResult[] {
    const m = ats.length;
    // The instants in ascending order (null: +∞, resolved never).
    const order = Array.from(ats.keys()).sort((a, b) => instant(ats[a]) - instant(ats[b]));
    const ts = order.map((q) => instant(ats[q]));
    // Creation times of the tickets that can be open (not resolved at an unknown time), sorted: the tree's slots.
    let dated = 0;
    for (let i = 0; i < this.n; i++) if (this.resolved[i] === this.resolved[i]) dated++;
    const slotted = new Float64Array(dated);
    for (let i = 0, k = 0; i < this.n; i++) if (this.resolved[i] === this.resolved[i]) slotted[k++] = this.created[i];
    slotted.sort();
    // Each ticket's slot (equal creation times share a run of slots, taken in turn), and the
    // sorted instant where it enters (the first T > created) and leaves (the first T > resolved).
    const taken = new Int32Array(dated);
    const enters = new Int32Array(m + 1), leaves = new Int32Array(m + 1), undatedFrom = new Int32Array(m + 1);
    const slotOf = new Int32Array(this.n), enterOf = new Int32Array(this.n), leaveOf = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const c = this.created[i], r = this.resolved[i];
      const q = countAtMost(ts, c);
      if (r !== r) {
        undatedFrom[q]++;
        slotOf[i] = -1;
        continue;
      }
      const run = lowerBound(slotted, c);
      slotOf[i] = run + taken[run]++;
      enterOf[i] = q;
      // Resolved before it was created: never open (leaves where it enters).
      leaveOf[i] = r === Infinity ? m : countAtMost(ts, Math.max(c, r));
      enters[q]++;
      leaves[leaveOf[i]]++;
    }
    // The tickets by the instant they enter and by the instant they leave (counting sort).
    const enterStart = starts(enters), leaveStart = starts(leaves);
    const byEnter = new Int32Array(dated), byLeave = new Int32Array(dated);
    for (let i = 0; i < this.n; i++) {
      if (slotOf[i] < 0) continue;
      byEnter[enterStart[enterOf[i]]++] = slotOf[i];
      byLeave[leaveStart[leaveOf[i]]++] = slotOf[i];
    }
    const tree = new Fenwick(dated);
    const out = new Array<BacklogResult>(m);
    let open = 0, undated = 0;
    for (let k = 0, e = 0, l = 0; k < m; k++) {
      for (const end = e + enters[k]; e < end; e++, open++) tree.add(byEnter[e], 1);
      for (const end = l + leaves[k]; l < end; l++, open--) tree.add(byLeave[l], -1);
      undated += undatedFrom[k];
      const at = ats[order[k]];
      const age = at === null ? asOf : at;
      let median: number | null = null;
      if (open > 0) {
        // Ages ascending are creation times descending: the j-th youngest age is the (open − j)-th creation time.
        const lo = (open - 1) >> 1, hi = open >> 1;
        const youngest = age - slotted[tree.kth(open - lo)];
        median = lo === hi ? youngest : quantileSorted([youngest, age - slotted[tree.kth(open - hi)]], 0.5);
      }
      out[order[k]] = backlogResult(open, at, age, median, at === null ? 0 : undated);
    }
    return out;
  }
}

function backlogResult(open: number, at: number | null, asOf: number, medianMs: number | null, undated: number): BacklogResult {
  const out: BacklogResult = { value: open, unit: 'count', at, age_at: Number.isFinite(asOf) ? asOf : null, median_age: medianMs === null ? null : medianMs / 1000 };
  if (undated > 0) out.resolved_undated = undated;
  return out;
}

function instant(at: number | null): number {
  return at === null ? Infinity : at;
}

/** How many of sorted's values are ≤ x (binary search). */
function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of sorted holding x (sorted holds it). */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where each bucket of a counting sort starts, from the bucket sizes. */
function starts(sizes: Int32Array): Int32Array {
  const out = new Int32Array(sizes.length);
  for (let k = 1; k < sizes.length; k++) out[k] = out[k - 1] + sizes[k - 1];
  return out;
}
