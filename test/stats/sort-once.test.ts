/**
 * The cost contract of Sample (its doc: values sorted at most once; two sorted samples
 * merge in O(n) and stay sorted, as the two threads rely on) and of sortNonNegative (radix
 * sort from 32,768 non-negative values, the built-in sort below that or for a negative
 * value). Outputs cannot show these: a needless sort gives the same numbers, only later.
 * So the sorts are counted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdValue } from '../../src/structures/id-value.js';

vi.mock('../../src/stats/radix-sort.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/stats/radix-sort.js')>();
  return { sortNonNegative: vi.fn(real.sortNonNegative) };
});

const { Sample } = await import('../../src/stats/sample.js');
const { sortNonNegative } = await import('../../src/stats/radix-sort.js');
const { sortNonNegative: realSort } = await vi.importActual<typeof import('../../src/stats/radix-sort.js')>('../../src/stats/radix-sort.js');
const sorts = vi.mocked(sortNonNegative);

function sample(values: number[]) {
  const s = new Sample();
  for (const v of values) s.add(v);
  return s;
}

afterEach(() => {
  sorts.mockClear();
  vi.restoreAllMocks();
});

describe('Sample sorts only when it must', () => {
  it('values added in order (equal ones included) are never sorted', () => {
    const s = sample([1, 2, 2, 5, 9]);
    expect(s.summary()).toMatchObject({ median: 2, count: 5 });
    expect(sorts).not.toHaveBeenCalled();
  });
  it('values out of order are sorted once, however many summaries are read', () => {
    const s = sample([5, 1, 9]);
    s.summary();
    s.summary();
    s.sort();
    expect(sorts).toHaveBeenCalledTimes(1);
  });
  it('two sorted samples merge without a sort, into either, and stay sorted', () => {
    const a = sample([5, 1, 9]), b = sample([4, 3]);
    a.sort();
    b.sort();
    sorts.mockClear();
    a.merge(b);
    expect(a.summary()).toMatchObject({ median: 4, count: 5 });
    const c = sample([0, 10]);
    c.merge(a);
    expect(c.summary()).toMatchObject({ median: 4, count: 7 });
    expect(sorts).not.toHaveBeenCalled();
  });
  it('merging into an empty sample, or merging an empty one, keeps sortedness', () => {
    const empty = new Sample();
    empty.merge(sample([1, 2, 3]));
    empty.merge(new Sample());
    expect(empty.summary()).toMatchObject({ median: 2, count: 3 });
    expect(sorts).not.toHaveBeenCalled();
  });
  it('an unsorted part makes the merge unsorted, whichever side it is on', () => {
    for (const [left, right, median] of [[[1, 2], [9, 3], 2.5], [[9, 3], [1, 2], 2.5], [[], [9, 3], 6]] as [number[], number[], number][]) {
      const a = sample(left);
      a.merge(sample(right));
      expect(a.summary()).toMatchObject({ median, count: left.length + right.length });
      expect(sorts).toHaveBeenCalledTimes(1);
      sorts.mockClear();
    }
  });
  it('merging an unsorted sample grows the storage past its first 16 values', () => {
    const a = sample(Array.from({ length: 15 }, (_, i) => 15 - i)); // 15 … 1
    const b = sample(Array.from({ length: 20 }, (_, i) => 100 - i)); // 100 … 81
    a.merge(b);
    // 1 … 15, 81 … 100: the median is the 18th value, p90 at rank 30.6.
    expect(a.summary()).toMatchObject({ mean: (120 + 1810) / 35, median: 83, p90: 96.6, count: 35 });
  });
});

describe('sortNonNegative picks radix sort from 32,768 non-negative values', () => {
  const builtin = () => vi.spyOn(Float64Array.prototype, 'sort');
  const values = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  it('32,768 values (the threshold itself): radix, and sorted', () => {
    const spy = builtin();
    const a = values(32768, (i) => (i * 7919) % 32768);
    realSort(a);
    expect(spy).not.toHaveBeenCalled();
    expect(a.every((v, i) => v === i)).toBe(true);
  });
  it('32,767 values: the built-in sort', () => {
    const spy = builtin();
    realSort(values(32767, (i) => 32767 - i));
    expect(spy).toHaveBeenCalledTimes(1);
  });
  it('a negative value anywhere (last included) or NaN: the built-in sort', () => {
    for (const bad of [-1, Number.NaN]) {
      const spy = builtin();
      const a = values(40000, (i) => 40000 - i);
      a[39999] = bad;
      realSort(a);
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
    }
  });
  it('zeros are non-negative: radix', () => {
    const spy = builtin();
    realSort(values(40000, (i) => (i % 2 ? 0 : 40000 - i)));
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('KpiSet.sortSamples', () => {
  it('sorts the response and resolution samples now, so reading the results sorts nothing', async () => {
    const { KpiSet } = await import('../../src/metrics/kpi-set.js');
    const { emptyTicketFacts } = await import('../../src/metrics/facts.js');
    const k = new KpiSet({ csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 5 }, slaFirstResponseSeconds: null, slaResolutionSeconds: null, clock: 'calendar', confidence: 0.95, minSample: 30 });
    for (const s of [300, 100, 200]) k.addTicket(emptyTicketFacts({ firstResponseSeconds: s, resolved: true, resolutionSeconds: 1000 - s }));
    k.sortSamples();
    expect(sorts).toHaveBeenCalledTimes(2);
    sorts.mockClear();
    const r = k.result(1);
    expect(r.first_response_time).toMatchObject({ median: 200 });
    expect(r.resolution_time).toMatchObject({ median: 800 });
    expect(sorts).not.toHaveBeenCalled();
  });
});

describe('ReportBuilder.sortSamples', () => {
  it('sorts every slice (totals, each period, each group, each group\'s period) now, so the report sorts nothing', async () => {
    const { ReportBuilder } = await import('../../src/engine/report-builder.js');
    const { TimeZone } = await import('../../src/time/time-zone.js');
    const zone = TimeZone.of('UTC');
    const b = new ReportBuilder({
      zone, from: null, to: null, period: 'week', by: ['agent'], clock: null,
      kpi: { csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 5 }, slaFirstResponseSeconds: null, slaResolutionSeconds: null, clock: 'calendar', confidence: 0.95, minSample: 30 },
    });
    const t0 = Date.UTC(2026, 2, 2, 9);
    for (const [i, wait] of [600, 60].entries()) {
      b.addTicket({
        line: i + 2, id: IdValue.of(`T${i}`), createdAt: t0 + i * 3600_000, firstResponseAt: t0 + i * 3600_000 + wait * 1000, firstResponseGiven: null, firstResponseBusinessGiven: null, firstResponseDropped: false,
        resolvedAt: null, resolutionGiven: null, resolutionBusinessGiven: null, resolutionDropped: false, resolved: false, channel: null, agent: 'ana', team: null, priority: null,
        customer: new IdValue(), contacts: null, reopened: false, replies: null, requesterWaitGiven: null, requesterWaitBusinessGiven: null, agentWorkGiven: null, agentWorkBusinessGiven: null,
    firstResponseBusinessColumn: false, resolutionBusinessColumn: false, csatOffered: false, handleSeconds: null, selfService: false, csatScore: null, fields: [],
      }, ['ana']);
    }
    b.sortSamples();
    // The totals, the week, the group ana and ana's week (the period × group table).
    expect(sorts).toHaveBeenCalledTimes(4);
    sorts.mockClear();
    expect(b.kpis().first_response_time).toMatchObject({ median: 330 });
    expect(b.seriesEntries()![0].kpis.first_response_time).toMatchObject({ median: 330 });
    expect(b.groupEntries()!.agent[0].kpis.first_response_time).toMatchObject({ median: 330 });
    expect(b.groupEntries()!.agent[0].series![0].kpis.first_response_time).toMatchObject({ median: 330 });
    expect(sorts).not.toHaveBeenCalled();
  });
});
