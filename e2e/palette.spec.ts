/**
 * The command palette's actions, by keyboard only: the actions of the object the page shows, asked of the
 * API server with the page's own checks, opening the same dialogs as the action bar; a refused one greyed
 * with the 403's words.
 */
import { expect, test, type Page } from '@playwright/test';
import { CLUSTER, signInAs } from './fixtures';

test.describe.configure({ mode: 'parallel' });

/** Opens the palette on Deployment backend-app's page once its Scale action is answered, as admin. */
async function paletteOnBackendApp(page: Page) {
  await signInAs(page, 'admin', `/c/${CLUSTER}/workloads/eks-work/deployments/backend-app?namespace=eks-work`, { timeout: 120_000 });
  // Waits for the API server's answer, as a person would see the bar's Scale become pressable.
  await expect(page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Scale', exact: true })).not.toHaveAttribute('aria-disabled', /.*/, { timeout: 30_000 });
  await page.keyboard.press('Control+k');
  return page.getByRole('dialog', { name: 'Command palette' });
}

test('Ctrl+K, "scale", Enter opens backend-app\'s scale dialog with its HPA warning', async ({ page }) => {
  test.setTimeout(150_000);
  const palette = await paletteOnBackendApp(page);
  await expect(palette).toBeVisible();
  await page.keyboard.type('scale');
  await expect(palette.getByRole('option').first()).toContainText('Scale Deployment backend-app');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  const dialog = page.getByRole('dialog', { name: 'Scale Deployment backend-app' });
  // scenario.ts: the HorizontalPodAutoscaler backend-app (2 to 10 replicas) targets Deployment backend-app.
  await expect(dialog.getByTestId('hpa-warning')).toHaveText('HorizontalPodAutoscaler backend-app owns the replica count (2–10) and will set it back on its next sync.', { timeout: 30_000 });
  // Still by keyboard: Escape closes the dialog without scaling.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test("dev finds Delete of rbac-test-ns's Service greyed in the palette, with the API server's reason, and Enter does nothing", async ({ page }) => {
  test.setTimeout(150_000);
  await signInAs(page, 'dev', `/c/${CLUSTER}/r/core/v1/services/rbac-test-ns/sample-app?namespace=rbac-test-ns`, { timeout: 120_000 });
  await expect(page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Delete', exact: true })).toBeDisabled({ timeout: 30_000 });
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await page.keyboard.type('delete');
  const remove = palette.getByRole('option', { name: /^Delete Service sample-app/ });
  await expect(remove).toHaveAttribute('aria-disabled', 'true');
  // k8s.io/apiserver's Forbidden wording for the request the action would send, as the bar's button explains it.
  const reason = 'services "sample-app" is forbidden: User "dev" cannot delete resource "services" in API group "" in the namespace "rbac-test-ns"';
  await expect(remove).toHaveAttribute('title', reason);
  await expect(remove).toContainText(reason);
  await page.keyboard.press('Enter');
  await expect(palette).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Delete Service sample-app' })).toHaveCount(0);
});

test('"scale" lists the Scale action first and, of the kinds, only the autoscaler, whatever was typed before', async ({ page }) => {
  test.setTimeout(150_000);
  const palette = await paletteOnBackendApp(page);
  // The kinds arrive with discovery: wait for the group before typing.
  await page.keyboard.type('pod');
  const kinds = palette.locator('[cmdk-group]').filter({ has: page.locator('[cmdk-group-heading]', { hasText: 'Kinds' }) });
  await expect(kinds.getByRole('option').first()).toContainText('Pod');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('scale');
  await expect(palette.getByRole('option').first()).toContainText('Scale Deployment backend-app');
  await expect(kinds.getByRole('option')).toHaveText([/^HorizontalPodAutoscaler/]);
});
