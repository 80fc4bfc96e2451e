import { NOT_ASCII, StringTable } from './string-table.js';
import { IdNumbering } from './numbered-id.js';
import type { IdForm } from './numbered-id.js';
import { grown } from './typed-array.js';

/** Numbers that arrived in one direction (up: increasing, down: decreasing), each with its line. */
class Run {
  values = new Float64Array(1024);
  lines = new Int32Array(1024);
  count = 0;

  constructor(readonly up: boolean) {}

  get last(): number {
    return this.values[this.count - 1];
  }

  push(v: number, line: number): void {
    if (this.count === this.values.length) {
      this.values = grown(this.values, this.count + 1);
      this.lines = grown(this.lines, this.count + 1);
    }
    this.values[this.count] = v;
    this.lines[this.count++] = line;
  }

  /** The position of v (binary search), or −1. */
  find(v: number): number {
    let lo = 0, hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.values[mid];
      if (x === v) return mid;
      if (x < v === this.up) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The k-th smallest value (runs are sorted, one way or the other). */
  ascending(k: number): number {
    return this.values[this.up ? k : this.count - 1 - k];
  }
}

/** Whether two runs hold a common value: one comparison when their ranges are apart, else a sorted walk. */
function intersects(a: Run, b: Run): boolean {
  if (a.count === 0 || b.count === 0) return false;
  if (a.ascending(0) > b.ascending(b.count - 1) || b.ascending(0) > a.ascending(a.count - 1)) return false;
  for (let i = 0, j = 0; i < a.count && j < b.count; ) {
    const x = a.ascending(i), y = b.ascending(j);
    if (x === y) return true;
    if (x < y) i++;
    else j++;
  }
  return false;
}

function endsInDigit(units: Uint8Array): boolean {
  const c = units.length > 0 ? units[units.length - 1] : 0;
  return c >= 48 && c <= 57;
}

/**
 * Every ticket id seen (across all tickets files) with the line of its first row.
 *
 * Most exports number their tickets in order, oldest or newest first (`1, 2, 3…`, `T1, T2…`,
 * `INC0000045…`, Zendesk's newest-first). Ids of one numbered form — a fixed prefix, then
 * digits without a leading zero or zero-padded to a fixed width (numbered-id.ts) — that go
 * on rising past the highest so far, or falling below the lowest, cannot repeat an earlier
 * one: they only append to one of two sorted runs of numbers (12 bytes each, no hashing).
 * The others (UUIDs, e-mails, shuffled numbers) go to a StringTable, by their bytes where
 * they lie when ASCII (seeAscii: no string made); a numbered id in between is looked up in
 * both runs first. Exact either way; just much cheaper for the common cases. Invariant:
 * every numbered id in the table lies between the two runs' ends.
 */
export class TicketIds {
  readonly table = new StringTable();
  private lines = new Int32Array(1024);
  /** Which ids are numbered, and their prefix (null until the first one). */
  private readonly numbering = new IdNumbering();
  private up = new Run(true);
  private down = new Run(false);

  /** The prefix of the numbered ids (null until the first one). */
  get prefix(): string | null {
    return this.numbering.prefix;
  }

  /** The form of the numbered ids (null until the first one). */
  get form(): IdForm | null {
    return this.numbering.form;
  }

  /** How many ids went to the two runs (the rest are in table). */
  get numbered(): number {
    return this.up.count + this.down.count;
  }

  /**
   * The tickets files read, each with the number added to its line numbers: the lines of all
   * files are one sequence here, so an id seen in another file can be named with its file.
   */
  private files: { name: string; base: number }[] = [];
  private nextBase = 0;

  /** Starts a file; returns the number to add to its line numbers. */
  startFile(name: string): number {
    this.files.push({ name, base: this.nextBase });
    return this.nextBase;
  }

  /** Ends the file started last, all of whose lines were below `lines`. */
  endFile(lines: number): void {
    this.nextBase += lines;
  }

  /** The file and line of a line returned by see or seeNumber. */
  origin(line: number): { file: string; line: number } {
    for (let i = this.files.length - 1; i >= 0; i--) {
      const f = this.files[i];
      if (line > f.base) return { file: f.name, line: line - f.base };
    }
    return { file: this.files[0]?.name ?? '', line };
  }

  /** Records id at line; returns the line of an earlier row with the same id, or 0. */
  see(id: string, line: number): number {
    const v = this.numbering.ofText(id);
    if (v < 0) return this.seeInTable(id, line);
    return this.seeNumber(v, () => id, line);
  }

  /** The number of the id in the ASCII bytes bytes[a, b) (trimmed), or −1 when it is not numbered (IdNumbering.ofBytes). */
  numberAt(bytes: Uint8Array, a: number, b: number, decode: (a: number, b: number) => string): number {
    return this.numbering.ofBytes(bytes, a, b, decode);
  }

  /**
   * see() for the id whose text is the ASCII bytes bytes[a, b), when numberAt said it is not
   * numbered (−1): by its bytes, no string made. NOT_ASCII when a byte is not ASCII: then
   * the caller sees the decoded text.
   */
  seeAscii(bytes: Uint8Array, a: number, b: number, line: number): number {
    const e = this.table.addAscii(bytes, a, b);
    return e === NOT_ASCII ? NOT_ASCII : this.placed(e, line);
  }

  /** see() for a numbered id already turned into its number v; text gives the id when needed. */
  seeNumber(v: number, text: () => string, line: number): number {
    const up = this.up, down = this.down;
    if (up.count === 0 || v > up.last) {
      up.push(v, line);
      return 0;
    }
    if (v < (down.count > 0 ? down.last : up.values[0])) {
      down.push(v, line);
      return 0;
    }
    // In between: it may be in either run, or an earlier in-between one (table).
    let at = up.find(v);
    if (at >= 0) return up.lines[at];
    at = down.find(v);
    if (at >= 0) return down.lines[at];
    // Into the table as the bytes of its text (shuffled exports: most ids land here), no string made.
    const n = this.form!.writeText(v, this.scratch);
    return n < 0 ? this.seeInTable(text(), line) : this.placed(this.table.addAscii(this.scratch, 0, n), line);
  }

  /** Room for the text of an in-between numbered id (prefix + digits). */
  private scratch = new Uint8Array(256);

  private seeInTable(id: string, line: number): number {
    return this.placed(this.table.add(id), line);
  }

  /** The line of the table's entry e when it existed (e < 0), else records line for the new entry. */
  private placed(e: number, line: number): number {
    if (e < 0) return this.lines[-e - 1];
    if (e >= this.lines.length) this.lines = grown(this.lines, e + 1);
    this.lines[e] = line;
    return 0;
  }

  /**
   * Whether other (the ids of another part of the file, read apart) holds an id this one
   * holds. Exact; string-free and one comparison a run in the usual case (each part's ids
   * in order, the parts' ranges apart); ids in the tables are compared as text.
   */
  shares(other: TicketIds): boolean {
    // A pass over the smaller table, looking each entry up in the larger by its stored bytes.
    const [small, large] = this.table.size <= other.table.size ? [this.table, other.table] : [other.table, this.table];
    if (small.size > 0 && large.firstShared(small) >= 0) return true;
    if (this.numbersIn(other.table) || other.numbersIn(this.table)) return true;
    if (this.numbered === 0 || other.numbered === 0 || !this.form!.same(other.form)) return false;
    for (const a of [this.up, this.down]) for (const b of [other.up, other.down]) if (intersects(a, b)) return true;
    return false;
  }

  /** Whether one of this one's numbered ids is in table (as text); walks the smaller side. */
  private numbersIn(table: StringTable): boolean {
    if (this.numbered === 0 || table.size === 0) return false;
    const form = this.form!;
    if (table.size < this.numbered) {
      for (let e = 0; e < table.size; e++) {
        const units = table.unitsOf(e);
        const v = units instanceof Uint8Array ? form.numberAt(units, 0, units.length) : form.numberOf(table.get(e));
        if (v >= 0 && (this.up.find(v) >= 0 || this.down.find(v) >= 0)) return true;
      }
      return false;
    }
    for (const run of [this.up, this.down]) {
      for (let i = 0; i < run.count; i++) if (table.indexOf(form.text(run.values[i])) >= 0) return true;
    }
    return false;
  }

  /**
   * Takes in the ids of the part of the file right after this one (read apart, its lines
   * counted from 1): what one reader of both parts would hold. False, changing nothing,
   * when the two share an id: then only a sequential read gives the messages and the
   * "first row stays" rule exactly.
   */
  append(other: TicketIds, lineOffset: number): boolean {
    if (this.shares(other)) return false;
    // Other's numbers in the order one reader would have met them is not known, but their
    // sorted order is: when they all lie past this one's highest (or lowest), they extend
    // that run as a block. Otherwise each goes where see() puts it.
    const same = this.numbered === 0 || (other.form !== null && other.form.same(this.form));
    const lo = other.numbered > 0 ? Math.min(other.up.count ? other.up.values[0] : Infinity, other.down.count ? other.down.last : Infinity) : 0;
    const hi = other.numbered > 0 ? Math.max(other.up.count ? other.up.last : -Infinity, other.down.count ? other.down.values[0] : -Infinity) : 0;
    const runs = [other.down, other.up];
    if (other.numbered > 0 && same && (this.up.count === 0 || lo > this.up.last)) {
      // Ascending: other's down run read backwards, then its up run.
      for (const r of runs) for (let k = 0; k < r.count; k++) this.up.push(r.ascending(k), r.lines[r.up ? k : r.count - 1 - k] + lineOffset);
      this.numbering.form ??= other.form;
    } else if (other.numbered > 0 && same && hi < (this.down.count > 0 ? this.down.last : this.up.values[0])) {
      // Descending: other's up run read backwards, then its down run.
      for (const r of [other.up, other.down]) {
        for (let k = r.count - 1; k >= 0; k--) this.down.push(r.ascending(k), r.lines[r.up ? k : r.count - 1 - k] + lineOffset);
      }
    } else {
      for (const r of runs) for (let k = 0; k < r.count; k++) this.see(other.form!.text(r.values[k]), r.lines[k] + lineOffset);
    }
    // Other's table by its stored bytes: looked up as numbers when they are of this one's
    // form, else copied with their hash (a string only to learn a form not yet known).
    for (let e = 0; e < other.table.size; e++) {
      const line = other.lines[e] + lineOffset;
      const units = other.table.unitsOf(e);
      const form = this.form;
      const v = units instanceof Uint8Array && form !== null ? form.numberAt(units, 0, units.length) : -1;
      if (v >= 0) this.seeNumber(v, () => other.table.get(e), line);
      else if (units instanceof Uint8Array && (form !== null || !endsInDigit(units))) this.placed(this.table.addEntryOf(other.table, e), line);
      else this.see(other.table.get(e), line);
    }
    return true;
  }

  /** The buffers to transfer between threads. */
  buffers(): ArrayBuffer[] {
    const b = [this.lines.buffer, this.up.values.buffer, this.up.lines.buffer, this.down.values.buffer, this.down.lines.buffer];
    return [...(b as ArrayBuffer[]), ...this.table.buffers()];
  }

  /** Gives back its methods to a TicketIds that crossed a thread boundary. */
  static revive(o: TicketIds): TicketIds {
    Object.setPrototypeOf(o, TicketIds.prototype);
    Object.setPrototypeOf(o.table, StringTable.prototype);
    IdNumbering.revive(o.numbering);
    Object.setPrototypeOf(o.up, Run.prototype);
    Object.setPrototypeOf(o.down, Run.prototype);
    return o;
  }
}
