// The folders `npm run mutation` measures, each with its goal (issue 19) and the test files
// that run against its mutants (TESTING.md, "Which tests"). A folder's run uses only its
// own tests: a narrower set can only lower the score, never raise it, and it keeps the
// tests that are slow and cannot kill a mutant there (the 60-second stress test, the
// Parquet/HTML/browser outputs) out of every mutant's run. Read by stryker.config.mjs (the
// folder named by CSM_MUTATION_FOLDER) and mutation/run.mjs.

/** src/engine/'s files that make up the SQL engine. */
const SQL_ENGINE = ['src/engine/duckdb-engine.ts', 'src/engine/sql-cells.ts', 'src/engine/sql-engine.ts', 'src/engine/sql-observations.ts', 'src/engine/sql-query.ts'];

/** @type {Record<string, { goal: number | null, mutate: string[], tests: string[] }>} */
export const FOLDERS = {
  metrics: {
    goal: 90,
    mutate: ['src/metrics/**/*.ts'],
    tests: [
      // Unit tests: each KPI's accumulator, merge, bands, SQL members.
      'test/metrics/*.test.ts',
      // The KPIs end to end, in-process, against values worked out by hand or by
      // examples/verify.py (datasets).
      'test/cli/helpdesk-kpis.test.ts',
      'test/cli/compute.test.ts',
      'test/cli/sla-breaches.test.ts',
      'test/cli/hours-targets.test.ts',
      'test/cli/intervals.test.ts',
      'test/datasets.test.ts',
      // The SQL members of each KPI and the dialects they are written in: DuckDB and
      // PostgreSQL (a throwaway server, when installed) against the JavaScript engine, and
      // the BigQuery/Snowflake/Spark queries parsed.
      'test/engine/sql-engine.test.ts',
      'test/engine/sql-postgres.test.ts',
      'test/engine/sql-dialects.test.ts',
      // An SLA's tickets that never got the time: overdue or pending, both engines, by hand.
      'test/engine/sla-overdue.test.ts',
    ],
  },
  input: {
    goal: 80,
    mutate: ['src/input/**/*.ts'],
    tests: [
      'test/input/*.test.ts',
      'test/cli/errors.test.ts',
      'test/cli/input-notes.test.ts',
      'test/cli/hostile-input.test.ts',
      'test/cli/presets.test.ts',
      'test/cli/where.test.ts',
      'test/cli/config.test.ts',
      'test/cli/compute.test.ts',
      // The same file given twice, outputs that are inputs (input-files.ts).
      'test/cli/outputs.test.ts',
      'test/datasets.test.ts',
    ],
  },
  engine: {
    goal: 80,
    // Not src/engine/parallel/: it runs only in a worker thread started from dist/. The SQL
    // engine is engine-sql below.
    mutate: ['src/engine/**/*.ts', '!src/engine/parallel/**', ...SQL_ENGINE.map((f) => `!${f}`)],
    // Not the SQL comparisons: the SQL engine builds its report with the same report builder,
    // so a mutant there changes both sides alike; they only made each mutant's run 25 s.
    tests: [
      'test/engine/absorb.test.ts',
      'test/engine/periods.test.ts',
      'test/engine/report-builder.test.ts',
      // Its edges: the compared window's end, drop_field times, KPIs without input, what crosses threads.
      'test/engine/report-builder-edges.test.ts',
      'test/engine/targets.test.ts',
      'test/cli/compute.test.ts',
      'test/cli/nightly-windows.test.ts',
      'test/cli/intervals.test.ts',
      'test/cli/sla-breaches.test.ts',
      'test/cli/hours-targets.test.ts',
      'test/cli/where.test.ts',
      'test/cli/helpdesk-kpis.test.ts',
      // Refusals the report builder makes (too many periods, exact counts and dates).
      'test/cli/errors.test.ts',
      // Windows that do not start at midnight: ticket_volume's days (reportDays, the periods' and the compared window's).
      'test/cli/daily-average.test.ts',
      // A partial period and a count target: floors not checked, caps checked (targets.ts).
      'test/cli/partial-targets.test.ts',
      // The data's last ticket time, where an SLA's waiting tickets are judged (and --list breaches).
      'test/engine/sla-overdue.test.ts',
      // --compare against a window the data covers in part: no change of the ticket volume.
      'test/engine/compare-partial.test.ts',
      // The tickets' days apart from the other files' (partial periods, censoring), both engines.
      'test/engine/ticket-coverage.test.ts',
      'test/datasets.test.ts',
    ],
  },
  // The warehouse engine (compute --engine duckdb, csm-kpi sql): part of src/engine/, measured
  // apart because its tests start DuckDB and PostgreSQL and compare whole reports.
  'engine-sql': {
    goal: 80,
    mutate: SQL_ENGINE,
    // Not sql-postgres.test.ts: it starts a PostgreSQL server when its module loads, which each
    // mutant's run would do again (90 s for a survivor). What it runs is the same query builder
    // and report reader as DuckDB with the postgres entries of the dialect table (src/metrics/,
    // measured there); a mutant only it would kill counts as survived here.
    tests: ['test/engine/sql-cells.test.ts', 'test/engine/sql-checks.test.ts', 'test/engine/sql-dialects.test.ts', 'test/engine/sql-engine.test.ts', 'test/engine/sql-fixtures.test.ts', 'test/engine/duckdb-hostile.test.ts', 'test/engine/duckdb-reads.test.ts', 'test/engine/duckdb-survivors.test.ts', 'test/engine/sql-observations.test.ts', 'test/engine/sla-overdue.test.ts', 'test/engine/ticket-coverage.test.ts'],
  },
};

/** The folders `npm run mutation` runs when none is named: those with a goal. */
export const DEFAULT_FOLDERS = ['metrics', 'input', 'engine', 'engine-sql'];

/** Where a folder's run writes its results. */
export function reportFiles(folder) {
  return {
    json: `reports/mutation/${folder}.json`,
    html: `reports/mutation/${folder}.html`,
    events: `reports/mutation/events-${folder}`,
    // The text of every file the run mutates, as it started: for --salvage.
    sources: `reports/mutation/events-${folder}.sources.json`,
    // The text of every test file as the run started: for the incremental file --salvage writes.
    tests: `reports/mutation/events-${folder}.tests.json`,
    // The test files of the run when --tests narrowed the folder's (else null): for --salvage.
    narrowed: `reports/mutation/events-${folder}.narrowed.json`,
    incremental: `reports/stryker-incremental-${folder}.json`,
    // Every finished run's JSON, whole folder or part (--mutate), named by when it ended: the
    // verdict takes each file from the newest run of it (parts.mjs).
    runs: `reports/mutation/runs/${folder}`,
  };
}
