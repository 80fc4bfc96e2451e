/**
 * Cases for survivors of `duckdb-engine.ts`'s mutation run of 2026-11-28 (TESTING.md, the ninth
 * sitting): each pins a reading the run found no test for, in both engines. A file of its own so
 * that the run's results for the other test files' kills carry over (both-engines.ts says why).
 */
import { describe, expect, it } from 'vitest';
import { refusedAlike, runBoth, sameReport } from './both-engines.js';

describe("a config's null tokens in a joined column's parts (the SQL list of tokens)", () => {
  it('two null tokens, one in each part of a joined time: both are empty parts, so the ticket has no resolution time', async () => {
    const config = '{"join": {"created_at": ["D", "T"], "resolved_at": ["CD", "CT"]}, "null_tokens": ["NA", "-"]}';
    const { report } = await sameReport({ 't.csv': 'id,D,T,status,CD,CT\n1,2026-03-02,09:00,open,NA,-\n2,2026-03-02,09:00,solved,2026-03-02,10:30\n', 'c.json': config }, ['t.csv', '--config', 'c.json']);
    // Ticket 1 has no resolution time ("NA" and "-" both empty), ticket 2 took 90 minutes.
    expect([report.kpis.resolution_time.value, report.kpis.resolution_time.count]).toEqual([5400, 1]);
  });
});

describe('the words of a refusal the DuckDB engine makes in SQL', () => {
  it("a duration over 1000 years (epoch milliseconds in a seconds column) is refused in the JavaScript reader's words", async () => {
    // 1772413200000 s is 56,000 years: over 1000 × 365.25 × 86400 = 31,557,600,000 s.
    await refusedAlike(
      { 't.csv': 'id,created_at,first_response_seconds\nT1,2026-03-02,1772413200000\nT2,2026-03-02,5\n' },
      ['t.csv'],
      't.csv:2: first_response_seconds: duration too long (more than 1000 years) ("1772413200000")',
    );
  });
});

describe('under drop_field, the columns a row cannot do without still make it invalid', () => {
  // drop_field leaves out a bad optional field and keeps its row; a survey's type and a customer
  // list's churned flag are what the row is counted by, so without them there is no row to keep.
  it("a survey's type that is none of csat, nps or ces", async () => {
    await refusedAlike(
      { 's.csv': 'id,responded_at,type,score\nS1,2026-03-02,csat,4\nS2,2026-03-02,xyz,5\n' },
      ['s.csv', '--invalid-fields', 'drop_field'],
      's.csv:3: type: must be csat, nps or ces ("xyz")',
    );
  });
  it("a customer list's churned flag that is not a boolean", async () => {
    await refusedAlike(
      { 'c.csv': 'customer_id,churned\nC1,yes\nC2,maybe\nC3,no\n' },
      ['c.csv', '--invalid-fields', 'drop_field'],
      'c.csv:3: churned: not a boolean (expected true/false, yes/no or 1/0) ("maybe")',
    );
  });
});

describe('duration alternatives (seconds, minutes, hours of one duration): the first with a value is read', () => {
  it('in hours or minutes alone', async () => {
    const { report } = await sameReport({ 't.csv': 'id,created_at,first_response_hours,resolution_minutes\n1,2026-03-02 09:00,1.5,30\n2,2026-03-02 10:00,2,90\n' }, ['t.csv']);
    // First response: 1.5 h and 2 h, a mean of 1.75 h; resolution: 30 and 90 minutes, a mean of an hour.
    expect([report.kpis.first_response_time.value, report.kpis.resolution_time.value]).toEqual([6300, 3600]);
  });
  it('under drop_field, a bad one is left out and the next read; one after a value is never read, nor its problem found', async () => {
    const head = 'id,created_at,first_response_seconds,first_response_minutes,first_response_hours\n';
    const rows = [
      '1,2026-03-02 09:00,60,-5,', //  60 s; the minutes are never read
      '2,2026-03-02 10:00,,-5,1', //   minutes left out, then 1 h
      '3,2026-03-02 10:00,,,-2', //    hours left out: no first response time
      '4,2026-03-02 10:00,-1,2,', //   seconds left out, then 2 min
      '5,2026-03-02 10:00,,,2', //     2 h
    ];
    const { report, stderr } = await sameReport({ 't.csv': head + rows.join('\n') + '\n' }, ['t.csv', '--invalid-fields', 'drop_field']);
    expect(report.inputs[0].dropped_fields).toEqual({ first_response_minutes: 1, first_response_hours: 1, first_response_seconds: 1 });
    // (60 + 3600 + 120 + 7200) / 4
    expect([report.kpis.first_response_time.value, report.kpis.first_response_time.count, report.kpis.first_response_time.dropped]).toEqual([2745, 4, 1]);
    expect(stderr).not.toContain('t.csv:2:');
  });
});

describe('joined columns', () => {
  it('a joined time with an empty part, without drop_field: the row is invalid, in the same words', async () => {
    await refusedAlike(
      { 't.csv': 'id,D,T,status\n1,2026-03-02,,solved\n2,2026-03-02,10:00,open\n', 'c.json': '{"join": {"created_at": ["D", "T"]}}' },
      ['t.csv', '--config', 'c.json'],
      't.csv:2: created_at: "T" is empty (created_at joins "D" and "T") ("2026-03-02")',
    );
  });
  it('a joined text column (an agent from first and last names) with an empty part is no problem: the part that is there is the value', async () => {
    const { report } = await sameReport(
      { 't.csv': 'id,created_at,First,Last,status\n1,2026-03-02 09:00,Ana,,solved\n2,2026-03-02 10:00,Bo,Li,open\n', 'c.json': '{"join": {"agent": ["First", "Last"]}}' },
      ['t.csv', '--config', 'c.json', '--by', 'agent'],
    );
    expect(report.groups.agent.map((g: { key: string }) => g.key)).toEqual(['Ana', 'Bo Li']);
  });
});

describe('survey answers as the JavaScript reader checks them', () => {
  it.each([
    ['a csat score over its scale', 'type,score\ncsat,4\ncsat,7\n', [], 's.csv:3: score: csat score must be in 1..5 ("7")'],
    ['a ces score over its scale', 'type,score\nces,4\nces,9\n', [], 's.csv:3: score: ces score must be in 1..5 ("9")'],
    ['an empty type without --survey-type', 'type,score\ncsat,4\n,5\n', [], 's.csv:3: type: is required (or give --survey-type)'],
    ['an empty score', 'type,score\ncsat,4\ncsat,\n', [], 's.csv:3: score: is required'],
  ])('%s is refused in the same words', async (_, text, args, message) => {
    await refusedAlike({ 's.csv': text }, ['s.csv', ...args], message);
  });
  it('half points are scores (only NPS is whole numbers); an empty type takes --survey-type; --empty-score skip counts an empty score as no answer', async () => {
    const halves = await sameReport({ 's.csv': 'type,score\ncsat,4.5\nces,3.5\ncsat,2\n' }, ['s.csv']);
    expect([halves.report.kpis.csat.satisfied, halves.report.kpis.ces.value]).toEqual([1, 3.5]);
    const typed = await sameReport({ 's.csv': 'type,score\ncsat,4\n,5\n' }, ['s.csv', '--survey-type', 'csat']);
    expect(typed.report.kpis.csat.responses).toBe(2);
    const skipped = await sameReport({ 's.csv': 'type,score\ncsat,4\ncsat,\n' }, ['s.csv', '--empty-score', 'skip']);
    expect(skipped.report.inputs[0]).toMatchObject({ used: 1, no_answer: 1 });
  });
});

describe('customers files', () => {
  it('a customer list (one row per customer, churned): the churn rate, as the JavaScript engine', async () => {
    const { report } = await sameReport({ 'c.csv': 'customer_id,churned\nC1,yes\nC2,no\nC3,no\n' }, ['c.csv']);
    expect(report.kpis.churn_rate.value).toBeCloseTo(100 / 3, 10);
  });
  it('a count file with a required count empty is refused in the same words', async () => {
    await refusedAlike({ 'c.csv': 'period_start,customers_start,customers_end,new_customers\n2026-03-01,100,,5\n' }, ['c.csv'], 'c.csv:2: customers_end: is required');
  });
});

describe('helpdesk columns', () => {
  it("a preset's offered token (Zendesk's Offered): no score, counted for CSAT's response rate", async () => {
    const { report } = await sameReport(
      { 't.csv': 'Id,Created at,Status,Satisfaction Score\n1,2026-03-02 10:00,Solved,Good\n2,2026-03-02 11:00,Solved,Offered\n3,2026-03-02 12:00,Solved,Bad\n4,2026-03-02 13:00,Solved,\n' },
      ['t.csv', '--preset', 'zendesk'],
    );
    // Good and Bad answered (1 satisfied of 2), Offered offered and not answered: 2 of 3 offered answered.
    expect([report.kpis.csat.value, report.kpis.csat.responses, report.kpis.csat.offered]).toEqual([50, 2, 1]);
    expect(report.kpis.csat.response_rate).toBeCloseTo(200 / 3, 10);
  });
  it('agent work in minutes and requester wait in hours, over resolved tickets', async () => {
    const { report } = await sameReport({ 't.csv': 'id,created_at,status,agent_work_minutes,requester_wait_hours\nT1,2026-03-02 10:00,solved,30,2\nT2,2026-03-02 11:00,solved,90,1\n' }, ['t.csv']);
    expect([report.kpis.agent_work_time.value, report.kpis.requester_wait_time.value]).toEqual([3600, 5400]);
  });
});

describe('encodings', () => {
  it('UTF-16 cut in the middle of a character: refused by both, naming the byte', async () => {
    // A UTF-16LE BOM, a header and a row, then a lone high surrogate (D800) and an odd byte.
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,created_at\nT1,2026-03-02\n', 'utf16le'), Buffer.from([0x00, 0xd8, 0x41])]);
    const [js, duck] = await runBoth({ 'u.csv': text }, ['u.csv']);
    expect([js.code, duck.code]).toEqual([2, 2]);
    expect(js.stderr).toMatch(/^csm-kpi: u\.csv: not valid UTF-16 \(an odd byte or a lone surrogate before byte \d+\)\n$/);
    expect(duck.stderr).toBe(js.stderr);
  });
});
