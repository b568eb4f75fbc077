/**
 * The pages when the cluster or AWS fails, and how they recover, through the sandbox's fault proxy
 * (sandbox/faults): a sandbox of this file's own with the proxies in front, and one console on its
 * own port (the production build the test server made) whose kubeconfig and AWS endpoint go through
 * them. Each case sets faults over the proxy's control and clears them at its end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { CLUSTER, signInAs } from './fixtures';
import { startFaultConsole, type FaultConsole } from './fault-console';

test.describe.configure({ timeout: 150_000 });

/** The console's connect timeout for an API server call (server/k8s): a refused connection must show before it. */
const CONNECT_TIMEOUT = { timeout: 15_000 };
/** The bound for a live list to come back on its own. */
const RECOVERY = { timeout: 30_000 };
/** A fresh sandbox is still starting pods: how long a page may take to first show what a case needs. */
const STARTING = { timeout: 60_000 };
const PODS = `/c/${CLUSTER}/pods?namespace=eks-work`;

let dir: string;
let faults: FaultConsole;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-faults-'));
  faults = await startFaultConsole(dir);
});

test.afterEach(async () => {
  await faults?.clear();
});

test.afterAll(async () => {
  await faults?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A page on this file's console, tall enough that the virtual table draws every row of a namespace. */
async function openPage(browser: Browser, user: 'admin' | 'oncall' | 'dev', next: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: faults.url, viewport: { width: 1400, height: 4000 } });
  const page = await context.newPage();
  await signInAs(page, user, next);
  // A page may add its namespace to the query: the path is what must be kept.
  await expect(page).toHaveURL((url) => url.pathname === new URL(next, faults.url).pathname);
  return page;
}

const indicator = (page: Page) => page.locator('[data-connection]');
const errorPanel = (page: Page, kind: string) => page.locator(`main [role="alert"][data-error-kind="${kind}"]`).first();

/** The pod names in the Pods table, in the order shown. */
async function rowNames(page: Page): Promise<string[]> {
  const cells = page.getByRole('table', { name: 'Pods' }).locator('tbody tr[aria-rowindex] td:first-child');
  return (await cells.allInnerTexts()).map((text) => text.trim().split(/\s+/)[0]);
}

/** A marker in the page's window: still there afterwards means the page was not reloaded. */
async function mark(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { faultMark: 'not reloaded' }));
}
async function marked(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { faultMark?: string }).faultMark);
}

test('a refused API server shows as ClusterUnreachable on the Pods page, which is live again on its own, with the rows the API server has', async ({ browser }) => {
  const page = await openPage(browser, 'oncall', PODS);
  await expect(indicator(page)).toHaveAttribute('data-connection', 'live', STARTING);
  await mark(page);

  await faults.set({ apiServer: [{ kind: 'refuse' }] });
  // An error panel in place of the rows, or the kept rows' indicator turned stale with the kind.
  const shown = page.locator('main [data-error-kind="ClusterUnreachable"]').first();
  await expect(shown).toBeVisible(CONNECT_TIMEOUT);
  await expect(shown).toContainText(/next try in \d+ s/);
  // The message is the console API's own for the same call, verbatim: in the panel, or in the indicator's hint.
  const answer = await page.request.get(`/api/v1/clusters/${CLUSTER}/pods?namespace=eks-work`);
  const { error } = (await answer.json()) as { error: { kind: string; message: string } };
  expect([answer.status(), error.kind]).toEqual([502, 'ClusterUnreachable']);
  await expect.poll(() => shown.evaluate((el) => el.querySelector('[data-testid="error-message"]')?.textContent ?? el.getAttribute('title') ?? ''), RECOVERY).toContain(error.message);

  await faults.clear();
  await expect(indicator(page)).toHaveAttribute('data-connection', 'live', RECOVERY);
  expect(await marked(page)).toBe('not reloaded');
  // Same names as the API server's list, each once; the world may start or end a pod meanwhile, so compared until they agree.
  const namesAgainstList = async () => {
    const [shown, listed] = await Promise.all([rowNames(page), faults.podNames('oncall', 'eks-work')]);
    return { shown, once: new Set(shown).size === shown.length, agree: [...shown].sort().join() === listed.join() };
  };
  await expect.poll(async () => (await namesAgainstList()).agree, RECOVERY).toBe(true);
  expect((await namesAgainstList()).once).toBe(true);
  await page.context().close();
});

test('a watch cut mid-stream goes reconnecting, resumes, and shows the pod created while it was cut', async ({ browser }) => {
  const page = await openPage(browser, 'admin', PODS);
  await expect(indicator(page)).toHaveAttribute('data-connection', 'live', STARTING);
  await mark(page);

  // The open watches are reset, and the new ones are refused as an API server restarting would: lists still answer.
  await faults.set({
    apiServer: [
      { kind: 'reset', match: { watch: true } },
      { kind: 'status', code: 503, match: { watch: true } },
    ],
  });
  await expect(indicator(page)).toHaveAttribute('data-connection', 'reconnecting', RECOVERY);
  const name = `fault-cut-${Date.now().toString(36)}`;
  const created = await faults.apiServer('admin', 'POST', '/api/v1/namespaces/eks-work/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'eks-work', labels: { app: 'fault-cut' } },
    spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
  });
  expect(created.status).toBe(201);

  await faults.clear();
  await expect(indicator(page)).toHaveAttribute('data-connection', 'live', RECOVERY);
  await expect(page.getByRole('table', { name: 'Pods' }).getByRole('row').filter({ hasText: name })).toHaveCount(1, RECOVERY);
  expect(await marked(page)).toBe('not reloaded');
  expect((await faults.apiServer('admin', 'DELETE', `/api/v1/namespaces/eks-work/pods/${name}`)).status).toBe(200);
  await page.context().close();
});

test('a 429 with Retry-After shows Throttled on the overview with when the next try is', async ({ browser }) => {
  const page = await openPage(browser, 'admin', `/c/${CLUSTER}?namespace=eks-work`);
  await faults.set({ apiServer: [{ kind: 'status', code: 429, retryAfterSeconds: 20 }] });
  // A fresh load under the fault (signing in needs the API server, so the fault comes after it), not a retry.
  await page.reload();
  const panel = errorPanel(page, 'Throttled');
  await expect(panel).toBeVisible(CONNECT_TIMEOUT);
  await expect(panel.getByTestId('error-message')).toHaveText('Too many requests, please try again later.');
  await expect(panel.getByTestId('next-try')).toContainText(/next try in \d+ s/);
  await expect(panel.getByRole('button', { name: 'Try now' })).toBeVisible();

  await faults.clear();
  await panel.getByRole('button', { name: 'Try now' }).click();
  await expect(page.locator('main [role="alert"][data-error-kind]')).toHaveCount(0, RECOVERY);
  await page.context().close();
});

test('CloudWatch throttling shows in the alarms panel while the cluster signals and Container Insights work', async ({ browser }) => {
  await faults.set({ aws: [{ kind: 'status', code: 429, awsError: 'ThrottlingException', match: { operation: 'GraniteServiceVersion20100801.DescribeAlarms' } }] });
  const page = await openPage(browser, 'oncall', `/c/${CLUSTER}/alarms`);
  const alarms = page.getByRole('region', { name: 'Alarms' });
  const panel = alarms.locator('[role="alert"][data-error-kind="Throttled"]');
  await expect(panel).toBeVisible(CONNECT_TIMEOUT);
  // The sandbox proxy's ThrottlingException message, as CloudWatch words it.
  await expect(panel.getByTestId('error-message')).toContainText('Rate exceeded');
  await expect(panel.getByTestId('next-try')).toContainText(/next try in \d+ s/);
  for (const region of ['Signals', 'Container Insights']) {
    const section = page.getByRole('region', { name: region });
    await expect(section.getByRole('status', { name: /^Loading/ })).toHaveCount(0, STARTING);
    await expect(section.locator('[role="alert"]')).toHaveCount(0);
  }

  await faults.clear();
  await expect(panel).toHaveCount(0, RECOVERY);
  await expect(page.getByTestId('firing-count')).toBeVisible();
  await page.context().close();
});

test('a token the API server stops accepting mid-session leads to sign-in with the page kept, and back to it after signing in', async ({ browser }) => {
  const page = await openPage(browser, 'oncall', PODS);
  await expect(indicator(page)).toHaveAttribute('data-connection', 'live', STARTING);

  // Open connections go (the watch with them), and every call after is refused as a revoked token is.
  await faults.set({ apiServer: [{ kind: 'reset' }, { kind: 'status', code: 401 }] });
  await expect(page).toHaveURL(`${faults.url}/sign-in?next=${encodeURIComponent(PODS)}`, CONNECT_TIMEOUT);

  await faults.clear();
  await page.getByRole('button', { name: /^Sign in as oncall — / }).click();
  await expect(page).toHaveURL(`${faults.url}${PODS}`);
  await expect(indicator(page)).toHaveAttribute('data-connection', 'live', RECOVERY);
  await page.context().close();
});
