/**
 * Real exports nobody here wrote, through the preset or the config in examples/.
 * Expected values come from examples/verify.py (Python's csv module and statistics, no
 * csm-kpi code): `python3 examples/verify.py zendesk fixtures/datasets/zendesk-plum.csv`.
 * fixtures/datasets/ holds the first 300 records of each (100 whole incidents of the
 * ServiceNow log); the full files in ../shared/datasets are checked too when present.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from './helpers.js';

async function report(args: string[]) {
  const r = await cli(['compute', ...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const F = 'fixtures/datasets';

describe('dataset extracts (fixtures/datasets)', () => {
  it('Zendesk ticket export with --preset zendesk', async () => {
    const { kpis, inputs } = await report([`${F}/zendesk-plum.csv`, '--preset', 'zendesk', '--tz', 'Asia/Kolkata']);
    expect(inputs[0]).toMatchObject({ rows: 300, used: 300, skipped: 0 });
    expect(kpis.ticket_volume).toMatchObject({ value: 300, days: 60 });
    expect(kpis.tickets_per_customer).toMatchObject({ tickets: 300, customers: 284 });
    expect(kpis.resolution_rate).toMatchObject({ resolved: 253, tickets: 300 });
    expect(kpis.resolution_time.value).toBeCloseTo(2204607.7470355732, 6);
    expect(kpis.resolution_time).toMatchObject({ median: 2145780, count: 253 });
    expect(kpis.resolution_time.p90).toBeCloseTo(4137840, 6);
    // 1900-01-01 "unsolved" dates and Offered ratings are null tokens, not data.
    expect(kpis.csat).toMatchObject({ responses: 51, satisfied: 40 });
    expect(kpis.csat.mean_score).toBeCloseTo(3.4705882352941178, 12);
    // No calendar first-reply column in this export: null with a note, not 0.
    expect(kpis.first_response_time).toMatchObject({ value: null, note: expect.stringMatching(/first_response_business_minutes is used only with --business-hours/) });
  });

  // Golden values computed by `python3 examples/verify.py zendesk-helpdesk fixtures/datasets/zendesk-plum.csv [TO]`
  // (the export's own Reopens, Replies, wait and business-hours columns, Offered; no csm-kpi code).
  it('Zendesk: the helpdesk KPIs from Reopens, Replies, Requester wait time and Offered', async () => {
    const { kpis } = await report([`${F}/zendesk-plum.csv`, '--preset', 'zendesk', '--tz', 'Asia/Kolkata']);
    // Replies is agent replies (0 allowed), not contacts: no row is invalid for it.
    expect(kpis.one_touch_resolution).toMatchObject({ one_touch: 9, zero_touch: 2, two_touch: 11, multi_touch: 231, resolved_with_replies: 253 });
    expect(kpis.reopen_rate).toMatchObject({ value: 100, reopened: 253, resolved: 253 });
    expect(kpis.requester_wait_time).toMatchObject({ median: 776100, count: 253, clock: 'calendar', source: '"Requester wait time in minutes" (requester_wait_minutes)' });
    expect(kpis.requester_wait_time.value).toBeCloseTo(1171477.9446640317, 6);
    expect(kpis.requester_wait_time.p90).toBeCloseTo(3082716, 6);
    expect(kpis.agent_work_time).toMatchObject({ value: null, note: 'no input column: needs agent_work_seconds, agent_work_minutes or agent_work_hours' });
    expect(kpis.backlog).toMatchObject({ value: 47, at: null, median_age: 4300740 });
    expect(kpis.csat).toMatchObject({ responses: 51, offered: 80 });
    expect(kpis.csat.response_rate).toBeCloseTo(38.93129770992366, 12);
  });

  it('Zendesk on the business clock: every time from the export\'s own business-hours columns (one clock)', async () => {
    const { kpis } = await report([`${F}/zendesk-plum.csv`, '--preset', 'zendesk', '--tz', 'Asia/Kolkata', '--business-hours', 'Mon-Fri 09:00-18:00']);
    expect(kpis.resolution_time).toMatchObject({ median: 1058460, count: 253, clock: 'business' });
    expect(kpis.resolution_time.value).toBeCloseTo(1100533.9920948616, 6);
    expect(kpis.resolution_time.p90).toBeCloseTo(2068560, 6);
    expect(kpis.resolution_time.source).toBe('"Full resolution time in minutes within business hours" (resolution_business_minutes): the helpdesk\'s business hours');
    expect(kpis.requester_wait_time).toMatchObject({ median: 386820, count: 253, clock: 'business' });
    expect(kpis.requester_wait_time.value).toBeCloseTo(585780.4743083004, 6);
    expect(kpis.requester_wait_time.source).toMatch(/^"Requester wait time in minutes within business hours" \(requester_wait_business_minutes\)/);
    expect(kpis.first_response_time.source).toMatch(/^"First reply time in minutes within business hours"/);
  });

  it('Zendesk backlog at --to, at each period\'s end, and with tickets from before --from', async () => {
    const base = [`${F}/zendesk-plum.csv`, '--preset', 'zendesk', '--tz', 'Asia/Kolkata'];
    const monthly = await report([...base, '--period', 'month']);
    expect(monthly.series.map((s: any) => [s.period, s.kpis.backlog.value, s.kpis.backlog.median_age])).toEqual([
      ['2023-04', 147, 1256700],
      ['2023-05', 130, 2447160],
    ]);
    const windowed = await report([...base, '--from', '2023-05-01', '--to', '2023-05-15']);
    expect(windowed.kpis.backlog).toMatchObject({ value: 158, at: '2023-05-15T00:00:00+05:30', median_age: 1521450 });
    // The window's own tickets are fewer than its backlog: tickets opened in April still count.
    expect(windowed.kpis.ticket_volume.value).toBeLessThan(158);
  });

  it('ServiceNow: reopen_count as reopens; closed incidents without resolved_at are resolved at an unknown time', async () => {
    const base = [`${F}/servicenow-incidents.csv`, '--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC'];
    // `python3 examples/verify.py servicenow-helpdesk fixtures/datasets/servicenow-incidents.csv [2016-03-01]`
    const { kpis } = await report(base);
    expect(kpis.reopen_rate).toMatchObject({ value: 1, reopened: 1, resolved: 100 });
    expect(kpis.backlog).toMatchObject({ value: 0, median_age: null });
    const at = await report([...base, '--to', '2016-03-01']);
    expect(at.kpis.backlog).toMatchObject({ value: 73, median_age: 52140, resolved_undated: 3 });
  });

  it('Freshdesk export of a real account (1,183 tickets): calendar times from the timestamps only, survey words as CSAT', async () => {
    const args = [`${F}/freshdesk-thingtrax.csv`, '--preset', 'freshdesk', '--tz', 'Europe/London'];
    // 8 first responses are dated before their ticket (-391:30:46 in the hours column): invalid by default.
    const refused = await cli(['compute', ...args]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/8 invalid rows: nothing computed/);
    for (const env of [{}, { CSM_KPI_PARALLEL_MIN_BYTES: '1' }] as Record<string, string>[]) {
      const r = await cli(['compute', ...args, '--invalid-fields', 'drop_field', '--format', 'json'], { env });
      expect(r.code, r.stderr).toBe(0);
      const { kpis, inputs } = JSON.parse(r.stdout);
      expect(inputs[0]).toMatchObject({ rows: 1183, used: 1183, skipped: 0, dropped_fields: { first_response_at: 8, first_response_business_hours: 8 } });
      expect(kpis.first_response_time).toMatchObject({ median: 39620.5, count: 970, unanswered: 205, dropped: 8 });
      expect(kpis.first_response_time.value).toBeCloseTo(169637.96494845362, 6);
      expect(kpis.first_response_time.p90).toBeCloseTo(407969.7, 6);
      expect(kpis.resolution_rate).toMatchObject({ resolved: 1136, tickets: 1183 });
      expect(kpis.resolution_time).toMatchObject({ median: 281925.5, p90: 6062149, count: 1136 });
      expect(kpis.resolution_time.value).toBeCloseTo(1807098.0686619717, 6);
      expect(kpis.csat).toMatchObject({ responses: 23, satisfied: 23 });
      expect(kpis.csat.mean_score).toBeCloseTo(4.826086956521739, 12);
    }
  });

  it("Freshdesk's own untouched export (21 tickets): 00:00:00 is no response, words are scores", async () => {
    const { kpis } = await report([`${F}/freshdesk-thingtrax-feb2025.csv`, '--preset', 'freshdesk', '--tz', 'Europe/London']);
    expect(kpis.first_response_time).toMatchObject({ value: 300723, median: 266937.5, count: 10, unanswered: 11 });
    expect(kpis.first_response_time.p90).toBeCloseTo(551598.8, 6);
    expect(kpis.resolution_rate).toMatchObject({ resolved: 0, tickets: 21 });
    expect(kpis.csat).toMatchObject({ responses: 1, satisfied: 0, mean_score: 2 });
  });

  it('the Zendesk config in examples/ is --preset zendesk --tz Asia/Kolkata', async () => {
    const viaConfig = await report([`${F}/zendesk-plum.csv`, '--config', 'examples/zendesk-plum.config.json']);
    expect(viaConfig).toEqual(await report([`${F}/zendesk-plum.csv`, '--preset', 'zendesk', '--tz', 'Asia/Kolkata']));
    expect(viaConfig.timezone).toBe('Asia/Kolkata');
  });

  it('ServiceNow event log: one ticket per incident with duplicates "last", day-first dates, ? as null', async () => {
    const { kpis, inputs } = await report([`${F}/servicenow-incidents.csv`, '--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC']);
    expect(inputs[0]).toMatchObject({ rows: 603, used: 100, collapsed: 503 });
    expect(kpis.ticket_volume.value).toBe(100);
    expect(kpis.resolution_rate).toMatchObject({ resolved: 100, tickets: 100 });
    expect(kpis.resolution_time.value).toBeCloseTo(371321.44329896907, 6);
    expect(kpis.resolution_time).toMatchObject({ median: 189900, count: 97 });
    expect(kpis.tickets_per_customer).toMatchObject({ tickets: 100, customers: 92 });
  });

  it('ServiceNow made_sla: sla_resolution from the export\'s own verdicts, per priority and as a list of breaches', async () => {
    // `python3 examples/verify.py servicenow fixtures/datasets/servicenow-incidents.csv`: sla_met 83, sla_missed 17, sla_pending 0;
    // by priority 2 - High [0, 3], 3 - Moderate [77, 10], 4 - Low [6, 4].
    const args = [`${F}/servicenow-incidents.csv`, '--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC'];
    const { kpis, groups } = await report([...args, '--by', 'priority']);
    expect(kpis.sla_resolution).toMatchObject({ value: 83, met: 83, missed: 17, pending: 0, source: 'sla_met', target_seconds: null });
    const byPriority = Object.fromEntries(groups.priority.map((g: { key: string; kpis: { sla_resolution: { met: number; missed: number } } }) => [g.key, [g.kpis.sla_resolution.met, g.kpis.sla_resolution.missed]]));
    expect(byPriority).toEqual({ '2 - High': [0, 3], '3 - Moderate': [77, 10], '4 - Low': [6, 4] });
    // sla_missed_ids, sorted: the breaches list names the same incidents.
    const list = await report([...args, '--list', 'breaches']);
    expect(list.breaches.map((b: { id: string }) => b.id).sort()).toEqual([
      'INC0000062', 'INC0000070', 'INC0000074', 'INC0000084', 'INC0000092', 'INC0000094', 'INC0000102', 'INC0000104', 'INC0000128',
      'INC0000129', 'INC0000147', 'INC0000161', 'INC0000171', 'INC0000173', 'INC0000197', 'INC0000217', 'INC0000220',
    ]);
    // --where on a canonical column the config maps (priority).
    const { kpis: k } = await report([...args, '--where', 'priority=2 - High']);
    expect(k.sla_resolution).toMatchObject({ met: 0, missed: 3 });
  });

  it('an event log without the duplicates option is refused row by row, never counted as many tickets', async () => {
    const r = await cli(['compute', `${F}/servicenow-incidents.csv`, '--config', 'examples/servicenow-incidents.config.json', '--duplicates', 'error', '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/servicenow-incidents\.csv:3: id: duplicate of the ticket on line 2 \("INC0000045"\)/);
  });

  it('PwC call-center log: Date + Time joined, Y/N mapped, H:MM:SS talk time, BOM and CRLF', async () => {
    const { kpis } = await report([`${F}/pwc-call-center.csv`, '--config', 'examples/pwc-call-center.config.json', '--tz', 'UTC']);
    expect(kpis.first_response_time.value).toBeCloseTo(70.9469387755102, 9);
    expect(kpis.first_response_time).toMatchObject({ median: 70, p90: 116, count: 245, unanswered: 55 });
    expect(kpis.resolution_rate).toMatchObject({ value: 73, resolved: 219 });
    expect(kpis.average_handle_time.value).toBeCloseTo(228.8734693877551, 9);
    expect(kpis.csat).toMatchObject({ responses: 245, satisfied: 119 });
    expect(kpis.self_service_rate).toMatchObject({ value: null, note: expect.stringMatching(/needs self_service or channel/) });
  });

  it('French NPS survey: Latin-1, R-style quoting, NA answers counted apart', async () => {
    const { kpis, inputs } = await report([`${F}/nps-garden-center.csv`, '--config', 'examples/nps-garden-center.config.json']);
    expect(inputs[0]).toMatchObject({ rows: 300, used: 295, no_answer: 5 });
    expect(kpis.nps).toMatchObject({ promoters: 191, passives: 76, detractors: 28, responses: 295 });
    expect(kpis.nps.value).toBeCloseTo(55.25423728813559, 12);
  });

  it('Kaggle tickets (no creation time): read as CSAT answers, multi-line descriptions', async () => {
    const { kpis, inputs } = await report([`${F}/kaggle-support-tickets.csv`, '--config', 'examples/kaggle-support-tickets.config.json']);
    expect(inputs[0]).toMatchObject({ rows: 300, used: 101, no_answer: 199 });
    expect(kpis.csat).toMatchObject({ responses: 101, satisfied: 36 });
    expect(kpis.csat.mean_score).toBeCloseTo(2.9306930693069306, 12);
  });

  it('Telco customer list: churn overall and by contract', async () => {
    const r = await report([`${F}/telco-churn.csv`, '--config', 'examples/telco-churn.config.json', '--by', 'Contract']);
    expect(r.kpis.churn_rate).toMatchObject({ lost_customers: 77, customers_start: 300 });
    expect(r.kpis.churn_rate.value).toBeCloseTo(25.666666666666668, 12);
    const byContract = Object.fromEntries(r.groups.contract.map((g: any) => [g.key, g.kpis.churn_rate.value]));
    expect(byContract['Month-to-month']).toBeCloseTo(44.31137724550898, 12);
    expect(byContract['One year']).toBeCloseTo(1.694915254237288, 12);
    expect(byContract['Two year']).toBeCloseTo(2.7027027027027026, 12);
  });
});

const SHARED = join(ROOT, '..', 'shared', 'datasets');

describe.runIf(existsSync(SHARED))('full datasets in ../shared/datasets', () => {
  it('Zendesk: 16,476 tickets', async () => {
    const { kpis } = await report([join(SHARED, 'zendesk-plum/zendesk_tickets.csv'), '--preset', 'zendesk', '--tz', 'Asia/Kolkata']);
    expect(kpis.ticket_volume).toMatchObject({ value: 16476, days: 61 });
    expect(kpis.tickets_per_customer.customers).toBe(6764);
    expect(kpis.resolution_rate.resolved).toBe(14409);
    expect(kpis.resolution_time.value).toBeCloseTo(738846.3210493441, 6);
    expect(kpis.resolution_time).toMatchObject({ median: 345120, p90: 2095212 });
    expect(kpis.csat).toMatchObject({ responses: 813, satisfied: 720 });
    // `python3 examples/verify.py zendesk-helpdesk …/zendesk_tickets.csv`
    expect(kpis.reopen_rate).toMatchObject({ reopened: 2173, resolved: 14409 });
    expect(kpis.one_touch_resolution).toMatchObject({ one_touch: 4499, zero_touch: 3231, two_touch: 3290, multi_touch: 3389, resolved_with_replies: 14409 });
    expect(kpis.requester_wait_time).toMatchObject({ median: 216240, count: 14409 });
    expect(kpis.requester_wait_time.value).toBeCloseTo(536737.8013741411, 6);
    expect(kpis.requester_wait_time.p90).toBeCloseTo(1504536, 6);
    expect(kpis.backlog).toMatchObject({ value: 2067, median_age: 3695280 });
    expect(kpis.csat).toMatchObject({ offered: 4640 });
    expect(kpis.csat.response_rate).toBeCloseTo(14.909224280212728, 12);
    const business = await report([join(SHARED, 'zendesk-plum/zendesk_tickets.csv'), '--preset', 'zendesk', '--tz', 'Asia/Kolkata', '--business-hours', 'Mon-Fri 09:00-18:00']);
    expect(business.kpis.resolution_time).toMatchObject({ median: 172800, clock: 'business' });
    expect(business.kpis.resolution_time.value).toBeCloseTo(371798.65917135123, 6);
    expect(business.kpis.requester_wait_time).toMatchObject({ median: 113580 });
    expect(business.kpis.requester_wait_time.value).toBeCloseTo(270782.79408702895, 6);
    const may = await report([join(SHARED, 'zendesk-plum/zendesk_tickets.csv'), '--preset', 'zendesk', '--tz', 'Asia/Kolkata', '--to', '2023-05-01']);
    expect(may.kpis.backlog).toMatchObject({ value: 2916, median_age: 894960 });
  });
  it('ServiceNow: 5,998 events, 890 incidents', async () => {
    const { kpis, inputs } = await report([join(SHARED, 'servicenow-incidents/incident_event_log.csv'), '--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC']);
    expect(inputs[0]).toMatchObject({ rows: 5998, used: 890 });
    expect(kpis.resolution_time.value).toBeCloseTo(1137120.3484320557, 6);
    expect(kpis.resolution_time).toMatchObject({ median: 196080, p90: 2743380, count: 861 });
    // verify.py: made_sla on the last row of each resolved incident: 495 met, 395 missed.
    expect(kpis.sla_resolution).toMatchObject({ met: 495, missed: 395, pending: 0, no_flag: 0, source: 'sla_met' });
    expect(kpis.sla_resolution.value).toBeCloseTo((495 * 100) / 890, 12);
    const { groups } = await report([join(SHARED, 'servicenow-incidents/incident_event_log.csv'), '--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC', '--by', 'priority']);
    const byPriority = Object.fromEntries(groups.priority.map((g: { key: string; kpis: { sla_resolution: { met: number; missed: number } } }) => [g.key, [g.kpis.sla_resolution.met, g.kpis.sla_resolution.missed]]));
    expect(byPriority).toEqual({ '1 - Critical': [1, 14], '2 - High': [0, 33], '3 - Moderate': [456, 301], '4 - Low': [38, 47] });
    // `python3 examples/verify.py servicenow-helpdesk …/incident_event_log.csv [2016-03-01]`
    expect(kpis.reopen_rate).toMatchObject({ reopened: 10, resolved: 890 });
    expect(kpis.backlog).toMatchObject({ value: 0 });
    const at = await report([join(SHARED, 'servicenow-incidents/incident_event_log.csv'), '--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC', '--to', '2016-03-01']);
    expect(at.kpis.backlog).toMatchObject({ value: 162, median_age: 39870, resolved_undated: 9 });
  });
  it('PwC: 5,000 calls', async () => {
    const { kpis } = await report([join(SHARED, 'pwc-call-center/call_center.csv'), '--config', 'examples/pwc-call-center.config.json', '--tz', 'UTC']);
    expect(kpis.first_response_time.value).toBeCloseTo(67.52072027627035, 9);
    expect(kpis.first_response_time).toMatchObject({ median: 68, p90: 114, count: 4054 });
    expect(kpis.average_handle_time.value).toBeCloseTo(224.92279230389738, 9);
    expect(kpis.csat).toMatchObject({ responses: 4054, satisfied: 2023 });
    expect(kpis.resolution_rate.resolved).toBe(3646);
  });
  it('NPS: 13,954 rows', async () => {
    const { kpis } = await report([join(SHARED, 'nps-garden-center/nps.csv'), '--config', 'examples/nps-garden-center.config.json']);
    expect(kpis.nps).toMatchObject({ promoters: 8465, passives: 3953, detractors: 1194 });
    expect(kpis.nps.value).toBeCloseTo(53.41610343814281, 12);
  });
  it('Kaggle: 8,469 rows', async () => {
    const { kpis } = await report([join(SHARED, 'kaggle-support-tickets/customer_support_tickets.csv'), '--config', 'examples/kaggle-support-tickets.config.json']);
    expect(kpis.csat).toMatchObject({ responses: 2769, satisfied: 1087 });
  });
  it('Telco: 7,043 customers', async () => {
    const { kpis } = await report([join(SHARED, 'telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv'), '--config', 'examples/telco-churn.config.json']);
    expect(kpis.churn_rate).toMatchObject({ lost_customers: 1869, customers_start: 7043 });
  });
});
