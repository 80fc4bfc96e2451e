import { StringTable } from './string-table.js';

/**
 * The strings of a column with few distinct values (status, channel, agent, team…) looked up
 * by their bytes: the same bytes give the same string object, so a row costs a hash and a
 * compare instead of a new string, and later Map look-ups on it reuse its cached hash.
 * The bytes live in a StringTable (entry numbers in insertion order), the strings beside it.
 *
 * Past MAX_DISTINCT values the column is not what this is for (free text, ids): it stops
 * storing and get() decodes every cell, as if it did not exist.
 *
 * Cost: O(length of the cell) per get; memory O(distinct values) up to the cap.
 */
const MAX_DISTINCT = 4096;

export class Interner {
  private readonly bytes = new StringTable();
  private readonly strings: string[] = [];
  private full = false;

  /** The string of bytes[a, b); decode makes it the first time those bytes are seen. */
  get(bytes: Uint8Array, a: number, b: number, decode: (a: number, b: number) => string): string {
    if (this.full) return decode(a, b);
    const e = this.bytes.findBytes(bytes, a, b);
    if (e >= 0) return this.strings[e];
    const text = decode(a, b);
    if (this.strings.length >= MAX_DISTINCT) this.full = true;
    else {
      this.bytes.addBytes(bytes, a, b);
      this.strings.push(text);
    }
    return text;
  }
}
