import { expect, test } from '@playwright/test';
import { CLUSTER, sandboxHasRun, signInAs } from './fixtures';

test('the autoscaling list shows backend-app as kubectl get hpa does', async ({ page }, testInfo) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/autoscaling?namespace=eks-work`);
  const table = page.getByRole('table', { name: 'HorizontalPodAutoscalers' });
  const row = table.getByRole('row').filter({ hasText: 'backend-app' }).first();
  await expect(row).toContainText('Deployment/backend-app');
  await expect(row.getByRole('cell').nth(2)).toHaveText(/^cpu: (\d+%|<unknown>)\/50%$/);
  await expect(row.getByRole('cell').nth(3)).toHaveText('2');
  await expect(row.getByRole('cell').nth(4)).toHaveText('10');
  await page.screenshot({ path: testInfo.outputPath('autoscaling-list.png'), fullPage: true });
  await row.getByRole('link', { name: 'backend-app', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'HorizontalPodAutoscaler/backend-app' })).toBeVisible();
});

test('the backend-app HPA page charts a scale-out and explains the decision in one sentence', async ({ page }, testInfo) => {
  // A bound for a loaded machine, not a wait: the sandbox's clock is moved, and the page's next refresh (15 s) shows the change.
  test.setTimeout(90_000);
  await signInAs(page, 'admin', `/c/${CLUSTER}/autoscaling/eks-work/backend-app?namespace=eks-work`);
  await expect(page.getByTestId('hpa-outcome')).toHaveText(/^(wants \d+ replicas|cannot compute a replica count)/);
  // Seed 7: backend-app's load pushes it past the 50% target and the HPA scales from 2 to 3 at 170 s; the page shows it on its next refresh (15 s).
  await sandboxHasRun(180);
  const events = page.getByRole('list', { name: 'Scale events' });
  await expect(events).toContainText('SuccessfulRescale: New size: 3; reason: cpu resource utilization (percentage of request) above target', { timeout: 30_000 });
  const chart = page.getByTestId('hpa-replicas-chart');
  await expect(chart.locator('.recharts-line')).toHaveCount(2);
  await expect(chart.locator('.recharts-reference-line').first()).toBeAttached();
  await expect(page.getByTestId('hpa-outcome')).toHaveText(/^wants \d+ replicas(: scales from \d+ to \d+| and has them.*|; held at \d+ by .*)$/);
  await expect(page.getByTestId('hpa-metric-step').first()).toContainText(/Resource cpu\s*\d+% \/ 50%/);
  await page.screenshot({ path: testInfo.outputPath('autoscaling-hpa.png'), fullPage: true });
});
