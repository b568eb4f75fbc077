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
 * Vitest's default, one fewer worker than cores (a single file at a time on two cores), unless WATCHDECK_UNIT_WORKERS
 * says more: most files wait on a sandbox or a timer, so an idle machine runs several at once, but on two loaded
 * cores four workers made files that compute (150,000 pods listed, proxies under load) outrun their timeouts.
 */
const WORKERS = Number(process.env.WATCHDECK_UNIT_WORKERS) || undefined;

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
