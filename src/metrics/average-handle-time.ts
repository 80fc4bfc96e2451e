import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { sampleSd } from '../stats/mean-interval.js';
import { mean } from '../stats/ratio.js';
import { sqlMean, sqlSd } from './sql.js';

export const averageHandleTime: KpiDefinition = {
  id: 'average_handle_time',
  title: 'Average handle time',
  unit: 'seconds',
  formula: 'mean of (talk + hold + after_work), a missing part counting 0, over tickets having any part (or handle_seconds)',
  inputs: 'tickets: talk_seconds, hold_seconds, after_work_seconds, or handle_seconds',
  better: 'lower',
  estimate: (r) => ({ kind: 'mean', mean: r.value as number | null, sd: r.sd as number | null, n: r.count as number, min: 0 }),
  bands: [
    { label: 'exceptional', text: '≤ 2 min', test: (v) => v <= 120 },
    { label: 'above_average', text: '< 4 min', test: (v) => v < 240 },
    { label: 'typical', text: '4–8 min', test: (v) => v <= 480 },
    { label: 'below_typical', text: '> 8 min', test: () => true },
  ],
  example: '(500 + 100 + 200) min over 100 calls → 8 min',
  sql: {
    family: 'tickets',
    fields: (d) => [
      { name: 'value', sql: sqlMean(d, 'SUM(handle_s)', 'COUNT(handle_s)') },
      { name: 'count', sql: 'COUNT(handle_s)', count: true },
      { name: 'sd', sql: sqlSd('handle_s') },
    ],
  },
};

export interface AverageHandleTimeResult {
  value: number | null;
  unit: 'seconds';
  count: number;
  /** Sample standard deviation (n − 1). */
  sd: number | null;
}

export class AverageHandleTime {
  sum = 0;
  /** Σ x², for the standard deviation (exact while the sums stay below 2⁵³, as whole seconds do). */
  squares = 0;
  count = 0;

  add(t: TicketFacts): void {
    if (t.handleSeconds === null) return;
    this.sum += t.handleSeconds;
    this.squares += t.handleSeconds * t.handleSeconds;
    this.count++;
  }

  merge(o: AverageHandleTime): void {
    this.sum += o.sum;
    this.squares += o.squares;
    this.count += o.count;
  }

  result(): AverageHandleTimeResult {
    return { value: mean(this.sum, this.count), unit: 'seconds', count: this.count, sd: sampleSd(this.count, this.sum, this.squares) };
  }
}
