/**
 * Hand-made hostile inputs (a hunt for plausible wrong numbers and unclear errors on data
 * the tool was not built on): each case is one finding, its expected output worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';

describe('tiny files', () => {
  it('a file of one byte (a lone newline, a lone letter) is not UTF-16: it is empty or a one-column header', async () => {
    const dir = scratch({ 'nl.csv': '\n', 'x.csv': 'x' });
    const nl = await cli(['compute', 'nl.csv'], { cwd: dir });
    expect(nl.code).toBe(2);
    expect(nl.stderr).toBe('csm-kpi: nl.csv: empty file (no header row)\n');
    const x = await cli(['compute', 'x.csv'], { cwd: dir });
    expect(x.code).toBe(2);
    expect(x.stderr).toMatch(/^csm-kpi: x\.csv: cannot tell what this file holds from its header \(x\);/);
  });
});

describe('durations', () => {
  it('a plain-digits duration over 1000 years is refused like any other (epoch milliseconds in a seconds column)', async () => {
    // 1000 years = 1000 × 365.25 × 86400 = 31,557,600,000 s: 1772413200000 s and 600,000,000 minutes (3.6e10 s) are beyond it.
    const dir = scratch({
      't.csv': 'id,created_at,first_response_seconds,resolution_minutes\nT1,2026-03-02T00:00:00Z,1772413200000,10\nT2,2026-03-02T00:00:00Z,60,600000000\nT3,2026-03-02T00:00:00Z,31557600000,525960000\n',
    });
    const r = await cli(['compute', 't.csv', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      't.csv:2: first_response_seconds: duration too long (more than 1000 years) ("1772413200000")',
      't.csv:3: resolution_minutes: duration too long (more than 1000 years) ("600000000")',
    ]);
  });
});
