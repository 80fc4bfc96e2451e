import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { percent } from '../stats/ratio.js';
import { sqlPercent } from './sql.js';

export const reopenRate: KpiDefinition = {
  id: 'reopen_rate',
  title: 'Reopen rate',
  unit: 'percent',
  formula: 'resolved tickets reopened at least once (reopened true, or a reopen count ≥ 1) / resolved tickets having a reopen value × 100',
  inputs: "tickets: reopened (a flag or a count: Zendesk's Reopens, ServiceNow's reopen_count), status",
  better: 'lower',
  estimate: (r) => ({ kind: 'proportion', successes: r.reopened as number, n: r.resolved as number }),
  bands: null,
  example: '12 of 150 resolved tickets were reopened (Reopens 1, 1, 3, …; the rest 0) → 8 %',
  sql: {
    family: 'tickets',
    fields: (d) => {
      // reopen_known: the ticket gives a reopen value (reopened is FALSE, not NULL, when it does not).
      const reopened = d.countIf('resolved AND reopen_known AND reopened');
      const resolved = d.countIf('resolved AND reopen_known');
      return [
        { name: 'value', sql: sqlPercent(d, reopened, resolved) },
        { name: 'reopened', sql: reopened, count: true },
        { name: 'resolved', sql: resolved, count: true },
      ];
    },
  },
};

export interface ReopenRateResult {
  value: number | null;
  unit: 'percent';
  reopened: number;
  /** Resolved tickets with a reopen value (flag or count). */
  resolved: number;
}

export class ReopenRate {
  reopened = 0;
  resolved = 0;

  add(t: TicketFacts): void {
    // A ticket without a reopen value says nothing about reopening: out of both counts.
    if (!t.resolved || t.reopened === null) return;
    this.resolved++;
    if (t.reopened) this.reopened++;
  }

  merge(o: ReopenRate): void {
    this.reopened += o.reopened;
    this.resolved += o.resolved;
  }

  result(): ReopenRateResult {
    return { value: percent(this.reopened, this.resolved), unit: 'percent', reopened: this.reopened, resolved: this.resolved };
  }
}
