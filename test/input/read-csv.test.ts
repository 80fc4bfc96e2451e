/**
 * The file reader's byte handling where its 1 MB chunks meet (read-csv.ts): a character cut
 * in two by a chunk boundary, a UTF-8 check that must go on into a chunk of plain ASCII, the
 * end of the file inside a character, and the byte order marks. Offsets are worked out by
 * hand from the chunk size.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/input/csv/read-csv.js';
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

  it('the file ending inside a character', async () => {
    const r = await run(Buffer.concat([Buffer.from(`${HEADER}T1,2026-03-02,jos`), Buffer.from([0xc3])]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^csm-kpi: t\\.csv:2: not valid UTF-8 \\(byte ${HEADER.length + 17}\\); `));
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
});

/** readCsv in-process on a file of text: the header, each record with its line, where it stopped. */
function readText(text: string, range?: CsvRange) {
  const path = join(scratch({ 't.csv': text }), 't.csv');
  const header: string[][] = [];
  const records: [string[], number][] = [];
  const end = readCsv({ path, name: 't.csv', encoding: 'utf-8' }, (h) => header.push(h.fields), (fields, line) => void records.push([fields.slice(), line]), range);
  return { header, records, end };
}

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

describe('a file that opens but cannot be read', () => {
  // Linux's /proc/self/mem opens, and reading its first page is an I/O error.
  it.skipIf(process.platform !== 'linux')('"cannot read" with the system\'s code', () => {
    expect(() => readCsv({ path: '/proc/self/mem', name: 'm.csv', encoding: 'utf-8' }, () => undefined, () => undefined)).toThrow(new CsmError('CSM_FILE_UNREADABLE', 'm.csv: cannot read (EIO)'));
  });
});
