import type { TimeZone } from './time-zone.js';

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** An instant as ISO 8601 local time in zone with its offset: 2026-03-01T00:00:00+01:00 (Z in UTC). */
export function formatInstant(utcMs: number, zone: TimeZone): string {
  const off = zone.offsetAt(utcMs);
  const d = new Date(utcMs + off);
  const base =
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (d.getUTCMilliseconds() ? `.${pad(d.getUTCMilliseconds(), 3)}` : '');
  if (zone.name === 'UTC') return base + 'Z';
  const mins = Math.round(off / 60_000);
  return `${base}${mins < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(mins) / 60))}:${pad(Math.abs(mins) % 60)}`;
}
