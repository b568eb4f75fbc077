import { expect, test, type Page } from '@playwright/test';
import { CLUSTER, signInAs } from './fixtures';

/** One signed-in page for the whole file: signing in costs more than every check below together. */
test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  // The first page after starting compiles and reads discovery; on a loaded machine signing in takes most of a test's time.
  test.setTimeout(150_000);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInAs(page, 'dev', `/c/${CLUSTER}/pods?namespace=rbac-test-ns`, { timeout: 120_000 });
});

test.afterAll(async () => page?.close());

const kinds = () => page.getByRole('group', { name: 'Kinds' });

test("dev opens Services of rbac-test-ns from the navigation and sees kubectl get's columns", async () => {
  await kinds().getByText('Network', { exact: true }).click();
  await kinds().getByRole('link', { name: 'Service', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${CLUSTER}/r/core/v1/services\\?namespace=rbac-test-ns$`));
  const table = page.getByRole('table', { name: 'Service' });
  // The sandbox prints kubectl's Service columns (pkg/printers/internalversion), Selector only with -o wide; Age is kubectl's HumanDuration ("75s", "3m27s")
  await expect(table.getByRole('columnheader')).toHaveText(['Name▲', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age'], { timeout: 30_000 });
  await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText(['sample-app', 'ClusterIP', '10.100.91.203', '<none>', '80/TCP', /^\d+[smhdy](\d+[smh])?$/]);
  await page.getByLabel('Wide (as -o wide)').check();
  await expect(table.getByRole('columnheader').last()).toHaveText('Selector');
  await expect(table.getByRole('row').nth(1).getByRole('cell').last()).toHaveText('app=sample-app');
});

test('a kind dev may not list stays in the navigation, greyed, with the reason on focus', async () => {
  await kinds().getByText('Config and storage', { exact: true }).click();
  const secrets = kinds().getByRole('link', { name: 'Secret', exact: true });
  await expect(secrets).toHaveAttribute('data-refused', 'true');
  await secrets.focus();
  await expect(page.getByRole('tooltip')).toBeVisible();
  await expect(secrets).toHaveAccessibleDescription('You may not list secrets in namespace "rbac-test-ns": missing list on "secrets" in API group ""');
  await expect(kinds().getByRole('link', { name: 'ConfigMap', exact: true })).not.toHaveAttribute('data-refused', 'true');
});

test("a Service's object page has its summary, YAML, events and related pods", async () => {
  await page.goto(`/c/${CLUSTER}/r/core/v1/services?namespace=rbac-test-ns`);
  await page.getByRole('link', { name: 'sample-app', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'sample-app', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Labels' })).toHaveText('app=sample-app');
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.getByLabel('YAML', { exact: true })).toContainText('clusterIP: 10.100.91.203');
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.getByRole('region', { name: 'Events' })).toBeVisible();
  await page.getByRole('tab', { name: 'Related' }).click();
  await expect(page.getByRole('region', { name: 'Pods selected' }).getByRole('link')).toHaveText([/^rbac-test-ns\/sample-app-[a-z0-9]+-[a-z0-9]{5}$/]);
});

test('at 390 px the navigation opens from the menu and the list scrolls sideways', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/c/${CLUSTER}/r/core/v1/services?namespace=rbac-test-ns&wide=true`);
  const table = page.getByRole('table', { name: 'Service' });
  await expect(table.getByRole('row')).toHaveCount(2, { timeout: 30_000 });
  const scroller = table.locator('..');
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(kinds()).toBeHidden();
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(kinds()).toBeVisible();
});
