import type { KpiId } from '../metrics/definition.js';
import type { KpiValue } from '../metrics/kpi-set.js';
import { humanDuration, humanNumber, humanPercent, humanSigned, unbroken } from './humanize.js';

type K = KpiValue & Record<string, any>;

/**
 * The KPI's value as a person reads it: 4m 00s, 81.3 %, 40, 2.50. Beside a target it missed,
 * with the digits that show the miss: 79.96 % against >= 80 is not "80.0 %", which reads as met.
 */
export function humanValue(id: KpiId, k: KpiValue): string {
  const target = (k as K).target as { threshold: number; status: string } | undefined;
  const missed = target !== undefined && (target.status === 'breached' || target.status === 'uncertain');
  return humanAmount(id, k.value, missed ? target.threshold : undefined);
}

function humanAmount(id: KpiId, v: number | null, missedThreshold?: number): string {
  if (v === null) return 'n/a';
  let d = decimalsOf(id, v);
  if (d === null) {
    // 3600.5 s reads "1h 00m" like the 1h it missed: the seconds too, then.
    const shown = humanDuration(v);
    return missedThreshold !== undefined && v !== missedThreshold && shown === humanDuration(missedThreshold) ? `${shown} (${humanNumber(v, 1)} s)` : shown;
  }
  // Up to 6 digits, until the rounded value no longer shows the threshold it missed.
  if (missedThreshold !== undefined && v !== missedThreshold) while (d < 6 && Number(v.toFixed(d)) === Number(missedThreshold.toFixed(d))) d++;
  return PLAIN_NUMBERS.has(id) ? humanNumber(v, d) : `${v.toFixed(d)} %`;
}

/** The KPIs shown as plain numbers (the others but durations are percents). */
const PLAIN_NUMBERS = new Set<KpiId>(['ticket_volume', 'tickets_per_customer', 'nps', 'ces', 'backlog']);

/** The decimals a KPI's value is shown with; null for a duration (shown as 4m 00s). */
function decimalsOf(id: KpiId, v: number): number | null {
  switch (id) {
    case 'tickets_per_customer':
    case 'ces':
      return 2;
    case 'nps':
      return Number.isInteger(v) ? 0 : 1;
    case 'first_response_time':
    case 'resolution_time':
    case 'average_handle_time':
    case 'requester_wait_time':
    case 'agent_work_time':
      return null;
    default:
      return PLAIN_NUMBERS.has(id) ? 0 : 1;
  }
}

/** A change between periods in the KPI's own unit (percentage points for rates). */
export function humanChange(id: KpiId, change: number | null): string {
  if (change === null) return '';
  const text = humanAmount(id, Math.abs(change)).replace(' %', ' pp');
  return humanSigned(text, change);
}

/**
 * A KPI's confidence interval in its unit, for people: "95 % CI 40.9–92.9 %", "90 % CI 3m 00s–30m 03s";
 * '' without one. Its level is the report's (--confidence).
 */
export function humanInterval(id: KpiId, k: KpiValue): string {
  const ci = k.ci as { low: number; high: number; level: number } | null | undefined;
  if (!ci) return '';
  // Non-breaking spaces inside each amount ("6h 39m"): a wrapped line never splits one.
  const low = unbroken(humanAmount(id, ci.low)), high = unbroken(humanAmount(id, ci.high));
  const percent = /\u00a0%$/.test(high);
  return `${Math.round(ci.level * 100)}\u00a0%\u00a0CI ${percent ? low.replace(/\u00a0%$/, '') : low}–${high}`;
}

/** One line of supporting numbers for the table's detail column. */
export function humanDetail(id: KpiId, k: K): string {
  const n = (v: number) => humanNumber(v);
  switch (id) {
    case 'ticket_volume':
      return k.daily_average === null ? '' : `${humanNumber(k.daily_average, 1)} per day over ${k.days < 1 ? Number(k.days.toPrecision(2)) : humanNumber(k.days, Number.isInteger(k.days) ? 0 : 1)} day${k.days === 1 ? '' : 's'}`;
    case 'tickets_per_customer':
      return `${n(k.tickets)} ticket${k.tickets === 1 ? '' : 's'} / ${n(k.customers)} customer${k.customers === 1 ? '' : 's'}`;
    case 'first_response_time':
      return `${k.value === null ? '' : `median ${humanDuration(k.median)} · p90 ${humanDuration(k.p90)} · `}${n(k.count)} answered, ${n(k.unanswered)} unanswered${k.dropped ? `, ${n(k.dropped)} invalid` : ''}${k.clock === 'business' ? ' · business hours' : ''}`;
    case 'resolution_time':
      return `${k.value === null ? '' : `median ${humanDuration(k.median)} · p90 ${humanDuration(k.p90)} · `}${n(k.count)} resolved with a time${k.dropped ? `, ${n(k.dropped)} invalid` : ''}${k.clock === 'business' ? ' · business hours' : ''}`;
    case 'resolution_rate':
      return `${n(k.resolved)} of ${n(k.tickets)} tickets`;
    case 'average_handle_time':
      return `over ${n(k.count)} handled ticket${k.count === 1 ? '' : 's'}`;
    case 'first_contact_resolution':
      return `${n(k.first_contact)} of ${n(k.resolved_with_contacts)} resolved${k.contacts_per_resolution === null ? '' : ` · ${humanNumber(k.contacts_per_resolution, 2)} contacts per resolution`}`;
    case 'self_service_rate':
      return `${n(k.self_service)} of ${n(k.tickets)} tickets`;
    case 'reopen_rate':
      return `${n(k.reopened)} of ${n(k.resolved)} resolved reopened`;
    case 'one_touch_resolution':
      return `${n(k.one_touch)} of ${n(k.resolved_with_replies)} resolved · zero-touch ${n(k.zero_touch)} · two-touch ${n(k.two_touch)} · 3+ replies ${n(k.multi_touch)}`;
    case 'requester_wait_time':
    case 'agent_work_time':
      return `${k.value === null ? '' : `median ${humanDuration(k.median)} · p90 ${humanDuration(k.p90)} · `}${n(k.count)} resolved${k.clock === 'business' ? ' · business hours' : ''}`;
    case 'backlog':
      return `${k.at === null ? 'open now' : `open at ${String(k.at).slice(0, 16).replace('T', ' ')}`}${k.median_age === null ? '' : ` · median age ${humanDuration(k.median_age)}`}`;
    case 'csat':
      return `${n(k.satisfied)} of ${n(k.responses)} satisfied${k.mean_score === null ? '' : ` · mean ${humanNumber(k.mean_score, 2)}`} (scale ${k.scale})${k.response_rate === null || k.response_rate === undefined ? '' : ` · response rate ${humanPercent(k.response_rate)} of ${n(k.responses + k.offered)} offered`}`;
    case 'nps':
      return `${n(k.promoters)} promoters · ${n(k.passives)} passives · ${n(k.detractors)} detractors`;
    case 'ces':
      return `${k.easy_percent === null ? '' : `${humanPercent(k.easy_percent)} easy · `}${n(k.responses)} answers (scale ${k.scale})`;
    case 'retention_rate':
      return k.customers_start === null ? '' : `start ${n(k.customers_start)}, end ${n(k.customers_end)}, new ${n(k.new_customers)} · ${n(k.periods)} period${k.periods === 1 ? '' : 's'}`;
    case 'churn_rate':
      return k.lost_customers === null ? '' : `${n(k.lost_customers)} lost of ${n(k.customers_start)}`;
    case 'sla_first_response':
    case 'sla_resolution':
      return `${n(k.met)} met, ${n(k.missed)} missed${k.overdue ? ` (${n(k.overdue)} ${id === 'sla_first_response' ? 'never answered' : 'still open'})` : ''}${k.pending ? `, ${n(k.pending)} pending` : ''} · ${slaTargetText(k)}`;
  }
}

export const BAND_TEXT: Record<string, string> = {
  exceptional: 'exceptional',
  above_average: 'above average',
  typical: 'typical',
  below_typical: 'below typical',
};

/** Titles short enough for a column head. */
export const SHORT_TITLE: Record<KpiId, string> = {
  ticket_volume: 'Tickets',
  tickets_per_customer: 'Per customer',
  first_response_time: 'FRT',
  resolution_time: 'Resolution',
  resolution_rate: 'Resolved',
  average_handle_time: 'AHT',
  first_contact_resolution: 'FCR',
  self_service_rate: 'Self-service',
  reopen_rate: 'Reopened',
  one_touch_resolution: 'One-touch',
  requester_wait_time: 'Req. wait',
  agent_work_time: 'Agent work',
  backlog: 'Backlog',
  csat: 'CSAT',
  nps: 'NPS',
  ces: 'CES',
  retention_rate: 'Retention',
  churn_rate: 'Churn',
  sla_first_response: 'SLA response',
  sla_resolution: 'SLA resolution',
};

/** Where an SLA's verdicts come from, for the detail column: its targets, or the export's own flag. */
function slaTargetText(k: K): string {
  if (k.source === 'sla_met') return `from the export's sla_met flag${k.no_flag ? ` (${humanNumber(k.no_flag)} resolved without one, not counted)` : ''}`;
  const per = k.targets ? Object.entries(k.targets as Record<string, number>).map(([p, t]) => `${p} ${humanDuration(t)}`) : [];
  const base = k.target_seconds === null ? [] : [`${per.length ? 'else ' : ''}${humanDuration(k.target_seconds)}`];
  return `target ${[...per, ...base].join(', ')}${k.no_target ? ` · ${humanNumber(k.no_target)} without a target, not counted` : ''}`;
}
