import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { durationEstimate } from './first-response-time.js';
import type { Clock, DurationKpiResult } from './first-response-time.js';
import { Sample } from '../stats/sample.js';
import { durationFields } from './sql.js';

export const requesterWaitTime: KpiDefinition = {
  id: 'requester_wait_time',
  title: 'Requester wait time',
  unit: 'seconds',
  formula:
    "mean of the helpdesk's requester wait time (the time the ticket waited on the agent: new, open, on hold) over resolved tickets that have it; median and p90 exact (R type 7)",
  inputs:
    'tickets: requester_wait_seconds / _minutes / _hours (calendar clock) or requester_wait_business_seconds / _minutes / _hours (business clock), status',
  better: 'lower',
  estimate: (r) => durationEstimate(r),
  bands: null,
  example: 'resolved tickets that waited 30 min, 2 h, 3 h 30 min and 10 h on the agent → mean 4 h, median 2 h 45 min',
  // The calendar column only: the SQL has no business clock (--engine duckdb refuses --business-hours).
  sql: { family: 'requester_wait', fields: (d) => durationFields(d) },
};

/**
 * A duration the helpdesk totals itself (requester wait, agent work), over resolved tickets
 * that have it: once solved, the figure no longer grows. Subclasses say which fact it is.
 */
export abstract class ResolvedDuration {
  sample = new Sample();

  protected abstract seconds(t: TicketFacts): number | null;

  add(t: TicketFacts): void {
    if (!t.resolved) return;
    const s = this.seconds(t);
    if (s !== null) this.sample.add(s);
  }

  merge(o: ResolvedDuration): void {
    this.sample.merge(o.sample);
  }

  result(clock: Clock, level: number): DurationKpiResult {
    const s = this.sample.summary(level);
    return { value: s.mean, unit: 'seconds', median: s.median, median_ci: s.medianCi, p90: s.p90, count: s.count, sd: s.sd, clock };
  }
}

export class RequesterWaitTime extends ResolvedDuration {
  protected seconds(t: TicketFacts): number | null {
    return t.requesterWaitSeconds;
  }
}
