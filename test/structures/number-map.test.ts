import { describe, expect, it } from 'vitest';
import { NumberMap } from '../../src/structures/number-map.js';

describe('NumberMap', () => {
  it('keeps every key in 0..2^53 − 2 against a Map, through its growth (seeded keys)', () => {
    const m = new NumberMap();
    const want = new Map<number, number>();
    let x = 20261127;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    const keys = [0, 1, 2 ** 32, 2 ** 53 - 2, ...Array.from({ length: 5000 }, () => next() * 0x200000 + (next() & 0x1fffff))];
    keys.forEach((k, i) => {
      if (want.has(k)) return;
      m.set(k, i);
      want.set(k, i);
    });
    expect(m.size).toBe(want.size);
    for (const [k, v] of want) expect(m.get(k)).toBe(v);
    expect(m.get(3)).toBeUndefined();
    expect(m.get(2 ** 52 + 1)).toBeUndefined();
  });
  it('refuses a key it cannot hold', () => {
    const m = new NumberMap();
    for (const k of [-1, 0.5, 2 ** 53 - 1, Number.NaN]) expect(() => m.set(k, 0), String(k)).toThrow(RangeError);
  });
});
