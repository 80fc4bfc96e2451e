import { IdValue } from '../structures/id-value.js';

/**
 * What the metrics need to know about one ticket, one survey answer and one customer
 * period, already parsed and validated by src/input. Times are epoch milliseconds,
 * durations seconds; the clock (calendar or business hours) was applied before.
 */
export interface TicketFacts {
  createdAt: number;
  /** created → first response, null when unanswered. */
  firstResponseSeconds: number | null;
  /**
   * The first response's time was in the export but invalid and left out (invalid_fields
   * "drop_field"): the ticket is neither answered nor unanswered for first_response_time.
   */
  firstResponseDropped: boolean;
  /**
   * Answered though firstResponseSeconds is null: the time is unknown on the report's clock
   * (on the business clock, the helpdesk's business-hours cell empty beside a reply's
   * timestamp). Never "still unanswered" for an SLA: pending.
   */
  firstResponseUnknown?: boolean;
  /** created → resolved, null when not resolved or no time is known. */
  resolutionSeconds: number | null;
  /** A resolved ticket whose resolution time was invalid and left out. */
  resolutionDropped: boolean;
  resolved: boolean;
  /** The customer's id (not present: no customer). */
  customer: IdValue;
  /** Customer contacts needed for the issue (≥ 1), null when unknown. */
  contacts: number | null;
  /** Reopened at least once; null when the export gives no reopen value for it. */
  reopened: boolean | null;
  /** Agent replies (≥ 0), null when unknown. */
  replies: number | null;
  /** The helpdesk's requester wait and agent work times on the report's clock, null when not given. */
  requesterWaitSeconds: number | null;
  agentWorkSeconds: number | null;
  /** talk + hold + after-work, null when the ticket carries none of them. */
  handleSeconds: number | null;
  selfService: boolean;
  /**
   * The ticket's own SLA targets (its priority's, --sla priority=…), seconds; null: none, the
   * ticket is not counted; absent: the SLA's default target.
   */
  slaFirstResponseTarget?: number | null;
  slaResolutionTarget?: number | null;
  /** The helpdesk's own verdict on the ticket's SLA (column sla_met), null when empty or absent. */
  slaMet?: boolean | null;
}

/** A ticket with nothing known but its creation: the starting point for the facts of a row. */
export function emptyTicketFacts(over: Partial<TicketFacts> = {}): TicketFacts {
  return {
    createdAt: 0,
    firstResponseSeconds: null,
    firstResponseDropped: false,
    resolutionSeconds: null,
    resolutionDropped: false,
    resolved: false,
    customer: new IdValue(),
    contacts: null,
    reopened: null,
    replies: null,
    requesterWaitSeconds: null,
    agentWorkSeconds: null,
    handleSeconds: null,
    selfService: false,
    ...over,
  };
}

export type SurveyType = 'csat' | 'nps' | 'ces';

export interface AnswerFacts {
  type: SurveyType;
  /** The score; ignored when offered (a survey sent and not answered). */
  score: number;
  /** A CSAT survey offered and not answered: only csat.response_rate counts it. */
  offered?: boolean;
}

export interface CustomerPeriodFacts {
  periodStart: number;
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
}

/** An inclusive integer rating scale such as 1..5. */
export interface Scale {
  min: number;
  max: number;
}

export type Unit = 'count' | 'ratio' | 'seconds' | 'percent' | 'score';
