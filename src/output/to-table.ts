import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { KpiId } from '../metrics/definition.js';
import { KPI_BY_ID, presentKpis } from '../metrics/kpi-set.js';
import type { KpiValue } from '../metrics/kpi-set.js';
import { kpiKinds } from '../input/header/coverage.js';
import { BAND_TEXT, humanChange, humanDetail, humanValue } from './describe.js';
import type { Report } from './report.js';

export interface TableOptions {
  color: boolean;
}

type Paint = InstanceType<typeof Chalk>;

const PLAIN_STYLE = { head: [] as string[], border: [] as string[] };
/** No rule between body rows: a KPI table is read down a column. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

function bandCell(c: Paint, k: KpiValue): string {
  const text = k.band ? BAND_TEXT[k.band] : '';
  switch (k.band) {
    case 'exceptional':
      return c.green(text);
    case 'above_average':
      return c.cyan(text);
    case 'typical':
      return c.yellow(text);
    case 'below_typical':
      return c.red(text);
    default:
      return text;
  }
}

function targetCell(c: Paint, k: KpiValue): string {
  const t = k.target as { rule: string; status: string } | undefined;
  if (!t) return '';
  if (t.status === 'met') return c.green(`✓ ${t.rule}`);
  if (t.status === 'breached') return c.red(`✗ ${t.rule}`);
  return c.dim(`? ${t.rule} (no data)`);
}

/** The KPIs that files of the given kinds can feed (JSON keeps them all, the table only these). */
function shownIds(report: Report): KpiId[] {
  const kinds = new Set(report.inputs.map((i) => i.kind));
  return presentKpis(report.kpis).filter((id) => kpiKinds(id).some((k) => kinds.has(k)));
}

/** The report as aligned tables for a terminal: the KPIs, then the series and group leaderboards when asked. */
export function renderTable(report: Report, options: TableOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const used = report.inputs.map((i) => `${i.file} (${i.kind}, ${i.used} used${i.skipped ? `, ${i.skipped} skipped` : ''}${i.dropped_fields ? `, ${Object.values(i.dropped_fields).reduce((a, b) => a + b, 0)} fields left out` : ''})`).join(', ');
  const window =
    report.window.from || report.window.to ? `${report.window.from ?? 'start'} → ${report.window.to ?? 'end'}` : 'all time';
  out.push(c.bold('Customer-service KPIs') + c.dim(` · ${window} · time zone ${report.timezone}`));
  out.push(c.dim(used));

  const shown = shownIds(report);
  const hasTargets = shown.some((id) => report.kpis[id]!.target !== undefined);
  const head = ['KPI', 'Value', 'Band', ...(hasTargets ? ['Target'] : []), 'Detail'].map((h) => c.bold(h));
  const table = new Table({ head, style: PLAIN_STYLE, chars: COMPACT, colAligns: ['left', 'right', 'left', 'left', 'left'] });
  for (const id of shown) {
    const k = report.kpis[id]!;
    const value = humanValue(id, k);
    table.push([
      KPI_BY_ID.get(id)!.title,
      k.value === null ? c.dim(value) : c.bold(value),
      bandCell(c, k),
      ...(hasTargets ? [targetCell(c, k)] : []),
      c.dim(typeof k.note === 'string' ? 'no input column (csm-kpi columns shows why)' : humanDetail(id, k as any)),
    ]);
  }
  out.push(table.toString());
  const absent = (['tickets', 'surveys', 'customers'] as const).filter((k) => !report.inputs.some((i) => i.kind === k));
  if (absent.length) out.push(c.dim(`No ${absent.join(' or ')} file: the KPIs that need one are left out (all are in --format json).`));

  if (report.series) out.push(renderSeries(c, report, shown));
  if (report.groups) for (const [field, entries] of Object.entries(report.groups)) out.push(renderGroups(c, field, entries));
  return out.join('\n') + '\n';
}

const SERIES_COLUMNS = 8;

/** One row per KPI, one column per period (the latest ones), each value with its change marked good or bad. */
function renderSeries(c: Paint, report: Report, ids: KpiId[]): string {
  const series = report.series!;
  if (series.length === 0) return c.dim('No periods: no dated rows in the window.');
  const shown = series.slice(-SERIES_COLUMNS);
  const lines: string[] = [];
  lines.push(
    c.bold(`Trend by period`) + (series.length > shown.length ? c.dim(` (last ${shown.length} of ${series.length}; all in --format json/csv)`) : ''),
  );
  const table = new Table({
    head: ['KPI', ...shown.map((s) => s.period)].map((h) => c.bold(h)),
    style: PLAIN_STYLE,
    chars: COMPACT,
    colAligns: ['left', ...shown.map(() => 'right' as const)],
  });
  for (const id of ids) {
    const def = KPI_BY_ID.get(id)!;
    table.push([
      def.title,
      ...shown.map((s) => {
        const k = s.kpis[id]!;
        const change = (k.change as number | null) ?? null;
        let mark = '';
        if (change !== null && change !== 0) {
          const good = def.better === null ? null : (change > 0) === (def.better === 'higher');
          const arrow = change > 0 ? '▲' : '▼';
          mark = ' ' + (good === null ? c.dim(arrow) : good ? c.green(arrow) : c.red(arrow));
        } else if (change === 0) mark = ' ' + c.dim('=');
        return (k.value === null ? c.dim('n/a') : humanValue(id, k)) + mark;
      }),
    ]);
  }
  lines.push(table.toString());
  lines.push(c.dim('▲/▼ change against the previous period: green is better, red worse for that KPI.'));
  const last = series[series.length - 1];
  const moves = presentKpis(last.kpis)
    .map((id) => ({ id, change: last.kpis[id]!.change as number | null }))
    .filter((m) => m.change !== null && m.change !== 0)
    .map((m) => `${KPI_BY_ID.get(m.id)!.title} ${humanChange(m.id, m.change)}`);
  if (moves.length) lines.push(c.dim(`${last.period} against the period before: ${moves.join(', ')}`));
  return lines.join('\n');
}

const LEADERBOARD: KpiId[] = [
  'ticket_volume',
  'first_response_time',
  'resolution_time',
  'resolution_rate',
  'average_handle_time',
  'first_contact_resolution',
  'csat',
  'nps',
];

/** A leaderboard: one row per group (by ticket volume), the key KPIs as columns. */
function renderGroups(c: Paint, field: string, entries: NonNullable<Report['groups']>[string]): string {
  const cols = LEADERBOARD.filter((id) => entries.some((e) => e.kpis[id] && e.kpis[id]!.value !== null && !(id === 'ticket_volume' && e.kpis[id]!.value === 0)));
  if (!cols.includes('ticket_volume')) cols.unshift('ticket_volume');
  const table = new Table({
    head: [field, ...cols.map((id) => shortTitle(id))].map((h) => c.bold(h)),
    style: PLAIN_STYLE,
    chars: COMPACT,
    colAligns: ['left', ...cols.map(() => 'right' as const)],
  });
  for (const e of entries) {
    table.push([e.key, ...cols.map((id) => (e.kpis[id]!.value === null ? c.dim('n/a') : humanValue(id, e.kpis[id]!)))]);
  }
  return c.bold(`By ${field.replace(/\//g, ', then ')}`) + '\n' + table.toString();
}

function shortTitle(id: KpiId): string {
  const short: Partial<Record<KpiId, string>> = {
    ticket_volume: 'Tickets',
    first_response_time: 'FRT',
    resolution_time: 'Resolution',
    resolution_rate: 'Resolved',
    average_handle_time: 'AHT',
    first_contact_resolution: 'FCR',
    csat: 'CSAT',
    nps: 'NPS',
  };
  return short[id] ?? id;
}
