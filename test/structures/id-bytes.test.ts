/**
 * Ids by their bytes (issue 12): zero-padded numbered forms, ASCII ids hashed where they lie
 * (UUIDs, e-mails), and the merges of two tables by their stored bytes — each against plain
 * Maps and Sets of the ids' text, whatever mix of ways the same id arrives in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctIds } from '../../src/structures/distinct-ids.js';
import { IdValue } from '../../src/structures/id-value.js';
import { IdForm, IdNumbering } from '../../src/structures/numbered-id.js';
import { NOT_ASCII, StringTable } from '../../src/structures/string-table.js';
import { TicketIds } from '../../src/structures/ticket-ids.js';

/** Ids of every shape the bench has, and their near misses. */
const anyId = fc.oneof(
  fc.integer({ min: 0, max: 400 }).map((n) => `TK${String(n).padStart(5, '0')}`),
  fc.integer({ min: 0, max: 400 }).map((n) => `TK${n}`),
  fc.integer({ min: 0, max: 400 }).map((n) => `INC${String(n).padStart(7, '0')}`),
  fc.integer({ min: 0, max: 50 }).map((n) => `u${n % 7}.x${n}@ex.io`),
  fc.integer({ min: 0, max: 50 }).map((n) => `${(n * 2654435761 >>> 0).toString(16).padStart(8, '0')}-4a1b-9c2d-${n}`),
  fc.constantFrom('TK000000', 'TK0', '0', '00', '007', 'TK1234567', 'ü7', 'é@x', 'x', 'TK00001 '),
);

const bytesOf = (s: string) => Buffer.from(`;${s};`, 'latin1');
const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

describe('IdForm: each numbered form is a bijection', () => {
  it('learns unpadded and zero-padded forms from an example', () => {
    expect(IdForm.of('TK00000001')).toEqual(new IdForm('TK', 8));
    expect(IdForm.of('INC0010001')).toEqual(new IdForm('INC', 7));
    expect(IdForm.of('T7')).toEqual(new IdForm('T', 0));
    expect(IdForm.of('0')).toEqual(new IdForm('', 0));
    expect(IdForm.of('a@b.io')).toBeNull();
    const padded = new IdForm('TK', 8);
    expect(padded.text(7)).toBe('TK00000007');
    expect(padded.numberOf('TK00000007')).toBe(7);
    expect(padded.numberOf('TK7')).toBe(-1);
    expect(padded.numberOf('TK000000007')).toBe(-1);
    expect(padded.text(123456789)).toBe('TK123456789'); // wider than the form: not of it…
    expect(padded.numberOf('TK123456789')).toBe(-1); // …so never numbered under it
  });
  it('an id numbered under a form is exactly the text of its number; bytes and text agree', () => {
    fc.assert(
      fc.property(anyId, anyId, (example, id) => {
        const form = IdForm.of(example);
        if (form === null) return;
        const v = form.numberOf(id);
        if (v >= 0) expect(form.text(v)).toBe(id);
        const b = bytesOf(id);
        if (isAscii(id)) expect(form.numberAt(b, 1, b.length - 1)).toBe(v);
      }),
      { numRuns: 3000 },
    );
  });
  it('writeText writes the bytes of text(v), or refuses (−1) a non-ASCII prefix or too little room', () => {
    fc.assert(
      fc.property(fc.constantFrom('', 'T', 'INC', 'x-'), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2 ** 50 }), (prefix, width, v) => {
        const form = new IdForm(prefix, width);
        const into = new Uint8Array(40);
        const n = form.writeText(v, into);
        expect(Buffer.from(into.subarray(0, n)).toString('latin1')).toBe(form.text(v));
      }),
      { numRuns: 2000 },
    );
    expect(new IdForm('Nº', 0).writeText(5, new Uint8Array(8))).toBe(-1);
    expect(new IdForm('T', 0).writeText(12345, new Uint8Array(4))).toBe(-1);
  });
  it('a shuffled numbered id goes to the table by the bytes of its text, found again as text', () => {
    const t = new TicketIds();
    for (const [v, line] of [[50, 2], [10, 3], [30, 4], [20, 5]]) expect(t.see(`TK${String(v).padStart(4, '0')}`, line)).toBe(0);
    expect(t.table.size).toBe(2); // 30 and 20 lie between the runs' ends (10 and 50)
    expect(t.table.get(0)).toBe('TK0030');
    expect(t.see('TK0030', 9)).toBe(4);
  });
  it('IdNumbering makes no string for ids without trailing digits', () => {
    const n = new IdNumbering();
    const b = Buffer.from('ana@ex.io');
    expect(n.ofBytes(b, 0, b.length, () => { throw new Error('decoded'); })).toBe(-1);
    expect(n.form).toBeNull();
  });
});

describe('ids by their bytes against a Map', () => {
  it('TicketIds: the same first line whether an id comes as text, number or bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyId, fc.constantFrom('text', 'bytes')), { maxLength: 300 }), (ids) => {
        const t = new TicketIds();
        const first = new Map<string, number>();
        ids.forEach(([x, how], i) => {
          const line = i + 2;
          let got: number;
          const b = bytesOf(x);
          const decode = (a: number, z: number) => b.toString('latin1', a, z);
          // The reader's order: the number first, else the bytes when ASCII, else the text.
          const v = how === 'bytes' && isAscii(x) ? t.numberAt(b, 1, b.length - 1, decode) : -1;
          if (v >= 0) got = t.seeNumber(v, () => x, line);
          else if (how === 'bytes' && isAscii(x)) got = t.seeAscii(b, 1, b.length - 1, line);
          else got = t.see(x, line);
          expect(got).toBe(first.get(x) ?? 0);
          if (!first.has(x)) first.set(x, line);
        });
      }),
      { numRuns: 400 },
    );
  });
  it('TicketIds.append by stored bytes: parts of byte-read ids joined as one reader would', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyId, { maxLength: 40 }), { minLength: 2, maxLength: 4 }), (parts) => {
        const read = (p: string[]) => {
          const t = new TicketIds();
          p.forEach((x, i) => {
            const b = bytesOf(x);
            const v = isAscii(x) ? t.numberAt(b, 1, b.length - 1, (a, z) => b.toString('latin1', a, z)) : -1;
            if (v >= 0) t.seeNumber(v, () => x, i + 1);
            else if (isAscii(x)) t.seeAscii(b, 1, b.length - 1, i + 1);
            else t.see(x, i + 1);
          });
          return t;
        };
        const firstLine = new Map<string, number>();
        const combined = read(parts[0]);
        parts[0].forEach((x, i) => firstLine.has(x) || firstLine.set(x, i + 1));
        let offset = parts[0].length;
        for (let k = 1; k < parts.length; k++) {
          // Within a part an id may repeat (the part's own problem); across parts it makes append refuse.
          const shared = parts[k].some((x) => firstLine.has(x));
          const other = read(parts[k]);
          expect(combined.shares(other)).toBe(shared);
          expect(combined.append(other, offset)).toBe(!shared);
          if (shared) break;
          parts[k].forEach((x, i) => firstLine.has(x) || firstLine.set(x, offset + i + 1));
          offset += parts[k].length;
        }
        for (const [x, line] of firstLine) expect(combined.see(x, 9999)).toBe(line);
      }),
      { numRuns: 300 },
    );
  });
  it('DistinctIds: addAscii, addNumbered and add count one id once, through bitmaps and byte merges', () => {
    const dense = fc.integer({ min: 0, max: 3000 }).map((n) => `C${String(n).padStart(6, '0')}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(anyId, dense, dense), { maxLength: 3000 }), fc.array(fc.oneof(anyId, dense), { maxLength: 2500 }), (xs, ys) => {
        const fill = (list: string[]) => {
          const d = new DistinctIds();
          const numbering = new IdNumbering();
          const id = new IdValue();
          list.forEach((x, i) => {
            const b = bytesOf(x);
            // As the ticket reader holds a customer: number, bytes or text, in turn.
            const v = i % 3 === 0 && isAscii(x) ? numbering.ofBytes(b, 1, b.length - 1, (a, z) => b.toString('latin1', a, z)) : -1;
            if (v >= 0) id.setNumbered(numbering.form!, v);
            else if (i % 3 !== 2 && isAscii(x)) id.setAscii(b, 1, b.length - 1);
            else id.set(x);
            expect(id.toString()).toBe(x);
            id.addTo(d);
          });
          return d;
        };
        const a = fill(xs), b = fill(ys);
        expect(a.size).toBe(new Set(xs).size);
        a.merge(b);
        expect(a.size).toBe(new Set([...xs, ...ys]).size);
      }),
      { numRuns: 60 },
    );
  });
  it('StringTable.addAscii refuses non-ASCII bytes and agrees with add on the rest', () => {
    const t = new StringTable();
    const b = Buffer.from('a@x.io,é', 'utf8');
    expect(t.addAscii(b, 0, 6)).toBe(0);
    expect(t.add('a@x.io')).toBe(-1);
    expect(t.addAscii(b, 7, b.length)).toBe(NOT_ASCII);
    const u = new StringTable();
    u.add('ü'); // a 16-bit arena: bytes are still compared as code units
    expect(u.addAscii(b, 0, 6)).toBe(1);
    expect(u.indexOf('a@x.io')).toBe(1);
  });
  it('an IdValue held as bytes keeps its text when copied, after the buffer changes', () => {
    const b = Buffer.from('abc@x.io');
    const id = new IdValue().setAscii(b, 0, b.length);
    const kept = id.copy();
    b.fill(0x7a);
    expect(kept.toString()).toBe('abc@x.io');
  });
});
