import { presentKpis } from '../metrics/kpi-set.js';
import type { Report } from './report.js';

/** One CSV cell, quoted when it must be (RFC 4180). */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/**
 * CSV for spreadsheets. Without --period/--by: one row per KPI (kpi, value, unit, band,
 * target, details as key=value). With them: one row per period and/or group, one
 * column per KPI value.
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
  let out = csvLine(['slice', 'field', 'key', 'from', 'to', ...kpiIds]);
  out += csvLine(['total', '', '', report.window.from, report.window.to, ...kpiIds.map((id) => report.kpis[id]!.value)]);
  const p = report.previous;
  if (p) out += csvLine(['previous', '', '', p.window.from, p.window.to, ...kpiIds.map((id) => p.kpis[id]?.value)]);
  for (const s of report.series ?? []) out += csvLine(['period', 'period', s.period, s.from, s.to, ...kpiIds.map((id) => s.kpis[id]?.value)]);
  for (const [field, entries] of Object.entries(report.groups ?? {})) {
    for (const e of entries) out += csvLine(['group', field, e.key, report.window.from, report.window.to, ...kpiIds.map((id) => e.kpis[id]?.value)]);
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
