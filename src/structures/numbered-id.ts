/**
 * Numbered ids: a prefix, then digits (at most 15). Two forms, each a bijection between ids
 * and (prefix, number), which lets tables of ids store numbers instead of strings:
 * - unpadded (width 0): no leading zero (`T7`, `10300555531549`);
 * - zero-padded to a fixed width W: exactly W digits (`TK00000007`, `INC0010001`: W 8 and 7).
 * An id of another form (another prefix, another width, a leading zero when unpadded) is
 * not numbered under this one: it is compared as text, so every answer stays exact.
 */

/** The last-digits range of s[a, b): the index where the (at most 15) trailing digits start. */
function digitsFrom(s: Uint8Array | string, a: number, b: number): number {
  let k = b;
  if (typeof s === 'string') {
    while (k > a && k > b - 15) {
      const c = s.charCodeAt(k - 1) - 48;
      if (c < 0 || c > 9) break;
      k--;
    }
  } else {
    while (k > a && k > b - 15) {
      const c = s[k - 1] - 48;
      if (c < 0 || c > 9) break;
      k--;
    }
  }
  return k;
}

/**
 * The number of an id of the form prefix + digits (width 0: at most 15, no leading zero;
 * width W: exactly W), where the prefix must equal `prefix` (any prefix, width 0, when null);
 * −1 for other ids.
 *
 * @example numberedId('T123', 'T') // 123
 * @example numberedId('T0123', 'T') // −1 (leading zero)
 * @example numberedId('T0123', 'T', 4) // 123
 */
export function numberedId(id: string, prefix: string | null, width = 0): number {
  const n = id.length;
  const k = digitsFrom(id, 0, n);
  if (k === n) return -1;
  if (width === 0 ? k < n - 1 && id.charCodeAt(k) === 48 : n - k !== width) return -1;
  if (prefix !== null && (k !== prefix.length || !id.startsWith(prefix))) return -1;
  let v = 0;
  for (let i = k; i < n; i++) v = v * 10 + (id.charCodeAt(i) - 48);
  return v;
}

/**
 * numberedId on an id given as ASCII bytes s[a, b), for a known prefix: the same rule,
 * without making a string of the id.
 *
 * @example numberedIdAt(Buffer.from('C42'), 0, 3, 'C') // 42
 */
export function numberedIdAt(s: Uint8Array, a: number, b: number, prefix: string, width = 0): number {
  const k = digitsFrom(s, a, b);
  if (k === b) return -1;
  if (width === 0 ? k < b - 1 && s[k] === 48 : b - k !== width) return -1;
  if (k - a !== prefix.length) return -1;
  for (let i = 0; i < prefix.length; i++) if (s[a + i] !== prefix.charCodeAt(i)) return -1;
  let v = 0;
  for (let i = k; i < b; i++) v = v * 10 + (s[i] - 48);
  return v;
}

/**
 * One form of numbered ids: a prefix and a width (0: unpadded). Immutable; two forms are
 * the same when their prefix and width are (same()), also across a thread boundary.
 *
 * @example new IdForm('TK', 8).text(7) // 'TK00000007'
 */
export class IdForm {
  constructor(
    readonly prefix: string,
    readonly width: number,
  ) {}

  /** The form of a numbered id (learnt from an example), or null when it has no trailing digits. */
  static of(id: string): IdForm | null {
    const n = id.length;
    const k = digitsFrom(id, 0, n);
    if (k === n) return null;
    // A leading zero (not a lone "0") says the ids are padded to this many digits.
    return new IdForm(id.slice(0, k), n - k > 1 && id.charCodeAt(k) === 48 ? n - k : 0);
  }

  /** The id with number v. */
  text(v: number): string {
    const d = String(v);
    return this.prefix + (d.length < this.width ? '0'.repeat(this.width - d.length) + d : d);
  }

  /**
   * Writes text(v) into `into` as bytes, with no string made: its length, or −1 when the
   * prefix is not ASCII or `into` is too short.
   */
  writeText(v: number, into: Uint8Array): number {
    const p = this.prefix;
    let digits = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
    const width = Math.max(digits, this.width);
    const n = p.length + width;
    if (n > into.length) return -1;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c >= 0x80) return -1;
      into[i] = c;
    }
    let x = v;
    for (let i = n - 1; i >= p.length; i--) {
      into[i] = 48 + (x % 10);
      x = Math.floor(x / 10);
    }
    return n;
  }

  /** The number of id under this form, or −1. */
  numberOf(id: string): number {
    return numberedId(id, this.prefix, this.width);
  }

  /** numberOf for the ASCII bytes s[a, b). */
  numberAt(s: Uint8Array, a: number, b: number): number {
    return numberedIdAt(s, a, b, this.prefix, this.width);
  }

  same(other: IdForm | null): boolean {
    return other !== null && other.prefix === this.prefix && other.width === this.width;
  }
}

/**
 * The numbering of one column's ids: the form of its first numbered id (unpadded or
 * zero-padded), then each id's number under that form, from its text or its bytes.
 *
 * @example const n = new IdNumbering(); n.ofText('T7') // 7; n.prefix // 'T'; n.ofText('X7') // −1
 */
export class IdNumbering {
  form: IdForm | null = null;

  /** The prefix of the form (null until the first numbered id). */
  get prefix(): string | null {
    return this.form?.prefix ?? null;
  }

  /** The number of id under the form learnt from the first numbered id. */
  ofText(id: string): number {
    if (this.form === null) {
      const f = IdForm.of(id);
      if (f === null) return -1;
      this.form = f;
    }
    return this.form.numberOf(id);
  }

  /** ofText for the ASCII bytes s[a, b); decode makes their text only while no form is known. */
  ofBytes(s: Uint8Array, a: number, b: number, decode: (a: number, b: number) => string): number {
    if (this.form !== null) return this.form.numberAt(s, a, b);
    // No trailing digit: not numbered, and nothing to learn (e-mail addresses stay bytes).
    return digitsFrom(s, a, b) === b ? -1 : this.ofText(decode(a, b));
  }

  /** Gives back its methods after a thread boundary. */
  static revive(o: IdNumbering): IdNumbering {
    Object.setPrototypeOf(o, IdNumbering.prototype);
    if (o.form !== null) Object.setPrototypeOf(o.form, IdForm.prototype);
    return o;
  }
}

/** The prefix of a numbered id (call after numberedId(id, null) ≥ 0). */
export function idPrefix(id: string): string {
  return id.slice(0, digitsFrom(id, 0, id.length));
}
