/**
 * A console in kubeconfig mode whose current context, "gone", names an API server nothing listens on
 * (https://127.0.0.1:1), beside the test server's sandbox as "sandbox-admin". It is a second
 * `next start` of the build the Playwright web server made. The pages of "gone" say why within
 * seconds, with the next try and the way out; the cluster switcher leads to the sandbox, whose pages work.
 * Last, on the test server (token mode), the API server refusing the user's token mid-session.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CLUSTER, seedDataDir, signInAs } from './fixtures';

const root = path.resolve(import.meta.dirname, '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
/** The message the console API gives for a refused connection (server/k8s/errors.ts, ECONNREFUSED). */
const REFUSED = 'cannot reach the API server of cluster "gone" at https://127.0.0.1:1: connection refused (ECONNREFUSED)';

let dir: string;
let child: ChildProcess;
let baseURL: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The sandbox's kubeconfig with its admin context only, plus "gone", made current. */
function kubeconfigWithGone(): string {
  const config = parseYaml(fs.readFileSync(path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'kubeconfig'), 'utf8'));
  config.clusters.push({ name: 'gone', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } });
  config.contexts = [...config.contexts.filter((context: { name: string }) => context.name === 'sandbox-admin'), { name: 'gone', context: { cluster: 'gone', user: 'sandbox-admin' } }];
  config['current-context'] = 'gone';
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, stringifyYaml(config), { mode: 0o600 });
  return file;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-unreachable-'));
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), WATCHDECK_KUBECONFIG: kubeconfigWithGone(), WATCHDECK_DATA_DIR: path.join(dir, 'data') };
  seedDataDir(path.join(dir, 'data'));
  // Kubeconfig mode, on this kubeconfig alone.
  delete env.KUBECONFIG;
  delete env.WATCHDECK_AUTH_MODE;
  child = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 90_000;
  // Ready, not just listening: the store is open, so the first test does not wait out initdb.
  while (
    (await fetch(`${baseURL}/api/v1/readyz`).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (child.exitCode !== null) throw new Error(`the console exited (${child.exitCode})`);
    if (Date.now() > deadline) throw new Error('the console did not start');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The page's own panel for the unreachable cluster: kind, message verbatim, advice and a live countdown. */
async function expectUnreachablePanel(page: Page) {
  const panel = page.locator('main [role="alert"][data-error-kind="ClusterUnreachable"]').first();
  await expect(panel).toBeVisible({ timeout: 10_000 });
  await expect(panel.getByTestId('error-message')).toHaveText(REFUSED);
  await expect(panel).toContainText('Check the VPN or the network between Watchdeck and the cluster.');
  await expect(panel.getByTestId('next-try')).toHaveText(/^next try in \d+ s$/);
  await expect(panel.getByRole('button', { name: 'Try now' })).toBeVisible();
}

test('the Overview and Pods of an unreachable cluster say why within 10 s, and the shell names the failure', async ({ page }) => {
  await page.goto(`${baseURL}/c/gone`);
  await expectUnreachablePanel(page);
  // With no namespace list the page opens on the context's namespace or default instead of waiting.
  await expect(page).toHaveURL(/\/c\/gone\?namespace=default$/);
  await expect(page.locator('header [data-error-kind="ClusterUnreachable"]')).toHaveCount(2);
  await expect(page.locator('header [data-error-kind="ClusterUnreachable"]').first()).toHaveText('Cluster unreachable');

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Pods' }).click();
  await expect(page).toHaveURL(/\/c\/gone\/pods\?namespace=default/);
  await expect(page.locator('main [role="alert"][data-error-kind="ClusterUnreachable"]').first()).toBeVisible({ timeout: 10_000 });
});

test('Try now asks the console again at once, and the panel then counts down to the next try', async ({ page }) => {
  await page.goto(`${baseURL}/c/gone?namespace=default`);
  await expectUnreachablePanel(page);
  const panel = page.locator('main [role="alert"][data-error-kind="ClusterUnreachable"]').first();
  const overviewCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/clusters/gone/overview')) overviewCalls.push(request.url());
  });
  await panel.getByRole('button', { name: 'Try now' }).click();
  await expect.poll(() => overviewCalls.length).toBeGreaterThanOrEqual(1);
  await expect(panel.getByTestId('next-try')).toHaveText(/^next try in \d+ s$/);
});

test('the cluster switcher stays usable on an unreachable cluster and leads to a working one', async ({ page }) => {
  await page.goto(`${baseURL}/c/gone?namespace=default`);
  await expectUnreachablePanel(page);
  await page.getByRole('combobox', { name: 'Cluster' }).selectOption('sandbox-admin');
  await expect(page).toHaveURL(/\/c\/sandbox-admin/);
  await expect(page.getByTestId('whoami-username')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { name: 'Pods by status' })).toBeVisible();
  await expect(page.locator('[data-error-kind]')).toHaveCount(0);
});

test.describe('credentials refused mid-session where the console signs users in', () => {
  /** The body the console API gives when the API server refuses the user's token (server/k8s/errors.ts: kind Unauthorized, the API server's Status). */
  const REFUSED_TOKEN = {
    error: { kind: 'Unauthorized', message: 'Unauthorized', status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 401, reason: 'Unauthorized', message: 'Unauthorized' } },
  };

  test('a 401 leads once to sign-in with the page kept, and signing in returns to it', async ({ page }) => {
    await signInAs(page, 'admin', `/c/${CLUSTER}?namespace=eks-work`);
    await expect(page.getByRole('heading', { name: 'Pods by status' })).toBeVisible();
    const refused: string[] = [];
    await page.route(`**/api/v1/clusters/${CLUSTER}/**`, (route) => {
      refused.push(route.request().url());
      return route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify(REFUSED_TOKEN) });
    });
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Nodes' }).click();
    await expect(page).toHaveURL(`/sign-in?next=${encodeURIComponent(`/c/${CLUSTER}/nodes?namespace=eks-work`)}`);
    const afterRedirect = refused.length;
    await page.waitForTimeout(3_000);
    // No loop: nothing asks the cluster again once the page has left for sign-in.
    expect(refused.length).toBe(afterRedirect);
    await page.unroute(`**/api/v1/clusters/${CLUSTER}/**`);
    await page.getByRole('button', { name: /^Sign in as admin — / }).click();
    await expect(page).toHaveURL(`/c/${CLUSTER}/nodes?namespace=eks-work`);
    await expect(page.getByTestId('whoami-username')).toHaveText('admin');
  });
});
