/**
 * An RFC 4180 record scanner over decoded text pushed in chunks of any size.
 *
 * - fields separated by one delimiter character, records by LF, CRLF or a lone CR;
 * - a field starting with `"` is quoted: it may hold delimiters, newlines and `""` (a quote);
 *   after its closing quote only a delimiter or a record end may follow;
 * - a `"` inside an unquoted field is kept as a literal character (as csv-parse's relax_quotes);
 * - empty lines produce no record.
 *
 * Each record is handed to onRecord with the physical line (1-based) where it starts,
 * which is what error messages quote. The fields array is reused for the next record:
 * a handler that keeps it must copy it. csv-parse is the reference it is tested against
 * (test/csv-scanner.test.ts); it exists because it is ~4× faster on the hot path.
 */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The unsliced fields of the current record. Fields marked lazy (typed columns: times and
 * numbers, parsed straight from the text) are left as '' in the fields array when the record
 * came through the fast path; their text is text.slice(starts[i], ends[i]). After a quoted
 * record (slow path) every field is a real string and lazy is false.
 */
export class RecordView {
  text = '';
  lazy = false;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  mask: Uint8Array | null = null;

  /** Field i as a string, whether or not the scanner sliced it. */
  field(fields: readonly string[], i: number): string {
    return this.lazy && this.mask !== null && this.mask[i] === 1 ? this.text.slice(this.starts[i], this.ends[i]) : fields[i];
  }

  /** Every field as a string (for rejects and held rows, which outlive the record). */
  materialize(fields: readonly string[]): string[] {
    return fields.map((_, i) => this.field(fields, i));
  }
}

export type RecordHandler = (fields: string[], line: number, view: RecordView) => void;

export class CsvScanner {
  private rest = '';
  /** Physical line where `rest` starts. */
  private line = 1;
  private readonly delimiterChar: string;
  /** The record being built; handed to onRecord and reused for the next record. */
  private fields: string[] = [];
  /** Lazy fields of the current record (see RecordView); no field is lazy until setLazy. */
  readonly view = new RecordView();

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: RecordHandler,
    firstLine = 1,
  ) {
    this.delimiterChar = String.fromCharCode(delimiter);
    this.line = firstLine;
  }

  /** Marks fields that need not be sliced (1 = lazy); null slices every field. */
  setLazy(mask: Uint8Array | null): void {
    this.view.mask = mask;
  }

  /** The next line number, and the text of an unfinished record (empty at a record boundary). */
  pending(): { line: number; rest: string } {
    return { line: this.line, rest: this.rest };
  }

  push(chunk: string): void {
    this.scan(this.rest.length === 0 ? chunk : this.rest + chunk, false);
  }

  end(): void {
    if (this.rest.length > 0) this.scan(this.rest, true);
    this.rest = '';
  }

  /**
   * Scans every complete record of s; keeps the incomplete tail for the next push.
   * Lines without a quote or a lone CR (nearly all of them) are split with indexOf, which
   * runs natively; anything else goes through the character-by-character path.
   */
  private scan(s: string, final: boolean): void {
    const n = s.length;
    const delim = this.delimiterChar;
    let pos = 0;
    let line = this.line;
    let nextQuote = s.indexOf('"');
    let nextCr = s.indexOf('\r');
    while (pos < n) {
      const nl = s.indexOf('\n', pos);
      if (nl < 0 && !final) break;
      const lineEnd = nl < 0 ? n : nl;
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = s.indexOf('"', pos);
      if (nextCr >= 0 && nextCr < pos) nextCr = s.indexOf('\r', pos);
      let end = lineEnd;
      if (end > pos && s.charCodeAt(end - 1) === CR) end--;
      if ((nextQuote < 0 || nextQuote >= lineEnd) && (nextCr < 0 || nextCr >= end)) {
        if (end > pos) {
          const fields = this.fields;
          const view = this.view;
          const mask = view.mask;
          let from = pos;
          let i = 0;
          if (mask === null) {
            for (let d = s.indexOf(delim, from); d >= 0 && d < end; d = s.indexOf(delim, from)) {
              fields[i++] = s.slice(from, d);
              from = d + 1;
            }
            fields[i++] = s.slice(from, end);
          } else {
            // Lazy fields: note where they are instead of slicing them.
            view.text = s;
            view.lazy = true;
            const lazyCount = mask.length;
            if (lazyCount > view.starts.length) this.growView(lazyCount);
            for (let d = s.indexOf(delim, from); ; d = s.indexOf(delim, from)) {
              const to = d >= 0 && d < end ? d : end;
              if (i < lazyCount && mask[i] === 1) {
                view.starts[i] = from;
                view.ends[i] = to;
                fields[i] = '';
              } else fields[i] = s.slice(from, to);
              i++;
              if (to === end) break;
              from = to + 1;
            }
          }
          if (fields.length !== i) fields.length = i;
          this.onRecord(fields, line, view);
        }
        pos = lineEnd + 1;
        line++;
        continue;
      }
      const next = this.slowRecord(s, pos, line, final);
      if (next === null) break;
      pos = next.pos;
      line = next.line;
    }
    this.rest = pos < n ? s.slice(pos) : '';
    this.line = line;
  }

  private growView(size: number): void {
    const v = this.view;
    v.starts = new Int32Array(size);
    v.ends = new Int32Array(size);
  }

  /** One record (or empty line) from pos, character by character; null when s ends inside it. */
  private slowRecord(s: string, pos: number, line: number, final: boolean): { pos: number; line: number } | null {
    const n = s.length;
    const delim = this.delimiter;
    const recordLine = line;
    let c = s.charCodeAt(pos);
    if (c === LF || c === CR) {
      // An empty line: no record.
      if (c === CR) {
        if (pos + 1 >= n && !final) return null;
        if (s.charCodeAt(pos + 1) === LF) pos++;
      }
      return { pos: pos + 1, line: line + 1 };
    }
    const fields = this.fields;
    fields.length = 0;
    for (;;) {
      if (pos < n && s.charCodeAt(pos) === QUOTE) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = s.indexOf('"', from);
          if (q < 0) {
            if (!final) return null;
            throw new CsvSyntaxError('quoted field is never closed (a " is missing)', recordLine);
          }
          for (let k = s.indexOf('\n', from); k >= 0 && k < q; k = s.indexOf('\n', k + 1)) line++;
          if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          // The quote may be the first of a "" pair split by the chunk boundary.
          if (q + 1 >= n && !final) return null;
          value += s.slice(from, q);
          pos = q + 1;
          break;
        }
        fields.push(value);
        c = pos < n ? s.charCodeAt(pos) : -1;
        if (c !== delim && c !== LF && c !== CR && c !== -1) {
          throw new CsvSyntaxError(`unexpected character ${JSON.stringify(s[pos])} after a closing quote`, line);
        }
      } else {
        let end = pos;
        while (end < n) {
          c = s.charCodeAt(end);
          if (c === delim || c === LF || c === CR) break;
          end++;
        }
        if (end >= n && !final) return null;
        fields.push(s.slice(pos, end));
        pos = end;
        c = pos < n ? s.charCodeAt(pos) : -1;
      }
      if (c === delim) {
        pos++;
        continue;
      }
      // Record end: LF, CRLF, CR or end of input.
      if (c === CR) {
        if (pos + 1 >= n && !final) return null;
        if (s.charCodeAt(pos + 1) === LF) pos++;
      }
      if (c !== -1) {
        pos++;
        line++;
      }
      break;
    }
    this.view.lazy = false;
    this.onRecord(fields, recordLine, this.view);
    return { pos, line };
  }
}

/** The delimiter of a header line: the most frequent of , ; and tab outside quotes (comma on a tie). */
export function detectDelimiter(text: string): string {
  let comma = 0, semi = 0, tab = 0, quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) break;
    else if (c === 44) comma++;
    else if (c === 59) semi++;
    else if (c === 9) tab++;
  }
  if (semi > comma && semi >= tab) return ';';
  if (tab > comma && tab > semi) return '\t';
  return ',';
}
