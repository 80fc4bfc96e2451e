import { describe, expect, it } from 'vitest';
import { AverageHandleTime } from '../../src/metrics/average-handle-time.js';
import { Ces } from '../../src/metrics/ces.js';
import { Csat } from '../../src/metrics/csat.js';
import { CustomerPeriods } from '../../src/metrics/customer-periods.js';
import { FirstContactResolution } from '../../src/metrics/first-contact-resolution.js';
import { FirstResponseTime } from '../../src/metrics/first-response-time.js';
import { Nps } from '../../src/metrics/nps.js';
import { ResolutionRate } from '../../src/metrics/resolution-rate.js';
import { ResolutionTime } from '../../src/metrics/resolution-time.js';
import { SelfServiceRate } from '../../src/metrics/self-service-rate.js';
import { Sla } from '../../src/metrics/sla.js';
import { TicketVolume } from '../../src/metrics/ticket-volume.js';
import { TicketsPerCustomer } from '../../src/metrics/tickets-per-customer.js';
import { KPI_DEFINITIONS, KpiSet } from '../../src/metrics/kpi-set.js';
import { cli, ticket } from '../helpers.js';
import { IdValue } from '../../src/structures/id-value.js';

const FIVE = { min: 1, max: 5 };

describe('first_response_time', () => {
  it('seed example: 200 minutes over 50 answered tickets is 4 minutes', () => {
    const k = new FirstResponseTime();
    // 50 tickets whose waits add up to 200 min: 25 × 2 min + 25 × 6 min.
    for (let i = 0; i < 50; i++) k.add(ticket({ firstResponseSeconds: (i % 2 ? 2 : 6) * 60 }));
    const r = k.result('calendar', 0.95);
    expect(r.value).toBe(240);
    expect(r.median).toBe(240); // mean of the two middle values 120 and 360
    expect(r.count).toBe(50);
    expect(r.unanswered).toBe(0);
  });
  it('unanswered tickets count apart and do not enter the mean', () => {
    const k = new FirstResponseTime();
    k.add(ticket({ firstResponseSeconds: 100 }));
    k.add(ticket({ firstResponseSeconds: null }));
    expect(k.result('calendar', 0.95)).toMatchObject({ value: 100, count: 1, unanswered: 1 });
  });
  it('all unanswered: value, median and p90 are null, not 0', () => {
    const k = new FirstResponseTime();
    k.add(ticket());
    k.add(ticket());
    expect(k.result('business', 0.95)).toEqual({ value: null, unit: 'seconds', median: null, median_ci: null, p90: null, count: 0, sd: null, unanswered: 2, clock: 'business' });
  });
  it('empty input', () => {
    expect(new FirstResponseTime().result('calendar', 0.95).value).toBeNull();
  });
});

describe('resolution_time', () => {
  it('only resolved tickets with a time count', () => {
    const k = new ResolutionTime();
    k.add(ticket({ resolved: true, resolutionSeconds: 3600 }));
    k.add(ticket({ resolved: true, resolutionSeconds: 7200 }));
    k.add(ticket({ resolved: true, resolutionSeconds: null }));
    k.add(ticket({ resolved: false, resolutionSeconds: 10 }));
    expect(k.result('calendar', 0.95)).toMatchObject({ value: 5400, median: 5400, count: 2 });
    expect(k.result('calendar', 0.95)).not.toHaveProperty('dropped');
  });
  it('counts the resolutions whose invalid time was left out (--invalid-fields drop_field), also across a merge', () => {
    const k = new ResolutionTime();
    k.add(ticket({ resolved: true, resolutionSeconds: 3600 }));
    k.add(ticket({ resolved: true, resolutionSeconds: null, resolutionDropped: true }));
    k.add(ticket({ resolved: true, resolutionSeconds: null, resolutionDropped: true }));
    // Not resolved, nothing dropped: in neither.
    k.add(ticket({ resolved: false }));
    expect(k.result('calendar', 0.95)).toMatchObject({ value: 3600, count: 1, dropped: 2 });
    const other = new ResolutionTime();
    other.add(ticket({ resolved: true, resolutionSeconds: null, resolutionDropped: true }));
    k.merge(other);
    expect(k.result('calendar', 0.95)).toMatchObject({ count: 1, dropped: 3 });
  });
});

describe('resolution_rate', () => {
  it('seed example: 450 resolved of 500 is 90 %', () => {
    const k = new ResolutionRate();
    for (let i = 0; i < 500; i++) k.add(ticket({ resolved: i < 450 }));
    expect(k.result()).toEqual({ value: 90, unit: 'percent', resolved: 450, tickets: 500 });
  });
  it('no tickets: null', () => {
    expect(new ResolutionRate().result().value).toBeNull();
  });
});

describe('average_handle_time', () => {
  it('seed example: (500 + 100 + 200) min over 100 calls is 8 min', () => {
    const k = new AverageHandleTime();
    // talk 5 min, hold 1 min, after-work 2 min on each of 100 calls.
    for (let i = 0; i < 100; i++) k.add(ticket({ handleSeconds: 300 + 60 + 120 }));
    expect(k.result()).toEqual({ value: 480, unit: 'seconds', count: 100, sd: 0 });
  });
  it('tickets without any handle part are not in the denominator', () => {
    const k = new AverageHandleTime();
    k.add(ticket({ handleSeconds: 100 }));
    k.add(ticket());
    expect(k.result().value).toBe(100);
  });
});

describe('first_contact_resolution', () => {
  it('counts resolved, one-contact, not-reopened tickets among resolved tickets with contacts', () => {
    const k = new FirstContactResolution();
    k.add(ticket({ resolved: true, contacts: 1 })); // FCR
    k.add(ticket({ resolved: true, contacts: 1, reopened: true })); // reopened: not FCR
    k.add(ticket({ resolved: true, contacts: 3 })); // not FCR
    k.add(ticket({ resolved: true, contacts: null })); // unknown: out
    k.add(ticket({ resolved: false, contacts: 1 })); // unresolved: out
    const r = k.result();
    expect(r.value).toBeCloseTo(100 / 3, 12);
    expect(r).toMatchObject({ first_contact: 1, resolved_with_contacts: 3 });
    expect(r.contacts_per_resolution).toBeCloseTo(5 / 3, 12);
  });
  it('no resolved ticket with contacts: null', () => {
    const k = new FirstContactResolution();
    k.add(ticket({ resolved: true }));
    expect(k.result()).toMatchObject({ value: null, contacts_per_resolution: null });
  });
});

describe('self_service_rate and ticket counts', () => {
  it('self-service tickets over all tickets', () => {
    const k = new SelfServiceRate();
    k.add(ticket({ selfService: true }));
    for (let i = 0; i < 3; i++) k.add(ticket());
    expect(k.result().value).toBe(25);
  });
  it('ticket volume and daily average', () => {
    const k = new TicketVolume();
    for (let i = 0; i < 310; i++) k.add(ticket({ createdAt: i }));
    expect(k.result(31)).toEqual({ value: 310, unit: 'count', daily_average: 10, days: 31 });
    expect(new TicketVolume().result(null)).toEqual({ value: 0, unit: 'count', daily_average: null, days: null });
  });
  it('ticket volume keeps the first and last creation instants (the data span) across a merge', () => {
    const a = new TicketVolume();
    const b = new TicketVolume();
    for (const t of [500, 200, 900]) a.add(ticket({ createdAt: t }));
    for (const t of [300, 1200, 100]) b.add(ticket({ createdAt: t }));
    expect([a.firstCreatedAt, a.lastCreatedAt]).toEqual([200, 900]);
    a.merge(b);
    expect([a.count, a.firstCreatedAt, a.lastCreatedAt]).toEqual([6, 100, 1200]);
    // An empty part changes neither end.
    a.merge(new TicketVolume());
    expect([a.count, a.firstCreatedAt, a.lastCreatedAt]).toEqual([6, 100, 1200]);
  });
  it('seed example: 500 tickets from 100 customers is 5 per customer', () => {
    const k = new TicketsPerCustomer();
    for (let i = 0; i < 500; i++) k.add(ticket({ customer: IdValue.of(`c${i % 100}`) }));
    k.add(ticket({ customer: IdValue.of(null) })); // no customer: not counted
    expect(k.result()).toEqual({ value: 5, unit: 'ratio', tickets: 500, customers: 100 });
    expect(new TicketsPerCustomer().result().value).toBeNull();
  });
});

describe('csat', () => {
  it('seed example: 65 satisfied of 80 answers is 81.25 %', () => {
    const k = new Csat(FIVE);
    for (let i = 0; i < 80; i++) k.add({ type: 'csat', score: i < 40 ? 5 : i < 65 ? 4 : 2 });
    const r = k.result();
    expect(r.value).toBe(81.25);
    expect(r.satisfied).toBe(65);
    expect(r.mean_score).toBe((40 * 5 + 25 * 4 + 15 * 2) / 80);
  });
  it('top two of a 1..10 scale are 9 and 10', () => {
    const k = new Csat({ min: 1, max: 10 });
    for (const s of [10, 9, 8, 1]) k.add({ type: 'csat', score: s });
    expect(k.result().value).toBe(50);
  });
  it('no answers: null', () => {
    expect(new Csat(FIVE).result()).toMatchObject({ value: null, mean_score: null, responses: 0 });
  });
});

describe('nps', () => {
  it('seed example: 60 % promoters, 20 % passives, 20 % detractors is 40', () => {
    const k = new Nps();
    for (let i = 0; i < 100; i++) k.add({ type: 'nps', score: i < 60 ? 9 + (i % 2) : i < 80 ? 7 + (i % 2) : i % 7 });
    expect(k.result()).toEqual({ value: 40, unit: 'score', promoters: 60, passives: 20, detractors: 20, responses: 100 });
  });
  it('passives are 7 and 8 (not 8 and 9 as two seed articles say); 6 is a detractor', () => {
    const k = new Nps();
    for (const s of [6, 7, 8, 9]) k.add({ type: 'nps', score: s });
    expect(k.result()).toMatchObject({ promoters: 1, passives: 2, detractors: 1, value: 0 });
  });
  it('all detractors is −100; no answers is null', () => {
    const k = new Nps();
    k.add({ type: 'nps', score: 0 });
    expect(k.result().value).toBe(-100);
    expect(new Nps().result().value).toBeNull();
  });
});

describe('ces', () => {
  it('mean score and easy percent above the midpoint of 1..5', () => {
    const k = new Ces(FIVE);
    for (const s of [5, 4, 2, 4, 3]) k.add({ type: 'ces', score: s });
    // sd: numpy.std([5, 4, 2, 4, 3], ddof=1)
    expect(k.result()).toEqual({ value: 3.6, unit: 'score', sd: expect.closeTo(1.140175425099138, 12), easy_percent: 60, easy: 3, responses: 5, scale: '1-5' });
  });
  it('on 1..7, easy is 5 to 7', () => {
    const k = new Ces({ min: 1, max: 7 });
    for (const s of [4, 5, 6, 7]) k.add({ type: 'ces', score: s });
    expect(k.result().easy_percent).toBe(75);
  });
});

describe('retention_rate and churn_rate', () => {
  it('seed example: S 500, N 200, E 480 is 56 % retention, 44 % churn', () => {
    const k = new CustomerPeriods();
    k.add({ periodStart: 0, customersStart: 500, customersEnd: 480, newCustomers: 200 });
    expect(k.retention()).toEqual({ value: 56, unit: 'percent', customers_start: 500, customers_end: 480, new_customers: 200, periods: 1 });
    expect(k.churn()).toEqual({ value: 44, unit: 'percent', lost_customers: 220, customers_start: 500 });
  });
  it('over several periods: S of the first, E of the last, N summed (whatever the row order)', () => {
    const k = new CustomerPeriods();
    k.add({ periodStart: 2, customersStart: 530, customersEnd: 545, newCustomers: 35 });
    k.add({ periodStart: 0, customersStart: 500, customersEnd: 520, newCustomers: 40 });
    k.add({ periodStart: 1, customersStart: 520, customersEnd: 530, newCustomers: 30 });
    expect(k.retention().value).toBe(88); // (545 − 105) / 500
    expect(k.churn().value).toBe(12);
  });
  it('S = 0 or no rows: null', () => {
    const k = new CustomerPeriods();
    expect(k.retention().value).toBeNull();
    k.add({ periodStart: 0, customersStart: 0, customersEnd: 5, newCustomers: 5 });
    expect(k.retention().value).toBeNull();
    expect(k.churn().value).toBeNull();
  });
});

describe('sla', () => {
  it('met when the time is at most the target; pending when unanswered', () => {
    const k = new Sla(3600);
    for (const s of [60, 3600, 3601, null]) k.add(s);
    expect(k.result()).toEqual({ value: (2 * 100) / 3, unit: 'percent', target_seconds: 3600, met: 2, missed: 1, pending: 1, overdue: 0, source: 'targets' });
    expect(new Sla(60).result().value).toBeNull();
  });
  it('a ticket without the time: missed (overdue) when it waited longer than the target; resolved within it, met; still waiting within it, pending', () => {
    const H = 3600;
    const k = new Sla(H);
    // Resolved unanswered: waited its resolution time.
    k.addUnfinished(H + 1, null); // overdue
    k.addUnfinished(H, null); // equal: not over, met (Zendesk fulfils a reply target when the ticket is solved)
    k.addUnfinished(null, null); // resolved at an unknown time: pending
    // Still waiting since its creation, judged at the result.
    k.addUnfinished(null, 0); // created at 0
    k.addUnfinished(null, 5 * H * 1000, 10 * H); // its own target: 10 h
    k.add(600);
    // Without an instant to judge them, the waiting ones are pending.
    expect(k.result()).toEqual({ value: (2 * 100) / 3, unit: 'percent', target_seconds: H, met: 2, missed: 1, pending: 3, overdue: 1, source: 'targets' });
    // At 1 h after the first one's creation: equal to the target, not over it.
    const calendar = (a: number, b: number) => (b - a) / 1000;
    expect(k.result({ at: H * 1000, seconds: calendar })).toMatchObject({ met: 2, missed: 1, pending: 3, overdue: 1 });
    // A millisecond later it is overdue; the 10-hour one (created at 5 h) is not until 15 h.
    expect(k.result({ at: H * 1000 + 1, seconds: calendar })).toMatchObject({ value: 50, met: 2, missed: 2, pending: 2, overdue: 2 });
    expect(k.result({ at: 15 * H * 1000 + 1, seconds: calendar })).toMatchObject({ value: 40, met: 2, missed: 3, pending: 1, overdue: 3 });
    // The clock given decides: a business clock that counted none of the time leaves them pending.
    expect(k.result({ at: 100 * H * 1000, seconds: () => 0 })).toMatchObject({ met: 2, missed: 1, pending: 3, overdue: 1 });
    // No target: not counted, waiting or not.
    const none = new Sla(null, 'targets', { urgent: H });
    none.addUnfinished(null, 0, null);
    none.addUnfinished(2 * H, null, null);
    expect(none.result({ at: 10 * H * 1000, seconds: calendar })).toMatchObject({ met: 0, missed: 0, pending: 0, overdue: 0, no_target: 2 });
  });
  it('merging two parts adds met, missed, pending and the tickets without a target (no_target) or flag (no_flag)', () => {
    // Targets per priority: urgent 1 h; a ticket of a priority without one is not counted.
    const part = () => new Sla(null, 'targets', { urgent: 3600 });
    const a = part();
    a.add(600, 3600); // met
    a.add(5000, 3600); // missed
    a.add(120, null); // no target
    a.addUnfinished(null, 1000, 3600); // waiting since 1 s: overdue at the instant below
    const b = part();
    b.add(null, 3600); // pending
    b.add(60, null); // no target
    b.add(30, null); // no target
    b.addUnfinished(4000, null, 3600); // overdue: resolved unanswered after 4,000 s
    b.addUnfinished(null, 3_000_000, 3600); // waiting since 3,000 s: pending at the instant below
    a.merge(b);
    const at = { at: 3_602_000, seconds: (x: number, y: number) => (y - x) / 1000 };
    expect(a.result(at)).toEqual({ value: 25, unit: 'percent', target_seconds: null, met: 1, missed: 3, pending: 2, overdue: 2, source: 'targets', targets: { urgent: 3600 }, no_target: 3 });
    // The parts judged apart add up to the same.
    const [x, y] = [part(), part()];
    x.add(600, 3600);
    x.add(5000, 3600);
    x.add(120, null);
    x.addUnfinished(null, 1000, 3600);
    y.add(null, 3600);
    y.add(60, null);
    y.add(30, null);
    y.addUnfinished(4000, null, 3600);
    y.addUnfinished(null, 3_000_000, 3600);
    const [rx, ry] = [x.result(at), y.result(at)];
    expect([rx.met! + ry.met!, rx.missed! + ry.missed!, rx.pending! + ry.pending!, rx.overdue! + ry.overdue!]).toEqual([1, 3, 2, 2]);
    const flags = new Sla(null, 'sla_met');
    flags.addFlag(true, true);
    flags.addFlag(true, null);
    const more = new Sla(null, 'sla_met');
    more.addFlag(true, false);
    more.addFlag(true, null);
    more.addFlag(false, null);
    flags.merge(more);
    expect(flags.result()).toEqual({ value: 50, unit: 'percent', target_seconds: null, met: 1, missed: 1, pending: 1, source: 'sla_met', no_flag: 2 });
    // The flag's verdicts are the helpdesk's: none is overdue of ours, at any instant.
    expect(flags.result({ at: 1e15, seconds: (x, y) => (y - x) / 1000 })).not.toHaveProperty('overdue');
  });
});

describe('the worked examples `csm-kpi explain` prints (one per KPI), fed through the accumulators', () => {
  const H = 3600;
  it('every KPI has one', () => {
    expect(KPI_DEFINITIONS.filter((d) => !d.example).map((d) => d.id)).toEqual([]);
  });
  it('ticket_volume: 310 tickets over 31 days → daily_average 10', () => {
    const k = new TicketVolume();
    for (let i = 0; i < 310; i++) k.add(ticket());
    expect(k.result(31)).toMatchObject({ value: 310, daily_average: 10 });
  });
  it('resolution_time: 1 h, 2 h, 3 h and 10 h → mean 4 h, median 2.5 h, p90 7.9 h', () => {
    const k = new ResolutionTime();
    for (const h of [10, 1, 3, 2]) k.add(ticket({ resolved: true, resolutionSeconds: h * H }));
    expect(k.result('calendar', 0.95)).toMatchObject({ value: 4 * H, median: 2.5 * H, p90: 7.9 * H, count: 4 });
  });
  it('first_contact_resolution: 70 of 100 resolved on the first contact → 70 %', () => {
    const k = new FirstContactResolution();
    for (let i = 0; i < 100; i++) k.add(ticket({ resolved: true, contacts: i < 70 ? 1 : 2 }));
    expect(k.result()).toMatchObject({ value: 70, first_contact: 70, resolved_with_contacts: 100 });
  });
  it('self_service_rate: 120 of 800 → 15 %', () => {
    const k = new SelfServiceRate();
    for (let i = 0; i < 800; i++) k.add(ticket({ selfService: i < 120 }));
    expect(k.result()).toEqual({ value: 15, unit: 'percent', self_service: 120, tickets: 800 });
  });
  it('ces: 7, 6, 5, 3, 2 on 1..7 → mean 4.6, easy 3 of 5 = 60 %', () => {
    const k = new Ces({ min: 1, max: 7 });
    for (const s of [7, 6, 5, 3, 2]) k.add({ type: 'ces', score: s });
    expect(k.result()).toMatchObject({ value: 4.6, unit: 'score', easy_percent: 60, easy: 3, responses: 5, scale: '1-7' });
  });
  it("sla_first_response: target 1 h, the data's last ticket at 18:00; 20 min, 50 min, 1 h, 3 h; unanswered since 09:00 and 17:30 → 60 %", () => {
    const k = new Sla(H);
    for (const s of [20 * 60, 50 * 60, H, 3 * H]) k.add(s);
    k.addUnfinished(null, 9 * H * 1000);
    k.addUnfinished(null, 17.5 * H * 1000);
    expect(k.result({ at: 18 * H * 1000, seconds: (a, b) => (b - a) / 1000 })).toEqual({ value: 60, unit: 'percent', target_seconds: H, met: 3, missed: 2, pending: 1, overdue: 1, source: 'targets' });
  });
  it('sla_resolution: target 24 h; 2, 12, 24, 30, 48 h, one open for 3 days → 50 %', () => {
    const k = new Sla(24 * H);
    for (const h of [2, 12, 24, 30, 48]) k.add(h * H);
    k.addUnfinished(null, 0);
    expect(k.result({ at: 72 * H * 1000, seconds: (a, b) => (b - a) / 1000 })).toMatchObject({ value: 50, met: 3, missed: 3, overdue: 1 });
  });
  it('explain prints them', async () => {
    const r = await cli(['explain']);
    expect(r.code).toBe(0);
    const blocks = r.stdout.trim().split('\n\n');
    expect(blocks).toHaveLength(KPI_DEFINITIONS.length);
    for (const b of blocks) expect(b).toMatch(/\n {2}example: \S/);
    expect((await cli(['explain', 'sla-resolution'])).stdout).toMatch(/example: target 24 h; resolved in 2 h, 12 h, 24 h, 30 h and 48 h, one open for 3 days \(overdue\) → 3 met of 6 → 50 %/);
  });
});

describe('KpiSet, by hand', () => {
  const options = { csatScale: FIVE, cesScale: FIVE, slaFirstResponseSeconds: null, slaResolutionSeconds: 3600, clock: 'calendar' as const, confidence: 0.95, minSample: 30 };
  it('a ticket with nothing known is one open, unanswered ticket without a customer', () => {
    const k = new KpiSet(options);
    k.addTicket(ticket());
    const r = k.result(1);
    expect(r.resolution_rate).toMatchObject({ value: 0, resolved: 0, tickets: 1 });
    expect(r.first_response_time).toMatchObject({ value: null, unanswered: 1 });
    expect(r.tickets_per_customer).toMatchObject({ value: null, tickets: 0 });
  });
  it('sla_resolution: resolved tickets by their time (without one pending); open ones overdue once the target passed, else pending', () => {
    const k = new KpiSet(options);
    k.addTicket(ticket({ resolved: true, resolutionSeconds: 600 }));
    k.addTicket(ticket({ resolved: true, resolutionSeconds: 7200 }));
    k.addTicket(ticket({ resolved: true }));
    k.addTicket(ticket({ resolved: false, createdAt: 0 }));
    k.addTicket(ticket({ resolved: false, createdAt: 3_000_000 }));
    const calendar = (a: number, b: number) => (b - a) / 1000;
    // At 3,600.001 s the first open ticket has waited over its hour, the second 600 s.
    expect(k.result(1, undefined, { at: 3_600_001, seconds: calendar }).sla_resolution).toMatchObject({ value: 100 / 3, met: 1, missed: 2, pending: 2, overdue: 1 });
    // Without the instant, both wait: pending.
    expect(k.result(1).sla_resolution).toMatchObject({ value: 50, met: 1, missed: 1, pending: 3, overdue: 0 });
    expect(k.result(1).sla_first_response).toBeUndefined();
  });
  it('sla_first_response: unanswered and resolved, the wait until the resolution decides (within the target: met); unanswered and open, the instant judged at', () => {
    const k = new KpiSet({ ...options, slaFirstResponseSeconds: 3600, slaResolutionSeconds: null });
    k.addTicket(ticket({ firstResponseSeconds: 60 })); // met
    k.addTicket(ticket({ resolved: true, resolutionSeconds: 7200 })); // unanswered 2 h, then resolved: overdue
    k.addTicket(ticket({ resolved: true, resolutionSeconds: 1800 })); // resolved unanswered within the hour: met
    k.addTicket(ticket({ resolved: true })); // resolved unanswered at an unknown time: pending
    k.addTicket(ticket({ createdAt: 0 })); // open, unanswered
    k.addTicket(ticket({ firstResponseDropped: true, createdAt: 0 })); // a time left out as invalid: in no count
    const r = k.result(1, undefined, { at: 7_200_000, seconds: (a, b) => (b - a) / 1000 }).sla_first_response;
    expect(r).toMatchObject({ value: 50, met: 2, missed: 2, pending: 1, overdue: 2 });
  });
  it('customer rows of the same period add up (segments), N included', () => {
    const k = new CustomerPeriods();
    k.add({ periodStart: 0, customersStart: 300, customersEnd: 290, newCustomers: 20 });
    k.add({ periodStart: 0, customersStart: 200, customersEnd: 190, newCustomers: 10 });
    // S 500, E 480, N 30: (480 − 30) / 500 = 90 %; lost 50.
    expect(k.retention()).toMatchObject({ value: 90, customers_start: 500, customers_end: 480, new_customers: 30, periods: 1 });
    expect(k.churn()).toMatchObject({ value: 10, lost_customers: 50 });
  });
  it('revives after a structured clone, with or without SLA targets', () => {
    for (const sla of [null, 900]) {
      const k = new KpiSet({ ...options, slaFirstResponseSeconds: sla, slaResolutionSeconds: sla });
      k.addTicket(ticket({ firstResponseSeconds: 60, resolved: true, resolutionSeconds: 120, customer: IdValue.of('c1') }));
      const copy = KpiSet.revive(structuredClone(k));
      copy.addTicket(ticket({ firstResponseSeconds: 180, customer: new IdValue().setNumbered('C', 7) }));
      const r = copy.result(1);
      expect(r.first_response_time).toMatchObject({ value: 120, count: 2 });
      expect(r.tickets_per_customer).toMatchObject({ tickets: 2, customers: 2 });
      expect(r.sla_first_response?.value ?? null).toBe(sla === null ? null : 100);
    }
  });
});
