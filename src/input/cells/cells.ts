import { ParseFailure } from './timestamp.js';
import type { Parsed } from './timestamp.js';

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number (`4`, `4.5`, `-1`, `1e3`); no thousands separators, no NaN/Infinity. */
export function parseNumber(text: string): Parsed<number> {
  // Fast path: plain digits (most cells), no regex and no trim.
  const n = text.length;
  if (n > 0 && n < 16) {
    let v = 0, i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === n) return v;
  }
  const s = text.trim();
  if (!NUMBER_RE.test(s)) return NOT_A_NUMBER;
  const v = Number(s);
  // 1e400 is Infinity: a mean over it would be Infinity or NaN, shown as "Infinityd NaNh".
  return Number.isFinite(v) ? v : TOO_LARGE;
}

const NOT_A_NUMBER = new ParseFailure('not a number');
const TOO_LARGE = new ParseFailure('number too large (beyond ±1.8e308)');

/** A whole number ≥ min; `3.0` is accepted (spreadsheets write integers that way), `2.5` is not. */
export function parseInteger(text: string, min: number): Parsed<number> {
  const v = parseNumber(text);
  if (v === TOO_LARGE) return v;
  if (typeof v !== 'number' || !Number.isInteger(v)) return new ParseFailure('not a whole number');
  if (v < min) return new ParseFailure(`must be ${min} or more`);
  // Beyond 2^53 whole numbers are not exact, and sums of them not finite for long.
  if (v > Number.MAX_SAFE_INTEGER) return new ParseFailure(`too large (at most ${Number.MAX_SAFE_INTEGER})`);
  return v;
}

/**
 * A duration in seconds: a number of `unitSeconds` (1 for *_seconds, 60 for *_minutes,
 * 3600 for hours), or clock text: H:MM:SS whatever the unit (`1:02:03` = 3723 s), and two
 * parts M:SS, but H:MM in an hours column, where `1:30` is an hour and a half (a spreadsheet's
 * [h]:mm format, a Freshdesk "(in hrs)" column saved from one), not 90 seconds.
 * Negative durations are refused.
 *
 * @example parseDuration('0:02:23', 1) // 143
 * @example parseDuration('4', 60)      // 240
 * @example parseDuration('1:30', 60)   // 90
 * @example parseDuration('1:30', 3600) // 5400
 */
export function parseDuration(text: string, unitSeconds: number): Parsed<number> {
  const s = text.trim();
  // Clock text with a minus (Freshdesk's -391:30:46, a response dated before creation): say so.
  if (s.charCodeAt(0) === 45 && s.includes(':')) {
    const v = parseDuration(s.slice(1), unitSeconds);
    return typeof v !== 'number' || v === 0 ? v : NEGATIVE_DURATION;
  }
  if (s.includes(':')) {
    const parts = s.split(':');
    if (parts.length > 3) return new ParseFailure('not a duration (expected seconds, H:MM:SS or M:SS)');
    let total = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      const last = i === parts.length - 1;
      if (!(last ? /^\d+(\.\d+)?$/ : /^\d+$/).test(p)) return new ParseFailure('not a duration (expected seconds, H:MM:SS or M:SS)');
      const v = Number(p);
      if (i > 0 && (v >= 60 || p.split('.')[0].length !== 2))
        return new ParseFailure('not a duration (minutes and seconds must be 00..59)');
      total = total * 60 + v;
    }
    if (parts.length === 2 && unitSeconds === 3600) total *= 60;
    return total > MAX_DURATION ? TOO_LONG : total;
  }
  const v = parseNumber(s);
  if (typeof v !== 'number') return v === TOO_LARGE ? TOO_LONG : new ParseFailure('not a duration (expected seconds, H:MM:SS or M:SS)');
  if (v < 0) return NEGATIVE_DURATION;
  const seconds = v * unitSeconds;
  return seconds > MAX_DURATION ? TOO_LONG : seconds;
}

/**
 * A thousand years: no support time is longer, and a mean over such values stays finite
 * (two durations near 1e308 would add up to Infinity).
 */
export const MAX_DURATION = 1000 * 365.25 * 86_400;
const TOO_LONG = new ParseFailure('duration too long (more than 1000 years)');
const NEGATIVE_DURATION = new ParseFailure('negative duration');

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'f']);

/** true/false, yes/no, y/n, 1/0 (case-insensitive). */
export function parseBoolean(text: string): Parsed<boolean> {
  // The spellings exports use, without allocating a lower-cased copy per cell.
  switch (text) {
    case 'yes': case 'true': case '1': case 'Yes': case 'TRUE': case 'True': case 'Y': case 'y':
      return true;
    case 'no': case 'false': case '0': case 'No': case 'FALSE': case 'False': case 'N': case 'n':
      return false;
  }
  const s = text.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return new ParseFailure('not a boolean (expected true/false, yes/no or 1/0)');
}

/** A boolean, or a count of reopenings where any count above 0 means reopened. */
export function parseReopened(text: string): Parsed<boolean> {
  const b = parseBoolean(text);
  if (typeof b === 'boolean') return b;
  const n = parseInteger(text, 0);
  if (typeof n === 'number') return n > 0;
  return new ParseFailure('not a boolean or a reopen count (expected true/false, yes/no, 1/0 or a whole number)');
}

/**
 * A run of plain decimal digits in the bytes s[a, b) as a number, or −1 (then the general
 * parser decides, on the decoded text): most typed cells are plain digits.
 */
export function digitsAt(s: Uint8Array, a: number, b: number): number {
  if (b - a > 15 || b === a) return -1;
  let v = 0;
  for (let i = a; i < b; i++) {
    const c = s[i] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
