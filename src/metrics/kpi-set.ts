import { classify } from './bands.js';
import type { BandLabel } from './bands.js';
import type { KpiDefinition, KpiId } from './definition.js';
import type { AnswerFacts, CustomerPeriodFacts, Scale, TicketFacts } from './facts.js';
import { AgentWorkTime, agentWorkTime } from './agent-work-time.js';
import { AverageHandleTime, averageHandleTime } from './average-handle-time.js';
import { Backlog, backlog } from './backlog.js';
import type { BacklogResult } from './backlog.js';
import { Ces, ces } from './ces.js';
import { Csat, csat } from './csat.js';
import { CustomerPeriods, churnRate, retentionRate } from './customer-periods.js';
import { FirstContactResolution, firstContactResolution } from './first-contact-resolution.js';
import { FirstResponseTime, firstResponseTime } from './first-response-time.js';
import type { Clock } from './first-response-time.js';
import { Nps, nps } from './nps.js';
import { OneTouchResolution, oneTouchResolution } from './one-touch-resolution.js';
import { ReopenRate, reopenRate } from './reopen-rate.js';
import { RequesterWaitTime, requesterWaitTime } from './requester-wait-time.js';
import { ResolutionRate, resolutionRate } from './resolution-rate.js';
import { ResolutionTime, resolutionTime } from './resolution-time.js';
import { SelfServiceRate, selfServiceRate } from './self-service-rate.js';
import { Sla, slaFirstResponse, slaResolution } from './sla.js';
import type { SlaAsOf } from './sla.js';
import { TicketVolume, ticketVolume } from './ticket-volume.js';
import { TicketsPerCustomer, ticketsPerCustomer } from './tickets-per-customer.js';
import { intervalOf } from '../stats/estimate.js';
import { Sample } from '../stats/sample.js';
import { DistinctIds } from '../structures/distinct-ids.js';

/** Every KPI, in report order. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  ticketVolume,
  ticketsPerCustomer,
  firstResponseTime,
  resolutionTime,
  resolutionRate,
  averageHandleTime,
  firstContactResolution,
  selfServiceRate,
  reopenRate,
  oneTouchResolution,
  requesterWaitTime,
  agentWorkTime,
  backlog,
  csat,
  nps,
  ces,
  retentionRate,
  churnRate,
  slaFirstResponse,
  slaResolution,
];

/** The KPIs present in a result, in report order (the SLA ones only when asked for). */
export function presentKpis(kpis: KpiResults): KpiId[] {
  return KPI_DEFINITIONS.map((d) => d.id).filter((id) => kpis[id] !== undefined);
}

export const KPI_BY_ID: ReadonlyMap<KpiId, KpiDefinition> = new Map(KPI_DEFINITIONS.map((d) => [d.id, d]));

export interface KpiOptions {
  csatScale: Scale;
  cesScale: Scale;
  /** SLA targets in seconds; the SLA KPIs exist only when their target is given. */
  slaFirstResponseSeconds: number | null;
  slaResolutionSeconds: number | null;
  /** Targets per priority (lower-cased); an SLA KPI exists when its default or a priority's target is given. */
  slaPriorityTargets?: Record<string, { firstResponse: number | null; resolution: number | null }>;
  /** sla_resolution from the tickets' own sla_met flag (no resolution target given, the column mapped). */
  slaResolutionFromFlag?: boolean;
  clock: Clock;
  /** Level of every interval (0.95 = 95 %). */
  confidence: number;
  /** Below this many answers or tickets a KPI is a small sample: no band, its n and interval shown. */
  minSample: number;
}

/** One KPI's result as reported: value, unit, the KPI's detail fields, band. */
export type KpiValue = { value: number | null; unit: string; band: BandLabel | null } & Record<string, unknown>;
export type KpiResults = Partial<Record<KpiId, KpiValue>>;
/** Accumulator results before bands and intervals. */
export type RawResults = Partial<Record<KpiId, { value: number | null; unit: string }>>;

/**
 * All KPI accumulators for one slice of the data (the whole window, one period, one group).
 * add* feed it one fact at a time, merge folds in another slice, result reads it out:
 * a slice computed in parts and merged equals the slice computed in one pass.
 */
export class KpiSet {
  readonly volume = new TicketVolume();
  readonly perCustomer = new TicketsPerCustomer();
  readonly firstResponse = new FirstResponseTime();
  readonly resolutionTime = new ResolutionTime();
  readonly resolutionRate = new ResolutionRate();
  readonly handleTime = new AverageHandleTime();
  readonly fcr = new FirstContactResolution();
  readonly selfService = new SelfServiceRate();
  readonly reopens = new ReopenRate();
  readonly touches = new OneTouchResolution();
  readonly requesterWait = new RequesterWaitTime();
  readonly agentWork = new AgentWorkTime();
  /**
   * The (created, resolved) instants of the slice's tickets for the backlog: fed by the
   * report builder, not by addTicket, because tickets created before the window still count.
   */
  readonly backlog = new Backlog();
  readonly csat: Csat;
  readonly nps = new Nps();
  readonly ces: Ces;
  readonly customers = new CustomerPeriods();
  readonly slaFirstResponse: Sla | null;
  readonly slaResolution: Sla | null;

  constructor(readonly options: KpiOptions) {
    this.csat = new Csat(options.csatScale);
    this.ces = new Ces(options.cesScale);
    this.slaFirstResponse = slaOf(options, 'firstResponse');
    this.slaResolution = options.slaResolutionFromFlag ? new Sla(null, 'sla_met') : slaOf(options, 'resolution');
  }

  /**
   * Gives back its methods to a KpiSet that crossed a thread boundary (structured clone
   * keeps the fields, typed arrays and Maps, not the prototypes).
   */
  static revive(o: KpiSet): KpiSet {
    const set = (x: object | null, proto: object) => x !== null && Object.setPrototypeOf(x, proto);
    set(o, KpiSet.prototype);
    set(o.volume, TicketVolume.prototype);
    set(o.perCustomer, TicketsPerCustomer.prototype);
    DistinctIds.revive(o.perCustomer.customers);
    set(o.firstResponse, FirstResponseTime.prototype);
    set(o.firstResponse.sample, Sample.prototype);
    set(o.resolutionTime, ResolutionTime.prototype);
    set(o.resolutionTime.sample, Sample.prototype);
    set(o.resolutionRate, ResolutionRate.prototype);
    set(o.handleTime, AverageHandleTime.prototype);
    set(o.fcr, FirstContactResolution.prototype);
    set(o.selfService, SelfServiceRate.prototype);
    set(o.reopens, ReopenRate.prototype);
    set(o.touches, OneTouchResolution.prototype);
    set(o.requesterWait, RequesterWaitTime.prototype);
    set(o.requesterWait.sample, Sample.prototype);
    set(o.agentWork, AgentWorkTime.prototype);
    set(o.agentWork.sample, Sample.prototype);
    set(o.backlog, Backlog.prototype);
    set(o.csat, Csat.prototype);
    set(o.nps, Nps.prototype);
    set(o.ces, Ces.prototype);
    set(o.customers, CustomerPeriods.prototype);
    set(o.slaFirstResponse, Sla.prototype);
    set(o.slaResolution, Sla.prototype);
    return o;
  }

  /** The large typed-array buffers inside, to transfer between threads rather than copy. */
  buffers(): ArrayBuffer[] {
    return [
      this.firstResponse.sample.buffer(),
      this.resolutionTime.sample.buffer(),
      this.requesterWait.sample.buffer(),
      this.agentWork.sample.buffer(),
      ...this.backlog.buffers(),
      ...this.perCustomer.customers.buffers(),
    ];
  }

  /** Sorts the exact-percentile samples now: done by each thread on its part, merging them is then linear. */
  sortSamples(): void {
    this.firstResponse.sample.sort();
    this.resolutionTime.sample.sort();
    this.requesterWait.sample.sort();
    this.agentWork.sample.sort();
  }

  addTicket(t: TicketFacts): void {
    this.volume.add(t);
    this.perCustomer.add(t);
    this.firstResponse.add(t);
    this.resolutionTime.add(t);
    this.resolutionRate.add(t);
    this.handleTime.add(t);
    this.fcr.add(t);
    this.selfService.add(t);
    this.reopens.add(t);
    this.touches.add(t);
    this.requesterWait.add(t);
    this.agentWork.add(t);
    // A time left out as invalid is neither met, missed nor pending.
    const fr = this.slaFirstResponse;
    if (fr && !t.firstResponseDropped) {
      if (t.firstResponseSeconds !== null || t.firstResponseUnknown) fr.add(t.firstResponseSeconds, t.slaFirstResponseTarget);
      // Unanswered: resolved, it waited its resolution time (unknown: pending); open, it waits still.
      else if (t.resolved) fr.addUnfinished(t.resolutionSeconds, null, t.slaFirstResponseTarget);
      else fr.addUnfinished(null, t.createdAt, t.slaFirstResponseTarget);
    }
    const res = this.slaResolution;
    if (res?.source === 'sla_met') res.addFlag(t.resolved, t.slaMet ?? null);
    else if (res && !t.resolved) res.addUnfinished(null, t.createdAt, t.slaResolutionTarget);
    else if (res && !t.resolutionDropped) res.add(t.resolutionSeconds, t.slaResolutionTarget);
  }

  addAnswer(a: AnswerFacts): void {
    if (a.type === 'csat') this.csat.add(a);
    else if (a.type === 'nps') this.nps.add(a);
    else this.ces.add(a);
  }

  addCustomerPeriod(p: CustomerPeriodFacts): void {
    this.customers.add(p);
  }

  merge(o: KpiSet): void {
    this.volume.merge(o.volume);
    this.perCustomer.merge(o.perCustomer);
    this.firstResponse.merge(o.firstResponse);
    this.resolutionTime.merge(o.resolutionTime);
    this.resolutionRate.merge(o.resolutionRate);
    this.handleTime.merge(o.handleTime);
    this.fcr.merge(o.fcr);
    this.selfService.merge(o.selfService);
    this.reopens.merge(o.reopens);
    this.touches.merge(o.touches);
    this.requesterWait.merge(o.requesterWait);
    this.agentWork.merge(o.agentWork);
    this.backlog.merge(o.backlog);
    this.csat.merge(o.csat);
    this.nps.merge(o.nps);
    this.ces.merge(o.ces);
    this.customers.merge(o.customers);
    if (this.slaFirstResponse && o.slaFirstResponse) this.slaFirstResponse.merge(o.slaFirstResponse);
    if (this.slaResolution && o.slaResolution) this.slaResolution.merge(o.slaResolution);
  }

  /**
   * days: the calendar days ticket_volume.daily_average divides by (null: unknown).
   * backlog: the slice's backlog as the report builder reads it (at the slice's end, from
   * the slice's or the totals' tickets); by default this set's own, open now.
   */
  result(days: number | null, backlog: BacklogResult = this.backlog.result(null), slaAsOf: SlaAsOf | null = null): KpiResults {
    return this.finish(this.raw(days, backlog, slaAsOf));
  }

  /** Each accumulator's result, before bands and intervals; slaAsOf: when and how the SLAs' waiting tickets are judged. */
  protected raw(days: number | null, backlog: BacklogResult, slaAsOf: SlaAsOf | null = null): RawResults {
    const clock = this.options.clock;
    const raw: RawResults = {
      ticket_volume: this.volume.result(days),
      tickets_per_customer: this.perCustomer.result(),
      first_response_time: this.firstResponse.result(clock, this.options.confidence),
      resolution_time: this.resolutionTime.result(clock, this.options.confidence),
      resolution_rate: this.resolutionRate.result(),
      average_handle_time: this.handleTime.result(),
      first_contact_resolution: this.fcr.result(),
      self_service_rate: this.selfService.result(),
      reopen_rate: this.reopens.result(),
      one_touch_resolution: this.touches.result(),
      requester_wait_time: this.requesterWait.result(clock, this.options.confidence),
      agent_work_time: this.agentWork.result(clock, this.options.confidence),
      backlog,
      csat: this.csat.result(),
      nps: this.nps.result(),
      ces: this.ces.result(),
      retention_rate: this.customers.retention(),
      churn_rate: this.customers.churn(),
    };
    if (this.slaFirstResponse) raw.sla_first_response = this.slaFirstResponse.result(slaAsOf);
    if (this.slaResolution) raw.sla_resolution = this.slaResolution.result(slaAsOf);
    return raw;
  }

  /** Results with their band, and for estimates their interval and small-sample mark. */
  protected finish(raw: RawResults): KpiResults {
    const out: KpiResults = {};
    for (const def of KPI_DEFINITIONS) {
      const r = raw[def.id];
      if (!r) continue;
      // Each accumulator's result is a new object: fields go on it, not on a spread copy,
      // which cost seconds over 150,000 groups. band last, as JSON shows it.
      const k = r as KpiValue;
      if (!def.estimate) {
        k.band = classify(r.value, def.bands);
        out[def.id] = k;
        continue;
      }
      const e = def.estimate(r);
      // A band from a handful of answers is noise: a small sample gets its n and interval, no band.
      const small = e.n > 0 && e.n < this.options.minSample;
      k.band = small ? null : classify(r.value, def.bands);
      k.ci = intervalOf(e, this.options.confidence);
      k.small_sample = small;
      out[def.id] = k;
    }
    return out;
  }
}

/** One SLA's accumulator: when its default target or some priority's is given, else null. */
function slaOf(options: KpiOptions, kind: 'firstResponse' | 'resolution'): Sla | null {
  const target = kind === 'firstResponse' ? options.slaFirstResponseSeconds : options.slaResolutionSeconds;
  const byPriority = Object.entries(options.slaPriorityTargets ?? {}).filter(([, t]) => t[kind] !== null);
  if (target === null && byPriority.length === 0) return null;
  return new Sla(target, 'targets', byPriority.length === 0 ? null : Object.fromEntries(byPriority.map(([p, t]) => [p, t[kind]!])));
}
