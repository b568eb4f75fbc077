import { expect, test } from '@playwright/test';
import { CLUSTER, createDashboard, sandboxHasRun, signInAs } from './fixtures';

const BACKEND = ['ContainerInsights', 'pod_cpu_utilization', 'ClusterName', CLUSTER, 'Namespace', 'eks-work', 'PodName', 'backend-app', { label: 'backend-app CPU' }];
const SAMPLE = ['ContainerInsights', 'pod_cpu_utilization', 'ClusterName', CLUSTER, 'Namespace', 'rbac-test-ns', 'PodName', 'sample-app', { label: 'sample-app CPU' }];

const metricWidget = (id: string, x: number, title: string, metrics: unknown[]) => ({
  id,
  type: 'metric',
  x,
  y: 0,
  width: 12,
  height: 7,
  properties: { title, region: 'ap-northeast-2', stat: 'Average', period: 60, metrics },
});

test('a shared metric dashboard: admin sees backend-app CPU drawn; dev sees it refused with the permission it needs and sample-app drawn', async ({ page, request }) => {
  test.setTimeout(90_000);
  // Container Insights publishes once a minute from the sandbox's start: two minutes give every pod's series datapoints.
  await sandboxHasRun(120);
  const path = await createDashboard(request, {
    title: 'Pod CPU',
    shared: true,
    seconds: 900,
    widgets: [metricWidget('backend', 0, 'backend-app CPU (%)', [BACKEND]), metricWidget('sample', 12, 'sample-app CPU (%)', [SAMPLE])],
  });

  await signInAs(page, 'admin', path);
  const backend = page.getByRole('region', { name: 'backend-app CPU (%)' });
  await expect(backend.getByTestId('metric-widget-chart')).toContainText('backend-app CPU');
  await page.screenshot({ path: test.info().outputPath('admin.png') });

  await page.getByRole('button', { name: 'Sign out' }).click();
  // Signing out replaces the session cookies; signing in before it lands would send a stale CSRF token.
  await expect(page).toHaveURL(/\/sign-in$/);
  await signInAs(page, 'dev', path);
  await expect(page.getByRole('region', { name: 'backend-app CPU (%)' }).getByRole('alert')).toContainText('backend-app CPU: you may not see this metric: it needs get pods in namespace eks-work');
  const sample = page.getByRole('region', { name: 'sample-app CPU (%)' });
  await expect(sample.getByTestId('metric-widget-chart')).toContainText('sample-app CPU');
  await page.screenshot({ path: test.info().outputPath('dev.png') });
});
