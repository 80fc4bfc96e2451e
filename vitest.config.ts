import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Process-level tests run bin/csm-kpi.js, which loads dist/: build it once first.
    globalSetup: ['test/build.global.ts'],
    // fast-check's seed, fixed.
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    // Stryker's sandboxes (npm run mutation) hold a copy of test/.
    exclude: [...configDefaults.exclude, '.stryker-tmp/**', 'reports/**'],
  },
});
