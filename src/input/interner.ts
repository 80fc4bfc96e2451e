/**
 * The strings of a column with few distinct values (status, channel, agent, team…) looked up
 * by their bytes: the same bytes give the same string object, so a row costs a hash and a
 * compare instead of a new string, and later Map look-ups on it reuse its cached hash.
 *
 * Past MAX_DISTINCT values the column is not what this is for (free text, ids): it stops
 * storing and get() decodes every cell, as if it did not exist.
 *
 * Cost: O(length of the cell) per get; memory O(distinct values) up to the cap.
 */
const MAX_DISTINCT = 4096;

export class Interner {
  private store = new Uint8Array(4096);
  private used = 0;
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private strings: string[] = [];
  /** Open addressing: entry index + 1, 0 for an empty slot. */
  private slots = new Int32Array(128);
  private full = false;

  /** The string of bytes[a, b); decode makes it the first time those bytes are seen. */
  get(bytes: Uint8Array, a: number, b: number, decode: (a: number, b: number) => string): string {
    if (this.full) return decode(a, b);
    let h = 0x811c9dc5;
    for (let i = a; i < b; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    const mask = this.slots.length - 1;
    const n = b - a;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s] - 1;
      if (e < 0) return this.add(s, bytes, a, b, decode(a, b));
      if (this.lengths[e] !== n) continue;
      const at = this.starts[e];
      let i = 0;
      while (i < n && this.store[at + i] === bytes[a + i]) i++;
      if (i === n) return this.strings[e];
    }
  }

  private add(slot: number, bytes: Uint8Array, a: number, b: number, text: string): string {
    const e = this.strings.length;
    if (e >= MAX_DISTINCT) {
      this.full = true;
      return text;
    }
    const n = b - a;
    if (this.used + n > this.store.length) this.store = copyInto(new Uint8Array(Math.max(this.store.length * 2, this.used + n)), this.store);
    if (e === this.starts.length) {
      this.starts = copyInto(new Int32Array(e * 2), this.starts);
      this.lengths = copyInto(new Int32Array(e * 2), this.lengths);
    }
    this.store.set(bytes.subarray(a, b), this.used);
    this.starts[e] = this.used;
    this.lengths[e] = n;
    this.used += n;
    this.strings.push(text);
    this.slots[slot] = e + 1;
    if ((e + 1) * 2 > this.slots.length) this.rehash();
    return text;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.strings.length; e++) {
      let h = 0x811c9dc5;
      const at = this.starts[e];
      for (let i = at; i < at + this.lengths[e]; i++) h = Math.imul(h ^ this.store[i], 0x01000193);
      let s = h & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = e + 1;
    }
    this.slots = slots;
  }
}

function copyInto<T extends Uint8Array | Int32Array>(to: T, from: T): T {
  to.set(from);
  return to;
}
