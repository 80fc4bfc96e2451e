/**
 * The file reader's byte handling where its 1 MB chunks meet (read-csv.ts): a character cut
 * in two by a chunk boundary, a UTF-8 check that must go on into a chunk of plain ASCII, the
 * end of the file inside a character, and the byte order marks. Offsets are worked out by
 * hand from the chunk size.
 */
import { describe, expect, it } from 'vitest';
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
