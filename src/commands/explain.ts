/**
 * csm-kpi explain [KPI] — each KPI's formula, inputs, industry bands and a worked example.
 *
 *   csm-kpi explain
 *   csm-kpi explain nps
 */
import type { Context } from '../context.js';
import { CsmError } from '../errors.js';
import type { KpiDefinition, KpiId } from '../metrics/definition.js';
import { KPI_BY_ID, KPI_DEFINITIONS } from '../metrics/kpi-set.js';
import { BAND_TEXT } from '../output/describe.js';
import { INTERVAL_TEXT } from '../stats/estimate.js';

/** A result with every field unknown: enough for a definition's estimate() to say its kind. */
const PROBE: Record<string, unknown> = {};

function explainOne(d: KpiDefinition): string {
  const lines = [`${d.title} (${d.id}, ${d.unit})`, `  formula: ${d.formula}`, `  inputs:  ${d.inputs}`];
  if (d.example) lines.push(`  example: ${d.example}`);
  if (d.better) lines.push(`  better:  ${d.better}`);
  if (d.estimate) lines.push(`  interval: ${INTERVAL_TEXT[d.estimate(PROBE).kind]} (--confidence sets the level; below --min-sample n, no band)`);
  if (d.bands) lines.push(`  bands:   ${d.bands.map((b) => `${BAND_TEXT[b.label]} ${b.text}`).join('; ')} (US industry figures; --targets overrides)`);
  lines.push(`  null:    when its denominator is 0 (no data), never 0 or NaN`);
  return lines.join('\n');
}

export function runExplain(ctx: Context, kpi: string | undefined): number {
  if (kpi === undefined) {
    ctx.stdout.write(KPI_DEFINITIONS.map(explainOne).join('\n\n') + '\n');
    return 0;
  }
  const id = kpi.toLowerCase().replace(/-/g, '_') as KpiId;
  const def = KPI_BY_ID.get(id);
  if (!def) throw new CsmError('CSM_USAGE', `unknown KPI "${kpi}"; known: ${KPI_DEFINITIONS.map((d) => d.id).join(', ')}`);
  ctx.stdout.write(explainOne(def) + '\n');
  return 0;
}
