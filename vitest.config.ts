import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Files that bound a latency or a computation's time (healthz p99 beside a hostile query, a timeout's elapsed time,
 * a lease's takeover, a scan yielding to timers, a list of 150,000 pods): they run one at a time after the rest, alone.
 */
const TIMED = [
  'app/api/v1/security-stalls.test.ts',
  'app/api/v1/security-writes.test.ts',
  'lib/logs-insights/filter-pattern.test.ts',
  'lib/logs-insights/regex.test.ts',
  'server/hpa/leader-election.test.ts',
  'server/k8s/faults.test.ts',
  'server/logs/query-budget.test.ts',
  'sandbox/kube/list.test.ts',
];

/**
 * Two files at a time unless WATCHDECK_UNIT_WORKERS says otherwise: most files wait on a sandbox or a timer, so two
 * overlap well even on two cores (the ordinary files took 382 s with two workers against about 600 s with one on a
 * quiet two-core machine); the timed files above still run alone. On a machine loaded by other work, ask for 1.
 */
const WORKERS = Number(process.env.WATCHDECK_UNIT_WORKERS) || 2;

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // Next.js resolves it for server bundles; tests run server modules directly.
      'server-only': fileURLToPath(new URL('./test/server-only.ts', import.meta.url)),
    },
  },
  test: {
    exclude: ['node_modules/**', 'e2e/**', '.next/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['./test/next-runtime.ts'],
    // Request log lines would bury the test report; tests of logging redirect them and set their own level.
    env: { WATCHDECK_LOG_LEVEL: 'silent' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['**/*.test.ts', '**/*.test.tsx'], exclude: ['node_modules/**', 'e2e/**', '.next/**', ...TIMED], maxWorkers: WORKERS } },
      // One worker puts a project's files in Vitest's sequential group, which runs after every other.
      { extends: true, test: { name: 'timed', include: TIMED, maxWorkers: 1 } },
    ],
  },
});
