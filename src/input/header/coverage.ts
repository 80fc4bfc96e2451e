import type { KpiId } from '../../metrics/definition.js';
import type { FileKind, HeaderMapping } from './columns.js';

/**
 * Which canonical columns feed which KPI, so that a KPI left without input can be named
 * (with the headers that were ignored) instead of silently showing n/a.
 */
export const KPI_COLUMNS: Partial<Record<KpiId, { kind: FileKind; any: string[]; businessOnly?: string[] }[]>> = {
  tickets_per_customer: [{ kind: 'tickets', any: ['customer_id'] }],
  first_response_time: [
    {
      kind: 'tickets',
      any: ['first_response_at', 'first_response_seconds', 'first_response_minutes', 'first_response_hours'],
      businessOnly: ['first_response_business_seconds', 'first_response_business_minutes', 'first_response_business_hours'],
    },
  ],
  resolution_time: [
    {
      kind: 'tickets',
      any: ['resolved_at', 'resolution_seconds', 'resolution_minutes', 'resolution_hours'],
      businessOnly: ['resolution_business_seconds', 'resolution_business_minutes', 'resolution_business_hours'],
    },
  ],
  resolution_rate: [{ kind: 'tickets', any: ['status', 'resolved_at', 'resolution_seconds', 'resolution_minutes', 'resolution_hours'] }],
  average_handle_time: [{ kind: 'tickets', any: ['talk_seconds', 'hold_seconds', 'after_work_seconds', 'handle_seconds'] }],
  first_contact_resolution: [{ kind: 'tickets', any: ['contacts'] }],
  self_service_rate: [{ kind: 'tickets', any: ['self_service', 'channel'] }],
  csat: [
    { kind: 'tickets', any: ['csat_score'] },
    { kind: 'surveys', any: ['score'] },
  ],
  nps: [{ kind: 'surveys', any: ['score'] }],
  ces: [{ kind: 'surveys', any: ['score'] }],
  retention_rate: [{ kind: 'customers', any: ['customers_start', 'churned'] }],
  churn_rate: [{ kind: 'customers', any: ['customers_start', 'churned'] }],
};

export interface MissingInput {
  kpi: KpiId;
  /** What would feed it, e.g. "first_response_at, first_response_seconds or first_response_minutes". */
  needs: string;
}

const has = (m: HeaderMapping, c: string) => m.index.has(c) || m.joins.has(c);

/**
 * KPIs of the kinds present whose input columns none of the files has. business: the
 * business clock is on, so helpdesk business-hours columns count as input.
 */
export function missingInputs(mappings: readonly HeaderMapping[], business: boolean): MissingInput[] {
  const kinds = new Set(mappings.map((m) => m.kind));
  const out: MissingInput[] = [];
  for (const [kpi, feeds] of Object.entries(KPI_COLUMNS) as [KpiId, NonNullable<(typeof KPI_COLUMNS)[KpiId]>][]) {
    const relevant = feeds.filter((f) => kinds.has(f.kind));
    if (relevant.length === 0) continue;
    const fed = relevant.some((f) => mappings.some((m) => m.kind === f.kind && [...f.any, ...(business ? (f.businessOnly ?? []) : [])].some((c) => has(m, c))));
    if (fed) continue;
    const names = relevant.flatMap((f) => f.any);
    let needs = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
    const businessColumns = relevant.flatMap((f) => f.businessOnly ?? []).filter((c) => mappings.some((m) => has(m, c)));
    if (businessColumns.length) needs += ` (${businessColumns.join(', ')} is used only with --business-hours)`;
    out.push({ kpi, needs });
  }
  return out;
}

/** The kinds of file a KPI can be computed from (a table leaves out KPIs of kinds not given). */
export function kpiKinds(kpi: KpiId): FileKind[] {
  if (kpi === 'ticket_volume' || kpi === 'sla_first_response' || kpi === 'sla_resolution') return ['tickets'];
  return (KPI_COLUMNS[kpi] ?? []).map((f) => f.kind);
}
