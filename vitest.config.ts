import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs no server and runs in seconds; `integration` talks to the real servers
// that `scripts/services.sh up` starts.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
