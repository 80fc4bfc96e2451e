import { describe, expect, it } from 'vitest';
import { Fenwick } from '../../src/structures/fenwick.js';

describe('Fenwick', () => {
  it('kth finds the slot of the k-th item, counts and removals included (by hand)', () => {
    const f = new Fenwick(10);
    f.add(2, 1);
    f.add(7, 2); // two items in slot 7
    f.add(9, 1);
    // Items in slot order: 2, 7, 7, 9.
    expect([1, 2, 3, 4].map((k) => f.kth(k))).toEqual([2, 7, 7, 9]);
    f.add(7, -1);
    f.add(0, 1);
    // Now: 0, 2, 7, 9.
    expect([1, 2, 3, 4].map((k) => f.kth(k))).toEqual([0, 2, 7, 9]);
  });
  it('sizes that are and are not powers of two reach their last slot', () => {
    for (const n of [1, 2, 3, 8, 13]) {
      const f = new Fenwick(n);
      f.add(n - 1, 1);
      expect(f.kth(1)).toBe(n - 1);
    }
  });
});
