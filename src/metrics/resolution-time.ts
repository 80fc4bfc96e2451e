import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { droppedField, durationEstimate } from './first-response-time.js';
import type { Clock, DurationKpiResult } from './first-response-time.js';
import { Sample } from '../stats/sample.js';
import { durationFields } from './sql.js';

export const resolutionTime: KpiDefinition = {
  id: 'resolution_time',
  title: 'Resolution time',
  unit: 'seconds',
  formula: 'mean of (resolved_at − created_at) over resolved tickets with a time; median and p90 exact (R type 7)',
  inputs: 'tickets: created_at and resolved_at, or resolution_seconds / _minutes / _hours; status',
  better: 'lower',
  estimate: (r) => durationEstimate(r),
  bands: null,
  example: 'resolved in 1 h, 2 h, 3 h and 10 h → mean 4 h, median 2.5 h, p90 7.9 h (3 + 0.7 × (10 − 3))',
  sql: {
    family: 'resolution',
    fields: (d) => durationFields(d),
    // A resolved ticket whose time was left out as invalid (drop_field): counted in dropped alone.
    extra: { family: 'tickets', fields: (d, o) => (o.droppedFields ? [{ name: 'dropped', sql: d.countIf('resolved AND res_s IS NULL AND res_dropped'), count: true }] : []) },
  },
};

export class ResolutionTime {
  sample = new Sample();
  dropped = 0;

  add(t: TicketFacts): void {
    if (t.resolved && t.resolutionSeconds !== null) this.sample.add(t.resolutionSeconds);
    else if (t.resolutionDropped) this.dropped++;
  }

  merge(o: ResolutionTime): void {
    this.sample.merge(o.sample);
    this.dropped += o.dropped;
  }

  result(clock: Clock, level: number): DurationKpiResult {
    const s = this.sample.summary(level);
    return { value: s.mean, unit: 'seconds', median: s.median, median_ci: s.medianCi, p90: s.p90, count: s.count, sd: s.sd, ...droppedField(this.dropped), clock };
  }
}
