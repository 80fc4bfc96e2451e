/**
 * The JSON report's one definition (schema csm-kpi/report@1) for scripts: `csm-kpi schema`
 * prints it as JSON Schema, the tests check every report shape against it, and the
 * Report type (report.ts) is checked against it at compile time (below). A change of
 * shape changes this file, and bumps the schema string when it is not an addition.
 * Loaded only by `csm-kpi schema`, the tests and `import … from 'csm-kpi/schema'`: zod
 * costs start-up time that a compute does not pay.
 */
import { z } from 'zod';
import { REPORT_SCHEMA } from './report.js';
import type { CompareEntry, GroupEntry, InputSummary, Report, SeriesEntry } from './report.js';

const count = z.int().nonnegative();
const nullableNumber = z.number().nullable();
const timestamp = z.iso.datetime({ offset: true }).meta({ id: 'timestamp', description: "ISO 8601 with the offset of the report's time zone (Z in UTC)" });
const band = z
  .enum(['exceptional', 'above_average', 'typical', 'below_typical'])
  .nullable()
  .describe('industry band of the value (null: no bands for this KPI, or no value)');
const clock = z.enum(['calendar', 'business']).describe('"business" with --business-hours: only open hours count');
const target = z
  .strictObject({
    rule: z.string().describe('as written, e.g. ">= 90" or "<= 1h"'),
    threshold: z.number().describe("in the KPI's unit (seconds for times)"),
    status: z.enum(['met', 'breached', 'uncertain', 'no_data']).describe('uncertain: missed, but within the interval the rule asks for (">= 90 @95%")'),
  })
  .describe('with --targets (top-level KPIs only)');

const interval = z
  .strictObject({ low: z.number(), high: z.number(), level: z.number().describe('0.9, 0.95 or 0.99 (--confidence)') })
  .meta({ id: 'interval', description: "a confidence interval in the KPI's unit" });

/** What a KPI that estimates something (a rate, a mean, an NPS) carries besides its value. */
const estimate = {
  ci: interval.nullable().optional().describe('Wilson (rates), Student t (means; null for values all equal), adjusted-Wald (NPS); null with too little data'),
  small_sample: z.boolean().optional().describe('n below --min-sample (default 30): no band'),
};

/** Where a KPI object appears: the totals (targets, change with --compare), a period (change against the one before), a group, the compared window. */
type Slice = 'totals' | 'period' | 'group' | 'previous';

function kpi<Unit extends string, Shape extends z.ZodRawShape>(slice: Slice, unit: Unit, shape: Shape, description: string) {
  // A period always has its change (null for the first); the totals only with --compare.
  const change = {
    change: nullableNumber.describe("against the previous period or the compared window, in the KPI's unit (percentage points for rates); null against a compared window the data does not reach, and for ticket_volume and tickets_per_customer (they grow with the days of data) against a compared window or period the data covers only in part"),
    significant: z.boolean().nullable().describe("whether the change's interval excludes 0 (null: a count, or too little data)"),
  };
  const changeOf = slice === 'period' ? change : { change: change.change.optional(), significant: change.significant.optional() };
  return z
    .strictObject({
      value: nullableNumber.describe('unrounded; null when its denominator is 0, no input column feeds it, or its columns are empty in every row'),
      unit: z.literal(unit),
      ...shape,
      band,
      ...estimate,
      note: z.string().optional().describe('why the value is null when no input feeds the KPI (no column, or columns empty in every row), or the data reaches none of the slice'),
      censored: z
        .strictObject({ still_open: count, data_end: timestamp })
        .optional()
        .describe("resolution figures while tickets are still open at the end of the data (data_end: the last ticket's creation)"),
      target: target.optional(),
      ...(slice === 'totals' || slice === 'period' ? changeOf : {}),
      ...(slice === 'group'
        ? {
            vs_total: z
              .strictObject({ change: z.number(), significant: z.boolean().nullable() })
              .nullable()
              .optional()
              .describe('the group minus the total; significant when the group differs from the rest of the data'),
          }
        : {}),
    })
    .describe(description);
}

function kpiSet(slice: Slice) {
  const duration = {
    median: nullableNumber,
    median_ci: interval.nullable().describe("the median's interval from order statistics (distribution-free)"),
    p90: nullableNumber.describe('linear interpolation between closest ranks'),
    count: count.describe('tickets with a time'),
    sd: nullableNumber.describe('sample standard deviation (n − 1)'),
    dropped: count.optional().describe('--invalid-fields drop_field: times left out as invalid'),
    clock,
    source: z.string().optional().describe("the columns the durations come from, in the order tried, and on which clock (e.g. a helpdesk's business-hours column)"),
  };
  const sla = {
    target_seconds: z.number().positive().nullable().describe('the default target; null when only priorities have one, or with source "sla_met"'),
    met: count.nullable().describe('null (as missed and pending) when no column gives the times'),
    missed: count.nullable(),
    pending: count.nullable().describe("not answered or resolved yet, within the target at the data's last ticket time; or resolved without a time"),
    overdue: count.nullable().optional().describe("source \"targets\": of missed, tickets that never got the time and waited longer than the target — first response: never answered (resolved after the target without a reply, or still open at the data's last ticket time); resolution: still open at that time"),
    source: z.enum(['targets', 'sla_met']).describe('"targets": durations against --sla; "sla_met": the helpdesk\'s own met/missed flag (resolution only)'),
    targets: z.record(z.string(), z.number().positive()).optional().describe('--sla priority=…: the target of each priority (lower-cased) that has one'),
    no_target: count.optional().describe('with targets per priority: tickets whose priority has no target and no default applies, not counted'),
    no_flag: count.optional().describe('source "sla_met": resolved tickets with an empty flag, not counted'),
  };
  // Without a tickets file the KPIs only tickets feed are left out (a survey-only run lists no ticket volume of 0).
  const kpis = z.strictObject({
    ticket_volume: kpi(slice, 'count', { daily_average: nullableNumber, days: z.number().positive().nullable().describe('days the count is over: the window\'s or period\'s length in wall-clock days (7 for a noon-to-noon week, 0.5 for a 12-hour shift), else the calendar days from the first to the last ticket') }, 'tickets in the slice').extend({
      value: count.nullable().describe('null when the data reaches none of the slice (a window or period after the export\'s last day): unknown, not 0'),
    }).optional(),
    tickets_per_customer: kpi(slice, 'ratio', { tickets: count, customers: count }, 'tickets having a customer_id / distinct customer_id').optional(),
    first_response_time: kpi(slice, 'seconds', { ...duration, unanswered: count.nullable().describe('null when no first-response column feeds the KPI') }, 'mean seconds from created_at to first_response_at').optional(),
    resolution_time: kpi(slice, 'seconds', duration, 'mean seconds from created_at to resolved_at').optional(),
    resolution_rate: kpi(slice, 'percent', { resolved: count, tickets: count }, 'resolved / all tickets × 100').optional(),
    average_handle_time: kpi(slice, 'seconds', { count, sd: nullableNumber }, 'mean talk + hold + after-work seconds').optional(),
    first_contact_resolution: kpi(
      slice,
      'percent',
      { first_contact: count, resolved_with_contacts: count, contacts_per_resolution: nullableNumber },
      'resolved at the first contact and not reopened / resolved with a contacts count × 100',
    ).optional(),
    self_service_rate: kpi(slice, 'percent', { self_service: count, tickets: count }, 'self-service tickets / all × 100').optional(),
    reopen_rate: kpi(slice, 'percent', { reopened: count, resolved: count.describe('resolved tickets with a reopen value') }, 'resolved tickets reopened at least once / resolved × 100').optional(),
    one_touch_resolution: kpi(
      slice,
      'percent',
      { one_touch: count, zero_touch: count, two_touch: count, multi_touch: count.describe('3 replies or more'), resolved_with_replies: count },
      'resolved tickets with exactly 1 agent reply / resolved tickets with a replies count × 100',
    ).optional(),
    requester_wait_time: kpi(slice, 'seconds', duration, "mean of the helpdesk's requester wait time over resolved tickets").optional(),
    agent_work_time: kpi(slice, 'seconds', duration, "mean of the helpdesk's agent work time over resolved tickets").optional(),
    backlog: kpi(
      slice,
      'count',
      {
        at: timestamp.nullable().describe("T: the window's or period's end (tickets open then); null: open now (no --to)"),
        age_at: timestamp.nullable().describe('when the ages are measured: T, or the last ticket time of the data when T is null'),
        median_age: nullableNumber.describe('seconds, calendar clock'),
        resolved_undated: count.optional().describe('resolved tickets created before T without a resolution time: counted as resolved'),
      },
      'tickets created before T and not resolved before T',
    ).extend({ value: count.nullable() }).optional(),
    csat: kpi(
      slice,
      'percent',
      {
        satisfied: count,
        responses: count,
        mean_score: nullableNumber,
        scale: z.string(),
        offered: count.describe('surveys offered and not answered (Zendesk Offered)'),
        response_rate: nullableNumber.describe('responses / (responses + offered) × 100; null when the input cannot show offered surveys'),
      },
      'answers in the top two scores / answers × 100',
    ),
    nps: kpi(slice, 'score', { promoters: count, passives: count, detractors: count, responses: count }, '(promoters − detractors) / answers × 100'),
    ces: kpi(slice, 'score', { sd: nullableNumber, easy_percent: nullableNumber, easy: count, responses: count, scale: z.string() }, 'mean customer effort score'),
    retention_rate: kpi(
      slice,
      'percent',
      { customers_start: count.nullable(), customers_end: count.nullable(), new_customers: count, periods: count },
      '(E − N) / S × 100',
    ),
    churn_rate: kpi(slice, 'percent', { lost_customers: z.int().nullable(), customers_start: count.nullable() }, 'lost / S × 100'),
    sla_first_response: kpi(slice, 'percent', sla, 'with --sla first_response=…: met / (met + missed) × 100').optional(),
    sla_resolution: kpi(slice, 'percent', sla, 'with --sla resolution=…: met / (met + missed) × 100').optional(),
  });
  return kpis.meta({ id: `kpis_${slice}`, description: `${SLICE_TEXT[slice]}; without a tickets file, the KPIs only tickets feed are left out` });
}

const SLICE_TEXT: Record<Slice, string> = {
  totals: 'every KPI over the window (with its target under --targets, its change with --compare)',
  previous: 'every KPI over the compared window (--compare)',
  period: 'every KPI over one period, with its change against the period before',
  group: 'every KPI over one group',
};

export const inputSummarySchema = z.strictObject({
  file: z.string().describe('as named on the command line'),
  kind: z.enum(['tickets', 'surveys', 'customers']),
  rows: count.describe('data records read'),
  used: count.describe('valid rows that fed the KPIs'),
  skipped: count.describe('invalid rows left out (--skip-invalid)'),
  outside_window: count,
  unplaced: count.describe('answers without responded_at when a window or period was asked'),
  no_answer: count.describe('survey rows without a score (--empty-score skip)'),
  collapsed: count.describe('rows folded into another with the same ticket id (--duplicates first/last)'),
  dropped_fields: z.record(z.string(), count).optional().describe('--invalid-fields drop_field: invalid fields left out, per column'),
  filtered: count.optional().describe('--where: valid rows left out by the conditions'),
}).meta({ id: 'input', description: 'one input file and what became of its rows' });

export const seriesEntrySchema = z.strictObject({
  period: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?|-W\d{2}|-Q[1-4])?$/)
    .describe('2026-03-02 (day), 2026-W10 (ISO week), 2026-03, 2026-Q1, 2026'),
  from: timestamp,
  to: timestamp,
  kpis: kpiSet('period'),
  partial: z.literal(true).optional().describe('the data or the window covers the period only in part'),
}).meta({ id: 'period' });

const groupKey = z.string().nullable().describe('a value of the --by field; null for rows without one');

export const compareEntrySchema = z.strictObject({
  window: z.strictObject({ from: timestamp, to: timestamp, partial: z.literal(true).optional(), no_data: z.literal(true).optional().describe('the data reaches none of the compared window: no KPI shows a change against it') }),
  kpis: kpiSet('previous'),
}).meta({ id: 'previous', description: 'with --compare: the compared window and its KPIs' });

export const groupEntrySchema = z.strictObject({
  key: z.union([groupKey, z.array(groupKey)]).describe('one --by field: its value; nested fields: the list of values, outer first'),
  keys: z.record(z.string(), groupKey).describe('--by field → this group\'s value (null for rows without one)'),
  kpis: kpiSet('group'),
  series: z.array(seriesEntrySchema).optional().describe('with --period and --by: the group\'s KPIs in every period of the report\'s series, oldest first'),
}).meta({ id: 'group' });

export const reportSchema = z
  .strictObject({
    schema: z.literal(REPORT_SCHEMA),
    timezone: z.string().describe('the IANA zone of every local time in the report'),
    window: z
      .strictObject({
        from: timestamp.nullable(),
        to: timestamp.nullable(),
        partial: z.literal(true).optional(),
        no_data: z.literal(true).optional().describe('the data reaches none of the window (a stale export): every KPI is null, with a note'),
      })
      .describe('--from (inclusive) and --to (exclusive); partial when the data covers it only in part'),
    inputs: z.array(inputSummarySchema),
    where: z.array(z.string()).optional().describe('--where: the conditions every row met (column normalized), e.g. "priority=urgent,high", "team!=bots"; a value with a comma in double quotes: team="Sales, EMEA"'),
    kpis: kpiSet('totals'),
    previous: compareEntrySchema.optional(),
    series: z.array(seriesEntrySchema).optional().describe('with --period: every period of the window, oldest first'),
    groups: z
      .record(z.string(), z.array(groupEntrySchema))
      .optional()
      .describe('with --by: per level ("agent", then "agent/team"), the groups with the most tickets first'),
  })
  .meta({ title: `csm-kpi report (${REPORT_SCHEMA})`, description: 'What `csm-kpi compute --format json` prints.' });

export type ReportFromSchema = z.output<typeof reportSchema>;

/** The report as JSON Schema (draft 2020-12), for `csm-kpi schema` and other languages' validators. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportSchema) as Record<string, unknown>;
}

// Compile-time checks against report.ts: every report the schema accepts is a Report, and
// both name the same fields at each level (a field added to one and not the other fails the build).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaIsReport: (r: ReportFromSchema) => Report = (r) => r;
const sameFields: [
  Same<keyof Report, keyof ReportFromSchema>,
  Same<keyof InputSummary, keyof z.output<typeof inputSummarySchema>>,
  Same<keyof SeriesEntry, keyof z.output<typeof seriesEntrySchema>>,
  Same<keyof GroupEntry, keyof z.output<typeof groupEntrySchema>>,
  Same<keyof CompareEntry, keyof z.output<typeof compareEntrySchema>>,
] = [true, true, true, true, true];
void schemaIsReport;
void sameFields;
