/**
 * A pod's and a service's HTTP port through the console (pods/proxy, services/proxy) against the sandbox: the
 * answer is the container's own (sandbox/world/container-system.ts: backend-app's /health and /api/version), under
 * a policy that gives the page no origin and no script; the API server decides who may (dev has no pods/proxy
 * in eks-work), and the console refuses what would make it an open proxy or a cross-site request forgery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { GET as podProxy } from './clusters/[cluster]/namespaces/[namespace]/pods/[name]/proxy/[[...path]]/route';
import { GET as kindProxy } from './clusters/[cluster]/namespaces/[namespace]/[kind]/[name]/proxy/[[...path]]/route';

let t: SandboxConsole;
beforeAll(async () => {
  t = await startSandboxConsole({ advanceMs: 60_000 });
}, 60_000);
afterAll(async () => t?.close());

const stablePod = () => t.sandbox.world.store.list('pods', 'eks-work').find((p) => p.metadata.name.startsWith('backend-app-') && !p.metadata.name.includes('canary'))!.metadata.name;

async function viaPod(user: 'admin' | 'oncall' | 'dev', name: string, path: string[], headers: Record<string, string> = {}, namespace = 'eks-work') {
  const url = `/api/v1/clusters/${CLUSTER}/namespaces/${namespace}/pods/${name}/proxy/${path.join('/')}`;
  const response = await podProxy(t.request(user, url, headers), params({ cluster: CLUSTER, namespace, name, path }));
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('pods/proxy and services/proxy through the console', () => {
  it('relays backend-app’s health answer to admin, under a policy that sandboxes the page', async () => {
    const answer = await viaPod('admin', `${stablePod()}:8080`, ['health']);
    expect([answer.status, answer.text, answer.headers.get('content-type')]).toEqual([200, '{"status":"UP","groups":["liveness","readiness"]}', 'application/json']);
    expect(answer.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
    const url = `/api/v1/clusters/${CLUSTER}/namespaces/eks-work/services/backend-app-service:http/proxy/api/version`;
    const service = await kindProxy(t.request('admin', url), params({ cluster: CLUSTER, namespace: 'eks-work', kind: 'services', name: 'backend-app-service:http', path: ['api', 'version'] }));
    expect([service.status, await service.text()]).toEqual([200, '{"name":"backend-app","version":"1.4.2"}']);
  });

  it('gives oncall and dev, whose view role has no pods/proxy, the API server’s refusal', async () => {
    const pod = stablePod();
    for (const user of ['oncall', 'dev'] as const) {
      const answer = await viaPod(user, pod, ['health']);
      expect(answer.status).toBe(403);
      const body = JSON.parse(answer.text);
      expect(body.error.message).toBe(`pods "${pod}" is forbidden: User "${user}" cannot get resource "pods/proxy" in API group "" in the namespace "eks-work"`);
      expect(body.missing).toEqual({ verb: 'get', resource: 'pods', subresource: 'proxy', group: '', namespace: 'eks-work', name: pod });
      // A refusal is JSON under the API's own policy, which next.config.ts does not give a relayed page's path.
      expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('says why a port does not answer', async () => {
    const pod = stablePod();
    const ip = t.sandbox.world.store.get('pods', 'eks-work', pod)!.status!.podIP as string;
    const answer = await viaPod('admin', `${pod}:9999`, []);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text).error.message).toBe(`error trying to reach service: dial tcp ${ip}:9999: connect: connection refused`);
  });

  it('refuses paths that would leave the target, malformed targets, other kinds and cross-site requests, before calling the API server', async () => {
    const pod = stablePod();
    const refused = async (answer: Promise<{ status: number; text: string }>) => {
      const { status, text } = await answer;
      return [status, JSON.parse(text).error.message];
    };
    expect(await refused(viaPod('admin', `${pod}:8080`, ['..', '..', 'secrets']))).toEqual([400, 'invalid proxied path segment ".."']);
    expect(await refused(viaPod('admin', `${pod}:8080`, ['a%2Fb']))).toEqual([400, 'invalid proxied path segment "a%2Fb"']);
    expect(await refused(viaPod('admin', `${pod}:8080`, ['x'.repeat(100_000)]))).toEqual([414, 'a proxied path has at most 4096 characters (got 100001)']);
    expect(await refused(viaPod('admin', `${pod}:99999`, []))).toEqual([400, `invalid proxy target "${pod}:99999": a port is a number from 1 to 65535 or a port name`]);
    expect(await refused(viaPod('admin', `https:${pod}:8080`, []))).toEqual([400, `invalid proxy target "https:${pod}:8080": name or name:port`]);
    expect(await refused(viaPod('admin', 'Evil.Host', []))).toEqual([400, 'invalid proxy target "Evil.Host": a name is a DNS-1123 subdomain']);
    expect(await refused(viaPod('admin', `${pod}:8080`, ['health'], { 'sec-fetch-site': 'cross-site' }))).toEqual([403, 'a proxied page opens only from the console (Sec-Fetch-Site: cross-site)']);
    const secrets = await kindProxy(
      t.request('admin', `/api/v1/clusters/${CLUSTER}/namespaces/eks-work/secrets/backend-app-db/proxy/`),
      params({ cluster: CLUSTER, namespace: 'eks-work', kind: 'secrets', name: 'backend-app-db', path: [] }),
    );
    expect([secrets.status, (await secrets.json()).error.message]).toEqual([404, 'secrets have no proxy; pods and services do']);
  });
});
