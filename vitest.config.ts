import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node; browser tests (test/e2e) drive real Debian Chromium
// through playwright-core and are slower, so they get a longer timeout.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
