/**
 * csm-kpi for Node programs: the report `csm-kpi compute --format json` prints, as an
 * object, without spawning the CLI.
 *
 *   import { compute } from 'csm-kpi';
 *   const report = await compute(['tickets.csv', 'surveys.csv'], { tz: 'Europe/Madrid', period: 'week', by: ['agent'] });
 *   report.kpis.first_response_time?.median;
 *
 * Settings are the CLI's flags in camelCase, with the same values and defaults. Bad input
 * rejects with a CsmError (its code is stable, its message the CLI's one line).
 */
import type { Context } from './context.js';
import { CsmError } from './errors.js';
import { computeReport } from './commands/compute.js';
import type { ComputeFlags } from './settings/settings.js';
import { PRESETS } from './input/header/presets.js';
import type { PresetName } from './input/header/presets.js';
import type { ReportFromSchema } from './output/report-schema.js';
import type { Period } from './time/periods.js';

export { CsmError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { REPORT_SCHEMA } from './output/report.js';
export type { KpiId } from './metrics/definition.js';

/**
 * The JSON report, typed field by field: report.kpis.csat.responses is a number,
 * report.kpis.nps.value a number or null. The type of the zod schema (report-schema.ts,
 * also exported as 'csm-kpi/schema') that the tests check every report against.
 */
export type Report = ReportFromSchema;
export type Kpis = Report['kpis'];
export type InputSummary = Report['inputs'][number];
export type SeriesEntry = NonNullable<Report['series']>[number];
export type GroupEntry = NonNullable<Report['groups']>[string][number];

export interface ComputeSettings {
  /** IANA zone for timestamps without an offset, periods and windows (default: TZ, else the system zone). */
  tz?: string;
  /** Window start, inclusive, and end, exclusive: dates or timestamps in tz. */
  from?: string;
  to?: string;
  /** Adds report.series. */
  period?: Period;
  /** Adds report.groups: agent, team, channel, priority or any column; several nest. */
  by?: string | string[];
  /** Files read as tickets, surveys or customers whatever their header (besides `files`, whose kind is detected). */
  tickets?: string[];
  surveys?: string[];
  customers?: string[];
  /** A helpdesk's own export. */
  preset?: PresetName;
  /** A config file (column map, value maps, …); default ./csm-kpi.config.json in cwd when present. */
  config?: string;
  /** , ; or tab (default: detected). */
  delimiter?: string;
  /** utf-8 (default), latin1 or windows-1252. */
  encoding?: string;
  surveyType?: 'csat' | 'nps' | 'ces';
  /** "1-5" (default), "1-7", … */
  csatScale?: string;
  cesScale?: string;
  selfServiceChannels?: string | string[];
  duplicates?: 'error' | 'first' | 'last';
  emptyScore?: 'error' | 'skip';
  /** e.g. "Mon-Fri 09:00-18:00": response and resolution times in opening hours only. */
  businessHours?: string;
  /** A file of closed days (one ISO date a line) for businessHours. */
  holidays?: string;
  /** e.g. "first_response=1h,resolution=24h": adds sla_first_response and sla_resolution; a list adds "priority=urgent:first_response=15m" targets. */
  sla?: string | string[];
  /** e.g. ["team=support", "priority!=low"]: only the rows that meet every condition (--where). */
  where?: string | string[];
  /** A JSON file of targets ({"csat": ">= 90"}): each KPI's target.status in the report. */
  targets?: string;
  /** Compute on the valid rows (counted in inputs[].skipped) instead of rejecting the input. */
  skipInvalid?: boolean;
  /** Threads for one large tickets file (default: one per core). */
  threads?: number;
  /** Where relative paths are resolved (default: process.cwd()). */
  cwd?: string;
  /** Environment (TZ, …; default: process.env). */
  env?: Record<string, string | undefined>;
  /** Each line the CLI would print on stderr (notes, skipped rows); default: dropped. */
  onMessage?: (line: string) => void;
}

/** Every KPI of the files, as the JSON report (schema csm-kpi/report@1). */
export async function compute(files: readonly string[], settings: ComputeSettings = {}): Promise<Report> {
  const s = settings;
  let pending = '';
  const ctx: Context = {
    stdout: { write: () => true },
    stderr: {
      write: (text: string) => {
        // Messages arrive as text with line ends; the caller hears of whole lines.
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) s.onMessage?.(line);
        return true;
      },
    },
    env: s.env ?? process.env,
    cwd: s.cwd ?? process.cwd(),
  };
  oneOf('period', s.period, PERIODS);
  oneOf('preset', s.preset, Object.keys(PRESETS));
  oneOf('surveyType', s.surveyType, ['csat', 'nps', 'ces']);
  oneOf('duplicates', s.duplicates, ['error', 'first', 'last']);
  oneOf('emptyScore', s.emptyScore, ['error', 'skip']);
  if (s.threads !== undefined && !(Number.isInteger(s.threads) && s.threads >= 1 && s.threads <= 64)) throw new CsmError('CSM_USAGE', `threads: must be a whole number from 1 to 64 (${s.threads})`);
  const list = (v: string | string[] | undefined) => (v === undefined ? undefined : typeof v === 'string' ? [v] : [...v]);
  // The settings module reads these as it reads the CLI's flags (and names them the same way in errors).
  const options: ComputeFlags = {
    tz: s.tz,
    from: s.from,
    to: s.to,
    period: s.period,
    by: list(s.by),
    tickets: s.tickets && [...s.tickets],
    surveys: s.surveys && [...s.surveys],
    customers: s.customers && [...s.customers],
    preset: s.preset,
    config: s.config,
    delimiter: s.delimiter,
    encoding: s.encoding,
    surveyType: s.surveyType,
    csatScale: s.csatScale,
    cesScale: s.cesScale,
    selfServiceChannels: Array.isArray(s.selfServiceChannels) ? s.selfServiceChannels.join(',') : s.selfServiceChannels,
    duplicates: s.duplicates,
    emptyScore: s.emptyScore,
    businessHours: s.businessHours,
    holidays: s.holidays,
    sla: s.sla,
    where: list(s.where),
    targets: s.targets,
    skipInvalid: s.skipInvalid,
    threads: s.threads === undefined ? undefined : String(s.threads),
    quiet: true,
  };
  const { report } = await computeReport(ctx, [...files], options);
  if (pending) s.onMessage?.(pending);
  // The builder's types are looser than the schema's; the tests parse its reports with the schema.
  return report as unknown as Report;
}

const PERIODS = ['day', 'week', 'month', 'quarter', 'year'];

/** What commander's choices check for a flag. */
function oneOf(name: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) throw new CsmError('CSM_USAGE', `${name}: must be one of ${allowed.join(', ')} ("${value}")`);
}

