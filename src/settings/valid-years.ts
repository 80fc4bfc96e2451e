/**
 * --valid-years FIRST-LAST (config `valid_years`): the years a timestamp may fall in, both
 * included (default 1970-2099). Placeholder dates — 0001-01-01 and 9999-12-31, what .NET and
 * many exports write for "none" — are then invalid rows instead of a mean resolution time
 * of 970,793 days or a daily series of millions of empty periods.
 */
import { yearsIn } from '../input/cells/timestamp.js';
import type { ValidYears } from '../input/rows/row-types.js';
import type { TimeZone } from '../time/time-zone.js';
import { DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR } from '../input/rows/row-reader.js';

export const DEFAULT_VALID_YEARS = `${DEFAULT_FIRST_YEAR}-${DEFAULT_LAST_YEAR}`;

/** "1970-2099" or "1970..2099" → the years; throws an Error with the reason. */
export function parseValidYears(text: string): { first: number; last: number } {
  const m = /^\s*(\d{1,4})\s*(?:-|\.\.)\s*(\d{1,4})\s*$/.exec(text);
  if (!m) throw new Error(`expected a range of years such as ${DEFAULT_VALID_YEARS} ("${text}")`);
  const first = Number(m[1]), last = Number(m[2]);
  if (last < first) throw new Error(`the last year comes before the first ("${text}")`);
  return { first, last };
}

/** The instants of a range of years in a zone, as the readers check them. */
export function validYearsIn(text: string, zone: TimeZone): ValidYears {
  const years = parseValidYears(text);
  return yearsIn(years.first, years.last, zone);
}
