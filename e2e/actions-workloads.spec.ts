import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { clients, needing } from '../test/clients';
import { CLUSTER, signInAs } from './fixtures';

/** kubectl as admin against the sandbox the console serves, to make the test's own StatefulSet in the default namespace. */
function kubectlAdmin(args: string[], input?: string): string {
  const kubeconfig = path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'kubeconfig');
  return execFileSync(clients.kubectl().command!, ['--kubeconfig', kubeconfig, '--context', 'sandbox-admin', '-n', 'default', ...args], { encoding: 'utf8', input });
}

test.skip(!clients.kubectl().command, needing(clients.kubectl(), 'the StatefulSet undo test'));

test('admin undoes a StatefulSet to revision 1 from its page: the revision history comes from its ControllerRevisions, and the controller numbers the restored template 3', async ({ page }) => {
  test.setTimeout(180_000);
  const statefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'undo-web', namespace: 'default' },
    spec: {
      replicas: 1,
      serviceName: 'undo-web',
      selector: { matchLabels: { app: 'undo-web' } },
      template: { metadata: { labels: { app: 'undo-web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  };
  kubectlAdmin(['apply', '-f', '-'], JSON.stringify(statefulSet));
  try {
    const revisions = () => kubectlAdmin(['get', 'controllerrevisions', '-l', 'app=undo-web', '-o', 'jsonpath={range .items[*]}{.revision} {end}']).trim().split(' ').sort().join(',');
    await expect.poll(revisions, { timeout: 60_000 }).toBe('1');
    kubectlAdmin(['set', 'image', 'statefulset/undo-web', 'web=nginx:1.28']);
    await expect.poll(revisions, { timeout: 60_000 }).toBe('1,2');

    await signInAs(page, 'admin', `/c/${CLUSTER}/workloads/default/statefulsets/undo-web?namespace=default`, { timeout: 120_000 });
    const history = page.getByRole('table', { name: 'Revision history' });
    const cells = (row: number) => history.getByRole('row').nth(row).getByRole('cell');
    await expect(cells(1)).toHaveText(['2 (current)', /^undo-web-/, 'nginx:1.28', /./], { timeout: 30_000 });
    await expect(cells(2)).toHaveText(['1', /^undo-web-/, 'nginx:1.27', /./]);

    await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Undo', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo undo-web to a revision' });
    await dialog.getByRole('radio').nth(1).check();
    await dialog.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    expect(kubectlAdmin(['get', 'statefulset', 'undo-web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe('nginx:1.27');

    // pkg/controller/history: going back to revision 1's template renumbers that revision to the next number.
    await expect.poll(revisions, { timeout: 60_000 }).toBe('2,3');
    await page.reload();
    await expect(cells(1)).toHaveText(['3 (current)', /^undo-web-/, 'nginx:1.27', /./], { timeout: 30_000 });
    await expect(cells(2)).toHaveText(['2', /^undo-web-/, 'nginx:1.28', /./]);
  } finally {
    kubectlAdmin(['delete', 'statefulset/undo-web', '--wait=false']);
  }
});
