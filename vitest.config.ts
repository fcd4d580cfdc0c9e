import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // tfjs backends are process-global: isolate test files in forks, run two at a time (2-core CI).
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/summary-reporter.ts'],
    // Production code never asks whether it runs under a test: the suite states what it wants instead.
    env: {
      FEDCXR_LOG_LEVEL: process.env.FEDCXR_LOG_LEVEL ?? 'silent',
      // FEDCXR_BACKEND (when set) beats the backends tests request, so the suite re-runs on another engine.
      FEDCXR_BACKEND_OVERRIDES: '1',
    },
  },
});
