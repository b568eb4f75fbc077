import { expect, test, type APIRequestContext } from '@playwright/test';
import { CLUSTER, sandboxUsers } from './fixtures';

const METRICS = `http://127.0.0.1:${process.env.WATCHDECK_E2E_METRICS_PORT}`;

/** A series' value as the built console's metrics listener serves it; 0 before its first count. */
async function sample(request: APIRequestContext, series: string): Promise<number> {
  const text = await (await request.get(`${METRICS}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test('a request to a console route moves the counter on the metrics port, under its route pattern', async ({ request }) => {
  const token = sandboxUsers().find((u) => u.name === 'dev')!.token;
  const headers = { authorization: `Bearer ${token}` };
  // Other tests load pages meanwhile, so the exact count is of answers only this test asks for: pods of a cluster the console does not have.
  const unknown = `watchdeck_http_requests_total{route="/api/v1/clusters/[cluster]/pods",method="GET",status="404"}`;
  const route = `watchdeck_http_requests_total{route="/api/v1/clusters/[cluster]/pods",method="GET",status="200"}`;
  const lists = `watchdeck_kube_requests_total{cluster="${CLUSTER}",verb="list",resource="pods",code="200"}`;
  const [unknownBefore, routeBefore, listsBefore] = [await sample(request, unknown), await sample(request, route), await sample(request, lists)];
  const ids = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const response = await request.get(`/api/v1/clusters/${CLUSTER}/pods?namespace=rbac-test-ns`, { headers });
    expect(response.status()).toBe(200);
    ids.add(response.headers()['x-request-id']);
    const missing = await request.get(`/api/v1/clusters/no-such-cluster/pods?namespace=rbac-test-ns`, { headers });
    expect(missing.status()).toBe(404);
    ids.add(missing.headers()['x-request-id']);
  }
  expect(ids.size).toBe(6);
  expect(await sample(request, unknown)).toBe(unknownBefore + 3);
  expect(await sample(request, route)).toBeGreaterThanOrEqual(routeBefore + 3);
  expect(await sample(request, lists)).toBeGreaterThanOrEqual(listsBefore + 3);
  const text = await (await request.get(`${METRICS}/metrics`)).text();
  // The raw path never becomes a label.
  expect(text).not.toContain(`/api/v1/clusters/${CLUSTER}/pods`);
  expect(text).not.toContain('no-such-cluster');
});

test('the metrics listener serves only GET /metrics, and the console port does not serve it at all', async ({ request }) => {
  const metrics = await request.get(`${METRICS}/metrics`);
  expect(metrics.headers()['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect((await request.get(`${METRICS}/`)).status()).toBe(404);
  expect((await request.get(`${METRICS}/api/v1/healthz`)).status()).toBe(404);
  expect((await request.get('/metrics')).status()).toBe(404);
});
