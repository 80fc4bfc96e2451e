import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Interner } from '../../src/structures/interner.js';

function lookUp(interner: Interner, text: string): string {
  const bytes = Buffer.from(`,${text},`);
  return interner.get(bytes, 1, bytes.length - 1, (a, b) => bytes.toString('utf8', a, b));
}

describe('Interner', () => {
  it('gives the same string for the same bytes, decoding only the first time', () => {
    const i = new Interner();
    let decoded = 0;
    const bytes = Buffer.from('solved,open,solved');
    const get = (a: number, b: number) => i.get(bytes, a, b, (x, y) => (decoded++, bytes.toString('utf8', x, y)));
    expect(get(0, 6)).toBe('solved');
    expect(get(7, 11)).toBe('open');
    expect(get(12, 18)).toBe('solved');
    expect(decoded).toBe(2);
  });
  it('tells apart any set of strings, through rehashing and past its cap', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }), (texts) => {
        const i = new Interner();
        for (const t of [...texts, ...texts]) expect(lookUp(i, t)).toBe(t);
      }),
    );
    const i = new Interner();
    for (let k = 0; k < 10_000; k++) expect(lookUp(i, `agent${k % 5000}`)).toBe(`agent${k % 5000}`);
  });
});
