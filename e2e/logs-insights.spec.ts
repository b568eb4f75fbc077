import { expect, test, type Page } from '@playwright/test';
import { CLUSTER, sandboxHasRun, signInAs } from './fixtures';

const ERROR_COUNT = 'stats count(*) as ERROR_COUNT by kubernetes.container_name as APP\n| filter ( log not like /^\\[/ and (log like /WARN/ or log like /error/) )';
const LOGS = `/c/${CLUSTER}/logs`;

async function typeQuery(page: Page, text: string) {
  const editor = page.getByTestId('query-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('the seeds’ ERROR_COUNT query over the last hour draws bars by container', async ({ page }) => {
  test.setTimeout(60_000);
  // Seed 7: backend-app logs its first ERROR lines within the sandbox's first minute (the error alarm fires at 60 s).
  await sandboxHasRun(90);
  await signInAs(page, 'oncall', LOGS);
  await expect(page.getByRole('heading', { name: 'Logs Insights' })).toBeVisible();
  await expect(page.getByTestId('logs-restriction')).toHaveCount(0);
  await expect(page.getByTestId('stored-bytes').first()).toHaveText(/^\d+(\.\d)? (B|KB|MB|GB|TB)$/);
  await page.getByRole('button', { name: '1h', exact: true }).click();
  await typeQuery(page, ERROR_COUNT);
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('Complete', { timeout: 30_000 });
  await expect(page.getByTestId('chart-bars')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Query results' }).getByRole('columnheader')).toHaveText(['Expand', 'APP', 'ERROR_COUNT']);
  await expect(page.getByRole('table', { name: 'Query results' }).getByRole('cell').first()).not.toBeEmpty();
});

test('a compile error is underlined and located by line and column', async ({ page }) => {
  await signInAs(page, 'oncall', LOGS);
  await typeQuery(page, 'fields @message\n| SOURCE logGroups()');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByTestId('compile-location')).toHaveText('Line 2, column 3');
});

test('a long query can be cancelled', async ({ page }) => {
  await signInAs(page, 'oncall', LOGS);
  // The sandbox scans its few minutes of logs in milliseconds; holding the page's polls keeps the query running as the page sees it.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/v1\/logs\/queries\/[0-9a-f-]+\?/, async (route) => {
    if (route.request().method() === 'GET') await held;
    await route.continue();
  });
  await page.getByRole('button', { name: '1w', exact: true }).click();
  await typeQuery(page, 'fields @message, strlen(@message) as n | sort n desc, @timestamp asc | limit 10000');
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByTestId('query-status')).toHaveText(/Scheduled|Running|Queued/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('Cancelled');
  release();
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(page.getByTestId('query-status')).toHaveText('Cancelled');
});

test('a saved query is found again in its folder', async ({ page }) => {
  await signInAs(page, 'admin', LOGS);
  const title = `errors ${Date.now()}`;
  await typeQuery(page, ERROR_COUNT);
  await page.getByRole('textbox', { name: 'Saved query name' }).fill(`e2e/${title}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const saved = page.getByTestId('saved-queries');
  // The list shows the new query as soon as the save is answered; a fresh page then proves it was stored, not only drawn.
  await expect(page.getByRole('textbox', { name: 'Saved query name' })).toHaveValue('');
  await expect(saved.getByRole('button', { name: title })).toBeVisible();
  await page.reload();
  await expect(saved).toContainText('e2e');
  await typeQuery(page, 'fields @message');
  await saved.getByRole('button', { name: title }).click();
  await expect(page.getByTestId('query-editor')).toContainText('ERROR_COUNT by kubernetes.container_name');
});

test('dev sees the restriction and only rbac-test-ns records', async ({ page }) => {
  await signInAs(page, 'dev', LOGS);
  await expect(page.getByTestId('logs-restriction')).toContainText('Your queries read only the records of namespace rbac-test-ns');
  await page.getByText('Log groups:').click();
  await expect(page.getByRole('list', { name: 'Log groups' }).getByRole('listitem')).toHaveText([/\/aws\/containerinsights\/eks-work-cluster\/application/]);
  // The group's size counts every namespace's records.
  await expect(page.getByTestId('stored-bytes')).toHaveCount(0);
  await typeQuery(page, 'stats count(*) as n by kubernetes.namespace_name');
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('Complete', { timeout: 30_000 });
  await expect(page.getByTestId('scanned-hidden')).toHaveText('scanned figures are hidden: this query was limited to rbac-test-ns');
  await expect(page.getByTestId('query-progress')).not.toContainText(/\d scanned/);
  // The first cell of a row is its expand button; the namespace is the first column of the result.
  await expect(page.getByRole('table', { name: 'Query results' }).getByRole('cell').nth(1)).toHaveText('rbac-test-ns');
  await expect(page.getByRole('table', { name: 'Query results' }).getByRole('row')).toHaveCount(2);
});

/** The labels of the completions offered after typing `text` at the end of a fresh query. */
async function completionsAfter(page: Page, text: string) {
  await typeQuery(page, text);
  const list = page.locator('.cm-tooltip-autocomplete');
  await expect(list).toBeVisible();
  return list.locator('li');
}

test('before any query has run, completion offers the container logs’ fields with their share of events', async ({ page }) => {
  await signInAs(page, 'oncall', LOGS);
  await expect(page.getByTestId('fields-note')).toContainText(/Completion knows \d+ fields found in the selected groups/, { timeout: 30_000 });
  const items = await completionsAfter(page, 'fields @timestamp\n| filter kubernetes.lab');
  await expect(items.filter({ hasText: 'kubernetes.labels.app' }).first()).toContainText(/field · \d+%/);
  // kube-system's pods carry k8s-app: a label key of namespaces dev may not read.
  await expect(items.filter({ hasText: 'kubernetes.labels.k8s-app' })).toContainText([/field · \d+%/]);
  await expect(page.getByTestId('query-status')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('oncall-field-completion.png') });
});

test('dev’s completion offers only fields of rbac-test-ns records', async ({ page }) => {
  await signInAs(page, 'dev', LOGS);
  await expect(page.getByTestId('fields-note')).toContainText(/of your newest records \(rbac-test-ns\)/, { timeout: 30_000 });
  const items = await completionsAfter(page, 'fields @timestamp\n| filter kubernetes.lab');
  await expect(items.filter({ hasText: 'kubernetes.labels.app' }).first()).toContainText(/field · \d+%/);
  await expect(items.filter({ hasText: 'kubernetes.labels.k8s-app' })).toHaveCount(0);
  await expect(items.filter({ hasText: 'kubernetes.labels.track' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('dev-field-completion.png') });
});

test('a namespace’s overview opens Logs Insights on that namespace', async ({ page }) => {
  await signInAs(page, 'oncall', `/c/${CLUSTER}?namespace=eks-work`);
  await expect(page.getByRole('main').getByRole('link', { name: 'Logs Insights' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('namespace-overview.png') });
  await page.getByRole('main').getByRole('link', { name: 'Logs Insights' }).click();
  await expect(page).toHaveURL(/\/logs\?/);
  await expect(page.getByTestId('query-editor')).toContainText('filter kubernetes.namespace_name = "eks-work"');
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('Complete', { timeout: 30_000 });
  await expect(page.getByRole('table', { name: 'Query results' }).getByRole('cell').first()).not.toBeEmpty();
});

test('a result row expands to its record, pushing the rows below down, and collapses back', async ({ page }) => {
  await signInAs(page, 'oncall', LOGS);
  await typeQuery(page, 'fields @timestamp, @message | sort @timestamp desc | limit 50');
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByTestId('query-status')).toHaveText('Complete', { timeout: 30_000 });
  const table = page.getByRole('table', { name: 'Query results' });
  const row = (i: number) => table.locator(`[role="row"][data-index="${i}"]`);
  const top = async (i: number) => (await row(i).boundingBox())!.y;
  expect((await top(1)) - (await top(0))).toBe(28);
  await row(0).getByRole('cell').first().click();
  const detail = page.getByTestId('record-detail');
  await expect(detail).toContainText('@message');
  await expect.poll(async () => (await top(1)) - ((await detail.boundingBox())!.y + (await detail.boundingBox())!.height)).toBeGreaterThanOrEqual(0);
  await row(0).getByRole('cell').first().click();
  await expect(detail).toHaveCount(0);
  await expect.poll(async () => (await top(1)) - (await top(0))).toBe(28);
});
