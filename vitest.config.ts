import { defineConfig } from 'vitest/config';

/**
 * Test tiers (CONVENTIONS.md): unit tests sit beside the code (`src/**\/*.test.ts`; the console's
 * in the `web` project);
 * module tests against a real database and API tests through `inject` live in each
 * workspace's `test/` folder; browser tests live in `apps/web/e2e`.
 */
export default defineConfig({
  test: {
    // Vitest's default on two cores is one worker (cores − 1); most of these tests wait on
    // servers, brokers and timers, and two workers halve the suite's time (scripts/test.mjs runs
    // the browser project beside them).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'modules/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          exclude: ['apps/web/**', '**/node_modules/**'],
        },
      },
      {
        // The console's pure code (legends, layers' classification, builders): Node, no DOM.
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.test.ts', 'modules/*/test/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'apps/cli/test/**/*.test.ts'],
          // Generous: with the browser tests beside them on two cores, the end-to-end CLI tests
          // (child processes, backups, restarts) take up to twice their time alone.
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['apps/web/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
