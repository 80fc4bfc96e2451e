/**
 * A span of time written for people: `1h`, `30m`, `1h30m`, `90s`, `2d`, `1.5h`, or a
 * bare number of seconds. Returns seconds, or null when the text is not a span.
 *
 * @example parseSpan('1h30m') // 5400
 */
export function parseSpan(text: string): number | null {
  // Whitespace anywhere goes, the ends included: `1d 2h`, ` 1H `.
  const s = text.toLowerCase().replace(/\s/g, '');
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (!/^(\d+(\.\d+)?(d|h|m|min|s|sec))+$/.test(s)) return null;
  const unit: Record<string, number> = { d: 86400, h: 3600, m: 60, min: 60, s: 1, sec: 1 };
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(d|h|min|m|sec|s)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}
