/**
 * What the two-thread path does with a worker's results, in-process: the worker's builder
 * state and ticket ids cross a thread boundary as a structured clone (fields, typed arrays
 * and Maps kept, prototypes lost, buffers transferred), are revived and merged into the
 * main thread's. The result must be the one builder that read every row, for totals,
 * periods and groups (the worker code itself runs only from dist/: test/cli/parallel.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerRow, CustomerRow, TicketRow } from '../../src/input/rows/row-types.js';
import type { KpiOptions } from '../../src/metrics/kpi-set.js';
import { ReportBuilder } from '../../src/engine/report-builder.js';
import type { BuildOptions } from '../../src/engine/report-builder.js';
import { TicketIds } from '../../src/structures/ticket-ids.js';
import { TimeZone } from '../../src/time/time-zone.js';
import { IdValue } from '../../src/structures/id-value.js';

const kpi: KpiOptions = { csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 5 }, slaFirstResponseSeconds: 900, slaResolutionSeconds: 86400, clock: 'calendar', confidence: 0.95, minSample: 30 };
const options: BuildOptions = { zone: TimeZone.of('Europe/Madrid'), from: null, to: null, period: 'week', by: ['agent'], kpi, clock: null };
const T0 = Date.UTC(2026, 2, 2, 8);

function ticket(i: number, t: { hours: number; wait: number | null; resolved: boolean; agent: string; customer: number; handle: number | null; csat: number | null }): TicketRow {
  const createdAt = T0 + t.hours * 3600_000;
  return {
    line: i + 2, id: IdValue.of(`T${i}`), createdAt, firstResponseAt: t.wait === null ? null : createdAt + t.wait * 1000, firstResponseGiven: null, firstResponseBusinessGiven: null, firstResponseDropped: false,
    resolvedAt: t.resolved ? createdAt + 7200_000 : null, resolutionGiven: null, resolutionBusinessGiven: null, resolutionDropped: false, resolved: t.resolved, channel: null, agent: t.agent, team: null,
    priority: null, customer: new IdValue().setNumbered('C', t.customer), contacts: t.resolved ? 1 : null, reopened: false, replies: null, requesterWaitGiven: null, requesterWaitBusinessGiven: null, agentWorkGiven: null, agentWorkBusinessGiven: null,
    firstResponseBusinessColumn: false, resolutionBusinessColumn: false, csatOffered: false, handleSeconds: t.handle, selfService: false,
    csatScore: t.csat, fields: [],
  };
}
const ticketArb = fc.record({
  hours: fc.integer({ min: 0, max: 24 * 40 }),
  wait: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: null }),
  resolved: fc.boolean(),
  agent: fc.constantFrom('ana', 'ben', '(none)'),
  customer: fc.integer({ min: 1, max: 9 }),
  handle: fc.option(fc.integer({ min: 1, max: 900 }), { nil: null }),
  csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
});
const answer = (score: number, at: number, agent: string): AnswerRow => ({
  line: 2, type: 'nps', score, respondedAt: T0 + at * 3600_000, ticketId: null, customerId: null, agent, channel: null, team: null, priority: null, fields: [],
});
const customer: CustomerRow = { line: 2, periodStart: T0, periodEnd: null, customersStart: 100, customersEnd: 95, newCustomers: 5 };

function report(b: ReportBuilder) {
  return { kpis: b.kpis(), series: b.seriesEntries(), groups: b.groupEntries() };
}

describe('a builder absorbing another one\'s state across a thread boundary', () => {
  it('equals one builder over all rows: totals, periods and groups', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 50 }), fc.nat(), fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 24 * 40 })), { maxLength: 10 }), (tickets, cut, answers) => {
        const at = cut % (tickets.length + 1);
        const one = new ReportBuilder(options);
        const main = new ReportBuilder(options);
        const worker = new ReportBuilder(options);
        tickets.forEach((t, i) => {
          one.addTicket(ticket(i, t), [t.agent]);
          (i < at ? main : worker).addTicket(ticket(i, t), [t.agent]);
        });
        // Answers and customer counts are read by the main thread only.
        for (const [score, when] of answers) for (const b of [one, main]) b.addAnswer(answer(score, when, 'ana'), ['ana']);
        for (const b of [one, main]) b.addCustomer(customer, null);
        // As the threads do: each sorts its samples, the worker's state is transferred.
        main.sortSamples();
        worker.sortSamples();
        const buffers = [...new Set(worker.buffers())];
        const state = structuredClone(worker.state(), { transfer: buffers });
        // Transferred, not copied: the worker's sample buffers are gone from its side.
        expect(worker.totals.firstResponse.sample.buffer().byteLength).toBe(0);
        main.absorb(state);
        expect(report(main)).toEqual(report(one));
        // Absorbed state that only the worker had (its periods and agents) is live, not a copy that merges wrong.
        const again = new ReportBuilder(options);
        again.absorb(structuredClone(main.state()));
        expect(report(again)).toEqual(report(one));
      }),
      { numRuns: 100 },
    );
  });
});

describe('builders of 1..8 threads merged as the workers\' tree merges them', () => {
  it('equals one builder over all rows, whichever thread read which row', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), fc.array(fc.nat(), { maxLength: 60 }), (tickets, threads, owners) => {
        const one = new ReportBuilder(options);
        // Thread 0 is the main thread; 1..threads − 1 the workers (worker w is thread w + 1).
        const builders = Array.from({ length: threads }, () => new ReportBuilder(options));
        tickets.forEach((t, i) => {
          one.addTicket(ticket(i, t), [t.agent]);
          builders[(owners[i] ?? i) % threads].addTicket(ticket(i, t), [t.agent]);
        });
        for (const b of builders) b.sortSamples();
        // Worker w takes in its children 2w + 1 and 2w + 2 (deepest first), each crossing a thread boundary; the main thread worker 0.
        const workers = builders.slice(1);
        const cross = (b: ReportBuilder) => structuredClone(b.state(), { transfer: [...new Set(b.buffers())] });
        for (let w = workers.length - 1; w >= 0; w--) for (const c of [2 * w + 1, 2 * w + 2]) if (c < workers.length) workers[w].absorb(cross(workers[c]));
        if (workers.length > 0) builders[0].absorb(cross(workers[0]));
        expect(report(builders[0])).toEqual(report(one));
      }),
      { numRuns: 100 },
    );
  });
});

describe('a builder adopting slices computed elsewhere (the SQL engines: engine/sql-engine.ts)', () => {
  it('reports what the builder that accumulated them reports: totals, periods and groups, the data\'s span', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 40 }), (tickets) => {
        const one = new ReportBuilder(options);
        tickets.forEach((t, i) => one.addTicket(ticket(i, t), [t.agent]));
        one.sortSamples();
        const other = new ReportBuilder(options);
        other.adopt(one.state());
        expect(report(other)).toEqual(report(one));
      }),
      { numRuns: 50 },
    );
  });
});

describe('ticket ids across a thread boundary', () => {
  it('a revived TicketIds answers and appends as the original', () => {
    const a = new TicketIds(), b = new TicketIds();
    for (let i = 1; i <= 50; i++) a.see(`T${i}`, i);
    for (const [k, id] of ['T51', 'T52', 'x-9', 'T7b', 'T60', 'T55'].entries()) b.see(id, k + 1);
    const clone = TicketIds.revive(structuredClone(b, { transfer: [...new Set(b.buffers())] }));
    expect(clone.see('x-9', 99)).toBe(3);
    expect(clone.see('T55', 99)).toBe(6);
    expect(a.append(clone, 50)).toBe(true);
    expect(a.see('T52', 999)).toBe(52);
    expect(a.see('T7b', 999)).toBe(54);
    expect(a.see('T60', 999)).toBe(55);
    expect(a.see('T61', 999)).toBe(0);
  });
});
