import { expect, test, type Page } from '@playwright/test';
import { CLUSTER, namespaceSelect, sandboxHasRun, signInAs } from './fixtures';

// Several pages per test, each waited for until its data has arrived.
test.describe.configure({ timeout: 180_000 });

const C = `/c/${CLUSTER}`;
const PHONE = 390;
const TABLET = 768;

/** Every page of the navigation, as each persona opens it. */
const NAV_PAGES = ['', '/pods', '/workloads', '/nodes', '/namespaces', '/events', '/autoscaling', '/access', '/secrets', '/logs', '/dashboards', '/alarms', '/audit'];

/** The object pages of seed 7's cluster reached without looking a name up. */
const OBJECT_PAGES = [
  '/workloads/eks-work/deployments/backend-app?namespace=eks-work',
  '/autoscaling/eks-work/backend-app?namespace=eks-work',
  '/alarms/eks-work-backend-app-cpu',
  '/access/roles/ClusterRole/view',
  '/r/core/v1/configmaps?namespace=eks-work',
];

/** Waits until the page has drawn its data (no loading skeleton left), then measures how far it scrolls sideways. */
async function pageOverflow(page: Page, path: string): Promise<{ path: string; scrollWidth: number; innerWidth: number; culprit: string }> {
  await page.goto(path);
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('main [role="status"]:has(> .animate-pulse)')).toHaveCount(0, { timeout: 30_000 });
  return {
    path,
    ...(await page.evaluate(() => {
      // The innermost element reaching past the window's right edge, to name in a failure.
      const past = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && el.children.length === 0);
      const el = past[0];
      const culprit = el ? `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"` : '';
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, culprit };
    })),
  };
}

/** Each path with the page's own width where it scrolls sideways: none is expected. */
async function overflowing(page: Page, paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const m = await pageOverflow(page, path);
    if (m.scrollWidth > m.innerWidth) out.push(`${m.path}: ${m.scrollWidth} > ${m.innerWidth} (${m.culprit})`);
  }
  return out;
}

/** The first link of a list page to one of its objects, for the pod and node pages whose names the scheduler and the sandbox make up. */
async function firstObjectPath(page: Page, list: string, objectPrefix: string): Promise<string> {
  await page.goto(`${C}${list}`);
  const link = page.locator(`main a[href^="${C}${objectPrefix}"]`).first();
  await expect(link).toBeVisible({ timeout: 30_000 });
  return (await link.getAttribute('href'))!;
}

for (const width of [PHONE, TABLET]) {
  test(`no page of admin's scrolls sideways at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 844 });
    await signInAs(page, 'admin', `${C}?namespace=eks-work`, { timeout: 120_000 });
    const pod = await firstObjectPath(page, '/pods?namespace=eks-work', '/pods/eks-work/');
    const node = await firstObjectPath(page, '/nodes', '/nodes/ip-');
    const paths = [...NAV_PAGES.map((p) => `${C}${p}${p === '/nodes' || p === '/namespaces' ? '' : '?namespace=eks-work'}`), ...OBJECT_PAGES.map((p) => `${C}${p}`), pod, node];
    expect(await overflowing(page, paths)).toEqual([]);
  });
}

test('the pages whose grids add columns on wide screens do not scroll sideways at 1280 and 1920 px', async ({ page }) => {
  await signInAs(page, 'admin', `${C}?namespace=eks-work`, { timeout: 120_000 });
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    const paths = ['?namespace=eks-work', '/pods?namespace=eks-work', '/autoscaling/eks-work/backend-app?namespace=eks-work', '/alarms', '/logs'].map((p) => `${C}${p}`);
    expect(await overflowing(page, paths)).toEqual([]);
  }
});

test(`no page of oncall's or dev's scrolls sideways at ${PHONE} px, refusals included`, async ({ page, context }) => {
  await page.setViewportSize({ width: PHONE, height: 844 });
  await signInAs(page, 'oncall', `${C}/nodes`, { timeout: 120_000 });
  expect(await overflowing(page, [`${C}/nodes`, `${C}/alarms`, `${C}/access?namespace=eks-work`])).toEqual([]);
  await context.clearCookies();
  await signInAs(page, 'dev', `${C}?namespace=rbac-test-ns`);
  expect(await overflowing(page, [...NAV_PAGES.map((p) => `${C}${p}?namespace=rbac-test-ns`), `${C}/pods?namespace=eks-work`])).toEqual([]);
});

test('a dashboard with a log widget fits a phone, a tablet and wide screens, the widget spanning the grid', async ({ page }) => {
  // The canary has crashed and logged its ERRORs by then, whichever tests ran before.
  await sandboxHasRun(90);
  await page.setViewportSize({ width: 1280, height: 900 });
  // Admin may publish to CloudWatch, so the name field is live.
  await signInAs(page, 'admin', `${C}/logs?q=${encodeURIComponent('fields @timestamp, kubernetes.pod_name, log\n| filter log like /ERROR/\n| sort @timestamp desc')}`, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Add to dashboard' }).click();
  await page.getByRole('textbox', { name: 'New dashboard title' }).fill('백엔드 오류 (on-call)');
  await expect(page.getByRole('radio', { name: 'Private' })).toBeChecked();
  await page.getByRole('radio', { name: 'Shared with everyone' }).check();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('link', { name: 'Open the dashboard' }).click();
  await expect(page.getByText(/^v1 · admin · shared$/)).toBeVisible();
  // Titled by the query's filter; 24 of the grid's 24 columns.
  const widget = page.getByRole('region', { name: 'log like /ERROR/', exact: true });
  await expect(widget).toBeVisible();
  await expect(widget.getByTestId('widget-progress')).toHaveText(/^\d+ rows? · [\d,]+ scanned$/, { timeout: 30_000 });
  const firstRow = widget.getByRole('row').nth(1);
  await expect(firstRow).toBeVisible();

  // The CloudWatch panel squeezes the grid beside it; the widget keeps its rows. Its Korean title is offered romanised.
  await page.getByRole('button', { name: 'CloudWatch', exact: true }).click();
  const name = page.getByRole('textbox', { name: 'Publish as CloudWatch dashboard' });
  await expect(name).toHaveValue('baegendeu-oryu-on-call');
  await expect(firstRow).toBeVisible();
  await name.fill('백엔드-errors');
  await expect(page.getByTestId('cloudwatch-name-help')).toHaveText('a CloudWatch dashboard name is 1-255 letters, digits, "-" and "_": "백" "엔" "드" are not allowed');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
  await page.getByRole('complementary', { name: 'CloudWatch' }).getByRole('button', { name: 'Close' }).click();

  const dashboard = new URL(page.url()).pathname;
  for (const width of [PHONE, TABLET, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    const grid = await page.getByTestId('dashboard-grid').boundingBox();
    await expect.poll(async () => Math.round((await widget.boundingBox())!.width)).toBe(Math.round(grid!.width) - 16);
    expect(await overflowing(page, [dashboard])).toEqual([]);
  }
});

test('at 390 px the header is one row; the menu opens, takes the focus, closes on Escape and navigates, and holds the pickers and sign-out', async ({ page }) => {
  await page.setViewportSize({ width: PHONE, height: 844 });
  await signInAs(page, 'admin', `${C}/pods?namespace=eks-work`, { timeout: 120_000 });
  const menu = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();
  // min-h-14: the menu button, the name and the palette's button in one row of 56 px (it was 245 px with every control in it).
  expect((await page.getByRole('banner').boundingBox())!.height).toBe(56);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();

  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link', { name: 'Pods', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  await page.keyboard.press('Enter');
  await nav.getByRole('link', { name: 'Events', exact: true }).click();
  await expect(page).toHaveURL(`${C}/events?namespace=eks-work`);
  await expect(nav).toBeHidden();

  await menu.click();
  const controls = [
    page.getByRole('combobox', { name: 'Cluster' }),
    namespaceSelect(page),
    page.getByRole('combobox', { name: 'Language' }),
    page.getByRole('combobox', { name: 'Theme' }),
    page.getByRole('button', { name: 'Signed in as admin' }),
    page.getByRole('button', { name: 'Sign out' }),
  ];
  for (const control of controls) await expect(control).toBeInViewport({ ratio: 1 });
  // Choosing a namespace is a new address: the menu closes on it.
  await namespaceSelect(page).selectOption('rbac-test-ns');
  await expect(page).toHaveURL(`${C}/events?namespace=rbac-test-ns`);
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(namespaceSelect(page)).toBeHidden();
  expect((await page.getByRole('banner').boundingBox())!.height).toBe(56);
  await menu.click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the header is one row at 768, 1024 and 1280 px: the pickers stay in it from 768 px, the account controls from 1280 px', async ({ page }) => {
  await signInAs(page, 'admin', `${C}/pods?namespace=eks-work`, { timeout: 120_000 });
  const menu = page.getByRole('button', { name: 'Menu' });
  const signOut = page.getByRole('button', { name: 'Sign out' });
  for (const width of [TABLET, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    // min-h-12 from 768 px: one row of 32 px controls and 8 px above and below.
    await expect.poll(async () => (await page.getByRole('banner').boundingBox())!.height).toBe(48);
    await expect(namespaceSelect(page)).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('combobox', { name: 'Cluster' })).toBeInViewport({ ratio: 1 });
    await expect(signOut).toBeHidden();
    await menu.click();
    // Beside the sidebar the menu opens on its first control.
    await expect(page.getByRole('combobox', { name: 'Language' })).toBeFocused();
    await expect(signOut).toBeInViewport({ ratio: 1 });
    await page.keyboard.press('Escape');
    await expect(signOut).toBeHidden();
    await expect(menu).toBeFocused();
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect.poll(async () => (await page.getByRole('banner').boundingBox())!.height).toBe(48);
  await expect(menu).toBeHidden();
  await expect(signOut).toBeInViewport({ ratio: 1 });
});
