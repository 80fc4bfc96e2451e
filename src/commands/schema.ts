/**
 * csm-kpi schema — the JSON report's shape (csm-kpi/report@1) as JSON Schema (draft
 * 2020-12), from the one zod definition the tests check every report against.
 *
 *   csm-kpi schema > report.schema.json
 *   csm-kpi compute tickets.csv --format json | check-jsonschema --schemafile report.schema.json -
 */
import type { Context } from '../context.js';
import { reportJsonSchema } from '../output/report-schema.js';

export function runSchema(ctx: Context): number {
  ctx.stdout.write(JSON.stringify(reportJsonSchema(), null, 2) + '\n');
  return 0;
}
