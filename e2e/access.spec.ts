import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { clients, needing } from '../test/clients';
import { CLUSTER, sandboxUsers, signInAs } from './fixtures';

// Every test here signs in on its own page and changes nothing another reads, so the file's tests spread over the workers.
test.describe.configure({ mode: 'parallel' });

/** kubectl as a sandbox user, against the same sandbox the console serves. */
function kubectl(user: string, ...args: string[]): string {
  const kubeconfig = path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'kubeconfig');
  return execFileSync(clients.kubectl().command!, ['--kubeconfig', kubeconfig, '--context', `sandbox-${user}`, ...args], { encoding: 'utf8' });
}

const squash = (line: string) => line.replace(/\s+/g, ' ').trim();

test('dev on the Pods page for eks-work sees the explained Forbidden panel with the grant YAML, and no pods', async ({ page }) => {
  await signInAs(page, 'dev', `/c/${CLUSTER}/pods?namespace=eks-work`);
  const panel = page.locator('[data-forbidden]');
  await expect(panel.getByTestId('error-message')).toHaveText('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  const missing = panel.getByRole('definition');
  // A live list: the stream route declares list and watch, so the grant gives both.
  await expect(missing).toHaveText(['list', 'pods', '—', '"" (core)', 'namespace eks-work', 'any (the request named no object)', 'list, watch']);
  const yaml = panel.getByLabel('YAML', { exact: true });
  await expect(yaml).toContainText(
    'kind: Role\nmetadata:\n  name: dev-list-watch-pods\n  namespace: eks-work\nrules:\n  - apiGroups:\n      - ""\n    resources:\n      - pods\n    verbs:\n      - list\n      - watch\n',
  );
  await expect(yaml).toContainText('kind: RoleBinding');
  // dev may not read roles: the panel says so rather than claiming none grant it.
  await expect(panel.getByRole('note')).toContainText('clusterroles.rbac.authorization.k8s.io is forbidden: User "dev" cannot list resource "clusterroles"');
  await expect(page.getByRole('table', { name: 'Pods' })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/watchdeck-forbidden-pods-dev.png', fullPage: true });
});

test('dev lists the pods of rbac-test-ns', async ({ page }) => {
  await signInAs(page, 'dev', `/c/${CLUSTER}/pods?namespace=rbac-test-ns`);
  // Seed 7 (sandbox/world/scenario.ts): rbac-test-ns runs one pod, sample-app's single replica.
  await expect(page.getByRole('table', { name: 'Pods' }).getByRole('row', { name: /^sample-app-[a-z0-9]+-[a-z0-9]{5} / })).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator('[data-forbidden]')).toHaveCount(0);
});

test(needing(clients.kubectl(), "dev's Can-I matrix in rbac-test-ns allows get, list and watch and denies create, as kubectl auth can-i --list says"), async ({ page }) => {
  test.skip(!clients.kubectl().command, clients.kubectl().missing);
  await signInAs(page, 'dev', `/c/${CLUSTER}/access?namespace=rbac-test-ns`);
  const matrix = page.getByRole('table', { name: 'Can I matrix' });
  const pods = matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'pods', exact: true }) });
  await expect(pods.getByRole('cell')).toHaveText(['yes', 'yes', 'yes', 'no', 'no', 'no', 'no']);
  const deployments = matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'deployments.apps', exact: true }) });
  await expect(deployments.getByRole('cell')).toHaveText(['yes', 'yes', 'yes', 'no', 'no', 'no', 'no']);

  const listed = kubectl('dev', 'auth', 'can-i', '--list', '-n', 'rbac-test-ns').split('\n').slice(1).map(squash).filter(Boolean);
  expect(listed).toContain('pods [] [] [get list watch]');
  const rules = page.getByRole('table', { name: 'Rules' }).getByRole('row');
  const shown = (await rules.allInnerTexts()).slice(1).map(squash);
  expect(shown).toEqual(listed);
  for (const verb of ['get', 'list', 'watch', 'create']) {
    const answer = (() => {
      try {
        return kubectl('dev', 'auth', 'can-i', verb, 'pods', '-n', 'rbac-test-ns').trim();
      } catch (err) {
        return String((err as { stdout: string }).stdout).trim();
      }
    })();
    await expect(pods.getByRole('cell').nth(['get', 'list', 'watch', 'create'].indexOf(verb))).toHaveText(answer);
  }
  await page.screenshot({ path: '/tmp/watchdeck-access-can-i-dev.png', fullPage: true });

  await page.getByLabel('Cluster scope').check();
  const nodes = matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'nodes', exact: true }) });
  await expect(nodes.getByRole('cell')).toHaveText(['no', 'no', 'no', 'no', 'no', 'no', 'no']);
});

test('admin finds who can list pods in rbac-test-ns and follows view to its description and bindings', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/access?namespace=rbac-test-ns&tab=Who+can`);
  await page.getByRole('button', { name: 'Who can?' }).click();
  const table = page.getByRole('table', { name: 'Subjects who can' });
  const row = (subject: string) => table.getByRole('row').filter({ has: page.getByRole('cell', { name: subject, exact: true }) });
  await expect(row('rbac-test-group').getByRole('cell')).toHaveText(['Group', 'rbac-test-group', 'RoleBinding rbac-test-ns/rbac-test-role-binding', 'ClusterRole view via system:aggregate-to-view']);
  await expect(row('oncall').getByRole('cell')).toHaveText(['Group', 'oncall', 'ClusterRoleBinding oncall-view', 'ClusterRole view via system:aggregate-to-view']);
  await expect(row('system:masters').getByRole('cell').nth(3)).toHaveText('ClusterRole cluster-admin');
  await expect(row('dev')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/watchdeck-access-who-can-admin.png', fullPage: true });

  await row('rbac-test-group').getByRole('link', { name: 'ClusterRole view' }).click();
  await expect(page.getByRole('heading', { name: 'ClusterRole view' })).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: 'PolicyRule' })
      .getByRole('row')
      .filter({ hasText: /^pods\/log\[/ })
      .getByRole('cell'),
  ).toHaveText(['pods/log', '[]', '[]', '[get list watch]']);
  await expect(page.getByRole('table', { name: 'Bound by' }).getByRole('link', { name: 'rbac-test-role-binding' })).toBeVisible();
  await page.screenshot({ path: '/tmp/watchdeck-access-role-view.png', fullPage: true });
  await page.getByRole('table', { name: 'Bound by' }).getByRole('link', { name: 'rbac-test-role-binding' }).click();
  await expect(page.getByRole('list', { name: 'Subjects' })).toHaveText('Group rbac-test-group');
});

test('dev asking who can list pods in rbac-test-ns gets its own yes, and is told the RBAC objects are out of its sight', async ({ page }) => {
  await signInAs(page, 'dev', `/c/${CLUSTER}/access?namespace=rbac-test-ns&tab=Who+can`);
  await page.getByRole('button', { name: 'Who can?' }).click();
  await expect(page.getByRole('status', { name: 'Your answer' })).toHaveText(
    'You (dev) can.RBAC: allowed by RoleBinding "rbac-test-role-binding/rbac-test-ns" of ClusterRole "view" to Group "rbac-test-group"(the bindings behind it are among the objects you cannot read)',
  );
  await expect(page.getByRole('note', { name: 'Incomplete answer' }).getByRole('listitem')).toHaveCount(4);
  await page.screenshot({ path: '/tmp/watchdeck-access-who-can-dev.png', fullPage: true });
});

test('admin reveals one secret key on request; oncall gets the explained Forbidden', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/secrets?namespace=eks-work`);
  const keys = page.getByRole('list', { name: 'Keys of backend-app-db' });
  await expect(keys).toContainText('password12 bytes');
  await expect(page.locator('body')).not.toContainText('Zq8#rT2!vLm4');
  await page.getByRole('button', { name: 'Reveal backend-app-db password' }).click();
  await expect(page.getByLabel('Value of password')).toHaveText('Zq8#rT2!vLm4');
  await page.screenshot({ path: '/tmp/watchdeck-secrets-admin.png', fullPage: true });
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(page.locator('body')).not.toContainText('Zq8#rT2!vLm4');

  await page.context().clearCookies();
  await signInAs(page, 'oncall', `/c/${CLUSTER}/secrets?namespace=eks-work`);
  await expect(page.locator('[data-forbidden]').getByTestId('error-message')).toHaveText(
    'secrets is forbidden: User "oncall" cannot list resource "secrets" in API group "" in the namespace "eks-work"',
  );
  await page.screenshot({ path: '/tmp/watchdeck-secrets-forbidden-oncall.png', fullPage: true });
});

test("no sandbox user's token appears in the console's HTML or JavaScript after dev signs in", async ({ page }) => {
  const scripts = new Set<string>();
  page.on('response', (response) => {
    if (response.url().includes('/_next/static/') && response.url().endsWith('.js')) scripts.add(response.url());
  });
  await signInAs(page, 'dev');
  await page.goto(`/c/${CLUSTER}/access?namespace=rbac-test-ns`);
  await expect(page.getByRole('table', { name: 'Can I matrix' })).toBeVisible();
  const tokens = sandboxUsers().map((u) => u.token);
  const html = await page.content();
  const bodies = [html, ...(await Promise.all([...scripts].map(async (url) => (await page.request.get(url)).text())))];
  expect(scripts.size).toBeGreaterThan(3);
  for (const body of bodies) for (const token of tokens) expect(body.includes(token)).toBe(false);
  const cookies = await page.context().cookies();
  for (const cookie of cookies) for (const token of tokens) expect(cookie.value.includes(token)).toBe(false);
});
