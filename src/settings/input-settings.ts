import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CsmError } from '../errors.js';
import type { Context } from '../context.js';
import type { FileKind } from '../input/header/columns.js';
import type { InputFile, LoadOptions } from '../input/load.js';
import { normalizeCamel, normalizeHeader } from '../input/header/columns.js';
import { loadConfig } from './config-file.js';
import type { Config } from './config-file.js';
import { timeParser } from '../input/cells/date-format.js';
import type { DateFormats } from '../input/cells/date-format.js';
import { PRESETS } from '../input/header/presets.js';
import type { PresetName } from '../input/header/presets.js';
import type { Encoding } from '../input/csv/encoding.js';
import type { InvalidFields, ReadOptions } from '../input/rows/row-types.js';
import { normalizeToken } from '../input/rows/row-reader.js';
import { TimeZone } from '../time/time-zone.js';
import { parseTimestamp, failed } from '../input/cells/timestamp.js';
import type { Scale, SurveyType } from '../metrics/facts.js';

export const DEFAULT_SELF_SERVICE = ['chatbot', 'bot', 'help_center', 'faq', 'forum', 'community', 'knowledge_base', 'self_service'];

/** Options shared by compute, validate and columns, as commander hands them over (already parsed by the parsers below). */
export interface InputCliOptions {
  tickets?: string[];
  surveys?: string[];
  customers?: string[];
  tz?: string;
  delimiter?: string;
  encoding?: Encoding;
  surveyType?: SurveyType;
  csatScale?: Scale;
  cesScale?: Scale;
  selfServiceChannels?: string;
  preset?: PresetName;
  config?: string;
  duplicates?: 'error' | 'first' | 'last';
  emptyScore?: 'error' | 'skip';
  invalidFields?: InvalidFields;
}

/**
 * "1-5" or "1..7" → a scale. Throws an Error with the reason (commander's argument
 * parsers and the config file both turn it into a one-line message).
 */
export function parseScale(text: string): Scale {
  const m = /^\s*(\d+)\s*(?:-|\.\.)\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error('expected a range such as 1-5 or 1..7');
  const scale = { min: Number(m[1]), max: Number(m[2]) };
  if (scale.max - scale.min < 2) throw new Error('a scale needs at least three points (e.g. 1-5)');
  return scale;
}

/** utf-8 (utf8), latin1 (iso-8859-1, latin-1) or windows-1252 (cp1252). */
export function parseEncoding(text: string): Encoding {
  const e = text.toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^(iso-8859-1|latin-1)$/, 'latin1').replace(/^cp1252$/, 'windows-1252');
  if (e !== 'utf-8' && e !== 'latin1' && e !== 'windows-1252') throw new Error('must be utf-8, latin1 or windows-1252');
  return e;
}

/** One character; "tab" or "\t" for a tab. */
export function parseDelimiter(text: string): string {
  const d = text === '\\t' || text.toLowerCase() === 'tab' ? '\t' : text;
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') throw new Error('must be one character such as , ; or tab');
  return d;
}

export interface InputSetup {
  files: InputFile[];
  zone: TimeZone;
  read: ReadOptions;
  load: Omit<LoadOptions, 'by' | 'keepRejected'>;
  config: Config;
  /** The config file's name as shown in messages, when one was read. */
  configName: string | null;
  /** The timestamp syntaxes in use (null: ISO 8601 only), for a worker thread to rebuild the parser. */
  dateFormats: DateFormats | null;
}

export const DEFAULT_CONFIG = 'csm-kpi.config.json';

/**
 * Resolves everything the readers need from the flags, the config file (--config, else
 * ./csm-kpi.config.json when present) and the preset. A flag beats the config, the config
 * beats the preset, the preset beats the defaults.
 */
export function setupInputs(ctx: Context, positional: string[], o: InputCliOptions): InputSetup {
  const v = o;
  const configName = o.config ?? (existsSync(resolve(ctx.cwd, DEFAULT_CONFIG)) ? DEFAULT_CONFIG : null);
  const config = configName === null ? {} : loadConfig(resolve(ctx.cwd, configName), configName, true);
  const presetName = v.preset ?? (config.preset as PresetName | undefined);
  const preset = presetName ? PRESETS[presetName] : undefined;

  // Both spellings of each key: `CaseNumber` is matched by CASENUMBER and by Case Number.
  const headerMap = (columns: Record<string, string>) => {
    const m = new Map<string, string>();
    for (const [from, to] of Object.entries(columns)) for (const k of [normalizeHeader(from), normalizeCamel(from)]) if (!m.has(k)) m.set(k, to);
    return m;
  };
  const rules = { explicit: headerMap(config.columns ?? {}), preset: headerMap(preset?.columns ?? {}) };
  const valueMaps = new Map<string, Map<string, string>>();
  for (const source of [preset?.values ?? {}, config.values ?? {}]) {
    for (const [column, map] of Object.entries(source)) {
      const m = valueMaps.get(column) ?? new Map<string, string>();
      for (const [from, to] of Object.entries(map ?? {})) m.set(from.trim().toLowerCase(), to);
      valueMaps.set(column, m);
    }
  }
  // A configured date_format is the file's syntax; else ISO 8601, then the preset's own.
  const dateFormats: DateFormats | null = config.date_format
    ? { iso: false, formats: [config.date_format] }
    : preset?.dateFormats
      ? { iso: true, formats: preset.dateFormats }
      : null;
  let parseTime: ReadOptions['parseTime'];
  try {
    parseTime = timeParser(dateFormats);
  } catch (e) {
    throw new CsmError('CSM_CONFIG_INVALID', `${configName}: date_format: ${(e as Error).message}`);
  }
  const zone = TimeZone.of(o.tz ?? config.timezone);
  const encoding: Encoding = v.encoding ?? config.encoding ?? 'utf-8';
  const delimiter = v.delimiter ?? config.delimiter;
  const file = (name: string, kind?: FileKind): InputFile => ({ path: resolve(ctx.cwd, name), name, kind, encoding, delimiter });
  const files = [
    ...positional.map((f) => file(f)),
    ...(o.tickets ?? []).map((f) => file(f, 'tickets')),
    ...(o.surveys ?? []).map((f) => file(f, 'surveys')),
    ...(o.customers ?? []).map((f) => file(f, 'customers')),
  ];
  if (files.length === 0) throw new CsmError('CSM_USAGE', 'no input files: give at least one CSV file (tickets, surveys or customers)');
  const channels = v.selfServiceChannels?.split(',') ?? config.self_service_channels ?? DEFAULT_SELF_SERVICE;
  const read: ReadOptions = {
    zone,
    csatScale: v.csatScale ?? configScale(configName, 'csat', config.scales?.csat) ?? { min: 1, max: 5 },
    cesScale: v.cesScale ?? configScale(configName, 'ces', config.scales?.ces) ?? { min: 1, max: 5 },
    surveyType: v.surveyType ?? config.survey_type ?? null,
    selfServiceChannels: new Set(channels.map(normalizeToken).filter(Boolean)),
    nullTokens: new Set([...(preset?.nullTokens ?? []), ...(config.null_tokens ?? [])]),
    valueMaps,
    parseTime,
    emptyScore: v.emptyScore ?? config.empty_score ?? 'error',
    invalidFields: v.invalidFields ?? config.invalid_fields ?? 'error',
    zeroMeansNone: new Map(Object.entries(preset?.zeroMeansNone ?? {})),
  };
  return {
    files,
    zone,
    read,
    load: { read, rules, join: definedEntries(config.join ?? {}), duplicates: v.duplicates ?? config.duplicates ?? 'error' },
    config,
    configName,
    dateFormats,
  };
}

function configScale(configName: string | null, key: string, text: string | undefined): Scale | undefined {
  if (text === undefined) return undefined;
  try {
    return parseScale(text);
  } catch (e) {
    throw new CsmError('CSM_CONFIG_INVALID', `${configName}: scales.${key}: ${(e as Error).message}`);
  }
}

function definedEntries<T>(record: Partial<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, T] => e[1] !== undefined));
}

/** --from/--to: a date or timestamp in the report's zone. */
export function parseBound(flag: string, text: string | undefined, zone: TimeZone): number | null {
  if (text === undefined) return null;
  const v = parseTimestamp(text, zone);
  if (failed(v)) throw new CsmError('CSM_USAGE', `${flag}: ${v.message} ("${text}")`);
  return v;
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
