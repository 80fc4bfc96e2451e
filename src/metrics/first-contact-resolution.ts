import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { mean, percent } from '../stats/ratio.js';
import { sqlMean, sqlPercent } from './sql.js';

export const firstContactResolution: KpiDefinition = {
  id: 'first_contact_resolution',
  title: 'First contact resolution',
  unit: 'percent',
  formula:
    'resolved tickets with contacts = 1 and not reopened / resolved tickets having contacts × 100; contacts_per_resolution = mean contacts over those resolved tickets',
  inputs: 'tickets: contacts, reopened, status',
  better: 'higher',
  estimate: (r) => ({ kind: 'proportion', successes: r.first_contact as number, n: r.resolved_with_contacts as number }),
  bands: null,
  example: '70 of 100 resolved tickets closed on the first contact → 70 %',
  sql: {
    family: 'tickets',
    fields: (d) => {
      const first = d.countIf('resolved AND contacts = 1 AND NOT reopened');
      const all = d.countIf('resolved AND contacts IS NOT NULL');
      return [
        { name: 'value', sql: sqlPercent(d, first, all) },
        { name: 'first_contact', sql: first, count: true },
        { name: 'resolved_with_contacts', sql: all, count: true },
        { name: 'contacts_per_resolution', sql: sqlMean(d, 'SUM(CASE WHEN resolved THEN contacts END)', all) },
      ];
    },
  },
};

export interface FirstContactResolutionResult {
  value: number | null;
  unit: 'percent';
  first_contact: number;
  resolved_with_contacts: number;
  contacts_per_resolution: number | null;
}

export class FirstContactResolution {
  firstContact = 0;
  resolvedWithContacts = 0;
  contactsSum = 0;

  add(t: TicketFacts): void {
    if (!t.resolved || t.contacts === null) return;
    this.resolvedWithContacts++;
    this.contactsSum += t.contacts;
    if (t.contacts === 1 && !t.reopened) this.firstContact++;
  }

  merge(o: FirstContactResolution): void {
    this.firstContact += o.firstContact;
    this.resolvedWithContacts += o.resolvedWithContacts;
    this.contactsSum += o.contactsSum;
  }

  result(): FirstContactResolutionResult {
    return {
      value: percent(this.firstContact, this.resolvedWithContacts),
      unit: 'percent',
      first_contact: this.firstContact,
      resolved_with_contacts: this.resolvedWithContacts,
      contacts_per_resolution: mean(this.contactsSum, this.resolvedWithContacts),
    };
  }
}
