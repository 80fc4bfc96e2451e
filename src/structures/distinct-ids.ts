import { idPrefix, numberedId } from './numbered-id.js';
import { StringTable } from './string-table.js';
import { grown } from './typed-array.js';

const CHECK_FROM = 1024;
const MAX_BIT = 2 ** 31;

/**
 * An exact count of distinct ids (customer ids for tickets_per_customer).
 *
 * Ids start in a StringTable. When there are enough of them and nearly all are a common
 * prefix plus a number (C1, C2, … or 10300555531549) that are dense enough (a bitmap of at
 * most 16 bytes per id), those move to a bitmap indexed by the number: an add is then one
 * bit, and a merge ORs bits. The bitmap grows only while it stays dense; past that, new
 * numbered ids go to the table and the bitmap stops growing, so an id is always in exactly
 * one place. Small slices (a group with three customers) never leave the table.
 *
 * @example const d = new DistinctIds(); d.add('C1'); d.add('C1'); d.add('x'); d.size // 2
 */
export class DistinctIds {
  table = new StringTable();
  /** Bitmap mode: the prefix of the ids in bits (null while everything is in the table). */
  private prefix: string | null = null;
  private bits = new Uint8Array(0);
  private frozen = false;
  private inBits = 0;
  private nextCheck = CHECK_FROM;

  get size(): number {
    return this.inBits + this.table.size;
  }

  add(id: string): void {
    if (this.prefix !== null) {
      const v = numberedId(id, this.prefix);
      if (v >= 0 && this.setBit(v)) return;
    }
    this.table.add(id);
    if (this.prefix === null && this.table.size >= this.nextCheck) this.tryBitmap();
  }

  /** add(prefix + v) for a numbered id (numberedId(prefix + v, prefix) === v), without the string when it lands in the bitmap. */
  addNumbered(prefix: string, v: number): void {
    if (this.prefix === prefix && this.setBit(v)) return;
    this.add(prefix + String(v));
  }

  /** Sets bit v if the bitmap covers it (growing it while dense); false when v belongs in the table. */
  private setBit(v: number): boolean {
    if (v >= this.bits.length * 8) {
      // Numbers past 2^31 (14-digit ids) never fit a dense bitmap; the bit operations below need int32.
      const need = v < MAX_BIT ? Math.floor(v / 8) + 1 : Infinity;
      if (this.frozen || need > Math.max(4096, (this.inBits + 1) * 16)) {
        this.frozen = true;
        return false;
      }
      this.bits = grown(this.bits, need);
    }
    const byte = v >> 3, mask = 1 << (v & 7);
    if ((this.bits[byte] & mask) === 0) {
      this.bits[byte] |= mask;
      this.inBits++;
    }
    return true;
  }

  /** Moves the numbered ids to a bitmap when nearly all ids are numbered with one prefix, densely. */
  private tryBitmap(): void {
    this.nextCheck = this.table.size * 2;
    const n = this.table.size;
    const first = this.table.get(0);
    if (numberedId(first, null) < 0) return;
    const prefix = idPrefix(first);
    let numbered = 0, max = 0;
    for (let e = 0; e < n; e++) {
      const v = numberedId(this.table.get(e), prefix);
      if (v >= 0) {
        numbered++;
        if (v > max) max = v;
      }
    }
    if (numbered < n * 0.9 || max >= MAX_BIT || Math.floor(max / 8) + 1 > numbered * 16) return;
    const old = this.table;
    this.table = new StringTable();
    this.prefix = prefix;
    this.bits = new Uint8Array(Math.floor(max / 8) + 1);
    for (let e = 0; e < n; e++) {
      const id = old.get(e);
      const v = numberedId(id, prefix);
      if (v < 0 || !this.setBit(v)) this.table.add(id);
    }
  }

  merge(other: DistinctIds): void {
    if (other.prefix !== null) {
      // Other's bits, as ids of this one (bits when this one has the same prefix and room).
      if (this.prefix === null && this.table.size === 0) this.prefix = other.prefix;
      for (let byte = 0; byte < other.bits.length; byte++) {
        const b = other.bits[byte];
        if (b === 0) continue;
        for (let k = 0; k < 8; k++) {
          if ((b & (1 << k)) === 0) continue;
          const v = byte * 8 + k;
          if (this.prefix !== other.prefix || !this.setBit(v)) this.add(other.prefix + String(v));
        }
      }
    }
    for (let e = 0; e < other.table.size; e++) this.add(other.table.get(e));
  }

  /** The buffers to transfer between threads. */
  buffers(): ArrayBuffer[] {
    return [this.bits.buffer as ArrayBuffer, ...this.table.buffers()];
  }

  /** Gives back its methods after a thread boundary. */
  static revive(o: DistinctIds): DistinctIds {
    Object.setPrototypeOf(o, DistinctIds.prototype);
    Object.setPrototypeOf(o.table, StringTable.prototype);
    return o;
  }
}
