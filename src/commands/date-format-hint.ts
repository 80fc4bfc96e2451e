/**
 * The hint beside timestamps that are not ISO 8601 (an export re-saved by a spreadsheet:
 * `1/2/2024 14:56`): which config `date_format` reads them, guessed from the cells shown, as
 * DuckDB's sniffer says which date format it guessed. Only formats that read every such cell
 * are named; a date that fits both month-first and day-first (days up to 12) names both, since
 * only the export's settings can tell them apart.
 */
import type { RowProblem } from '../errors.js';
import { compileDateFormat } from '../input/cells/date-format.js';
import { TimeZone } from '../time/time-zone.js';
import { escapeControls } from '../escape-controls.js';
import { andList } from './input-notes.js';

/** Spreadsheet and helpdesk spellings, month-first before day-first; each also without a time and with seconds. */
const DATES = ['M/D/YYYY', 'D/M/YYYY', 'D.M.YYYY', 'D-M-YYYY', 'YYYY/M/D', 'M/D/YY', 'D/M/YY', 'D.M.YY', 'D MMM YYYY', 'MMM D, YYYY', 'D-MMM-YY', 'D-MMM-YYYY'];
const TIMES = ['', ' H:mm', ' H:mm:ss', ' H:mm:ss.SSS', ' h:mm A', ' h:mm:ss A'];
const CANDIDATES = DATES.flatMap((d) => TIMES.map((t) => d + t));

const NOT_ISO = 'not an ISO 8601 timestamp';

/**
 * `hint: created_at holds timestamps like "1/2/2024 14:56", not ISO 8601: "date_format": "M/D/YYYY H:mm"
 * in the config reads them`, or null when no problem is a non-ISO timestamp.
 */
export function dateFormatHint(problems: readonly RowProblem[]): string | null {
  // Cells that look like a date: digits a date separator apart (1/2/2024, 31.03.2026, 5-Mar-24) or a month's name;
  // not a word like "yesterday", nor a number (45293.62, a spreadsheet's serial day, which no date_format reads).
  const bad = problems.filter((p) => p.message.startsWith(NOT_ISO) && p.value !== null && (/\d[/-]\d|\d\.\d+\.\d/.test(p.value) || /[a-z]{3}/i.test(p.value)) && /\d/.test(p.value));
  if (bad.length === 0) return null;
  const columns = [...new Set(bad.map((p) => p.column))];
  const values = bad.map((p) => p.value!.trim());
  const utc = TimeZone.of('UTC');
  const fits = CANDIDATES.filter((f) => {
    const parse = compileDateFormat(f);
    return values.every((v) => typeof parse(v, utc) === 'number');
  });
  const where = `${andList(columns)} ${columns.length === 1 ? 'holds' : 'hold'} timestamps like ${JSON.stringify(bad[0].value!.trim())}, not ISO 8601`;
  // Escaped as placeholderHint's: the cells shown are the file's, control characters and all.
  if (fits.length === 0) return escapeControls(`hint: ${where}: a "date_format" in the config reads another layout (README: Real helpdesk exports)`);
  const [first, ...others] = fits;
  const also = others.length === 0 ? '' : ` (or ${others.slice(0, 2).map((f) => JSON.stringify(f)).join(', ')}: the cells shown fit ${others.length === 1 ? 'both' : 'each'}; the export's settings say which)`;
  return escapeControls(`hint: ${where}: "date_format": ${JSON.stringify(first)} in the config reads them${also}`);
}
