/**
 * csm-kpi compute FILES… — every KPI from tickets, surveys and customers CSV files.
 *
 *   csm-kpi compute tickets.csv surveys.csv customers.csv
 *   csm-kpi compute tickets.csv --format json | jq .kpis.nps
 *   csm-kpi compute exports/*.csv --period week --by agent
 *   csm-kpi compute tickets.csv --tz Europe/Madrid --from 2026-03-01 --to 2026-04-01
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { useColor } from '../context.js';
import { CsmError } from '../errors.js';
import { normalizeHeader } from '../input/header/columns.js';
import { missingInputs } from '../input/header/coverage.js';
import type { RowSink } from '../input/load.js';
import type { ReadOptions } from '../input/rows/row-types.js';
import { ReportBuilder } from '../engine/report-builder.js';
import type { Placement } from '../engine/report-builder.js';
import { renderCsv } from '../output/to-csv.js';
import { renderJson } from '../output/to-json.js';
import { humanValue } from '../output/describe.js';
import { formatInstant } from '../time/instant.js';
import { DEFAULT_PARALLEL_MIN_BYTES, loadInputsThreaded } from '../engine/parallel/parallel.js';
import type { ParallelJob } from '../engine/parallel/parallel.js';
import type { Period } from '../time/periods.js';
import { REPORT_SCHEMA } from '../output/report.js';
import type { InputSummary, Report } from '../output/report.js';
import { applyTargets } from '../engine/targets.js';
import type { Target } from '../engine/targets.js';
import { writeFileAtomic } from '../output/write-file.js';
import { parseBound, setupInputs } from '../settings/input-settings.js';
import type { InputCliOptions } from '../settings/input-settings.js';
import { reportOptions } from '../settings/report-settings.js';
import type { ReportCliOptions } from '../settings/report-settings.js';
import { checkInvalid, noteDroppedFields } from './invalid-rows.js';
import type { PhaseTimer } from '../engine/parallel/parallel.js';

export interface ComputeCliOptions extends InputCliOptions, ReportCliOptions {
  format?: 'table' | 'json' | 'csv';
  output?: string;
  from?: string;
  to?: string;
  period?: Period;
  by?: string[];
  skipInvalid?: boolean;
  rejects?: string;
  color?: boolean;
  failOnBreach?: boolean;
  threads?: string;
}

export interface ComputeResult {
  report: Report;
  breached: Target[];
}

export async function computeReport(ctx: Context, positional: string[], o: ComputeCliOptions): Promise<ComputeResult> {
  const { files, zone, read, load, config, configName, dateFormats } = setupInputs(ctx, positional, o);
  const { hours, sla, targets } = reportOptions(ctx, o, config, configName, zone);
  const clock = hours?.clock ?? null;
  const from = parseBound('--from', o.from, zone);
  const to = parseBound('--to', o.to, zone);
  if (from !== null && to !== null && to <= from) throw new CsmError('CSM_USAGE', '--to must be after --from (from is inclusive, to exclusive)');
  const by = (o.by ?? []).map(normalizeHeader);
  const buildOptions = {
    from,
    to,
    period: o.period ?? null,
    kpi: {
      csatScale: read.csatScale,
      cesScale: read.cesScale,
      slaFirstResponseSeconds: sla.firstResponse,
      slaResolutionSeconds: sla.resolution,
      clock: clock ? ('business' as const) : ('calendar' as const),
    },
  };
  const builder = new ReportBuilder({ ...buildOptions, zone, by, clock: clock ? (a, b) => clock.seconds(a, b) : null });
  const loadOptions = { ...load, by, keepRejected: o.rejects !== undefined };
  const sink: RowSink<Placement> = {
    ticket: (row, keys) => builder.addTicket(row, keys),
    answer: (row, keys) => builder.addAnswer(row, keys),
    customer: (row, keys) => builder.addCustomer(row, keys),
  };

  const timing = phaseTimer(ctx);
  // One large tickets file: a worker thread reads segments of it from the back (see report/parallel.ts).
  const result = await loadInputsThreaded(files, loadOptions, sink, builder, {
    threads: parseThreads(o.threads),
    minBytes: Number(ctx.env.CSM_KPI_PARALLEL_MIN_BYTES ?? DEFAULT_PARALLEL_MIN_BYTES),
    job: {
      zone: zone.name,
      read: plainReadOptions(read),
      dateFormats,
      build: buildOptions,
      hours: hours && { spec: hours.spec, holidays: [...hours.holidays] },
    },
    timing,
  });
  checkInvalid(ctx, result, { skipInvalid: o.skipInvalid === true, rejects: o.rejects && resolve(ctx.cwd, o.rejects) });
  noteDroppedFields(ctx, result);
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
    ...(f.dropped.size > 0 ? { dropped_fields: Object.fromEntries(f.dropped) } : {}),
  }));
  const missing = missingInputs(
    result.files.map((f) => f.mapping),
    clock !== null,
  );
  builder.markMissing(new Map(missing.map((m) => [m.kpi, m.needs])));
  const kpis = builder.kpis();
  // Headers used as groups (--by) are not "unmapped": they do what was asked of them.
  const ignored = [...new Set(result.files.flatMap((f) => f.mapping.ignored))].filter((h) => !by.includes(normalizeHeader(h)));
  if (missing.length && ignored.length) {
    // A KPI without input next to headers nobody mapped: likely a naming problem, so say so.
    ctx.stderr.write(
      `note: no input column for ${missing.map((m) => m.kpi).join(', ')}; ${ignored.length} header${ignored.length === 1 ? ' was' : 's were'} not mapped ` +
        `(${ignored.slice(0, 5).map((h) => JSON.stringify(h)).join(', ')}${ignored.length > 5 ? ', …' : ''}). ` +
        `\`csm-kpi columns\` shows the mapping; --preset or --config can map them.\n`,
    );
  }
  const report: Report = {
    schema: REPORT_SCHEMA,
    timezone: zone.name,
    window: { from: from === null ? null : formatInstant(from, zone), to: to === null ? null : formatInstant(to, zone) },
    inputs,
    kpis,
  };
  timing('totals');
  const series = builder.seriesEntries();
  if (series) report.series = series;
  const groups = builder.groupEntries();
  if (groups) report.groups = groups;
  timing('series and groups');
  return { report, breached: applyTargets(report.kpis, targets) };
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

function parseThreads(text: string | undefined): number {
  if (text === undefined) return Math.min(2, availableParallelism());
  if (!/^[1-9]\d*$/.test(text)) throw new CsmError('CSM_USAGE', `--threads: must be a whole number ≥ 1 ("${text}")`);
  return Number(text);
}

export async function runCompute(ctx: Context, positional: string[], o: ComputeCliOptions): Promise<number> {
  const format = o.format ?? 'table';
  const { report, breached } = await computeReport(ctx, positional, o);
  const text =
    format === 'json'
      ? renderJson(report)
      : format === 'csv'
        ? renderCsv(report)
        : // The table's libraries (chalk, cli-table3) load only when a table is printed: JSON runs in cron start faster.
          (await import('../output/to-table.js')).renderTable(report, { color: o.output === undefined && useColor(ctx, o.color !== false) });
  if (o.output) writeFileAtomic(resolve(ctx.cwd, o.output), text);
  else ctx.stdout.write(text);
  if (breached.length && o.failOnBreach) {
    // The report is written first: a cron job keeps the numbers that breached.
    for (const t of breached) {
      const k = report.kpis[t.kpi]!;
      ctx.stderr.write(`breach: ${t.kpi} ${humanValue(t.kpi, k)} (target ${t.rule})\n`);
    }
    return 1;
  }
  return 0;
}
