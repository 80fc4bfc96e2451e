/**
 * Everything a run is told, resolved in one place. Each setting is declared once below: its
 * flag, its config-file key and the parser that reads it (values.ts), layered
 * defaults < config file < flags (layers.ts), every error naming where the value came from
 * (`--sla: …`, `csm-kpi.config.json: sla: …`). Commands read the resolved settings and
 * nothing else; a new flag gets its line here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { CsmError } from '../errors.js';
import type { Encoding } from '../input/csv/encoding.js';
import type { FileKind } from '../input/header/columns.js';
import { normalizeCamel, normalizeHeader } from '../input/header/columns.js';
import { PRESETS } from '../input/header/presets.js';
import type { PresetName } from '../input/header/presets.js';
import { timeParser } from '../input/cells/date-format.js';
import type { DateFormats } from '../input/cells/date-format.js';
import { parseSpan } from '../input/cells/span.js';
import type { InputFile, LoadOptions } from '../input/load.js';
import { normalizeToken } from '../input/rows/row-reader.js';
import type { InvalidFields, ReadOptions, ValidYears } from '../input/rows/row-types.js';
import { DEFAULT_VALID_YEARS, validYearsIn } from './valid-years.js';
import type { Scale, SurveyType } from '../metrics/facts.js';
import type { Target } from '../engine/targets.js';
import { BusinessClock, parseHolidays, parseSchedule } from '../time/business-hours.js';
import type { Period } from '../time/periods.js';
import { outputFormat } from '../output/format.js';
import type { Format } from '../output/format.js';
import { TimeZone } from '../time/time-zone.js';
import { loadConfig } from './config-file.js';
import { DEFAULT_TOP, parseTop } from './table-settings.js';
import type { Config } from './config-file.js';
import { Layers, readAs } from './layers.js';
import type { Sourced } from './layers.js';
import { parseTargets, readTargets } from './targets.js';
import { DEFAULT_SCALE, parseConfidence, parseCsatScale, parseDelimiter, parseEncoding, parseList, parseMinSample, parseScale, parseSlaFlags, parseTargetsOn, parseThreads, parseWhere } from './values.js';
import type { SlaTargets, TargetSlice, WhereClause } from './values.js';
import { comparedWindow, lastWindow, parseBound, parseInstant, parseLast } from './window.js';
import type { Last, Window } from './window.js';

export const DEFAULT_CONFIG = 'csm-kpi.config.json';
export const DEFAULT_SELF_SERVICE = ['chatbot', 'bot', 'help_center', 'faq', 'forum', 'community', 'knowledge_base', 'self_service'];

/** The flags every command that reads files takes, as commander hands them over. */
export interface InputFlags {
  tickets?: string[];
  surveys?: string[];
  customers?: string[];
  tz?: string;
  delimiter?: string;
  encoding?: string;
  surveyType?: SurveyType;
  csatScale?: string;
  cesScale?: string;
  selfServiceChannels?: string;
  preset?: PresetName;
  config?: string;
  duplicates?: 'error' | 'first' | 'last';
  emptyScore?: 'error' | 'skip';
  validYears?: string;
  invalidFields?: InvalidFields;
}

/** compute's flags besides the inputs'. */
export interface ComputeFlags extends InputFlags {
  /** Undefined when not typed: --output's extension then decides. */
  format?: Format;
  output?: string;
  from?: string;
  to?: string;
  now?: string;
  last?: string;
  compare?: 'previous' | 'year';
  targetsOn?: string[];
  period?: Period;
  by?: string[];
  skipInvalid?: boolean;
  rejects?: string;
  color?: boolean;
  failOnBreach?: boolean;
  threads?: string;
  confidence?: string;
  minSample?: string;
  top?: string;
  quiet?: boolean;
  businessHours?: string;
  holidays?: string;
  /** Repeatable: the default targets, and `priority=NAME:…` targets per priority. */
  sla?: string | string[];
  targets?: string;
  /** COLUMN=VALUE[,VALUE] or COLUMN!=VALUE[,VALUE], repeatable: the rows the report is about. */
  where?: string[];
  /** List the tickets that missed an SLA instead of the report. */
  list?: 'breaches';
  engine?: 'js' | 'duckdb';
}


/** What the readers need: the files, the zone, how cells and headers are read. */
export interface InputSettings {
  files: InputFile[];
  zone: TimeZone;
  read: ReadOptions;
  load: Omit<LoadOptions, 'by' | 'keepRejected'>;
  /** The timestamp syntaxes in use (null: ISO 8601 only), for a worker thread to rebuild the parser. */
  dateFormats: DateFormats | null;
  /** Whether a preset or a config file says how to read the files (else a header may get a preset hint). */
  mapped: boolean;
  /** The preset named (--preset or the config's), or null. */
  preset?: PresetName | null;
  /** The config's column map as written, and the config's name: an entry no input's header matches is a note. */
  columnMap?: { source: string; columns: Record<string, string> };
}

/** A file as the user named it (for messages) and its absolute path. */
export interface NamedPath {
  path: string;
  name: string;
}

export interface BusinessHours {
  spec: string;
  holidays: Set<number>;
  clock: BusinessClock;
}

/** What compute is told: the inputs', and the report's shape, checks and destination. */
export interface ComputeSettings extends InputSettings {
  /** The window, epoch ms; from inclusive, to exclusive; null = open. */
  from: number | null;
  to: number | null;
  /** "Now" for relative windows (--now, else the clock): epoch ms. */
  now: number;
  /** The window's --last (or config "last"), when it came from one. */
  last: Last | null;
  /** --compare: the mode and the window the report is compared with. */
  compare: { mode: 'previous' | 'year'; window: Window } | null;
  period: Period | null;
  /** --by fields, normalized like headers, outer first; and as typed, for messages. */
  by: string[];
  byAsGiven: string[];
  hours: BusinessHours | null;
  sla: SlaTargets;
  /** Targets per priority (lower-cased, trimmed), over sla's for tickets of that priority. */
  slaByPriority: Record<string, SlaTargets>;
  /** --where conditions, all of which a row must meet. */
  where: WhereClause[];
  /** --list breaches: the tickets that missed an SLA instead of the report. */
  list: 'breaches' | null;
  targets: Target[];
  /** The config's targets that --targets replaced and does not give again (none without both). */
  targetsReplaced: Target[];
  /** Slices whose KPIs are checked against the targets too, besides the window's. */
  targetsOn: Set<TargetSlice>;
  failOnBreach: boolean;
  skipInvalid: boolean;
  /** Absolute paths, or null. */
  /** Where the rejected rows and the report go (null: none, and standard output, also for `--output -`). */
  rejects: NamedPath | null;
  output: NamedPath | null;
  format: Format;
  /** Colour asked for (the terminal still decides, see useColor). */
  color: boolean;
  threads: number;
  /** Level of every interval, and the n below which a KPI is a small sample. */
  confidence: number;
  minSample: number;
  /** Groups listed per --by level in the table and markdown (null: all). */
  top: number | null;
  /** No progress line. */
  quiet: boolean;
  /** Which engine computes: the JavaScript accumulators, or DuckDB running the KPI SQL (also for any .parquet input). */
  engine: 'js' | 'duckdb';
}

type InputLayers = Layers<InputFlags, Config>;

/** The config file (--config, else ./csm-kpi.config.json when present) under the flags. */
function layersOf<F extends InputFlags>(ctx: Context, flags: F): Layers<F, Config> {
  const configName = flags.config ?? (existsSync(resolve(ctx.cwd, DEFAULT_CONFIG)) ? DEFAULT_CONFIG : null);
  const config = configName === null ? {} : loadConfig(resolve(ctx.cwd, configName), configName);
  return new Layers(flags, config, configName);
}

export function resolveInputSettings(ctx: Context, positional: string[], flags: InputFlags): InputSettings {
  return inputSettings(ctx, positional, layersOf(ctx, flags), flags);
}

function inputSettings(ctx: Context, positional: string[], l: InputLayers, flags: InputFlags, needFiles = true): InputSettings {
  const presetName = l.pick<PresetName>('preset', 'preset')?.value;
  const preset = presetName ? PRESETS[presetName] : undefined;
  // Both spellings of each key: `CaseNumber` is matched by CASENUMBER and by Case Number.
  const headerMap = (columns: Record<string, string>) => {
    const m = new Map<string, string>();
    for (const [from, to] of Object.entries(columns)) for (const k of [normalizeHeader(from), normalizeCamel(from)]) if (!m.has(k)) m.set(k, to);
    return m;
  };
  // The config's column map overrides any automatic match; the preset's come before the canonical names.
  const rules = { explicit: headerMap(l.fromConfig('columns') ?? {}), preset: headerMap(preset?.columns ?? {}) };
  const valueMaps = new Map<string, Map<string, string>>();
  for (const source of [preset?.values ?? {}, l.fromConfig('values') ?? {}]) {
    for (const [column, map] of Object.entries(source)) {
      const m = valueMaps.get(column) ?? new Map<string, string>();
      for (const [from, to] of Object.entries(map ?? {})) m.set(from.trim().toLowerCase(), to);
      valueMaps.set(column, m);
    }
  }
  // A configured date_format is the file's syntax; else ISO 8601, then the preset's own.
  const dateFormat = l.fromConfig('date_format');
  const dateFormats: DateFormats | null = dateFormat ? { iso: false, formats: [dateFormat] } : preset?.dateFormats ? { iso: true, formats: preset.dateFormats } : null;
  const parseTime = readAs({ value: dateFormats, source: `${l.configName}: date_format` }, timeParser);
  // TimeZone.of's own error does not know the source: re-thrown as a plain reason, it gets one.
  // The system zone only when none is named: asking for it loads ICU's zone data (TimeZone.of).
  const zone = l.read<string, TimeZone | null>('tz', 'timezone', (name) => reasonOf(() => TimeZone.of(name)), null) ?? TimeZone.of(undefined);
  const encoding = l.read<string, Encoding>('encoding', 'encoding', parseEncoding, 'utf-8');
  const delimiter = l.read<string, string | undefined>('delimiter', 'delimiter', parseDelimiter, undefined);
  const file = (name: string, kind?: FileKind): InputFile => ({ path: resolve(ctx.cwd, name), name, kind, encoding, delimiter });
  const files = [
    ...positional.map((f) => file(f)),
    ...(flags.tickets ?? []).map((f) => file(f, 'tickets')),
    ...(flags.surveys ?? []).map((f) => file(f, 'surveys')),
    ...(flags.customers ?? []).map((f) => file(f, 'customers')),
  ];
  if (files.length === 0 && needFiles) throw new CsmError('CSM_USAGE', 'no input files: give at least one CSV file (tickets, surveys or customers)');
  const channels = l.read<string | string[], string[]>('selfServiceChannels', 'self_service_channels', (v) => (Array.isArray(v) ? v : parseList(v)), DEFAULT_SELF_SERVICE);
  const read: ReadOptions = {
    zone,
    csatScale: l.read<string, Scale>('csatScale', 'scales.csat', parseCsatScale, DEFAULT_SCALE),
    cesScale: l.read<string, Scale>('cesScale', 'scales.ces', parseScale, DEFAULT_SCALE),
    surveyType: l.pick<SurveyType>('surveyType', 'survey_type')?.value ?? null,
    selfServiceChannels: new Set(channels.map(normalizeToken).filter(Boolean)),
    nullTokens: new Set([...(preset?.nullTokens ?? []), ...(l.fromConfig('null_tokens') ?? [])]),
    valueMaps,
    parseTime,
    emptyScore: l.pick<'error' | 'skip'>('emptyScore', 'empty_score')?.value ?? 'error',
    invalidFields: l.pick<InvalidFields>('invalidFields', 'invalid_fields')?.value ?? 'error',
    zeroMeansNone: new Map(Object.entries(preset?.zeroMeansNone ?? {})),
    offeredTokens: new Set((preset?.offered ?? []).map((t) => t.toLowerCase())),
    validYears: l.read<string, ValidYears>('validYears', 'valid_years', (t) => validYearsIn(t, zone), validYearsIn(DEFAULT_VALID_YEARS, zone)),
    // A month past the clock: a year or a month typed wrong (2062 for 2026), not a zone's hours or a clock a little behind.
    futureAfter: (ctx.now?.() ?? Date.now()) + 31 * 86_400_000,
  };
  const join = Object.fromEntries(Object.entries(l.fromConfig('join') ?? {}).filter((e): e is [string, string[]] => e[1] !== undefined));
  const duplicates = l.pick<'error' | 'first' | 'last'>('duplicates', 'duplicates')?.value ?? 'error';
  const columnMap = l.configName === null ? undefined : { source: l.configName, columns: l.fromConfig('columns') ?? {} };
  return { files, zone, read, load: { read, rules, join, duplicates }, dateFormats, mapped: presetName !== undefined || l.configName !== null, preset: presetName ?? null, columnMap };
}

/** `csm-kpi sql`'s flags: compute's, with the dialect and the tables instead of files. */
export interface SqlFlags extends ComputeFlags {
  dialect?: string;
  ticketsTable?: string;
  surveysTable?: string;
  customersTable?: string;
}

export interface SqlSettings extends ComputeSettings {
  dialect: string;
  tables: { tickets: string; surveys: string | null; customers: string | null };
}

/** sql's settings: compute's (no files), the dialect and the table names (surveys and customers only when named). */
export function resolveSqlSettings(ctx: Context, flags: SqlFlags): SqlSettings {
  const s = resolveComputeSettings(ctx, [], flags, false);
  return { ...s, dialect: flags.dialect ?? 'duckdb', tables: { tickets: flags.ticketsTable ?? 'tickets', surveys: flags.surveysTable ?? null, customers: flags.customersTable ?? null } };
}

export function resolveComputeSettings(ctx: Context, positional: string[], flags: ComputeFlags, needFiles = true): ComputeSettings {
  const l = layersOf(ctx, flags);
  const input = inputSettings(ctx, positional, l, flags, needFiles);
  const { zone } = input;
  const now = l.read<string, number>('now', null, (text) => parseInstant(text, zone), ctx.now?.() ?? Date.now());
  // The window is one setting: --from/--to or --last on the command line replace the config's "last".
  const windowFlags = flags.from !== undefined || flags.to !== undefined;
  if (windowFlags && flags.last !== undefined) throw new CsmError('CSM_USAGE', '--last cannot be combined with --from/--to: it is a window of its own');
  const last = windowFlags ? null : l.read<string, Last | null>('last', 'last', parseLast, null);
  const bound = (flag: 'from' | 'to') => l.read<string, number | null>(flag, null, (text) => parseBound(text, zone, now), null);
  const window = last === null ? null : lastWindow(last, now, zone);
  const from = window?.from ?? bound('from');
  const to = window?.to ?? bound('to');
  if (from !== null && to !== null && to <= from) throw new CsmError('CSM_USAGE', '--to must be after --from (from is inclusive, to exclusive)');
  const compare = l.read<'previous' | 'year', ComputeSettings['compare']>('compare', 'compare', (mode) => {
    if (from === null || to === null) throw new Error('needs a window to compare: --last, or both --from and --to');
    const window = comparedWindow({ from, to }, mode, zone);
    // A row of both windows is read once, into the report's window (report-builder.ts): an overlap would leave the compared one short.
    if (window.to > from) throw new Error('year: the window is longer than a year, so the year before overlaps it; compare a window of a year or less, or use --compare previous');
    return { mode, window };
  }, null);
  const hours = l.read<string, BusinessHours | null>('businessHours', 'business_hours', (spec) => {
    const week = parseSchedule(spec);
    const holidays = l.read<string | string[], Set<number>>('holidays', 'holidays', (v, s) =>
      // A holidays file's lines are named by the file (h.txt:3), the config's list by its key.
      Array.isArray(v) ? parseHolidays(v, s.source) : parseHolidays(readLines(resolve(ctx.cwd, v), v), v), new Set());
    return { spec, holidays, clock: new BusinessClock(week, holidays, zone) };
  }, null);
  if (hours === null && flags.holidays !== undefined) throw new CsmError('CSM_USAGE', '--holidays needs --business-hours');
  const slas = l.read<string | string[] | SlaSpec, { sla: SlaTargets; byPriority: Record<string, SlaTargets> }>('sla', 'sla', (v) => slaTargets(typeof v === 'string' || Array.isArray(v) ? parseSlaFlags(v) : v), {
    sla: { firstResponse: null, resolution: null },
    byPriority: {},
  });
  const where = l.read<string | string[], WhereClause[]>('where', 'where', (v, s) => (Array.isArray(v) ? v : [v]).map((t) => parseWhere(t, s.source)), []);
  const targets = l.read<string | Record<string, string>, Target[]>('targets', 'targets', (v, s) =>
    typeof v === 'string' && s.source === '--targets' ? readTargets(resolve(ctx.cwd, v), v, input.read.cesScale) : parseTargets(v, s.source, input.read.cesScale), []);
  // --targets replaces the config's "targets", as every flag its key: the config's rules it drops are said (a nightly job
  // given one more target in a file would otherwise stop checking the config's, and pass).
  const inConfig = flags.targets === undefined ? undefined : l.fromConfig('targets');
  const targetsReplaced = inConfig === undefined ? [] : parseTargets(inConfig, `${l.configName}: targets`, input.read.cesScale).filter((c) => !targets.some((t) => t.kpi === c.kpi && t.rule === c.rule));
  const period = flags.period ?? null;
  const by = (flags.by ?? []).map(normalizeHeader);
  const targetsOn = l.read<string | string[], Set<TargetSlice>>('targetsOn', 'targets_on', (v) => {
    const slices = parseTargetsOn(v);
    if (slices.has('period') && period === null) throw new Error('"period" needs --period');
    if (slices.has('group') && by.length === 0) throw new Error('"group" needs --by');
    return slices;
  }, new Set());
  const path = (name: string | undefined): NamedPath | null => (name === undefined ? null : { path: resolve(ctx.cwd, name), name });
  return {
    ...input,
    from,
    to,
    now,
    last,
    compare,
    period,
    by,
    byAsGiven: flags.by ?? [],
    hours,
    sla: slas.sla,
    slaByPriority: slas.byPriority,
    where,
    list: flags.list ?? null,
    targets,
    targetsReplaced,
    targetsOn,
    failOnBreach: flags.failOnBreach === true,
    skipInvalid: flags.skipInvalid === true,
    rejects: path(flags.rejects),
    // `-` is standard output, as for most Unix tools.
    output: flags.output === '-' ? null : path(flags.output),
    format: outputFormat(flags.format, flags.output === '-' ? undefined : flags.output),
    color: flags.color !== false,
    threads: l.read<string, number>('threads', null, parseThreads, availableParallelism()),
    confidence: l.read<string | number, number>('confidence', 'confidence', parseConfidence, 0.95),
    minSample: l.read<string | number, number>('minSample', 'min_sample', parseMinSample, 30),
    top: l.read<string | number, number | null>('top', null, parseTop, DEFAULT_TOP),
    quiet: flags.quiet === true,
    engine: flags.engine ?? (input.files.some((f) => /\.parquet$/i.test(f.name)) ? 'duckdb' : 'js'),
  };
}

/** A text file's lines (a holidays file). */
function readLines(path: string, name: string): string[] {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CsmError('CSM_FILE_NOT_FOUND', `${name}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`}`);
  }
}

/** f(), with a CsmError turned into a plain Error(reason) for readAs to prefix with the source. */
function reasonOf<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new Error((e as Error).message);
  }
}

/** The config's "sla" (and --sla's texts, parsed into it). */
type SlaSpec = { first_response?: string; resolution?: string; priority?: Record<string, Record<string, string>> };

/** The default targets and those per priority (keys lower-cased: priorities match case-insensitively). */
function slaTargets(spec: SlaSpec): { sla: SlaTargets; byPriority: Record<string, SlaTargets> } {
  const { priority, ...defaults } = spec;
  const byPriority: Record<string, SlaTargets> = {};
  for (const [name, targets] of Object.entries(priority ?? {})) {
    const key = name.trim().toLowerCase();
    if (key === '') throw new Error('priority: a priority needs a name');
    const t = slaSeconds(targets ?? {}, `priority ${name}: `);
    if (t.firstResponse === null && t.resolution === null) throw new Error(`priority ${name}: no target (first_response or resolution)`);
    // Priorities match case-insensitively: "urgent" and "Urgent" are one, and may not give one SLA twice.
    const before = byPriority[key];
    if (before) {
      for (const k of ['firstResponse', 'resolution'] as const) {
        if (before[k] !== null && t[k] !== null) throw new Error(`priority ${name}: ${k === 'firstResponse' ? 'first_response' : 'resolution'} is given twice (priorities match whatever their case)`);
        t[k] ??= before[k];
      }
    }
    byPriority[key] = t;
  }
  return { sla: slaSeconds(defaults), byPriority };
}

/** {first_response: "1h", resolution: "24h"} → seconds per target. */
function slaSeconds(spec: Record<string, string | undefined>, prefix = ''): SlaTargets {
  const out: SlaTargets = { firstResponse: null, resolution: null };
  for (const [key, text = ''] of Object.entries(spec)) {
    const seconds = parseSpan(text);
    if (seconds === null || seconds <= 0) throw new Error(`${prefix}${key}: "${text}" is not a duration such as 1h, 30m or 24h`);
    if (key === 'first_response') out.firstResponse = seconds;
    else if (key === 'resolution') out.resolution = seconds;
    else throw new Error(`${prefix}unknown SLA "${key}" (first_response or resolution)`);
  }
  return out;
}

export type { Sourced };
