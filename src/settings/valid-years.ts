/**
 * --valid-years FIRST-LAST (config `valid_years`): the years a timestamp may fall in, both
 * included (default 1970-2099). Placeholder dates — 0001-01-01 and 9999-12-31, what .NET and
 * many exports write for "none" — are then invalid rows instead of a mean resolution time
 * of 970,793 days or a daily series of millions of empty periods.
 */
import { CsmError } from '../errors.js';
import { yearsIn } from '../input/cells/timestamp.js';
import type { ReadOptions } from '../input/rows/row-types.js';
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

/**
 * Sets the range on the read options from the flag, else the config, else the default.
 * config names the config file in a message about its key.
 */
export function applyValidYears(read: ReadOptions, flag: string | undefined, config: { text?: string; name: string | null }): void {
  let years;
  if (flag !== undefined) years = parseValidYears(flag); // commander already checked it
  else if (config.text !== undefined) {
    try {
      years = parseValidYears(config.text);
    } catch (e) {
      throw new CsmError('CSM_CONFIG_INVALID', `${config.name}: valid_years: ${(e as Error).message}`);
    }
  } else years = parseValidYears(DEFAULT_VALID_YEARS);
  read.validYears = yearsIn(years.first, years.last, read.zone);
}
