/** Typed arrays that grow: the flat storage behind samples, id tables and bitmaps. */
export type Growable = Uint8Array | Uint16Array | Int32Array | Float64Array;

/**
 * A copy of a with at least `size` elements (at least double a's length, so that growing
 * one element at a time stays amortised O(1)), the first `used` elements kept.
 *
 * @example grown(new Int32Array([1, 2]), 3) // Int32Array [1, 2, 0, 0]
 */
export function grown<T extends Growable>(a: T, size: number, used: number = a.length): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  next.set(a.subarray(0, used));
  return next;
}
