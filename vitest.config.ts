import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Process-level tests run bin/csm-kpi.js, which loads dist/: build it once first.
    globalSetup: ['test/build.global.ts'],
    testTimeout: 30_000,
  },
});
