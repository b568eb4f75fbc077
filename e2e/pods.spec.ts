import { expect, test, type Page } from '@playwright/test';
import { CLUSTER, signInAs } from './fixtures';

const podsTable = (page: Page) => page.getByRole('table', { name: 'Pods' });
const podRow = (page: Page, name: RegExp) => podsTable(page).getByRole('row', { name });

test('admin sees backend-app running and the canary crash-looping in eks-work, narrows with a selector and sees a malformed one refused', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work`);
  await expect(page.getByRole('status', { name: 'Watch live' })).toBeVisible();
  await expect(podRow(page, /^backend-app-[a-z0-9]+-[a-z0-9]{5} 1\/1 Running /).first()).toBeVisible();
  const canary = podRow(page, /^backend-app-canary-[a-z0-9]+-[a-z0-9]{5} 0\/1 /).first();
  await expect(canary.getByText('CrashLoopBackOff')).toBeVisible({ timeout: 20_000 });
  await expect(canary.locator('[data-severity]')).toHaveAttribute('data-severity', 'error');
  await page.screenshot({ path: '/tmp/watchdeck-pods-admin.png', fullPage: true });

  const selector = page.getByLabel('Label selector');
  await selector.fill('app=backend-app,track!=canary');
  await selector.press('Enter');
  await expect(page).toHaveURL(/labelSelector=app%3Dbackend-app%2Ctrack%21%3Dcanary/);
  await expect(podRow(page, /^backend-app-canary-/)).toHaveCount(0);
  const names = await podsTable(page).getByRole('row').filter({ hasText: /^backend-app-/ }).allInnerTexts();
  expect(names.length).toBeGreaterThanOrEqual(2);
  for (const name of names) expect(name).toMatch(/^backend-app-[a-z0-9]+-[a-z0-9]{5}\s/);

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
  await expect(page.getByTestId('selector-error')).toHaveText(
    'unable to parse requirement: found \'\', expected: \',\', \')\' or identifier',
  );
  await expect(podsTable(page)).toHaveCount(0);
});

test('dev sees the Forbidden message on eks-work pods, and rbac-test-ns pods working', async ({ page }) => {
  await signInAs(page, 'dev', `/c/${CLUSTER}/pods?namespace=eks-work`);
  await expect(page.getByTestId('error-message')).toHaveText('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  await expect(page.getByRole('alert').filter({ hasText: '403 Forbidden' })).toBeVisible();
  await page.screenshot({ path: '/tmp/watchdeck-pods-dev-forbidden.png', fullPage: true });

  await page.goto(`/c/${CLUSTER}/pods?namespace=rbac-test-ns`);
  await expect(podRow(page, /^sample-app-[a-z0-9]+-[a-z0-9]{5} /).first()).toBeVisible();
  await expect(page.getByRole('status', { name: 'Watch live' })).toBeVisible();
});
