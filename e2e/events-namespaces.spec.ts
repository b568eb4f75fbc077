import { expect, test } from '@playwright/test';
import { CLUSTER, sandboxHasRun, signInAs } from './fixtures';

/** Each test signs in on its own page, so the tests may run side by side. */
test.describe.configure({ mode: 'parallel' });

test.beforeEach(() => {
  // The first page after starting compiles and reads discovery; signing in on a loaded machine takes most of a test's time.
  test.setTimeout(150_000);
});

test('admin filters Warning events in eks-work and follows an object link to its page', async ({ page }) => {
  // Two simulated minutes in, frontend-web's image pull has failed (sandbox/world/scenario.ts, seed 7).
  await sandboxHasRun(120);
  await signInAs(page, 'admin', `/c/${CLUSTER}/events?namespace=eks-work`, { timeout: 120_000 });
  const table = page.getByRole('table', { name: 'Events' });
  await expect(table.getByRole('columnheader')).toHaveText(['Last seen', 'Type', 'Reason', 'Object', 'Message', 'Count', 'Source'], { timeout: 30_000 });
  await page.getByLabel('Type').selectOption('Warning');
  await expect(page).toHaveURL(/[?&]type=Warning(&|$)/);
  await page.getByLabel('Reason').fill('Failed');
  await page.getByLabel('Reason').press('Enter');
  await expect(page).toHaveURL(/[?&]reason=Failed(&|$)/);
  const rows = table.getByRole('row');
  // Failed is what the kubelet reports for frontend-web's image that cannot be pulled.
  await expect(rows.nth(1).getByRole('cell').nth(1)).toHaveText('Warning');
  await expect(rows.nth(1).getByRole('cell').nth(2)).toHaveText('Failed');
  const link = rows.nth(1).getByRole('link', { name: /^pod\/frontend-web-[a-z0-9]+-[a-z0-9]{5}$/ });
  const podName = (await link.textContent())!.slice('pod/'.length);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/c/${CLUSTER}/pods/eks-work/${podName}\\?namespace=eks-work$`));
  await expect(page.getByRole('heading', { name: podName, level: 1 })).toBeVisible();
});

test('dev may not list events in eks-work and is told which permission is missing', async ({ page }) => {
  await signInAs(page, 'dev', `/c/${CLUSTER}/events?namespace=eks-work`, { timeout: 120_000 });
  await expect(page.getByText('events is forbidden: User "dev" cannot list resource "events" in API group "" in the namespace "eks-work"').first()).toBeVisible({ timeout: 30_000 });
});

test('dev sees the Namespaces page with rbac-test-ns, its quota and what it may do there', async ({ page }) => {
  await signInAs(page, 'dev', `/c/${CLUSTER}/namespaces?namespace=rbac-test-ns`, { timeout: 120_000 });
  const card = page.getByRole('region', { name: 'rbac-test-ns' });
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region')).toHaveCount(1);
  // scenario.ts: dev-quota allows 10 pods; dev has the view role in rbac-test-ns.
  await expect(card.getByRole('table', { name: 'ResourceQuota dev-quota' }).getByRole('row', { name: /^pods / })).toHaveText(/pods\s*1\s*10/);
  await expect(card.getByLabel('pods: get, list, watch')).toBeVisible();
  await expect(card.getByLabel('secrets: nothing')).toBeVisible();
  await expect(page.getByRole('note', { name: 'Omitted namespaces' })).toContainText('eks-work');
  await card.getByRole('link', { name: 'Events' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${CLUSTER}/events\\?namespace=rbac-test-ns$`));
});

test('Ctrl+K, "backend", Enter lands on backend-app\'s page', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work`, { timeout: 120_000 });
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  await expect(dialog).toBeVisible();
  await page.keyboard.type('backend');
  // Equal matches rank by kind: the Deployment before the HPA of the same name.
  await expect(dialog.getByRole('option').first()).toContainText('backend-app', { timeout: 30_000 });
  await expect(dialog.getByRole('option').first()).toContainText('Deployment in eks-work');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/c/${CLUSTER}/workloads/eks-work/deployments/backend-app\\?namespace=eks-work$`));
  await expect(dialog).toBeHidden();
  // Reopened, the place is remembered; Escape closes it.
  await page.keyboard.press('Control+k');
  await expect(dialog.getByRole('group', { name: 'Recent' }).getByRole('option').first()).toContainText('backend-app');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
