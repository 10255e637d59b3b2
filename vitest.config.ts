import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Unit and integration tests run in Node; browser tests (test/e2e) drive real Debian Chromium
// through playwright-core and are slower, so they get a longer timeout. The Svelte plugin compiles
// the renderer's rune modules (*.svelte.ts, e.g. the app model) for the tests that load them.
export default defineConfig({
  plugins: [svelte({ configFile: false })],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
