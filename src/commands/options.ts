import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CsmError } from '../errors.js';
import type { Context } from '../context.js';
import type { FileKind } from '../input/columns.js';
import type { InputFile, LoadOptions } from '../input/load.js';
import { normalizeHeader } from '../input/columns.js';
import { loadConfig } from '../input/config.js';
import type { Config } from '../input/config.js';
import { compileDateFormat } from '../input/date-format.js';
import { PRESETS } from '../input/presets.js';
import type { PresetName } from '../input/presets.js';
import type { Encoding } from '../input/read-csv.js';
import type { ReadOptions } from '../input/rows.js';
import { normalizeToken } from '../input/rows.js';
import { TimeZone } from '../input/time-zone.js';
import { parseTimestamp, failed } from '../input/timestamp.js';
import type { Scale, SurveyType } from '../metrics/facts.js';
import { PERIODS } from '../report/periods.js';
import type { Period } from '../report/periods.js';

export const DEFAULT_SELF_SERVICE = ['chatbot', 'bot', 'help_center', 'faq', 'forum', 'community', 'knowledge_base', 'self_service'];

/** Options shared by compute, validate and columns, as commander hands them over. */
export interface InputCliOptions {
  tickets?: string[];
  surveys?: string[];
  customers?: string[];
  tz?: string;
  delimiter?: string;
  encoding?: string;
  surveyType?: string;
  csatScale?: string;
  cesScale?: string;
  selfServiceChannels?: string;
  preset?: string;
  config?: string;
  duplicates?: string;
  emptyScore?: string;
}

const ScaleText = z
  .string()
  .regex(/^\d+\s*(-|\.\.)\s*\d+$/, 'expected a range such as 1-5 or 1..7')
  .transform((s) => {
    const [min, max] = s.split(/-|\.\./).map((x) => Number(x.trim()));
    return { min, max };
  })
  .refine((s) => s.max - s.min >= 2, 'a scale needs at least three points (e.g. 1-5)');

const InputOptionsSchema = z.object({
  delimiter: z
    .string()
    .transform((s) => (s === '\\t' || s.toLowerCase() === 'tab' ? '\t' : s))
    .refine((s) => s.length === 1 && s !== '"' && s !== '\n' && s !== '\r', 'must be one character such as , ; or tab')
    .optional(),
  encoding: z
    .string()
    .transform((s) => s.toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^(iso-8859-1|latin-1)$/, 'latin1').replace(/^(cp1252)$/, 'windows-1252'))
    .pipe(z.enum(['utf-8', 'latin1', 'windows-1252'], { error: 'must be utf-8, latin1 or windows-1252' }))
    .optional(),
  surveyType: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['csat', 'nps', 'ces'], { error: 'must be csat, nps or ces' }))
    .optional(),
  csatScale: ScaleText.optional(),
  cesScale: ScaleText.optional(),
  selfServiceChannels: z.string().optional(),
  preset: z.enum(Object.keys(PRESETS) as [PresetName, ...PresetName[]], { error: `must be one of ${Object.keys(PRESETS).join(', ')}` }).optional(),
  duplicates: z.enum(['error', 'first', 'last'], { error: 'must be error, first or last' }).optional(),
  emptyScore: z.enum(['error', 'skip'], { error: 'must be error or skip' }).optional(),
});

/** Runs a zod schema over CLI options; the first problem becomes one usage line naming the option. */
export function parseOptions<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const key = issue.path.map(String).join('.');
  const flag = '--' + key.replace(/[A-Z]/g, (m) => '-' + m.toLowerCase());
  throw new CsmError('CSM_USAGE', `${flag}: ${issue.message}`);
}

export interface InputSetup {
  files: InputFile[];
  zone: TimeZone;
  read: ReadOptions;
  load: Omit<LoadOptions, 'by' | 'keepRejected'>;
  config: Config;
  /** The config file's name as shown in messages, when one was read. */
  configName: string | null;
}

export const DEFAULT_CONFIG = 'csm-kpi.config.json';

/**
 * Resolves everything the readers need from the flags, the config file (--config, else
 * ./csm-kpi.config.json when present) and the preset. A flag beats the config, the config
 * beats the preset, the preset beats the defaults.
 */
export function setupInputs(ctx: Context, positional: string[], o: InputCliOptions): InputSetup {
  const v = parseOptions(InputOptionsSchema, o);
  const configName = o.config ?? (existsSync(resolve(ctx.cwd, DEFAULT_CONFIG)) ? DEFAULT_CONFIG : null);
  const config = configName === null ? {} : loadConfig(resolve(ctx.cwd, configName), configName, true);
  const scale = (flag: string, text: string | undefined) => (text === undefined ? undefined : parseOptions(z.object({ [flag]: ScaleText }), { [flag]: text })[flag]);
  const presetName = v.preset ?? (config.preset as PresetName | undefined);
  const preset = presetName ? PRESETS[presetName] : undefined;

  const rename = new Map<string, string>();
  for (const [from, to] of Object.entries({ ...preset?.columns, ...config.columns })) rename.set(normalizeHeader(from), to);
  const valueMaps = new Map<string, Map<string, string>>();
  for (const source of [preset?.values ?? {}, config.values ?? {}]) {
    for (const [column, map] of Object.entries(source)) {
      const m = valueMaps.get(column) ?? new Map<string, string>();
      for (const [from, to] of Object.entries(map ?? {})) m.set(from.trim().toLowerCase(), to);
      valueMaps.set(column, m);
    }
  }
  let parseTime: ReadOptions['parseTime'];
  if (config.date_format) {
    try {
      parseTime = compileDateFormat(config.date_format);
    } catch (e) {
      throw new CsmError('CSM_CONFIG_INVALID', `${configName}: date_format: ${(e as Error).message}`);
    }
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
    csatScale: (v.csatScale as Scale | undefined) ?? configScale(configName, 'csat', config.scales?.csat, scale) ?? { min: 1, max: 5 },
    cesScale: (v.cesScale as Scale | undefined) ?? configScale(configName, 'ces', config.scales?.ces, scale) ?? { min: 1, max: 5 },
    surveyType: ((v.surveyType ?? config.survey_type) as SurveyType | undefined) ?? null,
    selfServiceChannels: new Set(channels.map(normalizeToken).filter(Boolean)),
    nullTokens: new Set([...(preset?.nullTokens ?? []), ...(config.null_tokens ?? [])]),
    valueMaps,
    parseTime,
    emptyScore: v.emptyScore ?? config.empty_score ?? 'error',
  };
  return {
    files,
    zone,
    read,
    load: { read, rename, join: definedEntries(config.join ?? {}), duplicates: v.duplicates ?? config.duplicates ?? 'error' },
    config,
    configName,
  };
}

function configScale(
  configName: string | null,
  key: string,
  text: string | undefined,
  scale: (flag: string, text: string | undefined) => unknown,
): Scale | undefined {
  if (text === undefined) return undefined;
  try {
    return scale(key, text) as Scale;
  } catch (e) {
    throw new CsmError('CSM_CONFIG_INVALID', `${configName}: scales.${key}: ${(e as Error).message.replace(/^--\S+: /, '')}`);
  }
}

/** --from/--to: a date or timestamp in the report's zone. */
export function parseBound(flag: string, text: string | undefined, zone: TimeZone): number | null {
  if (text === undefined) return null;
  const v = parseTimestamp(text, zone);
  if (failed(v)) throw new CsmError('CSM_USAGE', `${flag}: ${v.message} ("${text}")`);
  return v;
}

export function parsePeriod(text: string | undefined): Period | null {
  if (text === undefined) return null;
  if (!(PERIODS as readonly string[]).includes(text)) throw new CsmError('CSM_USAGE', `--period: must be one of ${PERIODS.join(', ')} ("${text}")`);
  return text as Period;
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function definedEntries<T>(record: Partial<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, T] => e[1] !== undefined));
}
