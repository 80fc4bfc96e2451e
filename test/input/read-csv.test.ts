/**
 * The file reader's byte handling where its 1 MB chunks meet (read-csv.ts): a character cut
 * in two by a chunk boundary, a UTF-8 check that must go on into a chunk of plain ASCII, the
 * end of the file inside a character, and the byte order marks. Offsets are worked out by
 * hand from the chunk size.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, utf16Of } from '../../src/input/csv/read-csv.js';
import type { CsvRange } from '../../src/input/csv/read-csv.js';
import { CsmError } from '../../src/errors.js';
import { cli, scratch } from '../helpers.js';

const CHUNK = 1 << 20;
const HEADER = 'id,created_at,agent\n';

/** Rows of ASCII text ending exactly at byte `end` (the last row's agent padded to fit), and how many. */
function rowsUpTo(end: number, unit: 1 | 2 = 1): { text: string; rows: number } {
  let text = HEADER;
  let rows = 0;
  for (;;) {
    const row = `T${rows},2026-03-02,`;
    const room = end / unit - text.length - row.length;
    if (room < 40) return { text: text + row + 'a'.repeat(room), rows: rows + 1 };
    text += `${row}ana\n`;
    rows++;
  }
}

async function run(bytes: Buffer) {
  const dir = scratch({ 't.csv': bytes });
  return cli(['compute', 't.csv', '--tz', 'UTC', '--format', 'json'], { cwd: dir });
}

describe('UTF-8 across chunk boundaries', () => {
  it('a character whose two bytes fall in two chunks is read whole', async () => {
    const { text, rows } = rowsUpTo(CHUNK - 1);
    const r = await run(Buffer.concat([Buffer.from(text), Buffer.from('é\nX1,2026-03-02,bo\n')]));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).kpis.ticket_volume.value).toBe(rows + 1);
  });

  it('a lead byte at the end of a chunk, plain ASCII after it: the check goes on into that chunk', async () => {
    const { text, rows } = rowsUpTo(CHUNK - 1);
    const r = await run(Buffer.concat([Buffer.from(text), Buffer.from([0xc3]), Buffer.from('x\nX1,2026-03-02,bo\n')]));
    expect(r.code).toBe(2);
    // The header is line 1: the last row before the boundary is line rows + 1.
    expect(r.stderr).toMatch(new RegExp(`^csm-kpi: t\\.csv:${rows + 1}: not valid UTF-8 \\(byte ${CHUNK - 1}\\); `));
  });

  it('an invalid byte after a character cut by the boundary is placed counting that character once', async () => {
    // € (E2 82 AC): two bytes end the first chunk, one starts the second; 0xFF comes 17 bytes later.
    const { text, rows } = rowsUpTo(CHUNK - 2);
    const r = await run(Buffer.concat([Buffer.from(text), Buffer.from('€\nX1,2026-03-02,b'), Buffer.from([0xff]), Buffer.from('\n')]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^csm-kpi: t\\.csv:${rows + 2}: not valid UTF-8 \\(byte ${CHUNK + 17}\\); `));
  });

  it('the file ending inside a character', async () => {
    const r = await run(Buffer.concat([Buffer.from(`${HEADER}T1,2026-03-02,jos`), Buffer.from([0xc3])]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^csm-kpi: t\\.csv:2: not valid UTF-8 \\(byte ${HEADER.length + 17}\\); `));
  });

  it('U+FEFF where a later chunk starts is text, not a byte order mark', () => {
    const { text } = rowsUpTo(CHUNK);
    const r = readText(Buffer.concat([Buffer.from(text), Buffer.from('\ufeffz\n')]));
    expect(r.records.at(-1)![0][2]).toMatch(/^a+\ufeffz$/);
  });

  it('in a Latin-1 file the bytes EF BB BF are text ("ï»¿"), not a byte order mark', () => {
    const path = join(scratch({ 't.csv': Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('id\nT1\n')]) }), 't.csv');
    const header: string[][] = [];
    readCsv({ path, name: 't.csv', encoding: 'latin1' }, (h) => void header.push(h.fields), () => undefined);
    expect(header).toEqual([['ï»¿id']]);
  });

  it('a byte order mark is no text: a quoted first header name after it is read as quoted', async () => {
    const r = await run(Buffer.from('\ufeff"id","created_at"\nT1,2026-03-02\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).kpis.ticket_volume.value).toBe(1);
  });
});

describe('UTF-16 across chunk boundaries', () => {
  it('a surrogate pair whose four bytes fall in two chunks is read whole', async () => {
    // Byte order mark (2 bytes), then text up to byte CHUNK − 2: the pair takes bytes CHUNK − 2 … CHUNK + 1.
    const { text, rows } = rowsUpTo(CHUNK - 4, 2);
    const r = await run(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${text}😀\nX1,2026-03-02,bo\n`, 'utf16le')]));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).kpis.ticket_volume.value).toBe(rows + 1);
  });

  it('an odd byte at the end: one line naming the encoding', async () => {
    const r = await run(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}T1,2026-03-02,ana\n`, 'utf16le'), Buffer.from([0x41])]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^csm-kpi: t\.csv: not valid UTF-16 \(an odd byte or a lone surrogate before byte \d+\)\n$/);
  });

  it('a lone surrogate inside the first chunk: the error names the end of that chunk', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}T1,2026-03-02,a`, 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('b\n', 'utf16le')]);
    const r = await run(bytes);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`csm-kpi: t.csv: not valid UTF-16 (an odd byte or a lone surrogate before byte ${bytes.length})\n`);
  });
});

/** readCsv in-process on a file of text: the header, each record with its line, where it stopped. */
function readText(text: string | Buffer, range?: CsvRange) {
  const path = join(scratch({ 't.csv': text }), 't.csv');
  const header: string[][] = [];
  const delimiters: string[] = [];
  const records: [string[], number][] = [];
  const end = readCsv({ path, name: 't.csv', encoding: 'utf-8' }, (h) => void (header.push(h.fields), delimiters.push(h.delimiter)), (fields, line) => void records.push([fields.slice(), line]), range);
  return { header, delimiters, records, end };
}

describe('the first line: Excel\'s "sep=", blank lines, a header longer than a chunk', () => {
  it('a "sep=" line with spaces after it, or after a byte order mark and with CRLF, names the delimiter and counts as line 1', () => {
    const spaced = readText('sep=; \t\nid;created_at\nT1;2026-03-02\n');
    expect([spaced.header, spaced.delimiters, spaced.records]).toEqual([[['id', 'created_at']], [';'], [[['T1', '2026-03-02'], 3]]]);
    const bom = readText(Buffer.from('\ufeffsep=|\r\nid|created_at\r\nT1|2026-03-02\r\n'));
    expect([bom.header, bom.delimiters, bom.records]).toEqual([[['id', 'created_at']], ['|'], [[['T1', '2026-03-02'], 3]]]);
  });
  it('a "sep=" line and nothing else (with or without its line end) is an empty file', () => {
    for (const text of ['sep=;', 'sep=;\r', 'sep=;\r\n', '"sep=;"\n']) {
      expect(() => readText(text), JSON.stringify(text)).toThrow(new CsmError('CSM_FILE_EMPTY', 't.csv: empty file (no header row)'));
    }
  });
  it('refuses a "sep=" line that names a quote, quoted or not', () => {
    for (const text of ['sep="\nid,created_at\n', '"sep=""\nid,created_at\n']) {
      expect(() => readText(text)).toThrow(new CsmError('CSM_CSV_SYNTAX', 't.csv:1: the first line "sep=\"" names a quote as the delimiter'));
    }
  });
  it('blank lines before the header: the delimiter is told from the header, lines counted from the file\'s first', () => {
    const r = readText('\n\r\nid;created_at\nT1;2026-03-02\n');
    expect([r.header, r.delimiters, r.records]).toEqual([[['id', 'created_at']], [';'], [[['T1', '2026-03-02'], 4]]]);
  });
  it('a header line longer than a chunk is read whole before its delimiter is told', () => {
    const long = 'x'.repeat(CHUNK + 10);
    const r = readText(`${long};created_at;agent\nT1;2026-03-02;ana\n`);
    expect(r.delimiters).toEqual([';']);
    expect(r.header[0].map((f) => f.length)).toEqual([CHUNK + 10, 10, 5]);
    expect(r.records).toEqual([[['T1', '2026-03-02', 'ana'], 2]]);
  });
  it('after a "sep=" line, a header longer than a chunk is read whole, under LF, CR and CRLF', () => {
    const long = 'x'.repeat(CHUNK + 10);
    for (const eol of ['\n', '\r', '\r\n']) {
      const r = readText(`sep=,${eol}${long},created_at${eol}T1,2026-03-02${eol}`);
      expect(r.delimiters, JSON.stringify(eol)).toEqual([',']);
      expect(r.header[0].map((f) => f.length)).toEqual([CHUNK + 10, 10]);
      expect(r.records).toEqual([[['T1', '2026-03-02'], 3]]);
    }
  });
  it('the last record without a line end is read, at the end of the first chunk or of a later one', () => {
    expect(readText('id,status\nT1,open\nT2,solved').records).toEqual([[['T1', 'open'], 2], [['T2', 'solved'], 3]]);
    const { text, rows } = rowsUpTo(CHUNK + 100);
    const r = readText(text);
    expect(r.records).toHaveLength(rows);
    expect(r.records.at(-1)![0][2]).toMatch(/^a+$/);
  });
  it('names the line of an invalid UTF-8 byte counting CRLF once and a lone CR as a line end', () => {
    const tail = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    for (const eol of ['\r\n', '\r', '\n']) {
      const head = Buffer.from(`id,created_at,note${eol}1,2026-03-01,a${eol}2,2026-03-01,`);
      const at = head.length + 3;
      expect(() => readText(Buffer.concat([head, tail, Buffer.from(eol)])), JSON.stringify(eol)).toThrow(
        new CsmError('CSM_FILE_ENCODING', `t.csv:3: not valid UTF-8 (byte ${at}); if the file is Latin-1 or Windows-1252, say so with --encoding latin1`),
      );
    }
  });
});

describe('ranges of a file (what parallel reading hands each thread)', () => {
  const text = 'id,status\nT1,open\nT2,solved\nT3,open\n';
  const second = text.indexOf('T2');
  const third = text.indexOf('T3');

  it('a range from byte 0 stops at `to`: the header and the records before it, and where it stopped', () => {
    const r = readText(text, { from: 0, to: third });
    expect(r.header).toEqual([['id', 'status']]);
    expect(r.records).toEqual([[['T1', 'open'], 2], [['T2', 'solved'], 3]]);
    expect([r.end.offset, r.end.line, r.end.rest.length]).toEqual([third, 4, 0]);
  });

  it('a range after the header: no header, lines counted from firstLine, on to the end without `to`', () => {
    const r = readText(text, { from: second, delimiter: ',', firstLine: 3 });
    expect(r.header).toEqual([]);
    expect(r.records).toEqual([[['T2', 'solved'], 3], [['T3', 'open'], 4]]);
    expect(r.end.offset).toBe(text.length);
    // Without a delimiter given: a comma.
    expect(readText(text, { from: second, firstLine: 3 }).records).toEqual(r.records);
  });

  it('extend() grows the range once it reaches `to`; null stops it there', () => {
    // Asked at `to` (on to the end of the file), then at the end (no further).
    const asked: number[] = [];
    const r = readText(text, { from: 0, to: second, extend: () => (asked.push(asked.length), asked.length === 1 ? text.length : null) });
    expect(r.records.map(([f]) => f[0])).toEqual(['T1', 'T2', 'T3']);
    expect(asked).toEqual([0, 1]);
    const stopped = readText(text, { from: 0, to: second, extend: () => null });
    expect(stopped.records.map(([f]) => f[0])).toEqual(['T1']);
    expect(stopped.end.offset).toBe(second);
  });

  it("a syntax error in a range after the header is named by the header's column it was given", () => {
    const broken = 'id,status\nT1,open\nT2,"so"lved\n';
    const range = { from: broken.indexOf('T2'), delimiter: ',', firstLine: 3 };
    expect(() => readText(broken, { ...range, header: ['id', 'status'] })).toThrow('t.csv:3: status: unexpected character "l" after a closing quote');
    // Without the header: its position.
    expect(() => readText(broken, range)).toThrow('t.csv:3: field 2: unexpected character "l" after a closing quote');
  });
});

describe('messages', () => {
  it('a syntax error names the column by its header name as trimmed', () => {
    expect(() => readText('id, status \nT1,"so"lved\n')).toThrow('t.csv:2: status: unexpected character "l" after a closing quote');
  });
  it('a path that cannot be opened for another reason than a missing file: the system\'s code', () => {
    const file = join(scratch({ 'f.csv': 'id\n' }), 'f.csv');
    expect(() => readCsv({ path: join(file, 'x.csv'), name: 'x.csv', encoding: 'utf-8' }, () => undefined, () => undefined)).toThrow(new CsmError('CSM_FILE_UNREADABLE', 'x.csv: cannot open (ENOTDIR)'));
  });
});

describe('a file that opens but cannot be read', () => {
  // Linux's /proc/self/mem opens, and reading its first page is an I/O error.
  it.skipIf(process.platform !== 'linux')('"cannot read" with the system\'s code', () => {
    expect(() => readCsv({ path: '/proc/self/mem', name: 'm.csv', encoding: 'utf-8' }, () => undefined, () => undefined)).toThrow(new CsmError('CSM_FILE_UNREADABLE', 'm.csv: cannot read (EIO)'));
  });
});

describe('utf16Of: a byte order mark, or NULs on one side of the pairs', () => {
  const le = (text: string) => Buffer.from(text, 'utf16le');
  const be = (text: string) => Buffer.from(le(text)).swap16();
  it('the marks, and bytes that only start like one', () => {
    expect(utf16Of(Buffer.from([0xff, 0xfe, 0x41, 0x42]))).toBe('utf-16le');
    expect(utf16Of(Buffer.from([0xfe, 0xff, 0x41, 0x42]))).toBe('utf-16be');
    // Latin-1 "ÿÿ" and "þþ": no mark, no NULs.
    expect(utf16Of(Buffer.from([0xff, 0xff, 0x41, 0x42]))).toBeNull();
    expect(utf16Of(Buffer.from([0xfe, 0xfe, 0x41, 0x42]))).toBeNull();
  });
  it('without a mark: the byte order whose high bytes are NULs, ASCII text not', () => {
    expect(utf16Of(le('id,created_at\n'))).toBe('utf-16le');
    expect(utf16Of(be('id,created_at\n'))).toBe('utf-16be');
    expect(utf16Of(Buffer.from('id,created_at\n'))).toBeNull();
  });
  it('at least 30 % of the pairs text with a NUL; at most 2 % as many that are not text', () => {
    // 100 pairs: 30 of them "a" + NUL, 70 of two letters.
    const pairs = (text: number, other: number, odd = 0) => Buffer.concat([le('a'.repeat(text)), Buffer.from('xy'.repeat(other)), le('\u0001'.repeat(odd))]);
    expect(utf16Of(pairs(30, 70))).toBe('utf-16le');
    expect(utf16Of(pairs(29, 71))).toBeNull();
    // 100 text pairs: 2 control characters (U+0001) allowed, 3 not.
    expect(utf16Of(pairs(100, 0, 2))).toBe('utf-16le');
    expect(utf16Of(pairs(100, 0, 3))).toBeNull();
    const swapped = (b: Buffer) => Buffer.from(b).swap16();
    expect(utf16Of(swapped(pairs(100, 0, 2)))).toBe('utf-16be');
    expect(utf16Of(swapped(pairs(100, 0, 3)))).toBeNull();
    expect(utf16Of(swapped(pairs(30, 70)))).toBe('utf-16be');
    expect(utf16Of(swapped(pairs(29, 71)))).toBeNull();
  });
});

describe('the byte an invalid UTF-8 sequence starts at, by hand', () => {
  const at = (bytes: number[]) => {
    try {
      readText(Buffer.concat([Buffer.from('id\n'), Buffer.from(bytes), Buffer.from('\n')]));
    } catch (e) {
      return /\(byte (\d+)\)/.exec((e as Error).message)?.[1];
    }
    return 'read';
  };
  // "id\n" is bytes 0–2: the sequence starts at byte 3.
  it.each([
    ['a lone continuation byte', [0x80], '3'],
    ['an overlong lead (C0, C1)', [0xc0, 0x80], '3'],
    ['C1', [0xc1, 0xbf], '3'],
    ['a lead byte before ASCII', [0xc2, 0x41], '3'],
    ['a three-byte lead cut short', [0xe2, 0x82, 0x41], '3'],
    ['a four-byte lead cut short', [0xf0, 0x9f, 0x98, 0x41], '3'],
    ['a lead byte past F4', [0xf5, 0x80, 0x80, 0x80], '3'],
    ['after é (2 bytes)', [0xc3, 0xa9, 0xff], '5'],
    ['after € (3 bytes)', [0xe2, 0x82, 0xac, 0xff], '6'],
    ['after 😀 (4 bytes)', [0xf0, 0x9f, 0x98, 0x80, 0xff], '7'],
    ['after ß and ü (C3 and C3)', [0xc3, 0x9f, 0xc3, 0xbc, 0x80], '7'],
    ['after the lowest and highest two-byte leads', [0xc2, 0x80, 0xdf, 0xbf, 0xe0], '7'],
    ['after the lowest and highest four-byte leads', [0xf0, 0x90, 0x80, 0x80, 0xf4, 0x8f, 0xbf, 0xbf, 0x80], '11'],
  ])('%s', (_name, bytes, want) => {
    expect(at(bytes)).toBe(want);
  });
  it('valid text reads', () => {
    expect(at([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80])).toBe('read');
  });
  it('the line of a byte after 64 KB, a CRLF cut by the 64 KB boundary counted once', () => {
    // Lines of "x…x\r\n" so that one CR is byte 65535 and its LF byte 65536.
    const line = `${'x'.repeat(98)}\r\n`;
    const lines = Math.floor(65536 / line.length);
    const head = 'id\r\n' + line.repeat(lines - 1);
    const fill = 65535 - Buffer.byteLength(head);
    const text = Buffer.concat([Buffer.from(head + 'y'.repeat(fill) + '\r\nz'), Buffer.from([0xff]), Buffer.from('\r\n')]);
    expect(text[65535]).toBe(13);
    expect(text[65536]).toBe(10);
    expect(() => readText(text)).toThrow(`t.csv:${lines + 2}: not valid UTF-8 (byte 65538)`);
  });
});
