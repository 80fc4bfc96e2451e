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
