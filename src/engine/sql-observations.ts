/**
 * What the JavaScript readers observe of a file's rows (input/rows/observations.ts), read by
 * the DuckDB engine from its tables of one file, so that `compute --engine duckdb` prints the
 * same notes, word for word (commands/input-notes.ts), on the mistakes that give plausible
 * wrong numbers rather than invalid rows:
 * - statuses: none of them means resolved (a resolution rate of 0 %), one means resolved but
 *   for an invisible character, open ones whose tickets (nearly) all have a resolution time;
 * - the highest CSAT, CES and NPS score (a scale no answer reaches the top of, NPS asked on 1..5);
 * - which mapped columns had a value (a KPI whose columns are empty in every row);
 * - times more than a month after the run's clock (a year typed wrong), in tickets and surveys files.
 * Not read here (`csm-kpi validate` reads them): DST gaps, durations that disagree with their
 * timestamps, handle time against its parts, thousands dots, UTC offsets, placeholder
 * customers, swallowed rows, repeated answers, answers naming no ticket, customer periods.
 *
 * Cost: one pass over the file's parsed cells for the filled counts, one GROUP BY status, one
 * aggregate of the scores; the statuses fetched into JavaScript are at most some thousand
 * (the open ones ticket-reader.ts counts), however many the file has (a free-text column).
 */
import { TRIMMED_CHARACTERS } from '../input/cells/trim.js';
import type { FileKind, HeaderMapping } from '../input/header/columns.js';
import { emptyObservations, OPEN_STATUS_CAP, seeOpenStatus, seeStatus, STATUS_SAMPLE } from '../input/rows/observations.js';
import type { Observations } from '../input/rows/observations.js';
import { RESOLVED_STATUSES } from '../input/rows/row-reader.js';
import { SQL_DIALECTS } from '../metrics/sql.js';
import type { SqlRunner } from './sql-engine.js';

/** The tables duckdb-engine.ts made of one file: `<table>_parsed` (every record's cells, as read, c_<column>), `<table>` (its typed rows). */
export interface ObservedFile {
  table: string;
  kind: FileKind;
  mapping: HeaderMapping;
}

const { text, ident } = SQL_DIALECTS.duckdb;

export async function sqlObservations(db: SqlRunner, f: ObservedFile, futureAfter?: number): Promise<Observations> {
  const o = emptyObservations();
  const columns = [...f.mapping.index.keys(), ...f.mapping.joins.keys()];
  if (columns.length > 0) {
    // A cell with a value: trimmed, value-mapped, not empty nor a null token (c_<column>, in the _parsed table: the _cells view would read the file again).
    const [filled] = await db.all(`SELECT ${columns.map((c, i) => `count(${ident('c_' + c)}) AS n${i}`).join(', ')} FROM ${f.table}_parsed`);
    columns.forEach((c, i) => (o.filled[c] = Number(filled[`n${i}`])));
  }
  const times = (f.kind === 'tickets' ? ['created_at', 'first_response_at', 'resolved_at'] : f.kind === 'surveys' ? ['responded_at'] : []).filter((c) => columns.includes(c));
  if (futureAfter !== undefined && times.length > 0) await observeFuture(db, f.table, times, futureAfter, o);
  if (f.kind === 'tickets') {
    if (f.mapping.index.has('status') || f.mapping.joins.has('status')) await observeStatuses(db, f.table, o);
    if (columns.includes('csat_score')) observeScores(o, 'csat', (await db.all(`SELECT count(csat_score) AS n, max(csat_score) AS top FROM ${f.table}`))[0]);
  } else if (f.kind === 'surveys') {
    for (const r of await db.all(`SELECT type, count(score) AS n, max(score) AS top FROM ${f.table} GROUP BY type`)) observeScores(o, r.type as 'csat' | 'ces' | 'nps', r);
  }
  return o;
}

/**
 * The times after futureAfter (row-reader.ts's time(): each cell counts), and the first: its
 * line, and of its row the first such column in the order the reader reads them, as written.
 */
async function observeFuture(db: SqlRunner, table: string, times: string[], futureAfter: number, o: Observations): Promise<void> {
  const late = (c: string) => `epoch_ms(t.${c}) > ${futureAfter}`;
  const anyLate = `FILTER (WHERE ${times.map(late).join(' OR ')})`;
  const [r] = await db.all(
    `SELECT ${times.map((c) => `count(*) FILTER (WHERE ${late(c)})`).join(' + ')} AS n, ` +
      `arg_min(CASE ${times.map((c) => `WHEN ${late(c)} THEN ${text(c)}`).join(' ')} END, t._line) ${anyLate} AS column, ` +
      `arg_min(CASE ${times.map((c) => `WHEN ${late(c)} THEN c.${ident('c_' + c)}`).join(' ')} END, t._line) ${anyLate} AS cell, ` +
      `min(t._line) ${anyLate} AS line ` +
      `FROM ${table} t JOIN ${table}_parsed c USING (_line)`,
  );
  const n = Number(r.n);
  if (n === 0) return;
  o.future = { count: n, first: { line: Number(r.line), column: String(r.column), text: String(r.cell) } };
}

function observeScores(o: Observations, type: 'csat' | 'ces' | 'nps', r: Record<string, unknown>): void {
  const n = Number(r.n);
  if (n === 0) return;
  o.scores[type] = { count: n, max: Number(r.top) };
}

/**
 * The statuses as ticket-reader.ts meets them, in the order of their first row: each distinct
 * one once (seeStatus), and the rows and resolution times of each open one (seeOpenStatus).
 * Only the statuses that can change what is observed are fetched: the first STATUS_SAMPLE + 1
 * (the sample, and whether there are more), the open ones up to OPEN_STATUS_CAP + 1, and the
 * first STATUS_SAMPLE that mean resolved once their invisible characters are out. Whether any
 * status means resolved is asked of all.
 */
async function observeStatuses(db: SqlRunner, table: string, o: Observations): Promise<void> {
  const resolved = [...RESOLVED_STATUSES].map(text).join(', ');
  const rows = await db.all(
    `WITH s AS (SELECT status, min(_line) AS first, count(*) AS n, count(*) FILTER (WHERE resolved_at IS NOT NULL OR resolution_s IS NOT NULL) AS timed, ` +
      `lower(status) IN (${resolved}) AS resolved, ` +
      // withoutInvisible (observations.ts): format characters out, then trimmed; seeStatus checks it again.
      `regexp_matches(status, '\\p{Cf}') AND lower(trim(regexp_replace(status, '\\p{Cf}', '', 'g'), ${text(TRIMMED_CHARACTERS)})) IN (${resolved}) AS hidden ` +
      `FROM ${table} WHERE status IS NOT NULL GROUP BY status), ` +
      `r AS (SELECT *, row_number() OVER (ORDER BY first) AS k, row_number() OVER (PARTITION BY resolved ORDER BY first) AS kr, ` +
      `row_number() OVER (PARTITION BY hidden ORDER BY first) AS kh, bool_or(resolved) OVER () AS any_resolved FROM s) ` +
      `SELECT status, n, timed, resolved, any_resolved FROM r WHERE k <= ${STATUS_SAMPLE + 1} OR (NOT resolved AND kr <= ${OPEN_STATUS_CAP + 1}) OR (hidden AND NOT resolved AND kh <= ${STATUS_SAMPLE}) ORDER BY first`,
  );
  for (const r of rows) {
    const status = String(r.status);
    seeStatus(o, status, r.resolved === true, RESOLVED_STATUSES);
    if (r.resolved === true) continue;
    const e = seeOpenStatus(o, status);
    if (e === null) continue;
    e.rows = Number(r.n);
    e.timed = Number(r.timed);
  }
  if (rows.length > 0 && rows[0].any_resolved === true) o.resolvedStatus = true;
}
