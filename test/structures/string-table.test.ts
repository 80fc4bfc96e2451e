import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringTable } from '../../src/structures/string-table.js';
import { daysFromCivil } from '../../src/input/cells/timestamp.js';
import { stress } from '../scale.js';

describe('StringTable', () => {
  it('numbers new strings and finds repeated ones', () => {
    const t = new StringTable();
    expect(t.add('T1')).toBe(0);
    expect(t.add('T2')).toBe(1);
    expect(t.add('T1')).toBe(-1);
    expect(t.add('')).toBe(2);
    expect(t.add('')).toBe(-3);
    expect(t.size).toBe(3);
    expect(t.get(1)).toBe('T2');
  });
  it('behaves like a Set for any strings, wide characters included, and merges', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('ñ', 'é', '日本', 'a'.repeat(300))), { maxLength: 300 }), (xs) => {
        const t = new StringTable();
        const set = new Set<string>();
        for (const x of xs) {
          expect(t.add(x) < 0).toBe(set.has(x));
          set.add(x);
        }
        expect(t.size).toBe(set.size);
        const m = new StringTable();
        m.add('zzz');
        m.merge(t);
        expect(m.size).toBe(new Set([...set, 'zzz']).size);
        expect([...Array(t.size).keys()].map((e) => t.get(e))).toEqual([...set]);
      }),
    );
  });
  it('grows to a million entries', () => {
    const n = stress(1_000_000, 100_000);
    const t = new StringTable();
    for (let i = 0; i < n; i++) t.add(`C${i}`);
    expect(t.size).toBe(n);
    expect(t.add(`C${n - 1}`)).toBe(-n);
  });
});

describe('daysFromCivil', () => {
  it('agrees with Date.UTC from year 1 to 9999', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) * 86400000).toBe(
          Math.floor(d.getTime() / 86400000) * 86400000,
        );
      }),
    );
  });
});
