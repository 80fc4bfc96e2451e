import stringWidth from 'string-width';

/**
 * Text as a terminal lays it out: display width in columns (a CJK character or an emoji
 * takes two, a combining mark none, colour codes none), cutting with … and wrapping at
 * spaces, so that no line of the table is wider than the terminal and none wraps.
 */

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;
const segmenter = new Intl.Segmenter();

/** Columns s takes on a terminal (ANSI colour codes take none). */
export function displayWidth(s: string): number {
  // Most cells are ASCII, coloured or not: no grapheme segmentation for them.
  if (PRINTABLE_ASCII.test(s)) return s.length;
  const plain = s.includes('\x1b') ? s.replace(SGR, '') : s;
  return PRINTABLE_ASCII.test(plain) ? plain.length : stringWidth(plain);
}

/**
 * s cut to at most width columns, ending in … when cut; whole characters only (a wide
 * character that would straddle the edge goes). For plain text: colour is added after.
 *
 * @example truncate('Customer satisfaction', 10) // "Customer …"
 */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(s)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + '…';
}

/** s padded with spaces to width columns, on the right (left-aligned) or on the left. */
export function pad(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'left' ? s + fill : fill + s;
}

/**
 * Control characters of a value from the data shown as escapes (\n, \t, \x1b): a cell
 * must be one line, and the terminal must not act on what a file contains.
 */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f-\x9f]/.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f-\x9f]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code === 10 ? '\\n' : code === 13 ? '\\r' : code === 9 ? '\\t' : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/**
 * Plain text broken into lines of at most width columns: at the separator (a space by
 * default; ", " keeps list items whole), inside an item too long for a line at spaces, and
 * inside a word longer than a line anywhere. Lines after the first start with `indent`.
 */
export function wrap(text: string, width: number, options: { separator?: string; indent?: string } = {}): string[] {
  if (displayWidth(text) <= width) return [text];
  const separator = options.separator ?? ' ';
  const indent = options.indent ?? '';
  const room = (line: number) => Math.max(1, width - (line === 0 ? 0 : displayWidth(indent)));
  // Units are joined by one space; each item but the last keeps its separator's mark (",").
  const items = text.split(separator).map((item, i, all) => (i < all.length - 1 ? item + separator.trimEnd() : item));
  const units = separator === ' ' ? items : items.flatMap((item) => (displayWidth(item) <= room(1) ? [item] : item.split(' ')));
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    lines.push((lines.length === 0 ? '' : indent) + line);
    line = '';
  };
  for (let unit of units) {
    for (;;) {
      const joined = line === '' ? unit : line + ' ' + unit;
      if (displayWidth(joined) <= room(lines.length)) {
        line = joined;
        break;
      }
      if (line !== '') {
        flush();
        continue;
      }
      // A word longer than a whole line: cut it where the line ends.
      const head = cutAt(unit, room(lines.length));
      line = head;
      flush();
      unit = unit.slice(head.length);
      if (unit === '') break;
    }
  }
  if (line !== '') flush();
  return lines;
}

/** The longest start of s that fits width columns (whole characters, at least one). */
function cutAt(s: string, width: number): string {
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(s)) {
    const w = displayWidth(segment);
    if (used + w > width && out !== '') break;
    out += segment;
    used += w;
  }
  return out;
}
