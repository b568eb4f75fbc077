import { expect, test, type Page } from '@playwright/test';
import { CLUSTER, signInAs, tabTo } from './fixtures';

// Every test signs in on its own page and changes nothing another reads.
test.describe.configure({ mode: 'parallel', timeout: 90_000 });
test.use({ viewport: { width: 1440, height: 900 } });

/** The focused element's outline, which globals.css (or the element's own classes) draws for keyboard focus. */
async function focusOutline(page: Page): Promise<{ style: string; width: number }> {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
}

test('a pod row is reached with Tab, shows a focus ring and opens with Enter', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work`);
  // Seed 7 (sandbox/world/scenario.ts): postgres-0 is the StatefulSet's one pod in eks-work.
  const pod = page.getByRole('table', { name: 'Pods' }).getByRole('link', { name: 'postgres-0', exact: true });
  await tabTo(page, pod);
  expect(await focusOutline(page)).toEqual({ style: 'solid', width: 2 });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/c/${CLUSTER}/pods/eks-work/postgres-0?namespace=eks-work`);
  await expect(page.getByRole('heading', { level: 1, name: 'postgres-0' })).toBeVisible();
});

test('an alarm row is reached with Tab and opens with Enter', async ({ page }) => {
  await signInAs(page, 'oncall', `/c/${CLUSTER}/alarms?namespace=eks-work`);
  const alarm = page.getByTestId('alarm-row').first().getByRole('link').first();
  await expect(alarm).toBeVisible({ timeout: 30_000 });
  const name = (await alarm.textContent())!;
  await tabTo(page, alarm);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test("an event's object and a resource list's row are reached with Tab and open with Enter", async ({ page }) => {
  await signInAs(page, 'dev', `/c/${CLUSTER}/r/core/v1/services?namespace=rbac-test-ns`);
  const service = page.getByRole('table', { name: 'Service' }).getByRole('link', { name: 'sample-app', exact: true });
  await tabTo(page, service);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/c/${CLUSTER}/r/core/v1/services/rbac-test-ns/sample-app?namespace=rbac-test-ns`);

  await page.goto(`/c/${CLUSTER}/events?namespace=rbac-test-ns`);
  const object = page.getByRole('table', { name: 'Events' }).getByRole('link').first();
  await expect(object).toBeVisible({ timeout: 30_000 });
  const href = (await object.getAttribute('href'))!;
  await tabTo(page, object);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(href);
});

test('a log result row opens with Enter and closes with Space, from the keyboard alone', async ({ page }) => {
  await signInAs(page, 'oncall', `/c/${CLUSTER}/logs?q=${encodeURIComponent('fields @timestamp, @message | sort @timestamp desc | limit 5')}`);
  await expect(page.locator('.cm-editor')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Run query' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('query-status')).toHaveText('Complete', { timeout: 30_000 });
  const results = page.getByRole('table', { name: 'Query results' });
  const first = results.getByRole('button', { name: 'Expand' }).first();
  await tabTo(page, first);
  expect(await focusOutline(page)).toEqual({ style: 'solid', width: 2 });
  await page.keyboard.press('Enter');
  const open = results.getByRole('button', { name: 'Collapse' });
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('record-detail')).toHaveCount(1);
  await expect(open).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('record-detail')).toHaveCount(0);
});

test('/ focuses the Pods filter from anywhere but a field, where it is typed; ? lists the shortcuts and Escape closes them', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work`);
  const filter = page.getByLabel('Label selector');
  await expect(page.getByRole('table', { name: 'Pods' }).getByRole('row').nth(1)).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('/');
  await expect(filter).toBeFocused();
  await expect(filter).toHaveValue('');
  // In the filter, / is a character like any other.
  await page.keyboard.type('app/x');
  await expect(filter).toHaveValue('app/x');

  // ? typed in the field is a character too; on a link it opens the list of keys.
  await page.keyboard.press('?');
  await expect(filter).toHaveValue('app/x?');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await tabTo(page, page.getByRole('link', { name: 'Workloads', exact: true }));
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('term')).toHaveText(['CtrlK', '/', '?', 'Tab', 'Enter', 'Esc']);
  await expect(dialog.getByRole('definition').first()).toHaveText('Open the command palette (⌘K on a Mac)');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('/ on the Events page focuses its object filter, and on a page without one does nothing', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/events?namespace=eks-work`);
  await expect(page.getByRole('table', { name: 'Events' })).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('/');
  await expect(page.getByLabel('Object name')).toBeFocused();

  await page.goto(`/c/${CLUSTER}/nodes`);
  await expect(page.getByRole('heading', { level: 1, name: 'Nodes' })).toBeVisible();
  await page.keyboard.press('/');
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
});
