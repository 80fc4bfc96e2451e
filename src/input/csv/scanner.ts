/**
 * An RFC 4180 record scanner over the bytes of a file, pushed in chunks of any size.
 *
 * - fields separated by one delimiter character, records by LF, CRLF or a lone CR;
 * - a field starting with `"` is quoted: it may hold delimiters, newlines and `""` (a quote);
 *   after its closing quote only a delimiter or a record end may follow;
 * - a `"` inside an unquoted field is kept as a literal character (as csv-parse's relax_quotes);
 * - empty lines produce no record.
 *
 * It splits bytes, not decoded text: the delimiters, quotes and line ends are ASCII, and in
 * UTF-8, Latin-1 and Windows-1252 an ASCII byte is always that character, never part of
 * another one. Fields are decoded only when sliced (see RecordView), and typed fields (times,
 * numbers) are parsed from the bytes without becoming strings. A byte loop is ~2× faster than
 * splitting decoded text with indexOf, and parsing digits from bytes ~2× faster than from a string.
 *
 * Each record is handed to onRecord with the physical line (1-based) where it starts,
 * which is what error messages quote. The fields array is reused for the next record:
 * a handler that keeps it must copy it. csv-parse is the reference it is tested against
 * (test/input/csv-scanner.test.ts).
 */
import { isAscii } from 'node:buffer';
import type { Encoding } from './encoding.js';
import { fromWindows1252 } from './encoding.js';

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** The field's position in its record, from 0: the reader names its column. */
    readonly field: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** States of CsvScanner.skim: at a field's start, in an unquoted field, in a quoted one, just after a quote in a quoted one. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

const EMPTY = Buffer.alloc(0);

/**
 * The current record's place in the scanner's buffer. In a record read by the fast path
 * (no lone CR, no quoted field holding a quote or a line break: nearly all of them)
 * starts/ends hold every field's byte range (inside its quotes, if quoted),
 * and fields marked lazy in mask are left as '' in the fields array: their bytes are read
 * where they lie (times, numbers, ids, few-valued text through an Interner). After a quoted record (slow
 * path) every field is a real string and lazy is false. Valid during onRecord only.
 */
export class RecordView {
  /** The buffer the record lies in, and how many of its bytes are data. */
  bytes: Buffer = EMPTY;
  length = 0;
  /** The same bytes as Latin-1 text, made at the first decode (most chunks need none): text.charCodeAt(i) === bytes[i], so ASCII fields slice from it. */
  private latin1: string | null = null;
  /**
   * Whether every byte of the buffer is ASCII (or the file is Latin-1): then text.slice is
   * the decoded field. Found out at the first decode too (null until then).
   */
  private plain: boolean | null = null;
  encoding: Encoding = 'utf-8';
  lazy = false;
  /** Whether the record ran over more than one line (a quoted field holding a line break). */
  multiline = false;
  starts: Int32Array = new Int32Array(64);
  ends: Int32Array = new Int32Array(64);
  mask: Uint8Array | null = null;

  /** Points the view at a new buffer content. */
  reset(bytes: Buffer, length: number): void {
    this.bytes = bytes;
    this.length = length;
    this.latin1 = null;
    this.plain = null;
  }

  private get text(): string {
    return (this.latin1 ??= this.bytes.toString('latin1', 0, this.length));
  }

  /** The text of bytes [a, b) in the file's encoding. */
  decode(a: number, b: number): string {
    this.plain ??= this.encoding === 'latin1' || isAscii(this.bytes.subarray(0, this.length));
    if (this.plain) return this.text.slice(a, b);
    const bytes = this.bytes;
    let i = a;
    while (i < b && bytes[i] < 0x80) i++;
    if (i === b) return this.text.slice(a, b);
    return this.encoding === 'windows-1252' ? fromWindows1252(this.text.slice(a, b)) : bytes.toString('utf8', a, b);
  }

  /** The text of bytes [a, b) with one quote of each of its `pairs` doubled quotes (`""`) dropped. */
  decodeUnescaped(a: number, b: number, pairs: number): string {
    // One copy and one decode, however many pairs: concatenating a piece per pair made
    // millions of strings in a long field full of quotes.
    const out = Buffer.allocUnsafe(b - a - pairs);
    const t = this.bytes;
    let o = 0;
    for (let i = a; i < b; i++) {
      out[o++] = t[i];
      if (t[i] === QUOTE) i++;
    }
    if (this.encoding === 'utf-8') return out.toString('utf8');
    const latin1 = out.toString('latin1');
    return this.encoding === 'windows-1252' ? fromWindows1252(latin1) : latin1;
  }

  /** Field i as a string, whether or not the scanner sliced it. */
  field(fields: readonly string[], i: number): string {
    return this.lazy && this.mask !== null && this.mask[i] === 1 ? this.decode(this.starts[i], this.ends[i]) : fields[i];
  }

  /**
   * Whether every field is empty after trim() (a row of ",,,," as spreadsheets append).
   * A fast-path record is checked on its fields' bytes: any ASCII byte other than
   * whitespace answers no, so a real row answers at its first byte.
   */
  isBlank(fields: readonly string[]): boolean {
    if (this.lazy) {
      const b = this.bytes;
      for (let f = 0; f < fields.length; f++) {
        for (let k = this.starts[f]; k < this.ends[f]; k++) {
          const c = b[k];
          if (c === 32 || (c >= 9 && c <= 13)) continue;
          if (c < 0x80) return false;
          return this.materialize(fields).every((x) => x.trim() === ''); // maybe a Unicode space
        }
      }
      return true;
    }
    for (let i = 0; i < fields.length; i++) if (fields[i].trim() !== '') return false;
    return true;
  }

  /** Every field as a string (for rejects and held rows, which outlive the record). */
  materialize(fields: readonly string[]): string[] {
    return fields.map((_, i) => this.field(fields, i));
  }
}

export type RecordHandler = (fields: string[], line: number, view: RecordView) => void;

export class CsvScanner {
  /** Unscanned bytes: the unfinished record of the last push, then the new chunk. */
  private buf: Buffer = Buffer.allocUnsafe(1 << 16);
  private len = 0;
  /** Physical line where the unscanned bytes start. */
  private line = 1;
  /** The record being built; handed to onRecord and reused for the next record. */
  private fields: string[] = [];
  /** Lazy fields of the current record (see RecordView); no field is lazy until setLazy. */
  readonly view = new RecordView();
  /** The largest byte that may be special (delimiter, quote, LF, CR): bytes above it are skipped with one compare. */
  private readonly special: number;
  /**
   * While the record at the start of the buffer is known to be unfinished: how far it has
   * been looked at (−1 otherwise), and the state of the record grammar there (see skim).
   * A push then only looks at the new bytes until the record ends, instead of parsing the
   * record again from its start: a 50 MB quoted field read in 1 MB chunks is read once,
   * not fifty times.
   */
  private skimmedTo = -1;
  private skimState = FIELD_START;
  /** Bytes looked at by scan() so far (each scan counts its whole buffer): a measure of work for tests, not of time. */
  examined = 0;

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: RecordHandler,
    firstLine = 1,
    encoding: Encoding = 'utf-8',
  ) {
    this.line = firstLine;
    this.view.encoding = encoding;
    this.special = Math.max(delimiter, QUOTE, LF, CR);
  }

  /** Marks fields that need not be sliced (1 = lazy); null slices every field. */
  setLazy(mask: Uint8Array | null): void {
    this.view.mask = mask;
    this.eager = mask === null ? [] : [...mask.keys()].filter((i) => mask[i] === 0);
    this.lazyBlank = false;
  }

  /** The fields that are not lazy (sliced for every record). */
  private eager: number[] = [];
  /** Whether every lazy field of the fields array holds '' (false after a slow-path record, which fills them). */
  private lazyBlank = false;

  /** The next line number, and the bytes of an unfinished record (empty at a record boundary). */
  pending(): { line: number; rest: Uint8Array } {
    return { line: this.line, rest: Uint8Array.prototype.slice.call(this.buf, 0, this.len) };
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.len + chunk.length > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + chunk.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    this.scan(false);
  }

  end(): void {
    if (this.len > 0) this.scan(true);
    this.len = 0;
  }

  /** Scans every complete record in the buffer; moves the incomplete tail to its start. */
  private scan(final: boolean): void {
    const b = this.buf;
    const n = this.len;
    if (this.skimmedTo >= 0 && !final) {
      // The record at 0 was unfinished: does it end in the new bytes?
      this.examined += n - this.skimmedTo;
      if (!this.skim(b, n, this.skimmedTo)) return;
    }
    this.skimmedTo = -1;
    this.examined += n;
    const view = this.view;
    view.reset(b, n);
    const delim = this.delimiter;
    const special = this.special;
    const fields = this.fields;
    let pos = 0;
    let line = this.line;
    scan: while (pos < n) {
      // Fast path: one line without lone CRs, whose quoted fields (if any) hold no quote or
      // line break, its fields' ranges (inside the quotes) noted as it goes.
      let starts = view.starts;
      let ends = view.ends;
      let from = pos;
      /** Where the current field's text ends when it was quoted (its closing quote), else −1. */
      let quotedEnd = -1;
      let i = 0;
      let k = pos;
      /** Bytes of the line end at k (LF 1, CRLF 2), or −1 for the slow path. */
      let eol = 1;
      for (;;) {
        if (k >= n) {
          if (!final) break scan;
          break;
        }
        const c = b[k];
        if (c <= special) {
          if (c === delim) {
            if (i === starts.length - 1) ({ starts, ends } = this.growView(i + 2));
            starts[i] = from;
            ends[i++] = quotedEnd < 0 ? k : quotedEnd;
            from = k + 1;
            quotedEnd = -1;
          } else if (c === LF) break;
          else if (c === CR && k + 1 < n && b[k + 1] === LF) {
            eol = 2;
            break;
          } else if (c === QUOTE && k === from && quotedEnd < 0) {
            // A quoted field: simple when its closing quote comes before any line break (a lone
            // CR too: the slow path counts it as a line) and is followed by the field's end (not
            // by "" or other text: the slow path's cases).
            let q = k + 1;
            while (q < n && b[q] !== QUOTE && b[q] !== LF && b[q] !== CR) q++;
            if (q + 1 >= n && !final) break scan;
            const after = q + 1 < n ? b[q + 1] : LF;
            if (q >= n || b[q] !== QUOTE || (after !== delim && after !== LF && after !== CR)) {
              eol = -1;
              break;
            }
            from = k + 1;
            quotedEnd = q;
            k = q;
          } else if (c === QUOTE || c === CR) {
            // A quote inside an unquoted field, a lone CR, or a CR whose LF may be in the next chunk.
            eol = -1;
            break;
          }
        }
        k++;
      }
      if (eol < 0) {
        const next = this.slowRecord(b, n, pos, line, final);
        if (next < 0) break;
        pos = next;
        line = this.slowLine;
        continue;
      }
      if (k > pos) {
        starts[i] = from;
        ends[i++] = quotedEnd < 0 ? k : quotedEnd;
        const mask = view.mask;
        if (mask === null) {
          for (let f = 0; f < i; f++) fields[f] = view.decode(starts[f], ends[f]);
        } else if (i === mask.length && fields.length === i && this.lazyBlank) {
          // The lazy fields are still '' from the last record: only the others change.
          const eager = this.eager;
          for (let e = 0; e < eager.length; e++) fields[eager[e]] = view.decode(starts[eager[e]], ends[eager[e]]);
        } else {
          const lazyCount = mask.length;
          for (let f = 0; f < i; f++) fields[f] = f < lazyCount && mask[f] === 1 ? '' : view.decode(starts[f], ends[f]);
          this.lazyBlank = true;
        }
        if (fields.length !== i) fields.length = i;
        view.lazy = mask !== null;
        view.multiline = false;
        this.onRecord(fields, line, view);
      }
      pos = k + eol;
      line++;
    }
    if (pos >= n) this.len = 0;
    else {
      // An unfinished record: note how far its bytes go, so that the next pushes need not parse it again.
      this.skimState = FIELD_START;
      if (!final && !this.skim(b, n, pos)) this.skimmedTo -= pos;
      b.copyWithin(0, pos, n);
      this.len = n - pos;
    }
    this.line = line;
  }

  /**
   * Follows the record grammar from `from` (in the state skimState) to the end of the
   * record that starts before it: true when that end is in s[0, n) (a line break outside
   * quotes, with the byte after a CR present, or a syntax error, which the parse will
   * report). Otherwise false, with skimmedTo and skimState where it stopped.
   */
  private skim(s: Buffer, n: number, from: number): boolean {
    const delim = this.delimiter;
    let state = this.skimState;
    let k = from;
    walk: for (; k < n; k++) {
      const c = s[k];
      switch (state) {
        case QUOTED: {
          // The bulk of a long quoted field: on to its next quote.
          const q = s.subarray(0, n).indexOf(QUOTE, k);
          if (q < 0) {
            k = n;
            break walk;
          }
          k = q;
          state = QUOTE_SEEN;
          break;
        }
        case QUOTE_SEEN:
          if (c === QUOTE) state = QUOTED;
          else if (c === delim) state = FIELD_START;
          else if (c === CR && k + 1 >= n) break walk; // CR or CRLF? The next push tells.
          else return true; // a line break, or text after a closing quote (the parse reports it)
          break;
        default:
          if (c === LF) return true;
          if (c === CR) {
            if (k + 1 >= n) break walk;
            return true;
          }
          state = c === delim ? FIELD_START : state === FIELD_START && c === QUOTE ? QUOTED : UNQUOTED;
      }
    }
    this.skimmedTo = k;
    this.skimState = state;
    return false;
  }

  private growView(size: number): { starts: Int32Array; ends: Int32Array } {
    const v = this.view;
    const starts = new Int32Array(size * 2);
    const ends = new Int32Array(size * 2);
    starts.set(v.starts);
    ends.set(v.ends);
    v.starts = starts;
    v.ends = ends;
    return v;
  }

  /** The line after the last slowRecord. */
  private slowLine = 0;

  /**
   * One record (or empty line) from pos, byte by byte; returns the position after it
   * (its end line in slowLine), or −1 when the buffer ends inside it.
   */
  private slowRecord(s: Buffer, n: number, pos: number, line: number, final: boolean): number {
    const delim = this.delimiter;
    const view = this.view;
    const recordLine = line;
    let c = s[pos];
    if (c === LF || c === CR) {
      // An empty line: no record.
      if (c === CR) {
        if (pos + 1 >= n && !final) return -1;
        if (s[pos + 1] === LF) pos++;
      }
      this.slowLine = line + 1;
      return pos + 1;
    }
    const fields = this.fields;
    fields.length = 0;
    this.lazyBlank = false;
    for (;;) {
      if (pos < n && s[pos] === QUOTE) {
        const from = pos + 1;
        const fieldLine = line;
        let q = from;
        let pairs = 0;
        for (;;) {
          while (q < n && s[q] !== QUOTE) {
            // A line break inside the field: LF, CRLF (counted at its LF) or a lone CR.
            const c = s[q];
            if (c === LF || (c === CR && (q + 1 >= n || s[q + 1] !== LF))) line++;
            q++;
          }
          if (q >= n) {
            if (!final) return -1;
            throw new CsvSyntaxError('quoted field is never closed (a " is missing)', recordLine, fields.length);
          }
          if (q + 1 < n && s[q + 1] === QUOTE) {
            pairs++;
            q += 2;
            continue;
          }
          // The quote may be the first of a "" pair split by the chunk boundary.
          if (q + 1 >= n && !final) return -1;
          break;
        }
        fields.push(pairs === 0 ? view.decode(from, q) : view.decodeUnescaped(from, q, pairs));
        pos = q + 1;
        c = pos < n ? s[pos] : -1;
        if (c !== delim && c !== LF && c !== CR && c !== -1) {
          // A field that ran over lines to this quote: most likely its opening quote was stray,
          // and this is the next quoted field's opening one.
          const began = line > fieldLine ? ` (the quoted field began on line ${fieldLine}: is its closing quote missing there?)` : '';
          throw new CsvSyntaxError(`unexpected character ${JSON.stringify(firstChar(view.decode(pos, Math.min(n, pos + 4))))} after a closing quote${began}`, line, fields.length - 1);
        }
      } else {
        let end = pos;
        while (end < n) {
          c = s[end];
          if (c === delim || c === LF || c === CR) break;
          end++;
        }
        if (end >= n && !final) return -1;
        fields.push(view.decode(pos, end));
        pos = end;
        c = pos < n ? s[pos] : -1;
      }
      if (c === delim) {
        pos++;
        continue;
      }
      // Record end: LF, CRLF, CR or end of input.
      if (c === CR) {
        if (pos + 1 >= n && !final) return -1;
        if (s[pos + 1] === LF) pos++;
      }
      if (c !== -1) {
        pos++;
        line++;
      }
      break;
    }
    view.lazy = false;
    // line has passed the record's own line end unless the input ended without one.
    view.multiline = line - (c === -1 ? 0 : 1) > recordLine;
    this.onRecord(fields, recordLine, view);
    this.slowLine = line;
    return pos;
  }
}

function firstChar(s: string): string {
  const cp = s.codePointAt(0);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/**
 * The delimiter of a header line: the most frequent of , ; and tab outside quotes (comma on a
 * tie); | when the line has none of them (a pipe-separated export, which DuckDB's sniffer reads
 * too). Not | whenever it outnumbers them: `id,created_at,Category|Subcategory|Item` is a
 * comma file with pipes in a column's name.
 */
export function detectDelimiter(text: string): string {
  let comma = 0, semi = 0, tab = 0, pipe = 0, quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) break;
    else if (c === 44) comma++;
    else if (c === 59) semi++;
    else if (c === 9) tab++;
    else if (c === 124) pipe++;
  }
  if (pipe > 0 && comma + semi + tab === 0) return '|';
  if (semi > comma && semi >= tab) return ';';
  if (tab > comma && tab > semi) return '\t';
  return ',';
}
