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
import { joinBundles, pieceOf } from '../../src/engine/parallel/pieces.js';
import type { Bundle } from '../../src/engine/parallel/pieces.js';

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
  return { rows, get problems(): RowProblem[] { return result.files.flatMap((f) => f.problems); }, files: result.files, ids: result.ids };
}

// A record: its note is plain, quoted with commas and quotes, or quoted over several lines;
// every fifth has a bad contacts value (a problem on its line).
const note = fc.oneof(fc.constant('plain'), fc.constant('"a, ""b"""'), fc.integer({ min: 1, max: 3 }).map((k) => `"line 1${'\n more'.repeat(k)}"`));
const file = fc.record({ notes: fc.array(note, { minLength: 1, maxLength: 30 }), crlf: fc.boolean() }).map(({ notes, crlf }) => fileOf(notes, crlf));

/** The file of these notes, what reading it must give, and where each record starts (line, byte). */
function fileOf(notes: string[], crlf: boolean, idOf: (i: number) => string = (i) => `T${i + 1}`) {
  const eol = crlf ? '\r\n' : '\n';
  let text = HEADER.join(',') + eol;
  let line = 2;
  const expected: [number, number][] = [];
  const bad: number[] = [];
  const starts: { line: number; byte: number }[] = [];
  notes.forEach((n, i) => {
    starts.push({ line, byte: Buffer.byteLength(text) });
    const at = T0 + i * 60_000;
    const contacts = i % 5 === 4 ? 'many' : '1';
    if (contacts === 'many') bad.push(line);
    else expected.push([line, at]);
    text += `${idOf(i)},${new Date(at).toISOString()},${n},${contacts}${eol}`;
    line += 1 + (n.match(/\n/g)?.length ?? 0);
  });
  return { text, expected, bad, lines: line - 1, starts };
}

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

/** Reads bytes [from, to) of path as a worker reads a segment: apart, lines counted from 1, the header given. */
function segment(path: string, from: number, to: number | undefined) {
  const input: InputFile = { path, name: 't.csv', encoding: 'utf-8', part: { range: { from, to, delimiter: ',', firstLine: 1 }, header: HEADER } };
  const lines: number[] = [];
  const sink = { ticket: (r: { line: number }) => (lines.push(r.line), 'used' as const), answer: () => 'used' as const, customer: () => 'used' as const };
  return { result: loadInputs([input], options, sink), lines };
}

describe('a tickets file read in segments by several workers, joined as their merge tree joins them (engine/parallel/pieces.ts)', () => {
  // Records, cuts at record starts, a worker (of 1..7) for each segment after the first, maybe a repeated id.
  const plan = fc.record({
    notes: fc.array(note, { minLength: 2, maxLength: 40 }),
    crlf: fc.boolean(),
    cuts: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
    workers: fc.integer({ min: 1, max: 7 }),
    owners: fc.array(fc.nat(), { maxLength: 12 }),
    repeat: fc.option(fc.tuple(fc.nat(), fc.nat()), { nil: null }),
  });

  it('gives one piece equal to reading the rest of the file sequentially, or refuses when two segments share an id', () => {
    fc.assert(
      fc.property(plan, ({ notes, crlf, cuts, workers, owners, repeat }) => {
        // A repeated id: record b gets record a's (a < b).
        const rep = repeat && notes.length > 1 ? [repeat[0] % (notes.length - 1), 0] : null;
        if (rep && repeat) rep[1] = rep[0] + 1 + (repeat[1] % (notes.length - 1 - rep[0]));
        const f = fileOf(notes, crlf, (i) => (rep && i === rep[1] ? `T${rep[0] + 1}` : `T${i + 1}`));
        const path = join(scratch({ 't.csv': f.text }), 't.csv');
        // Segment 0 (the main thread's) holds the header and the first record at least.
        const bounds = [...new Set(cuts.map((c) => f.starts[1 + (c % (f.starts.length - 1))].byte))].sort((a, b) => a - b);
        const lineAt = (byte: number) => f.starts.find((st) => st.byte === byte)!.line;
        const main = read(path, { from: 0, to: bounds[0] });
        // Each worker's bundle: its segments read apart, joined in file order where adjacent.
        const bundles: Bundle[] = Array.from({ length: workers }, () => ({ pieces: [], spools: [] }));
        const segmentsOf = bounds.map((from, k) => ({ k: k + 1, ...segment(path, from, bounds[k + 1]) }));
        // Which part (0: the main thread's) a record is in.
        const partOf = (i: number) => bounds.filter((b) => b <= f.starts[i].byte).length;
        let refused = false;
        for (const [i, s] of segmentsOf.entries()) {
          const w = (owners[i] ?? i) % workers;
          const end = s.result.files[0].end!;
          expect(end.rest.length).toBe(0);
          const joined = joinBundles(bundles[w], { pieces: [pieceOf(s.k, s.result, end.line - 1, null)], spools: [] });
          if (joined === null) refused = true;
          else bundles[w] = joined;
        }
        // The tree: worker w takes in 2w + 1 and 2w + 2, deepest first.
        for (let w = workers - 1; w >= 0 && !refused; w--) {
          for (const c of [2 * w + 1, 2 * w + 2]) {
            if (c >= workers || refused) continue;
            const joined = joinBundles(bundles[w], bundles[c]);
            if (joined === null) refused = true;
            else bundles[w] = joined;
          }
        }
        const repeatAcross = rep !== null && partOf(rep[0]) !== partOf(rep[1]);
        if (refused || main.ids.shares(bundles[0].pieces[0].ids)) {
          // Refused only for an id in two segments (or in the main part and a segment).
          expect(repeatAcross).toBe(true);
          return;
        }
        expect(repeatAcross).toBe(false);
        expect(bundles[0].pieces.length).toBe(1);
        const piece = bundles[0].pieces[0];
        expect([piece.first, piece.last]).toEqual([1, bounds.length]);
        // Line k of the piece is line k + the lines before it; the main part ended where the first segment begins.
        const offset = main.files[0].end!.line - 1;
        expect(offset + 1).toBe(lineAt(bounds[0]));
        const whole = read(path);
        const rows = [...main.rows.map(([l]) => l), ...segmentsOf.flatMap((s, i) => s.lines.map((l) => l + lineAt(bounds[i]) - 1))];
        expect(rows).toEqual(whole.rows.map(([l]) => l));
        expect(piece.rows + main.files[0].rows).toBe(whole.files[0].rows);
        expect(piece.invalid + main.files[0].invalid).toBe(whole.files[0].invalid);
        expect(piece.problemCount + main.files[0].problemCount).toBe(whole.files[0].problemCount);
        expect([...main.problems, ...piece.problems.map((p) => ({ ...p, line: p.line + offset }))].map((p) => p.line)).toEqual(whole.problems.map((p) => p.line));
        expect(offset + piece.lines).toBe(f.lines);
      }),
      { numRuns: 200 },
    );
  });
});
