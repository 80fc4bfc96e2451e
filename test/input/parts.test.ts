/**
 * Reading a tickets file in parts, as the two-thread path does (src/engine/parallel/): a
 * first part from byte 0 up to a cut, then either the rest read on by the same reader
 * (resume, the sequential fallback) or a second part that starts at the cut with the
 * header and line number given. The expected rows come from the generator, which knows
 * each record's first line and creation time: every record exactly once, in order, on its
 * line, whatever the cut (inside a quoted multi-line field included).
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RowProblem } from '../../src/errors.js';
import { loadInputs } from '../../src/input/load.js';
import type { InputFile, LoadOptions } from '../../src/input/load.js';
import type { CsvRange } from '../../src/input/csv/read-csv.js';
import { TimeZone } from '../../src/time/time-zone.js';
import { scratch } from '../helpers.js';
import { NO_RULES } from '../../src/input/header/columns.js';

const options: LoadOptions = {
  read: {
    zone: TimeZone.of('UTC'), csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 5 }, surveyType: null,
    selfServiceChannels: new Set(), nullTokens: new Set(), valueMaps: new Map(), emptyScore: 'error',
  },
  rules: NO_RULES, join: {}, duplicates: 'error', by: [],
};
const HEADER = ['id', 'created_at', 'note', 'contacts'];
const T0 = Date.UTC(2026, 2, 1);

/** Reads `file` (a part of it when range is given) and collects [line, createdAt] per valid row, and the problems. */
function read(file: string, range?: CsvRange, header?: string[]) {
  const rows: [number, number][] = [];
  const input: InputFile = { path: file, name: 't.csv', encoding: 'utf-8', ...(range ? { part: { range, header } } : {}) };
  const sink = { ticket: (r: { line: number; createdAt: number }) => (rows.push([r.line, r.createdAt]), 'used' as const), answer: () => 'used' as const, customer: () => 'used' as const };
  const result = loadInputs([input], options, sink);
  // Problems are kept per file (the first 20; these files have fewer): read them when asked, after a resume too.
  return { rows, get problems(): RowProblem[] { return result.files.flatMap((f) => f.problems); }, files: result.files };
}

// A record: its note is plain, quoted with commas and quotes, or quoted over several lines;
// every fifth has a bad contacts value (a problem on its line).
const note = fc.oneof(fc.constant('plain'), fc.constant('"a, ""b"""'), fc.integer({ min: 1, max: 3 }).map((k) => `"line 1${'\n more'.repeat(k)}"`));
const file = fc.record({ notes: fc.array(note, { minLength: 1, maxLength: 30 }), crlf: fc.boolean() }).map(({ notes, crlf }) => {
  const eol = crlf ? '\r\n' : '\n';
  let text = HEADER.join(',') + eol;
  let line = 2;
  const expected: [number, number][] = [];
  const bad: number[] = [];
  notes.forEach((n, i) => {
    const at = T0 + i * 60_000;
    const contacts = i % 5 === 4 ? 'many' : '1';
    if (contacts === 'many') bad.push(line);
    else expected.push([line, at]);
    text += `T${i + 1},${new Date(at).toISOString()},${n},${contacts}${eol}`;
    line += 1 + (n.match(/\n/g)?.length ?? 0);
  });
  return { text, expected, bad, lines: line - 1 };
});

describe('a tickets file read in parts', () => {
  it('cut at any line start: the first part then resume, or then a second part, read each record once, on its line', () => {
    fc.assert(
      fc.property(file, fc.nat(), ({ text, expected, bad }, pick) => {
        const path = join(scratch({ 't.csv': text }), 't.csv');
        const bytes = Buffer.from(text);
        // Line starts after the header (a cut may fall inside a quoted multi-line note).
        const starts: number[] = [];
        for (let i = bytes.indexOf(10) + 1; i < bytes.length; i = bytes.indexOf(10, i) + 1) starts.push(i);
        const cut = starts[pick % starts.length];
        const whole = read(path);
        expect(whole.rows).toEqual(expected);
        expect(whole.problems.map((p) => p.line)).toEqual(bad);

        const first = read(path, { from: 0, to: cut });
        const end = first.files[0].end!;
        const lineAtCut = 1 + [...bytes.subarray(0, cut)].filter((b) => b === 10).length;
        // The part stops at the cut: on a record boundary unless the cut is inside a note.
        expect(end.offset).toBe(cut);
        const inside = !expected.some(([l]) => l === lineAtCut) && !bad.includes(lineAtCut);
        expect(end.rest.length > 0).toBe(inside);
        expect(end.line).toBe(inside ? Math.max(...[...expected.map(([l]) => l), ...bad].filter((l) => l < lineAtCut)) : lineAtCut);
        first.files[0].resume!();
        expect(first.rows).toEqual(expected);
        expect(first.problems.map((p) => p.line)).toEqual(bad);

        if (!inside) {
          const again = read(path, { from: 0, to: cut });
          const second = read(path, { from: cut, delimiter: ',', firstLine: end.line }, HEADER);
          expect([...again.rows, ...second.rows]).toEqual(expected);
          expect([...again.problems, ...second.problems].map((p) => p.line)).toEqual(bad);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a part that is extended reads on to its new end; a part ended at the end of the file is the whole file', () => {
    const text = `${HEADER.join(',')}\n` + Array.from({ length: 6 }, (_, i) => `T${i + 1},${new Date(T0 + i * 60_000).toISOString()},x,1\n`).join('');
    const path = join(scratch({ 't.csv': text }), 't.csv');
    const line = (k: number) => text.split('\n').slice(0, k).join('\n').length + 1; // byte where line k + 1 starts
    const ends = [line(4), null];
    const extended = read(path, { from: 0, to: line(2), extend: () => ends.shift() ?? null });
    expect(extended.rows.map(([l]) => l)).toEqual([2, 3, 4]);
    expect(extended.files[0].end).toMatchObject({ offset: line(4), line: 5 });
    const all = read(path, { from: 0, to: Buffer.byteLength(text) });
    expect(all.rows.map(([l]) => l)).toEqual([2, 3, 4, 5, 6, 7]);
  });
});
