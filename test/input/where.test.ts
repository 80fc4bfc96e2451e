/** --where's row test (src/input/where.ts): how a cell is compared, and its counts across parts. */
import { describe, expect, it } from 'vitest';
import { NO_RULES, mapHeader } from '../../src/input/header/columns.js';
import { RecordView } from '../../src/input/csv/scanner.js';
import type { ReadOptions } from '../../src/input/rows/row-types.js';
import { RowFilter, emptyWhereStats, fileHasColumn, mergeWhereStats, unmatchedNotes } from '../../src/input/where.js';
import { parseWhere } from '../../src/settings/values.js';

const HEADER = ['id', 'created_at', 'Priority', 'Region Code'];
const mapping = mapHeader('t.csv', HEADER, 'tickets', NO_RULES, {});
const read = { nullTokens: new Set(['?']), valueMaps: new Map([['priority', new Map([['p1', 'urgent']])]]) } as unknown as ReadOptions;
const view = new RecordView();
const row = (priority: string, region: string) => ['T', '2026-03-02', priority, region];

describe('RowFilter', () => {
  it('a canonical column through its value map; a header as written; trimmed; null tokens are no value', () => {
    const where = [parseWhere('priority=urgent'), parseWhere('region_code!=EU')];
    const f = new RowFilter(where, mapping, read, emptyWhereStats(where));
    expect(f.keep(row(' P1 ', 'US'), view)).toBe(true);
    expect(f.keep(row('urgent', ' EU\u00a0'), view)).toBe(false);
    expect(f.keep(row('?', 'US'), view)).toBe(false);
    // No region: != keeps it.
    expect(f.keep(row('p1', '?'), view)).toBe(true);
    expect(f.lacking).toEqual([]);
  });

  it('a column the file lacks: no value', () => {
    const where = [parseWhere('team=a'), parseWhere('agent!=b')];
    const f = new RowFilter(where, mapping, read, emptyWhereStats(where));
    expect(f.lacking.map((w) => w.column)).toEqual(['team', 'agent']);
    expect(f.keep(row('x', 'y'), view)).toBe(false);
    const g = new RowFilter([where[1]], mapping, read, emptyWhereStats([where[1]]));
    expect(g.keep(row('x', 'y'), view)).toBe(true);
  });

  it('counts read in two parts and merged equal the counts of one read: the values seen are the smallest', () => {
    const where = [parseWhere('region_code=EU,XX')];
    const regions = ['US', 'EU', 'JP', 'BR', 'CA', 'MX', 'IN', 'EU', 'AU', 'ZA', 'DE', 'FR', 'NZ', 'CL'];
    const one = emptyWhereStats(where);
    const f = new RowFilter(where, mapping, read, one);
    for (const r of regions) f.keep(row('p1', r), view);
    const a = emptyWhereStats(where), b = emptyWhereStats(where);
    const fa = new RowFilter(where, mapping, read, a), fb = new RowFilter(where, mapping, read, b);
    regions.slice(0, 9).forEach((r) => fa.keep(row('p1', r), view));
    regions.slice(9).forEach((r) => fb.keep(row('p1', r), view));
    mergeWhereStats(b, a);
    expect(b).toEqual(one);
    expect(one.matched).toEqual([[2, 0]]);
    expect(one.seen).toEqual([['AU', 'BR', 'CA', 'CL', 'DE', 'FR', 'IN', 'JP']]);
    expect(unmatchedNotes(where, one)).toEqual([
      'note: --where region_code=EU,XX: no row has region_code "XX" (the other values matched); values there include "AU", "BR", "CA", "CL", "DE", "FR", "IN", "JP"',
    ]);
  });

  it('a header in camel case (RegionCode) is the column region_code, as a header in words is', () => {
    const camel = mapHeader('t.csv', ['id', 'created_at', 'RegionCode'], 'tickets', NO_RULES, {});
    expect(fileHasColumn(camel, 'region_code')).toBe(true);
    expect(fileHasColumn(mapping, 'region_code')).toBe(true);
    expect(fileHasColumn(camel, 'region')).toBe(false);
    const where = [parseWhere('region_code=EU')];
    const f = new RowFilter(where, camel, read, emptyWhereStats(where));
    expect(f.lacking).toEqual([]);
    expect(f.keep(['T', '2026-03-02', 'EU'], view)).toBe(true);
    expect(f.keep(['T', '2026-03-02', 'US'], view)).toBe(false);
  });
});
