/**
 * csm-kpi sql --dialect D — the KPI definitions as one SQL query over warehouse tables.
 *
 *   csm-kpi sql --dialect duckdb
 *   csm-kpi sql --dialect bigquery --preset zendesk --tickets-table project.zendesk.tickets
 *   csm-kpi sql --dialect postgres --period week --by agent --from 2026-03-01 --to 2026-04-01 --tz Europe/Madrid
 *
 * The tables hold typed columns: timestamps as instants (TIMESTAMP WITH TIME ZONE, BigQuery's
 * TIMESTAMP), durations and scores as numbers, flags as booleans. Their names are the
 * canonical columns, or the preset's / the config's (`columns`), read as compute reads a
 * header: the first of a preset's names for each column. Durations in minutes or hours
 * become seconds; value maps and null tokens apply to text columns.
 */
import type { Context } from '../context.js';
import { CsmError } from '../errors.js';
import { COLUMNS, CUSTOMER_LIST_REQUIRED, normalizeHeader, REQUIRED, splitZone } from '../input/header/columns.js';
import type { FileKind } from '../input/header/columns.js';
import { PRESETS } from '../input/header/presets.js';
import { DIALECTS, SQL_DIALECTS } from '../metrics/sql.js';
import type { Dialect, SqlDialect } from '../metrics/sql.js';
import { buildSql } from '../engine/sql-query.js';
import { sqlQueryOptions } from '../engine/sql-engine.js';
import { sqlDateFormat, sqlWarehouseDuration, sqlZeroMeansNone } from '../engine/sql-cells.js';
import type { SqlTable } from '../engine/sql-query.js';
import { resolveSqlSettings } from '../settings/settings.js';
import type { SqlFlags, SqlSettings } from '../settings/settings.js';

const NO_COMPARE = '--compare: the SQL has no compared window; run it on each window';

export function runSql(ctx: Context, flags: SqlFlags): number {
  // Before the settings, which would first ask --compare for a window the SQL could not use either.
  if (flags.compare !== undefined) throw new CsmError('CSM_USAGE', NO_COMPARE);
  const s = resolveSqlSettings(ctx, flags);
  if (!DIALECTS.includes(s.dialect as Dialect)) throw new CsmError('CSM_USAGE', `--dialect: "${s.dialect}" is not one of ${DIALECTS.join(', ')}`);
  if (s.hours) throw new CsmError('CSM_USAGE', 'business hours (--business-hours or business_hours): business-hours clocks are not expressed in SQL; compute them with the JavaScript engine');
  if (s.compare) throw new CsmError('CSM_USAGE', NO_COMPARE);
  // Both change which tickets a KPI counts or how they are judged: a query without them would
  // give other numbers than compute with the same config, and say nothing.
  if (s.where.length > 0) throw new CsmError('CSM_USAGE', "where (the config's): its filters are applied by the JavaScript reader, not expressed in SQL; filter the tables in the warehouse (a view), or run compute");
  if (Object.keys(s.slaByPriority).length > 0) throw new CsmError('CSM_USAGE', 'SLA targets per priority (priority=… in --sla or the config\'s sla): not expressed in SQL; give targets for all tickets (--sla first_response=1h,resolution=24h), or run compute');
  const d = SQL_DIALECTS[s.dialect as Dialect];
  const preset = s.preset !== null && s.preset !== undefined;
  const table = (kind: FileKind, ref: string | null) => (ref === null ? null : warehouseTable(s, d, kind, ref));
  const sql = buildSql(
    sqlQueryOptions(s, d.name, {
      tickets: table('tickets', s.tables.tickets),
      // A helpdesk preset describes a tickets export: surveys and customers only when their tables are named.
      surveys: table('surveys', s.tables.surveys ?? (preset ? null : 'surveys')),
      customers: table('customers', s.tables.customers ?? (preset ? null : 'customers')),
    }),
  );
  // A warehouse table has no row order to keep the first or last row of an id by (README); its
  // table often holds one row per ticket anyway (an export's event log does not), so said, not refused.
  if (s.load.duplicates !== 'error') ctx.stderr.write(`note: duplicates "${s.load.duplicates}" (the config's) is not in the query: a table has no row order to keep the ${s.load.duplicates} row of a ticket id by, so every row counts as a ticket; the tickets table needs one row per id (a view)\n`);
  ctx.stdout.write(sql);
  return 0;
}

/** The source column of each canonical one: the config's name, else the preset's first, else the canonical name (no preset). */
function sourceNames(s: SqlSettings, kind: FileKind): Map<string, string> {
  const out = new Map<string, string>();
  const known = new Set(COLUMNS[kind].map((c) => c.name));
  const preset = s.preset ? PRESETS[s.preset] : null;
  // The preset's order is its preference: the first header naming a column is the one read.
  const originals = new Map<string, string>();
  if (preset) for (const [h, c] of Object.entries(preset.columns)) if (known.has(c) && !originals.has(c)) originals.set(c, h);
  // The config's column map as written: a warehouse column is named exactly (the readers' map
  // is keyed by normalized header, `Created At` → created_at, a column no table has).
  for (const [h, c] of Object.entries(s.columnMap?.columns ?? {})) if (known.has(c)) originals.set(c, h);
  for (const [c, h] of originals) out.set(c, h);
  // The canonical table's columns, but sla_met: a helpdesk's own SLA verdict replaces the targets' sla_resolution only when a config or preset names it.
  if (!preset) for (const c of known) if (!out.has(c) && c !== 'sla_met') out.set(c, c);
  return out;
}

/** Text columns whose cells value maps and null tokens apply to (ids and typed columns are the warehouse's own). */
const TEXT_COLUMNS = new Set(['status', 'channel', 'agent', 'team', 'priority', 'type']);

/** The time column each duration leads to (a zero-means-none 0 is no value while it is empty). */
const LEADS_TO: Record<string, string> = { first_response_s: 'first_response_at', resolution_s: 'resolved_at' };

const DURATIONS: Record<string, string[]> = {
  first_response_s: ['first_response_seconds', 'first_response_minutes', 'first_response_hours'],
  resolution_s: ['resolution_seconds', 'resolution_minutes', 'resolution_hours'],
  talk_s: ['talk_seconds'],
  hold_s: ['hold_seconds'],
  after_work_s: ['after_work_seconds'],
  handle_s: ['handle_seconds'],
  // Calendar columns (the SQL has no business clock).
  requester_wait_s: ['requester_wait_seconds', 'requester_wait_minutes', 'requester_wait_hours'],
  agent_work_s: ['agent_work_seconds', 'agent_work_minutes', 'agent_work_hours'],
};

/** The table's canonical columns as SQL expressions over its own columns. */
function warehouseTable(s: SqlSettings, d: SqlDialect, kind: FileKind, ref: string): SqlTable {
  const names = sourceNames(s, kind);
  const specs = new Map(COLUMNS[kind].map((c) => [c.name, c]));
  // The canonical columns the config's column map names.
  const named = new Set(s.load.rules.explicit.values());
  // A name a config or preset writes is the column's exact name; a canonical one csm-kpi's, as
  // SQL written by hand names it (Snowflake's created_at is CREATED_AT).
  const col = (c: string) => (s.preset || named.has(c) ? d.ident(names.get(c)!) : d.plainIdent(c));
  const text = (c: string) => {
    let v = col(c);
    const map = s.read.valueMaps.get(c);
    if (map && map.size > 0) v = `CASE ${d.lowerTrim(v)} ${[...map].map(([from, to]) => `WHEN ${d.text(from)} THEN ${d.text(to)}`).join(' ')} ELSE CAST(${v} AS ${d.types.text}) END`;
    if (s.read.nullTokens.size > 0) v = `CASE WHEN CAST(${v} AS ${d.types.text}) IN (${[...s.read.nullTokens].map(d.text).join(', ')}) THEN NULL ELSE ${v} END`;
    return v;
  };
  // A config naming a churned column and no customers_start describes a customer list (one row per
  // customer, customer-reader.ts): its table holds the columns the config names, not the count columns.
  if (kind === 'customers' && !s.preset) {
    if (named.has('churned') && !named.has('customers_start')) for (const c of [...names.keys()]) if (!named.has(c)) names.delete(c);
  }
  // A config's date_format (not a preset's export formats: a warehouse holds those columns as timestamps).
  const dateFormat = s.dateFormats && !s.dateFormats.iso ? dateFormatOf(s.dateFormats.formats[0]) : null;
  const zoneOf = (name: string) => ianaName(splitZone(name)?.zone ?? s.zone.name);
  const columns = new Map<string, string>();
  for (const c of names.keys()) {
    const spec = specs.get(c)!;
    if (spec.type === 'duration') continue;
    if (c === 'csat_score' && s.read.valueMaps.get(c)?.size) columns.set(c, `CAST(${text(c)} AS ${d.double})`);
    // A column named otherwise than reopened is a count of reopenings (Zendesk's Reopens); reopened (Reopened, REOPENED) a boolean.
    else if (c === 'reopened' && normalizeHeader(names.get(c)!) !== 'reopened') columns.set(c, `(${col(c)} > 0)`);
    // A config's date_format: the column is text in that format, its wall-clock time in --tz (or in the zone its name says).
    else if (spec.type === 'timestamp' && dateFormat !== null) columns.set(c, d.localToInstant(dateFormat.local(d, `TRIM(CAST(${col(c)} AS ${d.types.text}))`), zoneOf(names.get(c)!)));
    // A column whose name says its zone (Intercom's `… (America/New_York)`) holds that zone's wall-clock times.
    else if (spec.type === 'timestamp' && splitZone(names.get(c)!) !== null) columns.set(c, d.localToInstant(`CAST(${col(c)} AS ${localTimestamp(d)})`, zoneOf(names.get(c)!)));
    else columns.set(c, TEXT_COLUMNS.has(c) ? text(c) : col(c));
  }
  for (const [target, alternatives] of Object.entries(DURATIONS)) {
    // A number times the unit, or clock text (H:MM:SS) as compute reads it: a warehouse loaded from exports holds either.
    // A preset's zero-means-none column (ticket-reader.ts's firstDuration): its 0 is no value while the time it leads to is empty.
    const at = LEADS_TO[target] !== undefined ? (columns.get(LEADS_TO[target]) ?? null) : null;
    const zeroNone = s.read.zeroMeansNone ?? new Map<string, string>();
    const present = alternatives
      .filter((a) => names.has(a))
      .map((a) => {
        const v = sqlWarehouseDuration(d, col(a), specs.get(a)!.unitSeconds ?? 1);
        return zeroNone.has(a) ? sqlZeroMeansNone(v, at) : v;
      });
    if (present.length > 0) columns.set(target, present.length === 1 ? present[0] : `COALESCE(${present.join(', ')})`);
  }
  // A joined column (config "join": created_at from Date and Time): its non-empty parts joined with a space, then read as the column's type.
  for (const [c, parts] of Object.entries(s.load.join)) {
    const spec = specs.get(c);
    if (!spec) continue;
    const joined = d.joinNonNull(parts.map((p) => `NULLIF(TRIM(CAST(${d.ident(p)} AS ${d.types.text})), '')`));
    if (spec.type === 'timestamp') columns.set(c, d.localToInstant(dateFormat ? dateFormat.local(d, joined) : `CAST(${joined} AS ${localTimestamp(d)})`, zoneOf('')));
    else if (spec.type === 'string') columns.set(c, joined);
    else throw new CsmError('CSM_USAGE', `join: ${c} (${spec.type}) from joined columns is not expressed in SQL; join timestamps or text columns`);
  }
  // A customers table with counts is read as counts (customer-reader.ts): churned only makes a customer list.
  if (kind === 'customers' && columns.has('customers_start')) columns.delete('churned');
  // --survey-type (survey_type): the type of an answer whose type cell is empty, or of every
  // answer of a table without a type column (survey-reader.ts) — which it is unless a config or
  // preset names one: the canonical name is then no column of the table.
  if (kind === 'surveys' && s.read.surveyType) {
    const given = d.text(s.read.surveyType);
    columns.set('type', named.has('type') || (s.preset && names.has('type')) ? `COALESCE(NULLIF(TRIM(CAST(${text('type')} AS ${d.types.text})), ''), ${given})` : given);
  }
  // A csat_score of an offered token (Zendesk's Offered): a survey offered and not answered, for csat.response_rate.
  const offered = [...(s.read.offeredTokens ?? [])];
  if (names.has('csat_score') && offered.length > 0) columns.set('csat_offered', `${d.lowerTrim(col('csat_score'))} IN (${offered.map(d.text).join(', ')})`);
  // A by-field that is another kind's column (a ticket's status beside answers, an agent beside customer counts) is
  // not in this table: no group expression, so its rows are in none (sql-query.ts), as compute reads a file without
  // it. A customer list (one row per customer) may carry a team or a plan of its own: read, as compute reads it.
  const list = kind === 'customers' && !columns.has('customers_start');
  const otherKinds = (f: string) => !list && !specs.has(f) && Object.values(COLUMNS).some((cs) => cs.some((c) => c.name === f));
  const groups = new Map(s.by.filter((f) => names.has(f) || !otherKinds(f)).map((f) => [f, names.has(f) ? (TEXT_COLUMNS.has(f) ? text(f) : col(f)) : d.plainIdent(f)]));
  return { ref, columns, groups, checked: validity(s, d, kind, ref, names, columns) };
}

/**
 * A condition that stops the query with the text message (an expression) instead of holding:
 * the checks' error. PostgreSQL and Snowflake have no function that raises in SQL: a cast of
 * the text to a number does, the text in its message. The message must read the row:
 * PostgreSQL folds a constant cast while it plans, whether the row comes or not.
 */
function fail(d: SqlDialect, message: string): string {
  switch (d.name) {
    case 'duckdb':
      return `error(${message}) IS NULL`;
    case 'bigquery':
      return `ERROR(${message}) IS NULL`;
    case 'spark':
      return `raise_error(${message}) IS NULL`;
    default:
      return `CAST(${message} AS INTEGER) = 0`;
  }
}

/** The dialect's zone-less timestamp type. */
function localTimestamp(d: SqlDialect): string {
  return d.name === 'bigquery' ? 'DATETIME' : d.name === 'snowflake' ? 'TIMESTAMP_NTZ' : 'TIMESTAMP';
}

/** A zone's IANA spelling (a header read case-insensitively gives america/new_york). */
function ianaName(zone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

function dateFormatOf(format: string) {
  try {
    return sqlDateFormat(format);
  } catch (e) {
    throw new CsmError('CSM_USAGE', (e as Error).message);
  }
}

/** A value compute's reader refuses (cells.ts, row-reader.ts): when (over the canonical column c), in its words. */
type Rule = { bad: (c: string) => string; words: string };

const DURATION_RULES: Rule[] = [
  { bad: (c) => `${c} < 0`, words: 'negative duration' },
  { bad: (c) => `${c} > ${1000 * 365.25 * 86_400}`, words: 'duration too long (more than 1000 years)' },
];

/**
 * compute's validity rules over a warehouse table's canonical columns, so that the query gives
 * no number compute would refuse to give: a negative first response, an NPS of 11, a CSAT of
 * 50 on 1–5, a placeholder date of 1900. A row that breaks one stops the query with an error
 * naming the table, the row, the column and the value (`where`: each row holds it or fails, as
 * compute stops at an invalid row). Under invalid_fields "drop_field" such a value of an
 * optional column is NULL instead (`columns`), and a first-response or resolution time left
 * out is counted as dropped, as compute counts it. Text no rule reads (`1:75:00` as a
 * duration) already fails its cast (sql-cells.ts).
 */
function validity(s: SqlSettings, d: SqlDialect, kind: FileKind, ref: string, names: ReadonlyMap<string, string>, columns: ReadonlyMap<string, string>): SqlTable['checked'] {
  const rules = new Map<string, Rule[]>();
  const add = (c: string, ...r: Rule[]) => {
    if (columns.has(c) && r.length > 0) rules.set(c, [...(rules.get(c) ?? []), ...r]);
  };
  const scale = (label: string, min: number, max: number, whole: boolean): Rule => ({
    bad: (c) => `${c} < ${min} OR ${c} > ${max}${whole ? ` OR ${c} <> FLOOR(${c})` : ''}`,
    words: `${label} score must be ${whole ? 'a whole number ' : ''}in ${min}..${max}`,
  });
  const wholeFrom = (min: number): Rule[] => [
    { bad: (c) => `${c} <> FLOOR(${c})`, words: 'not a whole number' },
    { bad: (c) => `${c} < ${min}`, words: `must be ${min} or more` },
  ];
  const years = s.read.validYears;
  const yearWords = years ? `year outside ${years.first}..${years.last} (a placeholder for "no date"? the config's valid_years sets the range)` : '';
  const inYears = (c: string) => years && add(c, { bad: (x) => `${d.epochMs(x)} < ${years.from} OR ${d.epochMs(x)} >= ${years.to}`, words: yearWords });
  if (kind === 'tickets') {
    for (const c of ['created_at', 'first_response_at', 'resolved_at']) inYears(c);
    for (const c of ['first_response_at', 'resolved_at']) if (columns.has('created_at')) add(c, { bad: (x) => `${x} < created_at`, words: `is before ${names.get('created_at')}` });
    for (const c of Object.keys(DURATIONS)) add(c, ...DURATION_RULES);
    add('csat_score', scale('csat', s.read.csatScale.min, s.read.csatScale.max, false));
    add('contacts', ...wholeFrom(1));
    add('replies', ...wholeFrom(0));
  } else if (kind === 'surveys') {
    inYears('responded_at');
    const type = d.lowerTrim('type');
    add('type', { bad: () => `${type} NOT IN ('csat', 'nps', 'ces')`, words: 'must be csat, nps or ces' });
    const scales = { nps: scale('nps', 0, 10, true), csat: scale('csat', s.read.csatScale.min, s.read.csatScale.max, false), ces: scale('ces', s.read.cesScale.min, s.read.cesScale.max, false) };
    if (columns.has('type')) add('score', ...Object.entries(scales).map(([t, r]) => ({ bad: (c: string) => `${type} = '${t}' AND (${r.bad(c)})`, words: r.words })));
  } else {
    for (const c of ['customers_start', 'customers_end', 'new_customers']) add(c, ...wholeFrom(0));
    const jan1 = (y: number) => `DATE '${String(y).padStart(4, '0')}-01-01'`;
    if (years) add('period_start', { bad: (c) => `${c} < ${jan1(years.first)} OR ${c} >= ${jan1(years.last + 1)}`, words: yearWords });
  }
  if (rules.size === 0) return undefined;

  // The row by its id, else by the first column of the query (sql-query.ts) a person finds it by; a column by its name in the table.
  const textOf = (x: string) => `COALESCE(CAST(${x} AS ${d.types.text}), 'NULL')`;
  const keys = (kind === 'tickets' ? ['id'] : kind === 'surveys' ? ['ticket_id', 'responded_at'] : ['period_start']).filter((c) => columns.has(c));
  const row = [d.text(`csm-kpi: ${ref}: `), `COALESCE(${[...keys.map((k) => `CASE WHEN ${k} IS NOT NULL THEN CONCAT(${d.text(`${names.get(k)} `)}, CAST(${k} AS ${d.types.text})) END`), d.text('a row')].join(', ')})`, d.text(': ')];
  const nameOf = (c: string) => (DURATIONS[c] ?? [c]).filter((a) => names.has(a)).map((a) => names.get(a)).join(' or ') + (DURATIONS[c] ? ' (in seconds)' : '');
  const drop = s.read.invalidFields === 'drop_field';
  const essential = new Set([...REQUIRED[kind], ...(kind === 'surveys' ? ['type'] : []), ...(kind === 'customers' ? CUSTOMER_LIST_REQUIRED : [])]);
  const checks: string[] = [];
  const kept = new Map<string, string>();
  const dropped = new Map<string, string>();
  for (const [c, rs] of rules) {
    if (drop && !essential.has(c)) {
      dropped.set(c, rs.map((r) => `(${r.bad(c)})`).join(' OR '));
      kept.set(c, `CASE WHEN ${dropped.get(c)} THEN NULL ELSE ${c} END`);
      continue;
    }
    for (const r of rs) {
      const message = `CONCAT(${[...row, d.text(`${nameOf(c)}: ${r.words} (`), textOf(c), d.text(')')].join(', ')})`;
      checks.push(`WHEN ${r.bad(c)} THEN ${fail(d, message)}`);
    }
  }
  // A time left out under drop_field is unknown, in none of its KPI's counts but dropped (sql-query.ts).
  if (drop && kind === 'tickets') {
    const flag = (...cs: string[]) => `COALESCE(${cs.filter((c) => dropped.has(c)).map((c) => dropped.get(c)).join(' OR ') || 'FALSE'}, FALSE)`;
    kept.set('fr_dropped', flag('first_response_at', 'first_response_s'));
    kept.set('res_dropped', flag('resolved_at', 'resolution_s'));
  }
  return { where: checks.length === 0 ? null : `CASE\n${checks.map((c) => `  ${c}`).join('\n')}\n  ELSE TRUE\nEND`, columns: kept };
}
