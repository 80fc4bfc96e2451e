/**
 * What a report says of its inputs besides the numbers, the same whichever engine counted
 * them: KPIs without an input column (null, with a note of what they need), each time KPI's
 * source columns, csat.response_rate only where offered surveys can show (a tickets file
 * with a CSAT column, and tokens saying which tickets were offered one), and the ticket KPIs
 * only with tickets.
 */
import type { HeaderMapping } from '../input/header/columns.js';
import { missingInputs, timeSources } from '../input/header/coverage.js';
import type { MissingInput } from '../input/header/coverage.js';
import type { ReportBuilder } from './report-builder.js';

/**
 * Tells the builder what its inputs give; returns the KPIs without an input column (compute
 * names the unmapped headers beside them). business: durations on the business clock (--hours).
 */
export function markInputs(builder: ReportBuilder, mappings: readonly HeaderMapping[], offeredTokens: ReadonlySet<string> | undefined, business: boolean): MissingInput[] {
  const missing = missingInputs(mappings, business);
  builder.markMissing(new Map(missing.map((m) => [m.kpi, m.needs])));
  const offeredKnown = (offeredTokens?.size ?? 0) > 0 && mappings.some((m) => m.kind === 'tickets' && m.index.has('csat_score'));
  builder.markSources(timeSources(mappings, business), offeredKnown);
  builder.keepKinds(new Set(mappings.map((m) => m.kind)));
  return missing;
}
