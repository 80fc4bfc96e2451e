/**
 * Notes on inputs that read without a single invalid row and still give plausible wrong
 * numbers, printed on stderr by compute and validate (`note: …`, one line each):
 * - a file with a header and no rows;
 * - a header that is a known helpdesk's export read without --preset;
 * - a status column none of whose values means resolved (resolution rate 0 %);
 * - a status that means resolved but for an invisible character (`solved` + U+200B), read as unresolved;
 * - statuses that do not mean resolved on tickets that nearly all have a resolution time (`Done`);
 * - statuses that begin with a word meaning resolved and are not one (`Closed - duplicate`, `Resolved (auto)`);
 * - statuses that are neither resolved nor an open ticket's (`Done` beside `Resolved`, `Canceled`);
 * - a tickets file without the columns another tickets file feeds a KPI from (its tickets then open, unanswered);
 * - a timestamp column with a UTC offset on some rows and none on others;
 * - a CSAT or CES scale no answer reaches the top of (a 1..3 scale read as 1..5), NPS answers none of which is above 5;
 * - a KPI whose input columns are mapped but empty in every row;
 * - local times a DST change skipped (read as if the clock had not moved yet);
 * - times of tickets or answers more than a month after the run's clock (a year typed wrong: 2062 for 2026);
 * - survey answers (with --by) whose ticket_id names no ticket read, left in "(none)";
 * - survey answers that repeat an earlier one exactly (a copied or overlapping surveys file);
 * - CSAT from both a tickets file's csat_score and a surveys file (the same ratings would count twice);
 * - customer periods that do not follow on (a customers_start that is not the customers_end before);
 * - answers (or customer-list rows) without a time, left out when a window or period places rows by time;
 * and the check that every --by field is a column of some input (a typo is exit 2, not one
 * "(none)" group).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { CsmError } from '../errors.js';
import { fromWindows1252 } from '../input/csv/encoding.js';
import type { FileResult, InputFile, LoadOptions } from '../input/load.js';
import { kindOf, mapFile, readHeader, refuseMissingGroups } from '../input/load.js';
import { headerMatchesName, mapsColumn, normalizeCamel, normalizeHeader } from '../input/header/columns.js';
import type { FileKind, HeaderMapping } from '../input/header/columns.js';
import { KPI_COLUMNS, feedColumns } from '../input/header/coverage.js';
import { presetHint } from '../input/header/preset-guess.js';
import { RESOLVED_STATUSES, normalizeToken } from '../input/rows/row-reader.js';
import { durationMargin } from '../input/rows/ticket-reader.js';
import type { ReadOptions } from '../input/rows/row-types.js';
import { INVISIBLE, OFFSET_SAMPLE, STATUS_SAMPLE, withoutInvisible } from '../input/rows/observations.js';
import type { Observations, OpenStatus, TimeMismatch } from '../input/rows/observations.js';
import { parseTimestamp } from '../input/cells/timestamp.js';
import { formatInstant } from '../time/instant.js';
import type { KpiId } from '../metrics/definition.js';
import { escapeControls } from '../escape-controls.js';
import { fileHasColumn } from '../input/where.js';
import type { WhereClause } from '../input/where.js';
import type { MarkedFile } from './prepare-inputs.js';

/** Below this many answers, none at the top of the scale is no sign of a wrong scale. */
const MIN_ANSWERS_FOR_SCALE_NOTE = 10;

export interface NoteOptions {
  read: ReadOptions;
  /** Whether a preset or config maps the columns (then no preset is suggested). */
  mapped: boolean;
  /** The business clock is on: helpdesk business-hours columns feed KPIs too. */
  business: boolean;
  /** The config's column map (InputSettings.columnMap): entries no header matches are a note. */
  columnMap?: { source: string; columns: Record<string, string> };
  /** compute's window (epoch ms, from inclusive, to exclusive; null: open): only its periods count. */
  window?: { from: number | null; to: number | null };
}

/**
 * A file read, as the notes see it: the JavaScript readers' FileResult, or the DuckDB engine's
 * file with what its queries observed (engine/sql-observations.ts; it reads no repeated or
 * unjoined answers).
 */
export type NotedFile = Pick<FileResult, 'file' | 'kind' | 'mapping' | 'rows' | 'placed' | 'observe' | 'repeated' | 'unjoined'>;

/** The notes on the files read, each a line without its newline. */
export function inputNotes(result: { files: readonly NotedFile[] }, o: NoteOptions): string[] {
  const notes: string[] = [];
  const seen = result.files.map((f) => ({ f, o: f.observe() }));
  // A period counts when it starts in the window (report-builder.ts addCustomer): periods outside it are never added up.
  const inWindow = (start: number) => (o.window?.from == null || start >= o.window.from) && (o.window?.to == null || start < o.window.to);
  for (const { f, o: obs } of seen) {
    notes.push(...fileHeaderNotes(f, o.mapped));
    if (f.rows === 0) {
      notes.push(`note: ${f.file}: no rows (only a header)`);
      continue;
    }
    const status = statusNote(f.mapping, obs, seen.some((x) => x.f !== f && x.f.kind === 'tickets' && x.o.resolvedStatus));
    if (status !== null) notes.push(`note: ${f.file}: ${status}`);
    for (const hidden of hiddenStatusNotes(f.mapping, obs)) notes.push(`note: ${f.file}: ${hidden}`);
    // Under the status note (no status means resolved) the timed and near-resolved ones go unsaid: it lists them.
    const timedList = status === null ? timedOpen(obs) : [];
    const timed = timedOpenNote(timedList);
    if (timed !== null) notes.push(`note: ${f.file}: ${timed}`);
    const near = status === null ? nearResolvedNote(f.mapping, obs, timedList) : null;
    if (near !== null) notes.push(`note: ${f.file}: ${near}`);
    const unknown = status === null ? unknownStatusNote(f.mapping, obs, timedList) : null;
    if (unknown !== null) notes.push(`note: ${f.file}: ${unknown}`);
    for (const type of ['csat', 'ces'] as const) {
      const scale = type === 'csat' ? o.read.csatScale : o.read.cesScale;
      const s = obs.scores[type];
      if (s.count < MIN_ANSWERS_FOR_SCALE_NOTE || s.max >= scale.max) continue;
      const column = f.kind === 'tickets' ? 'csat_score' : 'score';
      const fit = s.max - scale.min >= 2 ? `if the scale is ${scale.min}..${s.max}, give --${type}-scale ${scale.min}-${s.max}` : `check --${type}-scale`;
      notes.push(
        `note: ${f.file}: ${column}: no ${type} answer reaches the top of the ${scale.min}..${scale.max} scale (${s.count} answers, highest ${s.max}); ${fit} (or "scales" in the config)`,
      );
    }
    const nps = obs.scores.nps;
    if (f.kind === 'surveys' && nps.count >= MIN_ANSWERS_FOR_SCALE_NOTE && nps.max <= 5) {
      // Every answer a detractor: NPS −100 from a 1..5 (or 0..5) question, which is no NPS question.
      notes.push(
        `note: ${f.file}: score: no nps answer is above 5 (${nps.count} answers, highest ${nps.max}), so every one is a detractor: NPS is asked from 0 to 10; ` +
          'if these answers are on another scale (1..5), they are not NPS answers',
      );
    }
    const fu = obs.future;
    if (fu) {
      notes.push(
        `note: ${f.file}: ${fu.count === 1 ? '1 time lies' : `${fu.count} times lie`} more than a month in the future (the first: ${fu.first.column} on line ${fu.first.line}, ${shownText(fu.first.text)}): ` +
          `an export holds none; a year typed wrong? ${fu.count === 1 ? 'it counts' : 'they count'} as written`,
      );
    }
    if (obs.swallowed) notes.push(`note: ${swallowedText(f.file, obs.swallowed)}`);
    if (obs.dstGaps > 0 && obs.firstGap !== null) notes.push(`note: ${f.file}: ${gapNote(obs, o.read)}`);
    for (const [column, m] of Object.entries(obs.timeMismatches)) notes.push(`note: ${f.file}: ${mismatchNote(column, m.count, m.first)}`);
    if (obs.handleParts) notes.push(`note: ${f.file}: ${handlePartsNote(f.mapping, obs.handleParts.count, obs.handleParts.first)}`);
    for (const [column, d] of Object.entries(obs.thousandsDots ?? {})) if (d.first !== null && d.decimals === 0) notes.push(`note: ${f.file}: ${thousandsNote(column, d.count, d.first)}`);
    for (const [word, n] of Object.entries(obs.placeholderCustomers ?? {})) {
      if (n < 2) continue;
      notes.push(
        `note: ${f.file}: customer_id ${JSON.stringify(word)} on ${n} of the first ${OFFSET_SAMPLE.toLocaleString('en-US')} tickets looks like a placeholder for no customer: ` +
          `those tickets count as one customer's in tickets per customer; "null_tokens": [${JSON.stringify(word)}] in the config reads it as none`,
      );
    }
    const offsets = offsetNote(obs, o.read.zone.name);
    if (offsets !== null) notes.push(`note: ${f.file}: ${offsets}`);
    for (const mixed of mixedOffsetNotes(obs, o.read.zone.name)) notes.push(`note: ${f.file}: ${mixed}`);
    const cb = obs.customerBreak && obs.customerBreak.periods.every(inWindow) ? obs.customerBreak : null;
    if (cb?.list) {
      const who = [cb.list.joined !== undefined ? `${shownText(cb.list.joined)} was not kept before` : null, cb.list.left !== undefined ? `${shownText(cb.list.left)} is gone without being churned` : null].filter((x) => x !== null);
      notes.push(
        `note: ${f.file}: the ${cb.start} customers listed for the period on line ${cb.line} are not the ${cb.end} not churned in the period before (line ${cb.before}; ${who.join(', ')}): ` +
          'a customer list counts no new customers, and retention and churn take S of the first period and E of the last, so customers who joined or left unmarked in between are counted wrong; ' +
          'compute each period apart (--from, --to), or give counts with new_customers',
      );
    } else if (cb) {
      notes.push(
        `note: ${f.file}: customers_start ${cb.start} on line ${cb.line} is not the customers_end ${cb.end} of the period before (line ${cb.before}): ` +
          'retention and churn take S of the first period, E of the last and N of all, so each period must start where the one before ended',
      );
    }
    const unplaced = f.placed.get('unplaced') ?? 0;
    if (unplaced > 0) {
      // Counted in inputs[].unplaced, but a total that moves when --period is added needs saying.
      const [what, column] = f.kind === 'customers' ? ['customer row', 'period_start'] : ['answer', 'responded_at'];
      notes.push(
        `note: ${f.file}: ${unplaced} ${what}${unplaced === 1 ? ' has' : 's have'} no ${column} and ${unplaced === 1 ? 'is' : 'are'} left out: --period, --from, --to and --last place ${what}s by their time`,
      );
    }
    const rep = f.repeated;
    if (rep !== undefined) {
      const of = rep.of.file === f.file ? `line ${rep.of.line}` : `${rep.of.file}:${rep.of.line}`;
      notes.push(
        `note: ${f.file}: ${rep.count === 1 ? '1 answer repeats' : `${rep.count} answers repeat`} an earlier one exactly (type, score, responded_at, ticket or customer; the first: line ${rep.line}, the same as ${of}) ` +
          `and ${rep.count === 1 ? 'counts' : 'count'} again: if ${rep.count === 1 ? 'it is a copy' : 'they are copies'} (an export given twice, exports that overlap), give each answer once`,
      );
    }
    const u = f.unjoined;
    if (u !== undefined) {
      notes.push(
        `note: ${f.file}: ${u.count} answer${u.count === 1 ? ' names' : 's name'} a ticket_id that no ticket read has (the first: line ${u.line}, ${shownText(u.ticketId)}), ` +
          `so ${u.count === 1 ? 'its' : 'their'} ${u.fields.join(', ')} ${u.fields.length === 1 ? 'stays' : 'stay'} empty ("(none)"); check that ticket_id holds the tickets' id` +
          (u.padded === undefined
            ? ''
            : ` (ids are compared as text: ${shownText(u.padded.ticketId)} differs from the ticket ${shownText(u.padded.id)} only by leading zeros; write the ids alike in both files)`),
      );
    }
  }
  notes.push(...emptyColumnNotes(seen, o.business));
  notes.push(...unevenColumnNotes(result.files, o.business));
  // A helpdesk export's rating column and a survey export of the same ratings add up: each rating twice.
  const rated = (kind: string) => seen.filter(({ f, o: obs }) => f.kind === kind && obs.scores.csat.count > 0).map(({ f, o: obs }) => `${f.file} (${obs.scores.csat.count})`);
  const [onTickets, inSurveys] = [rated('tickets'), rated('surveys')];
  if (onTickets.length > 0 && inSurveys.length > 0) {
    notes.push(
      `note: csat counts both the csat_score of ${onTickets.join(', ')} and the csat answers of ${inSurveys.join(', ')}: if they are the same ratings, each counts twice: give only one of them`,
    );
  }
  const periods = customerPeriodsNote(seen.map(({ f, o: obs }) => ({ file: f.file, periods: obs.customerPeriods?.filter((p) => inWindow(p.start)) })));
  if (periods !== null) notes.push(`note: ${periods}`);
  const unmatched = columnMapNote(result.files, o.columnMap);
  if (unmatched !== null) notes.push(unmatched);
  // Notes show data (statuses, file names, group keys): no control character reaches the terminal raw.
  return notes.map((n) => escapeControls(n));
}

/**
 * The notes a file's header alone gives: a helpdesk's export read without its preset (mapped:
 * a preset or config maps the columns), a survey export read as tickets.
 */
function fileHeaderNotes(f: { file: string; kind: FileKind; mapping: HeaderMapping }, mapped: boolean): string[] {
  const notes: string[] = [];
  if (!mapped) {
    const hint = presetHint(f.mapping.header);
    if (hint !== null) notes.push(`note: ${f.file}: ${hint}`);
  }
  // created_at makes a file tickets before score makes it surveys: a survey export with a
  // created_at (Delighted's, Typeform's) was read as tickets, its scores ignored.
  if (f.kind === 'tickets' && f.mapping.ignored.some((h) => normalizeHeader(h) === 'score')) {
    notes.push(
      `note: ${f.file}: read as tickets (it has created_at), but its score column is a surveys file's: if it holds survey answers, give it with --surveys ${f.file}, and rename its created_at column responded_at (as surveys, created_at is not read: no window or period could place the answers)`,
    );
  }
  return notes.map((n) => escapeControls(n));
}

/** The config's column map entries no header of the inputs matches (a typo, "Agnet", leaves its column unmapped: a KPI then quietly has no input), or null. */
function columnMapNote(files: readonly { mapping: HeaderMapping }[], columnMap: NoteOptions['columnMap']): string | null {
  if (columnMap === undefined) return null;
  const unmatched = Object.entries(columnMap.columns).filter(([from]) => !files.some((f) => f.mapping.header.some((h) => headerMatchesName(h, from))));
  if (unmatched.length === 0) return null;
  const list = unmatched.map(([from, to]) => `${JSON.stringify(from)} (→ ${to})`).join(', ');
  return escapeControls(`note: ${columnMap.source}: columns: ${list} ${unmatched.length === 1 ? 'matches' : 'match'} no header of the inputs (headers match case-insensitively, spaces and dashes as underscores)`);
}

/**
 * The status note when the file maps a status column none of whose values means resolved.
 * elsewhere: another tickets file has a status that does (then the rate is not 0 %, and a
 * file of open tickets alone, `open` and `pending`, is no sign of anything).
 */
function statusNote(m: HeaderMapping, o: Observations, elsewhere: boolean): string | null {
  if (m.kind !== 'tickets' || !mapsColumn(m, 'status') || o.statuses.length === 0 || o.resolvedStatus) return null;
  if (elsewhere && !o.moreStatuses && o.statuses.every((st) => OPEN_STATUSES.has(normalizeToken(st)))) return null;
  const values = o.statuses.map((s) => JSON.stringify(s)).join(', ') + (o.moreStatuses ? ', …' : '');
  const allOpen = !o.moreStatuses && o.statuses.every(openLike);
  return (
    `status: none of ${values} means resolved (${[...RESOLVED_STATUSES].join(', ')} do), so ${elsewhere ? 'none of its tickets counts as resolved' : 'the resolution rate is 0 %'}; ` +
    (allOpen ? `${o.statuses.length === 1 ? 'it is an open ticket\'s status' : 'all are open tickets\' statuses'}: right for an export of open tickets; if some are resolved, ` : '') +
    `map ${allOpen ? 'their status' : 'yours'} in the config: "values": {"status": {${JSON.stringify(resolvedLooking(o.statuses) ?? '<status>')}: "resolved"}}`
  );
}

/**
 * The status a note's config line offers to map to resolved: the first that reads as a word for
 * it (`Y`, `Done`, `Fixed`), else none — "<status>" then: offering the first status whatever it
 * is would offer `Neu` (new) or `N`, and the line pasted would count open tickets resolved.
 */
function resolvedLooking(statuses: readonly string[]): string | undefined {
  return statuses.find((s) => /^(y|yes|true|1|done|complete(d)?|fixed|finished|ok|resolved?|solved?|closed?)$/i.test(s.trim()));
}

/**
 * Several customers files are segments of one base (support and billing customers): each
 * period's counts add up across them, and retention takes S of the first period and E of the
 * last. Files that give different periods (a January export beside a January–February one,
 * a segment that starts later) make a number that is the retention of nothing.
 */
function customerPeriodsNote(files: { file: string; periods?: { start: number; text: string }[] }[]): string | null {
  const withPeriods = files.filter((f) => f.periods !== undefined && f.periods.length > 0);
  if (withPeriods.length < 2) return null;
  const key = (f: (typeof withPeriods)[number]) => f.periods!.map((p) => p.start).join(',');
  if (withPeriods.every((f) => key(f) === key(withPeriods[0]))) return null;
  const each = withPeriods.map(({ file, periods }) => {
    const n = periods!.length;
    return `${file}: ${n === 1 ? `1 period, starting ${periods![0].text}` : `${n} periods, starting ${periods![0].text} … ${periods![n - 1].text}`}`;
  });
  return (
    `customers files give different periods (${each.join('; ')}): their counts are added up period by period as segments of one customer base, ` +
    'and retention and churn take S of the first period and E of the last, so each file must give the same periods; give one file, or the same periods in each'
  );
}

/** Below this many cells in the sample, a column's offsets say nothing. */
const MIN_OFFSET_CELLS = 5;

/**
 * The note on a tickets file whose timestamp columns disagree on giving their UTC offset:
 * one with an offset on every sampled row, another with none, which is then read in --tz —
 * 5 h off when the export wrote created_at in UTC with its Z and the others in UTC without.
 */
function offsetNote(o: Observations, zone: string): string | null {
  const columns = Object.entries(o.offsets ?? {}).filter(([, n]) => n.cells >= MIN_OFFSET_CELLS);
  const all = columns.filter(([, n]) => n.withOffset === n.cells);
  const none = columns.filter(([, n]) => n.withOffset === 0);
  if (all.length === 0 || none.length === 0) return null;
  const names = (cs: typeof columns) => cs.map(([c]) => c).join(' and ');
  const utc = all.every(([, n]) => n.utc === n.cells);
  // All in UTC, read in UTC: the same clock either way.
  if (utc && zone === 'UTC') return null;
  const it = none.length === 1 ? 'it is' : 'they are';
  return (
    `${names(all)} ${all.length === 1 ? 'gives' : 'give'} a UTC offset on every row looked at (the first ${OFFSET_SAMPLE.toLocaleString('en-US')}), ${names(none)} on none: ` +
    `${it} read as local time${none.length === 1 ? '' : 's'} in ${zone} (--tz)` +
    (utc ? `; if ${it} in UTC like ${names(all)}, give --tz UTC` : '; check the zone they were written in')
  );
}

/** The text columns a config's "values" maps, among the --by fields. */
const MAPPED_GROUPS = new Set(['agent', 'channel', 'team', 'priority']);

/**
 * A column that gives a UTC offset on some rows and none on others (an export that wrote
 * some times with `Z` and others without, from two systems): the ones without are read in
 * --tz, which may well not be the zone they were written in. Not said when every offset is
 * UTC's and --tz is UTC (the same clock either way).
 */
function mixedOffsetNotes(o: Observations, zone: string): string[] {
  const notes: string[] = [];
  for (const [column, n] of Object.entries(o.offsets ?? {})) {
    if (n.withOffset === 0 || n.withOffset === n.cells || (n.utc === n.withOffset && zone === 'UTC')) continue;
    const without = n.cells - n.withOffset;
    notes.push(
      `${column} gives a UTC offset on ${n.withOffset} of the ${n.cells} cells looked at (the first ${OFFSET_SAMPLE.toLocaleString('en-US')} rows) and none on the other ${without}: ` +
        `${without === 1 ? 'that one is' : 'those are'} read as local time in ${zone} (--tz); check the zone they were written in`,
    );
  }
  return notes;
}

/**
 * A note per file of a kind that has none of the columns of a KPI which another file of that
 * kind feeds it from (a second tickets export without status or first_response_at): its rows
 * count in that KPI as if those cells were empty (not resolved, not answered, one contact),
 * and nothing else would show it.
 */
function unevenColumnNotes(files: readonly NotedFile[], business: boolean): string[] {
  const lacking = new Map<NotedFile, { kpis: KpiId[]; from: Set<string>; columns: Set<string> }>();
  for (const kpi of Object.keys(COUNTED_AS) as KpiId[]) {
    for (const feed of KPI_COLUMNS[kpi] ?? []) {
      const ofKind = files.filter((f) => f.kind === feed.kind && f.rows > 0);
      const fedBy = (f: NotedFile) => feedColumns(feed, business).filter((c) => mapsColumn(f.mapping, c));
      const fed = ofKind.filter((f) => fedBy(f).length > 0);
      if (fed.length === 0) continue;
      for (const f of ofKind) {
        if (fed.includes(f)) continue;
        const l = lacking.get(f) ?? { kpis: [], from: new Set<string>(), columns: new Set<string>() };
        if (!l.kpis.includes(kpi)) l.kpis.push(kpi);
        l.from.add(fed[0].file);
        for (const c of fedBy(fed[0])) l.columns.add(c);
        lacking.set(f, l);
      }
    }
  }
  return [...lacking].map(([f, l]) => {
    const as = [...new Set(l.kpis.map((k) => COUNTED_AS[k]))].join(', ');
    return (
      `note: ${f.file} has none of the columns ${[...l.from].join(' and ')} ${l.from.size === 1 ? 'feeds' : 'feed'} ${l.kpis.join(', ')} from (${[...l.columns].join(', ')}): ` +
      `its ${f.rows === 1 ? '1 ticket counts' : `${f.rows} tickets count`} there as ${as}; give the files the same columns, or compute them apart`
    );
  });
}

/**
 * The KPIs that count a ticket without their column all the same, and as what: the others
 * (CSAT, handle time, contacts…) leave such a ticket out, which a missing column cannot distort.
 */
const COUNTED_AS: Partial<Record<KpiId, string>> = {
  first_response_time: 'unanswered',
  resolution_rate: 'open',
  backlog: 'open',
  self_service_rate: 'not self-service',
};

/** JSON text with every character outside printable ASCII as a \u escape (still JSON: a config can take it as it is). */
function jsonAscii(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The notes on --by groups whose names differ only in case, spaces, dashes, underscores or
 * Unicode form (`Email`, `email`, `E-mail`; `Amélie` with é as one code point or as e and
 * U+0301): counted apart, each with part of the tickets. Per --by field,
 * over every level (with two --by fields the second exists only inside the nested level).
 * groups: the report's, each level's entries most tickets first.
 */
export function groupSplitNotes(groups: Record<string, { key: unknown }[]>): string[] {
  // A Set per field: --by can make 150,000 groups.
  const values = new Map<string, Set<string>>();
  for (const [level, entries] of Object.entries(groups)) {
    const fields = level.split('/');
    const sets = fields.map((field) => values.get(field) ?? values.set(field, new Set()).get(field)!);
    for (const { key } of entries) {
      const keys = Array.isArray(key) ? key : [key];
      for (let i = 0; i < fields.length; i++) if (typeof keys[i] === 'string') sets[i].add(keys[i] as string);
    }
  }
  const notes: string[] = [];
  for (const [field, seen] of values) {
    const spellings = new Map<string, string[]>();
    for (const v of seen) {
      // NFKC: é as one code point or as e and U+0301, a full-width Ａ and A, are one letter to a reader.
      const k = v.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');
      const list = spellings.get(k);
      if (list === undefined) spellings.set(k, [v]);
      else list.push(v);
    }
    const split = [...spellings.values()].filter((l) => l.length > 1);
    if (split.length === 0) continue;
    // Spellings in another Unicode form than NFKC may print like the others: each list holding one is shown with code points.
    const show = split.map((l) => (l.some((x) => x.normalize('NFKC') !== x) ? jsonAscii : (x: string) => JSON.stringify(x)));
    const shown = split.slice(0, 3).map((l, i) => l.map(show[i]).join(' and ')).join('; ') + (split.length > 3 ? `; and ${split.length - 3} more` : '');
    // A value map's keys match lower-cased: one entry per other spelling, onto the one with the most tickets.
    const entries = split.flatMap(([first, ...others], i) => [...new Set(others.map((o) => o.toLowerCase()))].map((o) => `${show[i](o)}: ${show[i](first)}`));
    const fix = MAPPED_GROUPS.has(field) ? `: if they are one, map them in the config: "values": {"${field}": {${entries.join(', ')}}}` : '';
    const forms = show.includes(jsonAscii);
    notes.push(escapeControls(`note: --by ${field}: groups ${shown} differ only in case, spaces, dashes${forms ? ', underscores or Unicode form' : ' or underscores'} and are counted apart${fix}`));
  }
  return notes;
}

/** How much of a file's start the encoding note reads. */
export const ENCODING_SAMPLE = 64 * 1024;

/**
 * The notes on files read as Latin-1 or Windows-1252 whose first bytes are UTF-8 text with a
 * character beyond ASCII (`é` as C3 A9): each such character became two (`Ã©`), and a value
 * map or a status written in the config no longer matches. Real Latin-1 text is almost never
 * valid UTF-8 (an `é` is one byte E9, which UTF-8 cannot have before ASCII).
 * And a note on each file whose byte order mark said UTF-8 where the run asked for another (prepare-inputs.ts markedUtf8).
 * @param head the first ENCODING_SAMPLE bytes of a file
 */
export function encodingNotes(files: readonly MarkedFile[], head: (path: string) => Uint8Array): string[] {
  const notes: string[] = [];
  for (const f of files) {
    if (f.asked !== undefined) notes.push(escapeControls(`note: ${f.name}: read as UTF-8, not ${f.asked}: it starts with UTF-8's byte order mark`));
    if (f.encoding === 'utf-8') continue;
    const bytes = head(f.path);
    // The sample may end inside a character: up to 3 bytes of it are left out.
    let end = bytes.length;
    for (let i = end - 1; i >= 0 && i >= end - 3; i--) {
      if (bytes[i] >= 0xc0) {
        end = i;
        break;
      }
      if (bytes[i] < 0x80) break;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    } catch {
      continue;
    }
    const word = /[^\s,;|\t"]*[^\x00-\x7f][^\s,;|\t"]*/.exec(text)?.[0];
    if (word === undefined) continue;
    // As the reader decodes: Latin-1 each byte as its code point, Windows-1252 the same but 0x80–0x9F.
    const latin1 = Buffer.from(word, 'utf8').toString('latin1');
    const misread = f.encoding === 'latin1' ? latin1 : fromWindows1252(latin1);
    notes.push(
      escapeControls(
        `note: ${f.name}: read as ${f.encoding}, but its text is UTF-8 ("${word}" reads as "${misread}"): if the file is UTF-8, drop --encoding ${f.encoding} (or "encoding" in the config)`,
      ),
    );
  }
  return notes;
}

/** A file's first ENCODING_SAMPLE bytes (encodingNotes's reader). */
export function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(ENCODING_SAMPLE);
    return buf.subarray(0, readSync(fd, buf, 0, ENCODING_SAMPLE, 0));
  } finally {
    closeSync(fd);
  }
}

/** From this share of its rows with a resolution time on, an open status looks resolved. */
const TIMED_SHARE = 0.9;
/**
 * Statuses the helpdesks use for tickets still open (Zendesk, Freshdesk, Intercom, Chatwoot,
 * Jira), compared as normalizeToken makes them: an open ticket keeps the resolved_at of
 * before it was reopened, which is no sign that the status means resolved.
 */
const OPEN_STATUSES = new Set(['new', 'open', 'pending', 'hold', 'on_hold', 'reopened', 'snoozed', 'waiting', 'waiting_on_customer', 'waiting_on_third_party', 'to_do', 'in_progress', 'backlog', 'active', 'assigned']);

/**
 * Whether a status reads as an open ticket's, for the note on statuses neither resolved nor
 * open: one of OPEN_STATUSES or another workflow step (`Working`, `Escalated`, `In Review`), a
 * wait (`Awaiting User Info`, `Pending - vendor`) or a negation (`Not resolved`, `unresolved`),
 * its invisible characters aside (`open` + U+200B). Wider than OPEN_STATUSES, which the timed
 * note leaves out: `Pending Closure` on tickets that all have a resolution time is a sign.
 */
function openLike(status: string): boolean {
  const t = normalizeToken(status.replace(INVISIBLE, ''));
  return OPEN_STATUSES.has(t) || WORKFLOW_STEPS.has(t) || /^(a?waiting|pending|on_hold|not)_|^un(resolved|solved)$/.test(t);
}

/** Open statuses beyond OPEN_STATUSES that openLike knows: a ticket being worked on. */
const WORKFLOW_STEPS = new Set(['working', 'escalated', 'triage', 'in_review', 'under_review', 'planning', 'implementing', 'work_in_progress']);

/**
 * The note on statuses that do not mean resolved although (nearly) every ticket with them
 * has a resolution time: Jira's `Done`, ServiceNow's `Closed Complete`. Those tickets count
 * as open, where without a status column their resolved_at would make them resolved.
 * open: the statuses timedOpen picks.
 */
function timedOpenNote(open: readonly OpenStatus[]): string | null {
  if (open.length === 0) return null;
  const count = (e: OpenStatus) => (e.rows === 1 ? '1 ticket, with' : `${e.rows} tickets, ${e.timed === e.rows ? 'all' : e.timed} with`);
  const list = andList(open.map((e) => `${shownText(e.status)} (${count(e)} a resolution time)`));
  return (
    `status: ${list} ${open.length === 1 ? 'does' : 'do'} not mean resolved (${[...RESOLVED_STATUSES].join(', ')} do), so ${open.length === 1 ? 'its tickets count' : 'their tickets count'} as open; ` +
    `if they are resolved, map them in the config: ${resolvedMap(open)}`
  );
}

/** The open statuses timedOpenNote names (the first STATUS_SAMPLE). */
function timedOpen(o: Observations): OpenStatus[] {
  // Past the cap the counts are partial (and would depend on how the file was cut into parts).
  if (o.moreOpenStatuses) return [];
  return o.openStatuses
    .filter((e) => e.timed > 0 && e.timed >= TIMED_SHARE * e.rows && !OPEN_STATUSES.has(normalizeToken(e.status)) && !o.hiddenResolved.includes(e.status))
    .slice(0, STATUS_SAMPLE);
}

/** A status that begins with a word meaning resolved and goes on: `Closed - duplicate`, `closed.`, `Resolved (auto)`. */
const NEAR_RESOLVED = new RegExp(`^(${[...RESOLVED_STATUSES].join('|')})(?![\\p{L}\\p{N}]).`, 'iu');

/**
 * The note on open statuses that begin with a word meaning resolved but are not that word
 * (`Closed - duplicate`, `Resolved (auto)`): read as open, their tickets lower the resolution
 * rate with no other sign when the export has no resolution time. Those the timed note already
 * names (named: timedOpenNote's list) are left out.
 */
function nearResolvedNote(m: HeaderMapping, o: Observations, named: readonly OpenStatus[]): string | null {
  if (m.kind !== 'tickets' || o.moreOpenStatuses) return null;
  const near = o.openStatuses.filter((e) => NEAR_RESOLVED.test(e.status.trim()) && !named.includes(e) && !o.hiddenResolved.includes(e.status)).slice(0, STATUS_SAMPLE);
  if (near.length === 0) return null;
  const list = andList(near.map((e) => `${shownText(e.status)} (${e.rows === 1 ? '1 ticket' : `${e.rows} tickets`})`));
  return (
    `status: ${list} ${near.length === 1 ? 'begins' : 'begin'} with a word that means resolved but ${near.length === 1 ? 'is' : 'are'} not one (${[...RESOLVED_STATUSES].join(', ')} are), so ${near.length === 1 ? 'its' : 'their'} tickets count as open; ` +
    `if they are resolved, map them in the config: ${resolvedMap(near)}`
  );
}

/**
 * The note on statuses that are neither resolved nor an open ticket's (Jira's `Done` beside a
 * `Resolved`, ServiceNow's `Canceled`, Help Scout's `spam`) when the file has a resolved one, so
 * no other note speaks: their tickets count as open, and the resolution rate is as low as they
 * are many. Those the timed and near-resolved notes name (named) are left out.
 */
function unknownStatusNote(m: HeaderMapping, o: Observations, named: readonly OpenStatus[]): string | null {
  if (m.kind !== 'tickets' || o.moreOpenStatuses) return null;
  const unknown = o.openStatuses
    .filter((e) => !openLike(e.status) && !NEAR_RESOLVED.test(e.status.trim()) && !named.includes(e) && !o.hiddenResolved.includes(e.status))
    .slice(0, STATUS_SAMPLE);
  if (unknown.length === 0) return null;
  const list = andList(unknown.map((e) => `${shownText(e.status)} (${e.rows === 1 ? '1 ticket' : `${e.rows} tickets`})`));
  // Nothing says whether they are resolved: the line offered maps one that reads so, never all (a review, 2026-11-27).
  const yes = resolvedLooking(unknown.map((e) => e.status));
  return (
    `status: ${list} ${unknown.length === 1 ? 'is' : 'are'} neither resolved (${[...RESOLVED_STATUSES].join(', ')} are) nor an open ticket's status, so ${unknown.length === 1 ? 'its' : 'their'} tickets count as open; ` +
    `say which are resolved in the config, e.g. "values": {"status": {${yes === undefined ? '"<status>"' : statusKey(yes)}: "resolved"}} (and the open ones: "open")`
  );
}

/** "a", "a and b", "a, b and c". */
export const andList = (items: readonly string[]) => (items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** The config line that maps statuses to resolved. */
const resolvedMap = (statuses: readonly OpenStatus[]) => `"values": {"status": {${statuses.map((e) => `${statusKey(e.status)}: "resolved"`).join(', ')}}}`;

// Format characters (observations.ts INVISIBLE) print as nothing: a status is shown with them
// named, `"solved<U+200B>"`, and its config key with them escaped, `"solved\u200B"`, so what
// is read and what is typed match.
const codeOf = (c: string) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
/** Text with its invisible characters named, `T1<U+200B>` (`columns` shows headers so too: a U+FEFF before a name). */
export const namedInvisible = (s: string) => s.replace(INVISIBLE, (c) => `<U+${codeOf(c)}>`);
/** A status (or an id) as a note shows it, quoted, its invisible characters named (`"T1<U+200B>"` is not `"T1"`). */
const shownText = (s: string) => JSON.stringify(namedInvisible(s));
/** A status as a config's JSON key, quoted. */
const statusKey = (s: string) => JSON.stringify(s).replace(INVISIBLE, (c) => `\\u${codeOf(c)}`);

/**
 * A note per status (the first STATUS_SAMPLE the reader met) that means resolved once its
 * invisible characters are taken out, with the config line that maps it. Not stripped in the
 * cell: trim() keeps them, and a value map can name the status as it is.
 */
function hiddenStatusNotes(m: HeaderMapping, o: Observations): string[] {
  if (m.kind !== 'tickets') return [];
  return o.hiddenResolved.map((s) => {
    const bare = withoutInvisible(s)!;
    const names = [...new Set(s.match(INVISIBLE))].map((c) => `U+${codeOf(c)}`).join(', ');
    return (
      `status ${shownText(s)} is not read as resolved: it is "${bare}" with an invisible ${names}; ` +
      `clean the export or map it in the config: "values": {"status": {${statusKey(s)}: "${bare}"}}`
    );
  });
}

function gapNote(o: Observations, read: ReadOptions): string {
  const g = o.firstGap!;
  const at = (read.parseTime ?? parseTimestamp)(g.text, read.zone);
  const as = typeof at === 'number' ? ` as ${formatInstant(at, read.zone)}` : '';
  const one = o.dstGaps === 1;
  const times = one ? '1 local time falls' : `${o.dstGaps} local times fall`;
  return `${times} in a DST gap of ${read.zone.name} (clocks skip ${one ? 'it' : 'them'}) and ${one ? 'is' : 'are'} read with the offset before the change, e.g. line ${g.line}: ${g.column} "${g.text}"${as}`;
}

const UNIT_NAMES: Record<number, string> = { 1: 's', 60: 'min', 3600: 'h' };

/** Seconds written in a column's unit (s, min or h; seconds for any other), to two decimals. */
function amountIn(unitSeconds: number): (seconds: number) => string {
  const unit = UNIT_NAMES[unitSeconds] === undefined ? 1 : unitSeconds;
  return (seconds) => `${Number((seconds / unit).toFixed(2))} ${UNIT_NAMES[unit]}`;
}

/** A duration column that disagrees with its timestamps (TicketReader's checkGiven). */
function mismatchNote(column: string, count: number, m: TimeMismatch): string {
  const amount = amountIn(m.unit);
  const rows = count === 1 ? '1 row' : `${count} rows`;
  const margin = durationMargin(m.unit) >= 3600 ? 'an hour' : 'a minute';
  return (
    `${column} disagrees with ${m.at} − created_at by more than ${margin} on ${rows}, e.g. line ${m.line}: ${amount(m.given)} given, ${amount(m.stamped)} between the timestamps; ` +
    `the KPIs use ${column} only where a timestamp is missing (check that both measure the same thing)`
  );
}

/**
 * A record whose quoted field holds lines that read as rows (Observations.swallowed): a note
 * when the run goes on, a hint beside the invalid rows it usually makes.
 */
export function swallowedText(file: string, s: NonNullable<Observations['swallowed']>): string {
  const { count, first } = s;
  const lines = first.rows === 1 ? '1 line that reads as a row' : `${first.rows} lines that read as rows`;
  const more = count > 1 ? ` (and ${count - 1} more record${count === 2 ? '' : 's'} like it)` : '';
  return `${file}:${first.line}: the quoted ${first.column} field holds ${lines} of this file${more}: if a quote opened in this record is closed only rows later (a stray "), those rows are read as one cell`;
}

/**
 * Numbers like 1.200 in a file delimited by `;` (Observations.thousandsDots), in a column
 * with no other dotted number: the locales that separate columns with `;` write 1.200 for
 * twelve hundred, which is read as 1.2, a plausible wrong number.
 */
function thousandsNote(column: string, count: number, { line, text }: { line: number; text: string }): string {
  const cells = count === 1 ? `1 cell is written like ${JSON.stringify(text)} (line ${line})` : `${count} cells are written like ${JSON.stringify(text)} (the first: line ${line})`;
  return (
    `${column}: ${cells}, read as the decimal ${Number(text)}; in a file delimited by ";" a dot may group thousands: ` +
    `if ${JSON.stringify(text)} means ${text.replaceAll('.', '')}, export the numbers without thousands separators`
  );
}

/** handle_seconds against the sum of the parts the file maps (talk, hold, after-work). */
function handlePartsNote(m: HeaderMapping, count: number, first: { line: number; handle: number; parts: number; unit: number }): string {
  const unit = UNIT_NAMES[first.unit] === undefined ? 1 : first.unit;
  const amount = amountIn(unit);
  const parts = ['talk_seconds', 'hold_seconds', 'after_work_seconds'].filter((c) => mapsColumn(m, c)).join(' + ');
  const margin = unit === 1 ? 'a second' : unit === 60 ? 'a minute' : 'an hour';
  return (
    `handle_seconds disagrees with ${parts} by more than ${margin} on ${count === 1 ? '1 row' : `${count} rows`}, e.g. line ${first.line}: ${amount(first.handle)} given, ${amount(first.parts)} in its parts; ` +
    `average handle time takes handle_seconds where a row gives it (check that both measure the same thing)`
  );
}

/** One note per KPI whose input columns are mapped (in files with rows) but empty in every row. */
function emptyColumnNotes(seen: { f: NotedFile; o: Observations }[], business: boolean): string[] {
  return [...emptyInputsOf(seen, business)].map(([kpi, empty]) => `note: ${kpi} has no input: ${empty}`);
}

/**
 * The KPIs whose input columns are mapped (in files with rows) but empty in every row, each
 * with what was empty ("self_service in t.csv is empty in every row"): compute reports them
 * null, as a KPI without an input column is, rather than the 0 % an empty column would give:
 * the self-service rate, the first response time (and with it its SLA: every ticket would read as
 * never answered), and the resolution rate and backlog of tickets with a status column.
 * The other KPIs leave out a ticket without a value (null without any), and an empty resolved_at
 * is what a file of open tickets has: their unanswered, censored and open counts say so.
 */
export function emptyInputs(files: readonly NotedFile[], business: boolean): Map<KpiId, string> {
  const all = emptyInputsOf(files.map((f) => ({ f, o: f.observe() })), business);
  // Without a status column a ticket is resolved by its resolution time: none anywhere is a file of open tickets.
  const status = files.some((f) => f.kind === 'tickets' && f.rows > 0 && mapsColumn(f.mapping, 'status'));
  // A first-response column empty in every row cannot tell "never answered" from "not exported": null too, so that
  // sla_first_response, which counts an unanswered ticket as missed once its target passed, does not read 100 % missed.
  return new Map([...all].filter(([kpi]) => kpi === 'self_service_rate' || kpi === 'first_response_time' || (status && (kpi === 'resolution_rate' || kpi === 'backlog'))));
}

function emptyInputsOf(seen: { f: NotedFile; o: Observations }[], business: boolean): Map<KpiId, string> {
  const out = new Map<KpiId, string>();
  for (const [kpi, feeds] of Object.entries(KPI_COLUMNS) as [KpiId, NonNullable<(typeof KPI_COLUMNS)[KpiId]>][]) {
    const empty: string[] = [];
    let columns = 0;
    let mapped = false;
    let filled = false;
    for (const feed of feeds) {
      for (const { f, o } of seen) {
        if (f.kind !== feed.kind || f.rows === 0) continue;
        const cols = feedColumns(feed, business).filter((c) => c in o.filled);
        if (cols.length === 0) continue;
        mapped = true;
        if (cols.some((c) => o.filled[c] > 0)) filled = true;
        else {
          empty.push(`${cols.join(', ')} in ${f.file}`);
          columns += cols.length;
        }
      }
    }
    if (mapped && !filled) out.set(kpi, `${empty.join('; ')} ${columns === 1 ? 'is' : 'are'} empty in every row`);
  }
  return out;
}

/**
 * Refuses a --by field that no input has as a column (after presets and config column maps),
 * before anything is read: a typo would otherwise put every row in one "(none)" group.
 */
export function checkGroupFields(files: readonly InputFile[], by: readonly string[], given: readonly string[], load: Pick<LoadOptions, 'rules' | 'join'>): void {
  if (by.length === 0) return;
  const mappings = files.map((file) => {
    const header = readHeader(file);
    return mapFile(file.name, header, kindOf(file, header, load), load);
  });
  refuseMissingGroups(mappings, by, given);
  by.forEach((field, i) => refuseAmbiguous(files, mappings, field, `--by ${given[i] ?? field}`));
}

/**
 * Refuses a --by or --where column that is no column csm-kpi maps and that two headers of
 * one file read as (`Tag` and `tag`, `Sub Team` and `sub_team`): the reader would take the
 * first, silently, and the groups or the filter would be the other column's.
 */
function refuseAmbiguous(files: readonly InputFile[], mappings: readonly HeaderMapping[], column: string, what: string): void {
  for (const [i, m] of mappings.entries()) {
    if (mapsColumn(m, column)) continue;
    const same = m.header.filter((h) => normalizeHeader(h) === column || normalizeCamel(h) === column);
    if (same.length > 1) {
      throw new CsmError('CSM_USAGE', escapeControls(`${what}: ${files[i].name} has ${same.length} columns that read as "${column}" (${same.join(', ')}): rename all but one`));
    }
  }
}

/**
 * Refuses a --where column that no input has (a canonical column it maps, or a header),
 * before anything is read: a typo would otherwise keep no row, or every row.
 */
export function checkWhereColumns(files: readonly InputFile[], where: readonly WhereClause[], load: Pick<LoadOptions, 'rules' | 'join'>): HeaderMapping[] {
  if (where.length === 0) return [];
  const mappings = files.map((file) => {
    const header = readHeader(file);
    return mapFile(file.name, header, kindOf(file, header, load), load);
  });
  for (const w of where) {
    refuseAmbiguous(files, mappings, w.column, w.source);
    if (mappings.some((m) => fileHasColumn(m, w.column))) continue;
    const headers = [...new Set(mappings.flatMap((m) => m.header))];
    const list = escapeControls(headers.slice(0, 12).join(', ')) + (headers.length > 12 ? ', …' : '');
    throw new CsmError('CSM_USAGE', escapeControls(`${w.source}: no input has a column "${w.given}" (columns: ${list})`));
  }
  return mappings;
}

/**
 * What --where does to the files that lack one of its columns: survey answers there go with
 * their ticket when they name one, else have no value; customer rows are kept.
 */
export function whereNotes(files: readonly { file: string; kind: string; mapping: HeaderMapping }[], where: readonly WhereClause[]): string[] {
  const notes: string[] = [];
  for (const f of files) {
    const lacking = where.filter((w) => !fileHasColumn(f.mapping, w.column)).map((w) => `"${w.given}"`);
    if (lacking.length === 0 || f.kind === 'tickets') continue;
    const cols = lacking.join(', ');
    if (f.kind === 'customers') notes.push(`note: --where: ${f.file} has no column ${cols}: its customer rows are all kept (retention and churn are not filtered by ${lacking.length === 1 ? 'it' : 'them'})`);
    else if (f.mapping.index.has('ticket_id')) notes.push(`note: --where: ${f.file} has no column ${cols}: an answer goes with its ticket (ticket_id); one without a ticket read has no value there (left out by =, kept by !=)`);
    else notes.push(`note: --where: ${f.file} has no column ${cols} nor ticket_id: its answers have no value there (left out by =, kept by !=)`);
  }
  return notes.map((n) => escapeControls(n));
}

/** Whether some tickets file maps the canonical column (read from the headers, before the rows). */
export function ticketsHaveColumn(files: readonly InputFile[], column: string, load: Pick<LoadOptions, 'rules' | 'join'>): boolean {
  return files.some((file) => {
    const header = readHeader(file);
    const kind = kindOf(file, header, load);
    if (kind !== 'tickets') return false;
    const m = mapFile(file.name, header, kind, load);
    return mapsColumn(m, column);
  });
}
