/** Human renderings of KPI values for the table; JSON keeps the raw numbers. */

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Seconds as the two largest units: 42s, 4m 05s, 1h 03m, 2d 04h.
 *
 * @example humanDuration(3780) // "1h 03m"
 */
export function humanDuration(seconds: number | null): string {
  if (seconds === null) return 'n/a';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad2(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${pad2(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86400)}d ${pad2(Math.floor((s % 86400) / 3600))}h`;
}

/** @example humanPercent(81.25) // "81.3 %" */
export function humanPercent(v: number | null): string {
  return v === null ? 'n/a' : `${v.toFixed(1)} %`;
}

/** @example humanNumber(1234.5, 1) // "1,234.5" */
export function humanNumber(v: number | null, decimals = 0): string {
  if (v === null) return 'n/a';
  // toLocaleString builds a formatter per call: 0.1 ms, seconds over a table of 20,000 groups.
  let f = FORMATS[decimals];
  if (f === undefined) FORMATS[decimals] = f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return f.format(v);
}

const FORMATS: Intl.NumberFormat[] = [];

/** A signed change: +2.5, −0.3, 0. */
export function humanSigned(text: string, v: number): string {
  return v > 0 ? `+${text}` : v < 0 ? `−${text.replace(/^-/, '')}` : text;
}

/** An amount with non-breaking spaces ("6h\u00a039m"): a wrapped line never splits it. */
export function unbroken(text: string): string {
  return text.replace(/ /g, '\u00a0');
}
