/**
 * --where: the rows a report is about, chosen before anything else sees them (window,
 * periods, groups, KPIs). A condition names a column — a canonical one (after the preset's
 * and the config's column maps: `agent` is Zendesk's `Assignee`) or any header of the file —
 * and values; a cell is compared as every cell is read: trimmed, through the column's value
 * map, a null token or an empty cell being no value. `=` keeps a row whose value is one of
 * the values; `!=` one whose value is none of them, a row without a value included.
 */
import { mapsColumn, normalizeCamel, normalizeHeader } from './header/columns.js';
import type { HeaderMapping } from './header/columns.js';
import type { RecordView } from './csv/scanner.js';
import type { ReadOptions } from './rows/row-types.js';

export interface WhereClause {
  /** The column as typed (for messages), and normalized like a header. */
  given: string;
  column: string;
  negate: boolean;
  values: string[];
  /** Where it came from: `--where` or `c.json: where`. */
  source: string;
}

/** How many distinct other values each condition remembers, for the note on a value no row has. */
const SEEN = 8;

/**
 * What the conditions met, across every file read: per condition, the rows that had each
 * value, and a few of the other values seen (the smallest, so that two threads that saw the
 * rows in two parts remember what one thread would).
 */
export interface WhereStats {
  matched: number[][];
  seen: string[][];
}

export function emptyWhereStats(where: readonly WhereClause[]): WhereStats {
  return { matched: where.map((w) => w.values.map(() => 0)), seen: where.map(() => []) };
}

/** Adds b's counts and values seen into a. */
export function mergeWhereStats(a: WhereStats, b: WhereStats): void {
  a.matched.forEach((m, i) => m.forEach((_, k) => (m[k] += b.matched[i][k])));
  a.seen.forEach((s, i) => {
    for (const v of b.seen[i]) remember(s, v);
  });
}

/** Keeps v among the SEEN smallest distinct values of s (sorted). */
function remember(s: string[], v: string): void {
  if (s.length >= SEEN && v >= s[s.length - 1]) return;
  let at = 0;
  while (at < s.length && s[at] < v) at++;
  if (s[at] === v) return;
  s.splice(at, 0, v);
  if (s.length > SEEN) s.pop();
}

/** Whether a file has the column a condition names: a canonical column it maps, or one of its headers. */
export function fileHasColumn(mapping: Pick<HeaderMapping, 'index' | 'joins' | 'header'>, column: string): boolean {
  return mapsColumn(mapping, column) || mapping.header.some((h) => normalizeHeader(h) === column || normalizeCamel(h) === column);
}

interface Cell {
  clause: WhereClause;
  stats: number;
  /** Record index of the column (−1: joined or absent). */
  index: number;
  join: number[] | null;
  map: ReadonlyMap<string, string> | null;
}

/** The conditions applied to the records of one file. */
export class RowFilter {
  private readonly cells: Cell[] = [];
  /** The conditions whose column this file lacks: its rows have no value there. */
  readonly lacking: WhereClause[] = [];
  private readonly nullTokens: ReadonlySet<string>;

  constructor(
    where: readonly WhereClause[],
    mapping: HeaderMapping,
    read: ReadOptions,
    private readonly stats: WhereStats,
  ) {
    this.nullTokens = read.nullTokens;
    where.forEach((clause, i) => {
      const c = clause.column;
      const canonical = mapping.index.get(c);
      const join = canonical === undefined ? (mapping.joins.get(c) ?? null) : null;
      const index = canonical ?? (join !== null ? -1 : mapping.header.findIndex((h) => normalizeHeader(h) === c || normalizeCamel(h) === c));
      if (index < 0 && join === null) this.lacking.push(clause);
      // Value maps are the canonical column's: a header read as itself is compared as written.
      const map = canonical !== undefined || join !== null ? (read.valueMaps.get(c) ?? null) : null;
      this.cells.push({ clause, stats: i, index, join, map });
    });
  }

  /** The record's value of a column, as a cell of it is read (null: none). */
  private value(cell: Cell, fields: string[], view: RecordView): string | null {
    let v: string;
    if (cell.index >= 0) v = view.field(fields, cell.index) ?? '';
    else if (cell.join !== null) {
      const parts: string[] = [];
      for (const k of cell.join) {
        const p = view.field(fields, k).trim();
        if (p !== '' && !this.nullTokens.has(p)) parts.push(p);
      }
      v = parts.join(' ');
    } else return null;
    if (cell.map !== null) v = cell.map.get(v.trim().toLowerCase()) ?? v;
    v = v.trim();
    return v === '' || this.nullTokens.has(v) ? null : v;
  }

  /** Whether the record meets every condition (each is counted in the stats). */
  keep(fields: string[], view: RecordView): boolean {
    let keep = true;
    for (const cell of this.cells) {
      const v = this.value(cell, fields, view);
      const at = v === null ? -1 : cell.clause.values.indexOf(v);
      if (at >= 0) this.stats.matched[cell.stats][at]++;
      else if (v !== null) remember(this.stats.seen[cell.stats], v);
      if ((at >= 0) === cell.clause.negate) keep = false;
    }
    return keep;
  }
}

/**
 * One line per condition value that no row had (`=` then kept nothing of it, `!=` left
 * nothing out): a typo or a value written otherwise in the export, never silence.
 */
export function unmatchedNotes(where: readonly WhereClause[], stats: WhereStats): string[] {
  const notes: string[] = [];
  where.forEach((w, i) => {
    const none = w.values.filter((_, k) => stats.matched[i][k] === 0);
    if (none.length === 0) return;
    const seen = stats.seen[i];
    const like = seen.filter((s) => none.some((n) => n.toLowerCase() === s.toLowerCase()));
    const hint =
      like.length > 0
        ? `did you mean ${like.map((s) => JSON.stringify(s)).join(', ')}? (values match exactly)`
        : seen.length > 0
          ? `values there include ${seen.map((s) => JSON.stringify(s)).join(', ')}`
          : 'the column has no value in any row';
    const op = w.negate ? '!=' : '=';
    const effect = none.length < w.values.length ? 'the other values matched' : w.negate ? 'it leaves no row out' : 'it keeps no row';
    notes.push(`note: ${w.source} ${w.given}${op}${w.values.join(',')}: no row has ${w.given} ${none.map((s) => JSON.stringify(s)).join(' or ')} (${effect}); ${hint}`);
  });
  return notes;
}
