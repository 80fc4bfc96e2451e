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

  it('the first column (id) is a column like any other', () => {
    const where = [parseWhere('id=T')];
    const f = new RowFilter(where, mapping, read, emptyWhereStats(where));
    expect(f.lacking).toEqual([]);
    expect(f.keep(row('x', 'y'), view)).toBe(true);
    expect(f.keep(['U', '2026-03-02', 'x', 'y'], view)).toBe(false);
  });

  it('a column joined from several headers: its trimmed parts with a value, joined by a space; it is the file\'s column', () => {
    const joined = mapHeader('t.csv', ['id', 'created_at', 'Agent First', 'Agent Last'], 'tickets', NO_RULES, { agent: ['Agent First', 'Agent Last'] });
    expect(fileHasColumn(joined, 'agent')).toBe(true);
    const where = [parseWhere('agent=Ann Lee,Bo')];
    const stats = emptyWhereStats(where);
    const f = new RowFilter(where, joined, read, stats);
    expect(f.lacking).toEqual([]);
    expect(f.keep(['T', '2026-03-02', ' Ann ', 'Lee '], view)).toBe(true);
    // A part that is a null token or empty is left out, not joined as "Bo ?" or "Bo ".
    expect(f.keep(['T', '2026-03-02', 'Bo', '?'], view)).toBe(true);
    expect(f.keep(['T', '2026-03-02', 'Bo', ''], view)).toBe(true);
    expect(f.keep(['T', '2026-03-02', '?', ''], view)).toBe(false);
    expect(stats.matched).toEqual([[1, 2]]);
  });

  it('a value map is the canonical column\'s: a header read as itself is compared as written', () => {
    const mapped = { nullTokens: new Set<string>(), valueMaps: new Map([['region_code', new Map([['eu', 'Europe']])]]) } as unknown as ReadOptions;
    const where = [parseWhere('region_code=EU')];
    const f = new RowFilter(where, mapping, mapped, emptyWhereStats(where));
    expect(f.keep(row('p1', 'EU'), view)).toBe(true);
  });

  it('the note on a value no row had: the like-written values seen, else the values seen, else none', () => {
    const notes = (w: string, regions: string[]) => {
      const where = [parseWhere(w)];
      const stats = emptyWhereStats(where);
      const f = new RowFilter(where, mapping, read, stats);
      for (const r of regions) f.keep(row('p1', r), view);
      return unmatchedNotes(where, stats);
    };
    expect(notes('region_code=eu,us', ['EU', 'US', 'JP'])).toEqual([
      'note: --where region_code=eu,us: no row has region_code "eu" or "us" (it keeps no row); did you mean "EU", "US"? (values match exactly)',
    ]);
    expect(notes('region_code!=XX', ['EU'])).toEqual(['note: --where region_code!=XX: no row has region_code "XX" (it leaves no row out); values there include "EU"']);
    expect(notes('region_code=EU', ['?', ''])).toEqual(['note: --where region_code=EU: no row has region_code "EU" (it keeps no row); the column has no value in any row']);
    expect(notes('region_code=EU', ['EU'])).toEqual([]);
  });
});
