import { expect, test } from '@playwright/test';
import { API_POLICY, PROXIED_PAGE_POLICY } from '../lib/content-security-policy';
import { CLUSTER, sandboxHasRun, signInAs } from './fixtures';

/** backend-app's index, as sandbox/world/container-system.ts has the image serve it on 8080. */
const INDEX = { name: 'backend-app', version: '1.4.2', endpoints: ['/health', '/api/version', '/api/orders'] };

test('admin opens a running pod’s port in a new tab through the API server’s proxy; oncall’s tab shows the permission it lacks', async ({ page, context }) => {
  await sandboxHasRun(120);
  for (const user of ['admin', 'oncall'] as const) {
    await signInAs(page, user, '/');
    const listed = await page.request.get(`/api/v1/clusters/${CLUSTER}/pods?namespace=eks-work`);
    const { items } = (await listed.json()) as { items: { name: string; status: string }[] };
    const pod = items.find((p) => /^backend-app-[a-z0-9]+-[a-z0-9]{5}$/.test(p.name) && !p.name.includes('canary') && p.status === 'Running')!.name;
    await page.goto(`/c/${CLUSTER}/pods/eks-work/${pod}?namespace=eks-work`);
    const port = page.getByRole('link', { name: '8080/TCP (http) ↗' });
    await expect(port).toHaveAttribute('target', '_blank');
    const [tab] = await Promise.all([context.waitForEvent('page'), port.click()]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toBe(`/api/v1/clusters/${CLUSTER}/namespaces/eks-work/pods/${pod}:8080/proxy`);
    const body = JSON.parse((await tab.locator('body').innerText()).trim());
    if (user === 'admin') expect(body).toEqual(INDEX);
    // The API server authorises the proxy request for the name as the URL gives it, port included.
    else expect(body.missing).toEqual({ verb: 'get', resource: 'pods', subresource: 'proxy', group: '', namespace: 'eks-work', name: `${pod}:8080` });
    await tab.close();
    await context.clearCookies();
  }
});

test('admin opens backend-app-service’s port from the Service’s page through services/proxy; dev is refused with the permission it lacks', async ({ page, context }) => {
  // backend-app-service (sandbox/world/scenario.ts): ClusterIP 10.100.182.47, port http 8080 → 8080, selecting backend-app.
  const service = `/c/${CLUSTER}/r/core/v1/services/eks-work/backend-app-service?namespace=eks-work`;
  await signInAs(page, 'admin', service);
  const ports = page.getByRole('table', { name: 'Ports' });
  await expect(ports.getByRole('row')).toHaveText(['NamePortTarget portNode port', 'http8080/TCP ↗8080—']);
  await expect(page.getByText('10.100.182.47')).toBeVisible();
  const link = ports.getByRole('link', { name: '8080/TCP ↗' });
  await expect(link).toHaveAttribute('target', '_blank');
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.waitForLoadState();
  // The API server resolves the port by its name and relays to one of the Service's ready pods.
  expect(new URL(tab.url()).pathname).toBe(`/api/v1/clusters/${CLUSTER}/namespaces/eks-work/services/backend-app-service:http/proxy`);
  expect(JSON.parse((await tab.locator('body').innerText()).trim())).toEqual(INDEX);
  await tab.close();
  // The relayed page's own policy replaces the one next.config.ts gives every API answer; a refusal is an API answer.
  const relayed = await page.request.get(`/api/v1/clusters/${CLUSTER}/namespaces/eks-work/services/backend-app-service:http/proxy`);
  expect(relayed.headers()['content-security-policy']).toBe(PROXIED_PAGE_POLICY);
  await context.clearCookies();

  // dev's view role is in rbac-test-ns only (sandbox/kube/rbac): the same address is refused with what is missing.
  await signInAs(page, 'dev', '/');
  const refused = await page.request.get(`/api/v1/clusters/${CLUSTER}/namespaces/eks-work/services/backend-app-service:http/proxy`);
  expect(refused.status()).toBe(403);
  expect(refused.headers()['content-security-policy']).toBe(API_POLICY);
  expect((await refused.json()).missing).toEqual({ verb: 'get', resource: 'services', subresource: 'proxy', group: '', namespace: 'eks-work', name: 'backend-app-service:http' });
});
