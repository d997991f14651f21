import { defineConfig } from 'vitest/config';

/**
 * Two kinds of test. `unit`: pure code, no services. `integration`: a real PostgreSQL (embedded) and a
 * real redis-server, started once for the run by the global setup; every test file works in its own
 * schema and Redis key prefix (server/src/testing/context.ts).
 */
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          // Pure tests first, on every core; then the integration files two at a time.
          sequence: { groupOrder: 0 },
          include: [
            'core/src/**/*.test.ts',
            '**/src/**/*.unit.test.ts',
            'infra/**/*.test.ts',
            'scripts/**/*.unit.test.ts',
          ],
          exclude: ['**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: [
            'platform/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'workers/src/**/*.test.ts',
            'media/src/**/*.test.ts',
            'sim/src/**/*.test.ts',
            'e2e/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/*.unit.test.ts'],
          globalSetup: ['./platform/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Files run in parallel on the 2-core CI machine; each has its own schema and prefix.
          maxWorkers: 2,
        },
      },
    ],
  },
});
