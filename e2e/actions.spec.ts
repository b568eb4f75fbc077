import { expect, test } from '@playwright/test';
import { CLUSTER, signInAs } from './fixtures';

/** Each test signs in on a page of its own, so they run side by side where workers allow. */
test.describe.configure({ mode: 'parallel' });

test('admin scales backend-app, is warned that its HPA owns the count, and finds the scale in the audit trail', async ({ page }) => {
  test.setTimeout(150_000);
  await signInAs(page, 'admin', `/c/${CLUSTER}/workloads/eks-work/deployments/backend-app?namespace=eks-work`, { timeout: 120_000 });
  const actions = page.getByRole('toolbar', { name: 'Actions' });
  await actions.getByRole('button', { name: 'Scale', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Scale Deployment backend-app' });
  // scenario.ts: the HorizontalPodAutoscaler backend-app (2 to 10 replicas) targets Deployment backend-app.
  await expect(dialog.getByTestId('hpa-warning')).toHaveText('HorizontalPodAutoscaler backend-app owns the replica count (2–10) and will set it back on its next sync.', { timeout: 30_000 });
  await expect(dialog.getByTestId('hpa-warning').getByRole('link', { name: 'backend-app' })).toHaveAttribute('href', `/c/${CLUSTER}/autoscaling/eks-work/backend-app?namespace=eks-work`);
  // The count the HPA keeps, asked again: other tests of the same sandbox see backend-app as it was.
  const replicas = dialog.getByRole('spinbutton');
  const count = await replicas.inputValue();
  await replicas.fill(count);
  await dialog.getByRole('button', { name: 'Scale', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });

  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await expect(page.getByTestId('audit-scope')).toHaveText('Everyone’s actions on this cluster: you may list pods and events in all namespaces.');
  const row = page
    .getByRole('table', { name: 'Audit trail' })
    .getByRole('row')
    .filter({ hasText: `{"replicas":${count}}` })
    .first();
  await expect(row.getByRole('cell')).toHaveText([/ago/, 'admin', `scale{"replicas":${count}}`, 'deployments/scale eks-work/backend-app', '200']);
  await expect(row.getByRole('link', { name: 'deployments/scale eks-work/backend-app' })).toHaveAttribute('href', `/c/${CLUSTER}/workloads/eks-work/deployments/backend-app?namespace=eks-work`);
});

test("dev sees Delete disabled on rbac-test-ns's Service and, hovering it, the permission it lacks", async ({ page }) => {
  test.setTimeout(150_000);
  await signInAs(page, 'dev', `/c/${CLUSTER}/r/core/v1/services/rbac-test-ns/sample-app?namespace=rbac-test-ns`, { timeout: 120_000 });
  const remove = page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Delete', exact: true });
  await expect(remove).toBeDisabled({ timeout: 30_000 });
  // Disabled while the answer is awaited too: hovering before the refusal arrives would find no tooltip to open.
  await expect(remove).toHaveAttribute('data-refused', '', { timeout: 30_000 });
  await remove.hover();
  const why = page.getByRole('tooltip', { name: 'Why you cannot delete' });
  // k8s.io/apiserver's Forbidden wording for the request the button would send.
  await expect(why.getByTestId('error-message')).toHaveText('services "sample-app" is forbidden: User "dev" cannot delete resource "services" in API group "" in the namespace "rbac-test-ns"');
  await expect(why.getByRole('definition')).toHaveText(['delete', 'services', '—', '"" (core)', 'namespace rbac-test-ns', 'sample-app']);
  await why.getByText('How to get access').click();
  await expect(why.getByRole('region', { name: 'Grant YAML' })).toContainText('kind: RoleBinding');
});
