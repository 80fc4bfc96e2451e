import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CsmError } from '../../errors.js';
import { escapeControls } from '../../escape-controls.js';
import { CsvScanner, CsvSyntaxError, detectDelimiter } from './scanner.js';
import type { RecordHandler } from './scanner.js';

import type { Encoding } from './encoding.js';

export interface CsvSource {
  /** The path to open. */
  path: string;
  /** The file as the user named it, used in every message. */
  name: string;
  encoding: Encoding;
  /** Forced delimiter; detected from the header line when absent. */
  delimiter?: string;
}

export interface CsvHeader {
  fields: string[];
  line: number;
  delimiter: string;
}

// 1 MB: large enough for indexOf to run long, small enough that chunk strings stay out of
// the way (4 MB chunks measured slower and ~60 MB more peak RSS on the 2M-row bench).
const CHUNK = 1 << 20;
const EMPTY = new Uint8Array(0);

/** A byte range of a file to read (parallel reading splits one file into two). */
export interface CsvRange {
  /** First byte; 0 reads the header too. A later start must be the first byte of a line. */
  from: number;
  /** Byte to stop before; the end of the file when absent. */
  to?: number;
  /** For a range after the header: the file's delimiter and the line number of its first byte. */
  delimiter?: string;
  firstLine?: number;
  /** Bytes of an unfinished record from the range before, read ahead of this range. */
  carry?: Uint8Array;
  /** The name of each field's column in a syntax error (after the header, the reader cannot see it); else the header's text. */
  header?: readonly string[];
  /**
   * Asked when the range reaches `to`: a later end to read on to (the range grows, the same
   * scanner going on), or null to stop there (parallel reading hands out the file in segments).
   */
  extend?: () => number | null;
}

/** Where a range stopped: its end byte, the next line number, and the bytes of a record it ended inside (empty at a record boundary). */
export interface CsvRangeEnd {
  offset: number;
  line: number;
  rest: Uint8Array;
}

/**
 * Reads a CSV file in chunks through the scanner: the header is handed to onHeader
 * (which may throw to refuse the file), every later record to onRecord. Synchronous,
 * because a CLI reading one file at a time gains nothing from callbacks and loses speed.
 * With a range that ends before the file does, the scanner is not flushed: the result
 * says whether the range ended on a record boundary. onChunk hears of each chunk's bytes.
 */
export function readCsv(
  source: CsvSource,
  onHeader: (h: CsvHeader) => void,
  onRecord: RecordHandler,
  range: CsvRange = { from: 0 },
  lazy: Uint8Array | null = null,
  onChunk: ((bytes: number) => void) | null = null,
): CsvRangeEnd {
  const fd = openCsvFile(source);
  try {
    // UTF-16 (Excel's "Unicode text", PowerShell's default) is turned into UTF-8 as it is read.
    let utf16: InstanceType<typeof TextDecoder> | null = null;
    let encoding = source.encoding;
    // Only validates UTF-8 (the scanner decodes fields itself): chunks that are pure ASCII,
    // most of them, skip it; a chunk after a non-ASCII one does not, since a character may
    // straddle the two.
    let validator = encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true }) : null;
    let validating = false;
    /** The end of the last chunk validated when a character begins there and goes on in the next (a copy: buf is reused). */
    let cut: Uint8Array = EMPTY;
    const buf = Buffer.allocUnsafe(CHUNK);
    let header = range.from === 0;
    let delimiterCode = (range.delimiter ?? source.delimiter ?? ',').charCodeAt(0);
    let names: readonly string[] | null = range.header ?? null;
    const handler: RecordHandler = (fields, line, view) => {
      if (header) {
        header = false;
        const copy = fields.slice();
        names ??= copy;
        onHeader({ fields: copy, line, delimiter: String.fromCharCode(delimiterCode) });
        scanner!.setLazy(lazy); // the header itself is read whole
      } else onRecord(fields, line, view);
    };
    let scanner: CsvScanner | null = range.from === 0 ? null : new CsvScanner(delimiterCode, handler, range.firstLine ?? 1, encoding);
    scanner?.setLazy(lazy);
    if (scanner !== null && range.carry) scanner.push(range.carry);
    /** Before the scanner starts: the bytes read so far, and whether they hold a line end. */
    let head: Uint8Array[] = [];
    let headLineEnd = false;
    let sepChecked = false;
    let firstLine = 1;
    let sepDelimiter: string | undefined;
    let offset = range.from;
    let limit = range.to ?? Infinity;
    for (;;) {
      if (offset >= limit && range.extend) limit = Math.max(limit, range.extend() ?? limit);
      let got: number;
      try {
        got = offset >= limit ? 0 : readSync(fd, buf, 0, Math.min(CHUNK, limit - offset), offset);
      } catch (e) {
        throw new CsmError('CSM_FILE_UNREADABLE', `${source.name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      let bytes: Uint8Array = buf.subarray(0, got);
      if (offset === 0 && got > 0) {
        const wide = utf16Of(bytes);
        refuseBinary(source.name, bytes, wide);
        if (wide !== null) {
          utf16 = new TextDecoder(wide, { fatal: true }); // drops the byte order mark
          encoding = 'utf-8';
          validator = null;
        }
      }
      if (utf16 !== null) {
        try {
          bytes = Buffer.from(utf16.decode(bytes, { stream: got > 0 }), 'utf8');
        } catch {
          throw new CsmError('CSM_FILE_ENCODING', `${source.name}: not valid UTF-16 (an odd byte or a lone surrogate before byte ${offset + got})`);
        }
      }
      const ascii = validator !== null && got > 0 && isAscii(bytes);
      if (validator !== null && (validating || (got > 0 && !ascii))) {
        // The bytes of a character the last chunk ended inside come first: an error the
        // decoder finds here may be theirs (a lead byte, then plain ASCII or the file's end).
        const joined = cut.length === 0 ? bytes : Buffer.concat([cut, bytes]);
        try {
          validator.decode(bytes, { stream: got > 0 });
          validating = got > 0 && !ascii;
          cut = got > 0 ? cutCharacter(joined) : EMPTY;
        } catch {
          const at = offset - cut.length + firstInvalidUtf8(joined);
          throw new CsmError(
            'CSM_FILE_ENCODING',
            `${source.name}:${lineAtByte(fd, at)}: not valid UTF-8 (byte ${at}); if the file is Latin-1 or Windows-1252, say so with --encoding latin1`,
          );
        }
      }
      // A UTF-8 byte order mark is not text (Latin-1 and Windows-1252 files have none).
      if (offset === 0 && encoding === 'utf-8' && utf16 === null && got >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      offset += got;
      // Progress is told once a chunk (a megabyte), never per row.
      if (got > 0 && onChunk !== null) onChunk(got);
      try {
        if (scanner === null) {
          // Wait for the whole header line (or the end of the file) before detecting the delimiter.
          if (bytes.length > 0) {
            head.push(Uint8Array.prototype.slice.call(bytes));
            headLineEnd ||= bytes.indexOf(LF) >= 0 || bytes.indexOf(CR) >= 0;
          }
          if (got > 0 && !headLineEnd) continue;
          let pending: Uint8Array = head.length === 1 ? head[0] : Buffer.concat(head);
          let text = asText(pending, encoding);
          if (!sepChecked) {
            // Excel's first line "sep=;" names the delimiter and is not the header.
            const sep = excelSepLine(source.name, text, got === 0);
            if (sep === 'wait') continue;
            sepChecked = true;
            if (sep !== null) {
              sepDelimiter = sep.delimiter;
              firstLine = 2;
              pending = pending.subarray(Buffer.byteLength(sep.line, encoding === 'utf-8' ? 'utf8' : 'latin1'));
              head = [pending];
              headLineEnd = pending.indexOf(LF) >= 0 || pending.indexOf(CR) >= 0;
              if (got > 0 && !headLineEnd) continue;
              text = asText(pending, encoding);
            }
          }
          if (text.trim().length === 0 && got === 0) throw new CsmError('CSM_FILE_EMPTY', `${source.name}: empty file (no header row)`);
          if (pending.length === 0 && got > 0) continue;
          const d = source.delimiter ?? sepDelimiter ?? detectDelimiter(text.replace(/^[\r\n]+/, ''));
          delimiterCode = d.charCodeAt(0);
          scanner = new CsvScanner(delimiterCode, handler, firstLine, encoding);
          scanner.push(pending);
          head = [];
        } else if (bytes.length > 0) scanner.push(bytes);
        if (got === 0) {
          if (range.to !== undefined && offset < fileSize(fd)) return { offset, ...scanner.pending() };
          scanner.end();
          break;
        }
      } catch (e) {
        if (e instanceof CsvSyntaxError) throw new CsmError('CSM_CSV_SYNTAX', `${source.name}:${e.line}: ${fieldName(names, e.field)}: ${e.message}`);
        throw e;
      }
    }
    if (header) throw new CsmError('CSM_FILE_EMPTY', `${source.name}: empty file (no header row)`);
    return { offset, ...scanner!.pending() };
  } finally {
    closeSync(fd);
  }
}

const LF = 10;
const CR = 13;

/** A field's column for a message: its header name, else its position ("field 3": in the header line, or past its end). */
function fieldName(header: readonly string[] | null, field: number): string {
  const name = header?.[field]?.trim();
  return name ? escapeControls(name) : `field ${field + 1}`;
}

function fileSize(fd: number): number {
  return fstatSync(fd).size;
}

/** Opens a file to read, or refuses it in one line: no such file, a directory, not readable. */
export function openCsvFile(source: Pick<CsvSource, 'path' | 'name'>): number {
  let fd: number;
  try {
    fd = openSync(source.path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CsmError('CSM_FILE_NOT_FOUND', `${source.name}: no such file`);
    throw new CsmError('CSM_FILE_UNREADABLE', `${source.name}: cannot open (${code ?? String(e)})`);
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw new CsmError('CSM_FILE_UNREADABLE', `${source.name}: is a directory, not a CSV file`);
  }
  return fd;
}

/** The bytes' text in the file's encoding (for the header line; fields are decoded by the scanner). */
function asText(bytes: Uint8Array, encoding: Encoding): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(encoding === 'utf-8' ? 'utf8' : 'latin1');
}

/**
 * Whether the first bytes of a file are UTF-16 text: a byte order mark, or else the NUL
 * bytes that ASCII characters have in UTF-16 all on odd offsets (little-endian, as Windows
 * writes it) or all on even ones (big-endian). Binary data has its NULs anywhere.
 */
export function utf16Of(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 8192) & ~1;
  // A file of one byte (a lone newline) has no pair to judge: 0 ≥ 0 × 0.3 would call it UTF-16.
  if (n === 0) return null;
  // Per byte order: NULs where the high bytes are, and characters that are not text (control
  // characters other than tab, CR and LF) where the ASCII ones are.
  let le = 0, be = 0, leOdd = 0, beOdd = 0;
  for (let i = 0; i < n; i += 2) {
    const a = bytes[i], b = bytes[i + 1];
    if (b === 0) textChar(a) ? le++ : leOdd++;
    if (a === 0) textChar(b) ? be++ : beOdd++;
  }
  const pairs = n / 2;
  if (le >= pairs * 0.3 && leOdd + be <= le * 0.02) return 'utf-16le';
  if (be >= pairs * 0.3 && beOdd + le <= be * 0.02) return 'utf-16be';
  return null;
}

function textChar(c: number): boolean {
  return c >= 0x20 || c === 9 || c === 10 || c === 13;
}

/**
 * Excel's "sep=;" first line (written by its CSV export in some locales, and read by it):
 * the delimiter and the line's text (with its line end), null when the text does not start
 * with one, or 'wait' when more bytes are needed to tell (a CR that may be a CRLF).
 */
function excelSepLine(name: string, text: string, eof: boolean): { delimiter: string; line: string } | 'wait' | null {
  const m = /^(?:"sep=([^\r\n])"|sep=([^\r\n]))[ \t]*(\r\n|\n|\r|$)/i.exec(text);
  if (m === null) return null;
  if (!eof && (m[3] === '' || (m[3] === '\r' && m[0].length === text.length))) return 'wait';
  const delimiter = m[1] ?? m[2];
  if (delimiter === '"') throw new CsmError('CSM_CSV_SYNTAX', `${name}:1: the first line "sep=\"" names a quote as the delimiter`);
  return { delimiter, line: m[0] };
}

/**
 * Text files do not contain NUL bytes; spreadsheets, archives and images do. A gzip file is
 * refused by its magic number even before one (its header has a NUL unless a name fills it):
 * exports are often downloaded compressed.
 */
export function refuseBinary(name: string, bytes: Uint8Array, wide: 'utf-16le' | 'utf-16be' | null): void {
  const head = bytes.subarray(0, 8192);
  if (wide !== null) {
    // UTF-16 text, whose ASCII characters are half NUL bytes: a NUL character is a code unit 0,
    // named at its byte in the file (the DuckDB engine's UTF-8 copy would name another byte).
    for (let i = 0; i + 1 < head.length; i += 2) {
      if (head[i] === 0 && head[i + 1] === 0) throw new CsmError('CSM_FILE_BINARY', `${name}: not a CSV text file (binary data at byte ${i}: a NUL character in ${wide === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'} text)`);
    }
    return;
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
  const nul = head.indexOf(0);
  if (nul < 0 && !gzip) return;
  const zip = head[0] === 0x50 && head[1] === 0x4b;
  if (gzip) {
    // gunzip -c reads any name (gunzip -k refuses one without .gz); standard input is decompressed before the pipe.
    const how = name === '<stdin>' ? 'gunzip -c before the pipe' : `gunzip -c ${shellWord(name)} | csm-kpi … -`;
    throw new CsmError('CSM_FILE_BINARY', `${name}: not a CSV text file: it is gzip-compressed; decompress it first (${how})`);
  }
  throw new CsmError('CSM_FILE_BINARY', `${name}: not a CSV text file (binary data at byte ${nul})${zip ? '; it looks like an .xlsx or .zip: export it as CSV' : ''}`);
}

/** A file name as a POSIX shell reads it back: as it is when it holds no special character, else single-quoted. */
function shellWord(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The bytes at the end of bytes that begin a UTF-8 character not complete there (copied), or none. */
function cutCharacter(bytes: Uint8Array): Uint8Array {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 3; i--) {
    const b = bytes[i];
    if (b < 0x80) return EMPTY;
    if (b >= 0xc0) return i + utf8Length(b) > bytes.length ? Uint8Array.from(bytes.subarray(i)) : EMPTY;
  }
  return EMPTY;
}

/** The length of the UTF-8 character a byte begins: 1–4, or 0 for a byte no character begins with. */
function utf8Length(b: number): number {
  return b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
}

/** Offset of the first byte that breaks UTF-8 in bytes (only called after the decoder refused them). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = utf8Length(b);
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return i;
}

/** The 1-based line holding byte offset at (only on the error path: it rereads the file up to there). */
function lineAtByte(fd: number, at: number): number {
  const buf = Buffer.allocUnsafe(1 << 16);
  let line = 1;
  let cr = false;
  for (let pos = 0; pos < at; ) {
    const got = readSync(fd, buf, 0, Math.min(buf.length, at - pos), pos);
    if (got === 0) break;
    // Line breaks as the scanner counts them: LF, CRLF (once) or a lone CR.
    for (let i = 0; i < got; i++) {
      const c = buf[i];
      if (c === LF ? !cr : c === CR) line++;
      cr = c === CR;
    }
    pos += got;
  }
  return line;
}
