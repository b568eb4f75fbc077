import { expect, test, type Page } from '@playwright/test';
import { CLUSTER, sandboxHasRun, signInAs } from './fixtures';

// A fresh sandbox on a slow machine is still starting pods while these run: each waits for what it needs with expect's timeouts.
test.describe.configure({ mode: 'parallel', timeout: 120_000 });

/** How long a fresh sandbox may take to bring a pod to the state a test needs (image pull, start-up, readiness probe). */
const STARTING = { timeout: 60_000 };

const podsTable = (page: Page) => page.getByRole('table', { name: 'Pods' });
const podRow = (page: Page, name: RegExp) => podsTable(page).getByRole('row', { name });

test('admin sees backend-app running and the canary crash-looping in eks-work, narrows with a selector and sees a malformed one refused', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work`);
  await expect(page.getByRole('status', { name: 'Watch live' })).toBeVisible(STARTING);
  // A fresh sandbox's backend-app pods turn ready while the page watches (Spring start-up, then the readiness probe).
  await expect(podRow(page, /^backend-app-[a-z0-9]+-[a-z0-9]{5} 1\/1 Running /).first()).toBeVisible(STARTING);
  const canary = podRow(page, /^backend-app-canary-[a-z0-9]+-[a-z0-9]{5} 0\/1 /).first();
  await expect(canary.getByText('CrashLoopBackOff')).toBeVisible(STARTING);
  await expect(canary.locator('[data-severity]')).toHaveAttribute('data-severity', 'error');
  await page.screenshot({ path: '/tmp/watchdeck-pods-admin.png', fullPage: true });

  const selector = page.getByLabel('Label selector');
  await selector.fill('app=backend-app,track!=canary');
  await selector.press('Enter');
  await expect(page).toHaveURL(/labelSelector=app%3Dbackend-app%2Ctrack%21%3Dcanary/);
  await expect(podRow(page, /^backend-app-canary-/)).toHaveCount(0);
  // The narrowed list arrives after the canary's row is gone; the HPA's two replicas at least (seed 7: minReplicas 2, more once it scales).
  const stable = podsTable(page)
    .getByRole('row')
    .filter({ hasText: /^backend-app-/ });
  await expect(stable.nth(1)).toBeVisible(STARTING);
  for (const name of await stable.allInnerTexts()) expect(name).toMatch(/^backend-app-[a-z0-9]+-[a-z0-9]{5}\s/);

  // A link reproduces the view.
  await page.goto('about:blank');
  await page.goto(`/c/${CLUSTER}/pods?namespace=eks-work&labelSelector=app%3Dbackend-app%2Ctrack%21%3Dcanary&sort=restarts&order=desc`);
  await expect(page.getByLabel('Label selector')).toHaveValue('app=backend-app,track!=canary');
  await expect(podsTable(page).getByRole('columnheader', { name: 'Restarts' })).toHaveAttribute('aria-sort', 'descending');
  await expect(podRow(page, /^backend-app-[a-z0-9]+-[a-z0-9]{5} 1\/1 Running /).first()).toBeVisible();
  await expect(podRow(page, /^backend-app-canary-/)).toHaveCount(0);

  await page.getByLabel('Label selector').fill('app in (');
  await expect(page.getByTestId('selector-hint')).toBeVisible();
  await page.getByLabel('Label selector').press('Enter');
  await expect(page.getByTestId('selector-error')).toHaveText("unable to parse requirement: found '', expected: ',', ')' or identifier");
  await expect(podsTable(page)).toHaveCount(0);
});

test('dev sees the Forbidden message on eks-work pods, and rbac-test-ns pods working', async ({ page }) => {
  await signInAs(page, 'dev', `/c/${CLUSTER}/pods?namespace=eks-work`);
  await expect(page.getByTestId('error-message')).toHaveText('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  await expect(page.locator('[data-forbidden]')).toContainText("You don't have access to list pods in eks-work");
  await page.screenshot({ path: '/tmp/watchdeck-pods-dev-forbidden.png', fullPage: true });

  await page.goto(`/c/${CLUSTER}/pods?namespace=rbac-test-ns`);
  // Seed 7 (sandbox/world/scenario.ts): sample-app has one replica.
  await expect(podRow(page, /^sample-app-[a-z0-9]+-[a-z0-9]{5} /)).toHaveCount(1, STARTING);
  await expect(page.getByRole('status', { name: 'Watch live' })).toBeVisible(STARTING);

  // All namespaces: dev's own namespace listed, the others named with the API server's 403 instead of failing as a whole.
  await page.goto(`/c/${CLUSTER}/pods?namespace=rbac-test-ns&allNamespaces=true`);
  await expect(podRow(page, /^sample-app-[a-z0-9]+-[a-z0-9]{5} rbac-test-ns /)).toHaveCount(1, STARTING);
  await expect(podRow(page, /^backend-app-/)).toHaveCount(0);
  await expect(
    page
      .getByRole('note', { name: 'Omitted namespaces' })
      .getByRole('listitem')
      .filter({ hasText: /^eks-work/ }),
  ).toHaveText('eks-work — pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  await expect(page.getByRole('status', { name: 'Watch live' })).toBeVisible(STARTING);
  await page.screenshot({ path: '/tmp/watchdeck-pods-dev-all-namespaces.png', fullPage: true });
});

test('admin opens a backend-app pod: containers, events newest first, and logs with the health checks', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work&labelSelector=app%3Dbackend-app%2Ctrack%3Dstable`);
  const link = podRow(page, /^backend-app-[a-z0-9]+-[a-z0-9]{5} 1\/1 Running /)
    .first()
    .getByRole('link')
    .first();
  await expect(link).toBeVisible(STARTING);
  const name = (await link.innerText()).trim();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/c/${CLUSTER}/pods/eks-work/${name}\\?namespace=eks-work$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);

  const container = page.getByRole('list', { name: 'Containers' }).getByRole('listitem', { name: 'Container backend-app' });
  await expect(container).toContainText('566620743708.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:1.4.2');
  await expect(container).toContainText('Running', STARTING);
  await expect(container).toContainText('readiness: http-get http://:8080/health delay=10s timeout=1s period=5s #success=1 #failure=3');
  // Usage comes from metrics.k8s.io, which has a first sample only after the metrics window passes.
  await expect(container.getByRole('meter', { name: /^cpu .*, request 250m, limit 500m$/ })).toBeVisible(STARTING);
  await expect(page.getByRole('list', { name: 'Owner chain' })).toContainText(/ReplicaSet\/backend-app-[a-z0-9]+\s*→\s*Deployment\/backend-app/);
  const events = page.getByRole('table', { name: 'Events' });
  await expect(events.getByRole('row').filter({ hasText: 'Scheduled' })).toHaveCount(1);
  await page.screenshot({ path: '/tmp/watchdeck-pod-detail.png', fullPage: true });

  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page).toHaveURL(/tab=Logs/);
  const log = page.getByRole('log', { name: 'Log lines' });
  await expect(log).toContainText('Health GET API called.', STARTING);
  await page.getByLabel('Find').fill('Health GET');
  await expect(log.locator('mark').first()).toHaveText('Health GET');
  await page.screenshot({ path: '/tmp/watchdeck-pod-logs.png', fullPage: true });

  await page.getByLabel('Follow').check();
  await expect(log.getByText('following…')).toBeVisible();
  await expect(log).toContainText('Health GET API called.');
  const lastLine = log.locator('pre > div').last();
  const followedFrom = await lastLine.innerText();
  await expect.poll(() => lastLine.innerText(), { timeout: 15_000 }).not.toBe(followedFrom);

  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.getByLabel('YAML')).toContainText(`name: ${name}`);
});

test("a Pending pod explains itself: the untolerated taint, with each node's free room", async ({ page }) => {
  // Seed 7: the scheduler's first attempt at dedicated-worker is 10 s in.
  await sandboxHasRun(30);
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work&name=dedicated-worker`);
  // Rows are keyed by uid, so the row under the pointer stays this pod's while the list streams in.
  await podRow(page, /^dedicated-worker-/)
    .getByRole('link')
    .first()
    .click();
  await expect(page).toHaveURL(/\/pods\/eks-work\/dedicated-worker-[a-z0-9]+-[a-z0-9]{5}\?namespace=eks-work$/);
  const explainer = page.getByRole('region', { name: 'Why it is Pending' });
  await expect(explainer.getByRole('list', { name: 'Scheduling reasons' })).toContainText('node(s) had untolerated taint {dedicated: true}');
  const rooms = explainer.getByRole('table', { name: 'Free room per node' });
  await expect(rooms.getByRole('row')).toHaveCount(5);
  // The tainted node has the selector's label, so only its taint rules the pod out; the other three lack the label.
  await expect(rooms.getByRole('row').filter({ hasText: 'dedicated=true:NoSchedule' }).getByRole('list', { name: 'Rejects the pod' })).toHaveText('untolerated taint dedicated=true:NoSchedule');
  await expect(rooms.getByRole('list', { name: 'Rejects the pod' }).filter({ hasText: 'node selector dedicated=true: the node has no label dedicated' })).toHaveCount(3);
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Pods' })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: '/tmp/watchdeck-pod-pending.png', fullPage: true });
});

test('admin sees every node with its resources, and a node page lists its pods', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/nodes`);
  const nodes = page.getByRole('table', { name: 'Nodes' });
  await expect(nodes.getByRole('row')).toHaveCount(5, STARTING);
  await expect(nodes.getByRole('row').filter({ hasText: 'dedicated=true:NoSchedule' })).toHaveCount(1);
  await expect(nodes.getByRole('row').filter({ hasText: 'm5.large' })).toHaveCount(4);
  await page.screenshot({ path: '/tmp/watchdeck-nodes.png', fullPage: true });

  await nodes.getByRole('row').filter({ hasText: 'dedicated=true:NoSchedule' }).getByRole('link').click();
  const pods = page.getByRole('table', { name: 'Pods on this node' });
  await expect(pods.getByRole('row').filter({ hasText: /^aws-node-/ })).toHaveCount(1, STARTING);
  await expect(pods.getByRole('row').filter({ hasText: /^dedicated-worker-/ })).toHaveCount(0);
});

test("admin sees each workload kind with kubectl's columns, and a Deployment's page with its rollout, history, pods and their logs", async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/workloads?namespace=eks-work`);
  const deployments = page.getByRole('table', { name: 'Deployments' });
  await expect(deployments.getByRole('columnheader')).toHaveText(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
  await expect(deployments.getByRole('row', { name: /^backend-app-canary 0\/1 / })).toBeVisible();
  await expect(page.getByRole('table', { name: 'StatefulSets' }).getByRole('row', { name: /^postgres 1\/1 / })).toBeVisible(STARTING);
  await expect(page.getByRole('table', { name: 'CronJobs' }).getByRole('row', { name: /^report-generator \*\/30 \* \* \* \* / })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Jobs' }).getByRole('row', { name: /^report-generator-manual-8xk2q / })).toBeVisible();
  await expect(page.getByRole('region', { name: 'DaemonSets' })).toContainText('No DaemonSets.');
  const pdb = page.getByRole('table', { name: 'PodDisruptionBudgets' }).getByRole('row', { name: /^pdb-backend-app N\/A 1 / });
  await expect(pdb).toBeVisible();
  await page.screenshot({ path: '/tmp/watchdeck-workloads.png', fullPage: true });
  await pdb.getByRole('link', { name: 'app=backend-app' }).click();
  await expect(page).toHaveURL(`/c/${CLUSTER}/pods?namespace=eks-work&labelSelector=app%3Dbackend-app`);
  await expect(podsTable(page).getByRole('row', { name: /^backend-app-canary-/ })).toHaveCount(1);
  await page.goBack();

  await deployments.getByRole('link', { name: 'backend-app', exact: true }).click();
  await expect(page).toHaveURL(`/c/${CLUSTER}/workloads/eks-work/deployments/backend-app?namespace=eks-work`);
  await expect(page.getByTestId('rollout-status')).toHaveText(/deployment "backend-app" successfully rolled out|Waiting for deployment "backend-app" rollout to finish/);
  await expect(page.getByRole('table', { name: 'Revision history' }).getByRole('row', { name: /^1 backend-app-[a-z0-9]+ / })).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: 'Pods' })
      .getByRole('row', { name: /^backend-app-[a-z0-9]+-[a-z0-9]{5} 1\/1 Running / })
      .first(),
  ).toBeVisible(STARTING);
  await expect(page.getByRole('table', { name: 'Pods' }).getByRole('row', { name: /^backend-app-canary-/ })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/watchdeck-workload.png', fullPage: true });

  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByRole('log', { name: 'Log lines' })).toContainText(/\[pod\/backend-app-[a-z0-9]+-[a-z0-9]{5}\/backend-app\] .*Health GET API called\./, STARTING);
});
