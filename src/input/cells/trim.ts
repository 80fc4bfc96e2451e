/**
 * Trimming exactly as String.prototype.trim does — ASCII tab, LF, VT, FF, CR and space, and
 * the Unicode spaces U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000
 * and U+FEFF — on strings and on the bytes of a record (UTF-8, or Latin-1/Windows-1252,
 * whose only such byte beyond ASCII is 0xA0). A cell must read the same whichever path read
 * it: a no-break space after `solved` copied from a web page is still `solved`, and a
 * control character such as U+001F, which trim() keeps, is kept on both paths.
 */
import type { Encoding } from '../csv/encoding.js';

/**
 * Every character String.prototype.trim removes, as one string: for code that trims outside
 * JavaScript (the DuckDB engine's SQL) and must remove the same ones.
 */
export const TRIMMED_CHARACTERS = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** Whether trim() may remove the character with this code at a string's edge. */
export function maybeSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code >= 0x1680;
}

/** Whether trim() removes the ASCII byte c. */
function asciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The length of the UTF-8 space that starts at s[i] (within s[i, end)), or 0. */
function utf8SpaceAt(s: Uint8Array, i: number, end: number): number {
  const c = s[i];
  if (c === 0xc2) return i + 1 < end && s[i + 1] === 0xa0 ? 2 : 0;
  if (c < 0xe1 || c > 0xef || i + 2 >= end) return 0;
  const c1 = s[i + 1], c2 = s[i + 2];
  if (c === 0xe2) return (c1 === 0x80 && (c2 <= 0x8a || c2 === 0xa8 || c2 === 0xa9 || c2 === 0xaf)) || (c1 === 0x81 && c2 === 0x9f) ? 3 : 0;
  if (c === 0xe1) return c1 === 0x9a && c2 === 0x80 ? 3 : 0;
  if (c === 0xe3) return c1 === 0x80 && c2 === 0x80 ? 3 : 0;
  if (c === 0xef) return c1 === 0xbb && c2 === 0xbf ? 3 : 0;
  return 0;
}

/** The length of the UTF-8 space that ends just before s[end] (within s[start, end)), or 0. */
function utf8SpaceBefore(s: Uint8Array, start: number, end: number): number {
  if (end - start >= 2 && s[end - 1] === 0xa0 && s[end - 2] === 0xc2) return 2;
  if (end - start >= 3 && s[end - 3] >= 0xe1) return utf8SpaceAt(s, end - 3, end);
  return 0;
}

/** Where the bytes s[a, b) start once trimmed as trim() trims their text. */
export function trimStart(s: Uint8Array, a: number, b: number, encoding: Encoding): number {
  for (;;) {
    while (a < b && asciiSpace(s[a])) a++;
    if (a === b || s[a] < 0x80) return a;
    const n = encoding === 'utf-8' ? utf8SpaceAt(s, a, b) : s[a] === 0xa0 ? 1 : 0;
    if (n === 0) return a;
    a += n;
  }
}

/** Where the bytes s[a, b) end once trimmed as trim() trims their text. */
export function trimEnd(s: Uint8Array, a: number, b: number, encoding: Encoding): number {
  for (;;) {
    while (b > a && asciiSpace(s[b - 1])) b--;
    if (a === b || s[b - 1] < 0x80) return b;
    const n = encoding === 'utf-8' ? utf8SpaceBefore(s, a, b) : s[b - 1] === 0xa0 ? 1 : 0;
    if (n === 0) return b;
    b -= n;
  }
}
