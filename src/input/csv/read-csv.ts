import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CsmError } from '../../errors.js';
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
 * says whether the range ended on a record boundary.
 */
export function readCsv(
  source: CsvSource,
  onHeader: (h: CsvHeader) => void,
  onRecord: RecordHandler,
  range: CsvRange = { from: 0 },
  lazy: Uint8Array | null = null,
): CsvRangeEnd {
  const fd = openFile(source);
  try {
    // Only validates UTF-8 (the scanner decodes fields itself): chunks that are pure ASCII,
    // most of them, skip it; a chunk after a non-ASCII one does not, since a character may
    // straddle the two.
    const validator = source.encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true }) : null;
    let validating = false;
    const buf = Buffer.allocUnsafe(CHUNK);
    let header = range.from === 0;
    let delimiterCode = (range.delimiter ?? source.delimiter ?? ',').charCodeAt(0);
    const handler: RecordHandler = (fields, line, view) => {
      if (header) {
        header = false;
        onHeader({ fields: fields.slice(), line, delimiter: String.fromCharCode(delimiterCode) });
        scanner!.setLazy(lazy); // the header itself is read whole
      } else onRecord(fields, line, view);
    };
    let scanner: CsvScanner | null = range.from === 0 ? null : new CsvScanner(delimiterCode, handler, range.firstLine ?? 1, source.encoding);
    scanner?.setLazy(lazy);
    if (scanner !== null && range.carry) scanner.push(range.carry);
    let pending: Uint8Array | null = null;
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
      if (offset === 0 && got > 0) refuseBinary(source.name, bytes);
      const ascii = validator !== null && got > 0 && isAscii(bytes);
      if (validator !== null && (validating || (got > 0 && !ascii))) {
        try {
          validator.decode(bytes, { stream: got > 0 });
          validating = got > 0 && !ascii;
        } catch {
          const at = offset + firstInvalidUtf8(bytes);
          throw new CsmError(
            'CSM_FILE_ENCODING',
            `${source.name}:${lineAtByte(fd, at)}: not valid UTF-8 (byte ${at}); if the file is Latin-1 or Windows-1252, say so with --encoding latin1`,
          );
        }
      }
      // A UTF-8 byte order mark is not text (Latin-1 and Windows-1252 files have none).
      if (offset === 0 && source.encoding === 'utf-8' && got >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      offset += got;
      try {
        if (scanner === null) {
          pending = pending === null ? Uint8Array.prototype.slice.call(bytes) : Buffer.concat([pending, bytes]);
          // Wait for the whole header line (or the end of the file) before detecting the delimiter.
          if (got > 0 && pending.indexOf(LF) < 0 && pending.indexOf(CR) < 0) continue;
          const text = Buffer.from(pending.buffer, pending.byteOffset, pending.length).toString(source.encoding === 'utf-8' ? 'utf8' : 'latin1');
          if (text.trim().length === 0 && got === 0) throw new CsmError('CSM_FILE_EMPTY', `${source.name}: empty file (no header row)`);
          if (pending.length === 0 && got > 0) continue;
          const d = source.delimiter ?? detectDelimiter(text.replace(/^[\r\n]+/, ''));
          delimiterCode = d.charCodeAt(0);
          scanner = new CsvScanner(delimiterCode, handler, 1, source.encoding);
          scanner.push(pending);
          pending = null;
        } else if (got > 0) scanner.push(bytes);
        if (got === 0) {
          if (range.to !== undefined && offset < fileSize(fd)) return { offset, ...scanner.pending() };
          scanner.end();
          break;
        }
      } catch (e) {
        if (e instanceof CsvSyntaxError) throw new CsmError('CSM_CSV_SYNTAX', `${source.name}:${e.line}: ${e.message}`);
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

function fileSize(fd: number): number {
  return fstatSync(fd).size;
}

function openFile(source: CsvSource): number {
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

/** Text files do not contain NUL bytes; spreadsheets, archives and images do. */
function refuseBinary(name: string, bytes: Uint8Array): void {
  const head = bytes.subarray(0, 8192);
  const nul = head.indexOf(0);
  if (nul < 0) return;
  // UTF-16 text is NUL-heavy too, but deserves its own hint.
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (utf16) throw new CsmError('CSM_FILE_ENCODING', `${name}: is UTF-16 text; save it as UTF-8 CSV`);
  const zip = head[0] === 0x50 && head[1] === 0x4b;
  throw new CsmError(
    'CSM_FILE_BINARY',
    `${name}: not a CSV text file (binary data at byte ${nul})${zip ? '; it looks like an .xlsx or .zip: export it as CSV' : ''}`,
  );
}

/** Offset of the first byte that breaks UTF-8 in bytes (only called after the decoder refused them). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
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
