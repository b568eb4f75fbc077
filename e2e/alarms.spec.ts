import { expect, test } from '@playwright/test';
import { CLUSTER, sandboxHasRun, signInAs } from './fixtures';

const ALARMS = `/c/${CLUSTER}/alarms`;

test('the on-call page shows the error alarm firing with its sparkline, the crashing canary among the signals, and its logs query one click away', async ({ page }) => {
  // A bound for a loaded machine, not a wait: the sandbox's clock is moved, and the page's next refresh (15 s) shows the change.
  test.setTimeout(90_000);
  // Seed 7: the alarm fires one minute in; by three minutes the canary's back-off is long, so it is mostly in CrashLoopBackOff.
  await sandboxHasRun(180);
  await signInAs(page, 'oncall', ALARMS);
  await expect(page.getByRole('heading', { name: 'On call' })).toBeVisible();

  const firing = page.locator('[data-testid="alarm-row"][data-alarm="backend-app-error-count"]');
  await expect(firing).toHaveAttribute('data-state', 'ALARM');
  // The scenario's six alarms less the three about the cluster or its nodes (sandbox/aws/cloudwatch/scenario-alarms.ts).
  await expect(page.getByTestId('alarm-row')).toHaveCount(3);
  await expect(page.getByTestId('alarm-row').first()).toHaveAttribute('data-alarm', 'backend-app-error-count');
  await expect(firing).toContainText('Sum ≥ 1 in 1 of 10 periods of 1 min');
  // The metric is drawn: a line once there are two datapoints, a dot while the first minute's is the only one.
  await expect(firing.getByTestId('alarm-sparkline')).toHaveAttribute('aria-label', /: [1-9]\d* datapoints around the transition$/);
  // Counted, not checked for visibility: a flat line's box has no height.
  await expect(firing.getByTestId('alarm-sparkline').locator('.recharts-line-curve, .recharts-line-dot')).not.toHaveCount(0);
  await expect(firing.getByTestId('alarm-sparkline').locator('.recharts-reference-line')).toHaveCount(2);
  // oncall may not list nodes: the node alarms are hidden, and the page says so.
  await expect(page.getByRole('list', { name: 'Hidden alarms' })).toContainText('3 alarms about the cluster or its nodes: shown to those who may list nodes (you may not list nodes)');

  const crash = page.locator('[data-testid="signal"][data-kind="CrashLoopBackOff"]').filter({ hasText: 'backend-app-canary-' });
  // The canary's status turns between Error, Running and CrashLoopBackOff while its back-off is short; the page refreshes every 15 s.
  await expect(crash).toHaveCount(1, { timeout: 30_000 });
  await expect(crash).toContainText(/backend-app-canary-[a-z0-9]+-[a-z0-9]+ is in CrashLoopBackOff/);
  const podName = (await crash.getByRole('link').first().textContent())!.replace(' is in CrashLoopBackOff', '');

  await page.screenshot({ path: 'test-results/alarms-oncall.png', fullPage: true });

  const link = crash.getByTestId('signal-logs');
  const href = new URL((await link.getAttribute('href'))!, page.url());
  await link.click();
  await expect(page).toHaveURL(/\/c\/eks-work-cluster\/logs\?/);
  const url = new URL(page.url());
  // The Logs page opens with the link's query, log group and range, in the pod's namespace.
  expect(url.search).toBe(href.search);
  expect(url.searchParams.get('namespace')).toBe('eks-work');
  expect(url.searchParams.get('groups')).toBe('/aws/containerinsights/eks-work-cluster/application');
  expect(url.searchParams.get('range')).toBe('1h');
  expect(url.searchParams.get('query')).toBe(
    `fields @timestamp, kubernetes.container_name, log\n| filter kubernetes.namespace_name = "eks-work" and kubernetes.pod_name = "${podName}"\n| sort @timestamp desc\n| limit 200`,
  );
  // The query is in the editor; run, it answers with the crashing pod's own lines.
  await expect(page.getByTestId('query-editor')).toContainText(`kubernetes.pod_name = "${podName}"`);
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('Complete', { timeout: 30_000 });
  const results = page.getByRole('table', { name: 'Query results' });
  await expect(results.getByRole('columnheader')).toContainText(['@timestamp', 'kubernetes.container_name', 'log']);
  // A header row and at least one line of the pod's.
  await expect(results.getByRole('row').nth(1)).toBeVisible();
});

test("dev sees none of eks-work's alarms and is told what was hidden", async ({ page }) => {
  await signInAs(page, 'dev', ALARMS);
  await expect(page.getByTestId('alarm-row')).toHaveCount(1);
  await expect(page.getByTestId('alarm-row')).toHaveAttribute('data-alarm', 'rbac-test-ns-sample-app-memory');
  const hidden = page.getByRole('list', { name: 'Hidden alarms' });
  await expect(hidden).toContainText('1 alarm about namespace eks-work: shown to those who may get pods there (you may not get pods in namespace eks-work)');
  const notChecked = page.getByRole('group', { name: 'Not checked' });
  await expect(notChecked).toContainText(
    'Not checked in amazon-cloudwatch, default, eks-work, kube-system: pods, horizontalpodautoscalers.autoscaling, deployments.apps, jobs.batch, events (forbidden)',
  );
  await notChecked.getByText("The API server's answers").click();
  await expect(notChecked.getByRole('listitem').filter({ hasText: 'in the namespace "eks-work"' }).first()).toHaveText(
    'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"',
  );
  await page.screenshot({ path: 'test-results/alarms-dev.png', fullPage: true });
});

test("an alarm's page shows its metric over a chosen range with the threshold, its history and the composite using it", async ({ page }) => {
  test.setTimeout(60_000);
  await sandboxHasRun(90);
  await signInAs(page, 'admin', `${ALARMS}/backend-app-error-count?namespace=eks-work`);
  await expect(page.getByRole('heading', { name: 'backend-app-error-count' })).toBeVisible();
  const history = page.getByRole('region', { name: 'History' });
  // Whether the first evaluation already saw an ERROR minute depends on when the sandbox started.
  await expect(history.getByRole('row').filter({ hasText: /Alarm updated from (OK|INSUFFICIENT_DATA) to ALARM/ })).toHaveCount(1);
  await expect(history.getByRole('row').filter({ hasText: 'Alarm "backend-app-error-count" created' })).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Range' }).selectOption('1h');
  await expect(page).toHaveURL(/namespace=eks-work&range=1h/);
  await expect(page.getByRole('combobox', { name: 'Range' })).toHaveValue('1h');
  const chart = page.getByRole('region', { name: 'Metric' }).getByTestId('metric-chart');
  // One series: its line, or its dot while the alarm's first minute is its only datapoint.
  await expect(chart.locator('.recharts-line')).toHaveCount(1);
  await expect(chart.locator('.recharts-line-curve, .recharts-line-dot')).not.toHaveCount(0);
  await expect(chart.getByText('threshold 1')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Composite alarms using it' })).toContainText('eks-work-cluster-page-oncall');
  await page.screenshot({ path: 'test-results/alarm-page.png', fullPage: true });
});
