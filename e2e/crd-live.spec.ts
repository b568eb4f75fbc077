/**
 * A CustomResourceDefinition applied with kubectl to the sandbox the console is serving: its kind joins the
 * navigation under its group without a restart, its instances are listed with the CRD's printer columns
 * exactly as `kubectl get` prints them, its scale subresource is offered as Scale on the object page, and
 * once the CRD is deleted the kind leaves the navigation.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { clients } from '../test/clients';
import { CLUSTER, signInAs } from './fixtures';

test.describe.configure({ mode: 'serial' });

const GROUP = 'live.e2e.example.com';

/** kubectl as the sandbox's admin, against the sandbox the console serves. */
function kubectl(args: string[], input?: string): string {
  const kubeconfig = path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'kubeconfig');
  return execFileSync(clients.kubectl().command!, ['--kubeconfig', kubeconfig, '--context', 'sandbox-admin', ...args], { encoding: 'utf8', input });
}

// A namespaced kind with the status and scale subresources and printer columns: one read from status, one only with -o wide; no Age, so both sides print the same text.
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${GROUP}
spec:
  group: ${GROUP}
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wdg] }
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: { specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas }
    additionalPrinterColumns:
    - { name: Color, type: string, jsonPath: .spec.color }
    - { name: Replicas, type: integer, jsonPath: .spec.replicas }
    - { name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status' }
    - { name: Size, type: string, priority: 1, jsonPath: .spec.size }
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              color: { type: string }
              size: { type: string }
              replicas: { type: integer, minimum: 0 }
          status:
            type: object
            properties:
              replicas: { type: integer }
              conditions: { type: array, items: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;

const widget = (name: string, color: string, replicas: number) =>
  `apiVersion: ${GROUP}/v1\nkind: Widget\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  color: ${color}\n  size: large\n  replicas: ${replicas}\n`;

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: beta-widgets, namespace: default }
spec:
  scaleTargetRef: { apiVersion: ${GROUP}/v1, kind: Widget, name: beta }
  minReplicas: 1
  maxReplicas: 4
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } } }]
`;

/** kubectl's table as cells, cut where its aligned header's columns start (an empty cell leaves only padding). */
function kubectlRows(out: string): string[][] {
  const [header, ...lines] = out.trimEnd().split('\n');
  const starts = [...header.matchAll(/\S+/g)].map((m) => m.index);
  const cut = (line: string) => starts.map((at, i) => line.slice(at, starts[i + 1]).trim());
  return [cut(header), ...lines.map(cut)];
}

/** The table's data rows hold exactly these cells, in order. */
async function expectRows(table: Locator, rows: string[][]): Promise<void> {
  for (const [i, row] of rows.entries())
    await expect(
      table
        .getByRole('row')
        .nth(i + 1)
        .getByRole('cell'),
    ).toHaveText(row);
}

let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(150_000);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=default`, { timeout: 120_000 });
});

test.afterAll(async () => {
  await page?.close();
  // Leaves the shared sandbox as it was, whichever test stopped.
  kubectl(['delete', 'hpa', 'beta-widgets', '-n', 'default', '--ignore-not-found']);
  kubectl(['delete', 'crd', `widgets.${GROUP}`, '--ignore-not-found']);
});

const customGroup = () => page.getByRole('group', { name: 'Kinds' }).locator('summary', { hasText: GROUP });

/** Reloads until `check` passes: the navigation reads discovery again on its next poll, which a reload brings forward. */
async function afterReloads(check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000, 5_000] });
}

test('a CRD applied with kubectl joins the navigation under its group, its instances listed as kubectl get prints them', async () => {
  test.setTimeout(120_000);
  await expect(customGroup()).toHaveCount(0);
  expect(kubectl(['apply', '-f', '-'], CRD)).toBe(`customresourcedefinition.apiextensions.k8s.io/widgets.${GROUP} created\n`);
  expect(kubectl(['wait', '--for', 'condition=established', '--timeout=30s', `crd/widgets.${GROUP}`])).toBe(`customresourcedefinition.apiextensions.k8s.io/widgets.${GROUP} condition met\n`);
  kubectl(['apply', '-f', '-'], `${widget('alpha', 'red', 2)}---\n${widget('beta', 'blue', 3)}`);

  await afterReloads(() => expect(customGroup()).toHaveCount(1, { timeout: 3_000 }));
  await customGroup().click();
  await page.getByRole('group', { name: 'Kinds' }).getByRole('link', { name: 'Widget', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${CLUSTER}/r/${GROUP.replaceAll('.', '\\.')}/v1/widgets\\?namespace=default$`));

  const [header, ...rows] = kubectlRows(kubectl(['get', 'widgets', '-n', 'default']));
  expect(header).toEqual(['NAME', 'COLOR', 'REPLICAS', 'READY']);
  const table = page.getByRole('table', { name: 'Widget' });
  // The page's headers are the Table's column names, which kubectl prints upper-cased; the sorted one carries its arrow.
  await expect(table.getByRole('columnheader')).toHaveText(['Name▲', 'Color', 'Replicas', 'Ready'], { timeout: 30_000 });
  await expect(table.getByRole('row')).toHaveCount(1 + rows.length);
  await expectRows(table, rows);
  // Ready is empty on both sides: no status yet, and kubectl prints the Table's nil cell as nothing.
  expect(rows).toEqual([
    ['alpha', 'red', '2', ''],
    ['beta', 'blue', '3', ''],
  ]);

  const [wideHeader, ...wideRows] = kubectlRows(kubectl(['get', 'widgets', '-n', 'default', '-o', 'wide']));
  expect(wideHeader).toEqual(['NAME', 'COLOR', 'REPLICAS', 'READY', 'SIZE']);
  await page.getByLabel('Wide (as -o wide)').check();
  await expect(table.getByRole('columnheader').last()).toHaveText('Size');
  await expectRows(table, wideRows);
});

test('a Widget is scaled from its page through the scale subresource, and one an HPA targets warns of it', async () => {
  test.setTimeout(90_000);
  await page.goto(`/c/${CLUSTER}/r/${GROUP}/v1/widgets/default/alpha?namespace=default`);
  await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Scale' }).click();
  const dialog = page.getByRole('dialog', { name: 'Scale Widget alpha' });
  // The count the scale subresource reads at the CRD's specReplicasPath.
  await expect(dialog.getByLabel('Replicas (now 2)')).toHaveValue('2');
  await expect(dialog.getByTestId('hpa-warning')).toHaveCount(0);
  await dialog.getByLabel('Replicas (now 2)').fill('5');
  await dialog.getByRole('button', { name: 'Scale' }).click();
  await expect(dialog).toBeHidden();
  expect(kubectl(['get', 'widget', 'alpha', '-n', 'default', '-o', 'jsonpath={.spec.replicas}'])).toBe('5');

  kubectl(['apply', '-f', '-'], HPA);
  await page.goto(`/c/${CLUSTER}/r/${GROUP}/v1/widgets/default/beta?namespace=default`);
  await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Scale' }).click();
  const beta = page.getByRole('dialog', { name: 'Scale Widget beta' });
  await expect(beta.getByTestId('hpa-warning')).toHaveText('HorizontalPodAutoscaler beta-widgets owns the replica count (1–4) and will set it back on its next sync.');
  await beta.getByRole('button', { name: 'Cancel' }).click();
  await expect(beta).toBeHidden();
});

test('once the CRD is deleted with kubectl, its kind leaves the navigation', async () => {
  test.setTimeout(90_000);
  await page.goto(`/c/${CLUSTER}/pods?namespace=default`);
  await expect(customGroup()).toHaveCount(1, { timeout: 30_000 });
  expect(kubectl(['delete', 'crd', `widgets.${GROUP}`])).toBe(`customresourcedefinition.apiextensions.k8s.io "widgets.${GROUP}" deleted\n`);
  await afterReloads(() => expect(customGroup()).toHaveCount(0, { timeout: 3_000 }));
});
