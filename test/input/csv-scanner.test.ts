import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanner, CsvSyntaxError, detectDelimiter } from '../../src/input/csv-scanner.js';

function scan(text: string, chunks: number[] = [], delimiter = ','): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const s = new CsvScanner(delimiter.charCodeAt(0), (fields, line) => out.push({ fields: fields.slice(), line }));
  let at = 0;
  for (const size of chunks) {
    s.push(text.slice(at, at + size));
    at += size;
  }
  s.push(text.slice(at));
  s.end();
  return out;
}

describe('CsvScanner', () => {
  it('reads quoted commas, doubled quotes and newlines inside quotes', () => {
    const text = 'id,note\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n';
    expect(scan(text).map((r) => r.fields)).toEqual([['id', 'note'], ['1', 'a, b'], ['2', 'say "hi"'], ['3', 'two\nlines']]);
  });
  it('gives the physical line where each record starts, after multi-line fields and blank lines', () => {
    const text = 'h1,h2\r\n1,"x\r\ny\r\nz"\r\n\r\n2,w\r\n3,v';
    expect(scan(text).map((r) => r.line)).toEqual([1, 2, 6, 7]);
  });
  it('handles CRLF, LF and a last record without a newline', () => {
    expect(scan('a,b\r\n1,2\r\n3,4').map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(scan('a,b\n1,2\n').map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2']]);
  });
  it('treats a lone CR as a record end, and mixes fast and slow lines', () => {
    expect(scan('a,b\r1,2\r\n3,"x"\n4,5').map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3', 'x']],
      [4, ['4', '5']],
    ]);
  });
  it('keeps empty fields, including a trailing one', () => {
    expect(scan('a,,c,\n').map((r) => r.fields)).toEqual([['a', '', 'c', '']]);
    expect(scan('""\n').map((r) => r.fields)).toEqual([['']]);
  });
  it('reads semicolon and tab delimited text', () => {
    expect(scan('a;"b;c"\n', [], ';')[0].fields).toEqual(['a', 'b;c']);
    expect(scan('a\tb\n', [], '\t')[0].fields).toEqual(['a', 'b']);
  });
  it('refuses an unclosed quote, naming the line where the record started', () => {
    expect(() => scan('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    try {
      scan('a,b\n1,"open\n2,3\n');
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(2);
      expect((e as Error).message).toMatch(/never closed/);
    }
  });
  it('refuses text after a closing quote', () => {
    expect(() => scan('a,b\n"x"y,2\n')).toThrow(/after a closing quote/);
  });
  it('keeps a quote inside an unquoted field as a character', () => {
    expect(scan('5" screen,2\n')[0].fields).toEqual(['5" screen', '2']);
  });
});

describe('CsvScanner against csv-parse (the reference)', () => {
  const cell = fc.oneof(
    fc.constantFrom('', 'a', 'b c', ' x ', 'é ü', '1.5', '2026-03-04 09:15'),
    fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', ';', 'ñ'), maxLength: 8 }),
  );
  const quoteIfNeeded = (v: string, force: boolean) => (force || /[",\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
  const table = fc
    .record({
      width: fc.integer({ min: 1, max: 5 }),
      rows: fc.integer({ min: 1, max: 12 }),
      eol: fc.constantFrom('\n', '\r\n'),
      trailing: fc.boolean(),
      seed: fc.array(fc.tuple(cell, fc.boolean()), { minLength: 60, maxLength: 60 }),
      bom: fc.boolean(),
    })
    .map(({ width, rows, eol, trailing, seed, bom }) => {
      const records: string[][] = [];
      let k = 0;
      for (let r = 0; r < rows; r++) {
        const rec: string[] = [];
        for (let c = 0; c < width; c++) rec.push(seed[k++ % seed.length][0]);
        records.push(rec);
      }
      k = 0;
      const text = records.map((rec) => rec.map((v) => quoteIfNeeded(v, seed[k++ % seed.length][1])).join(',')).join(eol) + (trailing ? eol : '');
      return { text: (bom ? '\ufeff' : '') + text, records, bom };
    });

  it('yields the same records as csv-parse for any text and any chunking', () => {
    fc.assert(
      fc.property(table, fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 40 }), ({ text, bom }, cuts) => {
        const body = bom ? text.slice(1) : text; // the file reader strips the BOM before scanning
        const expected = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
        expect(scan(body, cuts).map((r) => r.fields)).toEqual(expected);
        expect(scan(body).map((r) => r.fields)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent of comma, semicolon and tab outside quotes', () => {
    expect(detectDelimiter('a,b,c\n')).toBe(',');
    expect(detectDelimiter('a;b;"c,d,e"\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
  });
});
