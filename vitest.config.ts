import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs no server and runs in seconds; `integration` talks to the real servers
// that `scripts/services.sh up` starts. Both rebuild dist/ when stale (for tests that spawn bin/doppel.js).
// The summary reporter ends the output with a plain `N passed, N failed` line.
const globalSetup = ['test/helpers/build-once.ts'];

export default defineConfig({
  test: {
    // Two workers even on two cores: many tests wait on child processes, servers or files.
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      // No 5-second default for unit tests either: on a shared two-core machine a busy moment is not a failure.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], globalSetup, testTimeout: 60_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
