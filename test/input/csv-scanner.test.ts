import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanner, CsvSyntaxError, detectDelimiter } from '../../src/input/csv/scanner.js';
import { stress } from '../scale.js';

/** Pushes text's UTF-8 bytes into s in chunks of the given sizes (which may cut a character in two), then ends it. */
function pushAll(s: CsvScanner, text: string, chunks: number[]): void {
  const bytes = Buffer.from(text);
  let at = 0;
  for (const size of chunks) {
    s.push(bytes.subarray(at, at + size));
    at += size;
  }
  s.push(bytes.subarray(at));
  s.end();
}

/** Each record of text with the line it starts on. */
function scan(text: string, chunks: number[] = [], delimiter = ','): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  pushAll(new CsvScanner(delimiter.charCodeAt(0), (fields, line) => out.push({ fields: fields.slice(), line })), text, chunks);
  return out;
}

describe('CsvScanner', () => {
  it('reads quoted commas, doubled quotes and newlines inside quotes', () => {
    const text = 'id,note\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n';
    expect(scan(text).map((r) => r.fields)).toEqual([['id', 'note'], ['1', 'a, b'], ['2', 'say "hi"'], ['3', 'two\nlines']]);
  });
  it('counts a lone CR inside a quoted field as a line, whether or not the field also holds a "" pair', () => {
    // Line 2's field runs to line 3 either way: the next record starts on line 4.
    expect(scan('h1,h2\n1,"x\ry"\n2,z\n').map((r) => r.line)).toEqual([1, 2, 4]);
    expect(scan('h1,h2\n1,"x\ry"""\n2,z\n').map((r) => r.line)).toEqual([1, 2, 4]);
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
  it('says which field of the record an error is in, from 0, in whichever chunks the bytes come', () => {
    const where = (text: string, chunks: number[] = []) => {
      try {
        scan(text, chunks);
      } catch (e) {
        return { line: (e as CsvSyntaxError).line, field: (e as CsvSyntaxError).field };
      }
      throw new Error('no syntax error');
    };
    expect(where('a,b,c\n1,"x"y,3\n')).toEqual({ line: 2, field: 1 });
    expect(where('a,b,c\n1,2,"x"y\n')).toEqual({ line: 2, field: 2 });
    expect(where('"a"b,c\n')).toEqual({ line: 1, field: 0 });
    expect(where('a,b,c\n1,2,"open\n3\n')).toEqual({ line: 2, field: 2 });
    expect(where('a,b,c\n"open,2,3\n')).toEqual({ line: 2, field: 0 });
    expect(where('a,b,c\n1,2,"x"y\n', [8, 3])).toEqual({ line: 2, field: 2 });
  });
  it('keeps a quote inside an unquoted field as a character', () => {
    expect(scan('5" screen,2\n')[0].fields).toEqual(['5" screen', '2']);
  });
});

describe('RecordView.multiline', () => {
  /** Each record's fields and whether the view said it ran over several lines. */
  function multiline(text: string, chunks: number[] = []): [string, boolean][] {
    const out: [string, boolean][] = [];
    pushAll(new CsvScanner(44, (fields, _line, view) => out.push([fields.join('|'), view.multiline])), text, chunks);
    return out;
  }
  it('is true for a record whose quoted field holds a line break (LF, CRLF, CR), false for one line, quoted or not', () => {
    const text = 'a,b\n1,"x\ny"\n2,"q ""z"""\n3,"p\r\nq"\r\n4,"r\rs"\n5,t\n6,"u"\n';
    const want: [string, boolean][] = [['a|b', false], ['1|x\ny', true], ['2|q "z"', false], ['3|p\r\nq', true], ['4|r\rs', true], ['5|t', false], ['6|u', false]];
    expect(multiline(text)).toEqual(want);
    // The same, pushed a byte at a time (the slow path's records cut anywhere).
    expect(multiline(text, Array.from({ length: text.length }, () => 1))).toEqual(want);
  });
  it('the last record without a line end: one line is not several', () => {
    expect(multiline('a,b\n1,"x""y"')).toEqual([['a|b', false], ['1|x"y', false]]);
    expect(multiline('a,b\n1,"x\ny"')).toEqual([['a|b', false], ['1|x\ny', true]]);
    // After a multi-line record, the fast path's next record is one line again.
    expect(multiline('a,b\n1,"x\ny"\n2,z\n')).toEqual([['a|b', false], ['1|x\ny', true], ['2|z', false]]);
  });
});

describe('CsvScanner decoding bytes', () => {
  function scanBytes(bytes: Buffer, encoding: 'utf-8' | 'latin1' | 'windows-1252', cut: number, lazy: Uint8Array | null = null) {
    const out: string[][] = [];
    const s = new CsvScanner(44, (fields, _line, view) => out.push(view.materialize(fields)), 1, encoding);
    s.setLazy(lazy);
    s.push(bytes.subarray(0, cut));
    s.push(bytes.subarray(cut));
    s.end();
    return out;
  }
  const text = 'id,name,note\n1,José,"Ça va, «bien»"\n2,plain,x\n3,Zoë,€5\n';
  it('decodes UTF-8 fields, whatever byte a chunk ends at (inside a character too)', () => {
    const bytes = Buffer.from(text);
    const want = [['id', 'name', 'note'], ['1', 'José', 'Ça va, «bien»'], ['2', 'plain', 'x'], ['3', 'Zoë', '€5']];
    for (let cut = 0; cut <= bytes.length; cut++) expect(scanBytes(bytes, 'utf-8', cut)).toEqual(want);
    // Lazy fields (left unsliced by the scanner) decode the same way through the view.
    expect(scanBytes(bytes, 'utf-8', 20, new Uint8Array([0, 1, 1]))).toEqual(want);
  });
  it('decodes Latin-1 and Windows-1252 bytes (0x80 is € in Windows-1252 only)', () => {
    const bytes = Buffer.from([...Buffer.from('a,b\ncaf'), 0xe9, ...Buffer.from(',5'), 0x80, 0x0a]);
    expect(scanBytes(bytes, 'latin1', 3)).toEqual([['a', 'b'], ['café', '5\x80']]);
    expect(scanBytes(bytes, 'windows-1252', 7)).toEqual([['a', 'b'], ['café', '5€']]);
  });
  it('maps all of Windows-1252 as the WHATWG index does', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((i) => i !== 10 && i !== 13 && i !== 34 && i !== 44));
    const [[decoded]] = scanBytes(Buffer.concat([all, Buffer.from('\n')]), 'windows-1252', 100);
    const special = [...decoded].filter((ch) => ch.codePointAt(0)! > 0xff);
    expect(special.join('')).toBe('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
    expect([...decoded].length).toBe(252);
    expect(decoded.slice(-3)).toBe('ýþÿ');
  });
  it('tells rows of empty cells (spreadsheet padding) from rows with a value, lazy fields included', () => {
    const rows = ['1,x,2', ',,', ' , \t,', '\u00a0,,', ',\u00e9,', ',,0', '"",,'];
    for (const lazy of [null, new Uint8Array([1, 0, 1]), new Uint8Array([1, 1, 1])]) {
      const blank: boolean[] = [];
      const s = new CsvScanner(44, (fields, _line, view) => blank.push(view.isBlank(fields)));
      s.setLazy(lazy);
      s.push(Buffer.from(rows.join('\n') + '\n'));
      s.end();
      expect(blank).toEqual([false, true, true, true, false, false, true]);
    }
  });
  it('gives every record its own fields when lazy records of other lengths and quoted records come between', () => {
    const out: string[][] = [];
    const raw: string[][] = [];
    const s = new CsvScanner(44, (fields, _line, view) => {
      out.push(view.materialize(fields));
      raw.push(fields.slice());
    });
    s.setLazy(new Uint8Array([1, 0, 1]));
    s.push(Buffer.from('1,a,2\n3,b\n4,c,5\n"6""",d,7\n8,e,9\n10,f,11,12\n"13",g,"14"\n'));
    s.end();
    expect(out).toEqual([['1', 'a', '2'], ['3', 'b'], ['4', 'c', '5'], ['6"', 'd', '7'], ['8', 'e', '9'], ['10', 'f', '11', '12'], ['13', 'g', '14']]);
    // Lazy fields of fast-path records (simply quoted ones too) are '' in the array; the
    // record with an escaped quote went the slow path: its fields are real strings.
    expect(raw).toEqual([['', 'a', ''], ['', 'b'], ['', 'c', ''], ['6"', 'd', '7'], ['', 'e', ''], ['', 'f', '', '12'], ['', 'g', '']]);
  });
  it('reads simply quoted fields on the fast path, inside their quotes, at any chunk boundary', () => {
    const text = '"id","note"\r\n"1","a, b"\r\n"","x"\n"2",""\n"3","ü"';
    const want = [['id', 'note'], ['1', 'a, b'], ['', 'x'], ['2', ''], ['3', 'ü']];
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const out: string[][] = [];
      const lazy: boolean[] = [];
      const s = new CsvScanner(44, (fields, _line, view) => {
        out.push(view.materialize(fields));
        lazy.push(view.lazy);
      });
      s.setLazy(new Uint8Array([1, 1]));
      s.push(bytes.subarray(0, cut));
      s.push(bytes.subarray(cut));
      s.end();
      expect(out).toEqual(want);
      expect(lazy.every((l) => l)).toBe(true);
    }
  });
  it('names a non-ASCII character after a closing quote whole', () => {
    expect(() => scan('a,b\n"x"é,2\n')).toThrow('unexpected character "é" after a closing quote');
  });
  it('reads CRLF lines through the fast path, with the CR and LF in different chunks', () => {
    const crlf = 'a,b\r\n1,2\r\n\r\n3,4\r\n';
    for (let cut = 0; cut <= crlf.length; cut++) expect(scan(crlf, [cut]).map((r) => [r.line, r.fields])).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [4, ['3', '4']]]);
  });
  it('grows for records longer than its buffer and for many fields', () => {
    const long = 'x'.repeat(200_000);
    const wide = Array.from({ length: 300 }, (_, i) => String(i)).join(',');
    expect(scan(`a,b\n${long},"${long}"\n${wide}\n`, [70_000, 70_000]).map((r) => r.fields.length)).toEqual([2, 2, 300]);
    expect(scan(`${long},1\n`, [70_000])[0].fields[0]).toBe(long);
  });
});

describe('CsvScanner on very long records', () => {
  /** Bytes looked at to read one record whose quoted field has `size` bytes, pushed in 64 KB chunks. */
  function work(size: number, unit: string): { examined: number; bytes: number; field: number } {
    const body = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const bytes = Buffer.from(`id,note\n1,"${body}"\n2,x\n`);
    let field = 0;
    const s = new CsvScanner(44, (fields) => (field = Math.max(field, fields[1].length)));
    for (let at = 0; at < bytes.length; at += 1 << 16) s.push(bytes.subarray(at, at + (1 << 16)));
    s.end();
    return { examined: s.examined, bytes: bytes.length, field };
  }

  it('reads a field of several MB with "" and line breaks in linear work: twice the size, twice the work', () => {
    // Each chunk used to parse the unfinished record again from its start (25 MB: 8.5 s, 50 MB: 43 s).
    for (const unit of ['say ""hi"" ', 'line\nbreak\r\n', 'plain text, no quotes ']) {
      // Under mutation 512 KB (eight 64 KB chunks): a re-parse per chunk still doubles the ratio.
      const size = stress(2 << 20, 1 << 19);
      const small = work(size, unit);
      const large = work(2 * size, unit);
      expect(large.field).toBeGreaterThan(small.field);
      expect(large.examined / large.bytes).toBeLessThan(4);
      expect(large.examined / small.examined).toBeLessThan(2.2);
    }
  });

  it('keeps the "" and line breaks of such a field, and counts its lines (LF, CRLF, lone CR)', () => {
    const out: { fields: string[]; line: number }[] = [];
    const s = new CsvScanner(44, (fields, line) => out.push({ fields: fields.slice(), line }));
    const text = `a,b\n1,"x""y\r\nz\rw\n${'q'.repeat(200_000)}"\n2,ok\r3,"\r"\r4,end\n`;
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += 1000) s.push(bytes.subarray(at, at + 1000));
    s.end();
    expect(out.map((r) => r.line)).toEqual([1, 2, 6, 7, 9]);
    expect(out[1].fields[1]).toBe(`x"y\r\nz\rw\n${'q'.repeat(200_000)}`);
    expect(out[3].fields).toEqual(['3', '\r']);
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
    expect(detectDelimiter('id|created_at|status')).toBe('|');
    // | only when the line has no , ; or tab outside quotes, however many pipes it has.
    expect(detectDelimiter('id,created_at,Category|Subcategory|Item|Detail')).toBe(',');
    expect(detectDelimiter('a|b|c|d;e')).toBe(';');
    expect(detectDelimiter('a|b|c|d\te')).toBe('\t');
    expect(detectDelimiter('"a,b"|c|d')).toBe('|');
  });
});
