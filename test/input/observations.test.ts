/**
 * What a reader saw of a file beyond its rows (observations.ts), merged across the parts two
 * threads read: every field by hand. The threads' tests compare whole reports; this holds
 * each field on its own, in-process.
 */
import { describe, expect, it } from 'vitest';
import { OPEN_STATUS_CAP, STATUS_SAMPLE, emptyObservations, mergeObservations, offsetOf, seeOpenStatus, seeStatus, shiftObservations, withoutInvisible } from '../../src/input/rows/observations.js';
import type { Observations } from '../../src/input/rows/observations.js';

const part = (o: Partial<Observations>): Observations => ({ ...emptyObservations(), ...o });

describe('emptyObservations', () => {
  it('nothing seen: no score yet (the highest below any score)', () => {
    const o = emptyObservations();
    expect(o).toEqual({ filled: {}, statuses: [], moreStatuses: false, resolvedStatus: false, openStatuses: [], moreOpenStatuses: false, hiddenResolved: [], scores: { csat: { count: 0, max: -Infinity }, ces: { count: 0, max: -Infinity }, nps: { count: 0, max: -Infinity } }, dstGaps: 0, firstGap: null, timeMismatches: {} });
    // Two empty objects, not one shared: filling one leaves the other empty.
    o.filled.status = 1;
    expect(emptyObservations().filled).toEqual({});
  });
});

describe('seeStatus', () => {
  it('keeps the first STATUS_SAMPLE distinct texts, then says there were more; one resolved text is enough', () => {
    const o = emptyObservations();
    seeStatus(o, 'open', false);
    seeStatus(o, 'open', false);
    expect(o).toMatchObject({ statuses: ['open'], moreStatuses: false, resolvedStatus: false });
    seeStatus(o, 'solved', true);
    seeStatus(o, 'open', false);
    expect(o.resolvedStatus).toBe(true);
    for (let i = 0; i < STATUS_SAMPLE - 2; i++) seeStatus(o, `s${i}`, false);
    expect(o.statuses).toHaveLength(STATUS_SAMPLE);
    expect(o.moreStatuses).toBe(false);
    seeStatus(o, 'solved', true);
    expect(o.moreStatuses).toBe(false);
    seeStatus(o, 'one more', false);
    expect(o).toMatchObject({ moreStatuses: true, resolvedStatus: true });
    expect(o.statuses).toHaveLength(STATUS_SAMPLE);
  });
});

describe('mergeObservations', () => {
  const gapA = { line: 4, column: 'created_at', text: '2026-03-29 02:30' };
  const gapB = { line: 900, column: 'resolved_at', text: '2026-03-29 02:10' };
  const breakB = { line: 7, start: 90, before: 100, end: 95, periods: [0, 86_400_000] as [number, number] };
  const late = (line: number, given: number) => ({ line, unit: 60, at: 'first_response_at', given, stamped: 60 });

  it('adds the counts, keeps the highest score, the first gap and break, either flag', () => {
    const a = part({ filled: { status: 3, agent: 1 }, statuses: ['open'], scores: { csat: { count: 2, max: 4 }, ces: { count: 0, max: -Infinity }, nps: { count: 4, max: 10 } }, dstGaps: 1, firstGap: gapA, timeMismatches: { first_response_minutes: { count: 2, first: late(5, 600) } } });
    const b = part({ filled: { status: 5, team: 2 }, statuses: ['solved', 'open'], resolvedStatus: true, scores: { csat: { count: 3, max: 5 }, ces: { count: 1, max: 7 }, nps: { count: 1, max: 3 } }, dstGaps: 2, firstGap: gapB, customerBreak: breakB,
      timeMismatches: { first_response_minutes: { count: 1, first: late(800, 900) }, resolution_seconds: { count: 4, first: { line: 801, unit: 1, at: 'resolved_at', given: 10, stamped: 100 } } },
    });
    expect(mergeObservations(a, b)).toEqual({
      filled: { status: 8, agent: 1, team: 2 },
      statuses: ['open', 'solved'],
      moreStatuses: false,
      resolvedStatus: true,
      openStatuses: [],
      moreOpenStatuses: false,
      hiddenResolved: [],
      scores: { csat: { count: 5, max: 5 }, ces: { count: 1, max: 7 }, nps: { count: 5, max: 10 } },
      dstGaps: 3,
      firstGap: gapA,
      // Per column: the counts added, the first part's first row.
      timeMismatches: { first_response_minutes: { count: 3, first: late(5, 600) }, resolution_seconds: { count: 4, first: { line: 801, unit: 1, at: 'resolved_at', given: 10, stamped: 100 } } },
      customerBreak: breakB,
    });
    expect(mergeObservations(b, a).timeMismatches.first_response_minutes).toEqual({ count: 3, first: late(800, 900) });
    // The other way round: the first part's gap and break win, the higher score stays.
    expect(mergeObservations(b, a)).toMatchObject({ firstGap: gapB, customerBreak: breakB, scores: { csat: { count: 5, max: 5 } }, resolvedStatus: true });
    // Neither: no gap, no break.
    expect(mergeObservations(part({}), part({}))).toMatchObject({ firstGap: null, customerBreak: null, resolvedStatus: false, moreStatuses: false, dstGaps: 0 });
    // a untouched.
    expect(a.filled).toEqual({ status: 3, agent: 1 });
    expect(a.timeMismatches).toEqual({ first_response_minutes: { count: 2, first: late(5, 600) } });
    expect(a.statuses).toEqual(['open']);
  });

  it('more statuses: in either part, or from the two samples together', () => {
    expect(mergeObservations(part({ moreStatuses: true }), part({})).moreStatuses).toBe(true);
    expect(mergeObservations(part({}), part({ moreStatuses: true })).moreStatuses).toBe(true);
    const first = Array.from({ length: STATUS_SAMPLE }, (_, i) => `a${i}`);
    const merged = mergeObservations(part({ statuses: first }), part({ statuses: ['b'], resolvedStatus: false }));
    expect(merged.statuses).toEqual(first);
    expect(merged.moreStatuses).toBe(true);
    // The second part's statuses are seen again, but only its flag says one was resolved.
    expect(merged.resolvedStatus).toBe(false);
    // A resolved status only in the first part.
    expect(mergeObservations(part({ resolvedStatus: true }), part({})).resolvedStatus).toBe(true);
  });
});

describe('open statuses', () => {
  it('an entry per open status met, every one up to OPEN_STATUS_CAP; past it null and said', () => {
    const o = emptyObservations();
    const done = seeOpenStatus(o, 'Done')!;
    done.rows += 2;
    done.timed += 1;
    expect(o.openStatuses).toEqual([{ status: 'Done', rows: 2, timed: 1 }]);
    for (let i = 1; i < OPEN_STATUS_CAP; i++) expect(seeOpenStatus(o, `s${i}`)).not.toBeNull();
    expect(o.moreOpenStatuses).toBe(false);
    expect(seeOpenStatus(o, 'late')).toBeNull();
    expect(o.openStatuses).toHaveLength(OPEN_STATUS_CAP);
    expect(o.moreOpenStatuses).toBe(true);
  });

  it("merged: rows and timed rows added per status, the first part's entries first, both parts untouched", () => {
    const a = part({ openStatuses: [{ status: 'Done', rows: 2, timed: 2 }, { status: 'open', rows: 5, timed: 0 }] });
    const b = part({ openStatuses: [{ status: 'open', rows: 1, timed: 1 }, { status: 'Closed Complete', rows: 3, timed: 3 }] });
    expect(mergeObservations(a, b).openStatuses).toEqual([
      { status: 'Done', rows: 2, timed: 2 },
      { status: 'open', rows: 6, timed: 1 },
      { status: 'Closed Complete', rows: 3, timed: 3 },
    ]);
    expect(a.openStatuses[1]).toEqual({ status: 'open', rows: 5, timed: 0 });
    expect(b.openStatuses[0]).toEqual({ status: 'open', rows: 1, timed: 1 });
    // Past the cap: a new status of the second part is left out and said; a known one still adds.
    const full = part({ openStatuses: Array.from({ length: OPEN_STATUS_CAP }, (_, i) => ({ status: `s${i}`, rows: 1, timed: 0 })) });
    const merged = mergeObservations(full, part({ openStatuses: [{ status: 'new', rows: 1, timed: 1 }, { status: 's0', rows: 4, timed: 4 }] }));
    expect(merged.openStatuses.map((e) => e.status)).toEqual(full.openStatuses.map((e) => e.status));
    expect(merged.openStatuses[0]).toEqual({ status: 's0', rows: 5, timed: 4 });
    expect(merged.moreOpenStatuses).toBe(true);
    expect(mergeObservations(part({}), part({ moreOpenStatuses: true })).moreOpenStatuses).toBe(true);
  });
});

describe('statuses resolved but for an invisible character', () => {
  const RESOLVED = new Set(['solved', 'closed']);
  it('withoutInvisible: the status without its format characters, trimmed and lower-cased, when it had any', () => {
    expect(withoutInvisible('Solved\u200b')).toBe('solved');
    expect(withoutInvisible('clo\u00adsed ')).toBe('closed');
    expect(withoutInvisible(' Solved ')).toBeNull();
  });
  it('seeStatus keeps those that then mean resolved, once each, the first STATUS_SAMPLE; merged as a union', () => {
    const o = emptyObservations();
    seeStatus(o, 'solved\u200b', false, RESOLVED);
    seeStatus(o, 'solved\u200b', false, RESOLVED);
    seeStatus(o, 'open\u200b', false, RESOLVED);
    seeStatus(o, 'solved', true, RESOLVED);
    // Without the resolved texts (a merge seeing a part's statuses again): nothing kept.
    seeStatus(o, 'closed\u2060', false);
    expect(o.hiddenResolved).toEqual(['solved\u200b']);
    for (let i = 0; i < STATUS_SAMPLE + 2; i++) seeStatus(o, `solved${'\u200b'.repeat(i + 2)}`, false, RESOLVED);
    expect(o.hiddenResolved).toHaveLength(STATUS_SAMPLE);
    const m = mergeObservations(part({ hiddenResolved: ['a'] }), part({ hiddenResolved: ['b', 'a'] }));
    expect(m.hiddenResolved).toEqual(['a', 'b']);
  });
});

describe('customer periods', () => {
  it("merged: the first part's, else the second's; none when neither has them", () => {
    const jan = [{ start: 1, text: '2026-01-01' }];
    const feb = [{ start: 2, text: '2026-02-01' }];
    expect(mergeObservations(part({ customerPeriods: jan }), part({ customerPeriods: feb })).customerPeriods).toBe(jan);
    expect(mergeObservations(part({}), part({ customerPeriods: feb })).customerPeriods).toBe(feb);
    expect(mergeObservations(part({}), part({}))).not.toHaveProperty('customerPeriods');
  });
});

describe('offsets', () => {
  it.each([
    ['2026-03-02T09:00:00Z', 'Z'], ['2026-03-02 09:00z', 'z'], ['2026-03-02T09:00:00.250+02:00', '+02:00'], ['2026-03-02 09:00-0500', '-0500'], ['2026-03-02T09:00+02', '+02'],
    // A lower-case t, as the timestamp reader takes it (the mixed-offsets note misfired on it).
    ['2026-03-02t09:00:00z', 'z'], ['2026-03-02t09:00:00', null],
    ['2026-03-02 09:00:00', null], ['2026-03-02', null], ['2026-03-02T09:00:00 +02:00', null], ['09:00-02', null],
  ])('offsetOf(%j) = %j (a date\'s day is no offset)', (text, offset) => {
    expect(offsetOf(text)).toBe(offset);
  });

  it('placeholder customer ids merged: the counts added per word', () => {
    expect(mergeObservations(part({ placeholderCustomers: { 'N/A': 2 } }), part({ placeholderCustomers: { 'N/A': 1, '-': 4 } })).placeholderCustomers).toEqual({ 'N/A': 3, '-': 4 });
    expect(mergeObservations(part({}), part({}))).not.toHaveProperty('placeholderCustomers');
  });
  it('merged: the counts added per column', () => {
    const a = part({ offsets: { created_at: { cells: 3, withOffset: 3, utc: 3 } } });
    const b = part({ offsets: { created_at: { cells: 2, withOffset: 1, utc: 0 }, resolved_at: { cells: 2, withOffset: 0, utc: 0 } } });
    expect(mergeObservations(a, b).offsets).toEqual({ created_at: { cells: 5, withOffset: 4, utc: 3 }, resolved_at: { cells: 2, withOffset: 0, utc: 0 } });
    expect(a.offsets).toEqual({ created_at: { cells: 3, withOffset: 3, utc: 3 } });
    expect(mergeObservations(part({}), part({}))).not.toHaveProperty('offsets');
  });
});

describe('shiftObservations', () => {
  it('moves the first gap\'s and each first disagreement\'s line by the lines before the part; nothing else', () => {
    const late = { line: 4, unit: 1, at: 'resolved_at', given: 10, stamped: 100 };
    const o = part({ dstGaps: 1, firstGap: { line: 3, column: 'created_at', text: 'x' }, timeMismatches: { resolution_seconds: { count: 2, first: late } } });
    expect(shiftObservations(o, 100)).toEqual({ ...o, firstGap: { line: 103, column: 'created_at', text: 'x' }, timeMismatches: { resolution_seconds: { count: 2, first: { ...late, line: 104 } } } });
    expect(o.firstGap!.line).toBe(3);
    expect(late.line).toBe(4);
    // A disagreement without a gap.
    const only = part({ timeMismatches: { resolution_seconds: { count: 1, first: late } } });
    expect(shiftObservations(only, 10)).toEqual({ ...only, timeMismatches: { resolution_seconds: { count: 1, first: { ...late, line: 14 } } } });
    // A gap without a disagreement.
    const gapOnly = part({ dstGaps: 1, firstGap: { line: 3, column: 'created_at', text: 'x' } });
    expect(shiftObservations(gapOnly, 10)).toEqual({ ...gapOnly, firstGap: { line: 13, column: 'created_at', text: 'x' } });
    const none = part({});
    expect(shiftObservations(none, 100)).toBe(none);
    // Times in the future alone: their first moves too; two parts add up, the first part's first kept.
    const future = part({ future: { count: 2, first: { line: 5, column: 'resolved_at', text: '2062-03-02' } } });
    expect(shiftObservations(future, 10)).toEqual({ ...future, future: { count: 2, first: { line: 15, column: 'resolved_at', text: '2062-03-02' } } });
    const other = part({ future: { count: 1, first: { line: 2, column: 'created_at', text: '2071-01-01' } } });
    expect(mergeObservations(future, other).future).toEqual({ count: 3, first: future.future!.first });
    expect(mergeObservations(part({}), other).future).toEqual(other.future);
    expect(mergeObservations(part({}), part({})).future).toBeUndefined();
  });
});

describe('swallowed rows (a stray opening quote)', () => {
  const first = { line: 3, column: 'subject', rows: 2 };
  it('merges by adding the counts and keeping the first part\'s first; a part alone keeps its own', () => {
    const a = part({ swallowed: { count: 2, first } });
    const b = part({ swallowed: { count: 1, first: { line: 90, column: 'note', rows: 1 } } });
    expect(mergeObservations(a, b).swallowed).toEqual({ count: 3, first });
    expect(mergeObservations(part({}), b).swallowed).toEqual(b.swallowed);
    expect(mergeObservations(a, part({})).swallowed).toEqual(a.swallowed);
    expect(mergeObservations(part({}), part({})).swallowed).toBeUndefined();
  });
  it('shifts the first one\'s line by the lines before the part', () => {
    const o = part({ swallowed: { count: 2, first } });
    expect(shiftObservations(o, 100)).toEqual({ ...o, swallowed: { count: 2, first: { ...first, line: 103 } } });
    expect(first.line).toBe(3);
  });
});

describe('handle_seconds against its parts', () => {
  const first = { line: 4, handle: 300, parts: 500, unit: 1 };
  it('merges by adding the counts and keeping the first part\'s first; shifts the first line', () => {
    const a = part({ handleParts: { count: 2, first } });
    const b = part({ handleParts: { count: 3, first: { ...first, line: 80 } } });
    expect(mergeObservations(a, b).handleParts).toEqual({ count: 5, first });
    expect(mergeObservations(part({}), b).handleParts).toEqual(b.handleParts);
    expect(mergeObservations(part({}), part({})).handleParts).toBeUndefined();
    expect(shiftObservations(a, 10)).toEqual({ ...a, handleParts: { count: 2, first: { ...first, line: 14 } } });
  });
});

describe('repeated header lines', () => {
  it('merge by adding the counts and keeping the first part\'s line; shift the line', () => {
    const a = part({ repeatedHeader: { count: 1, line: 12 } });
    const b = part({ repeatedHeader: { count: 2, line: 90 } });
    expect(mergeObservations(a, b).repeatedHeader).toEqual({ count: 3, line: 12 });
    expect(mergeObservations(part({}), b).repeatedHeader).toEqual({ count: 2, line: 90 });
    expect(mergeObservations(part({}), part({})).repeatedHeader).toBeUndefined();
    expect(shiftObservations(b, 100)).toEqual({ ...b, repeatedHeader: { count: 2, line: 190 } });
  });
});

describe('numbers like 1.200 in a ";" file (thousandsDots)', () => {
  it('merge per column: counts and decimals added, the first part\'s first kept (or the later part\'s, when the first had only decimals)', () => {
    const a = part({ thousandsDots: { fr: { count: 2, first: { line: 3, text: '1.200' }, decimals: 0 }, res: { count: 0, first: null, decimals: 4 } } });
    const b = part({ thousandsDots: { fr: { count: 1, first: { line: 70, text: '2.500' }, decimals: 1 }, res: { count: 5, first: { line: 9, text: '3.000' }, decimals: 0 }, hw: { count: 1, first: { line: 8, text: '9.999' }, decimals: 0 } } });
    expect(mergeObservations(a, b).thousandsDots).toEqual({
      fr: { count: 3, first: { line: 3, text: '1.200' }, decimals: 1 },
      res: { count: 5, first: { line: 9, text: '3.000' }, decimals: 4 },
      hw: { count: 1, first: { line: 8, text: '9.999' }, decimals: 0 },
    });
    expect(mergeObservations(part({}), b).thousandsDots).toEqual(b.thousandsDots);
    expect(mergeObservations(a, part({})).thousandsDots).toEqual(a.thousandsDots);
    expect(mergeObservations(part({}), part({})).thousandsDots).toBeUndefined();
  });
  it('shift each column\'s first line; a column with decimals only has none to shift', () => {
    const a = part({ thousandsDots: { fr: { count: 2, first: { line: 3, text: '1.200' }, decimals: 0 }, res: { count: 0, first: null, decimals: 4 } } });
    expect(shiftObservations(a, 10)).toEqual({ ...a, thousandsDots: { fr: { count: 2, first: { line: 13, text: '1.200' }, decimals: 0 }, res: { count: 0, first: null, decimals: 4 } } });
    // Nothing else to shift: still shifted.
    expect(shiftObservations(a, 10)).not.toBe(a);
  });
});
