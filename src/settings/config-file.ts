import { existsSync, readFileSync } from 'node:fs';
import type { z as Zod } from 'zod';
import { loadZod } from './zod-lazy.js';
import { CsmError } from '../errors.js';
import { COLUMNS } from '../input/header/columns.js';
import { PRESETS } from '../input/header/presets.js';

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
    delimiter: z.string().length(1).optional(),
    timezone: z.string().optional(),
    survey_type: z.enum(['csat', 'nps', 'ces']).optional(),
    scales: z
      .object({ csat: z.string().optional(), ces: z.string().optional() })
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
    sla: z.partialRecord(z.enum(['first_response', 'resolution']), z.string()).optional(),
    targets: z.record(z.string(), z.string()).optional(),
  })
  .strict();
}

export type Config = Zod.output<ReturnType<typeof configSchema>>;

/**
 * Reads and validates a config file. A wrong config is one message naming the key:
 * `csm-kpi.config.json: columns.Foo: "bar" is not a canonical column (…)`.
 */
export function loadConfig(path: string | undefined, name: string, required: boolean): Config {
  if (path === undefined) return {};
  if (!existsSync(path)) {
    if (required) throw new CsmError('CSM_CONFIG_INVALID', `${name}: no such config file`);
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CsmError('CSM_CONFIG_INVALID', `${name}: not valid JSON (${(e as Error).message})`);
  }
  const r = configSchema(loadZod()).safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = issue.path.map(String).join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
    throw new CsmError('CSM_CONFIG_INVALID', `${name}: ${key ? key + ': ' : ''}${message}`);
  }
  return r.data;
}
