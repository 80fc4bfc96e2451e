/**
 * How the text of one setting is read, whether it came from a flag or from the config file.
 * Each parser throws Error(reason); the caller prefixes where the text came from
 * (`--csat-scale: …` or `csm-kpi.config.json: scales.csat: …`), see layers.ts.
 */
import type { Encoding } from '../input/csv/encoding.js';
import type { Scale } from '../metrics/facts.js';
import type { WhereClause } from '../input/where.js';

export type { WhereClause };

/** The CSAT and CES scale when none is set (--csat-scale, --ces-scale, the config's scales). */
export const DEFAULT_SCALE: Scale = { min: 1, max: 5 };

/** "1-5" or "1..7" → a scale. */
export function parseScale(text: string): Scale {
  const m = /^\s*(\d+)\s*(?:-|\.\.)\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error('expected a range such as 1-5 or 1..7');
  const scale = { min: Number(m[1]), max: Number(m[2]) };
  if (scale.max < scale.min) throw new Error(`the lowest score comes first (${scale.max}-${scale.min})`);
  if (scale.max - scale.min < 2) throw new Error('a scale needs at least three points (e.g. 1-5)');
  return scale;
}

/**
 * A CSAT scale: at most 11 points (0-10). Satisfied is the scale's top two scores, 4–5 of 1..5
 * and 9–10 of 0..10; of a 0..100 question that would be 99–100, and an answer of 90 would count
 * as unsatisfied: a plausible, wrong CSAT. Such a question is refused rather than read so.
 */
export function parseCsatScale(text: string): Scale {
  const scale = parseScale(text);
  if (scale.max - scale.min > 10) {
    throw new Error(`satisfied is the top two scores of the scale (${scale.max - 1}-${scale.max} of ${scale.min}..${scale.max}), so CSAT scales have at most 11 points (0-10)`);
  }
  return scale;
}

/** utf-8 (utf8), latin1 (iso-8859-1, latin-1) or windows-1252 (cp1252). */
export function parseEncoding(text: string): Encoding {
  const e = text.toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^(iso-8859-1|latin-1)$/, 'latin1').replace(/^cp1252$/, 'windows-1252');
  if (e !== 'utf-8' && e !== 'latin1' && e !== 'windows-1252') throw new Error('must be utf-8, latin1 or windows-1252');
  return e;
}

/**
 * One character that cannot be part of a value: "tab" or "\t" for a tab. A quote, a line
 * break, a space, a letter or a digit would split cells inside ordinary values.
 */
export function parseDelimiter(text: string): string {
  const d = text === '\\t' || text.toLowerCase() === 'tab' ? '\t' : text;
  if (d.length !== 1 || /["\r\n \p{L}\p{N}]/u.test(d)) throw new Error('must be one character such as , ; | or tab (not a quote, line break, space, letter or digit)');
  return d;
}

/** --threads: a whole number from 1 to 64 (engine/parallel/parallel.ts MAX_THREADS: more is not what was asked for). */
export function parseThreads(text: string): number {
  if (!/^[1-9]\d*$/.test(text) || Number(text) > 64) throw new Error(`must be a whole number from 1 to 64 ("${text}")`);
  return Number(text);
}

/** --sla first_response=1h,resolution=24h → {first_response: "1h", resolution: "24h"} (the config's "sla" shape). */
export function parseSlaFlag(text: string): Record<string, string> {
  const spec: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [k, v] = part.split('=');
    if (v === undefined) throw new Error(`"${part}" should be name=duration, e.g. first_response=1h,resolution=24h`);
    addOnce(spec, { [k.trim()]: v.trim() }, '');
  }
  return spec;
}

/** --confidence: the level of every interval, 0.9, 0.95 (default) or 0.99 (also as 90, 95, 99 or 95%). */
export function parseConfidence(text: string | number): number {
  const v = Number(String(text).trim().replace(/\s*%$/, ''));
  const level = v > 1 ? v / 100 : v;
  if (level !== 0.9 && level !== 0.95 && level !== 0.99) throw new Error(`must be 0.9, 0.95 or 0.99 ("${text}")`);
  return level;
}

/** --min-sample: a whole number ≥ 1. */
export function parseMinSample(text: string | number): number {
  if (!/^[1-9]\d*$/.test(String(text).trim())) throw new Error(`must be a whole number ≥ 1 ("${text}")`);
  return Number(text);
}

/** A comma-separated list, blanks dropped. */
export function parseList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Collects a repeatable option's values (commander). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The slices --targets-on checks besides the window: each period of the series, each group. */
export type TargetSlice = 'period' | 'group';

/** --targets-on period,group (repeatable; config "targets_on": ["period"]) → the slices named. */
export function parseTargetsOn(value: string | string[]): Set<TargetSlice> {
  const out = new Set<TargetSlice>();
  for (const item of (Array.isArray(value) ? value : [value]).flatMap(parseList)) {
    if (item !== 'period' && item !== 'group') throw new Error(`"${item}" is not period or group`);
    out.add(item);
  }
  return out;
}

/** "priority=urgent,high" or "team != bots" → a condition (values trimmed, blanks dropped). */
export function parseWhere(text: string, source = '--where'): WhereClause {
  const m = /^\s*([^=!]*?)\s*(!=|=)(.*)$/s.exec(text);
  if (m === null || m[1] === '') throw new Error(`"${text}" should be COLUMN=VALUE[,VALUE] or COLUMN!=VALUE[,VALUE], e.g. priority=urgent,high (team="Sales, EMEA" for a value with a comma)`);
  const values = whereValues(m[3], text);
  if (values.length === 0) throw new Error(`"${text}": no value after ${m[2]}`);
  return { given: m[1], column: m[1].toLowerCase().replace(/[\s\-]+/g, '_'), negate: m[2] === '!=', values: [...new Set(values)], source };
}

/**
 * --where's values: comma-separated, each trimmed (as cells are), blanks dropped; a value with a
 * comma is written in double quotes as in a CSV field ("Sales, EMEA"; "" for a quote in it).
 * Linear in the text. `a,"b, c"` → ["a", "b, c"].
 */
function whereValues(list: string, text: string): string[] {
  /** Where the value from `from` ends: at the next comma, or the list's end. */
  const valueEnd = (from: number) => {
    const comma = list.indexOf(',', from);
    return comma < 0 ? list.length : comma;
  };
  const out: string[] = [];
  let i = 0;
  while (i <= list.length) {
    let start = i;
    while (start < list.length && /\s/.test(list[start])) start++;
    if (list[start] === '"') {
      let value = '';
      let j = start + 1;
      for (;;) {
        const q = list.indexOf('"', j);
        // The condition as typed, unquoted: it holds quotes of its own.
        if (q < 0) throw new Error(`${text}: a quoted value has no closing quote`);
        value += list.slice(j, q);
        if (list[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      const end = valueEnd(j);
      const after = list.slice(j, end);
      if (after.trim() !== '') throw new Error(`${text}: text after a quoted value (${after.trim()}); put a comma between values`);
      // "" is a value no cell has (cells are read trimmed, an empty one as no value): a row without one fails = and passes !=.
      if (value.trim() === '') throw new Error(`${text}: an empty value, which no cell has (a row without a value fails = and passes !=)`);
      out.push(value.trim());
      i = end + 1;
    } else {
      const end = valueEnd(i);
      const value = list.slice(i, end).trim();
      if (value !== '') out.push(value);
      i = end + 1;
    }
  }
  return out;
}

/** A condition as parseWhere reads it back: `team="Sales, EMEA",Support` (a value with a comma or a leading quote in quotes). */
export function whereText(w: WhereClause): string {
  const value = (v: string) => (v.includes(',') || v.startsWith('"') ? `"${v.replaceAll('"', '""')}"` : v);
  return `${w.column}${w.negate ? '!=' : '='}${w.values.map(value).join(',')}`;
}

/** SLA targets in seconds (null: none). */
export interface SlaTargets {
  firstResponse: number | null;
  resolution: number | null;
}

/**
 * --sla as given, repeatable: `first_response=1h,resolution=24h` (the default targets) and
 * `priority=urgent,high:first_response=15m` (the targets of tickets of those priorities),
 * in the shape of the config's "sla": {"first_response": "1h", "priority": {"urgent": {"first_response": "15m"}}}.
 */
export function parseSlaFlags(texts: string | string[]): { first_response?: string; resolution?: string; priority?: Record<string, Record<string, string>> } {
  const out: Record<string, string> & { priority?: Record<string, Record<string, string>> } = {};
  for (const text of Array.isArray(texts) ? texts : [texts]) {
    const m = /^\s*priority\s*=([^:]*):(.*)$/s.exec(text);
    if (m === null) {
      if (/^\s*priority\s*=/.test(text)) throw new Error(`"${text}" should be priority=NAME:first_response=15m,resolution=4h`);
      addOnce(out, parseSlaFlag(text), '');
      continue;
    }
    const names = parseList(m[1]);
    if (names.length === 0) throw new Error(`"${text}": no priority before ":"`);
    const spec = parseSlaFlag(m[2]);
    out.priority ??= {};
    for (const name of names) addOnce((out.priority[name] ??= {}), spec, `priority ${name}: `);
  }
  return out;
}

/** Adds targets, refusing one given twice: of "1h" and "2h" for the same SLA, neither is more right. */
function addOnce(into: Record<string, string>, spec: Record<string, string>, prefix: string): void {
  for (const [k, v] of Object.entries(spec)) {
    if (k in into) throw new Error(`${prefix}${k} is given twice ("${into[k]}" and "${v}")`);
    into[k] = v;
  }
}
