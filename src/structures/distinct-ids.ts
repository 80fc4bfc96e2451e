import { IdForm } from './numbered-id.js';
import { NOT_ASCII, StringTable, unitsText } from './string-table.js';
import { grown } from './typed-array.js';

const CHECK_FROM = 1024;
const MAX_BIT = 2 ** 31;

/**
 * An exact count of distinct ids (customer ids for tickets_per_customer).
 *
 * Ids start in a StringTable (ASCII ids by their bytes, no string made: addAscii). When
 * there are enough of them and nearly all are of one numbered form (C1, C2, …, C0000001 or
 * 10300555531549: see numbered-id.ts) with numbers dense enough (a bitmap of at
 * most 16 bytes per id), those move to a bitmap indexed by the number: an add is then one
 * bit, and a merge ORs bits. The bitmap grows only while it stays dense; past that, new
 * numbered ids go to the table and the bitmap stops growing, so an id is always in exactly
 * one place. Small slices (a group with three customers) never leave the table.
 *
 * @example const d = new DistinctIds(); d.add('C1'); d.add('C1'); d.add('x'); d.size // 2
 */
export class DistinctIds {
  table = new StringTable();
  /** Bitmap mode: the form of the ids in bits (null while everything is in the table). */
  private form: IdForm | null = null;
  private bits = new Uint8Array(0);
  private frozen = false;
  private inBits = 0;
  private nextCheck = CHECK_FROM;

  get size(): number {
    return this.inBits + this.table.size;
  }

  add(id: string): void {
    if (this.form !== null) {
      const v = this.form.numberOf(id);
      if (v >= 0 && this.setBit(v)) return;
    }
    this.table.add(id);
    this.check();
  }

  /** add(form.text(v)) for a numbered id, without the string when it lands in the bitmap. */
  addNumbered(form: IdForm, v: number): void {
    if (form.same(this.form) && this.setBit(v)) return;
    this.add(form.text(v));
  }

  /** add() for the id whose text is the ASCII bytes bytes[a, b) (the caller checked; IdValue.setAscii), by its bytes. */
  addAscii(bytes: Uint8Array, a: number, b: number): void {
    if (this.form !== null) {
      const v = this.form.numberAt(bytes, a, b);
      if (v >= 0 && this.setBit(v)) return;
    }
    if (this.table.addAscii(bytes, a, b) === NOT_ASCII) {
      // Not ASCII after all: each byte as one code unit, as IdValue would print it.
      this.add(unitsText(bytes, a, b));
      return;
    }
    this.check();
  }

  /** Tries the bitmap when the table has grown enough since the last try. */
  private check(): void {
    if (this.form === null && this.table.size >= this.nextCheck) this.tryBitmap();
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
    const form = IdForm.of(this.table.get(0));
    if (form === null) return;
    // By the stored bytes, no string per id; stops as soon as more than a tenth are not numbered.
    let numbered = 0, max = 0;
    for (let e = 0; e < n; e++) {
      const v = numberOfEntry(this.table, form, e);
      if (v >= 0) {
        numbered++;
        if (v > max) max = v;
      } else if (e + 1 - numbered > n * 0.1) return;
    }
    if (numbered < n * 0.9 || max >= MAX_BIT || Math.floor(max / 8) + 1 > numbered * 16) return;
    const old = this.table;
    this.table = new StringTable();
    this.form = form;
    this.bits = new Uint8Array(Math.floor(max / 8) + 1);
    for (let e = 0; e < n; e++) {
      const v = numberOfEntry(old, form, e);
      if (v < 0 || !this.setBit(v)) this.table.addEntryOf(old, e);
    }
  }

  merge(other: DistinctIds): void {
    const form = other.form;
    if (form !== null) {
      // Other's bits, as ids of this one (bits when this one has the same form and room).
      if (this.form === null && this.table.size === 0) this.form = form;
      const same = form.same(this.form);
      for (let byte = 0; byte < other.bits.length; byte++) {
        const b = other.bits[byte];
        if (b === 0) continue;
        for (let k = 0; k < 8; k++) {
          if ((b & (1 << k)) === 0) continue;
          const v = byte * 8 + k;
          if (!same || !this.setBit(v)) this.add(form.text(v));
        }
      }
    }
    if (this.form === null) {
      // Table to table: the stored text and hashes are copied, no string is made.
      for (let e = 0; e < other.table.size; e++) {
        this.table.addEntryOf(other.table, e);
        if (this.table.size >= this.nextCheck) {
          this.tryBitmap();
          if (this.form !== null) {
            for (let f = e + 1; f < other.table.size; f++) this.add(other.table.get(f));
            return;
          }
        }
      }
    } else for (let e = 0; e < other.table.size; e++) this.add(other.table.get(e));
  }

  /** The buffers to transfer between threads. */
  buffers(): ArrayBuffer[] {
    return [this.bits.buffer as ArrayBuffer, ...this.table.buffers()];
  }

  /** Gives back its methods after a thread boundary. */
  static revive(o: DistinctIds): DistinctIds {
    Object.setPrototypeOf(o, DistinctIds.prototype);
    Object.setPrototypeOf(o.table, StringTable.prototype);
    if (o.form !== null) Object.setPrototypeOf(o.form, IdForm.prototype);
    return o;
  }
}

/** The number of table's entry e under form, or −1 (by its stored bytes while they are 8-bit). */
function numberOfEntry(table: StringTable, form: IdForm, e: number): number {
  const units = table.unitsOf(e);
  return units instanceof Uint8Array ? form.numberAt(units, 0, units.length) : form.numberOf(table.get(e));
}
