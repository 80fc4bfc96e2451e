import { readFileSync } from 'node:fs';
import type { z as Zod } from 'zod';
import { loadZod } from './zod-lazy.js';
import { CsmError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { parseConfidence, parseCsatScale, parseDelimiter, parseMinSample, parseScale, parseTargetsOn } from './values.js';
import { parseLast } from './window.js';
import { COLUMNS } from '../input/header/columns.js';
import { PRESETS } from '../input/header/presets.js';
import { duplicateKey } from './duplicate-key.js';

const CANONICAL = [...new Set(Object.values(COLUMNS).flatMap((cols) => cols.map((c) => c.name)))] as [string, ...string[]];

/** The config file (--config, else ./csm-kpi.config.json): every key optional, unknown keys refused. */
function configSchema(z: typeof Zod) {
  const Canonical = z.enum(CANONICAL, { error: (i) => `"${String(i.input)}" is not a canonical column (one of ${CANONICAL.join(', ')})` });
  return z
  .object({
    preset: z.enum(Object.keys(PRESETS) as [string, ...string[]]).optional(),
    /** Export header → canonical column. */
    columns: z.record(z.string(), Canonical).optional(),
    /** Canonical column ← two or more export columns joined with a space (e.g. a Date and a Time column). */
    join: z.partialRecord(Canonical, z.array(z.string()).min(2, 'join needs at least two columns')).optional(),
    /** Per canonical column: export value → value (e.g. {"status": {"Y": "resolved"}}); matched case-insensitively. */
    values: z.partialRecord(Canonical, z.record(z.string(), z.string())).optional(),
    /** Cell texts that mean "no value", besides the empty cell (e.g. "NA", "?"). */
    null_tokens: z.array(z.string()).optional(),
    /** For exports that do not write ISO 8601: e.g. "DD-MM-YYYY HH:mm", "M/D/YYYY". */
    date_format: z.string().optional(),
    encoding: z.enum(['utf-8', 'latin1', 'windows-1252']).optional(),
    delimiter: z.string().check(fromParser(z, parseDelimiter)).optional(),
    timezone: z.string().optional(),
    /** The years a timestamp may fall in, e.g. "1970-2099" (the default); others are invalid rows. */
    valid_years: z.string().optional(),
    survey_type: z.enum(['csat', 'nps', 'ces']).optional(),
    scales: z
      .object({ csat: z.string().check(fromParser(z, parseCsatScale)).optional(), ces: z.string().check(fromParser(z, parseScale)).optional() })
      .strict()
      .optional(),
    self_service_channels: z.array(z.string()).optional(),
    /** Survey rows without a score (NA, Offered, blank): invalid rows ("error", default) or non-answers counted apart ("skip"). */
    empty_score: z.enum(['error', 'skip']).optional(),
    /** An invalid optional field: the row is invalid ("error", default), or that field alone is left out and counted ("drop_field"). */
    invalid_fields: z.enum(['error', 'drop_field']).optional(),
    /** Rows repeating a ticket id: "error" (default), or keep the "first"/"last" row per id (event logs). */
    duplicates: z.enum(['error', 'first', 'last']).optional(),
    business_hours: z.string().optional(),
    holidays: z.array(z.string()).optional(),
    sla: z
      .object({
        first_response: z.string().optional(),
        resolution: z.string().optional(),
        /** Targets per priority: {"urgent": {"first_response": "15m"}}; other priorities take the defaults above. */
        priority: z.record(z.string(), z.partialRecord(z.enum(['first_response', 'resolution']), z.string())).optional(),
      })
      .strict()
      .optional(),
    /** Conditions every row must meet, as --where takes them: ["priority=urgent,high", "team!=bots"]. */
    where: z.union([z.string(), z.array(z.string())]).optional(),
    targets: z.record(z.string(), z.string()).optional(),
    /** Level of the confidence intervals: 0.9, 0.95 or 0.99. */
    confidence: z.union([z.number(), z.string()]).check(fromParser(z, parseConfidence)).optional(),
    /** Below this n a KPI is a small sample (no band). */
    min_sample: z.union([z.number(), z.string()]).check(fromParser(z, parseMinSample)).optional(),
    /** The slices checked against the targets besides the window: ["period"], ["group"] or both. */
    targets_on: z.array(z.string().check(fromParser(z, parseTargetsOn))).optional(),
    /** The window, as --last takes it ("1d": yesterday); --from/--to or --last on the command line replace it. */
    last: z.string().check(fromParser(z, parseLast)).optional(),
    compare: z.enum(['previous', 'year']).optional(),
  })
  .strict();
}

export type Config = Zod.output<ReturnType<typeof configSchema>>;

/**
 * Reads and validates a config file. A wrong config is one message naming the key:
 * `csm-kpi.config.json: columns.Foo: "bar" is not a canonical column (…)`.
 */
export function loadConfig(path: string, name: string): Config {
  const r = configSchema(loadZod()).safeParse(readJsonFile(path, name, 'config', 'CSM_CONFIG_INVALID'));
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = issue.path.map(String).join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
    throw new CsmError('CSM_CONFIG_INVALID', `${name}: ${key ? key + ': ' : ''}${message}`);
  }
  return r.data;
}

/** A zod check that runs one of values.ts's parsers, so the config and the flag refuse the same texts with the same reason. */
function fromParser<T>(z: typeof Zod, parse: (text: T) => unknown) {
  return z.superRefine((text: T, ctx) => {
    try {
      parse(text);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message, input: text });
    }
  });
}

/**
 * A JSON file as a value: one line naming the file when it is missing, a directory,
 * unreadable or not JSON. A UTF-8 byte order mark (Windows editors write one) is skipped.
 */
export function readJsonFile(path: string, name: string, what: string, code: ErrorCode): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const c = (e as NodeJS.ErrnoException).code;
    const why = c === 'ENOENT' ? `no such ${what} file` : c === 'EISDIR' ? `is a directory, not a ${what} file` : `cannot read the ${what} file (${c})`;
    throw new CsmError(code, `${name}: ${why}`);
  }
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new CsmError(code, `${name}: not valid JSON (${(e as Error).message})`);
  }
  const twice = duplicateKey(json);
  if (twice !== null) throw new CsmError(code, `${name}:${twice.line}: ${JSON.stringify(twice.key)} is given twice in the same object; JSON would keep only the last: give it once`);
  return value;
}
