import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { SQL_FIRST_CREATED, SQL_LAST_CREATED } from './sql.js';

export const ticketVolume: KpiDefinition = {
  id: 'ticket_volume',
  title: 'Ticket volume',
  unit: 'count',
  formula: 'tickets created in the window; daily_average = tickets / days in the window',
  inputs: 'tickets: created_at',
  better: null,
  bands: null,
  example: '310 tickets over 31 days → daily_average 10',
  // days and daily_average depend on the report's window and periods: the report builder adds them (as for the JS engine).
  sql: {
    family: 'tickets',
    fields: () => [
      { name: 'value', sql: 'COUNT(*)', count: true },
      { name: SQL_FIRST_CREATED, sql: 'MIN(created_ms)' },
      { name: SQL_LAST_CREATED, sql: 'MAX(created_ms)' },
    ],
  },
};

export interface TicketVolumeResult {
  value: number;
  unit: 'count';
  daily_average: number | null;
  days: number | null;
}

/** Counts tickets and remembers the first and last creation instants (for the default day span). */
export class TicketVolume {
  count = 0;
  firstCreatedAt = Infinity;
  lastCreatedAt = -Infinity;

  add(t: TicketFacts): void {
    this.count++;
    // Stryker disable next-line EqualityOperator: a minimum: on a tie the assignment stores the same value
    if (t.createdAt < this.firstCreatedAt) this.firstCreatedAt = t.createdAt;
    // Stryker disable next-line EqualityOperator: a maximum, as above
    if (t.createdAt > this.lastCreatedAt) this.lastCreatedAt = t.createdAt;
  }

  merge(o: TicketVolume): void {
    this.count += o.count;
    this.firstCreatedAt = Math.min(this.firstCreatedAt, o.firstCreatedAt);
    this.lastCreatedAt = Math.max(this.lastCreatedAt, o.lastCreatedAt);
  }

  /** days: calendar days the count is spread over, decided by the report (window, period or data span). */
  result(days: number | null): TicketVolumeResult {
    return {
      value: this.count,
      unit: 'count',
      daily_average: days ? this.count / days : null,
      days,
    };
  }
}
