import { escapeControls } from '../escape-controls.js';
import { presentKpis } from '../metrics/kpi-set.js';
import type { Report } from './report.js';
import { groupKeys, groupLabel } from './group-label.js';

/** Quotes text as one CSV field when it must be (RFC 4180): nothing else changed. */
export function quoteCsv(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A number as a person types it (-5, +3, -0.5, 1e3): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Text a spreadsheet would run as a formula when it opens the CSV (CSV injection:
 * `=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`) gets a leading ' as OWASP recommends: Excel,
 * LibreOffice and Google Sheets then show it as text. Plain numbers stay numbers.
 */
export function neutralizeFormula(s: string): string {
  const c = s.charCodeAt(0);
  // = + - @ tab CR
  if (c !== 0x3d && c !== 0x2b && c !== 0x2d && c !== 0x40 && c !== 0x09 && c !== 0x0d) return s;
  return PLAIN_NUMBER.test(s) ? s : `'${s}`;
}

/**
 * One CSV cell for a file people open in a spreadsheet or print in a terminal: formulas
 * neutralized, control characters other than tab and line breaks shown escaped (see
 * escape-controls.ts), quoted when it must be.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return quoteCsv(neutralizeFormula(escapeControls(s, { keepLayout: true })));
}

export function csvLine(cells: unknown[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/**
 * CSV for spreadsheets. Without --period/--by: one row per KPI (kpi, value, unit, band,
 * target, details as key=value). With them: one row per period and/or group, one
 * column per KPI value. Each --by field has a column of its own (empty where the group's
 * rows have no value, or on rows of an outer level); `key` is the period, or the group as
 * the table shows it (group-label.ts).
 */
export function renderCsv(report: Report): string {
  if (!report.series && !report.groups) {
    let out = csvLine(['kpi', 'value', 'unit', 'band', 'target', 'target_status', 'details']);
    for (const id of presentKpis(report.kpis)) {
      const { value, unit, band, target, ...rest } = report.kpis[id]!;
      const t = target as { rule: string; status: string } | undefined;
      const details = detailPairs(rest).join('; ');
      out += csvLine([id, value, unit, band, t?.rule, t?.status, details]);
    }
    return out;
  }
  const kpiIds = presentKpis(report.kpis);
  const by = byFields(report);
  // --period with --by: a period column, and one group_period row per period × group (after the groups).
  const crossed = Object.values(report.groups ?? {}).some((entries) => entries.some((e) => e.series !== undefined));
  const fixed = new Set(['slice', 'field', 'key', 'from', 'to', ...(crossed ? ['period'] : []), ...kpiIds]);
  const byColumns = by.map((f) => (fixed.has(f) ? `by_${f}` : f));
  const none = by.map(() => '');
  const period = (label: string) => (crossed ? [label] : []);
  // partial, last: whether the data (or the window) covers the row's span only in part — the
  // table's * — so a spreadsheet does not read a four-day week as a slow one.
  const partial = (p: true | undefined) => p === true;
  let out = csvLine(['slice', 'field', 'key', ...byColumns, ...period('period'), 'from', 'to', ...kpiIds, 'partial']);
  const windowPartial = partial(report.window.partial);
  out += csvLine(['total', '', '', ...none, ...period(''), report.window.from, report.window.to, ...kpiIds.map((id) => report.kpis[id]!.value), windowPartial]);
  const p = report.previous;
  if (p) out += csvLine(['previous', '', '', ...none, ...period(''), p.window.from, p.window.to, ...kpiIds.map((id) => p.kpis[id]?.value), partial(p.window.partial)]);
  for (const s of report.series ?? []) out += csvLine(['period', 'period', s.period, ...none, ...period(s.period), s.from, s.to, ...kpiIds.map((id) => s.kpis[id]?.value), partial(s.partial)]);
  for (const [field, entries] of Object.entries(report.groups ?? {})) {
    for (const e of entries) {
      const keys = groupKeys(e);
      out += csvLine(['group', field, groupLabel(e), ...by.map((_, i) => keys[i]), ...period(''), report.window.from, report.window.to, ...kpiIds.map((id) => e.kpis[id]?.value), windowPartial]);
    }
  }
  for (const [field, entries] of Object.entries(report.groups ?? {})) {
    for (const e of entries) {
      const keys = groupKeys(e);
      for (const s of e.series ?? []) {
        out += csvLine(['group_period', field, groupLabel(e), ...by.map((_, i) => keys[i]), s.period, s.from, s.to, ...kpiIds.map((id) => s.kpis[id]?.value), partial(s.partial)]);
      }
    }
  }
  return out;
}

/** A KPI's detail fields as key=value, an object's fields as key.field=value (censored.still_open=2). */
function detailPairs(fields: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(fields).flatMap(([k, v]) => {
    if (isInterval(v)) return [`${prefix}${k}=${v.low}..${v.high}@${v.level}`];
    return v !== null && typeof v === 'object' ? detailPairs(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}=${v === null ? '' : v}`];
  });
}

/** An interval reads as one detail, low..high at its level (ci=86.19..90.57@0.95). */
function isInterval(v: unknown): v is { low: number; high: number; level: number } {
  return v !== null && typeof v === 'object' && 'low' in v && 'high' in v && 'level' in v;
}

/** The --by fields, outer first, from the group levels' names ("team", "team/agent", …: each the one before, a slash and a field). */
function byFields(report: Report): string[] {
  const levels = Object.keys(report.groups ?? {}).sort((a, b) => a.length - b.length);
  return levels.map((name, i) => (i === 0 ? name : name.slice(levels[i - 1].length + 1)));
}
