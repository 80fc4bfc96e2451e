import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerFacts, CustomerPeriodFacts, TicketFacts } from '../../src/metrics/facts.js';
import { KpiSet } from '../../src/metrics/kpi-set.js';
import type { KpiOptions } from '../../src/metrics/kpi-set.js';
import { IdValue } from '../../src/structures/id-value.js';

const OPTIONS: KpiOptions = {
  csatScale: { min: 1, max: 5 },
  cesScale: { min: 1, max: 7 },
  slaFirstResponseSeconds: 3600,
  slaResolutionSeconds: 86400,
  clock: 'calendar', confidence: 0.95, minSample: 30,
};

// Response and resolution times keep every value (exact percentiles) and sum them in sorted
// order, so any fractions merge exactly. Handle time keeps only a running sum: exact for the
// whole seconds exports carry, while fractional sums could differ in the last bit by order.
const seconds = fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null });
const wholeSeconds = fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: null });
// A customer comes as text, or as a numbered id's prefix and number (C2 either way).
const customer = fc.oneof(
  fc.constant({ customer: new IdValue() }),
  fc.constantFrom('a', 'b', 'C1', 'C2').map((id) => ({ customer: IdValue.of(id) })),
  fc.integer({ min: 1, max: 3 }).map((n) => ({ customer: new IdValue().setNumbered('C', n) })),
);
const ticketArb: fc.Arbitrary<TicketFacts> = fc
  .record({
    createdAt: fc.integer({ min: 0, max: 1e12 }),
    firstResponseSeconds: seconds,
    firstResponseDropped: fc.boolean(),
    resolutionSeconds: seconds,
    resolutionDropped: fc.boolean(),
    resolved: fc.boolean(),
    customer,
    contacts: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    reopened: fc.option(fc.boolean(), { nil: null }),
    replies: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    requesterWaitSeconds: seconds,
    agentWorkSeconds: seconds,
    handleSeconds: wholeSeconds,
    selfService: fc.boolean(),
  })
  .map(({ customer: c, ...t }) => ({ ...t, ...c }));
const answerArb: fc.Arbitrary<AnswerFacts> = fc.oneof(
  fc.record({ type: fc.constant('csat' as const), score: fc.integer({ min: 1, max: 5 }), offered: fc.boolean() }),
  fc.record({ type: fc.constant('nps' as const), score: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ type: fc.constant('ces' as const), score: fc.integer({ min: 1, max: 7 }) }),
);
const periodArb: fc.Arbitrary<CustomerPeriodFacts> = fc
  .record({ periodStart: fc.integer({ min: 0, max: 1000 }), s: fc.integer({ min: 0, max: 1000 }), kept: fc.double({ min: 0, max: 1, noNaN: true }), n: fc.integer({ min: 0, max: 100 }) })
  .map(({ periodStart, s, kept, n }) => ({ periodStart, customersStart: s, customersEnd: Math.floor(s * kept) + n, newCustomers: n }));

function feed(set: KpiSet, tickets: TicketFacts[], answers: AnswerFacts[], periods: CustomerPeriodFacts[]): KpiSet {
  for (const t of tickets) {
    set.addTicket(t);
    // The backlog is fed by the report builder: resolved at an unknown time (NaN) when there is no resolution time.
    set.backlog.add(t.createdAt, t.resolved ? (t.resolutionSeconds === null ? Number.NaN : t.createdAt + t.resolutionSeconds * 1000) : null);
  }
  for (const a of answers) set.addAnswer(a);
  for (const p of periods) set.addCustomerPeriod(p);
  return set;
}

describe('KpiSet merge', () => {
  it('accumulating two halves and merging equals one pass over all rows', () => {
    fc.assert(
      fc.property(
        fc.array(ticketArb, { maxLength: 60 }),
        fc.array(answerArb, { maxLength: 60 }),
        fc.uniqueArray(periodArb, { maxLength: 6, selector: (p) => p.periodStart }),
        fc.nat(),
        (tickets, answers, periods, cut) => {
          const whole = feed(new KpiSet(OPTIONS), tickets, answers, periods).result(30);
          const ct = cut % (tickets.length + 1), ca = cut % (answers.length + 1), cp = cut % (periods.length + 1);
          const left = feed(new KpiSet(OPTIONS), tickets.slice(0, ct), answers.slice(0, ca), periods.slice(0, cp));
          const right = feed(new KpiSet(OPTIONS), tickets.slice(ct), answers.slice(ca), periods.slice(cp));
          right.merge(left); // merge order must not matter either
          expect(right.result(30)).toEqual(whole);
          // The backlog at any instant T, too (T inside the tickets' span).
          const at = tickets.length ? tickets[cut % tickets.length].createdAt + 1 : 0;
          const all = feed(new KpiSet(OPTIONS), tickets, [], []);
          expect(right.backlog.result(at)).toEqual(all.backlog.result(at));
        },
      ),
      { numRuns: 300 },
    );
  });
});
