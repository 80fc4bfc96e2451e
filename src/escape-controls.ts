/**
 * Control characters from the data, made visible. A cell, a header or a file name can hold
 * ESC sequences (`\x1b[2J` clears the screen), OSC sequences (`\x1b]0;…\x07` retitles the
 * terminal, OSC 8 makes links), a CR that makes a line overwrite itself, or bidirectional
 * overrides that show text in another order than it is: printed raw, a file can rewrite
 * what the reader sees. Every place that shows data (the table, CSV, stderr messages,
 * `columns`) passes it through escapeControls first.
 *
 * Escaped: C0 controls (U+0000–U+001F), DEL, C1 controls (U+0080–U+009F), the line and
 * paragraph separators and the bidirectional marks, embeddings, overrides and isolates.
 * Tab, LF and CR read \t, \n, \r; the others \xHH or \uHHHH. A backslash is left as it is
 * (Windows paths stay readable), so `\x1b` typed literally in the data looks the same as an
 * escaped ESC: a display, not a round trip.
 */

const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same set without tab, LF and CR, which CSV keeps (inside a quoted cell they are data). */
const CONTROLS_BUT_LAYOUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export interface EscapeOptions {
  /** Keep tab, LF and CR as they are (CSV cells, which quote them). */
  keepLayout?: boolean;
}

/** text with its control characters shown as escapes (see above); text itself when it has none. */
export function escapeControls(text: string, options: EscapeOptions = {}): string {
  const re = options.keepLayout ? CONTROLS_BUT_LAYOUT : CONTROLS;
  re.lastIndex = 0;
  if (!re.test(text)) return text;
  re.lastIndex = 0;
  return text.replace(re, escapeOne);
}
