import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Cheapest first: a mutant's run stops at its first failing test, and most mutants are
 * killed by a unit test, so those run before the in-process CLI tests, the dataset
 * extracts and the DuckDB comparisons (vitest's own order runs the slowest first).
 */
function cost(file: string): number {
  // sql-fixtures runs every fixture through both engines (9 s): with the DuckDB comparisons.
  if (/\/test\/engine\/sql-(engine|dialects|postgres|fixtures)\.test\.ts$/.test(file)) return 3;
  if (file.includes('/test/datasets.test.ts')) return 2;
  if (file.includes('/test/cli/')) return 1;
  return 0;
}

class CheapFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => cost(a.moduleId) - cost(b.moduleId) || a.moduleId.localeCompare(b.moduleId));
  }
}

// The suite as Stryker runs it (stryker.config.mjs): in-process tests only. The tests that
// spawn bin/csm-kpi.js run the compiled dist/, where Stryker cannot switch mutants on, so
// they could never kill one; built from the instrumented sources they are also several
// times slower (the threads tests time out). test/cli/cron.test.ts runs the nightly
// script, which runs bin/csm-kpi.js as a command: Stryker's sandbox copy loses its
// executable bit. `npm test` runs all three as usual. No global setup: the few other cases
// that start the executable use the dist/ copied into the sandbox (stryker.config.mjs).
export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    // The stress tests take their smaller size (test/scale.ts).
    env: { CSM_KPI_MUTATION: '1' },
    // Instrumented code counts every mutant it passes: the largest tests run several times slower.
    testTimeout: 900_000,
    sequence: { sequencer: CheapFirst },
    // One module graph for all the files of a mutant's run: importing the CLI's instrumented
    // modules again for every test file took more time than the tests (static mutants, which
    // would need the reload, are left out: stryker.config.mjs, ignoreStatic).
    isolate: false,
    exclude: [...configDefaults.exclude, '.stryker-tmp/**', 'test/cli/process.test.ts', 'test/cli/parallel.test.ts', 'test/cli/threads.test.ts', 'test/cli/cron.test.ts'],
  },
});
