/**
 * What a report says of its inputs besides the numbers, the same whichever engine counted
 * them: KPIs without an input column or whose columns are empty in every row (null, with a
 * note of what they need or what was empty), each time KPI's
 * source columns, csat.response_rate only where offered surveys can show (a tickets file
 * with a CSAT column, and tokens saying which tickets were offered one), and the ticket KPIs
 * only with tickets.
 */
import type { HeaderMapping } from '../input/header/columns.js';
import { missingInputs, timeSources } from '../input/header/coverage.js';
import type { MissingInput } from '../input/header/coverage.js';
import type { ReportBuilder } from './report-builder.js';
import type { KpiId } from '../metrics/definition.js';

/**
 * Tells the builder what its inputs give; returns the KPIs without an input column (compute
 * names the unmapped headers beside them). business: durations on the business clock (--hours).
 * empty: KPIs whose columns are there but empty in every row (commands/input-notes.ts
 * emptyInputs), with what was empty: null too, not the 0 % of a self-service flag never set.
 */
export function markInputs(
  builder: ReportBuilder,
  mappings: readonly HeaderMapping[],
  offeredTokens: ReadonlySet<string> | undefined,
  business: boolean,
  empty: ReadonlyMap<KpiId, string> = new Map(),
): MissingInput[] {
  const missing = missingInputs(mappings, business);
  builder.markMissing(new Map([...[...empty].map(([kpi, what]) => [kpi, `no input: ${what}`] as const), ...missing.map((m) => [m.kpi, `no input column: needs ${m.needs}`] as const)]));
  const offeredKnown = (offeredTokens?.size ?? 0) > 0 && mappings.some((m) => m.kind === 'tickets' && m.index.has('csat_score'));
  builder.markSources(timeSources(mappings, business), offeredKnown);
  builder.keepKinds(new Set(mappings.map((m) => m.kind)));
  return missing;
}
