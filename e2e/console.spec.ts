import { expect, test } from '@playwright/test';
import { CLUSTER, namespaceSelect, optionTexts, sandboxUsers, signInAs } from './fixtures';

// Every test here signs in on its own page and changes nothing another reads, so the file's tests spread over the workers.
test.describe.configure({ mode: 'parallel' });

test('signed out, the console leads to sign-in, which offers each sandbox user and shows the API server refusing a bad token', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  const users = sandboxUsers();
  for (const user of users) {
    await expect(page.getByRole('button', { name: `Sign in as ${user.name} — ${user.description}` })).toBeVisible();
  }
  await expect(page.getByLabel('Bearer token')).toHaveAttribute('type', 'password');
  await page.screenshot({ path: '/tmp/watchdeck-sign-in.png', fullPage: true });

  await page.getByLabel('Bearer token').fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const alert = page.locator('[data-error-kind]');
  await expect(alert).toHaveAttribute('data-error-kind', 'Unauthorized');
  await expect(alert.getByText('Sign in again')).toBeVisible();
});

test('dev sees its identity and only rbac-test-ns, with the other namespaces omitted and why', async ({ page }) => {
  await signInAs(page, 'dev');
  await expect(page).toHaveURL(`/c/${CLUSTER}?namespace=rbac-test-ns`);
  await page.getByRole('button', { name: 'Signed in as dev' }).click();
  await expect(page.getByRole('list', { name: 'Groups' }).getByRole('listitem')).toHaveText(['rbac-test-group', 'system:authenticated']);
  await page.keyboard.press('Escape');

  expect(await optionTexts(page)).toEqual(['rbac-test-ns']);
  await page.getByRole('button', { name: 'More namespaces' }).click();
  const omitted = page.getByRole('list', { name: 'Omitted namespaces' }).getByRole('listitem');
  await expect(omitted.filter({ hasText: /^eks-work — / })).toHaveCount(1);
  await expect(omitted).toHaveCount(4);
  await page.keyboard.press('Escape');

  await expect(page.getByRole('region', { name: 'Pods by status' }).getByRole('list', { name: 'Pods by status' })).toBeVisible();
  await page.screenshot({ path: '/tmp/watchdeck-overview-dev.png', fullPage: true });
});

test("dev opening eks-work by name or by URL sees the API server's Forbidden message, not data", async ({ page }) => {
  await signInAs(page, 'dev');
  await page.getByRole('button', { name: 'More namespaces' }).click();
  await page.getByLabel('Open a namespace by name').fill('eks-work');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page).toHaveURL(`/c/${CLUSTER}?namespace=eks-work`);
  await expect(namespaceSelect(page).locator('option:checked')).toHaveText('eks-work (not available)');
  await expect(page.getByRole('region', { name: 'Pods by status' }).getByTestId('error-message')).toHaveText(
    'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"',
  );

  await page.goto('about:blank');
  await page.goto(`/c/${CLUSTER}?namespace=eks-work`);
  await expect(page.getByTestId('whoami-username')).toHaveText('dev');
  const pods = page.getByRole('region', { name: 'Pods by status' });
  await expect(pods.getByTestId('error-message')).toHaveText('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  await expect(pods.getByRole('status').filter({ hasText: "You don't have access to list pods in eks-work" })).toBeVisible();
  // The page's main content (its pods) is refused in full; the other sections each say in one line what is hidden and why.
  const nodes = page.getByRole('region', { name: 'Nodes' });
  await expect(nodes.getByRole('note').locator('p').first()).toHaveText('Nodes are hidden: you may not list nodes (needs list on nodes, cluster-wide)');
  await expect(nodes.locator('[data-forbidden]')).toHaveCount(0);
  await expect(nodes.getByTestId('error-message')).toHaveText('nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope');
  await expect(page.getByRole('region', { name: 'Warning events' }).getByRole('note').locator('p').first()).toHaveText(
    'Warning events are hidden: you may not list events in eks-work (needs list on events, in namespace eks-work)',
  );
  await expect(page.getByRole('table', { name: 'Problem pods' })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/watchdeck-overview-dev-forbidden.png', fullPage: true });
});

test("oncall's Overview says in one muted line that nodes are hidden and which permission would show them, beside the pods oncall may see", async ({ page }) => {
  await signInAs(page, 'oncall', `/c/${CLUSTER}?namespace=eks-work`);
  const nodes = page.getByRole('region', { name: 'Nodes' });
  await expect(nodes.getByRole('note').locator('p').first()).toHaveText('Nodes are hidden: you may not list nodes (needs list on nodes, cluster-wide)', { timeout: 30_000 });
  await expect(nodes.getByRole('status')).toHaveCount(0);
  await expect(page.locator('[data-forbidden]')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Problem pods' })).toBeVisible();
  // The grant stays one step away, folded.
  await nodes.getByText('What to ask an admin for').click();
  await expect(nodes.getByRole('region', { name: 'Grant YAML' })).toContainText('kind: ClusterRole');
});

test('admin switches between eks-work and rbac-test-ns and the overview follows', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}?namespace=eks-work`);
  await expect(namespaceSelect(page)).toHaveValue('eks-work');
  expect(await optionTexts(page)).toEqual(expect.arrayContaining(['default', 'eks-work', 'rbac-test-ns', 'kube-system']));
  const problems = page.getByRole('table', { name: 'Problem pods' });
  // The scenario's frontend-web pod (seed 7: one replica) runs an image that does not exist.
  const badImage = problems.getByRole('row', { name: /^frontend-web-\S+ (ErrImagePull|ImagePullBackOff) 0\/1 / });
  await expect(badImage).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Nodes' })).toContainText(/\d+\/\d+ ready/);
  await expect(page.getByRole('region', { name: 'Server version' })).toContainText('v1.32');
  await page.screenshot({ path: '/tmp/watchdeck-overview-admin.png', fullPage: true });
  const eksWorkPods = await page.getByRole('region', { name: 'Pods by status' }).innerText();

  await namespaceSelect(page).selectOption('rbac-test-ns');
  await expect(page).toHaveURL(`/c/${CLUSTER}?namespace=rbac-test-ns`);
  await expect(page.getByText(`${CLUSTER} / rbac-test-ns`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pods by status' })).not.toHaveText(eksWorkPods);
  await expect(page.getByRole('region', { name: 'Problem pods' })).toContainText('No pods with problems.');

  await namespaceSelect(page).selectOption('eks-work');
  await expect(page).toHaveURL(`/c/${CLUSTER}?namespace=eks-work`);
  await expect(badImage).toHaveCount(1);
});

test('sign-out returns to sign-in and the console is closed until signing in again', async ({ page }) => {
  await signInAs(page, 'oncall');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto(`/c/${CLUSTER}?namespace=eks-work`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
});

test('the session cookie is httpOnly and SameSite, and no token reaches the page, its scripts or its API answers', async ({ page, context }) => {
  const bodies: string[] = [];
  page.on('response', async (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (/html|javascript|json|text/.test(type)) bodies.push(await response.text().catch(() => ''));
  });
  await signInAs(page, 'admin', `/c/${CLUSTER}?namespace=eks-work`);
  await expect(page.getByRole('table', { name: 'Problem pods' })).toBeVisible();

  const cookies = await context.cookies();
  expect(cookies.length).toBeGreaterThan(0);
  for (const cookie of cookies) {
    expect({ name: cookie.name, httpOnly: cookie.httpOnly }).toEqual({ name: cookie.name, httpOnly: true });
    expect(['Strict', 'Lax']).toContain(cookie.sameSite);
  }

  bodies.push(await page.content());
  const tokens = sandboxUsers().map((user) => user.token);
  expect(tokens).toHaveLength(3);
  for (const token of tokens) {
    expect(bodies.filter((body) => body.includes(token))).toHaveLength(0);
  }
  for (const cookie of cookies) {
    for (const token of tokens) expect(cookie.value.includes(token)).toBe(false);
  }
});

test('on a phone the pages and the header’s controls are behind a menu, and the Logs page runs a query without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, 'dev');
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages).toBeHidden();
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await pages.getByRole('link', { name: 'Logs' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${CLUSTER}/logs`));
  await expect(pages).toBeHidden();
  await menu.click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport();
  await menu.click();
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByText('scanned figures are hidden: this query was limited to rbac-test-ns')).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  await page.screenshot({ path: '/tmp/watchdeck-logs-phone.png', fullPage: true });
});
