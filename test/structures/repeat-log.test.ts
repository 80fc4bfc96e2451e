import { describe, expect, it } from 'vitest';
import { RepeatLog } from '../../src/structures/repeat-log.js';

/** Every repeat as a Map finds it: [where, first] in the order added. */
function reference(entries: [number, number][]): [number, number][] {
  const firstAt = new Map<number, number>();
  const out: [number, number][] = [];
  for (const [k, w] of entries) {
    const f = firstAt.get(k);
    if (f === undefined) firstAt.set(k, w);
    else out.push([w, f]);
  }
  return out;
}

function repeatsOf(entries: [number, number][]): [number, number][] {
  const log = new RepeatLog();
  for (const [k, w] of entries) log.add(k, w);
  const got: [number, number][] = [];
  log.repeats((at, first) => got.push([at, first]));
  expect(log.size).toBe(entries.length);
  return got;
}

describe('RepeatLog', () => {
  let x = 20261127;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const key = () => next() * 0x100000 + (next() & 0xfffff);

  it('names every number met before, in the order added, with where it was first (seeded numbers, through its growth, against a Map)', () => {
    // 5,000 numbers of 52 bits, one in eight met again, and the edges (0, 2^53 − 2, a negative, a fraction).
    const pool = [0, 1, 2 ** 32, 2 ** 53 - 2, -3.5, 0.25, ...Array.from({ length: 600 }, key)];
    const entries: [number, number][] = [];
    for (let i = 0; i < 5000; i++) entries.push([i < pool.length ? pool[i] : next() % 8 === 0 ? pool[next() % pool.length] : key(), 1000 + i]);
    const want = reference(entries);
    expect(want.length).toBeGreaterThan(300);
    expect(repeatsOf(entries)).toEqual(want);
  });

  it('an export given twice: every number repeated once, each naming its first', () => {
    const once = Array.from({ length: 3000 }, (_, i) => [key(), i] as [number, number]);
    const twice = [...once, ...once.map(([k, w]) => [k, w + 10_000] as [number, number])];
    expect(repeatsOf(twice)).toEqual(once.map(([, w]) => [w + 10_000, w]));
  });

  it('no repeats: no call; the same number thrice: two calls, both naming the first; the smallest and largest numbers found', () => {
    expect(repeatsOf(Array.from({ length: 3000 }, (_, i) => [i * 7919, i]))).toEqual([]);
    expect(repeatsOf([[5, 10], [6, 11], [5, 12], [5, 13]])).toEqual([[12, 10], [13, 10]]);
    // The ends of the sorted repeats: the first and last place the search can land.
    expect(repeatsOf([[9, 1], [1, 2], [5, 3], [9, 4], [1, 5]])).toEqual([[4, 1], [5, 2]]);
    expect(repeatsOf([])).toEqual([]);
  });
});
