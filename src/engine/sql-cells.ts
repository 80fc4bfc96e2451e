/**
 * Cell rules of src/input/cells/ as SQL expressions over a text, for every dialect: clock
 * durations (H:MM:SS, M:SS) and date formats (a config's date_format, a preset's export
 * format such as Jira's). The DuckDB engine reads its files' cells with them, and
 * `csm-kpi sql` reads a warehouse's text columns with them, so both give the value the
 * JavaScript reader gives, and NULL where the JavaScript reader finds the cell invalid.
 *
 * The regular expressions are written without backslashes ([0-9], [.]), so one text literal
 * means the same in every dialect's string syntax.
 */
import type { SqlDialect } from '../metrics/sql.js';
import { formatPattern, MONTHS } from '../input/cells/date-format.js';

/**
 * Seconds of a clock text (cells.ts's parseDuration: H:MM:SS, or M:SS — H:MM in an hours
 * column, unitSeconds 3600 —, minutes and seconds 00..59), else NULL.
 */
export function sqlClockSeconds(d: SqlDialect, t: string, unitSeconds = 1): string {
  const hms = '^([0-9]+):([0-5][0-9]):([0-5][0-9]([.][0-9]+)?)$';
  const ms = '^([0-9]+):([0-5][0-9]([.][0-9]+)?)$';
  const g = (re: string, i: number) => `CAST(${d.regexGroup(t, re, i)} AS ${d.double})`;
  const twoParts = unitSeconds === 3600 ? `(${g(ms, 1)} * 60 + ${g(ms, 2)}) * 60` : `${g(ms, 1)} * 60 + ${g(ms, 2)}`;
  // The JavaScript adds part by part: (h × 60 + m) × 60 + s, the same IEEE operations here.
  return `CASE WHEN ${d.regexGroup(t, hms, 1)} IS NOT NULL THEN (${g(hms, 1)} * 60 + ${g(hms, 2)}) * 60 + ${g(hms, 3)} WHEN ${d.regexGroup(t, ms, 1)} IS NOT NULL THEN ${twoParts} END`;
}

/**
 * Seconds of a duration text as parseDuration reads it: clock text (H:MM in an hours column; a
 * minus before it only for a zero: Freshdesk's -00:00:00), else a plain non-negative
 * decimal times the unit; NULL otherwise. t is trimmed text.
 */
export function sqlDurationSeconds(d: SqlDialect, t: string, unitSeconds: number): string {
  const plain = `CASE WHEN ${d.regexGroup(t, '^([0-9]+([.][0-9]+)?)$', 1)} IS NOT NULL THEN CAST(${t} AS ${d.double}) * ${unitSeconds} END`;
  const negative = `CASE WHEN (${sqlClockSeconds(d, `SUBSTR(${t}, 2)`)}) = 0 THEN CAST(0 AS ${d.double}) END`;
  return `CASE WHEN ${t} LIKE '-%' THEN ${negative} ELSE COALESCE(${sqlClockSeconds(d, t, unitSeconds)}, ${plain}) END`;
}

/** The SQL of one date format: the local time's parts from a text, and when they name a real time. */
export interface SqlDateFormat {
  /** A zone-less timestamp of the text's local time (make) when valid, else NULL. */
  local(d: SqlDialect, t: string): string;
}


/**
 * date-format.ts's compileDateFormat as SQL: the same regular expression (a literal
 * character as a one-character class), the same parts, the same checks (month 1–12, the
 * day in its month, hour ≤ 23, or 1–12 with AM/PM whichever its letter, minute and
 * second ≤ 59; MMM a three-letter month, MMMM a longer name; YY below 69 is 20YY).
 * Throws on a format whose literal characters no character class holds (] \ ^).
 */
export function sqlDateFormat(format: string): SqlDateFormat {
  const literal = (text: string) => {
    if (/[\]\\^]/.test(text)) throw new Error(`date format "${format}": the characters ] \\ ^ are not expressed in the SQL engines' patterns`);
    return [...text].map((c) => `[${c}]`).join('');
  };
  const { source: re, slots } = formatPattern(format, { literal, digits: (min, max) => '[0-9]'.repeat(min) + '[0-9]?'.repeat(max - min) });
  return {
    local(d, t) {
      const group = (slot: string) => d.regexGroup(t, re, slots.indexOf(slot) + 1);
      const int = (slot: string) => `CAST(${group(slot)} AS ${d.types.int})`;
      const find = (...names: string[]) => names.find((n) => slots.includes(n));
      const y = find('YYYY') ? int('YYYY') : `CASE WHEN ${int('YY')} < 69 THEN 2000 + ${int('YY')} ELSE 1900 + ${int('YY')} END`;
      const monthToken = find('MMMM', 'MMM', 'MM', 'M')!;
      const names = monthToken === 'MMM' ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS;
      const mo =
        monthToken === 'MMM' || monthToken === 'MMMM'
          ? `CASE ${d.lowerTrim(group(monthToken))} ${names.map((n, i) => `WHEN ${d.text(n)} THEN ${i + 1} `).join('')}END`
          : int(monthToken);
      const day = int(find('DD', 'D')!);
      const hourToken = find('HH', 'H', 'hh', 'h');
      const ampm = find('A', 'a');
      const rawHour = hourToken ? int(hourToken) : '0';
      // date-format.ts: h = h % 12 + (pm ? 12 : 0) (a pm on a 24-hour clock too).
      const hour = ampm ? `(${rawHour}) - ${d.intDiv(rawHour, '12')} * 12 + CASE WHEN ${d.lowerTrim(group(ampm))} = 'pm' THEN 12 ELSE 0 END` : rawHour;
      const minute = find('mm') ? int('mm') : '0';
      const second = find('ss') ? int('ss') : '0';
      const milli = find('SSS') ? `CAST(FLOOR(CAST(CONCAT('0.', ${group('SSS')}) AS ${d.double}) * 1000) AS ${d.types.int})` : '0';
      const leap = `((${y}) - ${d.intDiv(`${y}`, '4')} * 4 = 0 AND ((${y}) - ${d.intDiv(`${y}`, '100')} * 100 <> 0 OR (${y}) - ${d.intDiv(`${y}`, '400')} * 400 = 0))`;
      const daysIn = `CASE ${mo} WHEN 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END`;
      const checks = [
        `${d.regexGroup(t, re, 1)} IS NOT NULL`,
        `(${mo}) BETWEEN 1 AND 12`,
        `(${day}) >= 1`,
        `(${day}) <= ${daysIn}`,
        // date-format.ts: an AM/PM makes the hour 1–12, whichever letter (HH with A too).
        ampm ? `(${rawHour}) BETWEEN 1 AND 12` : `(${rawHour}) <= 23`,
        `(${minute}) <= 59`,
        `(${second}) <= 59`,
      ];
      return `CASE WHEN ${checks.join(' AND ')} THEN ${d.makeTimestamp(y, mo, day, hour, minute, second, milli)} END`;
    },
  };
}

/**
 * A warehouse duration column in seconds: a number (a typed column, or text of one) times the
 * unit, or clock text (H:MM:SS, M:SS or H:MM in an hours column) as parseDuration reads it.
 * A minus before clock text gives a negative value, which csm-kpi sql's checks refuse as a
 * negative number (commands/sql.ts), and clock text no rule reads (`1:75:00`) is cast as a
 * number: the query fails on it as on any text that is no number, not leaving it out.
 */
export function sqlWarehouseDuration(d: SqlDialect, col: string, unitSeconds: number): string {
  const t = `TRIM(CAST(${col} AS ${d.types.text}))`;
  const clock = `CASE WHEN ${t} LIKE '-%' THEN 0 - (${sqlClockSeconds(d, `SUBSTR(${t}, 2)`, unitSeconds)}) ELSE ${sqlClockSeconds(d, t, unitSeconds)} END`;
  return `CASE WHEN ${t} LIKE '%:%' THEN COALESCE(${clock}, CAST(${t} AS ${d.double})) ELSE CAST(${col} AS ${d.double}) * ${unitSeconds} END`;
}

/**
 * A duration of a zero-means-none column (a preset's zeroMeansNone: Freshdesk's 00:00:00 for
 * "never"): a 0 is no value while the time it leads to (at, NULL when the table has no such
 * column) is empty, as ticket-reader.ts's firstDuration reads it.
 */
export function sqlZeroMeansNone(value: string, at: string | null): string {
  return `CASE WHEN (${value}) = 0 AND (${at ?? 'NULL'}) IS NULL THEN NULL ELSE ${value} END`;
}
