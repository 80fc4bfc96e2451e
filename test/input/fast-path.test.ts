/**
 * The fast path (typed cells parsed from the record text without slicing) against the
 * plain one (every field sliced, then parsed) on generated tickets and answers: the same
 * KPIs and the same problems, value for value and line for line.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RowProblem } from '../../src/errors.js';
import { loadInputs, paddedTwin } from '../../src/input/load.js';
import type { LoadOptions, RejectedRow } from '../../src/input/load.js';
import { NO_RULES } from '../../src/input/header/columns.js';
import { TimeZone } from '../../src/time/time-zone.js';
import { ReportBuilder } from '../../src/engine/report-builder.js';
import { scratch } from '../helpers.js';
import { stress } from '../scale.js';

const zone = TimeZone.of('Europe/Madrid');
const read = {
  zone,
  csatScale: { min: 1, max: 5 },
  cesScale: { min: 1, max: 5 },
  surveyType: null,
  selfServiceChannels: new Set(['help_center']),
  nullTokens: new Set<string>(),
  valueMaps: new Map(),
  emptyScore: 'error' as const,
};

function run(files: string[], lazyFields: boolean) {
  const builder = new ReportBuilder({
    zone, from: null, to: null, period: 'week', by: ['agent'], clock: null,
    kpi: { csatScale: read.csatScale, cesScale: read.cesScale, slaFirstResponseSeconds: 600, slaResolutionSeconds: null, clock: 'calendar', confidence: 0.95, minSample: 30 },
  });
  const rejected: RejectedRow[] = [];
  const options: LoadOptions = { read, rules: NO_RULES, join: {}, duplicates: 'error', by: ['agent'], rejects: { reject: (r) => rejected.push(r) }, lazyFields };
  const result = loadInputs(files.map((path) => ({ path, name: path, encoding: 'utf-8' })), options, {
    ticket: (row, keys) => builder.addTicket(row, keys),
    answer: (row, keys) => builder.addAnswer(row, keys),
    customer: (row, keys) => builder.addCustomer(row, keys),
  });
  return { kpis: builder.kpis(), series: builder.seriesEntries(), groups: builder.groupEntries(), problems: result.files.flatMap((f) => f.problems) as RowProblem[], rejected };
}

const time = fc.oneof(
  fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
  fc.constantFrom('', '2026-03-29 02:30', ' 2026-03-04 09:15 ', '2026-02-30 10:00', 'yesterday', '2026-03-04T09:15:22+02:00', '2026-03-04T09:15:22.5Z', '2026-03-04',
    '2026-03-04 09:15\u00a0', '\ufeff2026-03-05', '\x1f2026-03-04', '2026-03-04\u2028'),
);
const num = fc.oneof(fc.integer({ min: 0, max: 5000 }).map(String), fc.constantFrom('', ' 12 ', '1.5', '-3', 'x', '0:02:23', '3.0', '1e2', '\x1f9', '9\u00a0', '\u30004', '4\x1f', '\u20289'));
const customer = fc.oneof(
  fc.integer({ min: 0, max: 30 }).map((n) => `C${n}`),
  fc.constantFrom('', ' C3 ', 'C07', 'x', 'C\u00a0', '"C4"'),
  // Ids the reader holds as bytes (e-mails, UUIDs) or under a zero-padded form, and non-ASCII ones.
  fc.integer({ min: 0, max: 20 }).map((n) => [`u${n}@ex.io`, `C${String(n).padStart(4, '0')}`, `9f${n}a-41c2-${n % 3}`, `zoë${n % 4}@ex.io`, ` u${n}@ex.io`][n % 5]),
);
const idSuffix = fc.constantFrom('', '', '', '\u00a0', ' ', '\u202f', '\x1f');
const ticketId = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 40 }), idSuffix).map(([n, s]) => `T${n}${s}`),
  fc.integer({ min: 1, max: 40 }).map((n) => [`T${String(n).padStart(4, '0')}`, `${n}e1c-7f${n % 6}`, `t${n % 9}@ex.io`, `tö${n % 5}`][n % 4]),
);
const row = fc.tuple(ticketId, time, time, num, num, fc.constantFrom('solved', 'open', '', ' Solved ', 'closed\t', 'solved\u00a0', '\ufeffclosed', '\u3000resolved\u2028', 'solved\x1f'), fc.constantFrom('ana', 'ben', '', '"q, uoted"', ' ana ', 'Zoë', '\u00a0ana', 'ana\u2003', 'ana\u00a0', '\x1fana'), num, customer);

describe('Unicode spaces at a cell\'s edge', () => {
  it('are trimmed as String.prototype.trim does, on both paths; a control character is not', () => {
    const dir = scratch({
      't.csv':
        'id,created_at,status,agent,csat_score\n' +
        'T1,2026-03-02 09:00,solved,ana,5\n' +
        'T2,2026-03-02 10:00\u00a0,solved\u00a0,ana\u00a0,4\u3000\n' +
        'T3,\ufeff2026-03-03 09:00,\u2028closed,\u00a0ana,\u00a03\n' +
        'T4,2026-03-03 10:00,open,ben,2\n' +
        'T1\u00a0,2026-03-04 10:00,open,ben,1\n' +
        'T5,2026-03-04 11:00,open,ben,\x1f4\n',
    });
    const file = join(dir, 't.csv');
    for (const lazy of [true, false]) {
      const r = run([file], lazy);
      expect(r.problems.map((p) => `${p.line}: ${p.column}: ${p.message} ${JSON.stringify(p.value)}`)).toEqual([
        '6: id: duplicate of the ticket on line 2 "T1"',
        '7: csat_score: not a number "\\u001f4"',
      ]);
      expect(r.kpis.resolution_rate!.value).toBe(75);
      expect(r.groups!.agent.map((g) => [g.key, g.kpis.ticket_volume!.value])).toEqual([['ana', 3], ['ben', 1]]);
      expect(r.kpis.csat!.responses).toBe(4);
    }
  });
});

describe('lazy typed cells equal sliced ones', () => {
  it('on generated tickets with good and bad values', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const text =
          'id,created_at,first_response_at,talk_seconds,contacts,status,agent,csat_score,customer_id\n' +
          rows.map(([id, c, f, talk, contacts, status, agent, csat, customer]) => [id, c, f, talk, contacts, status, agent, csat, customer].join(',')).join('\n') +
          '\n';
        const dir = scratch({ 't.csv': text, 's.csv': 'type,score,responded_at\nnps,9,2026-03-04 10:00\ncsat, 4 ,\nces,x,2026-01-01\n' });
        const files = [join(dir, 't.csv'), join(dir, 's.csv')];
        expect(run(files, true)).toEqual(run(files, false));
      }),
      { numRuns: stress(150, 50) },
    );
  });
});

describe('cells are trimmed, on both paths (hand-computed)', () => {
  // Spaces and tabs around every kind of cell: ids, timestamps, statuses, groups, customers,
  // integers, durations, scores. Comparing the two paths cannot see trimming dropped from
  // both at once; these values can.
  const text =
    'id,created_at,first_response_at,status,agent,customer_id,contacts,talk_seconds,csat_score\n' +
    ' T1 , 2026-03-02 09:00 ,2026-03-02 09:10\t, Solved ,  ana ,C1 , 1 , 60 , 5 \n' +
    'T2,\t2026-03-02 09:00,2026-03-02 09:30,open\t,ana, C1,2,\t120,4\n' +
    'T3,2026-03-03 09:00, , closed, ben,C2, 1,,\n' +
    '"T2 ",2026-03-04 09:00,,,,,,,\n';
  it.each([true, false])('lazy fields: %s', (lazy) => {
    const dir = scratch({ 't.csv': text });
    const r = run([join(dir, 't.csv')], lazy);
    // "T2 " is T2 again: the one problem, quoting the trimmed id.
    expect(r.problems).toEqual([expect.objectContaining({ line: 5, column: 'id', message: 'duplicate of the ticket on line 3', value: 'T2' })]);
    const k = r.kpis;
    expect(k.ticket_volume!.value).toBe(3);
    // Answered after 10 and 30 min; T3's first response is a lone space: unanswered.
    expect(k.first_response_time).toMatchObject({ value: 1200, count: 2, unanswered: 1 });
    // " Solved " and " closed" are resolved statuses; "open\t" is not.
    expect(k.resolution_rate).toMatchObject({ resolved: 2, tickets: 3 });
    // "C1 " and " C1" are one customer.
    expect(k.tickets_per_customer).toMatchObject({ value: 1.5, tickets: 3, customers: 2 });
    // T1 and T3: resolved with " 1 " contact.
    expect(k.first_contact_resolution).toMatchObject({ value: 100, first_contact: 2, resolved_with_contacts: 2 });
    expect(k.average_handle_time).toMatchObject({ value: 90, count: 2 });
    expect(k.csat).toMatchObject({ satisfied: 2, responses: 2, mean_score: 4.5 });
    // "  ana " and "ana" are one agent.
    expect(r.groups!.agent.map((g) => [g.key, g.kpis.ticket_volume!.value])).toEqual([['ana', 2], ['ben', 1]]);
  });
});

describe('columns no reader reads (a wide export\'s others) are left unsliced', () => {
  it('yet rejects carry them whole and a group on one of them sees its values, as on the plain path', () => {
    const text =
      'region,id,created_at,note,status,tag\n' +
      'eu, T1 ,2026-03-02 09:00,"a, b",solved,x\n' +
      'us,T2,yesterday,c,open,y\n' +
      ' eu ,T3,2026-03-03 09:00,"multi\nline",closed,\n' +
      'apac,T1,2026-03-04 09:00,d,open,z\n';
    const dir = scratch({ 't.csv': text });
    const outcome = (lazyFields: boolean) => {
      const builder = new ReportBuilder({
        zone, from: null, to: null, period: null, by: ['region'], clock: null,
        kpi: { csatScale: read.csatScale, cesScale: read.cesScale, slaFirstResponseSeconds: null, slaResolutionSeconds: null, clock: 'calendar', confidence: 0.95, minSample: 30 },
      });
      const rejected: RejectedRow[] = [];
      loadInputs([{ path: join(dir, 't.csv'), name: 't.csv', encoding: 'utf-8' }], { read, rules: NO_RULES, join: {}, duplicates: 'error', by: ['region'], rejects: { reject: (r) => rejected.push(r) }, lazyFields }, {
        ticket: (row, keys) => builder.addTicket(row, keys),
        answer: (row, keys) => builder.addAnswer(row, keys),
        customer: (row, keys) => builder.addCustomer(row, keys),
      });
      // Each reject with its own problems (the reader's list is reused for the next row).
      return { groups: builder.groupEntries()!.region.map((g) => [g.key, g.kpis.ticket_volume!.value]), rejected: rejected.map((r) => [r.line, r.fields, r.problems.map((p) => p.column)]) };
    };
    const lazy = outcome(true);
    expect(lazy).toEqual(outcome(false));
    expect(lazy.groups).toEqual([['eu', 2]]);
    expect(lazy.rejected).toEqual([
      [3, ['us', 'T2', 'yesterday', 'c', 'open', 'y'], ['created_at']],
      [6, ['apac', 'T1', '2026-03-04 09:00', 'd', 'open', 'z'], ['id']],
    ]);
  });
});

/** loadInputs on one file of text with every row used (drop_field unless more says otherwise), and the rows it rejected. */
function load(text: string, more: Partial<LoadOptions> = {}) {
  const dir = scratch({ 't.csv': text });
  const rejected: RejectedRow[] = [];
  const result = loadInputs(
    [{ path: join(dir, 't.csv'), name: 't.csv', encoding: 'utf-8' }],
    { read: { ...read, invalidFields: 'drop_field' }, rules: NO_RULES, join: {}, duplicates: 'error', by: [], rejects: { reject: (r) => rejected.push(r) }, ...more },
    { ticket: () => 'used', answer: () => 'used', customer: () => 'used' },
  );
  return { result, rejected };
}

/** Each rejected row's line and its problems as line:column, sorted. */
const rejectedProblems = (rejected: RejectedRow[]) => rejected.map((r) => [r.line, r.problems.map((p) => `${p.line}:${p.column}`).sort()]);

describe('fields left out (--invalid-fields drop_field) in loadInputs', () => {
  it('a kept row counts its left-out field; a rejected row lists it with its problems instead', () => {
    // T1 twice: the second is rejected (duplicate id), its bad first_response_at with it.
    const { result, rejected } = load('id,created_at,first_response_at\nT1,2026-03-02 09:00,soon\nT1,2026-03-02 10:00,later\nT2,2026-03-02 11:00,\n');
    expect(result.files[0].dropped).toEqual(new Map([['first_response_at', 1]]));
    expect(result.dropped.map((p) => [p.line, p.column])).toEqual([[2, 'first_response_at']]);
    expect(rejectedProblems(rejected)).toEqual([[3, ['3:first_response_at', '3:id']]]);
  });
  it('the same for survey answers and customer counts', () => {
    const answers = load('type,score,responded_at\ncsat,4,soon\ncsat,9,later\n');
    expect(answers.result.files[0].dropped).toEqual(new Map([['responded_at', 1]]));
    expect(rejectedProblems(answers.rejected)).toEqual([[3, ['3:responded_at', '3:score']]]);
    expect(answers.result.dropped.map((p) => p.line)).toEqual([2]);
    const counts = load('period_start,period_end,customers_start,customers_end,new_customers\n2026-01-01,soon,100,110,20\n2026-02-01,later,x,120,15\n');
    expect(counts.result.files[0].dropped).toEqual(new Map([['period_end', 1]]));
    expect(rejectedProblems(counts.rejected)).toEqual([[3, ['3:customers_start', '3:period_end']]]);
    expect(counts.result.dropped.map((p) => p.line)).toEqual([2]);
  });
  it('lists the first KEPT_PROBLEMS (20) and counts them all', () => {
    const rows = Array.from({ length: 25 }, (_, i) => `T${i},2026-03-02 09:00,soon`).join('\n');
    const { result } = load(`id,created_at,first_response_at\n${rows}\n`);
    expect(result.files[0].dropped.get('first_response_at')).toBe(25);
    expect(result.dropped).toHaveLength(20);
    expect(result.dropped.at(-1)!.line).toBe(21);
  });
});

describe('the progress line in loadInputs', () => {
  it('tells it of each chunk\'s bytes and rows, then of the last chunk\'s rows', () => {
    // Two chunks (1 MB each): rows told as they come, each once.
    const rows = 60_000;
    const text = 'id,created_at\n' + Array.from({ length: rows }, (_, i) => `T${i},2026-03-02 09:00\n`).join('');
    const calls: [number, number][] = [];
    load(text, { progress: { advance: (bytes, n) => void calls.push([bytes, n]) } });
    // A chunk is told before its rows are read; the last ones come with the end (0 bytes).
    expect(calls.map(([b]) => b)).toEqual([1 << 20, text.length - (1 << 20), 0]);
    expect(calls[0][1]).toBe(0);
    expect(calls[1][1]).toBeGreaterThan(0);
    expect(calls.reduce((n, [, r]) => n + r, 0)).toBe(rows);
  });
});

describe('paddedTwin', () => {
  const ids = new Set(['7', 'T0042', '00', 'A-9']);
  const has = (t: string) => ids.has(t);
  it.each([
    ['007', '7'], ['07', '7'], ['T42', 'T0042'], ['T042', 'T0042'], ['0', '00'], ['000', '00'], ['A-0009', 'A-9'],
  ])('%j has the twin %j', (id, twin) => expect(paddedTwin(id, has)).toBe(twin));
  it.each(['7', 'T0042', 'x', '', '8', 'T43', 'B-9', '7x'])('%j has none (itself, no digits at the end, or no twin)', (id) => expect(paddedTwin(id, has)).toBeNull());
  it('pads up to 12 digits, no further', () => {
    expect(paddedTwin('5', (t) => t === '000000000005')).toBe('000000000005');
    expect(paddedTwin('5', (t) => t === '0000000000005')).toBeNull();
  });
  it('a long cell of digits that ends otherwise is answered at once (no regex backtracking)', () => {
    expect(paddedTwin(`${'1'.repeat(200_000)}x`, has)).toBeNull();
    expect(paddedTwin(`0${'1'.repeat(200_000)}`, has)).toBeNull();
  });
});
