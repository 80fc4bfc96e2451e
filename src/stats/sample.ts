import type { Interval } from './interval.js';
import { sampleSd } from './mean-interval.js';
import { medianInterval } from './median-interval.js';
import { quantileSorted } from './quantile.js';
import { grown } from '../structures/typed-array.js';
import { sortNonNegative } from './radix-sort.js';
import { mean } from './ratio.js';

export interface SampleSummary {
  mean: number | null;
  median: number | null;
  /** The median's distribution-free interval at the level asked (null below ~6 values). */
  medianCi: Interval | null;
  p90: number | null;
  count: number;
  /** Sample standard deviation (n − 1), null below two values. */
  sd: number | null;
}

/**
 * A growing sample of numbers (durations in seconds) that keeps every value, because
 * exact median and p90 need them all: 8 bytes per value, 8 MB per million tickets.
 * add is amortised O(1), merge O(m), summary O(n log n) (one sort).
 *
 * @example const s = new Sample(); s.add(1); s.add(3); s.summary() // { mean: 2, median: 2, p90: 2.8, count: 2 }
 */
export class Sample {
  /** 64 bytes to start with: V8 keeps typed arrays that small in its heap (cheap by the hundred thousand, one per group). */
  private values = new Float64Array(8);
  private n = 0;
  /** The values are in ascending order (after sort(), kept by merging sorted samples). */
  private sorted = true;

  add(value: number): void {
    if (this.n === this.values.length) this.grow(this.n + 1);
    if (this.n > 0 && value < this.values[this.n - 1]) this.sorted = false;
    this.values[this.n++] = value;
  }

  merge(other: Sample): void {
    const need = this.n + other.n;
    if (this.sorted && other.sorted && this.n > 0 && other.n > 0) {
      // Two sorted samples (e.g. sorted by two threads at once) merge in O(n), staying sorted.
      const out = new Float64Array(Math.max(need, 16));
      const a = this.values, b = other.values;
      let i = 0, j = 0, k = 0;
      while (i < this.n && j < other.n) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
      while (i < this.n) out[k++] = a[i++];
      while (j < other.n) out[k++] = b[j++];
      this.values = out;
      this.n = need;
      return;
    }
    if (need > this.values.length) this.grow(need);
    this.values.set(other.values.subarray(0, other.n), this.n);
    // Here this one is unsorted or empty, or other is unsorted or empty (two non-empty sorted
    // ones merged above): only an unsorted other can change the order.
    if (other.n > 0 && !other.sorted) this.sorted = false;
    this.n = need;
  }

  /** The buffer holding the values, to transfer to another thread instead of copying it. */
  buffer(): ArrayBuffer {
    return this.values.buffer as ArrayBuffer;
  }

  /** Sorts the values now (so a later summary or merge need not). */
  sort(): void {
    if (!this.sorted) {
      // Durations are never negative: radix sort, with the built-in sort as the fallback.
      sortNonNegative(this.values.subarray(0, this.n));
      this.sorted = true;
    }
  }

  get count(): number {
    return this.n;
  }

  /** Mean, median (with its interval at level), p90, count and standard deviation. */
  summary(level = 0.95): SampleSummary {
    this.sort();
    const sorted = this.values.subarray(0, this.n);
    // Summing in sorted order makes the mean independent of the order rows arrived or
    // partial samples were merged in, so a merged result equals a one-pass result bit for bit.
    let sum = 0;
    for (let i = 0; i < sorted.length; i++) sum += sorted[i];
    const m = mean(sum, this.n);
    // Deviations from the mean, in a second pass: no cancellation between large sums.
    let squares = 0;
    if (m !== null) for (let i = 0; i < sorted.length; i++) squares += (sorted[i] - m) * (sorted[i] - m);
    return {
      mean: m,
      median: quantileSorted(sorted, 0.5),
      medianCi: medianInterval(sorted, level),
      p90: quantileSorted(sorted, 0.9),
      count: this.n,
      sd: sampleSd(this.n, 0, squares),
    };
  }

  private grow(size: number): void {
    this.values = grown(this.values, size, this.n);
  }
}
