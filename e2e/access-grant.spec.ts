import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { grantYaml } from '../lib/k8s/rbac/grant-yaml';
import { clients, needing } from '../test/clients';
import { CLUSTER, signInAs } from './fixtures';

/** A namespace of this test's own: dev has no role in it, and nothing else reads it. */
const NAMESPACE = 'access-grant-e2e';
const WAIT = { timeout: 60_000 };

/** kubectl as a sandbox user against the sandbox the console serves, `input` on its stdin. */
function kubectl(user: string, args: string[], input?: string): string {
  const kubeconfig = path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'kubeconfig');
  return execFileSync(clients.kubectl().command!, ['--kubeconfig', kubeconfig, '--context', `sandbox-${user}`, ...args], { encoding: 'utf8', input });
}

const podRow = (page: Page, name: string) => page.getByRole('table', { name: 'Pods' }).getByRole('row', { name: new RegExp(`^${name} `) });

test.afterAll(() => {
  if (clients.kubectl().command) kubectl('admin', ['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false']);
});

test(needing(clients.kubectl(), 'dev applies the grant the Forbidden panel suggests and the Pods page lists and watches live without a reload'), async ({ page }) => {
  test.skip(!clients.kubectl().command, clients.kubectl().missing);
  test.setTimeout(180_000);
  kubectl('admin', ['create', 'namespace', NAMESPACE]);
  kubectl('admin', ['run', 'first', '--image=nginx:1.27', '-n', NAMESPACE]);

  await signInAs(page, 'dev', `/c/${CLUSTER}/pods?namespace=${NAMESPACE}`);
  const panel = page.locator('[data-forbidden]');
  await expect(panel.getByText(`You don't have access to list pods in ${NAMESPACE}`)).toBeVisible();
  await expect(panel.getByTestId('error-message')).toHaveText(`pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "${NAMESPACE}"`);
  // A live list: the grant must let it watch as well as list.
  await expect(panel.getByRole('list', { name: 'About this grant' })).toHaveText('It grants list and watch: the page lists them once, then watches to stay live.');

  // A grant of list alone, as the panel suggested before: the rows come, but the refused watch shows its panel rather than "reconnecting".
  kubectl('admin', ['create', 'role', 'dev-list-only', '--verb=list', '--resource=pods', '-n', NAMESPACE]);
  kubectl('admin', ['create', 'rolebinding', 'dev-list-only', '--role=dev-list-only', '--user=dev', '-n', NAMESPACE]);
  await expect(podRow(page, 'first')).toHaveCount(1, WAIT);
  await expect(panel.getByText(`You don't have access to watch pods in ${NAMESPACE}`)).toBeVisible(WAIT);
  await expect(panel.getByTestId('error-message')).toHaveText(`pods is forbidden: User "dev" cannot watch resource "pods" in API group "" in the namespace "${NAMESPACE}"`);
  await expect(page.getByRole('status', { name: /^Watch stale/ })).toBeVisible();
  await expect(page.locator('[data-connection="reconnecting"]')).toHaveCount(0);

  const yaml = await panel.getByLabel('YAML', { exact: true }).innerText();
  // The panel shows the grant for the refused live list: list and watch on pods in the namespace, no pod named (its exact text: lib/k8s/rbac/grant-yaml.test.ts).
  expect(yaml).toBe(grantYaml({ verb: 'watch', resource: 'pods', subresource: '', group: '', namespace: NAMESPACE, name: '', user: 'dev', needed: ['list', 'watch'] }));
  expect(yaml).toContain('    verbs:\n      - list\n      - watch\n');
  expect(kubectl('admin', ['apply', '-f', '-'], yaml)).toBe('role.rbac.authorization.k8s.io/dev-list-watch-pods created\nrolebinding.rbac.authorization.k8s.io/dev-list-watch-pods created\n');

  // The page asks again by itself every 10 s: no reload.
  await expect(page.getByRole('status', { name: 'Watch live' })).toBeVisible(WAIT);
  await expect(panel).toHaveCount(0);
  kubectl('admin', ['run', 'second', '--image=nginx:1.27', '-n', NAMESPACE]);
  await expect(podRow(page, 'second')).toHaveCount(1, WAIT);
  await expect(podRow(page, 'first')).toHaveCount(1);
  await page.screenshot({ path: '/tmp/watchdeck-access-grant-live.png', fullPage: true });
});
