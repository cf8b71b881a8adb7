import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Non-secret test settings; variables already in the environment win.
if (existsSync('.env.test')) process.loadEnvFile('.env.test');

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'functions/**/*.test.ts',
      'local/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '.local/**'],
    // Starts (or reuses) the real local stack and exports its settings to every worker.
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'functions/**/*.ts'],
      exclude: ['**/*.test.ts', '**/test-support/**'],
      reporter: ['text-summary', 'lcov'],
    },
  },
});
