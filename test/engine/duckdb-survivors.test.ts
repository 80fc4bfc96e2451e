/**
 * Cases for survivors of `duckdb-engine.ts`'s mutation run of 2026-11-28 (TESTING.md, the ninth
 * sitting): each pins a reading the run found no test for, in both engines. A file of its own so
 * that the run's results for the other test files' kills carry over (both-engines.ts says why).
 */
import { describe, expect, it } from 'vitest';
import { refusedAlike, sameReport } from './both-engines.js';

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
