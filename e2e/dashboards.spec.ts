import { expect, test, type Page } from '@playwright/test';
import { ACCESS_COUNT_QUERY, ERROR_COUNT_QUERY } from '../lib/logs-insights/seed-queries';
import { CLUSTER, sandboxHasRun, signInAs } from './fixtures';

// Each test builds a dashboard through the page and waits for its log queries to complete: more than the default 30 s on a loaded machine.
test.describe.configure({ timeout: 60_000 });

const TITLE = 'backend-app at a glance';
/** A dashboard's page after a link or Create: on a loaded two-core machine its first render has taken over 10 s. */
const PAGE_LOAD = { timeout: 30_000 };

async function addFromLogs(page: Page, query: string, dashboard: { create: string } | { existing: string }) {
  await page.goto(`/c/${CLUSTER}/logs?q=${encodeURIComponent(query)}`);
  await page.getByRole('button', { name: 'Add to dashboard' }).click();
  if ('create' in dashboard) {
    await page.getByRole('textbox', { name: 'New dashboard title' }).fill(dashboard.create);
  } else {
    await page.getByRole('combobox', { name: 'Dashboard' }).selectOption({ label: dashboard.existing });
  }
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText(`Added to ${'create' in dashboard ? dashboard.create : dashboard.existing}.`)).toBeVisible();
}

function widget(page: Page, title: string) {
  return page.getByRole('region', { name: title, exact: true });
}

async function expectBothQueriesRendered(page: Page) {
  for (const name of ['ACCESS_COUNT', 'ERROR_COUNT']) {
    const w = widget(page, name);
    await expect(w.getByTestId('widget-progress')).toHaveText(/^\d+ rows? · [\d,]+ scanned$/, { timeout: 20_000 });
    await expect(w.locator('[data-error-kind]')).toHaveCount(0);
    await expect(w.getByRole('columnheader', { name })).toBeVisible();
  }
}

async function addTextWidget(page: Page, markdown: string) {
  await page.getByRole('combobox', { name: 'Add widget' }).selectOption('text');
  await page.getByRole('textbox', { name: 'Markdown' }).fill(markdown);
  await page.getByRole('button', { name: 'Done' }).click();
}

test("the seeds' two queries go onto a new dashboard from the Logs page, render, and are still there after a reload", async ({ page }) => {
  // Both queries have rows to draw once the sandbox has run a while, whichever tests ran before.
  await sandboxHasRun(90);
  await signInAs(page, 'oncall');
  await addFromLogs(page, ACCESS_COUNT_QUERY, { create: TITLE });
  await addFromLogs(page, ERROR_COUNT_QUERY, { existing: TITLE });
  await page.getByRole('link', { name: 'Open the dashboard' }).click();
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible(PAGE_LOAD);
  await expect(page.getByText('v2 · oncall')).toBeVisible();
  await expectBothQueriesRendered(page);
  await page.screenshot({ path: '/tmp/watchdeck-dashboard.png', fullPage: true });

  await page.reload();
  await expectBothQueriesRendered(page);
  await page.goto(`/c/${CLUSTER}/dashboards`);
  const row = page.getByRole('table', { name: 'Dashboards' }).getByRole('row').filter({ hasText: TITLE });
  await expect(row.getByRole('cell')).toHaveText([TITLE, 'oncall', '2', 'v2', /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/, '']);
  await page.screenshot({ path: '/tmp/watchdeck-dashboards-list.png', fullPage: true });
});

test('two tabs edit the same dashboard: the later save gets the conflict, merges, and neither change is lost', async ({ page, context }) => {
  await signInAs(page, 'oncall', `/c/${CLUSTER}/dashboards`);
  await page.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible(PAGE_LOAD);
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);

  await page.getByRole('button', { name: 'Edit' }).click();
  await other.getByRole('button', { name: 'Edit' }).click();
  await addTextWidget(page, 'Note from the first tab');
  await addTextWidget(other, 'Note from the second tab');

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('v3 · oncall')).toBeVisible();

  await other.getByRole('button', { name: 'Save' }).click();
  const dialog = other.getByRole('dialog', { name: 'Dashboard changed' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('conflict-theirs')).toContainText('ACCESS_COUNT, ERROR_COUNT, text');
  await other.screenshot({ path: '/tmp/watchdeck-dashboard-conflict.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Merge both and save' }).click();
  await expect(dialog).toBeHidden();
  await expect(other.getByText('v4 · oncall')).toBeVisible();

  for (const tab of [page, other]) {
    await tab.reload();
    await expect(tab.getByText('v4 · oncall')).toBeVisible();
    await expect(tab.getByText('Note from the first tab')).toBeVisible();
    await expect(tab.getByText('Note from the second tab')).toBeVisible();
    await expectBothQueriesRendered(tab);
  }
  await other.screenshot({ path: '/tmp/watchdeck-dashboard-merged.png', fullPage: true });
});

test("CloudWatch publishing is offered only with the permission and replaces a dashboard only when confirmed; private versions stay the owner's", async ({ page, browser }) => {
  await signInAs(page, 'oncall', `/c/${CLUSTER}/dashboards`);
  await page.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible(PAGE_LOAD);
  await page.getByRole('button', { name: 'CloudWatch', exact: true }).click();
  // oncall has the view role: it reads pod logs everywhere but may not update configmaps in amazon-cloudwatch.
  await expect(page.getByTestId('publish-refusal')).toHaveText(
    'Publishing needs update configmaps -n amazon-cloudwatch: CloudWatch dashboards are shared by everyone who uses the AWS account, so Watchdeck writes them only for those WATCHDECK_CLOUDWATCH_DASHBOARDS_WRITE names (update configmaps -n amazon-cloudwatch).',
  );
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();

  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, 'admin');
  await admin.goto(`/c/${CLUSTER}/dashboards`);
  await admin.getByRole('textbox', { name: 'New dashboard title' }).fill('Ops runbook');
  await admin.getByRole('button', { name: 'Create' }).click();
  await expect(admin.getByText('v1 · admin')).toBeVisible(PAGE_LOAD);
  await admin.getByRole('button', { name: 'Edit' }).click();
  await addTextWidget(admin, 'Restart backend-app with kubectl rollout restart');
  await admin.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByText('v2 · admin')).toBeVisible();
  await admin.getByRole('button', { name: 'Edit' }).click();
  await admin.getByRole('checkbox', { name: 'Shared with everyone' }).check();
  await admin.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByText('v3 · admin · shared')).toBeVisible();

  await admin.getByRole('button', { name: 'CloudWatch', exact: true }).click();
  await admin.getByRole('textbox', { name: 'Publish as CloudWatch dashboard' }).fill('ops-runbook');
  await admin.getByRole('button', { name: 'Publish' }).click();
  await expect(admin.getByText('Published as ops-runbook.', { exact: true })).toBeVisible();
  await admin.getByRole('button', { name: 'Publish' }).click();
  const confirm = admin.getByRole('alertdialog', { name: 'Replace CloudWatch dashboard' });
  await expect(confirm).toContainText(
    /^A CloudWatch dashboard named ops-runbook already exists \(last modified \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)\. Publishing replaces it for everyone who uses it\./,
  );
  await admin.screenshot({ path: '/tmp/watchdeck-dashboard-replace.png', fullPage: true });
  await confirm.getByRole('button', { name: 'Replace it' }).click();
  await expect(admin.getByText(/^Published as ops-runbook, replacing the dashboard last modified \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/)).toBeVisible();

  await page.goto(`/c/${CLUSTER}/dashboards`);
  await page.getByRole('tab', { name: 'Shared with me' }).click();
  await page.getByRole('link', { name: 'Ops runbook' }).click();
  await expect(page.getByRole('heading', { name: 'Ops runbook' })).toBeVisible();
  await page.getByRole('button', { name: 'Versions', exact: true }).click();
  // v1 (created) and v2 (the draft) were saved before the dashboard was shared.
  await expect(page.getByTestId('hidden-versions')).toHaveText('2 earlier versions are private to the owner');
  await expect(page.getByText('v3', { exact: true })).toBeVisible();
  await expect(page.getByText('v2', { exact: true })).toHaveCount(0);
});

test('a dashboard with more log widgets than one user may have queries at once shows every widget’s rows', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'oncall');
  // WATCHDECK_LOGS_QUERIES_PER_USER is 20 by default: the last widgets are answered 429 and wait their turn.
  const widgets = Array.from({ length: 26 }, (_, i) => ({
    id: `log-${i}`,
    x: (i % 4) * 6,
    y: Math.floor(i / 4) * 3,
    width: 6,
    height: 3,
    type: 'log',
    title: `count ${i}`,
    logGroups: [`/aws/containerinsights/${CLUSTER}/application`],
    query: 'stats count(*) as n',
    view: 'table',
    stacked: false,
  }));
  const id = await page.evaluate(
    async (body) => {
      const { csrfToken } = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/dashboards', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
      return ((await res.json()) as { id: string }).id;
    },
    { title: 'More log widgets than a share', body: { timeRange: { kind: 'relative', seconds: 3600 }, variables: [], widgets } },
  );
  await page.goto(`/c/${CLUSTER}/dashboards/${id}`);
  for (const w of widgets) {
    await expect(widget(page, w.title).getByTestId('widget-progress')).toHaveText(/^1 row · [\d,]+ scanned$/, { timeout: 60_000 });
    await expect(widget(page, w.title).locator('[data-error-kind]')).toHaveCount(0);
  }
});
