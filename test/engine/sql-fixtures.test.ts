/**
 * Every fixture file through both engines: `compute --engine duckdb` gives the JavaScript
 * engine's JSON (keys and counts exactly, other values to 1e-9 relative), run with the
 * preset or the examples/ config README and fixtures/README.md run it with. The one allowed
 * difference is the backlog, which has no SQL: null with a note under --engine duckdb
 * (expectSameReport checks that form). A fixture the DuckDB engine still refuses is listed
 * with the one line it refuses with, so the list in README stays true; a fixture file not in
 * this table fails the test, so a new one cannot be forgotten.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers.js';
import { expectSameReport } from './sql-parity.js';

const D = 'fixtures/datasets';
const P = 'fixtures/presets';

interface Case {
  /** The fixture files the run reads (each fixture file is in at least one case). */
  files: string[];
  args: string[];
  /** null: the same report; else the line --engine duckdb refuses with (exit 2). */
  refused: RegExp | null;
}

export const FIXTURE_CASES: Record<string, Case> = {
  'tickets, surveys and customer counts': { files: ['fixtures/tickets.csv', 'fixtures/surveys.csv', 'fixtures/customers.csv'], args: ['--tz', 'UTC'], refused: null },
  'tickets alone, by agent, weeks': { files: ['fixtures/tickets.csv'], args: ['--tz', 'Europe/Madrid', '--by', 'agent', '--period', 'week'], refused: null },
  'surveys alone': { files: ['fixtures/surveys.csv'], args: ['--tz', 'UTC'], refused: null },
  'customer counts alone, months': { files: ['fixtures/customers.csv'], args: ['--tz', 'UTC', '--period', 'month'], refused: null },
  'Freshdesk preset': {
    files: [`${P}/freshdesk.csv`],
    args: ['--preset', 'freshdesk', '--tz', 'Europe/London', '--invalid-fields', 'drop_field'],
    refused: /^csm-kpi: --engine duckdb does not support invalid_fields "drop_field"/,
  },
  'Intercom preset (zones in its headers)': { files: [`${P}/intercom.csv`], args: ['--preset', 'intercom', '--tz', 'UTC'], refused: null },
  'Intercom preset by agent, days in Madrid': { files: [`${P}/intercom.csv`], args: ['--preset', 'intercom', '--tz', 'Europe/Madrid', '--period', 'day', '--by', 'agent'], refused: null },
  'Salesforce preset': { files: [`${P}/salesforce.csv`], args: ['--preset', 'salesforce', '--tz', 'UTC'], refused: null },
  'Jira preset (its DD/MMM/YY h:mm A dates)': { files: [`${P}/jira.csv`], args: ['--preset', 'jira', '--tz', 'Europe/Berlin'], refused: null },
  'Jira preset by week in New York': { files: [`${P}/jira.csv`], args: ['--preset', 'jira', '--tz', 'America/New_York', '--period', 'week'], refused: null },
  'Zendesk export': { files: [`${D}/zendesk-plum.csv`], args: ['--config', 'examples/zendesk-plum.config.json'], refused: null },
  'Zendesk export by priority and month': { files: [`${D}/zendesk-plum.csv`], args: ['--config', 'examples/zendesk-plum.config.json', '--period', 'month', '--by', 'priority'], refused: null },
  'Freshdesk export': {
    files: [`${D}/freshdesk-thingtrax.csv`],
    args: ['--config', 'examples/freshdesk-thingtrax.config.json'],
    refused: /^csm-kpi: --engine duckdb does not support invalid_fields "drop_field"/,
  },
  "Freshdesk's untouched export": {
    files: [`${D}/freshdesk-thingtrax-feb2025.csv`],
    args: ['--config', 'examples/freshdesk-thingtrax-feb2025.config.json'],
    refused: /^csm-kpi: --engine duckdb does not support invalid_fields "drop_field"/,
  },
  'ServiceNow event log': {
    files: [`${D}/servicenow-incidents.csv`],
    args: ['--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC'],
    refused: /^csm-kpi: --engine duckdb does not support duplicates "last"/,
  },
  'PwC call center (Date + Time joined, H:MM:SS talk time)': { files: [`${D}/pwc-call-center.csv`], args: ['--config', 'examples/pwc-call-center.config.json', '--tz', 'UTC'], refused: null },
  'PwC call center by agent, days in Paris': { files: [`${D}/pwc-call-center.csv`], args: ['--config', 'examples/pwc-call-center.config.json', '--tz', 'Europe/Paris', '--period', 'day', '--by', 'agent'], refused: null },
  'NPS survey in Latin-1': { files: [`${D}/nps-garden-center.csv`], args: ['--config', 'examples/nps-garden-center.config.json'], refused: null },
  'Kaggle CSAT answers': { files: [`${D}/kaggle-support-tickets.csv`], args: ['--config', 'examples/kaggle-support-tickets.config.json'], refused: null },
  'Kaggle CSAT answers by channel': { files: [`${D}/kaggle-support-tickets.csv`], args: ['--config', 'examples/kaggle-support-tickets.config.json', '--by', 'channel'], refused: null },
  'Telco customer list': { files: [`${D}/telco-churn.csv`], args: ['--config', 'examples/telco-churn.config.json'], refused: null },
  'Telco customer list by contract': { files: [`${D}/telco-churn.csv`], args: ['--config', 'examples/telco-churn.config.json', '--by', 'Contract'], refused: null },
};

describe('every fixture: --engine duckdb gives the JavaScript engine report, or refuses with its one line', () => {
  it('the table names every fixture file (a new fixture must be added here)', () => {
    const onDisk = ['fixtures', P, D].flatMap((dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.csv')).map((f) => `${dir}/${f}`));
    const covered = new Set(Object.values(FIXTURE_CASES).flatMap((c) => c.files));
    expect(onDisk.filter((f) => !covered.has(f)), 'fixture files without a case').toEqual([]);
    expect([...covered].filter((f) => !onDisk.includes(f)), 'cases of files that are gone').toEqual([]);
  });

  for (const [name, c] of Object.entries(FIXTURE_CASES)) {
    it(`${name}${c.refused ? ' (refused)' : ''}`, async () => {
      const js = await cli(['compute', ...c.files, ...c.args, '--format', 'json']);
      expect(js.code, js.stderr).toBe(0);
      const duck = await cli(['compute', ...c.files, ...c.args, '--format', 'json', '--engine', 'duckdb']);
      if (c.refused) {
        expect(duck.code).toBe(2);
        expect(duck.stderr).toMatch(c.refused);
        expect(duck.stderr.trimEnd().split('\n')).toHaveLength(1);
        return;
      }
      expect(duck.code, duck.stderr).toBe(0);
      const a = JSON.parse(js.stdout), b = JSON.parse(duck.stdout);
      expectSameReport(a, b);
      // Not vacuous: the run reads rows and computes at least one KPI.
      expect(a.inputs.reduce((n: number, i: { used: number }) => n + i.used, 0)).toBeGreaterThan(0);
      expect(Object.values(a.kpis as Record<string, { value: unknown }>).some((k) => typeof k.value === 'number')).toBe(true);
    });
  }

  it('Zendesk: the new ticket KPIs and csat offered are compared, not null on both sides', async () => {
    const js = JSON.parse((await cli(['compute', `${D}/zendesk-plum.csv`, '--config', 'examples/zendesk-plum.config.json', '--format', 'json'])).stdout);
    // Hand-checked on the file: 80 csat_score cells say Offered; Replies and Requester wait time are filled in.
    expect(js.kpis.csat.offered).toBe(80);
    expect(js.kpis.csat.response_rate).not.toBeNull();
    expect(js.kpis.one_touch_resolution.resolved_with_replies).toBeGreaterThan(0);
    expect(js.kpis.requester_wait_time.count).toBeGreaterThan(0);
  });
});
