import { defineConfig } from 'vitest/config';

// `npm run test:real`: the loopback end-to-end suites (a real Airflow started by scripts/airflow-up.mjs),
// kept out of `npm test`'s *.test.ts pattern because they run for minutes of wall-clock time.
export default defineConfig({
  test: {
    include: ['test/airflow_real/**/*.real.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
