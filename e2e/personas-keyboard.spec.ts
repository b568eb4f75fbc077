import { expect, test, type Page } from '@playwright/test';
import { CLUSTER, sandboxHasRun, signInAs, tabTo } from './fixtures';

// The three jobs of the people the console is for, each done from the keyboard alone once signed in:
// Tab and Shift+Tab to move, Enter to follow or press, typing only where a name is asked for.
test.describe.configure({ timeout: 180_000 });
test.use({ viewport: { width: 1440, height: 900 } });

const C = `/c/${CLUSTER}`;

/** The focused element is inside the page's main content: arriving on a page did not send the keyboard back to the header. */
async function focusIsInMain(page: Page): Promise<boolean> {
  return page.evaluate(() => document.getElementById('main')!.contains(document.activeElement));
}

test('admin finds why a pod is Pending: from the Overview to the pod and its explanation', async ({ page }) => {
  await signInAs(page, 'admin', `${C}?namespace=eks-work`, { timeout: 120_000 });
  // Seed 7 (sandbox/world/scenario.ts): batch-analytics asks for 3 CPU on nodes that allocate 1.93.
  const problems = page.getByRole('table', { name: 'Problem pods' });
  const pending = problems.getByRole('row').filter({ hasText: 'Pending' }).filter({ hasText: 'batch-analytics-' }).getByRole('link');
  await tabTo(page, pending);
  const name = (await pending.textContent())!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${C}/pods/eks-work/${name}?namespace=eks-work`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  // The link went with the Overview; the focus waits in the pod's page, so the next Tab stays in it.
  await expect.poll(() => focusIsInMain(page)).toBe(true);
  const why = page.getByRole('region', { name: 'Why it is Pending' });
  await expect(why).toContainText('No node could ever fit this pod, even with nothing else running on it.', { timeout: 30_000 });
  await expect(why).toContainText('3 CPU requested; the largest node allocates 1.93');
  // The largest node it names opens with Enter.
  const node = why.getByRole('link', { name: /^ip-/ }).first();
  await tabTo(page, node);
  const nodeName = (await node.textContent())!;
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${C}/nodes/${nodeName}`);
});

test('oncall goes from a firing alarm to its log lines, the lines around one, and a dashboard', async ({ page }) => {
  // backend-app logs its first ERROR within the scenario's first minute; the alarm fires on it.
  await sandboxHasRun(90);
  await signInAs(page, 'oncall', `${C}/alarms`, { timeout: 120_000 });
  const alarm = page.getByTestId('alarm-row').filter({ hasText: 'backend-app-error-count' });
  await expect(alarm.getByText('ALARM', { exact: true })).toBeVisible({ timeout: 60_000 });
  await tabTo(page, alarm.getByRole('link', { name: 'backend-app-error-count', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'backend-app-error-count' })).toBeVisible();
  await expect.poll(() => focusIsInMain(page)).toBe(true);
  await tabTo(page, page.getByRole('main').getByRole('link', { name: 'Log lines matching ERROR' }));
  await page.keyboard.press('Enter');

  // From the alarm's page its query runs on arrival, over the time since the alarm fired.
  await expect(page).toHaveURL(new RegExp(`${C}/logs\\?.*run=1`));
  await expect(page.getByTestId('query-status')).toHaveText('Complete', { timeout: 60_000 });
  const results = page.getByRole('table', { name: 'Query results' });
  await tabTo(page, results.getByRole('button', { name: 'Expand' }).first());
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('record-detail')).toHaveCount(1);
  const surrounding = page.getByRole('button', { name: 'Show surrounding lines' });
  await tabTo(page, surrounding);
  await page.keyboard.press('Enter');
  const lines = page.getByRole('list', { name: 'Surrounding lines' });
  await expect(lines).toBeVisible({ timeout: 30_000 });
  // The ERROR record among its own stream's lines, the one it is marked.
  await expect(lines.locator('[aria-current="true"]')).toHaveCount(1);
  await expect(lines.locator('[aria-current="true"]')).toContainText(' ERROR 1 --- [backend-app]');
  await expect(page.getByRole('button', { name: 'Hide surrounding lines' })).toBeFocused();

  // Above the results: back up the page, past the rows above the opened one, however many the query found after it.
  await tabTo(page, page.getByRole('button', { name: 'Add to dashboard' }), 150, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('textbox', { name: 'New dashboard title' }), 10);
  await page.keyboard.type('backend-app errors from the keyboard');
  await page.keyboard.press('Enter');
  const open = page.getByRole('link', { name: 'Open the dashboard' });
  await expect(open).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${C}/dashboards/[^/]+$`));
  await expect(page.getByRole('heading', { level: 1, name: 'backend-app errors from the keyboard' })).toBeVisible();
});

test('dev learns what they may see and what to ask for: the Access page, then the grant a refused page suggests', async ({ page }) => {
  await signInAs(page, 'dev', `${C}?namespace=rbac-test-ns`, { timeout: 120_000 });
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await tabTo(page, nav.getByRole('link', { name: 'Access', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${C}/access?namespace=rbac-test-ns`);
  // The sandbox's dev role (sandbox/world/rbac.ts): view in rbac-test-ns, which leaves secrets out.
  const secretsRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'secrets', exact: true }) });
  await expect(secretsRow.getByRole('cell')).toHaveText(['no', 'no', 'no', 'no', 'no', 'no', 'no'], { timeout: 30_000 });
  const podsRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'pods', exact: true }) });
  await expect(podsRow.getByRole('cell')).toHaveText(['yes', 'yes', 'yes', 'no', 'no', 'no', 'no']);

  await tabTo(page, nav.getByRole('link', { name: 'Secrets', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${C}/secrets?namespace=rbac-test-ns`);
  const refused = page.locator('[data-forbidden]');
  await expect(refused).toContainText("You don't have access to list secrets in rbac-test-ns", { timeout: 30_000 });
  await expect(refused).toContainText('Listing or watching secrets returns the values of every secret in namespace rbac-test-ns, not only their names.');
  await expect(refused).toContainText('kind: Role');
  await expect(refused).toContainText('name: dev-list-secrets');
  // The grant's YAML is copied from the keyboard too.
  await tabTo(page, refused.getByRole('button', { name: 'Copy' }));
});
