import type { KpiDefinition } from './definition.js';
import type { TicketFacts } from './facts.js';
import { durationEstimate } from './first-response-time.js';
import { ResolvedDuration } from './requester-wait-time.js';
import { durationFields } from './sql.js';

export const agentWorkTime: KpiDefinition = {
  id: 'agent_work_time',
  title: 'Agent work time',
  unit: 'seconds',
  formula:
    "mean of the helpdesk's agent work time (the time the ticket was in an agent's hands: new and open) over resolved tickets that have it; median and p90 exact (R type 7)",
  inputs: 'tickets: agent_work_seconds / _minutes / _hours (calendar clock) or agent_work_business_seconds / _minutes / _hours (business clock), status',
  better: 'lower',
  estimate: (r) => durationEstimate(r),
  bands: null,
  example: 'resolved tickets worked 20 min, 40 min and 90 min → mean 50 min, median 40 min, p90 80 min (40 + 0.8 × (90 − 40))',
  // The calendar column only: the SQL has no business clock (--engine duckdb refuses --business-hours).
  sql: { family: 'agent_work', fields: (d) => durationFields(d) },
};

export class AgentWorkTime extends ResolvedDuration {
  protected seconds(t: TicketFacts): number | null {
    return t.agentWorkSeconds;
  }
}
