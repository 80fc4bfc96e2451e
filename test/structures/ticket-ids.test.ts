import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TicketIds } from '../../src/structures/ticket-ids.js';

describe('TicketIds', () => {
  it('finds every repeat, whatever the order and the form of the ids (against a Map)', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 60 }).map((n) => `T${n}`),
      fc.integer({ min: 0, max: 60 }).map((n) => String(n)),
      fc.constantFrom('T007', 'T0', '0', '00', 'abc', 'T', 'X5', 'T99999999999999999'),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 200 }), fc.boolean(), (ids, sorted) => {
        const list = sorted ? [...ids].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)) : ids;
        const t = new TicketIds();
        const first = new Map<string, number>();
        list.forEach((x, i) => {
          const line = i + 2;
          expect(t.see(x, line)).toBe(first.get(x) ?? 0);
          if (!first.has(x)) first.set(x, line);
        });
      }),
      { numRuns: 500 },
    );
  });
  it('gives the same answers when ids come as bytes (the reader\'s fast path) as when they come as text', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 60 }).map((n) => `T${n}`),
      fc.integer({ min: 0, max: 60 }).map((n) => String(n)),
      fc.constantFrom('T007', 'T0', '0', '00', 'abc', 'T', 'X5', 'T1x', 'T99999999999999999', 'T12345678901234567', 'T1234'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(id, fc.boolean()), { maxLength: 200 }), (ids) => {
        const t = new TicketIds();
        const first = new Map<string, number>();
        ids.forEach(([x, asBytes], i) => {
          const line = i + 2;
          const bytes = Buffer.from(` ${x} `);
          const decode = (a: number, b: number) => bytes.toString('latin1', a, b);
          const v = asBytes ? t.numberAt(bytes, 1, bytes.length - 1, decode) : -1;
          expect(v >= 0 ? t.seeNumber(v, () => x, line) : t.see(x, line)).toBe(first.get(x) ?? 0);
          if (!first.has(x)) first.set(x, line);
        });
      }),
      { numRuns: 500 },
    );
  });
  it('shares and append answer as one reader of both parts would, whatever the order of the ids', () => {
    const id = fc.oneof(fc.integer({ min: 0, max: 80 }).map((n) => `T${n}`), fc.integer({ min: 0, max: 9 }).map((n) => `x${n}y`), fc.constantFrom('T07', 'U3'));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(id, { maxLength: 30 }), fc.constantFrom('as is', 'up', 'down')), { minLength: 1, maxLength: 4 }), (spec) => {
        // Parts in export order (ids rising or falling) as well as shuffled, so runs form.
        const num = (x: string) => Number(x.replace(/\D/g, '') || -1);
        const parts = spec.map(([p, order]) => (order === 'as is' ? p : [...p].sort((a, b) => (order === 'up' ? num(a) - num(b) : num(b) - num(a)))));
        // Each part read apart (lines from 1), as a worker reads its segment.
        const ids = parts.map((p) => {
          const t = new TicketIds();
          p.forEach((x, i) => t.see(x, i + 1));
          return t;
        });
        // Expected, from plain sets: the first line of each id in the file read in one go.
        const firstLine = new Map<string, number>();
        const combined = ids[0];
        parts[0].forEach((x, i) => firstLine.has(x) || firstLine.set(x, i + 1));
        let offset = parts[0].length;
        let k = 1;
        for (; k < ids.length; k++) {
          const shared = parts[k].some((x) => firstLine.has(x));
          expect(combined.shares(ids[k])).toBe(shared);
          expect(ids[k].shares(combined)).toBe(shared);
          expect(combined.append(ids[k], offset)).toBe(!shared);
          if (shared) break; // a refused part changes nothing; the caller reads on sequentially
          parts[k].forEach((x, i) => firstLine.has(x) || firstLine.set(x, offset + i + 1));
          offset += parts[k].length;
        }
        // Every id taken in is known with the line of its first row; the refused part's new ids are not.
        for (const [x, line] of firstLine) expect(combined.see(x, 999)).toBe(line);
        if (k < ids.length) for (const x of new Set(parts[k])) if (!firstLine.has(x)) expect(combined.see(x, 999)).toBe(0);
      }),
      { numRuns: 400 },
    );
  });
  it('keeps increasing numbered ids out of the hash table', () => {
    const t = new TicketIds();
    for (let i = 1; i <= 10000; i++) expect(t.see(`INC${i}`, i + 1)).toBe(0);
    expect(t.table.size).toBe(0);
    expect(t.see('INC500', 99999)).toBe(501);
    expect(t.see('INC0500', 99999)).toBe(0); // a leading zero makes a different id
  });
  it('keeps decreasing numbered ids (newest first) out of the hash table too', () => {
    const t = new TicketIds();
    for (let i = 10000; i >= 1; i--) expect(t.see(`${i}`, 10002 - i)).toBe(0);
    expect(t.table.size).toBe(0);
    expect(t.numbered).toBe(10000);
    expect(t.see('5000', 99999)).toBe(5002);
    expect(t.see('10000', 99999)).toBe(2);
  });
  it('appends a later part as a block when its ids continue either run', () => {
    const read = (ids: string[]) => {
      const t = new TicketIds();
      ids.forEach((x, i) => t.see(x, i + 1));
      return t;
    };
    const up = read(['T1', 'T2', 'T3']);
    expect(up.append(read(['T4', 'T5']), 3)).toBe(true);
    expect(up.table.size).toBe(0);
    expect(up.see('T5', 99)).toBe(5);
    const down = read(['9', '8', '7']);
    expect(down.append(read(['6', '5', '4']), 3)).toBe(true);
    expect(down.table.size).toBe(0);
    expect(down.see('4', 99)).toBe(6);
    expect(down.append(read(['2', '7']), 6)).toBe(false); // 7 again
  });
  it('tells whether two parts share an id', () => {
    const a = new TicketIds(), b = new TicketIds();
    for (let i = 1; i <= 100; i++) a.see(`T${i}`, i);
    for (let i = 101; i <= 200; i++) b.see(`T${i}`, i);
    expect(a.shares(b)).toBe(false);
    b.see('T250', 300); // out of order in b: goes to b's table; not one of a's
    expect(a.shares(b)).toBe(false);
    b.see('T50', 301); // one of a's, in b's table
    expect(a.shares(b)).toBe(true);
    const c = new TicketIds(), d = new TicketIds();
    c.see('uuid-a', 1);
    d.see('uuid-b', 2);
    expect(c.shares(d)).toBe(false);
    d.see('uuid-a', 3);
    expect(c.shares(d)).toBe(true);
  });
});
