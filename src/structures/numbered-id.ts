/**
 * The number of an id of the form prefix + digits (at most 15, no leading zero), where
 * the prefix must equal `prefix` (any prefix when null); −1 for other ids. Two ids of this
 * form are equal exactly when their prefixes and numbers are, which lets tables of ids
 * store numbers instead of strings. Also returns the prefix length via `out`.
 *
 * @example numberedId('T123', 'T') // 123
 * @example numberedId('T0123', 'T') // −1 (leading zero)
 */
export function numberedId(id: string, prefix: string | null): number {
  const n = id.length;
  let k = n;
  while (k > 0 && k > n - 15) {
    const c = id.charCodeAt(k - 1) - 48;
    if (c < 0 || c > 9) break;
    k--;
  }
  if (k === n || (k < n - 1 && id.charCodeAt(k) === 48)) return -1;
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
export function numberedIdAt(s: Uint8Array, a: number, b: number, prefix: string): number {
  let k = b;
  while (k > a && k > b - 15) {
    const c = s[k - 1] - 48;
    if (c < 0 || c > 9) break;
    k--;
  }
  if (k === b || (k < b - 1 && s[k] === 48)) return -1;
  if (k - a !== prefix.length) return -1;
  for (let i = 0; i < prefix.length; i++) if (s[a + i] !== prefix.charCodeAt(i)) return -1;
  let v = 0;
  for (let i = k; i < b; i++) v = v * 10 + (s[i] - 48);
  return v;
}

/**
 * The numbering of one column's ids: the prefix of its first numbered id, then each id's
 * number under that prefix (numberedId), from its text or its bytes.
 *
 * @example const n = new IdNumbering(); n.ofText('T7') // 7; n.prefix // 'T'; n.ofText('X7') // −1
 */
export class IdNumbering {
  prefix: string | null = null;

  /** numberedId(id, prefix), the prefix learnt from the first numbered id. */
  ofText(id: string): number {
    const v = numberedId(id, this.prefix);
    if (v >= 0 && this.prefix === null) this.prefix = idPrefix(id);
    return v;
  }

  /** ofText for the ASCII bytes s[a, b); decode makes their text only while no prefix is known. */
  ofBytes(s: Uint8Array, a: number, b: number, decode: (a: number, b: number) => string): number {
    return this.prefix === null ? this.ofText(decode(a, b)) : numberedIdAt(s, a, b, this.prefix);
  }
}

/** The prefix of a numbered id (call after numberedId(id, null) ≥ 0). */
export function idPrefix(id: string): string {
  let k = id.length;
  while (k > 0 && k > id.length - 15 && id.charCodeAt(k - 1) >= 48 && id.charCodeAt(k - 1) <= 57) k--;
  return id.slice(0, k);
}
