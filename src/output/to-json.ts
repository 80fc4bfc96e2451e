import type { Report } from './report.js';

/** The JSON report (schema csm-kpi/report@1): unrounded values, null where a denominator is 0. */
export interface JsonOptions {
  /** Spaces of indentation; 0 for one line. */
  indent: number;
}

export function renderJson(report: Report, options: JsonOptions = { indent: 2 }): string {
  return [...jsonChunks(report, options)].join('');
}

/** Containers this deep or less are written member by member; deeper ones (one group, one period) whole. */
const STREAM_DEPTH = 3;
/** Text handed out at a time: large enough that writes are few, small enough never to strain memory. */
const CHUNK_CHARS = 1 << 20;

/**
 * The report as JSON, in pieces: the same bytes as JSON.stringify(report, null, indent)
 * plus a newline, without ever building them as one string. A report with 150,000
 * groups is ~500 MB of JSON, past the longest string V8 can make ("Invalid string length").
 */
export function* jsonChunks(report: Report, options: JsonOptions = { indent: 2 }): Generator<string> {
  const step = options.indent > 0 ? ' '.repeat(options.indent) : '';
  let buffer = '';
  for (const piece of pieces(report, step, '', 0)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer + '\n';
}

/** JSON.stringify(value, null, step) at the given indentation, in pieces. */
function* pieces(value: unknown, step: string, indent: string, depth: number): Generator<string> {
  const container = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (!container || depth >= STREAM_DEPTH) {
    yield indented(value, step, depth);
    return;
  }
  const inner = indent + step;
  const open = step ? '\n' + inner : '';
  const close = step ? '\n' + indent : '';
  const colon = step ? ': ' : ':';
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? open : ',' + open;
      const v = value[i];
      // As JSON.stringify: a member that JSON cannot hold is null in an array.
      yield* pieces(v === undefined || typeof v === 'function' || typeof v === 'symbol' ? null : v, step, inner, depth + 1);
    }
    yield close + ']';
    return;
  }
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    // …and left out of an object.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield (first ? '{' : ',') + open + JSON.stringify(key) + colon;
    first = false;
    yield* pieces(v, step, inner, depth + 1);
  }
  yield first ? '{}' : close + '}';
}

/**
 * JSON.stringify(value, null, step) as it reads `depth` levels deep: stringified inside
 * as many one-member arrays, whose brackets are cut off (V8 indents it natively, which is
 * twice as fast as re-indenting the text).
 */
function indented(value: unknown, step: string, depth: number): string {
  if (!step || depth === 0) return JSON.stringify(value, null, step) ?? 'null';
  let wrapped: unknown = value;
  for (let k = 0; k < depth; k++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, step);
  // Opening: "[\n" + step × (k + 1) for each level k; closing: "\n" + step × k + "]".
  let head = 0, tail = 0;
  for (let k = 0; k < depth; k++) {
    head += 2 + step.length * (k + 1);
    tail += 2 + step.length * k;
  }
  return text.slice(head, text.length - tail);
}
