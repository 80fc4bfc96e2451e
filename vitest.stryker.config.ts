import { configDefaults, defineConfig } from 'vitest/config';

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
    exclude: [...configDefaults.exclude, '.stryker-tmp/**', 'test/cli/process.test.ts', 'test/cli/parallel.test.ts', 'test/cli/threads.test.ts', 'test/cli/cron.test.ts'],
  },
});
