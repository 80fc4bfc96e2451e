/** The text encodings an export may come in, and the one decoding Node does not do right for us. */
export type Encoding = 'utf-8' | 'latin1' | 'windows-1252';

/**
 * Windows-1252's characters for bytes 0x80–0x9F (WHATWG index-windows-1252); every other
 * byte is the Latin-1 character. Not TextDecoder('windows-1252'): since Node 20.18.3 its
 * one-shot decode() takes a Latin-1 fast path (nodejs/node#60888), so 0x80 would read as a
 * control character instead of €; and a table lookup per field is cheaper anyway.
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Windows-1252 text from its Latin-1 reading. */
export function fromWindows1252(latin1: string): string {
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
}
