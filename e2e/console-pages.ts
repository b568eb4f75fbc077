import { expect, type Page } from '@playwright/test';
import { CLUSTER, createDashboard } from './fixtures';

export const USERS = ['admin', 'oncall', 'dev'] as const;
export type User = (typeof USERS)[number];

/** Each user's own namespace: dev may read only rbac-test-ns (sandbox/world/scenario.ts). */
export const NAMESPACE: Record<User, string> = { admin: 'eks-work', oncall: 'eks-work', dev: 'rbac-test-ns' };

/** A page of the console: where it is, and what shows once its data has arrived. */
export interface ConsolePage {
  name: string;
  path: string;
  /** Waits until the page shows its data (or its explained refusal), so what is measured is the finished page. */
  ready?: (page: Page) => Promise<void>;
}

/** Every skeleton is a `status` named "Loading …" (components/ui/skeleton.tsx). */
export async function waitForData(page: Page, timeout = 30_000): Promise<void> {
  // A dashboard's markdown may hold headings of its own: the page's is the first.
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible({ timeout });
  await expect(page.locator('[role="status"][aria-label^="Loading"]')).toHaveCount(0, { timeout });
}

/** The href of the first `link` on `path` once it has loaded, to open one object of a list without naming a generated name. */
export async function firstHref(page: Page, path: string, link: string): Promise<string> {
  await page.goto(path);
  const first = page.locator(link).first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  return (await first.getAttribute('href'))!;
}

/** A shared dashboard with a text widget, made through the API as admin, so each user has one to open. */
export async function makeDashboard(page: Page): Promise<string> {
  return createDashboard(page.request, {
    title: 'Runbook',
    shared: true,
    seconds: 900,
    widgets: [{ id: 'notes', type: 'text', x: 0, y: 0, width: 12, height: 4, markdown: 'Restart the backend when its error rate stays high.' }],
  });
}

/**
 * Every page of the console as `user` sees it, in their namespace: the lists, one object of each kind that has
 * its own page, the Access pages and the generic /r/ pages. Objects with generated names (a pod, a node, an alarm)
 * are found through their list, after `signInAs`.
 */
export async function consolePages(page: Page, user: User, dashboard: string): Promise<ConsolePage[]> {
  const ns = NAMESPACE[user];
  const q = `?namespace=${ns}`;
  const c = `/c/${CLUSTER}`;
  const pod = await firstHref(page, `${c}/pods${q}`, 'table[aria-label="Pods"] tbody a[href*="/pods/"]');
  const alarm = await firstHref(page, `${c}/alarms${q}`, '[data-testid="alarm-row"] a[href*="/alarms/"]');
  // Not every user may list nodes: a node is reached through the pod running on it.
  const node = await firstHref(page, pod, 'main a[href*="/nodes/"]');
  return [
    { name: 'Overview', path: `${c}${q}` },
    { name: 'Workloads', path: `${c}/workloads${q}` },
    { name: 'a Deployment', path: user === 'dev' ? `${c}/workloads/${ns}/deployments/sample-app${q}` : `${c}/workloads/${ns}/deployments/backend-app${q}` },
    { name: 'Pods', path: `${c}/pods${q}` },
    { name: 'a pod', path: pod },
    { name: 'Nodes', path: `${c}/nodes${q}` },
    { name: 'a node', path: node },
    { name: 'Namespaces', path: `${c}/namespaces${q}` },
    { name: 'Events', path: `${c}/events${q}` },
    { name: 'Autoscaling', path: `${c}/autoscaling${q}` },
    { name: 'an HPA', path: `${c}/autoscaling/eks-work/backend-app${q}` },
    { name: 'Alarms', path: `${c}/alarms${q}` },
    { name: 'an alarm', path: alarm },
    { name: 'Logs', path: `${c}/logs${q}`, ready: async (p) => expect(p.locator('.cm-editor')).toBeVisible() },
    {
      name: 'Logs Insights results',
      path: `${c}/logs${q}&q=${encodeURIComponent('fields @timestamp, @message | sort @timestamp desc | limit 20')}`,
      ready: async (p) => {
        await p.getByRole('button', { name: 'Run query' }).click();
        await expect(p.getByTestId('query-status')).toHaveText('Complete', { timeout: 30_000 });
      },
    },
    { name: 'Dashboards', path: `${c}/dashboards${q}` },
    { name: 'a dashboard', path: dashboard },
    { name: 'Access', path: `${c}/access${q}` },
    { name: 'a role', path: `${c}/access/roles/clusterroles/view${q}` },
    { name: 'a binding', path: `${c}/access/bindings/rolebindings/rbac-test-role-binding?namespace=rbac-test-ns` },
    { name: 'Secrets', path: `${c}/secrets${q}` },
    { name: 'Audit', path: `${c}/audit${q}` },
    { name: 'a resource list', path: `${c}/r/core/v1/services${q}` },
    { name: 'a resource', path: `${c}/r/core/v1/services/rbac-test-ns/sample-app?namespace=rbac-test-ns` },
    { name: 'a cluster resource list', path: `${c}/r/storage.k8s.io/v1/storageclasses${q}` },
  ];
}

/** Opens `target` and waits for its data. */
export async function openPage(page: Page, target: ConsolePage): Promise<void> {
  await page.goto(target.path);
  await waitForData(page);
  await target.ready?.(page);
  await waitForData(page);
}
