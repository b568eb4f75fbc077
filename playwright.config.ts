import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { SEED_DATA_DIRS } from './e2e/fixtures';
import { chromiumLaunchOptions } from './scripts/chromium';

/** A free port, chosen once in the runner and inherited by its workers through the environment. */
function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

process.env.WATCHDECK_E2E_PORT ??= freePort();
// The console's metrics listener, on a port of its own as in production.
process.env.WATCHDECK_E2E_METRICS_PORT ??= freePort();
// A fresh directory per run, so no run sees another's dashboards or sessions; workers inherit it.
process.env.WATCHDECK_E2E_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-e2e-'));
const port = process.env.WATCHDECK_E2E_PORT;
// The sandbox's clock starts this far behind the wall clock, so tests can move it forward (e2e/fixtures.ts sandboxHasRun) instead of waiting.
const SANDBOX_BEHIND_SECONDS = 600;
const dir = process.env.WATCHDECK_E2E_DIR;
const launchOptions = await chromiumLaunchOptions();

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // One worker: on two cores a second browser beside the console, the sandbox and the specs' own servers
  // made every test slower than running them in turn. WATCHDECK_E2E_WORKERS=2 spreads files (and the files
  // that ask for it, test by test) on a larger machine.
  fullyParallel: false,
  workers: Number(process.env.WATCHDECK_E2E_WORKERS) || 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions,
    trace: 'retain-on-failure',
  },
  webServer: {
    // The data directory starts with the migrated store the unit tests made (or makes it once for both), not with initdb.
    command: `node ${SEED_DATA_DIRS.join(' ')} ${path.join(dir, 'data')} && node node_modules/tsx/dist/cli.mjs scripts/start.ts --sandbox --port ${port} --seed 7 --sandbox-dir ${path.join(dir, 'sandbox')} --clock-control ${SANDBOX_BEHIND_SECONDS}`,
    // Ready, not just listening: the store is open, so the first test does not wait out a fresh data directory's initdb within its own timeout.
    url: `http://127.0.0.1:${port}/api/v1/readyz`,
    env: { WATCHDECK_DATA_DIR: path.join(dir, 'data'), HOST: '127.0.0.1', WATCHDECK_METRICS_PORT: process.env.WATCHDECK_E2E_METRICS_PORT },
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    // A first `next build` takes three to five minutes on two cores.
    timeout: 720_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
