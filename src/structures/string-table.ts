import { grown } from './typed-array.js';

/** StringTable.addAscii's answer for bytes that are not all ASCII. */
export const NOT_ASCII = -(2 ** 31);

/**
 * A set of strings in flat typed arrays: the text of every entry in one arena, an
 * open-addressing hash table of entry numbers. Millions of short ids (ticket ids for
 * duplicate detection, customer ids for distinct counts) cost ~3× less memory and time
 * than a Map or Set of strings. Entries are numbered 0, 1, 2… in insertion order.
 * add is amortised O(length of the string).
 *
 * @example const t = new StringTable(); t.add('a') // 0 (new); t.add('a') // -1 (entry 0 exists: −(0 + 1))
 */
export class StringTable {
  // Initial arrays of at most 64 bytes, which V8 keeps in its own heap: larger ones are
  // external buffers, slow to make by the hundred thousand (a table in every group of --by).
  private arena8: Uint8Array | null = new Uint8Array(64);
  private arena16: Uint16Array | null = null;
  private used = 0;
  private starts = new Int32Array(16);
  private hashes = new Int32Array(16);
  /** Pairs (entry + 1, hash): a probe reads one cache line; 0 marks an empty slot. */
  private slots = new Int32Array(16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds s: returns its new entry number (≥ 0), or −(number + 1) of the entry that already holds it. */
  add(s: string): number {
    const n = s.length;
    const h = hashOf(s);
    const found = this.probe(h, s);
    if (found >= 0) return -found - 1;
    // Insert.
    if (this.arena16 === null) {
      for (let i = 0; i < n; i++) {
        if (s.charCodeAt(i) > 255) {
          this.widen();
          break;
        }
      }
    }
    const at = this.used;
    const e = this.append(h, n);
    if (this.arena16 !== null) for (let i = 0; i < n; i++) this.arena16[at + i] = s.charCodeAt(i);
    else for (let i = 0; i < n; i++) this.arena8![at + i] = s.charCodeAt(i);
    return e;
  }

  /** The entry holding s, or −1. */
  indexOf(s: string): number {
    return this.probe(hashOf(s), s);
  }

  private probe(h: number, s: string): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slots[slot << 1] - 1;
      if (e < 0) return -1;
      if (slots[(slot << 1) + 1] === h && this.equals(e, s)) return e;
    }
  }

  /** The string of entry e. */
  get(e: number): string {
    const a = this.starts[e], b = this.starts[e + 1];
    return unitsText(this.arena16 ?? this.arena8!, a, b);
  }

  /** The first entry of other that this table also holds, or −1; compares the stored text, builds no strings. */
  firstShared(other: StringTable): number {
    const theirs = other.arena16 ?? other.arena8!;
    for (let e = 0; e < other.count; e++) {
      if (this.findUnits(other.hashes[e], theirs, other.starts[e], other.starts[e + 1]) >= 0) return e;
    }
    return -1;
  }

  /** Adds every entry of other, copying the stored text (no strings are built). */
  merge(other: StringTable): void {
    if (other.arena16 !== null && this.arena16 === null) this.widen();
    const theirs = other.arena16 ?? other.arena8!;
    for (let e = 0; e < other.count; e++) {
      const h = other.hashes[e], a = other.starts[e], b = other.starts[e + 1];
      if (this.findUnits(h, theirs, a, b) < 0) this.insert(h, theirs.subarray(a, b));
    }
  }

  /**
   * The entry holding bytes[a, b) taken as code units (one a byte), or −1; with addUnits, a
   * table of byte strings that never become JS strings (src/input/interner.ts).
   */
  findBytes(bytes: Uint8Array, a: number, b: number): number {
    return this.findUnits(hashOfUnits(bytes, a, b), bytes, a, b);
  }

  /**
   * add() for the string whose code units are the ASCII bytes bytes[a, b), without making it:
   * its new entry number (≥ 0), −(number + 1) of the entry that holds it, or NOT_ASCII (a
   * byte ≥ 0x80, whose code unit depends on the encoding: the caller adds the decoded text).
   * Hashes and compares the bytes where they lie; the text is copied only when new.
   */
  addAscii(bytes: Uint8Array, a: number, b: number): number {
    let h = 0x811c9dc5 | 0, high = 0;
    for (let i = a; i < b; i++) {
      const c = bytes[i];
      high |= c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (high >= 0x80) return NOT_ASCII;
    const arena = this.arena8;
    if (arena === null) {
      const found = this.findUnits(h, bytes, a, b);
      return found >= 0 ? -found - 1 : this.insert(h, bytes.subarray(a, b));
    }
    // The common case, 8-bit arena, written out: one element type on each side keeps the
    // compare loop monomorphic (findUnits sees Buffers, arenas of both widths).
    const slots = this.slots, starts = this.starts;
    const mask = (slots.length >> 1) - 1;
    const len = b - a;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const x = slots[slot << 1] - 1;
      if (x < 0) break;
      if (slots[(slot << 1) + 1] !== h) continue;
      const at = starts[x];
      if (starts[x + 1] - at !== len) continue;
      let i = 0;
      while (i < len && arena[at + i] === bytes[a + i]) i++;
      if (i === len) return -x - 1;
    }
    const at = this.used;
    const e = this.append(h, len);
    const into = this.arena8!;
    for (let i = 0; i < len; i++) into[at + i] = bytes[a + i];
    return e;
  }

  /** add() for entry e of other, copying its stored text and hash (no string is made). */
  addEntryOf(other: StringTable, e: number): number {
    if (other.arena16 !== null && this.arena16 === null) this.widen();
    const theirs = other.arena16 ?? other.arena8!;
    const h = other.hashes[e], a = other.starts[e], b = other.starts[e + 1];
    const found = this.findUnits(h, theirs, a, b);
    return found >= 0 ? -found - 1 : this.insert(h, theirs.subarray(a, b));
  }

  /** The code units of entry e (8-bit while every entry is below U+0100), for byte-wise checks. */
  unitsOf(e: number): Uint8Array | Uint16Array {
    return (this.arena16 ?? this.arena8!).subarray(this.starts[e], this.starts[e + 1]);
  }

  /** Adds bytes[a, b) as code units (the caller checked they are absent): the new entry's number. */
  addBytes(bytes: Uint8Array, a: number, b: number): number {
    return this.insert(hashOfUnits(bytes, a, b), bytes.subarray(a, b));
  }

  /** The entry holding the code units units[a, b) with hash h, or −1. */
  private findUnits(h: number, units: Uint8Array | Uint16Array, a: number, b: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const mine = this.arena16 ?? this.arena8!;
    const len = b - a;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const x = slots[slot << 1] - 1;
      if (x < 0) return -1;
      if (slots[(slot << 1) + 1] !== h) continue;
      const at = this.starts[x];
      if (this.starts[x + 1] - at !== len) continue;
      let same = true;
      for (let i = 0; i < len && same; i++) same = mine[at + i] === units[a + i];
      if (same) return x;
    }
  }

  /** Appends an entry whose text is already code units (the caller checked it is absent). */
  private insert(h: number, units: Uint8Array | Uint16Array): number {
    const at = this.used;
    const e = this.append(h, units.length);
    (this.arena16 ?? this.arena8!).set(units, at);
    return e;
  }

  /** Makes entry number `count` with hash h and room for n code units at the arena's end (filled by the caller). */
  private append(h: number, n: number): number {
    this.reserve(n);
    const e = this.count;
    if (e + 1 >= this.starts.length) this.growEntries();
    this.starts[e] = this.used;
    this.hashes[e] = h;
    this.used += n;
    this.starts[e + 1] = this.used;
    this.count++;
    this.place(e);
    if (this.count * 4 > this.slots.length) this.rehash();
    return e;
  }

  /** The typed arrays holding the table, to transfer to another thread instead of copying them. */
  buffers(): ArrayBuffer[] {
    return [this.arena8?.buffer, this.arena16?.buffer, this.starts.buffer, this.hashes.buffer, this.slots.buffer].filter(
      (b): b is ArrayBuffer => b instanceof ArrayBuffer,
    );
  }

  private equals(e: number, s: string): boolean {
    const a = this.starts[e];
    if (this.starts[e + 1] - a !== s.length) return false;
    const arena = this.arena16 ?? this.arena8!;
    for (let i = 0; i < s.length; i++) if (arena[a + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  private place(e: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const h = this.hashes[e];
    let slot = h & mask;
    while (slots[slot << 1] !== 0) slot = (slot + 1) & mask;
    slots[slot << 1] = e + 1;
    slots[(slot << 1) + 1] = h;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.count; e++) this.place(e);
  }

  private reserve(n: number): void {
    const need = this.used + n;
    if (this.arena16 !== null) {
      if (need > this.arena16.length) this.arena16 = grown(this.arena16, need, this.used);
    } else if (need > this.arena8!.length) this.arena8 = grown(this.arena8!, need, this.used);
  }

  /** Switches the arena to 16-bit code units on the first character above U+00FF. */
  private widen(): void {
    const next = new Uint16Array(Math.max(this.arena8!.length, 32));
    next.set(this.arena8!.subarray(0, this.used));
    this.arena16 = next;
    this.arena8 = null;
  }

  private growEntries(): void {
    this.starts = grown(this.starts, this.starts.length + 1);
    this.hashes = grown(this.hashes, this.hashes.length + 1);
  }
}

/** The string whose code units are units[a, b) (for ASCII bytes: their text). */
export function unitsText(units: Uint8Array | Uint16Array, a: number, b: number): string {
  let s = '';
  for (let i = a; i < b; i += 4096) s += String.fromCharCode.apply(null, Array.from(units.subarray(i, Math.min(b, i + 4096))));
  return s;
}

/** FNV-1a over the UTF-16 code units (the hash findUnits compares too). */
function hashOf(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** hashOf over code units units[a, b). */
function hashOfUnits(units: Uint8Array | Uint16Array, a: number, b: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = a; i < b; i++) h = Math.imul(h ^ units[i], 0x01000193);
  return h;
}
