/**
 * --list breaches: the tickets that missed an SLA, for the follow-up a lead does next —
 * which ticket, whose, since when, which SLA, its target and the time it took. One list
 * in the report's window, after --where, oldest ticket first; as a table, CSV or JSON.
 */
import { formatInstant } from '../time/instant.js';
import type { TimeZone } from '../time/time-zone.js';
import { escapeControls } from '../escape-controls.js';
import { csvLine } from './to-csv.js';
import { humanDuration, humanNumber, unbroken } from './humanize.js';
import { BoxTable, tableWidth } from './box-table.js';
import { displayWidth, truncate, wrap } from './text-width.js';

export const BREACHES_SCHEMA = 'csm-kpi/breaches@1';

/** One SLA one ticket missed. */
export interface Breach {
  id: string;
  priority: string | null;
  agent: string | null;
  createdAt: number;
  sla: 'first_response' | 'resolution';
  /** The ticket's target in seconds (its priority's, else the default); null when the verdict is the export's sla_met flag. */
  target: number | null;
  /** The time it took (seconds, on the report's clock); null when unknown (a flagged ticket without a resolution time). */
  actual: number | null;
  /**
   * The ticket never got the time (no first response, or not resolved) and its target
   * passed: actual is how long it waited — until its resolution (resolved unanswered), or
   * until the data's last ticket time (still waiting; null until the list is made).
   */
  overdue?: boolean;
}

/** What the list is printed from. */
export interface BreachList {
  timezone: string;
  window: { from: string | null; to: string | null };
  where?: string[];
  clock: 'calendar' | 'business';
  breaches: Breach[];
}

/** Each breach as JSON writes it: times in the report's zone, durations in seconds. */
function entry(b: Breach, zone: TimeZone) {
  return {
    id: b.id,
    priority: b.priority,
    agent: b.agent,
    created_at: formatInstant(b.createdAt, zone),
    sla: b.sla,
    target_seconds: b.target,
    actual_seconds: b.actual,
    over_seconds: b.target === null || b.actual === null ? null : b.actual - b.target,
    source: b.target === null ? 'sla_met' : 'targets',
    // Last: added after the columns a script may read by position.
    overdue: b.overdue === true,
  };
}

export function breachesJson(list: BreachList, zone: TimeZone): string {
  const { breaches, ...rest } = list;
  return JSON.stringify({ schema: BREACHES_SCHEMA, ...rest, count: breaches.length, breaches: breaches.map((b) => entry(b, zone)) }, null, 2) + '\n';
}

/** One row per breach, a header first. */
export function breachesCsv(list: BreachList, zone: TimeZone): string {
  let out = csvLine(['id', 'priority', 'agent', 'created_at', 'sla', 'target_seconds', 'actual_seconds', 'over_seconds', 'source', 'overdue']);
  for (const b of list.breaches) out += csvLine(Object.values(entry(b, zone)));
  return out;
}

/** A table for the terminal: text columns cut to fit its width (the full values are in CSV and JSON). */
export function breachesTable(list: BreachList, zone: TimeZone, width: number): string {
  const n = list.breaches.length;
  const scope = list.window.from || list.window.to ? `${list.window.from ?? 'start'} → ${list.window.to ?? 'end'}` : 'all time';
  const lines = wrap(`SLA breaches · ${humanNumber(n)} · ${scope} · time zone ${list.timezone}${list.where ? ` · where ${list.where.join(' and ')}` : ''}`, width, { indent: '  ' });
  if (n === 0) return [...lines, 'No ticket missed an SLA.'].join('\n') + '\n';
  // Verdicts all from the export's flag: no target to show, the heading says where they come from.
  const flagOnly = list.breaches.every((b) => b.target === null);
  if (flagOnly) lines.push('  (verdicts from the export\'s own sla_met flag)');
  const rows = list.breaches.map((b) => {
    const created = formatInstant(b.createdAt, zone).slice(0, 16).replace('T', ' ');
    const row = [
      escapeControls(b.id),
      escapeControls(b.priority ?? '(none)'),
      escapeControls(b.agent ?? '(none)'),
      created,
      b.sla === 'first_response' ? 'response' : 'resolution',
      b.target === null ? 'sla_met' : humanDuration(b.target),
      // Overdue: how long it had waited without the reply or resolution, at least (a footnote says so).
      b.actual === null ? 'n/a' : `${humanDuration(b.actual)}${b.overdue ? '+' : ''}`,
    ];
    if (flagOnly) row.splice(5, 1);
    return row;
  });
  const head = ['Ticket', 'Priority', 'Agent', 'Created', 'SLA', ...(flagOnly ? [] : ['Target']), 'Took'];
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  // Text columns give way until the table fits: priority and agent first (the widest of them), the ticket id last.
  for (const cut of [[1, 2], [0]]) {
    while (tableWidth(widths) > width) {
      const i = cut.reduce((a, b) => (widths[b] > widths[a] ? b : a));
      if (widths[i] <= 6) break;
      widths[i]--;
    }
  }
  const out = [...lines];
  if (tableWidth(widths) > width) {
    // Too narrow for the table even with its text cut: one block per breach, wrapped, whole.
    rows.forEach((r, i) => {
      const [id, priority, agent, created, sla] = r;
      // A ticket's two breaches under one heading (the list is in ticket order).
      const ticket = `${id} · ${priority} · ${agent} · ${created}`;
      if (i === 0 || list.breaches[i - 1].id !== list.breaches[i].id || list.breaches[i - 1].createdAt !== list.breaches[i].createdAt) out.push(...wrap(ticket, width, { indent: '  ' }));
      out.push(...wrap(`${sla}: took ${unbroken(r[r.length - 1])}${flagOnly ? '' : `, target ${unbroken(r[5])}`}`, width - 2, { indent: '  ' }).map((l) => `  ${l}`));
    });
  } else {
    const table = new BoxTable(
      head.map((h, i) => truncate(h, widths[i])),
      head.map((_, i) => (i >= 5 ? 'right' : 'left')),
    );
    for (const r of rows) table.add(r.map((cell, i) => (i <= 2 ? truncate(cell, widths[i]) : cell)));
    out.push(table.render((s) => s));
  }
  // "Took" of a ticket that never got the time is how long it had waited, which the heading's "took" would not say.
  if (list.breaches.some((b) => b.overdue)) out.push(...wrap('+ not answered (response) or not resolved (resolution) when the target passed: how long it had waited, until its resolution or the data\'s last ticket time', width));
  return out.join('\n') + '\n';
}
