/**
 * Which columns feed which KPI (src/input/header/coverage.ts): the notes a person reads when
 * a KPI has no input, and the `source` each time KPI names. Expected texts written by hand.
 */
import { describe, expect, it } from 'vitest';
import { feedColumns, KPI_COLUMNS, kpiKinds, missingInputs, timeSources } from '../../src/input/header/coverage.js';
import { mapHeader, NO_RULES } from '../../src/input/header/columns.js';
import type { FileKind } from '../../src/input/header/columns.js';

const file = (kind: FileKind, ...header: string[]) => mapHeader(`${kind}.csv`, header, kind, NO_RULES);
const tickets = (...extra: string[]) => file('tickets', 'id', 'created_at', ...extra);

describe('feedColumns', () => {
  const feed = { kind: 'tickets' as const, any: ['a'], businessOnly: ['b'] };
  it('calendar columns on the calendar clock, business columns added on the business clock', () => {
    expect(feedColumns(feed, false)).toEqual(['a']);
    expect(feedColumns(feed, true)).toEqual(['a', 'b']);
    expect(feedColumns({ ...feed, calendarOnly: true }, true)).toEqual(['b']);
    expect(feedColumns({ ...feed, calendarOnly: true }, false)).toEqual(['a']);
    expect(feedColumns({ kind: 'tickets', any: ['a'] }, true)).toEqual(['a']);
  });
  it('a duration is read in seconds, minutes or hours', () => {
    expect(KPI_COLUMNS.first_response_time).toEqual([
      {
        kind: 'tickets',
        any: ['first_response_at', 'first_response_seconds', 'first_response_minutes', 'first_response_hours'],
        businessOnly: ['first_response_business_seconds', 'first_response_business_minutes', 'first_response_business_hours'],
      },
    ]);
  });
});

describe('missingInputs', () => {
  const needs = (...args: Parameters<typeof missingInputs>) => Object.fromEntries(missingInputs(...args).map((m) => [m.kpi, m.needs]));

  it('names what would feed each KPI of the kinds given, and nothing for kinds not given', () => {
    const n = needs([tickets('status')], false);
    expect(n.first_response_time).toBe('first_response_at, first_response_seconds, first_response_minutes or first_response_hours');
    expect(n.first_contact_resolution).toBe('contacts');
    expect(n.csat).toBe('csat_score');
    expect(n.resolution_rate).toBeUndefined();
    expect(n.nps).toBeUndefined();
    expect(n.churn_rate).toBeUndefined();
    // CSAT is fed by either file: the surveys' score feeds it.
    const both = needs([tickets(), file('surveys', 'score')], false);
    expect(both.csat).toBeUndefined();
    expect(both.nps).toBeUndefined();
    expect(missingInputs([file('customers', 'customer_id', 'churned')], false)).toEqual([]);
    // A column of another kind of file feeds nothing here: the customers' customer_id is not the tickets'.
    expect(needs([tickets(), file('customers', 'customer_id', 'churned')], false).tickets_per_customer).toBe('customer_id');
  });

  it('says when a business-hours column is there but the clock is the calendar, and the other way round', () => {
    expect(needs([tickets('first_response_business_minutes')], false).first_response_time).toBe(
      'first_response_at, first_response_seconds, first_response_minutes or first_response_hours (first_response_business_minutes is used only with --business-hours)',
    );
    expect(needs([tickets('first_response_business_minutes')], true).first_response_time).toBeUndefined();
    expect(needs([tickets('requester_wait_minutes')], true).requester_wait_time).toBe(
      'requester_wait_business_seconds, requester_wait_business_minutes or requester_wait_business_hours on the business clock (requester_wait_minutes is calendar time, used without --business-hours)',
    );
    expect(needs([tickets('requester_wait_minutes')], false).requester_wait_time).toBeUndefined();
    // Several such columns, and a second file beside the tickets.
    const surveys = file('surveys', 'score');
    expect(needs([tickets('first_response_business_minutes', 'first_response_business_seconds'), surveys], false).first_response_time).toBe(
      'first_response_at, first_response_seconds, first_response_minutes or first_response_hours (first_response_business_seconds, first_response_business_minutes is used only with --business-hours)',
    );
    expect(needs([tickets('requester_wait_minutes', 'requester_wait_seconds'), surveys], true).requester_wait_time).toBe(
      'requester_wait_business_seconds, requester_wait_business_minutes or requester_wait_business_hours on the business clock (requester_wait_seconds, requester_wait_minutes is calendar time, used without --business-hours)',
    );
    // A joined column feeds too.
    const joined = mapHeader('t.csv', ['id', 'created_at', 'd', 't'], 'tickets', NO_RULES, { first_response_at: ['d', 't'] });
    expect(needs([joined], false).first_response_time).toBeUndefined();
  });
});

describe('kpiKinds', () => {
  it('the kinds of file a KPI is computed from', () => {
    expect(kpiKinds('ticket_volume')).toEqual(['tickets']);
    expect(kpiKinds('sla_first_response')).toEqual(['tickets']);
    expect(kpiKinds('sla_resolution')).toEqual(['tickets']);
    expect(kpiKinds('csat')).toEqual(['tickets', 'surveys']);
    expect(kpiKinds('churn_rate')).toEqual(['customers']);
  });
});

describe('timeSources', () => {
  it('the two timestamps, else the duration column, as the file names them', () => {
    const m = mapHeader('t.csv', ['Ticket', 'Opened', 'first_response_at', 'Resolution Minutes'], 'tickets', { explicit: new Map([['ticket', 'id'], ['opened', 'created_at']]), preset: new Map() });
    expect(Object.fromEntries(timeSources([m], false))).toEqual({
      first_response_time: 'first_response_at − "Opened" (created_at)',
      resolution_time: '"Resolution Minutes" (resolution_minutes)',
    });
    expect(Object.fromEntries(timeSources([m], true))).toEqual({
      first_response_time: 'first_response_at − "Opened" (created_at), counted in --business-hours',
      resolution_time: '"Resolution Minutes" (resolution_minutes), calendar time counted in --business-hours from created_at',
    });
  });
  it("the helpdesk's business-hours column first on the business clock; wait and work times", () => {
    const m = tickets('resolved_at', 'resolution_seconds', 'resolution_business_minutes', 'requester_wait_minutes', 'agent_work_business_seconds');
    expect(Object.fromEntries(timeSources([m], false))).toEqual({
      resolution_time: 'resolved_at − created_at; else resolution_seconds',
      requester_wait_time: 'requester_wait_minutes',
    });
    expect(Object.fromEntries(timeSources([m], true))).toEqual({
      resolution_time: "resolution_business_minutes: the helpdesk's business hours",
      agent_work_time: "agent_work_business_seconds: the helpdesk's business hours",
    });
    expect(timeSources([tickets('resolution_hours')], false).get('resolution_time')).toBe('resolution_hours');
    // Two duration columns: each row takes the first with a value, so both are named, in that order (a hunt, 2026-11-27).
    expect(timeSources([tickets('first_response_minutes', 'first_response_seconds')], false).get('first_response_time')).toBe('first_response_seconds, else first_response_minutes');
    expect(timeSources([tickets('agent_work_hours', 'agent_work_minutes')], false).get('agent_work_time')).toBe('agent_work_minutes, else agent_work_hours');
    // A joined column is named by its sources; only the tickets file counts.
    const joined = mapHeader('t.csv', ['id', 'created_at', 'Day', 'Time'], 'tickets', NO_RULES, { resolved_at: ['day', 'time'] });
    expect(timeSources([file('surveys', 'score', 'resolved_at'), joined], false).get('resolution_time')).toBe('"Day + Time" (resolved_at) − created_at');
  });
});
