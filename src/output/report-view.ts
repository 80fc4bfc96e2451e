/**
 * What the reports people read (HTML, markdown) derive from a Report alike: which KPIs to
 * show, the sample size behind each value, how a change between periods reads, which
 * periods are partial, and the notes under the numbers. Pure: no rendering here.
 */
import type { KpiId } from '../metrics/definition.js';
import { KPI_BY_ID, KPI_DEFINITIONS, presentKpis } from '../metrics/kpi-set.js';
import type { KpiValue } from '../metrics/kpi-set.js';
import { kpiKinds } from '../input/header/coverage.js';
import { humanChange } from './describe.js';
import { humanNumber } from './humanize.js';
import type { GroupEntry, InputSummary, Report, SeriesEntry } from './report.js';
import { NOT_REACHED, SPAN_DEPENDENT } from './report.js';

/** The KPIs that the given files can feed and that have an input column (the others go to the notes). */
export function shownKpis(report: Report): KpiId[] {
  const kinds = new Set(report.inputs.map((i) => i.kind));
  // A KPI without input is a line in the notes, not a row of n/a; unless it has a target (its
  // no-data breach is in the table) or the window has no data at all (every row says so).
  const shown = (k: KpiValue) => !hasNote(k) || k.target !== undefined || report.window.no_data === true;
  return presentKpis(report.kpis).filter((id) => kpiKinds(id).some((k) => kinds.has(k)) && shown(report.kpis[id]!));
}

function hasNote(k: KpiValue): boolean {
  return typeof k.note === 'string';
}

export interface SampleSize {
  n: number;
  /** What n counts, plural: "responses", "tickets". */
  of: string;
}

/**
 * How many answers, tickets or customers a value stands on, so that "CSAT 100 %" from one
 * answer is not read as a result. Null for ticket volume, whose value is its own count.
 */
export function sampleSize(id: KpiId, k: KpiValue): SampleSize | null {
  const num = (field: string) => (typeof k[field] === 'number' ? (k[field] as number) : 0);
  switch (id) {
    case 'ticket_volume':
      return null;
    case 'tickets_per_customer':
      return { n: num('customers'), of: 'customers' };
    case 'first_response_time':
      return { n: num('count'), of: 'answered tickets' };
    case 'resolution_time':
      return { n: num('count'), of: 'resolved tickets' };
    case 'average_handle_time':
      return { n: num('count'), of: 'handled tickets' };
    case 'first_contact_resolution':
      return { n: num('resolved_with_contacts'), of: 'resolved tickets' };
    case 'reopen_rate':
      return { n: num('resolved'), of: 'resolved tickets' };
    case 'one_touch_resolution':
      return { n: num('resolved_with_replies'), of: 'resolved tickets' };
    case 'requester_wait_time':
    case 'agent_work_time':
      return { n: num('count'), of: 'resolved tickets' };
    case 'backlog':
      return null;
    case 'resolution_rate':
    case 'self_service_rate':
      return { n: num('tickets'), of: 'tickets' };
    case 'csat':
    case 'nps':
    case 'ces':
      return { n: num('responses'), of: 'responses' };
    case 'retention_rate':
    case 'churn_rate':
      return { n: num('customers_start'), of: 'customers at the start' };
    case 'sla_first_response':
    case 'sla_resolution':
      return { n: num('met') + num('missed'), of: 'tickets' };
  }
}

/** "n=813", the short form of a sample size for table cells. */
export function sampleText(id: KpiId, k: KpiValue): string {
  const s = sampleSize(id, k);
  return s === null ? '' : `n=${humanNumber(s.n)}`;
}

/** chance: a KPI that estimates something changed, but not more than chance would (its change is not significant). */
export type Verdict = 'better' | 'worse' | 'same' | 'changed' | 'chance';

/** Whether a change is good news for this KPI ("changed" when neither direction is, as for volume). */
export function verdict(id: KpiId, change: number): Verdict {
  if (change === 0) return 'same';
  const better = KPI_BY_ID.get(id)!.better;
  if (better === null) return 'changed';
  return change > 0 === (better === 'higher') ? 'better' : 'worse';
}

/** One row of the period × group table: a group in one period. */
export interface GroupPeriodRow {
  period: string;
  partial: boolean;
  group: GroupEntry;
  kpis: SeriesEntry['kpis'];
}

/**
 * --period with --by: the rows of the period × group table that people read (the terminal
 * table, markdown, HTML), period after period and, within one, the groups in the report's
 * order. A group without a ticket or an answer in a period is left out (JSON and CSV keep
 * every one). entries: the groups shown (all of them, or the leaderboard's top).
 */
export function groupPeriodRows(entries: readonly GroupEntry[]): GroupPeriodRow[] {
  const crossed = entries.filter((e) => e.series !== undefined);
  const periods = crossed[0]?.series ?? [];
  const rows: GroupPeriodRow[] = [];
  periods.forEach((p, i) => {
    for (const group of crossed) {
      const kpis = group.series![i].kpis;
      // No tickets (a count, 0 rather than null) and no other value. The backlog is a state
      // carried from earlier periods (0 or more in every one), not activity in this one.
      const quiet = (id: KpiId) => id === 'ticket_volume' || id === 'backlog' || kpis[id]!.value === null;
      const empty = (kpis.ticket_volume?.value ?? 0) === 0 && presentKpis(kpis).every(quiet);
      if (!empty) rows.push({ period: p.period, partial: isPartial(p), group, kpis });
    }
  });
  return rows;
}

/**
 * The rows of the last periods that fit in `limit` rows (at least the last period's): a year
 * of weeks by every agent is thousands of rows, which a page or a markdown file should not
 * carry whole. periods: how many periods are shown, of how many with rows.
 */
export function lastPeriods(rows: readonly GroupPeriodRow[], limit: number): { rows: GroupPeriodRow[]; periods: number; of: number } {
  if (rows.length === 0) return { rows: [], periods: 0, of: 0 };
  const starts: number[] = [];
  rows.forEach((r, i) => {
    if (i === 0 || rows[i - 1].period !== r.period) starts.push(i);
  });
  let k = starts.length;
  while (k > 1 && rows.length - starts[k - 2] <= limit) k--;
  return { rows: rows.slice(starts[k - 1] ?? 0), periods: starts.length - k + 1, of: starts.length };
}

/** How many period × group rows HTML and markdown show (lastPeriods): the last periods, ~40 KB of HTML a table. */
export const GROUP_PERIOD_ROWS = 48;

/** Periods whose window outlasts the data (flagged `partial: true` when the report carries the flag). */
export function isPartial(entry: SeriesEntry): boolean {
  return (entry as SeriesEntry & { partial?: unknown }).partial === true;
}

export interface Change {
  change: number;
  /** "+2m 56s", "−3.5 pp". */
  text: string;
  verdict: Verdict;
  /** What is compared, as words to print: "in 2026-W11 vs 2026-W10", "vs 2026-02-01 → 2026-03-01". */
  against: string;
}

/** The window compared with under --compare (a report made without it has none). */
function previousWindow(report: Report): { from: string; to: string; partial?: true; no_data?: true } | null {
  const previous = (report as Report & { previous?: { window?: { from: string; to: string; partial?: true; no_data?: true } } }).previous;
  return previous?.window ?? null;
}

/**
 * A KPI's latest change: against the compared window when the report has one (--compare),
 * else between the last two periods of the series. Partial periods are passed over: a week
 * cut short would read as a fall in volume, and a full week after a cut one as a rise.
 */
export function latestChange(report: Report, id: KpiId): Change | null {
  const make = (k: KpiValue | undefined, against: string): Change | null => {
    const change = k?.change;
    if (typeof change !== 'number') return null;
    // Better or worse only when the change is larger than chance (its interval excludes 0).
    const real = k!.ci === undefined || k!.significant === true;
    return { change, text: change === 0 ? 'no change' : humanChange(id, change), verdict: change !== 0 && !real ? 'chance' : verdict(id, change), against };
  };
  const previous = previousWindow(report);
  if (previous) return make(report.kpis[id], `vs ${previous.from} → ${previous.to}`);
  const series = report.series ?? [];
  let last = series.length - 1;
  if (last >= 0 && isPartial(series[last])) last--;
  if (last < 1 || isPartial(series[last - 1])) return null;
  return make(series[last].kpis[id], `in ${series[last].period} vs ${series[last - 1].period}`);
}

/** Said where such a change would be (notCompared). */
export const NOT_COMPARED = 'not compared: the data covers only part of the compared window';

/** Whether a KPI's change is left out as not comparable: one that grows with the days covered, against a compared window the data covers in part (report-builder.ts). */
export function notCompared(report: Report, id: KpiId): boolean {
  const previous = previousWindow(report);
  return SPAN_DEPENDENT.includes(id) && previous?.partial === true && previous.no_data !== true;
}

/**
 * The KPIs whose change a window or period covered only in part leaves out (SPAN_DEPENDENT),
 * as words, among those with a value in the report: ["ticket volume", "tickets per customer"],
 * or the ticket volume alone where no ticket has a customer_id.
 */
export function spanDependentNames(report: Report): string[] {
  const withData = kpisWithData([report, ...(report.series ?? [])], [...SPAN_DEPENDENT]);
  return (withData.length > 0 ? withData : ['ticket_volume' as KpiId]).map((id) => KPI_BY_ID.get(id)!.title.toLowerCase());
}

/** The KPIs with a value in at least one entry (period or group). */
export function kpisWithData(entries: { kpis: SeriesEntry['kpis'] }[], ids: KpiId[]): KpiId[] {
  return ids.filter((id) => entries.some((e) => e.kpis[id] && e.kpis[id]!.value !== null));
}

/** The group fields of a nested grouping: "agent/team" → agent, team. */
export function groupFields(field: string, entries: GroupEntry[]): string[] {
  const first = entries[0];
  return first ? Object.keys(first.keys) : field.split('/');
}

/** "week" from 2026-W11, "month" from 2026-03, …: the series does not name its period. */
export function periodWord(period: string | undefined): string {
  if (!period) return 'period';
  if (/W\d\d$/.test(period)) return 'week';
  if (/Q\d$/.test(period)) return 'quarter';
  if (/^\d{4}-\d\d-\d\d$/.test(period)) return 'day';
  if (/^\d{4}-\d\d$/.test(period)) return 'month';
  if (/^\d{4}$/.test(period)) return 'year';
  return 'period';
}

export function windowText(report: Report): string {
  const { from, to } = report.window;
  return from || to ? `${from ?? 'start'} → ${to ?? 'end'}` : 'all time';
}

/** What was left out of an input, in words: "3 invalid, 12 outside the window". */
export function leftOutText(i: InputSummary): string {
  const parts: [number, string][] = [
    [i.skipped, 'invalid'],
    [i.outside_window, 'outside the window'],
    [i.unplaced, 'without a response date'],
    [i.no_answer, 'without a score'],
    [i.collapsed, 'folded into a row with the same id'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, text]) => `${humanNumber(n)} ${text}`)
    .join(', ');
}

/** Plain-text notes under the numbers: missing inputs, partial periods, how to read bands and changes. */
export function reportNotes(report: Report): string[] {
  const notes: string[] = [];
  const kinds = new Set(report.inputs.map((i) => i.kind));
  const absent = (['tickets', 'surveys', 'customers'] as const).filter((k) => !kinds.has(k));
  const all = presentKpis(report.kpis);
  // The report leaves such KPIs out (the SLA ones exist only when asked for): named from the definitions.
  const unfed = KPI_DEFINITIONS.map((d) => d.id).filter((id) => !id.startsWith('sla_') && !kpiKinds(id).some((k) => kinds.has(k)));
  if (absent.length && unfed.length) {
    notes.push(`No ${absent.join(' or ')} file: ${unfed.map((id) => KPI_BY_ID.get(id)!.title).join(', ')} left out.`);
  }
  for (const id of all) {
    const k = report.kpis[id]!;
    const note = k.note as string;
    // A window without data is one note (below), not one per KPI.
    if (hasNote(k) && !unfed.includes(id) && note !== NOT_REACHED) notes.push(`${KPI_BY_ID.get(id)!.title}: ${note}${note.startsWith('no input column') ? ' (csm-kpi columns shows the mapping)' : ''}.`);
  }
  const clock = (report.kpis.first_response_time ?? report.kpis.resolution_time)?.clock;
  if (clock === 'business') notes.push('Response and resolution times count business hours only.');
  notes.push(...sourceNotes(report, shownKpis(report)));
  const partial = (report.series ?? []).filter(isPartial).map((s) => s.period);
  const span = spanDependentNames(report);
  if (partial.length) {
    notes.push(
      `Partial period${partial.length === 1 ? '' : 's'} (the data — the tickets, when there are tickets — or the window covers only part of ${partial.length === 1 ? 'it' : 'them'}): ${partial.join(', ')}. ` +
        `Charts draw them as hollow points; changes compare the last complete period, and no change of the ${span.join(' or the ')} is shown for or against a partial period.`,
    );
  }
  if (report.window.no_data === true) notes.push('The data reaches none of the window (an export older than the window?): every KPI is n/a.');
  else if (report.window.partial === true) notes.push('The data covers the window only in part: it starts after or ends before it.');
  const previous = previousWindow(report);
  const reading = 'better or worse is read for each KPI (lower is better for times).';
  if (previous?.no_data) notes.push(`The data covers none of the compared window ${previous.from} → ${previous.to}: no change is shown.`);
  else if (previous) {
    notes.push(`Changes on the KPIs compare the window with ${previous.from} → ${previous.to}; ${reading}`);
    // report-builder.ts leaves those changes out then (SPAN_DEPENDENT).
    if (previous.partial) notes.push(`The data covers the compared window only in part: no change is shown for the ${span.join(' and the ')} (${span.length === 1 ? 'it grows' : 'they grow'} with the days of data); rates, times and scores are compared.`);
  }
  else if (report.series) notes.push(`Changes compare a period with the one before it; ${reading}`);
  notes.push('Bands are US industry ranges (csm-kpi explain lists them); n is the number of answers, tickets or customers a value stands on.');
  return notes;
}

/**
 * Where each shown time KPI with a value took its durations from, and on which clock: one
 * line each, e.g. `Resolution time: "Full resolution time in minutes within business hours"
 * (resolution_business_minutes): the helpdesk's business hours (business clock).`
 */
export function sourceNotes(report: Report, ids: readonly KpiId[]): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const k = report.kpis[id];
    // Time KPIs only (they carry a clock): an SLA's source says targets or flag, and the table says which.
    if (!k || typeof k.source !== 'string' || k.value === null || !('clock' in k)) continue;
    out.push(`${KPI_BY_ID.get(id)!.title}: ${k.source} (${k.clock === 'business' ? 'business' : 'calendar'} clock).`);
  }
  return out;
}
