import type { TimeZone } from '../../time/time-zone.js';
import { ParseFailure, checkedLocal } from './timestamp.js';
import type { Parsed } from './timestamp.js';

/**
 * Compiles a date format such as `DD-MM-YYYY HH:mm`, `M/D/YYYY h:mm A` or `DD/MM/YYYY`
 * into a parser for exports that do not write ISO 8601. Tokens: YYYY, MM/M, DD/D, HH/H
 * (24 h), hh/h (12 h, with A for AM/PM), mm, ss, SSS; any other character is literal.
 * A time-less value of a format with time parts is refused; a format without time parts
 * reads midnight. An ISO 8601 value with an offset would be ambiguous here, so offsets
 * are not accepted: the time is local in the zone.
 *
 * @example compileDateFormat('DD-MM-YYYY HH:mm')('29-02-2016 01:16', utc) // Date.UTC(2016, 1, 29, 1, 16)
 */
export function compileDateFormat(format: string): (text: string, zone: TimeZone) => Parsed<number> {
  const tokens: string[] = format.match(/YYYY|MM|M|DD|D|HH|H|hh|h|mm|ss|SSS|A|./g) ?? [];
  const known = new Set(['YYYY', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'hh', 'h', 'mm', 'ss', 'SSS', 'A']);
  if (!tokens.includes('YYYY') || !(tokens.includes('MM') || tokens.includes('M')) || !(tokens.includes('DD') || tokens.includes('D'))) {
    throw new Error(`date format "${format}" needs YYYY, M or MM, and D or DD`);
  }
  const regex = new RegExp(
    '^' +
      tokens
        .map((t) => {
          if (!known.has(t)) return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          if (t === 'YYYY') return '(\\d{4})';
          if (t === 'SSS') return '(\\d{1,9})';
          if (t === 'A') return '([AaPp][Mm])';
          return t.length === 2 ? '(\\d{2})' : '(\\d{1,2})';
        })
        .join('') +
      '$',
  );
  const slots = tokens.filter((t) => known.has(t));
  const wrong = new ParseFailure(`does not match the date format ${format}`);
  return (text, zone) => {
    const m = regex.exec(text.trim());
    if (m === null) return wrong;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0, pm: boolean | null = null;
    for (let i = 0; i < slots.length; i++) {
      const v = m[i + 1];
      switch (slots[i]) {
        case 'YYYY': y = +v; break;
        case 'MM': case 'M': mo = +v; break;
        case 'DD': case 'D': d = +v; break;
        case 'HH': case 'H': case 'hh': case 'h': h = +v; break;
        case 'mm': mi = +v; break;
        case 'ss': s = +v; break;
        case 'SSS': ms = Math.floor(+('0.' + v) * 1000); break;
        case 'A': pm = v.toLowerCase() === 'pm'; break;
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
