import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/output/report-schema.js';
import { cli, scratch } from '../helpers.js';

const FIXTURES = ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'];
const dir = scratch({
  'targets.json': '{"csat": ">= 90", "first_response_time": "<= 1h", "nps": ">= 30", "sla_resolution": ">= 95"}',
  'holidays.txt': '2026-03-06\n',
});
const HOURS = ['--business-hours', 'Mon-Fri 09:00-18:00', '--holidays', join(dir, 'holidays.txt')];
const SLA = ['--sla', 'first_response=1h,resolution=24h'];
const TARGETS = ['--targets', join(dir, 'targets.json')];

/** Reports of every shape: plain, with a series, groups, business hours, SLAs, targets, a window, another zone. */
const VARIANTS: [string, string[], string[]][] = [
  ['the fixtures', FIXTURES, []],
  ['a weekly series', FIXTURES, ['--period', 'week']],
  ['a daily series in a window, in Madrid', FIXTURES, ['--period', 'day', '--from', '2026-03-01', '--to', '2026-03-20', '--tz', 'Europe/Madrid']],
  ['nested groups', FIXTURES, ['--by', 'agent', '--by', 'team']],
  ['business hours, SLAs and targets', FIXTURES, [...HOURS, ...SLA, ...TARGETS]],
  ['everything at once', FIXTURES, ['--period', 'month', '--by', 'channel', ...HOURS, ...SLA, ...TARGETS]],
  ['a tickets file alone (KPIs without input)', ['fixtures/tickets.csv'], ['--by', 'priority']],
  ['a Zendesk export', ['fixtures/datasets/zendesk-plum.csv'], ['--preset', 'zendesk', '--period', 'week', '--by', 'group', '--skip-invalid']],
];

async function report(files: string[], args: string[]): Promise<unknown> {
  const r = await cli(['compute', ...files, '--tz', 'UTC', ...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('the JSON report schema', () => {
  for (const [name, files, args] of VARIANTS) {
    it(`accepts the report of ${name}`, async () => {
      const r = reportSchema.safeParse(await report(files, args));
      expect(r.success ? [] : r.error.issues.slice(0, 5)).toEqual([]);
    });
  }

  it('is strict: a missing, misnamed or mistyped field fails', async () => {
    const good = (await report(FIXTURES, ['--period', 'week', '--by', 'agent', ...TARGETS])) as any;
    const broken = (change: (r: any) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return reportSchema.safeParse(copy).success;
    };
    expect(broken(() => undefined)).toBe(true);
    expect(broken((r) => delete r.kpis.csat.responses)).toBe(false);
    expect(broken((r) => (r.kpis.csat.respones = 1))).toBe(false);
    expect(broken((r) => (r.kpis.nps.value = 'forty'))).toBe(false);
    expect(broken((r) => (r.kpis.csat.band = 'great'))).toBe(false);
    expect(broken((r) => (r.inputs[0].rows = -1))).toBe(false);
    expect(broken((r) => (r.series[0].kpis.csat.change = undefined))).toBe(false);
    expect(broken((r) => (r.groups.agent[0].keys = ['ana']))).toBe(false);
    expect(broken((r) => (r.window.from = '2026-03-01 00:00'))).toBe(false);
    expect(broken((r) => (r.schema = 'csm-kpi/report@2'))).toBe(false);
  });

  it('`csm-kpi schema` prints it as JSON Schema, which accepts the reports too', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.schema.const).toBe('csm-kpi/report@1');
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['kpis_totals', 'kpis_period', 'kpis_group', 'input', 'period', 'group']));
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    ajv.addFormat('date-time', true); // the pattern beside it checks the text
    const validate = ajv.compile(schema);
    for (const [, files, args] of VARIANTS) {
      const ok = validate(await report(files, args));
      expect(ok ? [] : validate.errors!.slice(0, 3)).toEqual([]);
    }
    expect(validate({ ...((await report(FIXTURES, [])) as object), extra: 1 })).toBe(false);
  });
});
