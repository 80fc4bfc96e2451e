import type { KpiDefinition } from './definition.js';
import type { Estimate } from '../stats/estimate.js';

/** Met of met + missed: pending tickets are not yet a sample. */
function slaEstimate(r: Record<string, unknown>): Estimate {
  return { kind: 'proportion', successes: r.met as number, n: (r.met as number) + (r.missed as number) };
}
import { percent } from '../stats/ratio.js';
import { sqlPercent } from './sql.js';
import type { KpiSql } from './sql.js';

/**
 * Met (≤ target), missed and pending of a duration column over the tickets where: a
 * duration equal to the target meets it, as Sla.add says.
 */
function slaSql(column: string, where: string, target: (o: { slaFirstResponseSeconds: number | null; slaResolutionSeconds: number | null }) => number | null, droppedColumn: string): KpiSql {
  return {
    family: 'tickets',
    fields: (d, o) => {
      const t = target(o) ?? 0;
      const met = d.countIf(`${where}${column} <= ${t}`);
      const missed = d.countIf(`${where}${column} > ${t}`);
      return [
        { name: 'value', sql: sqlPercent(d, met, `(${met} + ${missed})`) },
        { name: 'met', sql: met, count: true },
        { name: 'missed', sql: missed, count: true },
        // A time left out as invalid (drop_field) is neither met, missed nor pending (KpiSet.addTicket).
        { name: 'pending', sql: d.countIf(`${where}${column} IS NULL${o.droppedFields ? ` AND NOT ${droppedColumn}` : ''}`), count: true },
      ];
    },
  };
}

export const slaFirstResponse: KpiDefinition = {
  id: 'sla_first_response',
  title: 'SLA: first response',
  unit: 'percent',
  formula: 'tickets answered within the first-response target / tickets answered (met + missed) × 100; unanswered tickets are pending, in neither',
  inputs:
    'tickets: first response time (business hours when --business-hours is given); --sla first_response=1h, per priority --sla priority=urgent:first_response=15m (a ticket takes its priority\'s target, else the default; without either it is not counted: no_target)',
  better: 'higher',
  estimate: (r) => slaEstimate(r),
  bands: null,
  example: 'target 1 h; answered after 20 min, 50 min, 1 h and 3 h, one unanswered → 3 met of 4 → 75 % (1 pending)',
  sql: slaSql('fr_s', '', (o) => o.slaFirstResponseSeconds, 'fr_dropped'),
};

export const slaResolution: KpiDefinition = {
  id: 'sla_resolution',
  title: 'SLA: resolution',
  unit: 'percent',
  formula:
    'resolved tickets resolved within the resolution target / resolved tickets with a time (met + missed) × 100; or, without a resolution target, from the helpdesk\'s own met/missed flag (column sla_met): resolved tickets flagged met / resolved tickets flagged met or missed × 100',
  inputs:
    'tickets: resolution time (business hours when --business-hours is given); --sla resolution=24h, per priority --sla priority=urgent:resolution=4h (a ticket takes its priority\'s target, else the default; without either it is not counted: no_target). Or a sla_met column (ServiceNow made_sla): used when no resolution target is given, and ignored (with a note) when one is',
  better: 'higher',
  estimate: (r) => slaEstimate(r),
  bands: null,
  example: 'target 24 h; resolved in 2 h, 12 h, 24 h, 30 h and 48 h → 3 met of 5 → 60 %',
  // Over resolved tickets only: an open ticket is not pending a resolution target here (KpiSet.addTicket).
  sql: {
    family: 'tickets',
    // Sla.addFlag: an open ticket is pending, a resolved one counts by its flag, a resolved one without a flag in none (no_flag).
    fields: (d, o) => {
      if (!o.slaResolutionFromFlag) return slaSql('res_s', 'resolved AND ', (x) => x.slaResolutionSeconds, 'res_dropped').fields(d, o);
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
 * Met/missed counts against a duration target: the default one, or the ticket's own (its
 * priority's; null: none, not counted). Or, for source sla_met, the tickets' own flags.
 */
export class Sla {
  met = 0;
  missed = 0;
  pending = 0;
  /** Tickets not counted: no target for their priority, or (sla_met) an empty flag. */
  uncounted = 0;

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
    this.uncounted += o.uncounted;
  }

  result(): SlaResult {
    const r: SlaResult = {
      value: percent(this.met, this.met + this.missed),
      unit: 'percent',
      target_seconds: this.targetSeconds,
      met: this.met,
      missed: this.missed,
      pending: this.pending,
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
