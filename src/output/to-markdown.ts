import type { KpiId } from '../metrics/definition.js';
import { KPI_BY_ID } from '../metrics/kpi-set.js';
import type { KpiValue } from '../metrics/kpi-set.js';
import { BAND_TEXT, SHORT_TITLE, humanDetail, humanInterval, humanValue } from './describe.js';
import { humanNumber } from './humanize.js';
import type { GroupEntry, Report } from './report.js';
import { valueLabel } from './group-label.js';
import {
  GROUP_PERIOD_ROWS,
  groupFields,
  groupPeriodRows,
  lastPeriods,
  isPartial,
  periodWord,
  kpisWithData,
  latestChange,
  NOT_COMPARED,
  notCompared,
  leftOutText,
  reportNotes,
  sampleSize,
  sampleText,
  shownKpis,
  windowText,
} from './report-view.js';

/**
 * The report as GitHub-flavoured markdown (headings, tables, a list of notes) for pull
 * requests, tickets and chat. Values from the files are escaped: they show as text and
 * never become markup, links, HTML or a broken table.
 */
export interface MarkdownOptions {
  /** The top heading. */
  title: string;
}

/**
 * Text as literal markdown inline content, safe in a table cell: line breaks become
 * spaces, HTML specials become entities, markdown punctuation (pipes and backticks
 * included: GFM splits cells on a pipe even inside code; $ for GitHub's math) gets a
 * backslash.
 *
 * @example escapeMarkdown('a|b <img>') // "a\\|b &lt;img&gt;"
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$#]/g, '\\$&');
}

/**
 * Text that starts a line or a list item: also no leading "-", "+" or "=" (lists, rules,
 * setext headings) nor "1. " (an ordered list). Table cells do not need it: they hold
 * inline content only.
 */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdown(text)
    .replace(/^([+=-])/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

const m = escapeMarkdown;

type Align = 'left' | 'right';

/** A GFM table: every row has the header's number of cells; cells are already escaped. */
function table(head: string[], align: Align[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
  const rule = `|${align.map((a) => (a === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export function renderMarkdown(report: Report, options: MarkdownOptions = { title: 'Customer-service KPIs' }): string {
  const ids = shownKpis(report);
  const out: string[] = [];
  const n = report.inputs.length;
  out.push(`# ${m(options.title)}`, '', `${escapeMarkdownLine(windowText(report))} · time zone ${m(report.timezone)} · ${n} input file${n === 1 ? '' : 's'}`);
  out.push('', '## KPIs', '', ids.length ? kpiTable(report, ids) : 'No KPI has input in these files (see the notes).');
  if (report.series) out.push('', ...seriesTable(report, ids));
  for (const [field, entries] of Object.entries(report.groups ?? {})) {
    out.push('', ...groupTable(field, entries, ids));
    if (entries.some((g) => g.series !== undefined)) out.push('', ...groupPeriodTable(field, entries, ids));
  }
  out.push('', '## Inputs', '', inputsTable(report));
  out.push('', '## Notes', '', ...reportNotes(report).map((note) => `- ${escapeMarkdownLine(note)}`));
  return out.join('\n') + '\n';
}

function kpiTable(report: Report, ids: KpiId[]): string {
  const hasTargets = ids.some((id) => report.kpis[id]!.target !== undefined);
  const changes = new Map(ids.map((id) => [id, latestChange(report, id)]));
  const hasChanges = [...changes.values()].some((c) => c !== null);
  const head = ['KPI', 'Value', 'Band', ...(hasTargets ? ['Target'] : []), ...(hasChanges ? ['Change'] : []), 'n', 'Detail'];
  const align: Align[] = ['left', 'right', 'left', ...(hasTargets ? ['left' as const] : []), ...(hasChanges ? ['left' as const] : []), 'right', 'left'];
  const rows = ids.map((id) => {
    const k = report.kpis[id]!;
    const t = k.target as { rule: string; status: 'met' | 'breached' | 'uncertain' | 'no_data' } | undefined;
    const target = !t
      ? ''
      : t.status === 'met'
        ? `✓ ${t.rule} met`
        : t.status === 'breached'
          ? `✗ ${t.rule} breached`
          : t.status === 'uncertain'
            ? `≈ ${t.rule} missed, within chance`
            : `? ${t.rule} no data`;
    const c = changes.get(id);
    const mark = c?.verdict === 'chance' ? '≈' : !c ? '' : c.change > 0 ? '▲' : c.change < 0 ? '▼' : '=';
    const change = !c ? (notCompared(report, id) ? NOT_COMPARED : '') : `${mark} ${c.text}${c.verdict === 'better' || c.verdict === 'worse' ? ` (${c.verdict})` : c.verdict === 'chance' ? ' (within chance)' : ''} ${c.against}`;
    const size = sampleSize(id, k);
    // How sure the number is, as the table and the HTML say it: the interval, and a small sample in place of a band.
    const interval = k.value === null ? '' : humanInterval(id, k);
    return [
      m(KPI_BY_ID.get(id)!.title),
      k.value === null ? 'n/a' : `**${m(humanValue(id, k))}**`,
      k.small_sample === true ? 'small sample' : k.band ? m(BAND_TEXT[k.band]) : '',
      ...(hasTargets ? [m(target)] : []),
      ...(hasChanges ? [m(change)] : []),
      size ? `${humanNumber(size.n)} ${m(size.of)}` : '',
      m(typeof k.note === 'string' ? k.note : [humanDetail(id, k as KpiValue & Record<string, any>), interval].filter(Boolean).join(' · ')),
    ];
  });
  return table(head, align, rows);
}

/** "value (n=…)" for a table cell, n/a without a value. */
function valueCell(id: KpiId, k: KpiValue | undefined): string {
  if (!k) return 'n/a';
  if (k.value === null) return 'n/a';
  const n = sampleText(id, k);
  return `${m(humanValue(id, k))}${n ? ` (${n})` : ''}`;
}

function seriesTable(report: Report, ids: KpiId[]): string[] {
  const series = report.series!;
  const heading = `## Trend by ${periodWord(series[0]?.period)}`;
  if (series.length === 0) return [heading, '', 'No periods: no dated rows in the window.'];
  const cols = kpisWithData(series, ids);
  const rows = series.map((s) => [`${m(s.period)}${isPartial(s) ? ' (partial)' : ''}`, ...cols.map((id) => valueCell(id, s.kpis[id]))]);
  return [
    heading,
    '',
    table(['Period', ...cols.map((id) => SHORT_TITLE[id])], ['left', ...cols.map(() => 'right' as const)], rows),
  ];
}

function groupTable(field: string, entries: GroupEntry[], ids: KpiId[]): string[] {
  const fields = groupFields(field, entries);
  const heading = `## By ${fields.map(m).join(', then ')}`;
  if (entries.length === 0) return [heading, '', 'No groups.'];
  const cols = kpisWithData(entries, ids);
  const rows = entries.map((g) => [...fields.map((f) => m(valueLabel(g.keys[f] ?? null))), ...cols.map((id) => valueCell(id, g.kpis[id]))]);
  return [
    heading,
    '',
    table(
      [...fields.map(m), ...cols.map((id) => SHORT_TITLE[id])],
      [...fields.map(() => 'left' as const), ...cols.map(() => 'right' as const)],
      rows,
    ),
    '',
    `${entries.length} group${entries.length === 1 ? '' : 's'}; n: the answers, tickets or customers a value stands on.`,
  ];
}

/** --period with --by: a row per period and group with tickets or answers in it (JSON and CSV have every one). */
function groupPeriodTable(field: string, entries: GroupEntry[], ids: KpiId[]): string[] {
  const fields = groupFields(field, entries);
  const { rows, periods, of } = lastPeriods(groupPeriodRows(entries), GROUP_PERIOD_ROWS);
  const word = periodWord(entries[0]?.series?.[0]?.period);
  const heading = `## By ${word} and ${fields.map(m).join(', then ')}`;
  if (rows.length === 0) return [heading, '', 'No rows in any period.'];
  const cols = kpisWithData(rows, ids);
  const body = rows.map((r, i) => [
    // The period once per block of its groups.
    i > 0 && rows[i - 1].period === r.period ? '' : `${m(r.period)}${r.partial ? ' (partial)' : ''}`,
    ...fields.map((f) => m(valueLabel(r.group.keys[f] ?? null))),
    ...cols.map((id) => valueCell(id, r.kpis[id])),
  ]);
  return [
    heading,
    '',
    table(['Period', ...fields.map(m), ...cols.map((id) => SHORT_TITLE[id])], ['left', ...fields.map(() => 'left' as const), ...cols.map(() => 'right' as const)], body),
    '',
    `${periods < of ? `The last ${periods} of ${of} periods. ` : ''}Rows only where the ${m(fields.join(', '))} had tickets or answers in the period; --format json or csv has every period × group.`,
  ];
}

function inputsTable(report: Report): string {
  const rows = report.inputs.map((i) => [m(i.file), i.kind, humanNumber(i.rows), humanNumber(i.used), m(leftOutText(i)) || 'none']);
  return table(['File', 'Kind', 'Rows', 'Used', 'Left out'], ['left', 'left', 'right', 'right', 'left'], rows);
}
