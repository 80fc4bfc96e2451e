/**
 * Record starts found near any byte offset (input/csv/record-start.ts), against the record
 * starts known from building the file: never a line break inside a quoted field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORDS_CHECKED, recordEnd, recordStartIn } from '../../src/input/csv/record-start.js';

const field = fc.oneof(
  fc.constantFrom('', 'T1', 'solved', '2026-03-04 09:15', '42'),
  // Quoted: commas, doubled quotes, line breaks (LF and CRLF), text that looks like a record.
  fc.constantFrom('"a, b"', '"say ""hi"""', '"line one\nline two"', '"x\r\ny"', '"\nT9,2026-01-01,solved\n"', '"T2,x,y\n3,4,5"', '""'),
);

function build(records: string[][], crlf: boolean): { text: Buffer; starts: number[] } {
  let text = 'id,a,b\n';
  const starts: number[] = [];
  for (const r of records) {
    starts.push(Buffer.byteLength(text));
    text += r.join(',') + (crlf ? '\r\n' : '\n');
  }
  return { text: Buffer.from(text), starts };
}

describe('recordStartIn', () => {
  it('finds the first true record start after the first line break at or after any offset', () => {
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }), fc.boolean(), (records, crlf) => {
        const { text, starts } = build(records, crlf);
        for (let from = 0; from < text.length; from++) {
          const got = recordStartIn(text, from, text.length, 3, 44, true);
          const nl = text.indexOf(10, from);
          // Every record start is a line start; which line starts are record starts is what is tested.
          const want = starts.find((s) => s > nl);
          // In the file's last window a start followed by fewer than RECORDS_CHECKED records, all
          // well-formed to the end, counts: none is missed.
          expect(got).toBe(want ?? -1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('by hand: inside a quoted field, the next lines are not taken', () => {
    const text = Buffer.from('id,a,b\nT1,"x\nT2,y,z\nw",1\nT3,2,3\nT4,4,4\nT5,5,5\n');
    // From inside T1's quoted field, "T2,y,z" looks like a record, but its next line ("w",1) is not.
    expect(recordStartIn(text, 9, text.length, 3, 44, true)).toBe(text.indexOf('T3'));
    expect(recordEnd(text, text.indexOf('T1'), text.length, 3, 44)).toBe(text.indexOf('T3'));
    expect(recordEnd(text, text.indexOf('w"'), text.length, 3, 44)).toBe(-1);
    // A window ending inside a record: unknown (−2), not a failure.
    expect(recordEnd(text, text.indexOf('T1'), text.indexOf('T2'), 3, 44)).toBe(-2);
  });

  it('by hand: at the edges of the window, unknown (−2) rather than a guess from the bytes after it', () => {
    const b = (t: string) => Buffer.from(t);
    // A quoted field no quote closes anywhere after it.
    expect(recordEnd(b('T1,"abc'), 3, 7, 3, 44)).toBe(-2);
    // The window ends right after a closing quote, an unquoted field, or a CR whose LF is past it.
    expect(recordEnd(b('"a"\n'), 0, 3, 1, 44)).toBe(-2);
    expect(recordEnd(b('abc\n'), 0, 3, 1, 44)).toBe(-2);
    expect(recordEnd(b('abc"'), 0, 3, 1, 44)).toBe(-2);
    expect(recordEnd(b('a,b,c\r\n'), 0, 6, 3, 44)).toBe(-2);
    expect(recordEnd(b('a,b,c\r\n'), 0, 7, 3, 44)).toBe(7);
  });

  it('by hand: a lone CR, text after a closing quote, a quote inside an unquoted field: not a record', () => {
    const b = (t: string) => Buffer.from(t);
    expect(recordEnd(b('ab\rcd\n'), 0, 6, 1, 44)).toBe(-1);
    expect(recordEnd(b('"a"x\n'), 0, 5, 1, 44)).toBe(-1);
    expect(recordEnd(b('a"b\n'), 0, 4, 1, 44)).toBe(-1);
    expect(recordEnd(b('"a""b"\n'), 0, 7, 1, 44)).toBe(7);
  });

  it('by hand: a line break at the window\'s first byte; the file\'s last records, fewer than RECORDS_CHECKED', () => {
    const text = Buffer.from('\nA\nB\nC\nD\n');
    expect(recordStartIn(text, 0, text.length, 1, 44, false)).toBe(1);
    const tail = Buffer.from('h\n' + 'A\n'.repeat(RECORDS_CHECKED - 1));
    expect(recordStartIn(tail, 0, tail.length, 1, 44, true)).toBe(2);
    // Not the file's end: fewer records than RECORDS_CHECKED are not enough to tell.
    expect(recordStartIn(tail, 0, tail.length, 1, 44, false)).toBe(-1);
  });
});
