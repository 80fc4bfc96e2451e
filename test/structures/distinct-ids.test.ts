import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctIds } from '../../src/structures/distinct-ids.js';
import { IdNumbering, numberedId, numberedIdAt } from '../../src/structures/numbered-id.js';
import { stress } from '../scale.js';

describe('numberedId', () => {
  it.each([
    ['T123', null, 123],
    ['T123', 'T', 123],
    ['123', '', 123],
    ['T0', 'T', 0],
    ['T0123', 'T', -1],
    ['X123', 'T', -1],
    ['abc', null, -1],
    ['10300555531549', null, 10300555531549],
  ] as [string, string | null, number][])('%s with prefix %j is %d', (id, prefix, v) => {
    expect(numberedId(id, prefix)).toBe(v);
  });
  it('reads ids from bytes as from text (numberedIdAt), prefixes ending in a digit included', () => {
    const id = fc.oneof(
      fc.tuple(fc.constantFrom('', 'C', 'T1', 'INC', 'x-'), fc.bigInt({ min: 0n, max: 10n ** 18n })).map(([p, n]) => p + String(n)),
      fc.string({ unit: fc.constantFrom('0', '1', '9', 'C', 'T', '-'), maxLength: 20 }),
    );
    fc.assert(
      fc.property(id, fc.constantFrom('', 'C', 'T1', 'INC', 'C0', 'T12345678901'), (text, prefix) => {
        const bytes = Buffer.from(`,${text},`);
        expect(numberedIdAt(bytes, 1, bytes.length - 1, prefix)).toBe(numberedId(text, prefix));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('IdNumbering', () => {
  it('learns the prefix from the first numbered id, then numbers text and bytes alike', () => {
    const n = new IdNumbering();
    expect(n.ofText('abc')).toBe(-1);
    expect(n.prefix).toBeNull();
    const bytes = Buffer.from('C12,C7,X7,C07');
    const decode = (a: number, b: number) => bytes.toString('latin1', a, b);
    expect(n.ofBytes(bytes, 0, 3, decode)).toBe(12);
    expect(n.prefix).toBe('C');
    expect(n.ofBytes(bytes, 4, 6, () => { throw new Error('no text needed once the prefix is known'); })).toBe(7);
    expect(n.ofBytes(bytes, 7, 9, decode)).toBe(-1);
    expect(n.ofBytes(bytes, 10, 13, decode)).toBe(-1);
    expect(n.ofText('C7')).toBe(7);
  });
});

describe('DistinctIds', () => {
  const id = fc.oneof(
    fc.integer({ min: 0, max: 5000 }).map((n) => `C${n}`),
    fc.integer({ min: 0, max: 50 }).map((n) => `C0${n}`),
    fc.integer({ min: 0, max: 5000 }).map((n) => String(n)),
    fc.integer({ min: 0, max: 1e9 }).map((n) => `C${n}`),
    fc.string({ maxLength: 4 }),
  );
  it('counts exactly like a Set, through bitmap conversion and merges', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 4000 }), fc.array(id, { maxLength: 3000 }), (xs, ys) => {
        const a = new DistinctIds(), b = new DistinctIds();
        for (const x of xs) a.add(x);
        for (const y of ys) b.add(y);
        expect(a.size).toBe(new Set(xs).size);
        a.merge(b);
        expect(a.size).toBe(new Set([...xs, ...ys]).size);
      }),
      { numRuns: 60 },
    );
  });
  it('moves dense numbered ids to a bitmap', () => {
    const n = stress(100_000, 20_000); // 7919 is prime to both
    const d = new DistinctIds();
    for (let i = 0; i < 2 * n; i++) d.add(`C${(i * 7919) % n}`);
    expect(d.size).toBe(n);
    expect(d.table.size).toBe(0);
    const e = new DistinctIds();
    for (let i = n / 2; i < 1.5 * n; i++) e.add(`C${i}`);
    d.merge(e);
    expect(d.size).toBe(1.5 * n);
  });
});
