import type { KpiDefinition } from './definition.js';
import type { Estimate } from '../stats/estimate.js';

/** Met of met + missed: pending tickets are not yet a sample. */
function slaEstimate(r: Record<string, unknown>): Estimate {
  return { kind: 'proportion', successes: r.met as number, n: (r.met as number) + (r.missed as number) };
}
import { percent } from '../stats/ratio.js';
import { sqlPercent } from './sql.js';
import type { KpiSql, SqlDialect, SqlOptions } from './sql.js';

/**
 * Met (≤ target), missed, pending and overdue of a duration column, as Sla says: a duration
 * equal to the target meets it. A ticket without the duration waited — until it stopped
 * waiting (resolved), or until the data's last ticket time (as_of_ms) while it still waits:
 * over the target, overdue (and missed); within it and resolved, met; else pending.
 */
function slaSql(c: {
  /** The tickets with a time, as a condition prefix ('' or 'resolved AND '), and the time's column. */
  timed: string;
  column: string;
  /** The tickets without the time (not left out as invalid). */
  without: (o: SqlOptions) => string;
  /** Seconds such a ticket waited (NULL: unknown). */
  waited: (d: SqlDialect) => string;
  target: (o: SqlOptions) => number | null;
}): KpiSql {
  return {
    family: 'tickets',
    fields: (d, o) => {
      const t = c.target(o) ?? 0;
      const without = c.without(o);
      const late = `(${c.waited(d)}) > ${t}`;
      // Stopped waiting within the target: met (NULL, an unknown wait, is neither).
      const stoppedInTime = `resolved AND (${c.waited(d)}) <= ${t}`;
      const met = d.countIf(`(${c.timed}${c.column} <= ${t}) OR (${without} AND ${stoppedInTime})`);
      const missed = d.countIf(`(${c.timed}${c.column} > ${t}) OR (${without} AND ${late})`);
      return [
        { name: 'value', sql: sqlPercent(d, met, `(${met} + ${missed})`) },
        { name: 'met', sql: met, count: true },
        { name: 'missed', sql: missed, count: true },
        { name: 'pending', sql: d.countIf(`${without} AND NOT COALESCE(${late}, FALSE) AND NOT COALESCE(${stoppedInTime}, FALSE)`), count: true },
        { name: 'overdue', sql: d.countIf(`${without} AND ${late}`), count: true },
      ];
    },
  };
}

/** Seconds from a ticket's creation to the data's last ticket time (the calendar clock: the SQL engines have no other). */
const waitingSoFar = (d: SqlDialect) => `CAST(as_of_ms - created_ms AS ${d.double}) / 1000`;

export const slaFirstResponse: KpiDefinition = {
  id: 'sla_first_response',
  title: 'SLA: first response',
  unit: 'percent',
  formula:
    "tickets answered (or resolved unanswered) within the first-response target / (met + missed) × 100; missed: answered after the target, or still unanswered when it passed (overdue: open and unanswered at the data's last ticket time, or resolved unanswered, longer than the target); open unanswered tickets whose target has not passed, and resolved unanswered ones at an unknown time, are pending, in neither",
  inputs:
    'tickets: first response time (business hours when --business-hours is given); --sla first_response=1h, per priority --sla priority=urgent:first_response=15m (a ticket takes its priority\'s target, else the default; without either it is not counted: no_target)',
  better: 'higher',
  estimate: (r) => slaEstimate(r),
  bands: null,
  example: "target 1 h, the data's last ticket at 18:00; answered after 20 min, 50 min, 1 h and 3 h; unanswered, created at 09:00 (overdue) and at 17:30 (pending) → 3 met of 5 → 60 %",
  sql: slaSql({
    timed: '',
    column: 'fr_s',
    // A time left out as invalid (drop_field) is neither met, missed nor pending (KpiSet.addTicket).
    without: (o) => `fr_s IS NULL${o.droppedFields ? ' AND NOT fr_dropped' : ''}`,
    // Unanswered: a resolved ticket waited until its resolution, an open one waits still.
    waited: (d) => `CASE WHEN resolved THEN res_s ELSE ${waitingSoFar(d)} END`,
    target: (o) => o.slaFirstResponseSeconds,
  }),
};

/** sla_resolution against its targets: a resolved ticket by its time; an open one waits still, resolved without a time is pending. */
const slaByTarget = slaSql({
  timed: 'resolved AND ',
  column: 'res_s',
  without: (o) => `(NOT resolved OR (res_s IS NULL${o.droppedFields ? ' AND NOT res_dropped' : ''}))`,
  waited: (d) => `CASE WHEN resolved THEN NULL ELSE ${waitingSoFar(d)} END`,
  target: (o) => o.slaResolutionSeconds,
});

export const slaResolution: KpiDefinition = {
  id: 'sla_resolution',
  title: 'SLA: resolution',
  unit: 'percent',
  formula:
    "resolved tickets resolved within the resolution target / (met + missed) × 100; missed: resolved after the target, or open longer than it at the data's last ticket time (overdue); open tickets within it and resolved ones without a time are pending, in neither; or, without a resolution target, from the helpdesk's own met/missed flag (column sla_met): resolved tickets flagged met / resolved tickets flagged met or missed × 100",
  inputs:
    'tickets: resolution time (business hours when --business-hours is given); --sla resolution=24h, per priority --sla priority=urgent:resolution=4h (a ticket takes its priority\'s target, else the default; without either it is not counted: no_target). Or a sla_met column (ServiceNow made_sla): used when no resolution target is given, and ignored (with a note) when one is',
  better: 'higher',
  estimate: (r) => slaEstimate(r),
  bands: null,
  example: 'target 24 h; resolved in 2 h, 12 h, 24 h, 30 h and 48 h, one open for 3 days (overdue) → 3 met of 6 → 50 %',
  sql: {
    family: 'tickets',
    // Sla.addFlag: an open ticket is pending, a resolved one counts by its flag, a resolved one without a flag in none (no_flag).
    fields: (d, o) => {
      if (!o.slaResolutionFromFlag) return slaByTarget.fields(d, o);
      const met = d.countIf('resolved AND sla_met');
      const missed = d.countIf('resolved AND NOT sla_met');
      return [
        { name: 'value', sql: sqlPercent(d, met, `(${met} + ${missed})`) },
        { name: 'met', sql: met, count: true },
        { name: 'missed', sql: missed, count: true },
        { name: 'pending', sql: d.countIf('NOT resolved'), count: true },
        { name: 'no_flag', sql: d.countIf('resolved AND sla_met IS NULL'), count: true },
      ];
    },
  },
};

export interface SlaResult {
  value: number | null;
  unit: 'percent';
  target_seconds: number | null;
  /** The counts are null when no column gives the times (report-builder.ts): not every ticket pending. */
  met: number | null;
  missed: number | null;
  pending: number | null;
  /** Of missed (source targets): tickets still without the time when their target passed. */
  overdue?: number | null;
  source: SlaSource;
  targets?: Record<string, number>;
  no_target?: number;
  no_flag?: number;
}

/** Where met or missed comes from: durations against the targets, or the helpdesk's own flag (sla_met). */
export type SlaSource = 'targets' | 'sla_met';

/** A time over its target misses it; a time equal to the target meets it. */
export function missesTarget(seconds: number, target: number): boolean {
  return seconds > target;
}

/**
 * What an unfinished ticket (no first response, or not resolved) is judged against: the data's
 * last ticket time, and the report's clock from the ticket's creation to it. A ticket still
 * waiting when its target had already passed has missed it, answered or not later (a
 * helpdesk records the breach when the target passes); one whose target is still ahead is
 * pending.
 */
export interface SlaAsOf {
  /** The data's last ticket time (epoch ms): the latest creation or resolution instant read. */
  at: number;
  /** Seconds between two instants on the report's clock (calendar, or business hours). */
  seconds: (from: number, to: number) => number;
}

/**
 * Met/missed counts against a duration target: the default one, or the ticket's own (its
 * priority's; null: none, not counted). Or, for source sla_met, the tickets' own flags.
 * Tickets still waiting are kept (their creation and target, 16 bytes each) until the
 * result, which decides them at the data's last ticket time: O(waiting) per result.
 */
export class Sla {
  met = 0;
  missed = 0;
  pending = 0;
  /** Of missed: tickets that passed their target without the time (overdue), counted when added. */
  overdue = 0;
  /** Tickets not counted: no target for their priority, or (sla_met) an empty flag. */
  uncounted = 0;
  /** The waiting tickets' creation instants (epoch ms) and targets (seconds), decided at the result. */
  waitingSince: number[] = [];
  waitingTarget: number[] = [];

  constructor(
    readonly targetSeconds: number | null,
    readonly source: SlaSource = 'targets',
    /** Targets per priority, for the report (null: none). */
    readonly targets: Record<string, number> | null = null,
  ) {}

  add(seconds: number | null, target: number | null = this.targetSeconds): void {
    if (target === null) this.uncounted++;
    else if (seconds === null) this.pending++;
    else if (missesTarget(seconds, target)) this.missed++;
    else this.met++;
  }

  /**
   * A ticket without the time (unanswered, or open). waited: the seconds until it stopped
   * waiting (resolved unanswered): over the target → missed, overdue; within it → met, as
   * Zendesk fulfils a reply-time target when the ticket is solved (dbt_zendesk's
   * is_sla_breached). Without waited, since (its creation) keeps it waiting until the
   * result; with neither (resolved at an unknown time), it is pending.
   */
  addUnfinished(waited: number | null, since: number | null, target: number | null = this.targetSeconds): void {
    if (target === null) this.uncounted++;
    else if (waited !== null) {
      if (missesTarget(waited, target)) {
        this.missed++;
        this.overdue++;
      } else this.met++;
    } else if (since !== null) {
      this.waitingSince.push(since);
      this.waitingTarget.push(target);
    } else this.pending++;
  }

  /** A ticket by its own flag: pending until resolved; a resolved ticket without a flag is not counted. */
  addFlag(resolved: boolean, met: boolean | null): void {
    if (!resolved) this.pending++;
    else if (met === null) this.uncounted++;
    else if (met) this.met++;
    else this.missed++;
  }

  merge(o: Sla): void {
    this.met += o.met;
    this.missed += o.missed;
    this.pending += o.pending;
    this.overdue += o.overdue;
    this.uncounted += o.uncounted;
    for (let i = 0; i < o.waitingSince.length; i++) {
      this.waitingSince.push(o.waitingSince[i]);
      this.waitingTarget.push(o.waitingTarget[i]);
    }
  }

  /** The counts, the waiting tickets decided at asOf (null: none known, they are pending). */
  result(asOf: SlaAsOf | null = null): SlaResult {
    let late = 0;
    if (asOf !== null) {
      for (let i = 0; i < this.waitingSince.length; i++) if (missesTarget(asOf.seconds(this.waitingSince[i], asOf.at), this.waitingTarget[i])) late++;
    }
    const missed = this.missed + late;
    const r: SlaResult = {
      value: percent(this.met, this.met + missed),
      unit: 'percent',
      target_seconds: this.targetSeconds,
      met: this.met,
      missed,
      pending: this.pending + this.waitingSince.length - late,
      // Beside pending, as JSON shows them; the flag's verdicts are the helpdesk's, none overdue of ours.
      ...(this.source === 'targets' ? { overdue: this.overdue + late } : {}),
      source: this.source,
    };
    if (this.source === 'sla_met') r.no_flag = this.uncounted;
    else if (this.targets !== null) {
      r.targets = { ...this.targets };
      r.no_target = this.uncounted;
    }
    return r;
  }
}
