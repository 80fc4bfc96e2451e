/**
 * What the threads of parallel.ts hand each other: a piece is a run of adjacent segments of
 * the tickets file read apart (by one worker, or joined from several workers' pieces), with
 * what a single read of those bytes would have given: counts, the first problems, rejected
 * rows (ranges of spool files), observations, ids. Pieces join only with the piece right
 * after them (their lines and ids are then known exactly); a bundle is the pieces one
 * worker holds, with the spools their rejected rows wait in. Kept free of node:worker_threads
 * so that the joins are tested in-process (test/engine/absorb.test.ts).
 */
import type { RowProblem } from '../../errors.js';
import { KEPT_PROBLEMS } from '../../input/load.js';
import type { LoadResult } from '../../input/load.js';
import { mergeObservations, shiftObservations } from '../../input/rows/observations.js';
import type { Observations } from '../../input/rows/observations.js';
import { mergeWhereStats } from '../../input/where.js';
import type { WhereStats } from '../../input/where.js';
import { shiftProblem } from '../../errors.js';
import { TicketIds } from '../../structures/ticket-ids.js';
import type { SpoolRange, SpoolSource } from './reject-spool.js';

export interface Piece {
  /** Its first and last segment (indexes into the plan's bounds). */
  first: number;
  last: number;
  /** Lines it holds (line k of the piece is line k + the lines before it in the file). */
  lines: number;
  rows: number;
  invalid: number;
  used: number;
  placed: [string, number][];
  /** Its first problems (KEPT_PROBLEMS at most), lines counted from the piece's start, and how many it had. */
  problems: RowProblem[];
  problemCount: number;
  /** Where its rejected rows are, in file order: ranges of the bundle's spools (lines counted from the piece's start). */
  ranges: (SpoolRange & { spool: number })[];
  observed: Observations;
  /** Fields left out under invalid_fields "drop_field" (the first KEPT_PROBLEMS), and their counts per column. */
  dropped: RowProblem[];
  droppedCounts: [string, number][];
  ids: TicketIds;
  where: WhereStats | null;
}

/** A spool file of rejected rows and the files and headers its rows name. */
export interface Spool {
  path: string;
  sources: SpoolSource[];
}

/** The pieces one or more workers hold, in file order, and the spools their ranges point into. */
export interface Bundle {
  pieces: Piece[];
  spools: Spool[];
}

/** One segment's read as a piece of its own. */
export function pieceOf(index: number, result: LoadResult, lines: number, spooled: { from: number; to: number } | null): Piece {
  const fr = result.files[0];
  return {
    first: index, last: index, lines, rows: fr.rows, invalid: fr.invalid, used: fr.used, placed: [...fr.placed],
    problems: fr.problems.slice(0, KEPT_PROBLEMS), problemCount: fr.problemCount,
    ranges: spooled && spooled.to > spooled.from ? [{ ...spooled, shift: 0, spool: 0 }] : [],
    observed: fr.observe(), dropped: result.dropped.slice(0, KEPT_PROBLEMS), droppedCounts: [...fr.dropped], ids: result.ids, where: result.where ?? null,
  };
}

/** Problems of a later part, their lines (and the lines they name) moved by offset (the lines before it). */
function shifted(problems: readonly RowProblem[], offset: number): RowProblem[] {
  return problems.map((p) => shiftProblem(p, offset));
}

function addCounts(a: [string, number][], b: readonly [string, number][]): [string, number][] {
  const m = new Map(a);
  for (const [k, n] of b) m.set(k, (m.get(k) ?? 0) + n);
  return [...m];
}

/**
 * a and then b, the piece right after it, as one piece; null when the two may share a
 * ticket id (then only a sequential read gives the messages and the "first row stays" rule).
 * a's ids take in b's (a is changed).
 */
export function joinPieces(a: Piece, b: Piece): Piece | null {
  if (b.first !== a.last + 1) throw new Error(`pieces ${a.first}–${a.last} and ${b.first}–${b.last} are not adjacent`);
  if (!a.ids.append(b.ids, a.lines)) return null;
  const where = a.where && b.where ? (mergeWhereStats(a.where, b.where), a.where) : a.where ?? b.where;
  return {
    first: a.first, last: b.last, lines: a.lines + b.lines,
    rows: a.rows + b.rows, invalid: a.invalid + b.invalid, used: a.used + b.used, placed: addCounts(a.placed, b.placed),
    problems: a.problems.length < KEPT_PROBLEMS ? a.problems.concat(shifted(b.problems.slice(0, KEPT_PROBLEMS - a.problems.length), a.lines)) : a.problems,
    problemCount: a.problemCount + b.problemCount,
    ranges: a.ranges.concat(b.ranges.map((r) => ({ ...r, shift: r.shift + a.lines }))),
    observed: mergeObservations(a.observed, shiftObservations(b.observed, a.lines)),
    dropped: a.dropped.length < KEPT_PROBLEMS ? a.dropped.concat(shifted(b.dropped.slice(0, KEPT_PROBLEMS - a.dropped.length), a.lines)) : a.dropped,
    droppedCounts: addCounts(a.droppedCounts, b.droppedCounts),
    ids: a.ids, where,
  };
}

/**
 * Two bundles as one: their pieces in file order, each joined with the one right after it
 * when there is one. Null when two joined pieces may share an id. Pieces that are not
 * adjacent stay apart: the bundles of the other workers hold what lies between.
 */
export function joinBundles(a: Bundle, b: Bundle): Bundle | null {
  const moved = b.pieces.map((p) => (a.spools.length === 0 ? p : { ...p, ranges: p.ranges.map((r) => ({ ...r, spool: r.spool + a.spools.length })) }));
  const all = [...a.pieces, ...moved].sort((x, y) => x.first - y.first);
  const pieces: Piece[] = [];
  for (const p of all) {
    const prev = pieces[pieces.length - 1];
    if (prev !== undefined && prev.last + 1 === p.first) {
      const joined = joinPieces(prev, p);
      if (joined === null) return null;
      pieces[pieces.length - 1] = joined;
    } else pieces.push(p);
  }
  return { pieces, spools: [...a.spools, ...b.spools] };
}

/** Gives back the methods of the ids of a bundle that crossed a thread boundary. */
export function reviveBundle(b: Bundle): Bundle {
  for (const p of b.pieces) TicketIds.revive(p.ids);
  return b;
}

/** The buffers of a bundle's ids, to transfer rather than copy. */
export function bundleBuffers(b: Bundle): ArrayBuffer[] {
  return b.pieces.flatMap((p) => p.ids.buffers());
}
