import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { DistinctIds } from '../structures/distinct-ids.js';

export const ticketsPerCustomer: KpiDefinition = {
  id: 'tickets_per_customer',
  title: 'Tickets per customer',
  unit: 'ratio',
  formula: 'tickets having a customer_id / distinct customer_id among them',
  inputs: 'tickets: customer_id',
  better: 'lower',
  bands: [
    { label: 'exceptional', text: '≤ 3 (2–3)', test: (v) => v <= 3 },
    { label: 'typical', text: '3–5', test: (v) => v <= 5 },
    { label: 'below_typical', text: '> 5', test: () => true },
  ],
  example: '500 tickets from 100 customers → 5',
  sql: {
    family: 'tickets',
    fields: (d) => [
      { name: 'value', sql: `CASE WHEN COUNT(DISTINCT customer_id) = 0 THEN NULL ELSE CAST(COUNT(customer_id) AS ${d.double}) / COUNT(DISTINCT customer_id) END` },
      { name: 'tickets', sql: 'COUNT(customer_id)', count: true },
      { name: 'customers', sql: 'COUNT(DISTINCT customer_id)', count: true },
    ],
  },
};

export interface TicketsPerCustomerResult {
  value: number | null;
  unit: 'ratio';
  tickets: number;
  customers: number;
}

/** Memory: what an exact distinct count needs (a bit per numbered customer id, ~20 bytes per other id). */
export class TicketsPerCustomer {
  tickets = 0;
  customers = new DistinctIds();

  add(t: TicketFacts): void {
    if (!t.customer.present) return;
    this.tickets++;
    t.customer.addTo(this.customers);
  }

  merge(o: TicketsPerCustomer): void {
    this.tickets += o.tickets;
    this.customers.merge(o.customers);
  }

  result(): TicketsPerCustomerResult {
    const customers = this.customers.size;
    return { value: customers === 0 ? null : this.tickets / customers, unit: 'ratio', tickets: this.tickets, customers };
  }
}
