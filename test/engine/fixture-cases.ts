/**
 * Every fixture file with the preset or examples/ config README and fixtures/README.md run it
 * with, and what --engine duckdb does with it: the JavaScript engine's report, or a refusal
 * with its one line. Read by sql-fixtures.test.ts (DuckDB) and sql-postgres.test.ts.
 */
export const D = 'fixtures/datasets';
export const P = 'fixtures/presets';

export interface Case {
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
    refused: null,
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
    refused: null,
  },
  "Freshdesk's untouched export": {
    files: [`${D}/freshdesk-thingtrax-feb2025.csv`],
    args: ['--config', 'examples/freshdesk-thingtrax-feb2025.config.json'],
    refused: null,
  },
  'ServiceNow event log (DD-MM-YYYY dates, last row per incident, made_sla)': { files: [`${D}/servicenow-incidents.csv`], args: ['--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC'], refused: null },
  'ServiceNow event log by priority and month': { files: [`${D}/servicenow-incidents.csv`], args: ['--config', 'examples/servicenow-incidents.config.json', '--tz', 'UTC', '--by', 'priority', '--period', 'month'], refused: null },
  'PwC call center (Date + Time joined, H:MM:SS talk time)': { files: [`${D}/pwc-call-center.csv`], args: ['--config', 'examples/pwc-call-center.config.json', '--tz', 'UTC'], refused: null },
  'PwC call center by agent, days in Paris': { files: [`${D}/pwc-call-center.csv`], args: ['--config', 'examples/pwc-call-center.config.json', '--tz', 'Europe/Paris', '--period', 'day', '--by', 'agent'], refused: null },
  'NPS survey in Latin-1': { files: [`${D}/nps-garden-center.csv`], args: ['--config', 'examples/nps-garden-center.config.json'], refused: null },
  'Kaggle CSAT answers': { files: [`${D}/kaggle-support-tickets.csv`], args: ['--config', 'examples/kaggle-support-tickets.config.json'], refused: null },
  'Kaggle CSAT answers by channel': { files: [`${D}/kaggle-support-tickets.csv`], args: ['--config', 'examples/kaggle-support-tickets.config.json', '--by', 'channel'], refused: null },
  'Telco customer list': { files: [`${D}/telco-churn.csv`], args: ['--config', 'examples/telco-churn.config.json'], refused: null },
  'Telco customer list by contract': { files: [`${D}/telco-churn.csv`], args: ['--config', 'examples/telco-churn.config.json', '--by', 'Contract'], refused: null },
};

