// Mutation testing (TESTING.md): `npm run mutation` mutates the computing code and runs the
// vitest suite against each mutant; `npm run mutation:incremental` re-tests only the mutants
// whose code or covering tests changed since the last run (reports/stryker-incremental.json).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Groups mutants per type-check: much faster, the odd type-invalid mutant is then run and killed.
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'src/metrics/**/*.ts',
    'src/stats/**/*.ts',
    'src/input/**/*.ts',
    'src/engine/**/*.ts',
    'src/time/**/*.ts',
    'src/structures/**/*.ts',
    // The two-thread plumbing runs only in a worker thread started from compiled dist/
    // (test/cli/parallel.test.ts spawns the executable): no in-process test can see a mutant
    // there, so it would only count as "no coverage". Its correctness is pinned by
    // parallel.test.ts comparing one thread with two, byte for byte.
    '!src/engine/parallel/**',
  ],
  // The KPI definitions' prose is not mutated (see the plugin for why).
  plugins: ['@stryker-mutator/*', './stryker.ignore-prose.mjs'],
  ignorers: ['kpi-prose'],
  // Only the tests that execute a mutant run against it.
  coverageAnalysis: 'perTest',
  // The machine is shared: two test processes at most.
  concurrency: 2,
  timeoutMS: 10_000,
  // The first, instrumented run of the whole suite takes 3–6 min on this busy machine.
  dryRunTimeoutMinutes: 30,
  // dist/ is copied into the sandbox as built (`npm run mutation` builds first): a few
  // in-process test files also start the executable for one case (a pipe, a cron script),
  // and those cases need it. They run the unmutated build, so they can fail only if dist/
  // is stale; they cover no mutant and run once, in the initial test run.
  ignorePatterns: ['bench/data', 'reports', 'coverage'],
  reporters: ['progress', 'clear-text', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/stryker-incremental.json',
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
