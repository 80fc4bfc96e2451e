/**
 * The rows a reader hands on: validated, typed, in the canonical columns' meaning. Times are
 * epoch ms, durations seconds. What a value means, not how its cell was encoded.
 */
import type { Scale, SurveyType } from '../../metrics/facts.js';
import type { IdValue } from '../../structures/id-value.js';
import type { TimeZone } from '../../time/time-zone.js';
import type { Parsed } from '../cells/timestamp.js';

/** A validated ticket row; times are epoch ms, durations seconds. */
export interface TicketRow {
  line: number;
  id: IdValue;
  createdAt: number;
  firstResponseAt: number | null;
  /** A first-response duration given directly (first_response_seconds/minutes/hours). */
  firstResponseGiven: number | null;
  /** The helpdesk's own business-hours first-response time (used on the business clock only). */
  firstResponseBusinessGiven: number | null;
  /** A first-response field was invalid and left out (invalid_fields "drop_field"): answered or not is unknown. */
  firstResponseDropped: boolean;
  resolvedAt: number | null;
  resolutionGiven: number | null;
  resolutionBusinessGiven: number | null;
  /** A resolution time field was invalid and left out: its time is unknown. */
  resolutionDropped: boolean;
  resolved: boolean;
  channel: string | null;
  /** agent, team, priority: read only when a group needs them (RowReader.wanted). */
  agent: string | null;
  team: string | null;
  priority: string | null;
  /** The customer's id (not present: none). */
  customer: IdValue;
  contacts: number | null;
  /** Reopened at least once; null when the export has no reopen value for the ticket. */
  reopened: boolean | null;
  /** Agent replies (≥ 0), null when unknown. */
  replies: number | null;
  /** The helpdesk's requester wait and agent work totals, calendar and business-hours, seconds. */
  requesterWaitGiven: number | null;
  requesterWaitBusinessGiven: number | null;
  agentWorkGiven: number | null;
  agentWorkBusinessGiven: number | null;
  /**
   * The file has a business-hours column for first response / resolution: on the business
   * clock those columns alone give the time (one clock, the helpdesk's), never timestamps
   * recounted on the user's schedule.
   */
  firstResponseBusinessColumn: boolean;
  resolutionBusinessColumn: boolean;
  handleSeconds: number | null;
  selfService: boolean;
  csatScore: number | null;
  /** The helpdesk's own SLA verdict (sla_met), null when empty or absent (optional: rows built by hand leave it out). */
  slaMet?: boolean | null;
  /** A CSAT survey was offered and not answered (the csat_score cell is an offered token, e.g. Zendesk's Offered). */
  csatOffered: boolean;
  fields: string[];
}

export interface AnswerRow {
  line: number;
  type: SurveyType;
  score: number;
  respondedAt: number | null;
  /** The ids, agent, channel, team and priority: read only when a join or group needs them (RowReader.wanted). */
  ticketId: string | null;
  customerId: string | null;
  agent: string | null;
  channel: string | null;
  team: string | null;
  priority: string | null;
  fields: string[];
}

export interface CustomerRow {
  line: number;
  /** null only in a customer list without period_start (a snapshot). */
  periodStart: number | null;
  periodEnd: number | null;
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
}

/** The years a timestamp may fall in (both included), and the instants they span: [from, to). */
export interface ValidYears {
  first: number;
  last: number;
  from: number;
  to: number;
}

export interface ReadOptions {
  zone: TimeZone;
  /** Times of tickets and answers after this instant (epoch ms: the run's clock and a month) are counted in a note; none when absent. */
  futureAfter?: number;
  /** Timestamps outside these years are invalid (--valid-years); 1970–2099 in zone when absent. */
  validYears?: ValidYears;
  csatScale: Scale;
  cesScale: Scale;
  surveyType: SurveyType | null;
  selfServiceChannels: ReadonlySet<string>;
  /** Cell texts that mean "no value" besides the empty cell (e.g. NA, -, Offered). */
  nullTokens: ReadonlySet<string>;
  /** Per canonical column: lower-cased, trimmed cell text → replacement text (e.g. good → 5). */
  valueMaps: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Survey rows without a score: invalid (error), or non-answers counted apart (skip, e.g. NA or Offered). */
  emptyScore: 'error' | 'skip';
  /** Timestamp parser; ISO 8601 unless a date format was configured. */
  parseTime?: (text: string, zone: TimeZone) => Parsed<number>;
  /**
   * An invalid optional field (a first response before creation, a negative duration, an
   * unknown rating word): the row is invalid ("error", default), or that field alone is
   * left out and counted ("drop_field"), the row's other facts kept.
   */
  invalidFields?: InvalidFields;
  /** Duration column → time column: a 0 in the duration means none when the time is empty (Freshdesk's 00:00:00). */
  zeroMeansNone?: ReadonlyMap<string, string>;
  /** csat_score texts that mean "survey offered, not answered" (Zendesk's Offered), lower-cased: counted for csat.response_rate. */
  offeredTokens?: ReadonlySet<string>;
}

export type InvalidFields = 'error' | 'drop_field';
