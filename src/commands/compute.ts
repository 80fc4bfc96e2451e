/**
 * csm-kpi compute FILES… — every KPI from tickets, surveys and customers CSV files.
 *
 *   csm-kpi compute tickets.csv surveys.csv customers.csv
 *   csm-kpi compute tickets.csv --format json | jq .kpis.nps
 *   csm-kpi compute exports/*.csv --period week --by agent
 *   csm-kpi compute tickets.csv --tz Europe/Madrid --from 2026-03-01 --to 2026-04-01
 *   csm-kpi compute tickets.csv --last 1d --compare previous --targets t.json --fail-on-breach
 */
import { statSync } from 'node:fs';
import type { Context, Output } from '../context.js';
import type { InputFile } from '../input/load.js';
import type { ProgressLine } from '../output/progress-line.js';
import { tableWidth } from '../settings/table-settings.js';
import { useColor } from '../context.js';
import { mapsColumn, normalizeHeader } from '../input/header/columns.js';
import type { HeaderMapping } from '../input/header/columns.js';
import { markInputs } from '../engine/mark-inputs.js';
import type { RowSink } from '../input/load.js';
import type { ReadOptions } from '../input/rows/row-types.js';
import { ReportBuilder } from '../engine/report-builder.js';
import type { Placement } from '../engine/report-builder.js';
import { renderCsv } from '../output/to-csv.js';
import type { Format } from '../output/format.js';
import type { TableOptions } from '../output/to-table.js';
import { jsonChunks } from '../output/to-json.js';
import { humanValue } from '../output/describe.js';
import { DEFAULT_PARALLEL_MIN_BYTES, loadInputsThreaded } from '../engine/parallel/parallel.js';
import type { ParallelJob } from '../engine/parallel/parallel.js';
import { NOT_REACHED, REPORT_SCHEMA } from '../output/report.js';
import type { InputSummary, Report } from '../output/report.js';
import { checkTargets } from '../engine/targets.js';
import type { Unmet } from '../engine/targets.js';
import { writeFileAtomic } from '../output/write-file.js';
import { resolveComputeSettings } from '../settings/settings.js';
import type { ComputeFlags, ComputeSettings } from '../settings/settings.js';
import { whereText } from '../settings/values.js';
import { kpiKinds } from '../input/header/coverage.js';
import { checkInvalid, noteDroppedFields, RejectsFile, writeDroppedFields } from './invalid-rows.js';
import { andList, checkGroupFields, checkWhereColumns, emptyInputs, encodingNotes, groupSplitNotes, inputNotes, readHead, ticketsHaveColumn, whereNotes } from './input-notes.js';
import type { NotedFile } from './input-notes.js';
import { unmatchedNotes } from '../input/where.js';
import { prepareInputs } from './prepare-inputs.js';
import { escapeControls } from '../escape-controls.js';
import { CsmError } from '../errors.js';
import type { PhaseTimer } from '../engine/parallel/parallel.js';
import type { BreachList } from '../output/breaches.js';
import type { TimeZone } from '../time/time-zone.js';

export interface ComputeResult {
  report: Report;
  /** Targets breached, or without data, on the window (and on the slices --targets-on names). */
  unmet: Unmet[];
  /** --list breaches: the tickets that missed an SLA. */
  breaches?: BreachList;
}

/**
 * The report of the inputs the settings name: checked against each other and the outputs
 * before anything is read, `-` and pipes copied to temporary files (prepare-inputs.ts).
 */
export async function computeReport(outer: Context, positional: string[], flags: ComputeFlags): Promise<ComputeResult & { settings: ComputeSettings }> {
  const outputs = [
    { flag: '--output', name: flags.output === '-' ? undefined : flags.output },
    { flag: '--rejects', name: flags.rejects },
  ].filter((x): x is { flag: string; name: string } => x.name !== undefined);
  const prepared = await prepareInputs(outer, positional, flags, () => resolveComputeSettings(outer, positional, flags), outputs, [flags.targets, flags.holidays]);
  for (const note of targetNotes(prepared, flags.targets)) outer.stderr.write(note + '\n');
  const progress = await startProgress(outer, prepared.files, prepared.quiet);
  // Anything written on stderr while the progress line is up takes it down first.
  const ctx: Context = progress ? { ...outer, stderr: { write: (s: string) => (progress.clear(), outer.stderr.write(s)), isTTY: true, columns: outer.stderr.columns } } : outer;
  try {
    return { ...(await computeFrom(ctx, prepared, progress)), settings: prepared };
  } finally {
    progress?.done();
    prepared.cleanup();
  }
}

/**
 * What the run will not check, said before it reads: the config's targets a --targets file
 * replaced, and --fail-on-breach without any target (a cron job that cannot fail on a KPI).
 */
function targetNotes(s: ComputeSettings, file: string | undefined): string[] {
  const notes: string[] = [];
  const dropped = s.targetsReplaced.map((t) => `${t.kpi} ${t.rule}`);
  if (dropped.length > 0) {
    notes.push(
      escapeControls(`note: --targets ${file} replaces the config's "targets": ${andList(dropped)} ${dropped.length === 1 ? 'is' : 'are'} not checked (add ${dropped.length === 1 ? 'it' : 'them'} to ${file} to check ${dropped.length === 1 ? 'it' : 'them'})`),
    );
  }
  if (s.failOnBreach && s.targets.length === 0) notes.push('note: --fail-on-breach: no targets to check (--targets FILE or the config\'s "targets"), so no KPI can fail this run');
  return notes;
}

/**
 * A line on stderr while the files are read, when stderr is a terminal (never for a pipe,
 * a file or --quiet), from the first second on (CSM_KPI_PROGRESS_AFTER_MS changes that, for tests).
 */
async function startProgress(ctx: Context, files: InputFile[], quiet: boolean): Promise<ProgressLine | null> {
  if (quiet || ctx.stderr.isTTY !== true) return null;
  let total = 0;
  for (const f of files) {
    try {
      total += statSync(f.path).size;
    } catch {
      // A missing file is reported when it is read.
    }
  }
  const after = Number(ctx.env.CSM_KPI_PROGRESS_AFTER_MS ?? 1000);
  const { ProgressLine } = await import('../output/progress-line.js');
  return new ProgressLine(ctx.stderr, { total, after: Number.isFinite(after) ? after : 1000 }).start();
}

/** Both engines, first of the run's notes: resolution targets replace the export's own SLA verdicts. */
const FLAG_NOT_USED = "note: sla_resolution: from --sla's resolution targets; the sla_met column (the export's own verdicts) is not used\n";

async function computeFrom(ctx: Context, s: ComputeSettings, progress: ProgressLine | null): Promise<ComputeResult> {
  if (s.engine === 'duckdb') return computeWithDuckdb(ctx, s);
  const { files, zone, read, load, hours, sla, targets, from, to, by } = s;
  const clock = hours?.clock ?? null;
  checkGroupFields(files, by, s.byAsGiven, load);
  checkWhereColumns(files, s.where, load);
  // sla_resolution from the export's own met/missed flag: when it has one and no resolution target is given.
  const resolutionTarget = sla.resolution !== null || Object.values(s.slaByPriority).some((t) => t.resolution !== null);
  const flag = ticketsHaveColumn(files, 'sla_met', load);
  if (flag && resolutionTarget) ctx.stderr.write(FLAG_NOT_USED);
  const firstResponseTarget = sla.firstResponse !== null || Object.values(s.slaByPriority).some((t) => t.firstResponse !== null);
  if (s.list === 'breaches' && s.format !== 'table' && s.format !== 'csv' && s.format !== 'json') {
    throw new CsmError('CSM_USAGE', `--list breaches is written as a table, csv or json, not ${s.format}`);
  }
  if (s.list === 'breaches' && !flag && !resolutionTarget && !firstResponseTarget) {
    throw new CsmError('CSM_USAGE', '--list breaches needs SLA targets (--sla first_response=1h,resolution=24h, or "sla" in the config) or an sla_met column');
  }
  const buildOptions = {
    from,
    to,
    previous: s.compare?.window ?? null,
    period: s.period,
    listBreaches: s.list === 'breaches',
    kpi: {
      csatScale: read.csatScale,
      cesScale: read.cesScale,
      slaFirstResponseSeconds: sla.firstResponse,
      slaResolutionSeconds: sla.resolution,
      slaPriorityTargets: s.slaByPriority,
      slaResolutionFromFlag: flag && !resolutionTarget,
      clock: clock ? ('business' as const) : ('calendar' as const),
      confidence: s.confidence,
      minSample: s.minSample,
    },
  };
  const builder = new ReportBuilder({ ...buildOptions, zone, by, clock: clock ? (a, b) => clock.seconds(a, b) : null });
  const sink: RowSink<Placement> = {
    ticket: (row, keys) => builder.addTicket(row, keys),
    filteredTicket: (row) => builder.seeTicket(row),
    answer: (row, keys) => builder.addAnswer(row, keys),
    customer: (row, keys) => builder.addCustomer(row, keys),
  };

  const timing = phaseTimer(ctx);
  // One large tickets file: worker threads read segments of it from the back (see engine/parallel/parallel.ts).
  // --rejects streams the invalid rows as they are met; created now, it appears when they are all read.
  const rejects = s.rejects === null ? null : new RejectsFile(s.rejects.path, s.rejects.name);
  // Ticket columns the SLAs per priority and the breaches list need besides the groups'.
  const wanted = [...(Object.keys(s.slaByPriority).length > 0 ? ['priority'] : []), ...(s.list === 'breaches' ? ['id', 'priority', 'agent'] : [])];
  const loadOptions = { ...load, by, rejects: rejects ?? undefined, progress: progress ?? undefined, where: s.where, wanted };
  let result;
  try {
    result = await loadInputsThreaded(files, loadOptions, sink, builder, {
      threads: s.threads,
      minBytes: Number(ctx.env.CSM_KPI_PARALLEL_MIN_BYTES ?? DEFAULT_PARALLEL_MIN_BYTES),
      job: {
        zone: zone.name,
        read: plainReadOptions(read),
        dateFormats: s.dateFormats,
        build: buildOptions,
        hours: hours && { spec: hours.spec, holidays: [...hours.holidays] },
      },
      timing,
      scratch: rejects?.dir ?? null,
    });
    rejects?.commit();
  } catch (e) {
    rejects?.abort();
    throw e;
  }
  progress?.phase('computing the report…');
  checkInvalid(ctx, result, { skipInvalid: s.skipInvalid, dropFields: s.read.invalidFields === 'drop_field' });
  noteDroppedFields(ctx, result);
  // After the problems (a run that fails on them lists only them): what the rows do not show.
  for (const note of inputNotes(result, { read, mapped: s.mapped, business: clock !== null, columnMap: s.columnMap, window: { from, to } })) ctx.stderr.write(note + '\n');
  for (const note of encodingNotes(files, readHead)) ctx.stderr.write(note + '\n');
  if (result.where) for (const note of [...whereNotes(result.files, s.where), ...unmatchedNotes(s.where, result.where)]) ctx.stderr.write(escapeControls(note) + '\n');
  const inputs: InputSummary[] = result.files.map((f) => ({
    file: f.file,
    kind: f.kind,
    rows: f.rows,
    used: f.used,
    skipped: f.invalid,
    outside_window: f.placed.get('outside_window') ?? 0,
    unplaced: f.placed.get('unplaced') ?? 0,
    no_answer: f.placed.get('no_answer') ?? 0,
    collapsed: f.collapsed,
    ...(result.where ? { filtered: f.placed.get('filtered') ?? 0 } : {}),
    ...(f.dropped.size > 0 ? { dropped_fields: Object.fromEntries(f.dropped) } : {}),
  }));
  const missing = markInputs(
    builder,
    result.files.map((f) => f.mapping),
    read.offeredTokens,
    clock !== null,
    emptyInputs(result.files, clock !== null),
  );
  const kpis = builder.kpis();
  const unmapped = unmappedNote(missing, result.files.map((f) => f.mapping), by);
  if (unmapped !== null) ctx.stderr.write(unmapped + '\n');
  const report: Report = {
    schema: REPORT_SCHEMA,
    timezone: zone.name,
    window: builder.windowEntry(),
    inputs,
    kpis,
  };
  if (s.where.length > 0) report.where = s.where.map(whereText);
  const previous = builder.previousEntry();
  if (previous) report.previous = previous;
  timing('totals');
  const series = builder.seriesEntries();
  if (series) report.series = series;
  const groups = builder.groupEntries();
  if (groups) {
    report.groups = groups;
    for (const note of groupSplitNotes(groups)) ctx.stderr.write(note + '\n');
  }
  timing('series and groups');
  for (const id of ['sla_first_response', 'sla_resolution'] as const) {
    const k = kpis[id];
    const n = (k?.no_target as number | undefined) ?? 0;
    if (n > 0) {
      const what = id === 'sla_first_response' ? 'first_response' : 'resolution';
      ctx.stderr.write(`note: ${id}: ${n.toLocaleString('en-US')} ticket${n === 1 ? ' has' : 's have'} a priority without a ${what} target (and there is no default): not counted in it\n`);
    }
  }
  const out: ComputeResult = { report, unmet: checkTargets(report, targets, s.targetsOn) };
  if (s.list === 'breaches') {
    out.breaches = { timezone: zone.name, window: { from: report.window.from, to: report.window.to }, clock: clock ? 'business' : 'calendar', breaches: builder.breachList() };
    if (report.where) out.breaches.where = report.where;
  }
  return out;
}

/** The same report from DuckDB running the KPI SQL (engine/duckdb-engine.ts, loaded only here). */
async function computeWithDuckdb(ctx: Context, s: ComputeSettings): Promise<ComputeResult> {
  const { duckdbReport } = await import('../engine/duckdb-engine.js');
  const { sqlKpiOptions } = await import('../engine/sql-engine.js');
  const { builder, inputs, mappings, observations, dropped } = await duckdbReport(s, sqlKpiOptions(s));
  // As the JavaScript engine says it (computeFrom; targets per priority are refused here).
  if (s.sla.resolution !== null && mappings.some((m) => m.kind === 'tickets' && mapsColumn(m, 'sla_met'))) ctx.stderr.write(FLAG_NOT_USED);
  // Counts per column over every file, as droppedFieldCounts adds them up.
  const counts = new Map<string, number>();
  for (const i of inputs) for (const [c, n] of Object.entries(i.dropped_fields ?? {})) counts.set(c, (counts.get(c) ?? 0) + n);
  writeDroppedFields(ctx, counts, dropped);
  // The notes of the JavaScript engine, on what DuckDB's queries observed of the rows (sql-observations.ts says which).
  const files: NotedFile[] = mappings.map((mapping, i) => ({
    file: inputs[i].file,
    kind: mapping.kind,
    mapping,
    rows: inputs[i].rows,
    placed: new Map([['unplaced', inputs[i].unplaced]]),
    observe: () => observations[i],
  }));
  for (const note of inputNotes({ files }, { read: s.read, mapped: s.mapped, business: false, columnMap: s.columnMap, window: { from: s.from, to: s.to } })) ctx.stderr.write(note + '\n');
  for (const note of encodingNotes(s.files, readHead)) ctx.stderr.write(note + '\n');
  const unmapped = unmappedNote(markInputs(builder, mappings, s.read.offeredTokens, false, emptyInputs(files, false)), mappings, s.by);
  if (unmapped !== null) ctx.stderr.write(unmapped + '\n');
  const report: Report = { schema: REPORT_SCHEMA, timezone: s.zone.name, window: builder.windowEntry(), inputs, kpis: builder.kpis() };
  const series = builder.seriesEntries();
  if (series) report.series = series;
  const groups = builder.groupEntries();
  if (groups) {
    report.groups = groups;
    for (const note of groupSplitNotes(groups)) ctx.stderr.write(note + '\n');
  }
  return { report, unmet: checkTargets(report, s.targets, s.targetsOn) };
}

/**
 * KPIs without an input column beside headers nobody mapped: likely a naming problem, so a
 * note says so (null when either list is empty). Headers used as groups (--by) are not
 * "unmapped": they do what was asked of them.
 */
function unmappedNote(missing: readonly { kpi: string }[], mappings: readonly HeaderMapping[], by: readonly string[]): string | null {
  // A header two files share is one name; two columns of one file with the same (or no) name are two.
  const most = new Map<string, number>();
  for (const m of mappings) {
    const here = new Map<string, number>();
    for (const h of m.ignored) if (!by.includes(normalizeHeader(h))) here.set(h, (here.get(h) ?? 0) + 1);
    for (const [h, n] of here) most.set(h, Math.max(most.get(h) ?? 0, n));
  }
  const ignored = [...most].flatMap(([h, n]) => Array<string>(n).fill(h));
  if (missing.length === 0 || ignored.length === 0) return null;
  return escapeControls(
    `note: no input column for ${missing.map((m) => m.kpi).join(', ')}; ${ignored.length} header${ignored.length === 1 ? ' was' : 's were'} not mapped ` +
      `(${ignored.slice(0, 5).map((h) => JSON.stringify(h.length > 60 ? `${h.slice(0, 60)}…` : h)).join(', ')}${ignored.length > 5 ? ', …' : ''}). ` +
      `\`csm-kpi columns\` shows the mapping; --preset or --config can map them.`,
  );
}

/** Read options without what cannot cross to a thread (the zone object, the date parser): the worker rebuilds them. */
function plainReadOptions(read: ReadOptions): ParallelJob['read'] {
  const { zone: _zone, parseTime: _parseTime, ...plain } = read;
  return plain;
}

/** CSM_KPI_TIMING=1 prints how long each phase took on stderr (for npm run bench and profiling). */
function phaseTimer(ctx: Context): PhaseTimer {
  if (!ctx.env.CSM_KPI_TIMING) return () => undefined;
  // performance.now() counts from the process start: the first phase is node's and ours.
  let last = performance.now();
  ctx.stderr.write(`timing: start-up (node, modules, options) ${last.toFixed(0)} ms\n`);
  return (phase, ms) => {
    const now = performance.now();
    ctx.stderr.write(`timing: ${phase} ${(ms ?? now - last).toFixed(0)} ms\n`);
    if (ms === undefined) last = now;
  };
}

/**
 * The report in the given format. Renderers beyond JSON and CSV load only when used:
 * chalk and cli-table3 for the table, vega and vega-lite for the HTML charts (~0.3 s).
 */
async function render(format: Format, report: Report, table: () => TableOptions): Promise<string | Iterable<string>> {
  switch (format) {
    case 'json':
      // In pieces: a report of 100k groups is larger than one JavaScript string may be.
      return jsonChunks(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return (await import('../output/to-html.js')).renderHtml(report);
    case 'markdown':
      return (await import('../output/to-markdown.js')).renderMarkdown(report);
    case 'table':
      return (await import('../output/to-table.js')).renderTable(report, table());
  }
}

/**
 * An SLA whose times have no input column would list no breach, which reads as "none missed":
 * refused when no SLA can be checked, a note when one of two cannot.
 */
function checkBreachInputs(ctx: Context, report: Report): void {
  const slas = (['sla_first_response', 'sla_resolution'] as const).filter((id) => report.kpis[id] !== undefined);
  const noteOf = (id: (typeof slas)[number]) => String(report.kpis[id]!.note ?? '');
  const blind = slas.filter((id) => noteOf(id).startsWith('no input column'));
  const why = (id: (typeof slas)[number]) => `${id}: ${noteOf(id)}`;
  if (blind.length > 0 && blind.length === slas.length) throw new CsmError('CSM_USAGE', `--list breaches: no SLA can be checked (${blind.map(why).join('; ')})`);
  for (const id of blind) ctx.stderr.write(`note: --list breaches: ${why(id)}; only the other SLA is listed\n`);
}

/** --list breaches in the given format (table, csv or json: checked before reading). */
async function renderBreaches(format: Format, list: BreachList, zone: TimeZone, width: number): Promise<string> {
  const { breachesCsv, breachesJson, breachesTable } = await import('../output/breaches.js');
  return format === 'json' ? breachesJson(list, zone) : format === 'csv' ? breachesCsv(list, zone) : breachesTable(list, zone, width);
}

/** Writes text, or its pieces one by one, waiting for a stream that asks to (write() false) to drain. */
async function writePieces(out: Output, text: string | Iterable<string>): Promise<void> {
  for (const piece of typeof text === 'string' ? [text] : text) {
    if (out.write(piece) === false && typeof (out as Partial<NodeJS.WritableStream>).once === 'function') {
      await new Promise((resolve) => (out as NodeJS.WritableStream).once('drain', resolve));
    }
  }
}

export async function runCompute(ctx: Context, positional: string[], flags: ComputeFlags): Promise<number> {
  const { report, unmet, breaches, settings: s } = await computeReport(ctx, positional, flags);
  // A cron job's export that stopped being refreshed: said where a --format json run is read too.
  const w = report.window;
  if (w.no_data) ctx.stderr.write(`note: the data reaches none of the window ${w.from ?? '…'} → ${w.to ?? '…'} (an export older than the window?): every KPI is n/a\n`);
  if (breaches) checkBreachInputs(ctx, report);
  const text = breaches
    ? await renderBreaches(s.format, breaches, s.zone, tableWidth(ctx, s.output === null))
    : await render(s.format, report, () => ({ color: s.output === null && useColor(ctx, s.color), width: tableWidth(ctx, s.output === null), top: s.top }));
  if (s.output !== null) writeFileAtomic(s.output.path, text, s.output.name);
  else await writePieces(ctx.stdout, text);
  if (unmet.length && s.failOnBreach) {
    // The report is written first: a cron job keeps the numbers that breached.
    for (const u of unmet) {
      const value = u.status === 'no_data' ? 'no data' : humanValue(u.target.kpi, u.kpi!);
      const why = u.status === 'no_data' && u.where === null ? noDataReason(u, report) : null;
      ctx.stderr.write(`breach: ${u.target.kpi} ${value} (target ${u.target.rule})${u.where === null ? '' : ` in ${u.where}`}${why === null ? '' : `: ${why}`}\n`);
    }
    return 1;
  }
  return 0;
}

/**
 * Why a target's KPI has no value, for the breach line (a cron mail's subject names the KPI,
 * its body these lines): the KPI's note, or the file or SLA it lacks. A window without data is
 * said once, on stderr, before the breaches.
 */
function noDataReason(u: Unmet, report: Report): string | null {
  const note = u.kpi?.note;
  if (typeof note === 'string') return note === NOT_REACHED ? null : note;
  // No file of any kind that feeds it (a CSAT read from the tickets lacks no surveys file: a night without answers says nothing more).
  const read = new Set(report.inputs.map((i) => i.kind));
  const kinds = kpiKinds(u.target.kpi);
  if (kinds.every((k) => !read.has(k))) return `no ${kinds.join(' or ')} file`;
  // Tickets were read but the SLA KPI is not in the report: no target was given for it (sla_met, the export's own verdict, is resolution's only).
  if (!u.kpi && u.target.kpi === 'sla_first_response') return `no SLA to check: give its target with --sla first_response=… (or the config's "sla")`;
  if (!u.kpi && u.target.kpi === 'sla_resolution') return `no SLA to check: give its target with --sla resolution=… (or the config's "sla"), or a tickets file with an sla_met column`;
  return null;
}
