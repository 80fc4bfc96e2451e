import { Chalk } from 'chalk';
import type { KpiId } from '../metrics/definition.js';
import { KPI_BY_ID, presentKpis } from '../metrics/kpi-set.js';
import type { KpiResults, KpiValue } from '../metrics/kpi-set.js';
import { kpiKinds } from '../input/header/coverage.js';
import { BAND_TEXT, SHORT_TITLE, humanChange, humanDetail, humanInterval, humanValue } from './describe.js';
import { groupPeriodRows, notCompared, sampleSize, sourceNotes, spanDependentNames } from './report-view.js';
import { escapeControls } from '../escape-controls.js';
import { groupLabel } from './group-label.js';
import { humanNumber } from './humanize.js';
import { BoxTable, tableWidth } from './box-table.js';
import type { Align } from './box-table.js';
import { sparkline } from './sparkline.js';
import { displayWidth, pad, truncate, wrap } from './text-width.js';
import type { GroupEntry, Report } from './report.js';

export interface TableOptions {
  color: boolean;
  /** Columns of the terminal: no line is wider (cells are cut with …, details and notes wrap). */
  width: number;
  /** Groups listed per --by level, those with the most tickets first; null lists them all. */
  top: number | null;
}

type Paint = InstanceType<typeof Chalk>;

function bandCell(c: Paint, k: KpiValue): string {
  // A band from a handful of answers is noise: a small sample says so instead (its n is in the detail).
  if (k.small_sample === true) return c.dim('small sample');
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
  if (t.status === 'uncertain') return c.dim(`≈ ${t.rule} (missed, within chance)`);
  return c.dim(`? ${t.rule} (no data)`);
}

/** The KPIs that files of the given kinds can feed (JSON keeps them all, the table only these). */
function shownIds(report: Report): KpiId[] {
  const kinds = new Set(report.inputs.map((i) => i.kind));
  return presentKpis(report.kpis).filter((id) => kpiKinds(id).some((k) => kinds.has(k)));
}

/**
 * The report as tables for a terminal of options.width columns: the KPIs, then the trend
 * and the groups when asked. Nothing is wider than the terminal: the detail column moves
 * under the values when it does not fit, long group keys are cut with …, prose wraps.
 */
export function renderTable(report: Report, options: TableOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  // Narrower than 40 columns nothing reads well: lay out for 40 and let the terminal wrap.
  const width = Math.max(40, options.width);
  const out: string[] = [];
  const para = (text: string, separator?: string) => wrap(text, width, { separator, indent: '  ' }).join('\n');
  const used = report.inputs.map((i) => `${escapeControls(i.file)} (${i.kind}, ${i.used} used${i.skipped ? `, ${i.skipped} skipped` : ''}${i.dropped_fields ? `, ${Object.values(i.dropped_fields).reduce((a, b) => a + b, 0)} fields left out` : ''})`).join(' · ');
  const window =
    report.window.from || report.window.to ? `${report.window.from ?? 'start'} → ${report.window.to ?? 'end'}` : 'all time';
  const title = 'Customer-service KPIs';
  out.push(
    wrap(`${title} · ${window}${report.window.partial ? '*' : ''} · time zone ${report.timezone}`, width, { indent: '  ' })
      .map((line, i) => (i === 0 ? c.bold(title) + c.dim(line.slice(title.length)) : c.dim(line)))
      .join('\n'),
  );
  if (report.window.no_data) out.push(c.dim(para('* the data reaches none of this window (an export older than the window?): every KPI is n/a')));
  else if (report.window.partial) out.push(c.dim(para('* the data covers only part of this window (it starts later or ends earlier)')));
  out.push(c.dim(para(used, ' · ')));

  const shown = shownIds(report);
  out.push(renderKpis(c, report, shown, width));
  const before = report.previous;
  if (before) {
    const w = before.window;
    const span = spanDependentNames(report);
    const part = w.no_data ? ' (the data covers none of it: no change is shown)' : notCompared(report, 'ticket_volume') ? ` (the data covers only part of it: the ${span.join(' and the ')} ${span.length === 1 ? 'is' : 'are'} not compared)` : '';
    out.push(c.dim(para(`Before: ${w.from} → ${w.to}${part}; change in the KPI's unit (pp for percentages): ▲/▼ green better, red worse; for an estimate (a rate, a time, a score) only where the change is larger than chance (≈ otherwise), for a count (volume, backlog) always; = no change.`)));
  }
  const censored = shown.map((id) => report.kpis[id]!.censored as { still_open: number; data_end: string } | undefined).find((x) => x !== undefined);
  if (censored) {
    out.push(c.dim(para(`Resolution figures are provisional: ${censored.still_open} ticket${censored.still_open === 1 ? ' was' : 's were'} still open when the data ends (${censored.data_end}); they count as unresolved and are not in the resolution time yet.`)));
  }
  const sources = sourceNotes(report, shown);
  if (sources.length) out.push(c.dim(para(`Sources: ${sources.join(' ')}`)));
  if (shown.some((id) => report.kpis[id]!.small_sample === true)) {
    out.push(c.dim(para(`Small sample: fewer than the minimum answers or tickets (--min-sample) for a band; read the interval (CI) instead.`)));
  }
  const absent = (['tickets', 'surveys', 'customers'] as const).filter((k) => !report.inputs.some((i) => i.kind === k));
  if (absent.length) out.push(c.dim(para(`No ${absent.join(' or ')} file: the KPIs that need one are left out.`)));

  if (report.series) out.push(renderSeries(c, report, shown, width));
  if (report.groups) for (const [field, entries] of Object.entries(report.groups)) out.push(renderGroups(c, field, entries, width, options.top));
  // --period with --by: the period × group table of each level.
  if (report.groups) for (const [field, entries] of Object.entries(report.groups)) {
    const t = renderGroupSeries(c, field, entries, width, options.top);
    if (t !== null) out.push(t);
  }
  return out.join('\n') + '\n';
}

/**
 * One row per KPI, in the first layout that fits: the detail in a column of its own on one
 * line; wrapped in its column; on lines of its own under the value, across the table;
 * with the band and target there too; with the KPI's name cut.
 */
function renderKpis(c: Paint, report: Report, ids: KpiId[], width: number): string {
  const hasTargets = ids.some((id) => report.kpis[id]!.target !== undefined);
  const before = report.previous;
  const rows = ids.map((id) => {
    const k = report.kpis[id]!;
    const value = humanValue(id, k);
    const interval = k.value === null ? '' : humanInterval(id, k);
    return {
      title: KPI_BY_ID.get(id)!.title,
      // With --compare: the value before and the change, after the value.
      value: [k.value === null ? c.dim(value) : c.bold(value), ...(before ? [c.dim(humanValue(id, before.kpis[id]!)), changeCell(c, id, k)] : [])],
      band: bandCell(c, k),
      target: hasTargets ? [targetCell(c, k)] : [],
      // A note other than a missing column (the SQL engines' backlog) is shown as it is.
      detail: typeof k.note === 'string' ? (k.note.startsWith('no input column') ? 'no input column (csm-kpi columns shows why)' : k.note) : [humanDetail(id, k as any), interval].filter(Boolean).join(' · '),
    };
  });
  const head = ['KPI', 'Value', ...(before ? ['Before', 'Change'] : []), 'Band', ...(hasTargets ? ['Target'] : [])];
  const aligns: Align[] = ['left', 'right', ...(before ? (['right', 'right'] as Align[]) : []), 'left', 'left', 'left'];

  const oneLineTable = new BoxTable([...head, 'Detail'], aligns);
  for (const r of rows) oneLineTable.add([r.title, ...r.value, r.band, ...r.target, c.dim(r.detail)]);
  if (oneLineTable.width() <= width) return oneLineTable.render(c.bold);

  const noDetail = new BoxTable(head, aligns);
  for (const r of rows) noDetail.add([r.title, ...r.value, r.band, ...r.target]);
  // A detail column narrower than this wraps into too many lines: below the row reads better.
  const detailWidth = width - noDetail.width() - 3;
  if (detailWidth >= 30) {
    const wrapped = new BoxTable([...head, 'Detail'], aligns);
    for (const r of rows) wrapped.add([r.title, ...r.value, r.band, ...r.target, wrap(r.detail, detailWidth).map((l) => c.dim(l)).join('\n')]);
    return wrapped.render(c.bold);
  }

  if (noDetail.width() <= width) {
    const under = new BoxTable(head, aligns);
    for (const r of rows) under.add([r.title, ...r.value, r.band, ...r.target]).addSpan(r.detail, 2, c.dim);
    return under.render(c.bold);
  }

  // Narrower still: the KPI and its value on the row, everything else under it.
  // Narrowest: the value alone on the row; before and change go under it with the rest.
  const valueWidth = Math.max(5, ...rows.map((r) => displayWidth(r.value[0])));
  const titleWidth = Math.max(4, width - tableWidth([0, valueWidth]));
  const narrow = new BoxTable(['KPI', 'Value'], aligns);
  for (const r of rows) {
    const beforeText = r.value.length > 1 ? [`before ${r.value[1]} (${r.value[2]})`] : [];
    const rest = [...beforeText, r.band, ...r.target, r.detail].filter((s) => displayWidth(s) > 0).join(' · ');
    narrow.add([truncate(r.title, titleWidth), r.value[0]]).addSpan(rest, 2, c.dim);
  }
  return narrow.render(c.bold);
}

/** Periods shown as columns at most; the sparkline shows more. */
const SERIES_COLUMNS = 8;
const SPARK_PERIODS = 24;

/**
 * One row per KPI with data: a sparkline of the last periods, then the values of the latest ones,
 * each with its change against the period before marked good or bad. As many period
 * columns as the terminal holds (full KPI names for at least three, else short ones).
 */
function renderSeries(c: Paint, report: Report, shownIds: KpiId[], width: number): string {
  const series = report.series!;
  if (series.length === 0) return c.dim('No periods: no dated rows in the window.');
  // A KPI without a value in any period has no trend: its row would be all n/a.
  const ids = shownIds.filter((id) => series.some((s) => s.kpis[id] && s.kpis[id]!.value !== null));
  const cells = (id: KpiId, s: (typeof series)[number]) => {
    const def = KPI_BY_ID.get(id)!;
    const k = s.kpis[id]!;
    return (k.value === null ? c.dim('n/a') : humanValue(id, k)) + ' ' + changeMark(c, def.better, k);
  };
  const build = (titles: (id: KpiId) => string, sparkCount: number, columns: number) => {
    const spark = series.slice(-sparkCount);
    const shown = series.slice(-columns);
    const table = new BoxTable(['KPI', 'Trend', ...shown.map((s) => s.period + (s.partial ? '*' : ''))], ['left', 'left', ...shown.map(() => 'right' as const)]);
    for (const id of ids) table.add([titles(id), sparkline(spark.map((s) => s.kpis[id]?.value ?? null)), ...shown.map((s) => cells(id, s))]);
    return { table, sparkCount, columns };
  };
  const full = (id: KpiId) => KPI_BY_ID.get(id)!.title;
  const short = (id: KpiId) => SHORT_TITLE[id];
  const most = Math.min(SERIES_COLUMNS, series.length);
  const sparkMost = Math.min(SPARK_PERIODS, series.length);
  let chosen: ReturnType<typeof build> | null = null;
  for (let n = most; n >= Math.min(3, most) && !chosen; n--) {
    const t = build(full, sparkMost, n);
    if (t.table.width() <= width) chosen = t;
  }
  for (let n = most; n >= 1 && !chosen; n--) {
    const t = build(short, sparkMost, n);
    if (t.table.width() <= width) chosen = t;
  }
  for (let k = sparkMost - 1; k >= 5 && !chosen; k--) {
    const t = build(short, k, 1);
    if (t.table.width() <= width) chosen = t;
  }
  if (!chosen) {
    const probe = build(short, Math.min(5, sparkMost), 1);
    const titleWidth = Math.max(3, width - probe.table.width() + Math.max(...ids.map((id) => displayWidth(short(id))), 3));
    chosen = build((id) => truncate(short(id), titleWidth), Math.min(5, sparkMost), 1);
  }
  const lines: string[] = [];
  const count = (n: number) => (n === series.length ? `all ${n}` : `the last ${n}`);
  const heading =
    chosen.columns === series.length
      ? 'Trend by period'
      : `Trend by period: bars for ${count(chosen.sparkCount)} periods, values for ${count(chosen.columns)} (every period is in --format json or csv)`;
  lines.push(c.bold(wrap(heading, width, { indent: '  ' }).join('\n')));
  lines.push(chosen.table.render(c.bold));
  lines.push(
    c.dim(
      wrap(
        '▲/▼ change against the previous period: green is better, red worse for that KPI; for an estimate (a rate, a time, a score) only where it is larger than chance (its interval excludes 0; ≈ otherwise), for a count (volume, backlog) always; = no change. Bars run from the lowest value (▁) to the highest (█); a gap has no data.',
        width,
      ).join('\n'),
    ),
  );
  if (series.some((s) => s.partial)) lines.push(c.dim(wrap(`* partial period: the window or the data covers only part of it, so its counts are not comparable with whole ones (no ${spanDependentNames(report).join(' or ')} change for it or against it).`, width).join('\n')));
  const last = series[series.length - 1];
  const moves = presentKpis(last.kpis)
    .filter((id) => ids.includes(id))
    .map((id) => ({ id, change: last.kpis[id]!.change as number | null }))
    .filter((m) => m.change !== null && m.change !== 0)
    .map((m) => `${KPI_BY_ID.get(m.id)!.title} ${humanChange(m.id, m.change)}`);
  if (moves.length) lines.push(c.dim(wrap(`${last.period} against the period before: ${moves.join(', ')}`, width, { separator: ', ', indent: '  ' }).join('\n')));
  return lines.join('\n');
}

/**
 * The mark after a value that changed: ▲/▼ coloured good or bad for the KPI; for a KPI that
 * estimates something (a rate, a mean, an NPS) only when the change is significant, ≈ when it
 * is within chance; = for no change; nothing without one.
 */
function changeMark(c: Paint, better: 'higher' | 'lower' | null, k: KpiValue): string {
  const change = (k.change as number | null) ?? null;
  if (change === null) return '';
  if (change === 0) return c.dim('=');
  if (k.significant === false || (k.significant === null && k.ci !== undefined)) return c.dim('≈');
  const good = better === null ? null : (change > 0) === (better === 'higher');
  const arrow = change > 0 ? '▲' : '▼';
  return good === null ? c.dim(arrow) : good ? c.green(arrow) : c.red(arrow);
}

/** A change against the compared window (--compare): signed, in the KPI's unit, with its mark. */
function changeCell(c: Paint, id: KpiId, k: KpiValue): string {
  const change = (k.change as number | null) ?? null;
  if (change === null) return c.dim('n/a');
  const mark = changeMark(c, KPI_BY_ID.get(id)!.better, k);
  return `${change === 0 ? '' : humanChange(id, change) + ' '}${mark}`;
}

/**
 * A leaderboard: the groups with the most tickets (the top N), one column per KPI that
 * has data in them, each value with its n where that is not the ticket count (a CSAT of
 * 100 % from one answer shows as such). Columns that do not fit the terminal go to a
 * second table under the first, with the key repeated.
 */
function renderGroups(c: Paint, field: string, entries: GroupEntry[], width: number, top: number | null): string {
  const shown = top === null ? entries : entries.slice(0, top);
  const title = `By ${field.replace(/\//g, ', then ')}`;
  const heading =
    shown.length < entries.length ? `${title}: the ${humanNumber(shown.length)} with the most tickets, of ${humanNumber(entries.length)}` : title;
  const lines = [c.bold(wrap(heading, width, { indent: '  ' }).join('\n'))];
  if (shown.length === 0) {
    lines.push(c.dim('No groups: no rows in the window.'));
    return lines.join('\n');
  }

  // Keys are data: one line each, control characters shown, cut to leave room for columns.
  const keys = shown.map((e) => groupLabel(e));
  const keyRoom = Math.max(8, Math.min(32, Math.floor(width / 3)));
  lines.push(...keyedTables(c, title, [{ head: field, cells: keys, room: keyRoom }], kpiColumns(c, shown.map((e) => e.kpis)), width));
  const more = entries.length - shown.length;
  if (more > 0) {
    lines.push(
      c.dim(
        wrap(`… and ${humanNumber(more)} more group${more === 1 ? '' : 's'} with fewer tickets: --top all lists every one (--format json or csv has them all).`, width, {
          indent: '  ',
        }).join('\n'),
      ),
    );
  }
  return lines.join('\n');
}

interface Column {
  head: string;
  cells: string[];
}

/**
 * One column per KPI that has data in some row (after the ticket count), each value with its
 * n where that is not the ticket count (a CSAT of 100 % from one answer shows as such).
 */
function kpiColumns(c: Paint, rows: KpiResults[]): Column[] {
  const tickets = rows.map((k) => k.ticket_volume?.value ?? 0);
  const ids = presentKpis(rows[0]).filter((id) => id !== 'ticket_volume' && rows.some((k) => k[id] && k[id]!.value !== null));
  const columns: Column[] = [{ head: 'Tickets', cells: tickets.map((t) => humanNumber(t)) }];
  for (const id of ids) {
    const values = rows.map((k) => (k[id]!.value === null ? 'n/a' : humanValue(id, k[id]!)));
    const ns = rows.map((k) => (k[id]!.value === null ? null : (sampleSize(id, k[id]!)?.n ?? null)));
    // n is worth a column of space only where it says more than the ticket count.
    const withN = ns.some((n, i) => n !== null && n !== tickets[i]);
    const vw = Math.max(...values.map(displayWidth));
    const nTexts = ns.map((n) => (withN && n !== null ? `(${humanNumber(n)})` : ''));
    const nw = Math.max(...nTexts.map(displayWidth));
    columns.push({
      head: withN ? `${SHORT_TITLE[id]} (n)` : SHORT_TITLE[id],
      cells: values.map((v, i) => {
        const value = v === 'n/a' ? c.dim(pad(v, vw, 'right')) : pad(v, vw, 'right');
        return withN ? `${value} ${c.dim(pad(nTexts[i], nw))}` : value;
      }),
    });
  }
  return columns;
}

/**
 * Key columns on the left (each cut to its room, with …), then the value columns in order,
 * as many per table as the width holds (at least one); the rest in tables under it, the
 * keys repeated.
 */
function keyedTables(c: Paint, title: string, keyColumns: (Column & { room: number })[], columns: Column[], width: number): string[] {
  const lines: string[] = [];
  const keyWidths = keyColumns.map((k) => Math.min(k.room, Math.max(displayWidth(k.head), ...k.cells.map(displayWidth))));
  let rest = columns;
  let part = 0;
  while (rest.length > 0) {
    const take: Column[] = [];
    const widths = [...keyWidths];
    for (const col of rest) {
      let w = Math.max(displayWidth(col.head), ...col.cells.map(displayWidth));
      if (take.length > 0 && tableWidth([...widths, w]) > width) break;
      if (take.length === 0) {
        // A table has one value column at least, and fits the width: the column's heading
        // gives way first (cut with …, never its figures), then the keys (to 4, widest first).
        let over = tableWidth([...widths, w]) - width;
        const narrowest = Math.max(4, ...col.cells.map(displayWidth));
        const cut = Math.max(0, Math.min(over, w - narrowest));
        w -= cut;
        for (over -= cut; over > 0; over--) {
          const j = widths.reduce((a, x, i) => (x > widths[a] ? i : a), 0);
          if (widths[j] <= 4) break;
          widths[j]--;
        }
      }
      take.push(col);
      widths.push(w);
    }
    rest = rest.slice(take.length);
    const keyHeads = keyColumns.map((k, j) => truncate(k.head, widths[j]));
    const table = new BoxTable([...keyHeads, ...take.map((col, j) => truncate(col.head, widths[keyColumns.length + j]))], [...keyHeads.map(() => 'left' as const), ...take.map(() => 'right' as const)]);
    keyColumns[0].cells.forEach((_, i) => table.add([...keyColumns.map((k, j) => truncate(k.cells[i], widths[j])), ...take.map((col) => col.cells[i])]));
    if (part++ > 0) lines.push(c.bold(truncate(`${title} (continued)`, width)));
    lines.push(table.render(c.bold));
  }
  return lines;
}

/**
 * --period with --by: one row per period and group (the groups the leaderboard shows, in its
 * order, period after period), each with the KPIs that have data. Rows of a group without a
 * ticket or an answer in that period are left out (JSON and CSV have every one).
 */
function renderGroupSeries(c: Paint, field: string, entries: GroupEntry[], width: number, top: number | null): string | null {
  const shown = (top === null ? entries : entries.slice(0, top)).filter((e) => e.series !== undefined);
  if (shown.length === 0 || (shown[0].series ?? []).length === 0) return null;
  const rows = groupPeriodRows(shown).map((r) => ({ period: r.period + (r.partial ? '*' : ''), key: groupLabel(r.group), kpis: r.kpis }));
  const name = field.replace(/\//g, ', then ');
  const title = `By period and ${name}${shown.length < entries.length ? ` (the ${humanNumber(shown.length)} ${field} with the most tickets)` : ''}`;
  const lines = [c.bold(wrap(title, width, { indent: '  ' }).join('\n'))];
  if (rows.length === 0) return [...lines, c.dim('No rows in any period.')].join('\n');
  // The period once per block of its groups: the eye finds where a period starts.
  const periodCells = rows.map((r, i) => (i > 0 && rows[i - 1].period === r.period ? '' : r.period));
  const keyRoom = Math.max(8, Math.min(24, Math.floor(width / 4)));
  lines.push(...keyedTables(c, title, [{ head: 'Period', cells: periodCells, room: 12 }, { head: field, cells: rows.map((r) => r.key), room: keyRoom }], kpiColumns(c, rows.map((r) => r.kpis)), width));
  lines.push(c.dim(wrap(`Rows only where the ${field} had tickets or answers in the period; --format json or csv has every period × ${field}.`, width, { indent: '  ' }).join('\n')));
  return lines.join('\n');
}
