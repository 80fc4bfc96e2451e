import type { KpiId } from '../../metrics/definition.js';
import { mapsColumn } from './columns.js';
import type { FileKind, HeaderMapping } from './columns.js';

/**
 * Which canonical columns feed which KPI, so that a KPI left without input can be named
 * (with the headers that were ignored) instead of silently showing n/a.
 */
export interface KpiFeed {
  kind: FileKind;
  any: string[];
  /** Columns that feed the KPI on the business clock only (the helpdesk's own business-hours figures). */
  businessOnly?: string[];
  /** any feeds the KPI on the calendar clock only: a helpdesk total that cannot be recounted in business hours. */
  calendarOnly?: true;
}

/** The columns that feed a KPI on the clock in use. */
export function feedColumns(feed: KpiFeed, business: boolean): string[] {
  return [...(business && feed.calendarOnly ? [] : feed.any), ...(business ? (feed.businessOnly ?? []) : [])];
}

const durations = (base: string) => [`${base}_seconds`, `${base}_minutes`, `${base}_hours`];

const FIRST_RESPONSE: KpiFeed = { kind: 'tickets', any: ['first_response_at', ...durations('first_response')], businessOnly: durations('first_response_business') };
const RESOLUTION: KpiFeed = { kind: 'tickets', any: ['resolved_at', ...durations('resolution')], businessOnly: durations('resolution_business') };

export const KPI_COLUMNS: Partial<Record<KpiId, KpiFeed[]>> = {
  tickets_per_customer: [{ kind: 'tickets', any: ['customer_id'] }],
  first_response_time: [FIRST_RESPONSE],
  resolution_time: [RESOLUTION],
  resolution_rate: [{ kind: 'tickets', any: ['status', 'resolved_at', 'resolution_seconds', 'resolution_minutes', 'resolution_hours'] }],
  average_handle_time: [{ kind: 'tickets', any: ['talk_seconds', 'hold_seconds', 'after_work_seconds', 'handle_seconds'] }],
  first_contact_resolution: [{ kind: 'tickets', any: ['contacts'] }],
  self_service_rate: [{ kind: 'tickets', any: ['self_service', 'channel'] }],
  reopen_rate: [{ kind: 'tickets', any: ['reopened'] }],
  one_touch_resolution: [{ kind: 'tickets', any: ['replies'] }],
  requester_wait_time: [{ kind: 'tickets', any: durations('requester_wait'), businessOnly: durations('requester_wait_business'), calendarOnly: true }],
  agent_work_time: [{ kind: 'tickets', any: durations('agent_work'), businessOnly: durations('agent_work_business'), calendarOnly: true }],
  backlog: [{ kind: 'tickets', any: ['status', 'resolved_at', 'resolution_seconds', 'resolution_minutes', 'resolution_hours'] }],
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
    const fed = relevant.some((f) => mappings.some((m) => m.kind === f.kind && feedColumns(f, business).some((c) => mapsColumn(m, c))));
    if (fed) continue;
    // On the business clock a calendar-only KPI needs its business columns.
    const names = relevant.flatMap((f) => (business && f.calendarOnly ? (f.businessOnly ?? []) : f.any));
    let needs = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
    const businessColumns = relevant.flatMap((f) => f.businessOnly ?? []).filter((c) => mappings.some((m) => mapsColumn(m, c)));
    if (businessColumns.length && !business) needs += ` (${businessColumns.join(', ')} is used only with --business-hours)`;
    const calendarColumns = relevant.filter((f) => f.calendarOnly).flatMap((f) => f.any).filter((c) => mappings.some((m) => mapsColumn(m, c)));
    if (calendarColumns.length && business) needs += ` on the business clock (${calendarColumns.join(', ')} is calendar time, used without --business-hours)`;
    out.push({ kpi, needs });
  }
  return out;
}

/** The kinds of file a KPI can be computed from (a table leaves out KPIs of kinds not given). */
export function kpiKinds(kpi: KpiId): FileKind[] {
  if (kpi === 'ticket_volume' || kpi === 'sla_first_response' || kpi === 'sla_resolution') return ['tickets'];
  return (KPI_COLUMNS[kpi] ?? []).map((f) => f.kind);
}

/** The header a canonical column was read from, as the file writes it, or null. */
function headerOf(mappings: readonly HeaderMapping[], column: string): string | null {
  for (const m of mappings) {
    if (m.kind !== 'tickets') continue;
    const i = m.index.get(column);
    if (i !== undefined) return m.header[i];
    if (m.joins.has(column)) return m.joins.get(column)!.map((j) => m.header[j]).join(' + ');
  }
  return null;
}

/** "Header" (canonical) of each of columns the tickets have, in their order. */
function present(mappings: readonly HeaderMapping[], columns: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of columns) {
    const h = headerOf(mappings, c);
    if (h !== null) out.push(h === c ? c : `"${h}" (${c})`);
  }
  return out;
}

/** "Header" (canonical) of the first of columns the tickets have, or null. */
function firstPresent(mappings: readonly HeaderMapping[], columns: readonly string[]): string | null {
  return present(mappings, columns)[0] ?? null;
}

/** The duration columns a reader takes in turn (seconds, else minutes, else hours: the first with a value), or null. */
function inTurn(mappings: readonly HeaderMapping[], columns: readonly string[]): string | null {
  const all = present(mappings, columns);
  return all.length === 0 ? null : all.join(', else ');
}

/**
 * Where each time KPI takes its durations from, in the order the report builder tries them
 * on the clock in use: the helpdesk's business-hours column (the business clock's only source
 * when the export has one), the two timestamps, a calendar duration column. Written on each
 * time KPI as `source`, so a reader knows which clock and which column a figure is on.
 */
export function timeSources(mappings: readonly HeaderMapping[], business: boolean): Map<KpiId, string> {
  const out = new Map<KpiId, string>();
  const recounted = business ? ', counted in --business-hours' : '';
  const timed = (id: KpiId, at: string, base: string) => {
    const own = business ? firstPresent(mappings, durations(`${base}_business`)) : null;
    if (own !== null) return void out.set(id, `${own}: the helpdesk's business hours`);
    const parts: string[] = [];
    const created = firstPresent(mappings, ['created_at']);
    const end = firstPresent(mappings, [at]);
    if (created !== null && end !== null) parts.push(`${end} − ${created}${recounted}`);
    const given = inTurn(mappings, durations(base));
    if (given !== null) parts.push(`${given}${business ? ', calendar time counted in --business-hours from created_at' : ''}`);
    if (parts.length) out.set(id, parts.join('; else '));
  };
  timed('first_response_time', 'first_response_at', 'first_response');
  timed('resolution_time', 'resolved_at', 'resolution');
  for (const [id, base] of [['requester_wait_time', 'requester_wait'], ['agent_work_time', 'agent_work']] as const) {
    const col = inTurn(mappings, durations(business ? `${base}_business` : base));
    if (col !== null) out.set(id, business ? `${col}: the helpdesk's business hours` : col);
  }
  return out;
}
