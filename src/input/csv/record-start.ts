/**
 * Where a record begins near a byte offset of a CSV file, found without reading the file
 * from its start: for cutting a file into parts read apart (engine/parallel/). A line
 * start is not always a record start: a quoted field may hold line breaks (a pasted
 * e-mail in a subject), and a part begun inside one reads garbage. So a line start is
 * taken only when the records that follow it, read from there, are well-formed: each has
 * the header's number of fields, every quote opens a field and closes it before a
 * delimiter or a line break. Begun inside a quoted field, the text fails that test within
 * a record or two (its closing quote lands in the middle of a field), so the next line is
 * tried, and so on. This is a heuristic; the reader of the parts still checks exactly that
 * each part ends where the next begins on a record boundary (parallel.ts), and reads on
 * sequentially when one does not.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** How many records after a line start must be well-formed for it to count as a record start. */
export const RECORDS_CHECKED = 3;

/**
 * The end of the well-formed record at buf[p…) with `fields` fields (the offset after its
 * line break), −1 when it is not one, −2 when the window ends first.
 */
export function recordEnd(buf: Uint8Array, p: number, end: number, fields: number, delimiter: number): number {
  let count = 0;
  for (;;) {
    count++;
    if (p < end && buf[p] === QUOTE) {
      // A quoted field: to its closing quote ("" is a quote inside), then a delimiter or line end.
      p++;
      for (;;) {
        const q = buf.indexOf(QUOTE, p);
        if (q < 0 || q >= end) return -2;
        if (q + 1 < end && buf[q + 1] === QUOTE) p = q + 2;
        else {
          p = q + 1;
          break;
        }
      }
      if (p >= end) return -2;
      const c = buf[p];
      if (c !== delimiter && c !== LF && c !== CR) return -1;
    } else {
      while (p < end) {
        const c = buf[p];
        if (c === delimiter || c === LF || c === CR) break;
        if (c === QUOTE) return -1;
        p++;
      }
      if (p >= end) return -2;
    }
    const c = buf[p];
    if (c === delimiter) {
      p++;
      continue;
    }
    if (c === CR) {
      if (p + 1 >= end) return -2;
      if (buf[p + 1] !== LF) return -1;
      p++;
    }
    return count === fields ? p + 1 : -1;
  }
}

/**
 * The first line start after a line break in buf[from, end) that RECORDS_CHECKED
 * well-formed records follow (fewer when the file ends first: `last` says buf[end] is the
 * file's end); −1 when there is none in the window.
 */
export function recordStartIn(buf: Uint8Array, from: number, end: number, fields: number, delimiter: number, last: boolean): number {
  for (let nl = buf.indexOf(LF, from); nl >= 0 && nl < end; nl = buf.indexOf(LF, nl + 1)) {
    let p = nl + 1, ok = 0;
    for (;;) {
      if (ok === RECORDS_CHECKED || (last && p >= end && ok > 0)) return nl + 1;
      const q = p >= end ? -2 : recordEnd(buf, p, end, fields, delimiter);
      if (q < 0) break;
      ok++;
      p = q;
    }
  }
  return -1;
}
