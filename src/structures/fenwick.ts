/**
 * A Fenwick (binary indexed) tree of counts over slots 0…n−1 that also answers "which slot
 * holds the k-th item": the order statistic of a multiset that items enter and leave, as a
 * sweep over time needs (the backlog's open tickets at each period end, src/metrics/backlog.ts).
 * Cost: add and kth O(log n); memory 4 bytes a slot.
 *
 * @example const f = new Fenwick(4); f.add(1, 1); f.add(3, 1); f.kth(2) // 3 (slots 1 and 3 hold one item each)
 */
export class Fenwick {
  private readonly tree: Int32Array;
  /** The largest power of two ≤ n: where kth's descent starts. */
  private readonly top: number;

  constructor(readonly n: number) {
    this.tree = new Int32Array(n + 1);
    let top = 1;
    while (top * 2 <= n) top *= 2;
    this.top = n === 0 ? 0 : top;
  }

  /** Adds delta items at slot i. */
  add(i: number, delta: number): void {
    for (let x = i + 1; x <= this.n; x += x & -x) this.tree[x] += delta;
  }

  /** The slot of the k-th item (1-based) in slot order; the caller keeps 1 ≤ k ≤ the item count. */
  kth(k: number): number {
    let at = 0;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = at + step;
      if (next <= this.n && this.tree[next] < k) {
        at = next;
        k -= this.tree[next];
      }
    }
    return at;
  }
}
