// Mutation testing (TESTING.md): `npm run mutation` (mutation/run.mjs) runs Stryker once per
// folder — metrics, input, engine, engine-sql — with CSM_MUTATION_FOLDER naming the folder: its code is
// mutated, its tests (mutation/folders.mjs) run, its results go to reports/mutation/<folder>.*.
// Without CSM_MUTATION_FOLDER (`npx stryker run`), every folder below is mutated against the
// whole in-process suite: hours on this machine.
import { FOLDERS, reportFiles } from './mutation/folders.mjs';

const folder = process.env.CSM_MUTATION_FOLDER;
if (folder !== undefined && !(folder in FOLDERS)) throw new Error(`CSM_MUTATION_FOLDER: no folder ${folder} (${Object.keys(FOLDERS).join(', ')})`);
const files = reportFiles(folder ?? 'all');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Groups mutants per type-check: much faster, the odd type-invalid mutant is then run and killed.
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: folder ? FOLDERS[folder].mutate : [
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
  // A folder's own tests only (mutation/folders.mjs), or fewer of them (run.mjs --tests).
  ...(folder ? { testFiles: process.env.CSM_MUTATION_TESTS ? process.env.CSM_MUTATION_TESTS.split(',') : FOLDERS[folder].tests } : {}),
  // Static mutants (run once, when a module loads) cannot be traced to a test, so each
  // would run every test of the folder; a folder run leaves them out (Ignored) and
  // TESTING.md says what they are.
  ignoreStatic: folder !== undefined,
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
  // mutation/incremental: the kept incremental files (run.mjs), megabytes no sandbox reads.
  ignorePatterns: ['bench/data', 'reports', 'coverage', 'mutation/incremental'],
  // event-recorder: each mutant's result in reports/mutation/events-<folder>/ as it is
  // tested, so a run stopped half-way still shows what it found.
  reporters: ['progress', 'clear-text', 'html', 'json', 'event-recorder'],
  clearTextReporter: { reportTests: false },
  htmlReporter: { fileName: files.html },
  jsonReporter: { fileName: files.json },
  eventReporter: { baseDir: files.events },
  incrementalFile: files.incremental,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
