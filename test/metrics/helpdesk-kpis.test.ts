/**
 * The helpdesk-standard KPIs (issue 15) by hand: reopen_rate, one_touch_resolution,
 * requester_wait_time, agent_work_time, backlog and csat.response_rate. Every expected value
 * is worked out in the comment beside it; each explain example is fed through its accumulator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentWorkTime } from '../../src/metrics/agent-work-time.js';
import { Backlog } from '../../src/metrics/backlog.js';
import { Csat } from '../../src/metrics/csat.js';
import { OneTouchResolution } from '../../src/metrics/one-touch-resolution.js';
import { ReopenRate } from '../../src/metrics/reopen-rate.js';
import { RequesterWaitTime } from '../../src/metrics/requester-wait-time.js';
import { KPI_BY_ID, KpiSet } from '../../src/metrics/kpi-set.js';
import { ticket } from '../helpers.js';

const H = 3600;
const DAY = 86400_000;
const at = (iso: string) => Date.parse(iso);

describe('reopen_rate', () => {
  it('explain example: 12 of 150 resolved reopened → 8 %', () => {
    const k = new ReopenRate();
    for (let i = 0; i < 150; i++) k.add(ticket({ resolved: true, reopened: i < 12 }));
    expect(k.result()).toEqual({ value: 8, unit: 'percent', reopened: 12, resolved: 150 });
    expect(KPI_BY_ID.get('reopen_rate')!.example).toMatch(/12 of 150 .* → 8 %/);
  });
  it('open tickets and tickets without a reopen value are in neither count', () => {
    const k = new ReopenRate();
    k.add(ticket({ resolved: false, reopened: true }));
    k.add(ticket({ resolved: true, reopened: null }));
    k.add(ticket({ resolved: true, reopened: false }));
    k.add(ticket({ resolved: true, reopened: true }));
    expect(k.result()).toMatchObject({ value: 50, reopened: 1, resolved: 2 });
  });
  it('nothing resolved: null, not 0', () => {
    const k = new ReopenRate();
    expect(k.result().value).toBeNull();
    k.add(ticket({ resolved: false, reopened: false }));
    expect(k.result()).toEqual({ value: null, unit: 'percent', reopened: 0, resolved: 0 });
  });
  it('one resolved ticket reopened: 100 %', () => {
    const k = new ReopenRate();
    k.add(ticket({ resolved: true, reopened: true }));
    expect(k.result().value).toBe(100);
  });
});

describe('one_touch_resolution', () => {
  it('explain example: 20 × 0, 90 × 1, 50 × 2, 40 × 3+ replies → 45 %', () => {
    const k = new OneTouchResolution();
    const add = (n: number, replies: number) => {
      for (let i = 0; i < n; i++) k.add(ticket({ resolved: true, replies }));
    };
    add(20, 0);
    add(90, 1);
    add(50, 2);
    add(25, 3);
    add(15, 7);
    expect(k.result()).toEqual({ value: 45, unit: 'percent', one_touch: 90, zero_touch: 20, two_touch: 50, multi_touch: 40, resolved_with_replies: 200 });
  });
  it('0 replies counts (zero touch) in the denominator; open and unknown do not', () => {
    const k = new OneTouchResolution();
    k.add(ticket({ resolved: true, replies: 0 }));
    k.add(ticket({ resolved: true, replies: 1 }));
    k.add(ticket({ resolved: false, replies: 1 }));
    k.add(ticket({ resolved: true, replies: null }));
    expect(k.result()).toMatchObject({ value: 50, one_touch: 1, zero_touch: 1, resolved_with_replies: 2 });
  });
  it('no resolved ticket with replies: null', () => {
    const k = new OneTouchResolution();
    k.add(ticket({ resolved: true, replies: null }));
    expect(k.result()).toMatchObject({ value: null, resolved_with_replies: 0 });
  });
});

describe('requester_wait_time and agent_work_time', () => {
  it('explain example: 30 min, 2 h, 3 h 30 min, 10 h → mean 4 h, median 2 h 45 min', () => {
    const k = new RequesterWaitTime();
    for (const s of [10 * H, 1800, 12600, 2 * H]) k.add(ticket({ resolved: true, requesterWaitSeconds: s }));
    expect(k.result('calendar', 0.95)).toMatchObject({ value: 4 * H, median: 9900, count: 4, clock: 'calendar' });
  });
  it('explain example: worked 20, 40 and 90 min → mean 50 min, median 40, p90 80', () => {
    const k = new AgentWorkTime();
    for (const m of [90, 20, 40]) k.add(ticket({ resolved: true, agentWorkSeconds: m * 60 }));
    const r = k.result('business', 0.95);
    expect(r).toMatchObject({ value: 3000, median: 2400, count: 3, clock: 'business' });
    expect(r.p90).toBeCloseTo(4800, 9);
  });
  it('only resolved tickets with the figure: an open ticket is still waiting', () => {
    const k = new RequesterWaitTime();
    k.add(ticket({ resolved: false, requesterWaitSeconds: 999 }));
    k.add(ticket({ resolved: true, requesterWaitSeconds: null }));
    k.add(ticket({ resolved: true, requesterWaitSeconds: 0 }));
    expect(k.result('calendar', 0.95)).toMatchObject({ value: 0, count: 1 });
    // Each reads its own fact.
    const w = new AgentWorkTime();
    w.add(ticket({ resolved: true, requesterWaitSeconds: 60 }));
    expect(w.result('calendar', 0.95)).toMatchObject({ value: null, median: null, p90: null, count: 0 });
  });
});

describe('backlog', () => {
  const T = at('2026-04-01T00:00:00Z');
  it('explain example: B and C open at T, ages 7 d and 2 d → 2, median 4.5 d', () => {
    const b = new Backlog();
    b.add(at('2026-03-10T00:00:00Z'), at('2026-03-20T00:00:00Z')); // A: resolved before T
    b.add(at('2026-03-25T00:00:00Z'), at('2026-04-03T00:00:00Z')); // B: resolved after T
    b.add(at('2026-03-30T00:00:00Z'), null); // C: still open
    b.add(at('2026-04-02T00:00:00Z'), null); // D: created after T
    expect(b.result(T)).toEqual({ value: 2, unit: 'count', at: T, age_at: T, median_age: 4.5 * 86400 });
  });
  it('resolved exactly at T is still open at T (resolved_at ≥ T); created exactly at T is not yet', () => {
    const b = new Backlog();
    b.add(T - DAY, T);
    b.add(T, null);
    expect(b.result(T)).toMatchObject({ value: 1, median_age: 86400 });
    // A millisecond later the first is resolved and the second open, 1 ms old.
    expect(b.result(T + 1)).toMatchObject({ value: 1, median_age: 0.001 });
  });
  it('without T: tickets not resolved at all, aged at the latest time seen (or the one given)', () => {
    const b = new Backlog();
    b.add(T - 3 * DAY, T + DAY); // resolved later than T: not open now
    b.add(T - 2 * DAY, null);
    b.add(T, null);
    // Latest instant seen: the resolution at T + 1 d; ages 3 d and 1 d → median 2 d.
    expect(b.result(null)).toEqual({ value: 2, unit: 'count', at: null, age_at: T + DAY, median_age: 2 * 86400 });
    expect(b.result(null, T + 2 * DAY).median_age).toBe(3 * 86400);
  });
  it('a resolved ticket without a resolution time is never open, and counted apart when created before T', () => {
    const b = new Backlog();
    b.add(T - DAY, Number.NaN);
    b.add(T + DAY, Number.NaN);
    expect(b.result(T)).toMatchObject({ value: 0, resolved_undated: 1 });
    expect(b.result(null)).not.toHaveProperty('resolved_undated');
  });
  it('empty: 0 open, no age', () => {
    expect(new Backlog().result(T)).toEqual({ value: 0, unit: 'count', at: T, age_at: T, median_age: null });
    expect(new Backlog().result(null)).toEqual({ value: 0, unit: 'count', at: null, age_at: null, median_age: null });
  });
  it('merging two halves (grown past their first buffer) equals one pass', () => {
    const one = new Backlog(), left = new Backlog(), right = new Backlog();
    for (let i = 0; i < 40; i++) {
      const created = T - (i % 13) * DAY, resolved = i % 3 === 0 ? null : created + (i % 7) * DAY;
      one.add(created, resolved);
      (i < 17 ? left : right).add(created, resolved);
    }
    left.merge(right);
    expect(left.result(T)).toEqual(one.result(T));
    expect(left.result(null)).toEqual(one.result(null));
    expect(left.last).toBe(one.last);
  });
  it('resultsAt, the one-sweep form for a series of period ends: the explain example at three ends, by hand', () => {
    const b = new Backlog();
    b.add(at('2026-03-10T00:00:00Z'), at('2026-03-20T00:00:00Z')); // A
    b.add(at('2026-03-25T00:00:00Z'), at('2026-04-03T00:00:00Z')); // B
    b.add(at('2026-03-30T00:00:00Z'), null); // C
    b.add(at('2026-04-02T00:00:00Z'), null); // D
    const [apr1, mar15, apr5] = b.resultsAt([T, at('2026-03-15T00:00:00Z'), at('2026-04-05T00:00:00Z')]);
    expect(apr1).toEqual({ value: 2, unit: 'count', at: T, age_at: T, median_age: 4.5 * 86400 });
    // 03-15: only A is open, 5 days old.
    expect(mar15).toMatchObject({ value: 1, median_age: 5 * 86400 });
    // 04-05: B resolved on 04-03; C (6 d) and D (3 d) open → median 4.5 d.
    expect(apr5).toMatchObject({ value: 2, median_age: 4.5 * 86400 });
  });
  it('resultsAt equals result at each instant (seeded: ties, undated, never resolved, resolved before created, repeated and open T)', () => {
    const instant = fc.integer({ min: 0, max: 40 }).map((d) => T + d * DAY);
    const tickets = fc.array(
      fc.tuple(instant, fc.oneof(instant, fc.constant(null), fc.constant(Number.NaN), fc.integer({ min: 0, max: 9 }).map((d) => d * DAY))),
      { maxLength: 60 },
    );
    const ats = fc.array(fc.oneof(instant, fc.constant(null)), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(tickets, ats, fc.option(instant, { nil: undefined }), (rows, when, asOf) => {
        const b = new Backlog();
        // A resolution of 0–9 days is read as that long after creation; an instant as is (it may precede creation).
        for (const [c, r] of rows) b.add(c, r === null || Number.isNaN(r) || r >= T ? r : c + r);
        expect(b.resultsAt(when, asOf)).toEqual(when.map((t) => b.result(t, asOf)));
      }),
    );
  });
});

describe('csat.response_rate', () => {
  it('explain example: 80 answers and 120 Offered → 40 %; CSAT itself unchanged', () => {
    const k = new Csat({ min: 1, max: 5 });
    for (let i = 0; i < 80; i++) k.add({ type: 'csat', score: i < 65 ? 5 : 2 });
    for (let i = 0; i < 120; i++) k.add({ type: 'csat', score: 0, offered: true });
    expect(k.result()).toMatchObject({ value: 81.25, satisfied: 65, responses: 80, offered: 120, response_rate: 40 });
    expect(k.result().mean_score).toBeCloseTo((65 * 5 + 15 * 2) / 80, 12);
  });
  it('only offered, none answered: CSAT null, response rate 0 %; nothing at all: both null', () => {
    const k = new Csat({ min: 1, max: 5 });
    k.add({ type: 'csat', score: 0, offered: true });
    expect(k.result()).toMatchObject({ value: null, responses: 0, offered: 1, response_rate: 0 });
    expect(new Csat({ min: 1, max: 5 }).result()).toMatchObject({ value: null, response_rate: null });
  });
});

describe('KpiSet carries the new KPIs', () => {
  const options = { csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 5 }, slaFirstResponseSeconds: null, slaResolutionSeconds: null, clock: 'calendar' as const, confidence: 0.95, minSample: 30 };
  it('in report order, after self_service_rate, with intervals for the rates and times', () => {
    const k = new KpiSet(options);
    k.addTicket(ticket({ resolved: true, reopened: true, replies: 1, requesterWaitSeconds: 60, agentWorkSeconds: 30 }));
    k.backlog.add(0, null);
    const r = k.result(1);
    const ids = Object.keys(r);
    expect(ids.slice(ids.indexOf('self_service_rate'), ids.indexOf('csat') + 1)).toEqual([
      'self_service_rate', 'reopen_rate', 'one_touch_resolution', 'requester_wait_time', 'agent_work_time', 'backlog', 'csat',
    ]);
    expect(r.reopen_rate).toMatchObject({ value: 100, small_sample: true, band: null });
    expect(r.reopen_rate!.ci).not.toBeNull();
    expect(r.requester_wait_time).toMatchObject({ value: 60, count: 1 });
    expect(r.agent_work_time).toMatchObject({ value: 30, count: 1 });
    // A count: no interval, no small-sample mark.
    expect(r.backlog).toEqual({ value: 1, unit: 'count', at: null, age_at: 0, median_age: 0, band: null });
  });
});

describe('KpiSet across a thread boundary (what the two-thread run does with each part)', () => {
  const options = { csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 5 }, slaFirstResponseSeconds: 3600, slaResolutionSeconds: 86400, clock: 'calendar' as const, confidence: 0.95, minSample: 30 };
  function filled(): KpiSet {
    const k = new KpiSet(options);
    for (let i = 1; i <= 12; i++) {
      k.addTicket(ticket({ resolved: i % 3 !== 0, firstResponseSeconds: i * 600, resolutionSeconds: i % 3 !== 0 ? i * 7200 : null, requesterWaitSeconds: i * 60, agentWorkSeconds: i * 30, replies: i % 4, reopened: i === 5 }));
      k.backlog.add(i * 1000, i % 3 !== 0 ? i * 1000 + 500 : null);
    }
    return k;
  }

  it('moves its large arrays (transferred, not copied) and, revived, gives the same report', () => {
    const k = filled();
    const moved = KpiSet.revive(structuredClone(k, { transfer: k.buffers() }));
    // Transferred: the sender's arrays are detached (empty), the data lives on in the copy.
    expect(k.backlog.created.length).toBe(0);
    expect(k.backlog.resolved.length).toBe(0);
    expect(k.firstResponse.sample.buffer().byteLength).toBe(0);
    expect(k.resolutionTime.sample.buffer().byteLength).toBe(0);
    expect(k.requesterWait.sample.buffer().byteLength).toBe(0);
    expect(k.agentWork.sample.buffer().byteLength).toBe(0);
    expect(moved.result(1)).toEqual(filled().result(1));
    expect(moved.result(1).backlog).toMatchObject({ value: 4 });
  });

  it('a first response or resolution time left out as invalid is neither met, missed nor pending in its SLA', () => {
    const k = new KpiSet(options);
    k.addTicket(ticket({ resolved: true, firstResponseSeconds: 600, resolutionSeconds: 3600 }));
    k.addTicket(ticket({ resolved: true, firstResponseSeconds: null, firstResponseDropped: true, resolutionSeconds: null, resolutionDropped: true }));
    // Unanswered and open, not dropped: pending in both, without an instant to judge it at.
    k.addTicket(ticket({ resolved: false, firstResponseSeconds: null }));
    const r = k.result(1);
    expect(r.sla_first_response).toMatchObject({ met: 1, missed: 0, pending: 1 });
    expect(r.sla_resolution).toMatchObject({ met: 1, missed: 0, pending: 1 });
  });

  it('an SLA is reported only when some target (a default or a priority\'s) is given', () => {
    const none = new KpiSet({ ...options, slaFirstResponseSeconds: null, slaResolutionSeconds: null, slaPriorityTargets: { low: { firstResponse: null, resolution: null } } });
    none.addTicket(ticket({ resolved: true, firstResponseSeconds: 60, resolutionSeconds: 60 }));
    expect(none.result(1)).not.toHaveProperty('sla_first_response');
    expect(none.result(1)).not.toHaveProperty('sla_resolution');
    const urgentOnly = new KpiSet({ ...options, slaFirstResponseSeconds: null, slaResolutionSeconds: null, slaPriorityTargets: { urgent: { firstResponse: 900, resolution: null } } });
    urgentOnly.addTicket(ticket({ resolved: true, firstResponseSeconds: 60, slaFirstResponseTarget: 900 }));
    expect(urgentOnly.result(1).sla_first_response).toMatchObject({ met: 1, target_seconds: null, targets: { urgent: 900 }, no_target: 0 });
    expect(urgentOnly.result(1)).not.toHaveProperty('sla_resolution');
    // A default target only: no per-priority targets and no no_target count in the result.
    const byDefault = new KpiSet({ ...options, slaFirstResponseSeconds: 3600, slaResolutionSeconds: null });
    byDefault.addTicket(ticket({ resolved: true, firstResponseSeconds: 4000 }));
    const sla = byDefault.result(1).sla_first_response!;
    expect(sla).toMatchObject({ value: 0, met: 0, missed: 1, pending: 0, target_seconds: 3600, source: 'targets' });
    expect(sla).not.toHaveProperty('targets');
    expect(sla).not.toHaveProperty('no_target');
  });

  it('sortSamples() leaves each exact-percentile sample in ascending order (each thread sorts its part)', () => {
    const k = filled();
    // The values in use: every one here is > 0, the unused capacity after them is 0.
    const used = (b: ArrayBuffer) => {
      const all = [...new Float64Array(b)];
      return all.slice(0, all.indexOf(0) < 0 ? all.length : all.indexOf(0));
    };
    // Fed in ascending order by filled(); add smaller ones so none is sorted any more.
    k.addTicket(ticket({ resolved: true, firstResponseSeconds: 1, resolutionSeconds: 1, requesterWaitSeconds: 1, agentWorkSeconds: 1 }));
    k.sortSamples();
    for (const s of [k.firstResponse.sample, k.resolutionTime.sample, k.requesterWait.sample, k.agentWork.sample]) {
      const values = used(s.buffer());
      expect(values.length).toBeGreaterThan(8);
      expect(values[0]).toBe(1);
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
  });
});
