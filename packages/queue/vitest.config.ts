import { defineConfig } from 'vitest/config';

// The crash tests start processes (Redis, workers, submitters): one file at a time, generous hooks.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
