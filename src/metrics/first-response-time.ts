import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import type { Estimate } from '../stats/estimate.js';
import type { Interval } from '../stats/interval.js';
import { Sample } from '../stats/sample.js';
import { durationFields } from './sql.js';

/** A duration KPI's value is the mean of its sample. */
export function durationEstimate(r: Record<string, unknown>): Estimate {
  return { kind: 'mean', mean: r.value as number | null, sd: r.sd as number | null, n: r.count as number, min: 0 };
}

export const firstResponseTime: KpiDefinition = {
  id: 'first_response_time',
  title: 'First response time',
  unit: 'seconds',
  formula: 'mean of (first_response_at − created_at) over answered tickets; median and p90 exact (R type 7)',
  inputs: 'tickets: created_at and first_response_at, or first_response_seconds / _minutes / _hours',
  better: 'lower',
  estimate: (r) => durationEstimate(r),
  bands: [
    { label: 'exceptional', text: '< 15 min', test: (v) => v < 15 * 60 },
    { label: 'above_average', text: '< 1 h', test: (v) => v < 3600 },
    { label: 'typical', text: '≤ 3 h (2–3 h)', test: (v) => v <= 3 * 3600 },
    { label: 'below_typical', text: '> 3 h', test: () => true },
  ],
  example: '200 minutes of waiting over 50 answered tickets → 4 min',
  sql: {
    family: 'first_response',
    fields: (d) => durationFields(d),
    // A time left out as invalid (drop_field) is neither answered nor unanswered: dropped.
    extra: {
      family: 'tickets',
      fields: (d, o) => [
        { name: 'unanswered', sql: d.countIf(o.droppedFields ? 'fr_s IS NULL AND NOT fr_dropped' : 'fr_s IS NULL'), count: true },
        ...(o.droppedFields ? [{ name: 'dropped', sql: d.countIf('fr_s IS NULL AND fr_dropped'), count: true }] : []),
      ],
    },
  },
};

export type Clock = 'calendar' | 'business';

export interface DurationKpiResult {
  value: number | null;
  unit: 'seconds';
  median: number | null;
  /** Distribution-free interval of the median (order statistics); null for small samples. */
  median_ci: Interval | null;
  p90: number | null;
  count: number;
  /** Sample standard deviation (n − 1). */
  sd: number | null;
  clock: Clock;
}

export interface FirstResponseTimeResult extends DurationKpiResult {
  /** Null when no first-response column feeds the KPI (report-builder.ts): not every ticket unanswered. */
  unanswered: number | null;
}

/** Tickets whose time was left out as invalid (invalid_fields "drop_field"): reported only when there are some. */
export function droppedField(n: number): { dropped?: number } {
  return n > 0 ? { dropped: n } : {};
}

export class FirstResponseTime {
  sample = new Sample();
  unanswered = 0;
  dropped = 0;

  add(t: TicketFacts): void {
    if (t.firstResponseSeconds !== null) this.sample.add(t.firstResponseSeconds);
    else if (t.firstResponseDropped) this.dropped++;
    else this.unanswered++;
  }

  merge(o: FirstResponseTime): void {
    this.sample.merge(o.sample);
    this.unanswered += o.unanswered;
    this.dropped += o.dropped;
  }

  result(clock: Clock, level: number): FirstResponseTimeResult {
    const s = this.sample.summary(level);
    return { value: s.mean, unit: 'seconds', median: s.median, median_ci: s.medianCi, p90: s.p90, count: s.count, sd: s.sd, unanswered: this.unanswered, ...droppedField(this.dropped), clock };
  }
}
