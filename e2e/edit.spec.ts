import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clients, needing } from '../test/clients';
import { CLUSTER, signInAs } from './fixtures';

// Each test works on objects of its own in the default namespace, which no other file reads, so the tests spread over the workers.
test.describe.configure({ mode: 'parallel' });

/** kubectl as a sandbox user, against the same sandbox the console serves. */
function kubectl(user: string, args: string[], input?: string): string {
  const kubeconfig = path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'kubeconfig');
  return execFileSync(clients.kubectl().command!, ['--kubeconfig', kubeconfig, '--context', `sandbox-${user}`, ...args], { encoding: 'utf8', input });
}

/** Replaces the editor's text, as a person selecting all and typing would. */
async function typeYaml(page: Page, yaml: string): Promise<void> {
  await page.getByTestId('yaml-editor').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(yaml);
}

const configMap = (name: string, mode: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n  mode: ${mode}\n`;

test('admin creates a ConfigMap from YAML, edits it: the dry run shows the diff, the apply the new value', async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, 'admin', `/c/${CLUSTER}/r/core/v1/configmaps?namespace=default`, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const create = page.getByRole('dialog', { name: 'Create ConfigMap from YAML' });
  await typeYaml(page, configMap('e2e-edit', 'before'));
  await create.getByRole('button', { name: 'Dry run' }).click();
  await expect(create.getByRole('heading', { name: 'Dry run: the object would be created' })).toBeVisible();
  await expect(create.getByRole('region', { name: 'Changes' }).locator('[data-diff="removed"]')).toHaveCount(0);
  await create.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(create).toBeHidden();

  await page.goto(`/c/${CLUSTER}/r/core/v1/configmaps/default/e2e-edit?namespace=default`);
  await page.getByRole('button', { name: 'Edit YAML' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit ConfigMap e2e-edit as YAML' });
  // The editor opens with the object as an apply configuration: no status, uid or resourceVersion.
  await expect(page.getByTestId('yaml-editor')).toContainText('mode: before');
  await expect(page.getByTestId('yaml-editor')).not.toContainText('resourceVersion');
  await typeYaml(page, configMap('e2e-edit', 'after'));
  await edit.getByRole('button', { name: 'Dry run' }).click();
  const changes = edit.getByRole('region', { name: 'Changes' });
  await expect(changes.locator('[data-diff="removed"]')).toHaveText(['-   mode: before']);
  await expect(changes.locator('[data-diff="added"]')).toHaveText(['+   mode: after']);
  await edit.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(edit).toBeHidden();
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.getByLabel('YAML', { exact: true })).toContainText('mode: after');
});

test(needing(clients.kubectl(), 'an edit of a field another manager applied shows that manager, and taking ownership applies it'), async ({ page }) => {
  test.setTimeout(90_000);
  kubectl('admin', ['apply', '--server-side', '--field-manager=ops-script', '-f', '-'], configMap('e2e-conflict', 'ops'));
  await signInAs(page, 'admin', `/c/${CLUSTER}/r/core/v1/configmaps/default/e2e-conflict?namespace=default`, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Edit YAML' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit ConfigMap e2e-conflict as YAML' });
  await typeYaml(page, configMap('e2e-conflict', 'mine'));
  await edit.getByRole('button', { name: 'Dry run' }).click();
  const conflicts = edit.getByRole('table', { name: 'Conflicting fields' });
  // The API server's FieldManagerConflict cause: the field path and the manager kubectl applied as.
  await expect(conflicts.getByRole('row').nth(1).getByRole('cell')).toHaveText(['.data.mode', 'ops-script', 'conflict with "ops-script"']);
  await edit.getByRole('button', { name: 'Apply and take ownership' }).click();
  await expect(edit.getByRole('region', { name: 'Changes' }).locator('[data-diff="added"]')).toHaveText(['+   mode: mine']);
  await edit.getByRole('button', { name: 'Apply and take ownership' }).click();
  await expect(edit).toBeHidden();
  expect(kubectl('admin', ['get', 'configmap', 'e2e-conflict', '-n', 'default', '-o', 'jsonpath={.data.mode}'])).toBe('mine');
});

test(needing(clients.kubectl(), "a drain blocked by a PodDisruptionBudget shows the API server's refusal as it happens and leaves the node cordoned"), async ({ page }) => {
  test.setTimeout(120_000);
  // A pod of its own on the dedicated node, guarded by a budget that allows no disruption: the drain's only eviction is refused.
  const guard = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'drain-guard', namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'drain-guard' } },
      template: {
        metadata: { labels: { app: 'drain-guard' } },
        spec: {
          nodeSelector: { dedicated: 'true' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
          containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
        },
      },
    },
  };
  const budget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'drain-guard', namespace: 'default' },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'drain-guard' } } },
  };
  kubectl('admin', ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [guard, budget] }));
  try {
    const node = kubectl('admin', ['get', 'nodes', '-l', 'dedicated=true', '-o', 'jsonpath={.items[0].metadata.name}']);
    await expect.poll(() => kubectl('admin', ['get', 'pdb', 'drain-guard', '-n', 'default', '-o', 'jsonpath={.status.currentHealthy}/{.status.disruptionsAllowed}']), { timeout: 60_000 }).toBe('1/0');
    const pod = kubectl('admin', ['get', 'pods', '-n', 'default', '-l', 'app=drain-guard', '-o', 'jsonpath={.items[0].metadata.name}']);

    await signInAs(page, 'admin', `/c/${CLUSTER}/nodes/${node}`, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Drain', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Drain ${node}` });
    await dialog.getByLabel('Timeout in seconds').fill('5');
    await dialog.getByRole('button', { name: 'Drain', exact: true }).click();
    const steps = dialog.getByRole('list', { name: 'Drain progress' });
    // eviction.go's 429 and its DisruptionBudget cause, from the budget's status (one pod needed, one healthy).
    await expect(steps.locator('[data-step="blocked"]').first()).toHaveText(
      `error when evicting pod default/${pod} (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget. The disruption budget drain-guard needs 1 healthy pods and has 1 currently`,
    );
    await expect(steps.locator('[data-step="done"]')).toHaveText(`1 pod not evicted; node ${node} stays cordoned`, { timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(kubectl('admin', ['get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}'])).toBe('true');
    await page.getByRole('button', { name: 'Uncordon' }).click();
    await expect(page.getByRole('button', { name: 'Cordon', exact: true })).toBeVisible({ timeout: 20_000 });
    expect(kubectl('admin', ['get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}'])).toBe('');
  } finally {
    kubectl('admin', ['delete', 'deployment/drain-guard', 'pdb/drain-guard', '-n', 'default', '--wait=false']);
    const cordoned = kubectl('admin', ['get', 'nodes', '-l', 'dedicated=true', '-o', 'jsonpath={.items[0].spec.unschedulable}']);
    if (cordoned === 'true') kubectl('admin', ['uncordon', '-l', 'dedicated=true']);
  }
});
