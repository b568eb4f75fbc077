import { expect, test } from '@playwright/test';
import { CLUSTER, namespaceSelect, sandboxHasRun, signInAs } from './fixtures';

/** Each test signs in on a page of its own, so they run side by side where workers allow. */
test.describe.configure({ mode: 'parallel' });

const SLOW = { timeout: 60_000 };

test('admin and oncall land in eks-work, where the problem pods are; dev lands in the namespace it may read', async ({ browser }) => {
  test.setTimeout(180_000);
  // scenario.ts: every problem pod (the canary's crash loop, frontend-web's image pull, the Unschedulable ones, the OOMKilled job) is in eks-work.
  for (const [user, landing] of [
    ['admin', 'eks-work'],
    ['oncall', 'eks-work'],
    ['dev', 'rbac-test-ns'],
  ] as const) {
    const page = await browser.newPage();
    await signInAs(page, user, '/', { timeout: 120_000 });
    await expect(page).toHaveURL(new RegExp(`/c/${CLUSTER}\\?namespace=${landing}$`), SLOW);
    await expect(namespaceSelect(page)).toHaveValue(landing);
    await page.close();
  }
});

test("admin goes from the Overview's problem pods, status chips and Warning events to each object's page", async ({ page }) => {
  test.setTimeout(180_000);
  await sandboxHasRun(480);
  const overview = `/c/${CLUSTER}?namespace=eks-work`;
  await signInAs(page, 'admin', overview, { timeout: 120_000 });

  const problems = page.getByRole('table', { name: 'Problem pods' });
  const frontend = problems.getByRole('link', { name: /^frontend-web-/ });
  await expect(frontend).toBeVisible(SLOW);
  const podName = (await frontend.textContent())!;
  await page.screenshot({ path: 'test-results/dead-ends-overview.png', fullPage: true });
  await frontend.click();
  await expect(page.getByRole('heading', { level: 1, name: podName })).toBeVisible(SLOW);
  expect(new URL(page.url()).pathname).toBe(`/c/${CLUSTER}/pods/eks-work/${podName}`);

  await page.goto(overview);
  await page
    .getByRole('list', { name: 'Pods by status' })
    .getByRole('link', { name: /^ImagePullBackOff/ })
    .click();
  await expect(page).toHaveURL(`/c/${CLUSTER}/pods?namespace=eks-work&problems=true`, SLOW);
  await expect(page.getByRole('checkbox', { name: 'Problems only' })).toBeChecked();
  await expect(page.getByRole('table', { name: 'Pods' })).toContainText(podName, SLOW);

  await page.goto(overview);
  await page
    .getByRole('list', { name: 'Pods by status' })
    .getByRole('link', { name: /^Running/ })
    .click();
  await expect(page).toHaveURL(`/c/${CLUSTER}/pods?namespace=eks-work&phase=Running`, SLOW);
  await expect(page.getByRole('combobox', { name: 'Phase' })).toHaveValue('Running');

  // The Job whose pods were OOMKilled: BackoffLimitExceeded names the Job, linked to its workload page.
  await page.goto(overview);
  const warnings = page.getByRole('table', { name: 'Warning events' });
  const job = warnings.getByRole('link', { name: 'job/report-generator-manual-8xk2q' }).first();
  await expect(job).toBeVisible(SLOW);
  await job.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Job/report-generator-manual-8xk2q' })).toBeVisible(SLOW);
  expect(new URL(page.url()).pathname).toBe(`/c/${CLUSTER}/workloads/eks-work/jobs/report-generator-manual-8xk2q`);
});

test("the Events page links a Warning's Pod, and the Deployment page shows and links the HPA that scales it", async ({ page }) => {
  test.setTimeout(180_000);
  await sandboxHasRun(480);
  await signInAs(page, 'oncall', `/c/${CLUSTER}/events?namespace=eks-work&type=Warning&reason=FailedScheduling`, { timeout: 120_000 });
  const pending = page.getByRole('link', { name: /^pod\/batch-analytics-/ }).first();
  await expect(pending).toBeVisible(SLOW);
  const name = (await pending.textContent())!.replace('pod/', '');
  await pending.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible(SLOW);

  await page.goto(`/c/${CLUSTER}/workloads/eks-work/deployments/backend-app?namespace=eks-work`);
  const hpas = page.getByRole('table', { name: 'HorizontalPodAutoscalers scaling it' });
  // scenario.ts: the HPA backend-app scales Deployment backend-app between 2 and 10 replicas.
  await expect(hpas.getByRole('row').nth(1).getByRole('cell').nth(4)).toHaveText('2', SLOW);
  await expect(hpas.getByRole('row').nth(1).getByRole('cell').nth(5)).toHaveText('10');
  await page.screenshot({ path: 'test-results/dead-ends-deployment.png', fullPage: true });
  await hpas.getByRole('link', { name: 'backend-app' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'HorizontalPodAutoscaler/backend-app' })).toBeVisible(SLOW);
});

test('the namespace picker and the lists agree on All namespaces: Pods and Autoscaling', async ({ page }) => {
  test.setTimeout(150_000);
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=default`, { timeout: 120_000 });
  await page.getByRole('checkbox', { name: 'All namespaces' }).check();
  await expect(page.getByText(`${CLUSTER} / all namespaces`)).toBeVisible();
  await expect(namespaceSelect(page).locator('option:checked')).toHaveText('all namespaces');

  await page.goto(`/c/${CLUSTER}/autoscaling?namespace=default`);
  await expect(page.getByText('No HorizontalPodAutoscalers.')).toBeVisible(SLOW);
  await page.getByRole('checkbox', { name: 'All namespaces' }).check();
  await expect(page.getByText(`${CLUSTER} / all namespaces`)).toBeVisible();
  await expect(namespaceSelect(page).locator('option:checked')).toHaveText('all namespaces');
  const table = page.getByRole('table', { name: 'HorizontalPodAutoscalers' });
  await expect(table.getByRole('row').filter({ hasText: 'backend-app' }).getByRole('cell').first()).toHaveText('eks-work', SLOW);
  // Picking a namespace leaves the all-namespaces view for it.
  await namespaceSelect(page).selectOption('eks-work');
  await expect(page.getByText(`${CLUSTER} / eks-work`)).toBeVisible(SLOW);
  await expect(page.getByRole('checkbox', { name: 'All namespaces' })).not.toBeChecked();
});

test("from the firing alarm, its log query runs on arrival around the transition, and a record's pod opens the pod's page", async ({ page }) => {
  test.setTimeout(180_000);
  await sandboxHasRun(180);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, 'oncall', `/c/${CLUSTER}/alarms/backend-app-error-count`, { timeout: 120_000 });
  const link = page.getByRole('link', { name: 'Log lines matching ERROR' });
  await expect(link).toBeVisible(SLOW);
  const href = new URL((await link.getAttribute('href'))!, page.url());
  expect(href.searchParams.get('run')).toBe('1');
  // From 15 minutes before the state change to now, in whole minutes.
  expect(href.searchParams.get('range')).toMatch(/^\d+m$/);
  expect(Number(href.searchParams.get('range')!.slice(0, -1))).toBeGreaterThanOrEqual(16);
  await link.click();
  // Run without a click.
  await expect(page.getByTestId('query-status')).toHaveText('Complete', SLOW);
  const results = page.getByRole('table', { name: 'Query results' });
  await expect(results.getByRole('columnheader')).toContainText(['@timestamp', 'kubernetes.namespace_name', 'kubernetes.pod_name', 'log']);
  const first = results.getByRole('row').nth(1);
  // The timestamp and the pod's name are shown whole at 1440 px.
  for (const cell of [first.getByRole('cell').first(), first.getByRole('cell').nth(2)]) expect(await cell.evaluate((c) => c.scrollWidth <= c.clientWidth)).toBe(true);
  await page.screenshot({ path: 'test-results/dead-ends-alarm-logs.png', fullPage: true });
  const pod = first.getByRole('link');
  const podName = (await pod.textContent())!;
  await pod.click();
  await expect(page.getByRole('heading', { level: 1, name: podName })).toBeVisible(SLOW);
});

test('oncall hovering a refused Undo sees every permission it needs, each with its answer, above the first refusal', async ({ page }) => {
  test.setTimeout(150_000);
  await signInAs(page, 'oncall', `/c/${CLUSTER}/workloads/eks-work/deployments/backend-app?namespace=eks-work`, { timeout: 120_000 });
  const undo = page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Undo', exact: true });
  await expect(undo).toBeDisabled(SLOW);
  // Disabled while the answer is awaited too: hovering before the refusal arrives would find no tooltip to open.
  await expect(undo).toHaveAttribute('data-refused', '', SLOW);
  await undo.hover();
  const why = page.getByRole('tooltip', { name: 'Why you cannot undo' });
  // oncall holds the view ClusterRole (sandbox/world/scenario.ts, oncall-view): get and list, never patch.
  await expect(why.getByRole('list', { name: 'Permissions undo needs' }).getByRole('listitem')).toHaveText(
    ['allowed get deployments.apps "backend-app" in eks-work', 'allowed list replicasets.apps in eks-work', 'refused patch deployments.apps "backend-app" in eks-work'],
    SLOW,
  );
  await expect(why).toContainText('deployments.apps "backend-app" is forbidden: User "oncall" cannot patch resource "deployments" in API group "apps" in the namespace "eks-work"');
  await page.screenshot({ path: 'test-results/dead-ends-undo.png', fullPage: true });
});
