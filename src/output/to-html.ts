import type { KpiId } from '../metrics/definition.js';
import { KPI_BY_ID } from '../metrics/kpi-set.js';
import type { KpiValue } from '../metrics/kpi-set.js';
import { BAND_TEXT, SHORT_TITLE, humanDetail, humanInterval, humanValue } from './describe.js';
import { humanNumber } from './humanize.js';
import type { GroupEntry, Report } from './report.js';
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
import type { Verdict } from './report-view.js';
import { renderSvgs, trendChart } from './trend-chart.js';
import { valueLabel } from './group-label.js';

/**
 * One self-contained HTML page for a browser or an e-mail: styles inline, charts as inline
 * SVG rendered here, no script and no request (the Content-Security-Policy forbids both).
 * Every text from the files (agents, teams, group keys, notes, file names) is escaped.
 */
export interface HtmlOptions {
  /** The page's <title> and heading. */
  title: string;
}

/** Text for HTML content and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const e = escapeHtml;

/** No script, no fetch, no frame, no form: only the inline style and inline (data:) images the page is made of. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:#1b1f24;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 20px 40px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 12px;padding-bottom:4px;border-bottom:1px solid #d8dde3}
h3{font-size:14px;margin:0 0 6px;font-weight:600}
.meta{color:#57606a;margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:12px}
.card{display:inline-block;vertical-align:top;min-width:240px;background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:12px 14px;margin:0 0 4px}
.card p{margin:2px 0;font-size:13px}
.card .value{font-size:26px;font-weight:650;margin:0 0 4px;font-variant-numeric:tabular-nums}
.detail,.n,.sub{color:#57606a}
p.sub{font-size:13px}
.band{display:inline-block;padding:0 6px;border-radius:4px;border:1px solid}
.b-exceptional{color:#0b5e26;background:#e3f5e8;border-color:#9fd7b0}
.b-above_average{color:#0b4f6c;background:#e1f1f8;border-color:#9cc9de}
.b-typical{color:#6a4a00;background:#fdf3d6;border-color:#e5cf8c}
.b-below_typical{color:#8c1a12;background:#fde4e1;border-color:#eaa79f}
.better,.met{color:#0b6b2c}
.worse,.breached{color:#b4231a}
.same,.changed,.no_data{color:#57606a}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}
figure{margin:0;background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:8px 8px 6px;max-width:100%}
figure svg{display:block;max-width:100%;height:auto}
figure svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
figcaption h3{margin:2px 4px 4px}
.desc{font-size:12px;color:#57606a;margin:2px 4px}
.wide{overflow-x:auto;background:#fff;border:1px solid #d8dde3;border-radius:8px}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{padding:5px 10px;text-align:left;vertical-align:top;border-bottom:1px solid #eaeef2}
abbr{text-decoration:underline dotted #8c959f}
thead th{background:#f0f2f5;font-weight:600;white-space:nowrap}
tbody tr:last-child td,tbody tr:last-child th{border-bottom:0}
tbody th{font-weight:500}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.period{white-space:nowrap}
.n{display:block;font-size:11px}
.na{color:#8c959f}
details{margin-top:12px}
summary{cursor:pointer;color:#1f5fbf}
ul.notes{padding-left:20px;color:#3d444d}
footer{margin-top:32px;color:#57606a;font-size:12px}
@media print{body{background:#fff}.card,figure,.wide{break-inside:avoid}}
`
  .trim()
  .replace(/\n/g, '');

/** The verdict in words beside the colour; volume going up or down is neither. */
const MARK: Record<Verdict, string> = { better: ' (better)', worse: ' (worse)', same: '', changed: '', chance: ' (within chance)' };

/* Grid where the client has it (browsers, Apple Mail, Gmail); cards fall back to inline
   blocks in clients without it (Outlook on Windows). */

/** The report as one HTML page (async: the trend charts render through vega, loaded on demand). */
export async function renderHtml(report: Report, options: HtmlOptions = { title: 'Customer-service KPIs' }): Promise<string> {
  const ids = shownKpis(report);
  const out: string[] = [];
  out.push(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="csm-kpi">',
    `<title>${e(options.title)} · ${e(windowText(report))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>${e(options.title)}</h1><p class="meta">${e(windowText(report))} · time zone ${e(report.timezone)} · ${e(inputsLine(report))}</p></header>`,
  );
  out.push(cards(report, ids));
  if (report.series) out.push(await trends(report, ids));
  for (const [field, entries] of Object.entries(report.groups ?? {})) {
    out.push(groupTable(field, entries, ids));
    if (entries.some((g) => g.series !== undefined)) out.push(groupPeriodTable(field, entries, ids));
  }
  out.push(inputsTable(report));
  out.push(`<section aria-labelledby="notes"><h2 id="notes">Notes</h2><ul class="notes">${reportNotes(report).map((n) => `<li>${e(n)}</li>`).join('')}</ul></section>`);
  out.push(`<footer>Made by csm-kpi from the JSON report ${e(report.schema)} (csm-kpi compute --format json gives every number unrounded).</footer>`);
  out.push('</main>', '</body>', '</html>');
  return out.join('\n') + '\n';
}

function inputsLine(report: Report): string {
  const n = report.inputs.length;
  return `${n} input file${n === 1 ? '' : 's'}`;
}

function cards(report: Report, ids: KpiId[]): string {
  if (ids.length === 0) return '<section aria-labelledby="kpis"><h2 id="kpis">KPIs</h2><p>No KPI has input in these files (see the notes).</p></section>';
  const items = ids.map((id) => card(report, id, report.kpis[id]!));
  return `<section aria-labelledby="kpis"><h2 id="kpis">KPIs</h2><div class="cards">${items.join('')}</div></section>`;
}

function card(report: Report, id: KpiId, k: KpiValue): string {
  const def = KPI_BY_ID.get(id)!;
  const parts = [`<h3>${e(def.title)}</h3>`, `<p class="value${k.value === null ? ' na' : ''}">${e(humanValue(id, k))}</p>`];
  if (k.band) parts.push(`<p><span class="band b-${k.band}">${e(BAND_TEXT[k.band])}</span> <span class="sub">industry band</span></p>`);
  const t = k.target as { rule: string; status: 'met' | 'breached' | 'uncertain' | 'no_data' } | undefined;
  if (t) {
    const text =
      t.status === 'met'
        ? `✓ Target ${t.rule}: met`
        : t.status === 'breached'
          ? `✗ Target ${t.rule}: breached`
          : t.status === 'uncertain'
            ? `≈ Target ${t.rule}: missed, within chance`
            : `? Target ${t.rule}: no data`;
    parts.push(`<p class="${t.status}">${e(text)}</p>`);
  }
  const change = latestChange(report, id);
  if (change) {
    const arrow = change.verdict === 'chance' ? '≈' : change.change > 0 ? '▲' : change.change < 0 ? '▼' : '=';
    parts.push(
      `<p class="${change.verdict}">${arrow} ${e(change.text)}${MARK[change.verdict]} <span class="sub">${e(change.against)}</span></p>`,
    );
  } else if (notCompared(report, id)) {
    parts.push(`<p class="sub">${e(NOT_COMPARED)}</p>`);
  }
  const detail = typeof k.note === 'string' ? k.note : humanDetail(id, k as KpiValue & Record<string, any>);
  if (detail) parts.push(`<p class="detail">${e(detail)}</p>`);
  // How sure the number is: its interval, and a small sample said in words (it has no band then).
  const interval = k.value === null ? '' : humanInterval(id, k);
  if (interval || k.small_sample === true) {
    parts.push(`<p class="detail">${e([interval, k.small_sample === true ? 'small sample: no band' : ''].filter(Boolean).join(' · '))}</p>`);
  }
  return `<div class="card">${parts.join('')}</div>`;
}

async function trends(report: Report, ids: KpiId[]): Promise<string> {
  const series = report.series!;
  const periodName = periodWord(series[0]?.period);
  if (series.length === 0) return '<section aria-labelledby="trends"><h2 id="trends">Trends</h2><p>No periods: no dated rows in the window.</p></section>';
  const charts = ids.map((id) => trendChart(id, series, periodName)).filter((c) => c !== null);
  const svgs = await renderSvgs(charts);
  const figures = charts.map((c, i) => {
    const title = KPI_BY_ID.get(c.id)!.title;
    return (
      `<figure data-kpi="${c.id}">` +
      `<figcaption><h3>${e(title)}</h3></figcaption>` +
      accessibleSvg(svgs[i], c.description) +
      `<p class="desc">${e(c.description)}</p></figure>`
    );
  });
  const withData = kpisWithData(series, ids);
  const head = ['<th scope="col">Period</th>', ...withData.map((id) => `<th scope="col" class="num">${abbr(id)}</th>`)];
  const rows = series.map((s) => {
    const cells = withData.map((id) => {
      const k = s.kpis[id];
      if (!k || k.value === null) return '<td class="num na">n/a</td>';
      const n = sampleText(id, k);
      return `<td class="num">${e(humanValue(id, k))}${n ? `<span class="n">${e(n)}</span>` : ''}</td>`;
    });
    return `<tr><th scope="row">${e(s.period)}${isPartial(s) ? ' <span class="sub">(partial)</span>' : ''}</th>${cells.join('')}</tr>`;
  });
  const table =
    `<details><summary>Values by ${e(periodName)} (${series.length} period${series.length === 1 ? '' : 's'})</summary><div class="wide"><table>` +
    `<thead><tr>${head.join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></details>`;
  return (
    `<section aria-labelledby="trends"><h2 id="trends">Trends by ${e(periodName)}</h2>` +
    (figures.length ? `<div class="charts">${figures.join('')}</div>` : '<p>No KPI has a value in any period.</p>') +
    table +
    '</section>'
  );
}

/**
 * vega's SVG with a name (role="img", aria-label and <title>, the chart's description) and without what only
 * weighs: the empty background/foreground paths of axis groups, labels vega hid
 * (opacity 0), default attributes (opacity 1), the font repeated on every text (set once on
 * the root), pointer-events="none" (nothing here is interactive; without it SVG text
 * selects like the rest of the page), coordinates past two decimals.
 */
export function accessibleSvg(svg: string, description: string): string {
  const open = svg.indexOf('>');
  const head = svg.slice(0, open).replace(/^<svg/, `<svg role="img" aria-label="${e(description)}" font-family="sans-serif"`);
  const body = svg
    .slice(open + 1)
    .replace(/<path class="(?:background|foreground)" aria-hidden="true" d="(?:M0,0h0v0h0Z)?" pointer-events="none"(?: display="none")?\/>/g, '')
    .replace(/<text [^>]*opacity="0"[^>]*>[^<]*<\/text>/g, '')
    .replace(/ (?:opacity="1"|pointer-events="none"|font-family="sans-serif")/g, '')
    .replace(/ (transform|d)="([^"]*)"/g, (_m, attr: string, value: string) => ` ${attr}="${value.replace(/(\.\d\d)\d+/g, '$1')}"`);
  return `${head}><title>${e(description)}</title>${body}`;
}

/** A KPI's short column title, its full name on hover. */
function abbr(id: KpiId): string {
  return `<abbr title="${e(KPI_BY_ID.get(id)!.title)}">${e(SHORT_TITLE[id])}</abbr>`;
}

function groupTable(field: string, entries: GroupEntry[], ids: KpiId[]): string {
  const fields = groupFields(field, entries);
  const heading = `By ${fields.join(', then ')}`;
  const anchor = `by-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  if (entries.length === 0) return `<section><h2>${e(heading)}</h2><p>No groups.</p></section>`;
  const cols = kpisWithData(entries, ids);
  const head =
    fields.map((f) => `<th scope="col">${e(f)}</th>`).join('') +
    cols.map((id) => `<th scope="col" class="num">${abbr(id)}</th>`).join('');
  const rows = entries.map((g) => {
    // A value as people read it: (none) for rows without one, quoted where it would read like something else.
    const keys = fields.map((f, i) => (i === 0 ? `<th scope="row">${e(valueLabel(g.keys[f] ?? null))}</th>` : `<td>${e(valueLabel(g.keys[f] ?? null))}</td>`)).join('');
    const cells = cols.map((id) => groupCell(id, g.kpis[id]));
    return `<tr>${keys}${cells.join('')}</tr>`;
  });
  return (
    `<section aria-labelledby="${e(anchor)}"><h2 id="${e(anchor)}">${e(heading)}</h2>` +
    `<div class="wide"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>` +
    `<p class="sub">${entries.length} group${entries.length === 1 ? '' : 's'}; n under a value: the answers, tickets or customers it stands on.</p></section>`
  );
}

/** --period with --by: a row per period and group with tickets or answers in it, folded (JSON and CSV have every one). */
function groupPeriodTable(field: string, entries: GroupEntry[], ids: KpiId[]): string {
  const fields = groupFields(field, entries);
  const { rows, periods, of } = lastPeriods(groupPeriodRows(entries), GROUP_PERIOD_ROWS);
  const heading = `By ${periodWord(entries[0]?.series?.[0]?.period)} and ${fields.join(', then ')}`;
  if (rows.length === 0) return `<section><h2>${e(heading)}</h2><p>No rows in any period.</p></section>`;
  const cols = kpisWithData(rows, ids);
  const head =
    '<th scope="col">Period</th>' +
    fields.map((f) => `<th scope="col">${e(f)}</th>`).join('') +
    cols.map((id) => `<th scope="col" class="num">${abbr(id)}</th>`).join('');
  const body = rows.map((r) => {
    const period = `<th scope="row" class="period">${e(r.period)}${r.partial ? ' <span class="sub">(partial)</span>' : ''}</th>`;
    const keys = fields.map((f) => `<td>${e(valueLabel(r.group.keys[f] ?? null))}</td>`).join('');
    const cells = cols.map((id) => groupCell(id, r.kpis[id]));
    return `<tr>${period}${keys}${cells.join('')}</tr>`;
  });
  return (
    `<section><h2>${e(heading)}</h2>` +
    `<details><summary>${rows.length} row${rows.length === 1 ? '' : 's'}: each ${e(fields.join(', '))} in each period with tickets or answers${periods < of ? `, the last ${periods} of ${of} periods` : ''} (JSON and CSV have every one)</summary>` +
    `<div class="wide"><table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div></details></section>`
  );
}

/** A group table's cell: the value with the n it stands on, or n/a. */
function groupCell(id: KpiId, k: KpiValue | undefined): string {
  if (!k || k.value === null) return '<td class="num na">n/a</td>';
  const size = sampleSize(id, k);
  return `<td class="num">${e(humanValue(id, k))}${size ? `<span class="n">n=${humanNumber(size.n)}</span>` : ''}</td>`;
}

function inputsTable(report: Report): string {
  const rows = report.inputs.map(
    (i) =>
      `<tr><th scope="row">${e(i.file)}</th><td>${e(i.kind)}</td><td class="num">${humanNumber(i.rows)}</td>` +
      `<td class="num">${humanNumber(i.used)}</td><td>${e(leftOutText(i)) || '<span class="na">none</span>'}</td></tr>`,
  );
  return (
    '<section aria-labelledby="inputs"><h2 id="inputs">Inputs</h2><div class="wide"><table>' +
    '<thead><tr><th scope="col">File</th><th scope="col">Kind</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Used</th><th scope="col">Left out</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></div></section>`
  );
}
