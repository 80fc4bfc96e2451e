/**
 * `compute --engine duckdb`: DuckDB reads the files (CSV or Parquet) into tables of the
 * canonical columns with explicit types, checks them, runs the KPI query of sql-query.ts and
 * hands its slices to the ReportBuilder, so the report is the JavaScript engine's object,
 * written by the same output/ code.
 *
 * Nothing is guessed: every cell is read as text and converted by the rules below; a cell the
 * conversion refuses (not an ISO 8601 timestamp, not a plain number…) stops the run with
 * `file:line: column: message ("value")` and exit 2, as the JavaScript engine does for an
 * invalid row. Options this engine cannot honour are refused (refusal()).
 */
import type { ComputeSettings } from '../settings/settings.js';
import type { InputSummary } from '../output/report.js';
import { CsmError, formatProblem, whereIs } from '../errors.js';
import type { RowProblem } from '../errors.js';
import { escapeControls } from '../escape-controls.js';
import { TRIMMED_CHARACTERS } from '../input/cells/trim.js';
import { COLUMNS, CUSTOMER_LIST_REQUIRED, mapHeader, mapsColumn, normalizeHeader, REQUIRED } from '../input/header/columns.js';
import type { ColumnSpec, FileKind, HeaderMapping } from '../input/header/columns.js';
import { KEPT_PROBLEMS, kindOf, mapFile, readHeader, refuseMissingGroups } from '../input/load.js';
import { SURVEY_TYPES, fieldCountMessage } from '../input/rows/row-reader.js';
import type { ReportBuilder } from './report-builder.js';
import { reportFromSlices, sqlQueryOptions, sqlSlices } from './sql-engine.js';
import type { SqlRunner } from './sql-engine.js';
import type { SqlTable } from './sql-query.js';
import type { KpiOptions } from '../metrics/kpi-set.js';
import { SQL_DIALECTS } from '../metrics/sql.js';
import { sqlClockSeconds, sqlDateFormat, sqlDurationSeconds, sqlZeroMeansNone } from './sql-cells.js';
import { sqlObservations } from './sql-observations.js';
import type { Observations } from '../input/rows/observations.js';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromWindows1252 } from '../input/csv/encoding.js';
import { openCsvFile, readCsv, refuseBinary, utf16Of } from '../input/csv/read-csv.js';
import type { CsvHeader } from '../input/csv/read-csv.js';

/** Why the DuckDB engine cannot run these settings the way the JavaScript engine would, or null. */
export function refusal(s: ComputeSettings): string | null {
  const no = (what: string) => `--engine duckdb does not support ${what}; run without --engine duckdb (the JavaScript engine)`;
  if (s.hours) return no('--business-hours (business-hours clocks are computed in JavaScript only)');
  if (s.compare) return no('--compare');
  if (s.where.length > 0) return no('--where (its filters are applied by the JavaScript reader)');
  if (Object.keys(s.slaByPriority).length > 0) return no('SLA targets per priority (--sla priority=…)');
  if (s.list === 'breaches') return no('--list breaches');
  if (s.skipInvalid || s.rejects) return no('--skip-invalid or --rejects (it stops at the first invalid row)');
  return null;
}

interface LoadedFile {
  name: string;
  kind: FileKind;
  table: string;
  mapping: HeaderMapping;
  /** Records read, and of them survey rows without a score (empty_score "skip"). */
  rows: number;
  noAnswers: number;
  /** Rows folded into another of the same ticket id (duplicates "first"/"last"), counted in the file that repeats the id. */
  collapsed: number;
  /** Whether its rows wait for the duplicates across all tickets files before they are checked. */
  dedup: boolean;
  list: boolean;
  /** Columns whose fields can be left out (invalid_fields "drop_field"), in the order the JavaScript reader reads them. */
  dropColumns: string[];
}

/** The typed canonical tables the DuckDB engine has read, before its KPI query (for the PostgreSQL tests, which load them). */
export type TablesHook = (db: SqlRunner, tables: { tickets: SqlTable | null; surveys: SqlTable | null; customers: SqlTable | null }) => Promise<void>;

/** The report's parts the DuckDB engine computes; compute.ts adds window, targets and output. */
export async function duckdbReport(
  s: ComputeSettings,
  kpi: KpiOptions,
  onTables?: TablesHook,
): Promise<{ builder: ReportBuilder; inputs: InputSummary[]; mappings: HeaderMapping[]; observations: Observations[]; dropped: RowProblem[] }> {
  const why = refusal(s);
  if (why) throw new CsmError('CSM_USAGE', why);
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch {
    throw new CsmError('CSM_USAGE', '--engine duckdb needs the optional package @duckdb/node-api: npm install @duckdb/node-api (or run without --engine duckdb)');
  }
  const instance = await api.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const runner: SqlRunner = {
    dialect: 'duckdb',
    all: async (sql) => (await connection.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[],
  };
  const scratch: string[] = [];
  try {
    return await withConnection(runner, s, kpi, scratch, onTables);
  } finally {
    connection.closeSync();
    instance.closeSync();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  }
}

async function withConnection(db: SqlRunner, s: ComputeSettings, kpi: KpiOptions, scratch: string[], onTables?: TablesHook) {
  await db.all(`SET TimeZone = 'UTC'`);
  // A zone-less time read in a zone as time/time-zone.ts's fromLocal reads it: an ambiguous
  // time (a DST change back) is the earlier instant, a skipped one (forward) takes the offset
  // before the change. ICU's own choice differs, so the offsets are resolved here, in ms.
  await db.all(`CREATE TEMP MACRO csm_off(ms, z) AS epoch_ms(timezone(z, CAST(epoch_ms(CAST(ms AS BIGINT)) AS TIMESTAMPTZ))) - ms`);
  await db.all(
    `CREATE TEMP MACRO csm_instant(ts, z) AS CAST(epoch_ms(CAST(epoch_ms(ts) - (CASE ` +
      `WHEN csm_off(epoch_ms(ts) - csm_off(epoch_ms(ts) - 86400000, z), z) = csm_off(epoch_ms(ts) - 86400000, z) AND csm_off(epoch_ms(ts) - csm_off(epoch_ms(ts) + 86400000, z), z) = csm_off(epoch_ms(ts) + 86400000, z) ` +
      `THEN greatest(csm_off(epoch_ms(ts) - 86400000, z), csm_off(epoch_ms(ts) + 86400000, z)) ` +
      `WHEN csm_off(epoch_ms(ts) - csm_off(epoch_ms(ts) + 86400000, z), z) = csm_off(epoch_ms(ts) + 86400000, z) THEN csm_off(epoch_ms(ts) + 86400000, z) ` +
      `ELSE csm_off(epoch_ms(ts) - 86400000, z) END) AS BIGINT)) AS TIMESTAMPTZ)`,
  );
  const opened = [];
  for (const [i, f] of s.files.entries()) opened.push(await openFile(db, s, f, `file_${i + 1}`, scratch));
  refuseMissingGroups(opened.map((o) => o.mapping), s.by, s.byAsGiven);
  const files: LoadedFile[] = [];
  for (const o of opened) files.push(await o.read());
  await collapseDuplicates(db, s, files);
  files.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  const tables = { tickets: null as SqlTable | null, surveys: null as SqlTable | null, customers: null as SqlTable | null };
  for (const kind of ['tickets', 'surveys', 'customers'] as const) {
    const of = files.filter((f) => f.kind === kind);
    if (of.length === 0) continue;
    await db.all(`CREATE TEMP VIEW ${kind} AS ${of.map((f) => `SELECT * FROM ${f.table}`).join(' UNION ALL ')}`);
    // A survey's type is always filled in (its column, else --survey-type).
    const present = new Set([...of.flatMap((f) => presentColumns(f.mapping)), ...(kind === 'surveys' ? ['type'] : []), ...(kind === 'tickets' ? ['csat_offered'] : []), ...(kind === 'tickets' && s.read.invalidFields === 'drop_field' ? ['fr_dropped', 'res_dropped'] : [])]);
    const grouped = s.by.map((b, i) => [b, `g_${i + 1}`] as const).filter(([b]) => of.some((f) => groupSource(f.mapping, b) !== null));
    tables[kind] = { ref: kind, columns: new Map([...present].map((c) => [c, c])), groups: new Map(grouped) };
  }
  if (tables.tickets) await checkDuplicateIds(db, files);
  if (onTables) await onTables(db, tables);
  const q = sqlQueryOptions(s, 'duckdb', tables);
  // sla_resolution from the export's own flag (compute.ts): the slices' KPI sets say so (source sla_met, no_flag).
  const withFlag: KpiOptions = { ...kpi, slaResolutionFromFlag: q.kpi.slaResolutionFromFlag === true };
  const builder = reportFromSlices(s, withFlag, await sqlSlices(db, q, withFlag));
  const inputs: InputSummary[] = [];
  const dropped: RowProblem[] = [];
  const observations: Observations[] = [];
  for (const f of files) {
    const fields = await droppedFields(db, f, dropped);
    inputs.push({ ...(await summary(db, s, f)), ...(fields.size > 0 ? { dropped_fields: Object.fromEntries(fields) } : {}) });
    // What the rows hold beyond their validity, for the notes the JavaScript engine prints.
    observations.push(await sqlObservations(db, f, s.read.futureAfter));
  }
  return { builder, inputs, mappings: files.map((f) => f.mapping), observations, dropped };
}

const ORDER: Record<FileKind, number> = { tickets: 0, surveys: 1, customers: 2 };

/** ticket-reader.ts's alternatives of one time (read in order: seconds, minutes, hours) and the time column they lead to. */
const DURATION_GROUPS: readonly (readonly [string, string | null])[] = [
  ['first_response', 'first_response_at'],
  ['first_response_business', 'first_response_at'],
  ['resolution', 'resolved_at'],
  ['resolution_business', 'resolved_at'],
  ['requester_wait', null],
  ['requester_wait_business', null],
  ['agent_work', null],
  ['agent_work_business', null],
];

/** The order in which each reader reads its columns (ticket-reader.ts, survey-reader.ts, customer-reader.ts): the order of a row's left-out fields. */
const READ_ORDER: Record<FileKind, readonly string[]> = {
  tickets: [
    'id', 'created_at', 'first_response_at', ...units('first_response'), ...units('first_response_business'), 'resolved_at', ...units('resolution'), ...units('resolution_business'),
    'status', 'contacts', 'reopened', 'replies', ...units('requester_wait'), ...units('requester_wait_business'), ...units('agent_work'), ...units('agent_work_business'),
    'talk_seconds', 'hold_seconds', 'after_work_seconds', 'handle_seconds', 'self_service', 'sla_met', 'channel', 'csat_score',
  ],
  surveys: ['type', 'score', 'responded_at'],
  // A list's row reads churned, then period_start; a counts row period_start, period_end, then its counts.
  customers: ['churned', 'period_start', 'period_end', 'customers_start', 'customers_end', 'new_customers', 'lost_customers'],
};

function units(base: string): string[] {
  return ['seconds', 'minutes', 'hours'].map((u) => `${base}_${u}`);
}

/** Columns in their reader's order (one it does not list: after those, in the header's order). */
function dropOrder(kind: FileKind, columns: string[]): string[] {
  const at = (c: string) => {
    const i = READ_ORDER[kind].indexOf(c);
    return i < 0 ? READ_ORDER[kind].length : i;
  };
  return columns.map((c, i) => [c, i] as const).sort((a, b) => at(a[0]) - at(b[0]) || a[1] - b[1]).map(([c]) => c);
}

/** The canonical columns a file feeds, as the query names them (durations in seconds). */
function presentColumns(m: HeaderMapping): string[] {
  const out = new Set<string>();
  for (const c of [...m.index.keys(), ...m.joins.keys()]) out.add(QUERY_NAME[c] ?? c);
  return [...out];
}

/** Canonical column → the query's column: every duration alternative is one column in seconds. */
const QUERY_NAME: Record<string, string> = {
  first_response_seconds: 'first_response_s', first_response_minutes: 'first_response_s', first_response_hours: 'first_response_s',
  resolution_seconds: 'resolution_s', resolution_minutes: 'resolution_s', resolution_hours: 'resolution_s',
  talk_seconds: 'talk_s', hold_seconds: 'hold_s', after_work_seconds: 'after_work_s', handle_seconds: 'handle_s',
  // The calendar columns only: the business ones are read by the business clock, which this engine refuses.
  requester_wait_seconds: 'requester_wait_s', requester_wait_minutes: 'requester_wait_s', requester_wait_hours: 'requester_wait_s',
  agent_work_seconds: 'agent_work_s', agent_work_minutes: 'agent_work_s', agent_work_hours: 'agent_work_s',
};

/** Group fields read from a canonical column (as load.ts's TICKET_FIELDS / ANSWER_FIELDS), else from the raw header. */
const CANONICAL_GROUPS: Record<FileKind, ReadonlySet<string>> = {
  tickets: new Set(['agent', 'team', 'channel', 'priority', 'customer_id', 'id']),
  surveys: new Set(['agent', 'team', 'channel', 'priority', 'customer_id', 'type', 'ticket_id']),
  customers: new Set(),
};

function groupSource(m: HeaderMapping, field: string): { canonical: string } | { raw: number } | null {
  // A column a config joins from several (agent from First and Last) is read as a canonical one.
  if (CANONICAL_GROUPS[m.kind].has(field) && (m.index.has(field) || m.joins.has(field))) return { canonical: field };
  const raw = m.header.findIndex((h) => normalizeHeader(h) === field);
  return raw >= 0 ? { raw } : null;
}

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * What String.prototype.trim removes (trim.ts), as DuckDB's trim(text, characters) takes them:
 * its plain trim() keeps U+FEFF, so a status `solved` + U+FEFF read resolved in one engine only.
 */
const JS_SPACES = sqlText(TRIMMED_CHARACTERS);
const jsTrim = (x: string) => `trim(${x}, ${JS_SPACES})`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

// ISO 8601 as timestamp.ts reads it: hours 00–23, minutes and seconds 00–59, offsets to ±18:59
// (DuckDB's own cast reads 24:00 as the next day's midnight and takes any offset, +99:99). The
// forms most files write are cast as they are (fractions to the millisecond timestamp.ts keeps)…
const NAIVE = String.raw`^\d{4}-\d{2}-\d{2}([ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?)?$`;
const OFFSET = String.raw`^\d{4}-\d{2}-\d{2}[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?(Z|[+-](0\d|1[0-8])(:?[0-5]\d)?)$`;
// …and every form timestamp.ts reads, rewritten from its parts: `t` and `z`, a comma before the
// fraction, more than 3 digits of it (.NET writes 7: cut to milliseconds), an offset after HH:MM, `+05`.
const ISO = String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[Tt ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:[.,](\d+))?)?(?:([Zz])|([+-])(0\d|1[0-8])(?::?([0-5]\d))?)?)?$`;
const ISO_PARTS = ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z', 'sign', 'oh', 'om'];
const DECIMAL = String.raw`^\d+(\.\d+)?$`;
const SIGNED = String.raw`^[+-]?\d+(\.\d+)?$`;
const WHOLE = String.raw`^\d+$`;
const SIGNED_WHOLE = String.raw`^[+-]?\d+$`;
const TRUE_WORDS = "('true', 'yes', 'y', '1', 't')";
const FALSE_WORDS = "('false', 'no', 'n', '0', 'f')";

/**
 * A timestamp cell v's ISO 8601 reading, as timestamp.ts reads it, in two columns: instant, a
 * TIMESTAMPTZ when the cell gives its offset (`Z`, `+02:00`), and local, a zone-less TIMESTAMP
 * when it does not (read in --tz or the header's zone by parseCell); both NULL for a cell
 * that is not ISO 8601. Columns of the _local view, so that the zone's rule (csm_instant
 * names its argument some 14 times) reads a column, not these expressions.
 */
function isoColumns(v: string): { instant: string; local: string } {
  const naive = `regexp_full_match(${v}, ${sqlText(NAIVE)})`, offset = `regexp_full_match(${v}, ${sqlText(OFFSET)})`;
  // The other forms, rebuilt from their parts (DuckDB numbers at most 9 groups: the 11 are named).
  const g = (i: number) => `struct_extract(regexp_extract(${v}, ${sqlText(ISO)}, [${ISO_PARTS.map(sqlText).join(', ')}]), ${sqlText(ISO_PARTS[i - 1])})`;
  const or0 = (i: number) => `COALESCE(NULLIF(${g(i)}, ''), '00')`;
  const local = `${g(1)} || '-' || ${g(2)} || '-' || ${g(3)} || ' ' || ${or0(4)} || ':' || ${or0(5)} || ':' || ${or0(6)} || '.' || rpad(left(${g(7)}, 3), 3, '0')`;
  const zoned = `${g(8)} <> '' OR ${g(9)} <> ''`;
  const rest = `NOT ${naive} AND NOT ${offset} AND regexp_full_match(${v}, ${sqlText(ISO)})`;
  return {
    instant: `CASE WHEN ${offset} THEN TRY_CAST(${v} AS TIMESTAMPTZ) WHEN ${rest} AND (${zoned}) THEN TRY_CAST(${local} || CASE WHEN ${g(8)} <> '' THEN '+00:00' ELSE ${g(9)} || ${g(10)} || ':' || ${or0(11)} END AS TIMESTAMPTZ) END`,
    local: `CASE WHEN ${naive} THEN TRY_CAST(replace(${v}, 'T', ' ') AS TIMESTAMP) WHEN ${rest} AND NOT (${zoned}) THEN TRY_CAST(${local} AS TIMESTAMP) END`,
  };
}

function dateFormatOf(format: string) {
  try {
    return sqlDateFormat(format);
  } catch (e) {
    throw new CsmError('CSM_USAGE', `--engine duckdb: ${(e as Error).message}; run without --engine duckdb`);
  }
}

/**
 * v parsed as the column's type (NULL when empty or unparseable) and the problem when
 * unparseable; rejected: the problems the JavaScript reader finds in the same cells, with its
 * words (a year outside the valid ones, a negative duration), which invalid_fields "drop_field"
 * can leave out. A cell this engine does not read (problem) may still be one the JavaScript
 * reader reads: it stops the run in either mode rather than be left out.
 */
function parseCell(spec: ColumnSpec, v: string, s: ComputeSettings, zone: string | null, locals: string[] = [], iso8601?: { instant: string; local: string }): { value: string; problem: (parsed: string) => string; rejected?: (parsed: string) => string } {
  const z = sqlText(zone ?? s.zone.name);
  const bad = (message: string) => (parsed: string) => `CASE WHEN ${v} IS NOT NULL AND ${parsed} IS NULL THEN ${sqlText(`${spec.name}: ${message}`)} END`;
  switch (spec.type) {
    case 'timestamp': {
      const inZone = (local: string) => ((zone ?? s.zone.name) === 'UTC' ? `CAST(${local} AS TIMESTAMPTZ)` : `csm_instant(${local}, ${z})`);
      // The cell's ISO 8601 reading, parsed once in the _local view (isoColumns): an instant when it gives its offset, else a local time.
      const iso = iso8601 ? `COALESCE(${iso8601.instant}, ${inZone(iso8601.local)})` : 'CAST(NULL AS TIMESTAMPTZ)';
      // date-format.ts's timeParser: a config's date_format alone, or ISO 8601 then a preset's formats (Jira's); the first that reads the cell wins.
      const f = s.dateFormats;
      // Each format's local time is a column of its own (locals, the _local view): the zone's rule then reads a column, not the expression.
      const formats = locals.map(inZone);
      const value = !f ? iso : formats.length === 0 ? iso : `COALESCE(${[...(f.iso ? [iso] : []), ...formats].join(', ')})`;
      const years = s.read.validYears;
      // row-reader.ts's plausible(): the year of the local time in the cell's zone, in its words.
      const yearProblem = (p: string) =>
        years ? `CASE WHEN epoch_ms(${p}) < ${years.from} OR epoch_ms(${p}) >= ${years.to} THEN ${sqlText(`${spec.name}: year `)} || year(timezone(${z}, ${p})) || ${sqlText(` is outside ${years.first}..${years.last} (a placeholder for "no date"? --valid-years sets the range)`)} END` : 'NULL';
      const unread = bad(
        !f || f.formats.length === 0 ? 'not an ISO 8601 timestamp (the DuckDB engine reads ISO 8601 only: 2026-03-02 09:00, 2026-03-02T09:00:00Z)'
        : f.iso ? `neither ISO 8601 nor the date format ${f.formats.join(' or ')}`
        : `does not match the date format ${f.formats.join(' or ')}`,
      );
      return { value, problem: unread, rejected: yearProblem };
    }
    case 'date': {
      const value = `CASE WHEN regexp_full_match(${v}, '^\\d{4}-\\d{2}-\\d{2}$') THEN TRY_CAST(${v} AS DATE) END`;
      // row-reader.ts's plausible(): a date's local midnight within the valid years is its year within them.
      const years = s.read.validYears;
      const yearProblem = (p: string) =>
        years ? `CASE WHEN year(${p}) < ${years.first} OR year(${p}) > ${years.last} THEN ${sqlText(`${spec.name}: year `)} || year(${p}) || ${sqlText(` is outside ${years.first}..${years.last} (a placeholder for "no date"? --valid-years sets the range)`)} END` : 'NULL';
      return { value, problem: bad('not an ISO date (the DuckDB engine reads YYYY-MM-DD only)'), rejected: yearProblem };
    }
    case 'duration': {
      // Plain numbers first (most cells, no regex extraction), then clock text as cells.ts reads it.
      const value = `CASE WHEN regexp_full_match(${v}, ${sqlText(DECIMAL)}) THEN CAST(${v} AS DOUBLE) * ${spec.unitSeconds ?? 1} ELSE ${sqlDurationSeconds(SQL_DIALECTS.duckdb, v, spec.unitSeconds ?? 1)} END`;
      // parseDuration's "negative duration": clock text or a plain number after a minus, above zero.
      const negative = `CASE WHEN regexp_full_match(${v}, '^-[0-9]+([.][0-9]+)?$') AND CAST(substr(${v}, 2) AS DOUBLE) > 0 THEN TRUE WHEN ${v} LIKE '-%:%' AND (${sqlClockSeconds(SQL_DIALECTS.duckdb, `substr(${v}, 2)`)}) > 0 THEN TRUE ELSE FALSE END`;
      const unread = bad('not a duration the DuckDB engine reads (a plain non-negative number, H:MM:SS or M:SS)');
      return {
        value,
        problem: (p) => `CASE WHEN NOT (${negative}) THEN ${unread(p)} END`,
        // parseDuration's limit: more than 1000 years (in seconds, whatever the unit) is refused,
        // plain digits included (row-reader.ts's fast path checks it too: epoch milliseconds in a seconds column).
        rejected: (p) =>
          `CASE WHEN ${negative} THEN ${sqlText(`${spec.name}: negative duration`)} WHEN (${p}) > ${1000 * 365.25 * 86_400} THEN ${sqlText(`${spec.name}: duration too long (more than 1000 years)`)} END`,
      };
    }
    case 'number': {
      // A run of digits beyond a double (1e309 written out) is Infinity: cells.ts's "number too large".
      const signed = `regexp_full_match(${v}, ${sqlText(SIGNED)})`;
      // TRY_CAST: outside a CASE, DuckDB evaluates both sides of an AND, and the cast of `abc` would fail.
      const tooLarge = `(${signed} AND NOT isfinite(TRY_CAST(${v} AS DOUBLE)))`;
      const value = `CASE WHEN ${signed} AND isfinite(CAST(${v} AS DOUBLE)) THEN CAST(${v} AS DOUBLE) END`;
      const unread = bad('not a number (the DuckDB engine reads plain decimals: 4, 4.5)');
      return { value, problem: (p) => `CASE WHEN NOT ${tooLarge} THEN ${unread(p)} END`, rejected: () => `CASE WHEN ${tooLarge} THEN ${sqlText(`${spec.name}: number too large (beyond ±1.8e308)`)} END` };
    }
    case 'integer':
    case 'positive_integer': {
      // Whole numbers up to 2^53 − 1, as cells.ts's parseInteger: a sign is read, then, in its
      // order, beyond a double "number too large", below min "must be min or more", beyond
      // 2^53 − 1 "too large" (a BIGINT cast would fail on 2^63 and more). Those cells the
      // JavaScript reader refuses too, in these words: drop_field can leave them out.
      const whole = `regexp_full_match(${v}, ${sqlText(SIGNED_WHOLE)})`;
      const n = `TRY_CAST(${v} AS DOUBLE)`;
      const min = spec.type === 'positive_integer' ? 1 : 0;
      const value = `CASE WHEN ${whole} AND ${n} >= ${min} AND ${n} <= ${Number.MAX_SAFE_INTEGER} THEN CAST(${v} AS BIGINT) END`;
      const unread = bad(`not a whole number ≥ ${min}`);
      return {
        value,
        problem: (p) => `CASE WHEN NOT ${whole} THEN ${unread(p)} END`,
        rejected: () =>
          `CASE WHEN ${whole} THEN CASE WHEN NOT isfinite(${n}) THEN ${sqlText(`${spec.name}: number too large (beyond ±1.8e308)`)} ` +
          `WHEN ${n} < ${min} THEN ${sqlText(`${spec.name}: must be ${min} or more`)} ` +
          `WHEN ${n} > ${Number.MAX_SAFE_INTEGER} THEN ${sqlText(`${spec.name}: too large (at most ${Number.MAX_SAFE_INTEGER})`)} END END`,
      };
    }
    case 'boolean': {
      // The words cells.ts's parseBoolean reads, and no others: a cell this does not read, the
      // JavaScript reader refuses too, in these words (drop_field can leave it out).
      const value = `CASE WHEN lower(${v}) IN ${TRUE_WORDS} THEN TRUE WHEN lower(${v}) IN ${FALSE_WORDS} THEN FALSE END`;
      return { value, problem: () => 'NULL', rejected: bad('not a boolean (expected true/false, yes/no or 1/0)') };
    }
    case 'reopened': {
      const value = `CASE WHEN lower(${v}) IN ${TRUE_WORDS} THEN TRUE WHEN lower(${v}) IN ${FALSE_WORDS} THEN FALSE WHEN regexp_full_match(${v}, ${sqlText(WHOLE)}) AND CAST(${v} AS DOUBLE) <= ${Number.MAX_SAFE_INTEGER} THEN CAST(${v} AS DOUBLE) > 0 END`;
      return { value, problem: bad('not a boolean or a reopen count (expected true/false, yes/no, 1/0 or a whole number)') };
    }
    case 'string':
      return { value: v, problem: () => 'NULL' };
  }
}

/**
 * Opens one file: its header read and mapped, checked for the columns its kind needs; then
 * read() reads it into a table of the canonical columns (plus _line and the group keys),
 * checked. Two steps, so that what every file's header decides (a --by field no file has) is
 * refused before any file is parsed.
 */
async function openFile(db: SqlRunner, s: ComputeSettings, f: ComputeSettings['files'][number], table: string, scratch: string[]): Promise<{ mapping: HeaderMapping; read: () => Promise<LoadedFile> }> {
  const parquet = /\.parquet$/i.test(f.path);
  const csv = parquet ? null : csvSource(f, scratch);
  const esc = sqlText(csv?.path ?? f.path);
  // The header line, delimiter and lines before it as the JavaScript reader read them: DuckDB's
  // sniffer is told them rather than left to guess (it took `#` for a comment mark and dropped
  // the rows of ids like #104, and skips lines it finds odd at the top); comments never. In a
  // gzip file (no header read here) the sniffer still finds the lines before the header.
  const ours = csv?.header ?? null;
  const delimiter = ours?.delimiter ?? f.delimiter;
  const csvRead = (names: string) =>
    `read_csv(${esc}, header = true, all_varchar = true, auto_detect = true${delimiter ? `, delim = ${sqlText(delimiter)}` : ''}, quote = '"', escape = '"', null_padding = false, comment = ''${ours ? `, skip = ${ours.line - 1}` : ''}, compression = ${csv?.gzip ? "'gzip'" : "'none'"}${names})`;
  const source = parquet ? `read_parquet(${esc})` : csvRead('');
  // DuckDB reads the file twice, sniffing its first rows (or a Parquet file's footer), then
  // parsing: either may refuse it. A refusal of the CSV reader is explained by the JavaScript
  // reader's, where it has one; the first reading's, whatever its cause, is the file's, and so
  // is a Parquet reading that names the file (a page that does not decompress: the footer read
  // cleanly, the pages only when parsed).
  const reading = async <T>(run: () => Promise<T>, first: boolean): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      const csvError = !parquet && isCsvError(e);
      const parquetError = parquet && e instanceof Error && e.message.includes(f.path);
      if (!csvError && !parquetError && !first) throw e;
      throw (csvError && ours !== null ? malformed(csv!.path, f.name, delimiter) : null) ?? new CsmError('CSM_FILE_UNREADABLE', `${f.name}: DuckDB cannot read it: ${duckdbCsvError(e as Error)}${csvError && ours !== null ? '; run without --engine duckdb' : ''}`);
    }
  };
  // The header's own names for the mapping (first, as the JavaScript engine maps a file before
  // it reads a row), which refuses two columns giving one. A gzip or Parquet file's header is
  // DuckDB's reading.
  const oursKind = ours && kindOf(f, ours, s.load);
  const oursMapping = ours && mapFile(f.name, ours, oursKind!, s.load);
  const described = await reading(() => db.all(`DESCRIBE SELECT * FROM ${source}`), true);
  const names = described.map((r) => String(r.column_name));
  if (ours !== null && ours.fields.length !== names.length) {
    throw new CsmError('CSM_FILE_UNREADABLE', `${f.name}: DuckDB reads ${names.length} columns where its header has ${ours.fields.length}; run without --engine duckdb`);
  }
  // The query reads a file's columns by position, never by DuckDB's names for them: its
  // DESCRIBE drops a U+FEFF that its query's names keep (DuckDB 1.5), so a header "\uFEFFstatus"
  // (a second byte order mark, one before a later column) was "status" to one and not the other;
  // and a column named _line would meet the query's own.
  const columns = names.map((_, i) => `_c${i + 1}`);
  const named = parquet ? `${source} AS _file(${columns.map(ident).join(', ')})` : csvRead(`, names = [${columns.map(sqlText).join(', ')}]`);
  const header = ours?.fields ?? names;
  const kind = oursKind ?? kindOf(f, { fields: header, line: 1, delimiter: f.delimiter ?? ',' }, s.load);
  // Which delimiter DuckDB's sniffer picked in a gzip file is not known here.
  const mapping = oursMapping ?? (f.delimiter === undefined ? mapHeader(f.name, header, kind, s.load.rules, s.load.join) : mapFile(f.name, { fields: header, line: 1, delimiter: f.delimiter }, kind, s.load));
  const dateZone = [...mapping.zones].find(([c, z]) => COLUMNS[kind].find((x) => x.name === c)?.type === 'date' && z !== s.zone.name);
  if (dateZone) throw new CsmError('CSM_USAGE', `${f.name}: --engine duckdb does not read the dates of ${dateZone[0]} in the zone its header names (${dateZone[1]}); run without --engine duckdb`);
  // A customer list: one row per customer with a churned flag (customer-reader.ts); the query turns it into counts.
  const list = kind === 'customers' && mapping.index.has('churned') && !mapping.index.has('customers_start');
  if (kind === 'surveys' && !mapping.index.has('type') && s.read.surveyType === null) {
    throw new CsmError('CSM_HEADER_MISSING_COLUMN', `${f.name}: surveys file has no type column; add one (csat, nps or ces per row) or give --survey-type`);
  }
  for (const c of kind === 'tickets' ? ['id', 'created_at'] : kind === 'surveys' ? ['score'] : list ? ['churned'] : ['period_start', 'customers_start', 'customers_end', 'new_customers']) {
    if (!mapsColumn(mapping, c)) throw new CsmError('CSM_HEADER_MISSING_COLUMN', `${f.name}: ${kind} file has no ${c} column (header: ${escapeControls(header.slice(0, 12).join(', '))})`);
  }
  const read = async (): Promise<LoadedFile> => {
    // After every header and setting is checked (--by's fields among them), as in JavaScript.
    if (ours !== null) {
      const early = malformed(csv!.path, f.name, delimiter, FIRST_RECORDS);
      if (early !== null) throw early;
    }
    // Cells as the JavaScript reader sees them: value map, trimmed, empty or a null token → NULL.
    const raw = (index: number) => `CAST(${ident(columns[index])} AS VARCHAR)`;
    // A joined column (config "join"): its parts trimmed, the empty ones and null tokens left out, joined with a space (row-reader.ts).
    const part = (i: number) => {
      const p = `NULLIF(${jsTrim(raw(i))}, '')`;
      return s.read.nullTokens.size > 0 ? `CASE WHEN ${p} IN (${[...s.read.nullTokens].map(sqlText).join(', ')}) THEN NULL ELSE ${p} END` : p;
    };
    const joined = (at: number[]) => SQL_DIALECTS.duckdb.joinNonNull(at.map(part));
    const cellOf = (canonical: string, index: number | number[]) => {
      let v = typeof index === 'number' ? raw(index) : `COALESCE(${joined(index)}, '')`;
      const map = s.read.valueMaps.get(canonical);
      if (map && map.size > 0) v = `CASE lower(${jsTrim(v)}) ${[...map].map(([from, to]) => `WHEN ${sqlText(from)} THEN ${sqlText(to)}`).join(' ')} ELSE ${v} END`;
      v = `NULLIF(${jsTrim(v)}, '')`;
      if (s.read.nullTokens.size > 0) v = `CASE WHEN ${v} IN (${[...s.read.nullTokens].map(sqlText).join(', ')}) THEN NULL ELSE ${v} END`;
      return v;
    };
    // A view: the file is read once, by the parsing stage. DuckDB keeps the file's row order, so _line is the header's
    // line plus the records before (a record of several lines counts as one: the README says so). A record whose every
    // field is empty once trimmed (`,,,` as spreadsheets append) is no row, as scanner.ts's isBlank skips it: written as
    // "some field is not empty" (an empty field is NULL), DuckDB looks past the first field only where it is empty.
    const filled = columns.map((n) => `${jsTrim(`CAST(${ident(n)} AS VARCHAR)`)} <> ''`).join(' OR ');
    await db.all(`CREATE TEMP VIEW ${table}_raw AS SELECT * FROM (SELECT row_number() OVER () + ${ours?.line ?? 1} AS _line, * FROM ${named}) WHERE ${filled}`);
    const cells: string[] = ['_line'];
    for (const [canonical, index] of mapping.index) cells.push(`${cellOf(canonical, index)} AS ${ident('c_' + canonical)}`);
    for (const [canonical, at] of mapping.joins) cells.push(`${cellOf(canonical, at)} AS ${ident('c_' + canonical)}`);
    // A date and a time joined: the first part left empty (row-reader.ts's timeOf), whose date alone would read as midnight.
    const timeJoins = [...mapping.joins].filter(([c]) => ['timestamp', 'date'].includes(COLUMNS[kind].find((x) => x.name === c)?.type ?? ''));
    for (const [canonical, at] of timeJoins) cells.push(`CASE ${at.map((i) => `WHEN (${part(i)}) IS NULL THEN ${sqlText(JSON.stringify(mapping.header[i]))}`).join(' ')} END AS ${ident('_je_' + canonical)}`);
    // A csat_score cell that is an offered token (Zendesk's Offered), read raw as ticket-reader.ts's offered() reads it.
    const offeredTokens = [...(s.read.offeredTokens ?? [])];
    const offered = kind === 'tickets' && mapping.index.has('csat_score') && offeredTokens.length > 0;
    if (offered) cells.push(`lower(${jsTrim(`CAST(${ident(columns[mapping.index.get('csat_score')!])} AS VARCHAR)`)}) IN (${offeredTokens.map(sqlText).join(', ')}) AS _csat_offered_token`);
    // duplicates "first"/"last" (load.ts): one row per id, trimmed as read (a null token none; a joined id's parts joined), across all tickets files.
    const idAt = mapping.index.get('id');
    const idJoin = mapping.joins.get('id');
    const dedup = kind === 'tickets' && s.load.duplicates !== 'error' && (idAt !== undefined || idJoin !== undefined);
    if (dedup) cells.push(`${idAt !== undefined ? part(idAt) : joined(idJoin!)} AS _dup_key`);
    await db.all(`CREATE TEMP VIEW ${table}_cells AS SELECT ${cells.join(', ')} FROM ${table}_raw`);
    // A date format's local time of each timestamp cell (date-format.ts), before the zone is applied.
    const timestamps = [...mapping.index.keys(), ...mapping.joins.keys()].filter((c) => COLUMNS[kind].find((x) => x.name === c)?.type === 'timestamp');
    const locals = new Map(timestamps.map((c) => [c, (s.dateFormats?.formats ?? []).map((_, k) => ident(`l${k + 1}_${c}`))]));
    const localCells = timestamps.flatMap((c) => (s.dateFormats?.formats ?? []).map((format, k) => `${dateFormatOf(format).local(SQL_DIALECTS.duckdb, ident('c_' + c))} AS ${ident(`l${k + 1}_${c}`)}`));
    // And each one's ISO 8601 reading (isoColumns), unless a config's date_format alone reads it.
    const isoRead = !s.dateFormats || s.dateFormats.formats.length === 0 || s.dateFormats.iso;
    const isoCells = isoRead ? timestamps.flatMap((c) => { const t = isoColumns(ident('c_' + c)); return [`${t.instant} AS ${ident('u_' + c)}`, `${t.local} AS ${ident('n_' + c)}`]; }) : [];
    await db.all(`CREATE TEMP VIEW ${table}_local AS SELECT *${[...localCells, ...isoCells].map((l) => `, ${l}`).join('')} FROM ${table}_cells`);
    const specs = new Map(COLUMNS[kind].map((c) => [c.name, c]));
    const typed: string[] = ['_line'];
    const problems: string[] = [];
    // invalid_fields "drop_field" (row-reader.ts's fieldProblem): a problem of a column that is not
    // essential leaves that field out (no value) and the row stays; the essential ones still make it invalid.
    const drop = s.read.invalidFields === 'drop_field';
    const essential = new Set([...REQUIRED[kind], ...(kind === 'surveys' ? ['type'] : []), ...(kind === 'customers' ? CUSTOMER_LIST_REQUIRED : [])]);
    /** Each droppable column's problem (the first the JavaScript reader finds in it), as text with its value. */
    const fieldProblems = new Map<string, string>();
    // Each cell parsed once, into p_<column> (stage one); the problems and typed columns read those (stage two).
    const parsed = new Map<string, string>();
    const parses: string[] = [];
    for (const canonical of [...mapping.index.keys(), ...mapping.joins.keys()]) {
      const spec = specs.get(canonical)!;
      // A header naming its zone (Intercom's `(America/New_York)`): its zone-less times are read in it, not in --tz.
      const p = parseCell(spec, ident('c_' + canonical), s, mapping.zones.get(canonical) ?? null, locals.get(canonical), isoRead ? { instant: ident('u_' + canonical), local: ident('n_' + canonical) } : undefined);
      const name = ident('p_' + canonical);
      parsed.set(canonical, name);
      parses.push(`${p.value} AS ${name}`);
      const withValue = (problem: string) => (problem === 'NULL' ? 'NULL' : `CASE WHEN (${problem}) IS NOT NULL THEN (${problem}) || ' ("' || ${ident('c_' + canonical)} || '")' END`);
      const at = mapping.joins.get(canonical);
      const joinProblem = at && timeJoins.some(([c]) => c === canonical)
        ? `CASE WHEN ${ident('c_' + canonical)} IS NOT NULL AND ${ident('_je_' + canonical)} IS NOT NULL THEN ${sqlText(`${canonical}: `)} || ${ident('_je_' + canonical)} || ${sqlText(` is empty (${canonical} joins ${at.map((i) => JSON.stringify(mapping.header[i])).join(' and ')})`)} END`
        : null;
      const problem = withValue(p.problem(name));
      // A JavaScript field problem, as the year's: left out under drop_field.
      const rejected = joinProblem !== null ? withValue(p.rejected ? `COALESCE(${joinProblem}, ${p.rejected(name)})` : joinProblem) : p.rejected ? withValue(p.rejected(name)) : 'NULL';
      if (drop && !essential.has(canonical)) {
        problems.push(problem);
        fieldProblems.set(canonical, rejected);
      } else problems.push(rejected === 'NULL' ? problem : problem === 'NULL' ? rejected : `COALESCE(${problem}, ${rejected})`);
    }
    await reading(() => db.all(`CREATE TEMP TABLE ${table}_parsed AS SELECT *, ${parses.join(', ')} FROM ${table}_local`), false);
    const rawCol = (c: string) => parsed.get(c) ?? 'NULL';
    // The checks that compare a parsed value (a time before created_at, a score outside its scale) add to its column's problem.
    const check = (c: string, problem: string) => {
      if (drop && !essential.has(c)) fieldProblems.set(c, `COALESCE(${fieldProblems.get(c) ?? 'NULL'}, ${problem})`);
      else problems.push(problem);
    };
    if (kind === 'tickets') {
      for (const c of ['first_response_at', 'resolved_at']) {
        if (parsed.has(c)) check(c, `CASE WHEN (${rawCol(c)}) < (${rawCol('created_at')}) THEN ${sqlText(`${c}: is before created_at`)} || ' ("' || ${ident('c_' + c)} || '")' END`);
      }
      if (parsed.has('csat_score')) check('csat_score', scaleProblem('csat_score', rawCol('csat_score'), s.read.csatScale, false, 'csat'));
    }
    /** A column's value once its problem, if any, has left it out. */
    const kept = (c: string) => (!parsed.has(c) ? 'NULL' : fieldProblems.has(c) ? `CASE WHEN (${fieldProblems.get(c)}) IS NULL THEN ${parsed.get(c)} END` : parsed.get(c)!);
    // A 0 in a zero-means-none column is no value while the time it leads to is empty (ticket-reader.ts's firstDuration).
    const zeroNone = s.read.zeroMeansNone ?? new Map<string, string>();
    const given = (c: string, at: string | null) => (zeroNone.has(c) ? sqlZeroMeansNone(kept(c), at === null ? null : kept(at)) : kept(c));
    if (drop) {
      // firstDuration reads the alternatives in order and stops at the first with a value: a later one is never read, nor its problem found.
      for (const [base, at] of kind === 'tickets' ? DURATION_GROUPS : []) {
        const alternatives = ['seconds', 'minutes', 'hours'].map((u) => `${base}_${u}`).filter((c) => parsed.has(c));
        alternatives.forEach((c, i) => {
          const before = alternatives.slice(0, i).map((b) => `(${given(b, at)}) IS NULL`);
          if (before.length > 0 && (fieldProblems.get(c) ?? 'NULL') !== 'NULL') fieldProblems.set(c, `CASE WHEN ${before.join(' AND ')} THEN ${fieldProblems.get(c)} END`);
        });
      }
    }
    const col = (c: string) => kept(c);
    // A time column the file lacks is a NULL typed as a time: an untyped NULL is an INTEGER to
    // DuckDB, and epoch_ms(INTEGER) is a TIMESTAMP, which the window's bounds (numbers) refuse.
    const time = (c: string) => (parsed.has(c) ? col(c) : 'CAST(NULL AS TIMESTAMPTZ)');
    const dur = (at: string | null, ...cs: string[]) => {
      const present = cs.filter((c) => parsed.has(c)).map((c) => given(c, at));
      return present.length === 0 ? 'CAST(NULL AS DOUBLE)' : present.length === 1 ? present[0] : `COALESCE(${present.join(', ')})`;
    };
    const required = (c: string) => `CASE WHEN ${ident('c_' + c)} IS NULL THEN ${sqlText(`${c}: is required`)} END`;
    if (kind === 'tickets') {
      problems.unshift(required('id'), required('created_at'));
      typed.push(
        `CAST(${ident('c_id')} AS VARCHAR) AS id`,
        `${time('created_at')} AS created_at`,
        `${time('first_response_at')} AS first_response_at`,
        `${dur('first_response_at', 'first_response_seconds', 'first_response_minutes', 'first_response_hours')} AS first_response_s`,
        `${time('resolved_at')} AS resolved_at`,
        `${dur('resolved_at', 'resolution_seconds', 'resolution_minutes', 'resolution_hours')} AS resolution_s`,
        ...['status', 'channel', 'customer_id'].map((c) => `CAST(${col(c)} AS VARCHAR) AS ${c}`),
        `CAST(${col('contacts')} AS DOUBLE) AS contacts`,
        `CAST(${col('reopened')} AS BOOLEAN) AS reopened`,
        `CAST(${col('talk_seconds')} AS DOUBLE) AS talk_s`,
        `CAST(${col('hold_seconds')} AS DOUBLE) AS hold_s`,
        `CAST(${col('after_work_seconds')} AS DOUBLE) AS after_work_s`,
        `CAST(${col('handle_seconds')} AS DOUBLE) AS handle_s`,
        `CAST(${col('self_service')} AS BOOLEAN) AS self_service`,
        `CAST(${col('csat_score')} AS DOUBLE) AS csat_score`,
        `CAST(${col('sla_met')} AS BOOLEAN) AS sla_met`,
        `CAST(${col('replies')} AS DOUBLE) AS replies`,
        `${dur(null, 'requester_wait_seconds', 'requester_wait_minutes', 'requester_wait_hours')} AS requester_wait_s`,
        `${dur(null, 'agent_work_seconds', 'agent_work_minutes', 'agent_work_hours')} AS agent_work_s`,
        `${offered ? `(${col('csat_score')} IS NULL AND COALESCE(_csat_offered_token, FALSE))` : 'FALSE'} AS csat_offered`,
      );
      // A first-response or resolution field left out: that time is unknown, not "none" (ticket-reader.ts's firstResponseDropped).
      const anyDropped = (cs: string[]) => {
        const of = cs.filter((c) => fieldProblems.has(c)).map((c) => `(${fieldProblems.get(c)}) IS NOT NULL`);
        return of.length === 0 ? 'FALSE' : of.join(' OR ');
      };
      const timeColumns = (at: string) => [at, ...DURATION_GROUPS.filter(([, a]) => a === at).flatMap(([b]) => units(b))];
      if (drop) typed.push(`(${anyDropped(timeColumns('first_response_at'))}) AS fr_dropped`, `(${anyDropped(timeColumns('resolved_at'))}) AS res_dropped`);
    } else if (kind === 'surveys') {
      const typeText = parsed.has('type') ? `lower(${ident('c_type')})` : 'NULL';
      const type = s.read.surveyType ? `COALESCE(${typeText}, ${sqlText(s.read.surveyType)})` : typeText;
      if (parsed.has('type')) problems.unshift(`CASE WHEN ${typeText} IS NOT NULL AND ${typeText} NOT IN (${[...SURVEY_TYPES].map(sqlText).join(', ')}) THEN 'type: must be csat, nps or ces ("' || ${ident('c_type')} || '")' END`);
      if (s.read.surveyType === null) problems.unshift(`CASE WHEN ${type} IS NULL THEN 'type: is required (or give --survey-type)' END`);
      problems.push(required('score'));
      const score = col('score');
      problems.push(`CASE ${type} ${[
        ['nps', scaleProblem('score', score, { min: 0, max: 10 }, true, 'nps')],
        ['csat', scaleProblem('score', score, s.read.csatScale, false, 'csat')],
        ['ces', scaleProblem('score', score, s.read.cesScale, false, 'ces')],
      ].map(([t, p]) => `WHEN '${t}' THEN ${p}`).join(' ')} END`);
      typed.push(`${type} AS type`, `${score} AS score`, `${time('responded_at')} AS responded_at`, `CAST(${col('ticket_id')} AS VARCHAR) AS ticket_id`);
    } else if (list) {
      problems.push(required('churned'));
      typed.push(`CAST(${col('period_start')} AS DATE) AS period_start`, ...['customers_start', 'customers_end', 'new_customers'].map((c) => `CAST(NULL AS DOUBLE) AS ${c}`), `${col('churned')} AS churned`);
    } else {
      for (const c of ['period_start', 'customers_start', 'customers_end', 'new_customers']) problems.push(required(c));
      const [S, E, N] = ['customers_start', 'customers_end', 'new_customers'].map(col);
      problems.push(`CASE WHEN (${E}) - (${N}) < 0 OR (${E}) - (${N}) > (${S}) THEN 'customers_end: customers_end − new_customers = ' || ((${E}) - (${N})) || ' must lie in 0..customers_start (' || (${S}) || ') ("' || ${ident('c_customers_end')} || '")' END`);
      // customer-reader.ts's notBefore: a period that ends before it starts.
      if (parsed.has('period_end')) check('period_end', `CASE WHEN (${rawCol('period_end')}) < (${rawCol('period_start')}) THEN 'period_end: is before period_start ("' || ${ident('c_period_end')} || '")' END`);
      if (parsed.has('lost_customers')) {
        problems.push(`CASE WHEN (${col('lost_customers')}) <> (${S}) - ((${E}) - (${N})) THEN 'lost_customers: must equal customers_start − (customers_end − new_customers) = ' || ((${S}) - ((${E}) - (${N}))) || ' ("' || ${ident('c_lost_customers')} || '")' END`);
      }
      typed.push(`${col('period_start')} AS period_start`, `CAST(${S} AS DOUBLE) AS customers_start`, `CAST(${E} AS DOUBLE) AS customers_end`, `CAST(${N} AS DOUBLE) AS new_customers`, 'CAST(NULL AS BOOLEAN) AS churned');
    }
    // Group keys: a canonical column's cell (as load.ts's TICKET_FIELDS / ANSWER_FIELDS), else the raw header's, trimmed.
    const groups = s.by.map((b, i) => {
      const src = groupSource(mapping, b);
      const v =
        src === null ? 'CAST(NULL AS VARCHAR)'
        : 'canonical' in src ? (src.canonical === 'type' ? `lower(c.${ident('c_type')})` : `CAST(c.${ident('c_' + src.canonical)} AS VARCHAR)`)
        : `NULLIF(${jsTrim(`CAST(r.${ident(columns[src.raw])} AS VARCHAR)`)}, '')`;
      return `${v} AS g_${i + 1}`;
    });
    const problem = problems.filter((p) => p !== 'NULL');
    // The fields left out, one column each (_d_<column>: the problem's text), counted and listed after the checks.
    const dropColumns = [...fieldProblems].filter(([, p]) => p !== 'NULL').map(([c, p]) => [c, `${p} AS ${ident('_d_' + c)}, c.${ident('c_' + c)} AS ${ident('_v_' + c)}`] as const);
    // empty_score "skip": a survey row without a score is a survey sent and not answered (survey-reader.ts), before any check.
    const noAnswer = kind === 'surveys' && s.read.emptyScore === 'skip' ? `${ident('c_score')} IS NULL` : 'FALSE';
    const problemOf = problem.length ? `CASE WHEN ${noAnswer} THEN NULL ELSE COALESCE(${problem.join(', ')}) END` : 'NULL';
    await db.all(
      `CREATE TEMP TABLE ${table}_all AS SELECT ${typed.join(', ')}${groups.map((g) => `, ${g}`).join('')}, ${noAnswer} AS _no_answer, ${problemOf} AS _problem${dedup ? ', c._dup_key' : ''}${dropColumns.map(([, d]) => `, ${d}`).join('')} FROM ${table}_parsed c${groups.some((g) => g.includes('r.')) ? ` JOIN ${table}_raw r USING (_line)` : ''}`,
    );
    if (dedup) {
      // The lines kept once the duplicates of all tickets files are known (collapseDuplicates): all of them until then.
      await db.all(`CREATE TEMP TABLE ${table}_keep AS SELECT _line FROM ${table}_all`);
      await db.all(`CREATE TEMP VIEW ${table}_rows AS SELECT * EXCLUDE (_no_answer, _dup_key) FROM ${table}_all WHERE NOT _no_answer AND _line IN (SELECT _line FROM ${table}_keep)`);
    } else await db.all(`CREATE TEMP VIEW ${table}_rows AS SELECT * EXCLUDE (_no_answer) FROM ${table}_all WHERE NOT _no_answer`);
    // The files of a kind are one table (UNION ALL by position): the left-out fields, which differ per file, stay in _rows.
    await db.all(`CREATE TEMP VIEW ${table} AS SELECT *${dropColumns.length ? ` EXCLUDE (${dropColumns.flatMap(([c]) => [ident('_d_' + c), ident('_v_' + c)]).join(', ')})` : ''} FROM ${table}_rows`);
    const noAnswers = Number((await db.all(`SELECT count(*) AS n FROM ${table}_all WHERE _no_answer`))[0].n);
    const rows = Number((await db.all(`SELECT count(*) AS n FROM ${table}_all`))[0].n);
    const loaded: LoadedFile = { name: f.name, kind, table, mapping, rows, noAnswers, collapsed: 0, dedup, list, dropColumns: dropOrder(kind, dropColumns.map(([c]) => c)) };
    if (!dedup) await checkRows(db, loaded);
    return loaded;
  };
  return { mapping, read };
}

/**
 * duplicates "first"/"last" (load.ts): of the rows with one id cell (trimmed; an empty one is
 * never folded), across the tickets files in their order, the first or the last is kept;
 * the others are collapsed, counted in the file whose row repeats the id. Only the kept
 * rows are checked, as the JavaScript reader checks only the row it keeps.
 */
async function collapseDuplicates(db: SqlRunner, s: ComputeSettings, files: LoadedFile[]): Promise<void> {
  const dedup = files.filter((f) => f.dedup);
  if (dedup.length === 0) return;
  const all = dedup.map((f, i) => `SELECT ${i} AS file, _line, _dup_key FROM ${f.table}_all`).join(' UNION ALL ');
  const order = s.load.duplicates === 'last' ? 'file DESC, _line DESC' : 'file, _line';
  await db.all(
    `CREATE TEMP TABLE dup_ranks AS SELECT file, _line, _dup_key, row_number() OVER (PARTITION BY _dup_key ORDER BY ${order}) AS kept_rank, row_number() OVER (PARTITION BY _dup_key ORDER BY file, _line) AS seen_rank FROM (${all})`,
  );
  for (const [i, f] of dedup.entries()) {
    await db.all(`DELETE FROM ${f.table}_keep WHERE _line IN (SELECT _line FROM dup_ranks WHERE file = ${i} AND _dup_key IS NOT NULL AND kept_rank > 1)`);
    f.collapsed = Number((await db.all(`SELECT count(*) AS n FROM dup_ranks WHERE file = ${i} AND _dup_key IS NOT NULL AND seen_rank > 1`))[0].n);
    // load.ts's rows: a row is counted when its id repeats an earlier one (collapsed) and again when it is the row
    // kept; so with "last" a first row replaced later counts nowhere and its replacement twice (the total stays the records').
    f.rows = Number((await db.all(`SELECT count(*) FILTER (WHERE _dup_key IS NULL) + count(*) FILTER (WHERE _dup_key IS NOT NULL AND seen_rank > 1) + count(*) FILTER (WHERE _dup_key IS NOT NULL AND kept_rank = 1) AS n FROM dup_ranks WHERE file = ${i}`))[0].n);
  }
  for (const f of dedup) await checkRows(db, f);
}

/**
 * A problem as the SQL writes it, `column: message ("value")`, on its file's line as the
 * JavaScript reader shows one (errors.ts's formatProblem: the value as JSON, cut at 60
 * characters; a cell of megabytes is not the error line).
 */
function shownProblem(file: string, line: number, text: string): string {
  const m = /^([^:]*): ([\s\S]*?) \("([\s\S]*)"\)$/.exec(text);
  return m === null ? escapeControls(`${file}:${line}: ${text}`) : formatProblem({ file, line, column: m[1], message: m[2], value: m[3] });
}

/** Stops at the first invalid row of a file (its kept rows), with the count of the others. */
async function checkRows(db: SqlRunner, loaded: LoadedFile): Promise<void> {
  const { name, table, kind, list } = loaded;
  const f = { name };
  const bad = await db.all(`SELECT _line, _problem FROM ${table} WHERE _problem IS NOT NULL ORDER BY _line LIMIT 1`);
  if (bad.length > 0) {
    const count = await db.all(`SELECT count(*) AS n FROM ${table} WHERE _problem IS NOT NULL`);
    const n = Number(count[0].n);
    throw new CsmError('CSM_ROWS_INVALID', `${shownProblem(f.name, Number(bad[0]._line), String(bad[0]._problem))}${n > 1 ? ` (and ${n - 1} more invalid row${n === 2 ? '' : 's'}; the DuckDB engine stops at invalid rows: \`csm-kpi validate\` lists them)` : ''}`);
  }
  const has = (c: string) => mapsColumn(loaded.mapping, c);
  if (kind === 'customers' && !list) {
    // customer-reader.ts, row by row in file order: a period_start met before is "same period
    // as" that line; else a period whose start lies inside an earlier one's span, or an earlier
    // one's start inside its own (ends exclusive; a period without an end spans its start
    // alone), "overlaps" it. The rows before the first such row are all kept ones, so the first
    // is found among all pairs. Cells are shown as written (trimmed).
    const end = has('period_end') ? 'CASE WHEN p_period_end >= p_period_start THEN p_period_end END' : 'CAST(NULL AS DATE)';
    const endText = has('period_end') ? 'c_period_end' : 'CAST(NULL AS VARCHAR)';
    const [hit] = await db.all(
      `WITH p AS (SELECT _line, p_period_start AS s, ${end} AS e, c_period_start AS st, ${endText} AS et FROM ${table}_parsed), ` +
        `same AS (SELECT a._line AS line, min(b._line) AS other, 0 AS k FROM p a JOIN p b ON b._line < a._line AND b.s = a.s GROUP BY a._line), ` +
        `over AS (SELECT a._line AS line, min(b._line) AS other, 1 AS k FROM p a JOIN p b ON b._line < a._line AND b.s <> a.s AND ((b.e IS NOT NULL AND b.s < a.s AND a.s < b.e) OR (a.e IS NOT NULL AND a.s < b.s AND b.s < a.e)) GROUP BY a._line) ` +
        `SELECT h.line, h.other, h.k, a.st, b.st AS other_start, CASE WHEN b.e IS NOT NULL THEN b.et END AS other_end ` +
        `FROM (SELECT * FROM same UNION ALL SELECT * FROM over) h JOIN p a ON a._line = h.line JOIN p b ON b._line = h.other ORDER BY h.line, h.k LIMIT 1`,
    );
    if (hit !== undefined) {
      const span = hit.other_end == null ? String(hit.other_start) : `${String(hit.other_start)} to ${String(hit.other_end)}`;
      const message = Number(hit.k) === 0 ? `same period as line ${hit.other}` : `overlaps the period (${span}) of line ${hit.other}`;
      throw new CsmError('CSM_ROWS_INVALID', formatProblem({ file: f.name, line: Number(hit.line), column: 'period_start', message, value: String(hit.st) }));
    }
  }
  // customer-reader.ts: a customer listed twice (in the same period) would count twice. Every
  // parsed row is a kept one here: a customers file has no duplicates policy, and an invalid row
  // stopped the run above.
  if (kind === 'customers' && list && has('customer_id')) {
    const period = has('period_start') ? 'p.p_period_start' : 'NULL';
    const dup = await db.all(
      `SELECT id, _line, first FROM (SELECT p.c_customer_id AS id, p._line, first_value(p._line) OVER w AS first, row_number() OVER w AS k FROM ${table}_parsed p ` +
        `WHERE p.c_customer_id IS NOT NULL WINDOW w AS (PARTITION BY p.c_customer_id, ${period} ORDER BY p._line)) WHERE k = 2 ORDER BY _line LIMIT 1`,
    );
    if (dup.length > 0) throw new CsmError('CSM_ROWS_INVALID', formatProblem({ file: f.name, line: Number(dup[0]._line), column: 'customer_id', message: 'duplicate of the customer on line ' + dup[0].first, value: String(dup[0].id) }));
  }
}

function scaleProblem(column: string, score: string, scale: { min: number; max: number }, integral: boolean, label: string): string {
  const out = `(${score}) < ${scale.min} OR (${score}) > ${scale.max}${integral ? ` OR (${score}) <> floor(${score})` : ''}`;
  return `CASE WHEN ${out} THEN ${sqlText(`${column}: ${label} score must be ${integral ? 'a whole number ' : ''}in ${scale.min}..${scale.max}`)} || ' ("' || ${ident('c_' + column)} || '")' END`;
}

/** A ticket id twice (across all tickets files): invalid, as for the JavaScript engine's duplicates "error". */
async function checkDuplicateIds(db: SqlRunner, files: LoadedFile[]): Promise<void> {
  const ticketFiles = files.filter((f) => f.kind === 'tickets');
  const all = ticketFiles.map((f, i) => `SELECT id, _line, ${i} AS file FROM ${f.table}`).join(' UNION ALL ');
  const dup = await db.all(`SELECT id, file, _line, first_file, first_line FROM (SELECT id, file, _line, first_value(file) OVER w AS first_file, first_value(_line) OVER w AS first_line, row_number() OVER w AS k FROM (${all}) WINDOW w AS (PARTITION BY id ORDER BY file, _line)) WHERE k = 2 ORDER BY file, _line LIMIT 1`);
  if (dup.length === 0) return;
  const d = dup[0];
  const name = (i: unknown) => ticketFiles[Number(i)].name;
  // In the JavaScript reader's words: "on line 2" in the same file, "on a.csv:2" in another; the id as JSON, cut as errors.ts cuts a value.
  const at = whereIs({ file: name(d.first_file), line: Number(d.first_line) }, name(d.file));
  throw new CsmError('CSM_ROWS_INVALID', formatProblem({ file: name(d.file), line: Number(d._line), column: 'id', message: `duplicate of the ticket on ${at}`, value: String(d.id) }));
}

/**
 * invalid_fields "drop_field": the file's fields left out, per column in the order load.ts
 * meets them (row by row, each row's columns as its reader reads them), and the first of
 * them (up to KEPT_PROBLEMS over all files) added to list, as load.ts lists them.
 */
async function droppedFields(db: SqlRunner, f: LoadedFile, list: RowProblem[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (f.dropColumns.length === 0) return counts;
  const each = f.dropColumns.map((c, k) => `SELECT _line, ${k} AS k, ${ident('_d_' + c)} AS problem, ${ident('_v_' + c)} AS value FROM ${f.table}_rows WHERE ${ident('_d_' + c)} IS NOT NULL`).join(' UNION ALL ');
  const firsts = await db.all(`SELECT k, count(*) AS n, min(_line) AS first FROM (${each}) GROUP BY k ORDER BY first, k`);
  for (const r of firsts) counts.set(f.dropColumns[Number(r.k)], Number(r.n));
  const room = KEPT_PROBLEMS - list.length;
  if (room > 0 && counts.size > 0) {
    for (const r of await db.all(`SELECT _line, k, problem, value FROM (${each}) ORDER BY _line, k LIMIT ${room}`)) {
      const column = f.dropColumns[Number(r.k)];
      const value = String(r.value);
      // The problem's text is "<column>: <message> (\"<value>\")".
      const text = String(r.problem);
      list.push({ file: f.name, line: Number(r._line), column, message: text.slice(column.length + 2, text.length - value.length - 5), value });
    }
  }
  return counts;
}

/** The file's line in the report's inputs: rows, used, outside the window, unplaced. */
async function summary(db: SqlRunner, s: ComputeSettings, f: LoadedFile): Promise<InputSummary> {
  const inWindow = (ms: string) => [s.from !== null ? `${ms} >= ${s.from}` : null, s.to !== null ? `${ms} < ${s.to}` : null].filter((x) => x !== null).join(' AND ') || 'TRUE';
  const placeByTime = s.from !== null || s.to !== null || s.period !== null;
  const at = f.kind === 'tickets' ? 'epoch_ms(created_at)' : f.kind === 'surveys' ? 'epoch_ms(responded_at)' : `epoch_ms(timezone(${sqlText(s.zone.name)}, CAST(period_start AS TIMESTAMP)))`;
  const r = (
    await db.all(
      `SELECT count(*) AS rows, count(*) FILTER (WHERE ${at} IS NULL) AS undated, count(*) FILTER (WHERE ${at} IS NOT NULL AND NOT (${inWindow(at)})) AS outside FROM ${f.table}`,
    )
  )[0];
  const answered = Number(r.rows), undated = Number(r.undated), outside = Number(r.outside);
  const unplaced = placeByTime ? undated : 0;
  return { file: f.name, kind: f.kind, rows: f.rows, used: answered - outside - unplaced, skipped: 0, outside_window: outside, unplaced, no_answer: f.noAnswers, collapsed: f.collapsed };
}

/**
 * The CSV file DuckDB reads — the file itself, or a temporary UTF-8 copy of a Latin-1,
 * Windows-1252 or UTF-16 one, decoded as the JavaScript reader decodes it
 * (input/csv/encoding.ts, read-csv.ts): DuckDB 1.5's read_csv has no windows-1252 and no
 * UTF-16, and its latin-1 refuses bytes 0x80–0x9F, which Latin-1 exports do hold. Line ends
 * stay where they were, so the records' line numbers are the file's. And its header as the
 * JavaScript reader reads it (null for a gzip file, which DuckDB decompresses itself).
 */
function csvSource(f: ComputeSettings['files'][number], scratch: string[]): { path: string; header: CsvHeader | null; gzip: boolean } {
  const head = firstBytes(f);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    // DuckDB decompresses it as it reads, as UTF-8: no copy in another encoding can be made on the way.
    if (f.encoding !== 'utf-8') throw new CsmError('CSM_USAGE', `${f.name}: --engine duckdb reads a gzip-compressed file as UTF-8 only; for --encoding ${f.encoding}, decompress it first (gunzip -c ${f.name} | csm-kpi … -)`);
    return { path: f.path, header: null, gzip: true };
  }
  const wide = utf16Of(head);
  // A NUL character in UTF-16 text, before the copy: its byte in the file, not in the copy.
  if (wide !== null) refuseBinary(f.name, head, wide);
  const path =
    wide !== null ? utf8Copy(f, scratch, () => { const d = new TextDecoder(wide, { fatal: true }); return (bytes, end) => d.decode(bytes, { stream: !end }); })
    : f.encoding === 'utf-8' ? f.path
    : utf8Copy(f, scratch, () => (bytes) => { const latin1 = Buffer.from(bytes).toString('latin1'); return f.encoding === 'windows-1252' ? fromWindows1252(latin1) : latin1; });
  return { path, header: readHeader({ path, name: f.name, encoding: 'utf-8', delimiter: f.delimiter }), gzip: false };
}

/** The file's first 8 KB (for its gzip magic number and UTF-16 byte order). */
function firstBytes(f: ComputeSettings['files'][number]): Uint8Array {
  // The JavaScript reader's opening: its refusals (no such file, a directory) word for word.
  const fd = openCsvFile(f);
  try {
    const buf = Buffer.alloc(8192);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** A UTF-8 copy of the file in the scratch directory, each chunk decoded by the decoder made for it (end: the last call, with no bytes). */
function utf8Copy(f: ComputeSettings['files'][number], scratch: string[], decoder: () => (bytes: Uint8Array, end: boolean) => string): string {
  if (scratch.length === 0) scratch.push(mkdtempSync(join(tmpdir(), 'csm-kpi-duckdb-')));
  const out = join(scratch[0], `${scratch.length}-${f.name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  scratch.push(out);
  const decode = decoder();
  const from = openSync(f.path, 'r');
  const to = openSync(out, 'w');
  // The end of the chunk being decoded: the JavaScript reader's chunks are as long, so its message names the same byte.
  let at = 0;
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let got; (got = readSync(from, buf, 0, buf.length, null)) > 0; ) {
      at += got;
      writeSync(to, Buffer.from(decode(buf.subarray(0, got), false), 'utf8'));
    }
    writeSync(to, Buffer.from(decode(new Uint8Array(0), true), 'utf8'));
  } catch (e) {
    if (e instanceof TypeError) throw new CsmError('CSM_FILE_ENCODING', `${f.name}: not valid UTF-16 (an odd byte or a lone surrogate before byte ${at})`);
    throw e;
  } finally {
    closeSync(from);
    closeSync(to);
  }
  return out;
}

/** Whether DuckDB's error is its CSV reader's (the sniffer's or the parser's), not the query's. */
function isCsvError(e: unknown): boolean {
  return e instanceof Error && /CSV Error|sniffing file|CSV Parser|Maximum line size/.test(e.message);
}

/**
 * The JavaScript reader's error for the first malformed record of a file DuckDB refused (a
 * syntax error named by line and column, a record of another number of fields than the
 * header: the lines DuckDB's messages do not name), or null when it reads the file whole
 * (then the refusal is DuckDB's own: line ends of two kinds, a record over its size limit).
 * Only on that error path: it reads the whole file.
 */
function malformed(path: string, name: string, delimiter: string | undefined, records = Infinity): CsmError | null {
  let want = 0;
  let seen = 0;
  const enough = {};
  try {
    readCsv(
      { path, name, encoding: 'utf-8', delimiter },
      (h) => void (want = h.fields.length),
      (fields, line, view) => {
        // A record of empty fields (`,,` or spaces) is no row, whatever its length, as load.ts skips it.
        if (fields.length !== want && !view.isBlank(fields)) throw new CsmError('CSM_ROWS_INVALID', `${name}:${line}: (row): ${fieldCountMessage(fields.length, want)}`);
        if (++seen >= records) throw enough;
      },
    );
  } catch (e) {
    if (e instanceof CsmError) return e;
    if (e !== enough) throw e;
  }
  return null;
}

/**
 * Records the JavaScript reader reads before DuckDB does (malformed's records): DuckDB reads a
 * record that ends in one delimiter more than its header as if it were not there, and a space
 * after a closing quote as nothing, where the JavaScript reader refuses both. An export that
 * ends every row with a delimiter (its header without one) shows it in its first records and is
 * refused as without --engine duckdb; one such record further down is not looked for (README).
 */
const FIRST_RECORDS = 100;

/**
 * DuckDB's error on a CSV file in one line: what it found (`Expected Number of Columns: 3
 * Found: 2`), else its first line. Not its line number: it counts from the lines it skipped.
 */
export function duckdbCsvError(e: Error): string {
  const lines = e.message.split('\n').map((l) => l.trim());
  const fields = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(e.message);
  const what =
    fields ? `a record has ${fields[2]} field${fields[2] === '1' ? '' : 's'}, the header ${fields[1]}`
    : /unterminated quote/i.test(e.message) ? 'a quoted field is not closed'
    : /not possible to automatically detect|sniffing file/i.test(e.message) ? 'its sniffer cannot tell how the file is written (rows of another number of fields, a quote not closed, or line ends of two kinds?)'
    : /Maximum line size/.test(e.message) ? 'a record is longer than its limit of 2 MB'
    : /Invalid unicode/i.test(e.message) ? 'it is not valid UTF-8 (a Latin-1 or Windows-1252 file? then --encoding latin1)'
    : /invalid state/i.test(e.message) ? 'its parser cannot read the file as written (line ends of two kinds, or a quote not per RFC 4180?)'
    : lines[0];
  return what;
}


