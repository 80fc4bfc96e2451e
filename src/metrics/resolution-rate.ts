import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { percent } from '../stats/ratio.js';
import { sqlPercent } from './sql.js';

export const resolutionRate: KpiDefinition = {
  id: 'resolution_rate',
  title: 'Resolution rate',
  unit: 'percent',
  formula: 'resolved tickets / all tickets × 100 (status resolved, solved or closed; or a resolution time when there is no status)',
  inputs: 'tickets: status, resolved_at',
  better: 'higher',
  estimate: (r) => ({ kind: 'proportion', successes: r.resolved as number, n: r.tickets as number }),
  bands: [
    { label: 'exceptional', text: '> 90 %', test: (v) => v > 90 },
    { label: 'above_average', text: '≥ 85 %', test: (v) => v >= 85 },
    { label: 'typical', text: '≥ 70 % (70–80 %)', test: (v) => v >= 70 },
    { label: 'below_typical', text: '< 70 %', test: () => true },
  ],
  example: '450 resolved of 500 → 90 %',
  sql: {
    family: 'tickets',
    fields: (d) => [
      { name: 'value', sql: sqlPercent(d, d.countIf('resolved'), 'COUNT(*)') },
      { name: 'resolved', sql: d.countIf('resolved'), count: true },
      { name: 'tickets', sql: 'COUNT(*)', count: true },
    ],
  },
};

export interface ResolutionRateResult {
  value: number | null;
  unit: 'percent';
  resolved: number;
  tickets: number;
}

export class ResolutionRate {
  resolved = 0;
  tickets = 0;

  add(t: TicketFacts): void {
    this.tickets++;
    if (t.resolved) this.resolved++;
  }

  merge(o: ResolutionRate): void {
    this.resolved += o.resolved;
    this.tickets += o.tickets;
  }

  result(): ResolutionRateResult {
    return { value: percent(this.resolved, this.tickets), unit: 'percent', resolved: this.resolved, tickets: this.tickets };
  }
}
