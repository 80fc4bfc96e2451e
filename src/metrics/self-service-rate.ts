import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { percent } from '../stats/ratio.js';
import { sqlPercent } from './sql.js';

export const selfServiceRate: KpiDefinition = {
  id: 'self_service_rate',
  title: 'Self-service rate',
  unit: 'percent',
  formula: 'self-service tickets / all tickets × 100',
  inputs:
    'tickets: self_service, else channel in the self-service set (chatbot, bot, help_center, faq, forum, community, knowledge_base, self_service)',
  better: 'higher',
  estimate: (r) => ({ kind: 'proportion', successes: r.self_service as number, n: r.tickets as number }),
  bands: null,
  example: '120 of 800 tickets through the help center or a chatbot → 15 %',
  sql: {
    family: 'tickets',
    fields: (d) => [
      { name: 'value', sql: sqlPercent(d, d.countIf('self_service'), 'COUNT(*)') },
      { name: 'self_service', sql: d.countIf('self_service'), count: true },
      { name: 'tickets', sql: 'COUNT(*)', count: true },
    ],
  },
};

export interface SelfServiceRateResult {
  value: number | null;
  unit: 'percent';
  self_service: number;
  tickets: number;
}

export class SelfServiceRate {
  selfService = 0;
  tickets = 0;

  add(t: TicketFacts): void {
    this.tickets++;
    if (t.selfService) this.selfService++;
  }

  merge(o: SelfServiceRate): void {
    this.selfService += o.selfService;
    this.tickets += o.tickets;
  }

  result(): SelfServiceRateResult {
    return { value: percent(this.selfService, this.tickets), unit: 'percent', self_service: this.selfService, tickets: this.tickets };
  }
}
