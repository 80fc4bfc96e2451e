/**
 * Trend charts for the HTML report: one Vega-Lite spec per KPI (a line over the periods,
 * a point per value), compiled and rendered to SVG text on the server by vega's headless
 * View (no canvas, no DOM, no script in the page). vega and vega-lite load here only, on
 * first use: the other formats never pay for them (~0.3 s of module loading).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { KpiId } from '../metrics/definition.js';
import { KPI_BY_ID } from '../metrics/kpi-set.js';
import type { KpiValue } from '../metrics/kpi-set.js';
import { humanValue } from './describe.js';
import type { SeriesEntry } from './report.js';
import { humanNumber } from './humanize.js';
import { isPartial, sampleSize } from './report-view.js';

export interface TrendChart {
  id: KpiId;
  /** The Vega-Lite spec, reusable as is (vega-embed, the Vega editor). */
  spec: TopLevelSpec;
  /** One sentence saying what the chart shows, for aria-label and <title>. */
  description: string;
}

const LINE = '#1f5fbf';
/** Radius 3 px, or 2 px past 26 periods where points would touch (vega sizes symbols by their square's area). */
const pointArea = (periods: number) => (periods > 26 ? 16 : 36);
/** Short on purpose: vega writes it on every label; the page's CSS sets the real font stack. */
const FONT = 'sans-serif';

/** Seconds shown in the unit that suits the largest value, so the axis reads 12, 24, 36 hours, not 43200 seconds. */
function timeScale(maxSeconds: number): { divisor: number; unit: string } {
  if (maxSeconds >= 2 * 86400) return { divisor: 86400, unit: 'days' };
  if (maxSeconds >= 2 * 3600) return { divisor: 3600, unit: 'hours' };
  if (maxSeconds >= 120) return { divisor: 60, unit: 'minutes' };
  return { divisor: 1, unit: 'seconds' };
}

/** Every k-th period, ending with the last, so that at most max are labelled. */
export function labelledPeriods(periods: string[], max: number): string[] {
  const step = Math.ceil(periods.length / max);
  return periods.filter((_p, i) => (periods.length - 1 - i) % step === 0);
}

/**
 * CES lives on its answer scale (1–5): from zero, every change would look flat. Values all
 * zero (no self-service at all) would make an empty domain and a lone "0.000000" tick.
 */
function yScale(id: KpiId, k: KpiValue, present: number[]): { zero: boolean } | { domain: [number, number] } {
  const scale = typeof k.scale === 'string' ? /^(\d+)-(\d+)$/.exec(k.scale) : null;
  if (id === 'ces' && scale) return { domain: [Number(scale[1]), Number(scale[2])] };
  if (present.every((v) => v === 0)) return { domain: [0, KPI_BY_ID.get(id)!.unit === 'percent' ? 100 : 1] };
  return { zero: true };
}

/** "; n from 15 to 108": the smallest sample says how far to trust a peak (CSAT 100 % from one answer is no result). */
function sampleRange(id: KpiId, values: (KpiValue | undefined)[]): string {
  const sizes = values.flatMap((k) => (k && k.value !== null ? [sampleSize(id, k)?.n] : [])).filter((n) => n !== undefined);
  if (sizes.length === 0) return '';
  const [min, max] = [Math.min(...sizes), Math.max(...sizes)];
  return min === max ? `; n=${humanNumber(min)} each` : `; n from ${humanNumber(min)} to ${humanNumber(max)}`;
}

/** The spec of one KPI's trend, or null when no period has a value. */
export function trendChart(id: KpiId, series: SeriesEntry[], periodName: string): TrendChart | null {
  const def = KPI_BY_ID.get(id)!;
  const raw = series.map((s) => ({ s, k: s.kpis[id] }));
  const values = raw.map(({ k }) => (k && typeof k.value === 'number' ? k.value : null));
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return null;
  let divisor = 1;
  let axisTitle: string;
  if (def.unit === 'seconds') {
    const scale = timeScale(Math.max(...present));
    divisor = scale.divisor;
    axisTitle = scale.unit;
  } else axisTitle = def.unit === 'percent' ? '%' : def.unit === 'count' ? 'tickets' : def.unit;
  const data = raw.map(({ s, k }, i) => {
    const partial = isPartial(s);
    const v = values[i];
    return {
      period: s.period,
      value: v === null ? null : v / divisor,
      partial,
      // The value as the tables print it, for the description.
      label: `${s.period}: ${k ? humanValue(id, k) : 'n/a'}${partial ? ' (partial period)' : ''}`,
    };
  });
  const firstAt = data.find((d) => d.value !== null)!;
  const lastAt = [...data].reverse().find((d) => d.value !== null)!;
  const partial = data.filter((d) => d.partial).map((d) => d.period);
  const description =
    `${def.title} by ${periodName}: ${present.length} of ${series.length} periods with a value, ` +
    (present.length === 1 ? `${firstAt.label}` : `from ${firstAt.label} to ${lastAt.label}`) +
    sampleRange(id, raw.map(({ k }) => k)) +
    (partial.length ? `; partial: ${partial.join(', ')}` : '') +
    '.';
  const x = {
    field: 'period',
    type: 'ordinal' as const,
    // Every period on the axis, also those without a value: a gap shows as a gap.
    scale: { domain: series.map((s) => s.period) },
    sort: null,
    // At most ~9 labelled ticks, counted back from the latest period so that it always has one:
    // a year of weeks with a label each would be unreadable, and 54 hidden labels weigh 9 KB.
    axis: { title: null, labelAngle: -45, labelFontSize: 10, values: labelledPeriods(series.map((s) => s.period), 9) },
  };
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    scale: yScale(id, raw.find(({ k }) => k?.value != null)!.k!, present),
    axis: { title: axisTitle, tickCount: 4, labelFontSize: 10, titleFontWeight: 'normal' as const },
  };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description,
    width: 300,
    height: 110,
    background: 'white',
    padding: 4,
    config: {
      // No ARIA per mark and axis: the page names each chart as one image (role="img", its
      // description) and prints every value in a table; per-point labels would be a third of the SVG.
      aria: false,
      font: FONT,
      view: { stroke: null },
      axis: { labelColor: '#333', titleColor: '#333', gridColor: '#e6e6e6', domainColor: '#999', tickColor: '#999' },
    },
    data: { values: data },
    encoding: { x, y },
    layer: [
      // Lines break at periods without a value instead of joining across them.
      { mark: { type: 'line', color: LINE, strokeWidth: 2, invalid: 'break-paths-filter-domains' } },
      {
        mark: { type: 'point', shape: 'circle', size: pointArea(series.length), strokeWidth: 2, color: LINE, opacity: 1 },
        encoding: {
          // Partial periods are hollow: shape, not colour alone, tells them apart (and the label says so).
          fill: { condition: { test: 'datum.partial', value: 'white' }, value: LINE },
        },
      },
    ],
  };
  return { id, spec, description };
}

/** Renders the charts' specs to SVG text (loads vega and vega-lite on the first call). */
export async function renderSvgs(charts: TrendChart[]): Promise<string[]> {
  if (charts.length === 0) return [];
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const out: string[] = [];
  for (const chart of charts) {
    const view = new vega.View(vega.parse(vegaLite.compile(chart.spec).spec), { renderer: 'none' });
    try {
      out.push(await view.toSVG());
    } finally {
      view.finalize();
    }
  }
  return out;
}
