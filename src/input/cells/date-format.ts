import type { TimeZone } from '../../time/time-zone.js';
import { ParseFailure, checkedLocal, parseTimestamp } from './timestamp.js';
import type { Parsed } from './timestamp.js';

/** A timestamp parser: the instant of a cell's text, its time local in zone unless it says otherwise. */
export type TimeParser = (text: string, zone: TimeZone) => Parsed<number>;

/** The English month names, lower-case, January first. */
export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_BY_NAME = new Map<string, number>([...MONTHS.map((m, i) => [m, i + 1] as const), ...MONTHS.map((m, i) => [m.slice(0, 3), i + 1] as const)]);

/** Two-digit years: 00–68 are 2000–2068, 69–99 are 1969–1999 (the POSIX strptime %y pivot). */
export function fullYear(twoDigits: number): number {
  return twoDigits < 69 ? 2000 + twoDigits : 1900 + twoDigits;
}

const TOKENS = ['YYYY', 'YY', 'MMMM', 'MMM', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'hh', 'h', 'mm', 'ss', 'SSS', 'A', 'a'];
const TOKEN_RE = /\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|HH|H|hh|h|mm|ss|SSS|A|a|./g;

/** How a format's pattern is spelt: JavaScript's RegExp (compileDateFormat), the SQL engines' (engine/sql-cells.ts). */
export interface PatternSpelling {
  /** Literal text, matched as it is. */
  literal(text: string): string;
  /** From min to max ASCII digits. */
  digits(min: number, max: number): string;
}

/**
 * A date format's tokens as one anchored regular-expression source, a group per part, and
 * the parts in group order: the one grammar of date formats, which the JavaScript reader
 * and the SQL of --engine duckdb / csm-kpi sql spell each in their own syntax.
 *
 * @example formatPattern('DD/MM/YYYY', { literal: (t) => t, digits: (a, b) => `[0-9]{${a},${b}}` }).source // '^([0-9]{2,2})/([0-9]{2,2})/([0-9]{4,4})$'
 */
export function formatPattern(format: string, spell: PatternSpelling): { source: string; slots: string[] } {
  const known = new Set(TOKENS);
  const slots: string[] = [];
  const parts = (format.match(TOKEN_RE) ?? []).map((t) => {
    // `[` alone (TOKEN_RE's `.`) is one character: it cannot both open and close.
    if (t.startsWith('[') && t.endsWith(']')) return spell.literal(t.slice(1, -1));
    if (!known.has(t)) return spell.literal(t);
    slots.push(t);
    if (t === 'YYYY') return `(${spell.digits(4, 4)})`;
    if (t === 'SSS') return `(${spell.digits(1, 9)})`;
    if (t === 'A' || t === 'a') return '([AaPp][Mm])';
    if (t === 'MMM' || t === 'MMMM') return '([A-Za-z]+)';
    return t.length === 2 ? `(${spell.digits(2, 2)})` : `(${spell.digits(1, 2)})`;
  });
  return { source: '^' + parts.join('') + '$', slots };
}

/**
 * Compiles a date format such as `DD-MM-YYYY HH:mm`, `M/D/YYYY h:mm A` or Jira's
 * `DD/MMM/YY h:mm A` into a parser for exports that do not write ISO 8601. Tokens:
 * YYYY, YY (two-digit year, see fullYear), MMMM / MMM (English month name / its first
 * three letters, any case), MM / M, DD / D, HH / H (24 h), hh / h (12 h, with A or a for
 * AM/PM), mm, ss, SSS; text in [brackets] and any other character is literal. A
 * time-less value of a format with time parts is refused; a format without time parts
 * reads midnight. An ISO 8601 value with an offset would be ambiguous here, so offsets
 * are not accepted: the time is local in the zone.
 *
 * @example compileDateFormat('DD-MM-YYYY HH:mm')('29-02-2016 01:16', utc) // Date.UTC(2016, 1, 29, 1, 16)
 * @example compileDateFormat('DD/MMM/YY h:mm A')('06/Jan/26 9:29 AM', utc) // Date.UTC(2026, 0, 6, 9, 29)
 */
export function compileDateFormat(format: string): TimeParser {
  const tokens: string[] = format.match(TOKEN_RE) ?? [];
  const has = (...t: string[]) => t.some((x) => tokens.includes(x));
  if (!has('YYYY', 'YY') || !has('MMMM', 'MMM', 'MM', 'M') || !has('DD', 'D')) {
    throw new Error(`date format "${format}" needs YYYY (or YY), a month (M, MM, MMM or MMMM) and a day (D or DD)`);
  }
  // A 12-hour hour without AM/PM cannot tell 9:00 from 21:00.
  if (has('hh', 'h') && !has('A', 'a')) throw new Error(`date format "${format}": a 12-hour hour (h, hh) needs AM/PM (A); use H or HH for a 24-hour clock`);
  const { source, slots } = formatPattern(format, {
    literal: escape,
    digits: (min, max) => (min === max ? `\\d{${min}}` : `\\d{${min},${max}}`),
  });
  const regex = new RegExp(source);
  const wrong = new ParseFailure(`does not match the date format ${format}`);
  return (text, zone) => {
    const m = regex.exec(text.trim());
    if (m === null) return wrong;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0, pm: boolean | null = null;
    for (let i = 0; i < slots.length; i++) {
      const v = m[i + 1];
      switch (slots[i]) {
        case 'YYYY': y = +v; break;
        case 'YY': y = fullYear(+v); break;
        case 'MM': case 'M': mo = +v; break;
        case 'MMM': case 'MMMM': {
          const name = v.toLowerCase();
          // MMM: the first three letters; MMMM: the whole name (May's is both).
          const n = (slots[i] === 'MMM' ? name.length === 3 : MONTHS.includes(name)) ? MONTH_BY_NAME.get(name) : undefined;
          if (n === undefined) return new ParseFailure(`"${v}" is not a month ${slots[i] === 'MMM' ? 'abbreviation (Jan … Dec)' : 'name (January … December)'}`);
          mo = n;
          break;
        }
        case 'DD': case 'D': d = +v; break;
        case 'HH': case 'H': case 'hh': case 'h': h = +v; break;
        case 'mm': mi = +v; break;
        case 'ss': s = +v; break;
        case 'SSS': ms = Math.floor(+('0.' + v) * 1000); break;
        case 'A': case 'a': pm = v.toLowerCase() === 'pm'; break;
      }
    }
    if (pm !== null) {
      if (h < 1 || h > 12) return new ParseFailure(`hour ${h} out of range for a 12-hour clock`);
      h = (h % 12) + (pm ? 12 : 0);
    }
    const local = checkedLocal(y, mo, d, h, mi, s, ms);
    return typeof local === 'number' ? zone.fromLocal(local) : local;
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Which timestamp syntaxes a file's cells may use: a config's date_format alone, or ISO 8601 then a preset's formats. */
export interface DateFormats {
  /** Try ISO 8601 first. */
  iso: boolean;
  formats: string[];
}

/**
 * The parser for some DateFormats: the first syntax that reads the text wins; a text
 * none reads gets the first one's message (ISO's, or the configured format's). Throws an
 * Error with the reason when a format is wrong. undefined: plain ISO 8601 (the fast path).
 */
export function timeParser(f: DateFormats | null): TimeParser | undefined {
  if (f === null || (f.iso && f.formats.length === 0)) return undefined;
  const parsers = [...(f.iso ? [parseTimestamp] : []), ...f.formats.map(compileDateFormat)];
  if (parsers.length === 1) return parsers[0];
  return (text, zone) => {
    const first = parsers[0](text, zone);
    if (typeof first === 'number') return first;
    for (let i = 1; i < parsers.length; i++) {
      const v = parsers[i](text, zone);
      if (typeof v === 'number') return v;
    }
    // Here there are two parsers or more: with ISO, at least one format.
    return f.iso ? new ParseFailure(`neither ISO 8601 nor the date format ${f.formats.join(' or ')}`) : first;
  };
}
