import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { GET as selectorRoute } from './route';
import { GET as podLogRoute } from '../pods/[name]/log/route';
import { GET as podLogsRoute } from '../pods/[name]/logs/route';

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(text)) {
    if (Date.now() > deadline) throw new Error(`not seen in time; got ${JSON.stringify(text)}`);
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

describe('logs against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 8 * 60_000 });
  }, 60_000);
  afterAll(async () => t?.close());
  const podName = (prefix: string, ns = 'eks-work') => t.sandbox.world.store.list('pods', ns).find((p) => p.metadata.name.startsWith(prefix))!.metadata.name;
  const podLog = (user: 'admin' | 'dev', name: string, query: string, namespace = 'eks-work') =>
    podLogRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/namespaces/${namespace}/pods/${name}/log${query}`), params({ cluster: CLUSTER, namespace, name }));
  const selectorLogs = (user: 'admin' | 'dev', query: string, namespace = 'eks-work') =>
    selectorRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/namespaces/${namespace}/logs${query}`), params({ cluster: CLUSTER, namespace }));

  it('reads the previous run of the crash-looping canary', async () => {
    const response = await podLog('admin', podName('backend-app-canary-'), '?previous=true');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).toContain(':: Spring Boot ::                (v3.3.5)');
    expect(text).toContain('Starting BackendApplication v1.5.0 using Java 21.0.5');
  });

  it('passes the API server 400s through: a container still pulling its image, an unknown container, a missing container name', async () => {
    const name = podName('frontend-web-');
    const pulling = await podLog('admin', name, '');
    expect(pulling.status).toBe(400);
    expect((await pulling.json()).error).toMatchObject({
      kind: 'Status',
      message: `container "frontend-web" in pod "${name}" is waiting to start: trying and failing to pull image`,
      status: { reason: 'BadRequest', code: 400 },
    });
    const unknown = await podLog('admin', 'postgres-0', '?container=nope');
    expect((await unknown.json()).error.message).toBe('container nope is not valid for pod postgres-0');
    t.sandbox.world.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'two-containers', namespace: 'eks-work' },
      spec: {
        containers: [
          { name: 'a', image: 'busybox:1.36', command: ['sleep', '3600'] },
          { name: 'b', image: 'busybox:1.36', command: ['sleep', '3600'] },
        ],
      },
    } as never);
    const ambiguous = await podLog('admin', 'two-containers', '');
    expect(ambiguous.status).toBe(400);
    expect((await ambiguous.json()).error.message).toBe('a container name must be specified for pod two-containers, choose one of: [a b]');
  });

  it('tails with timestamps', async () => {
    const text = await (await podLog('admin', podName('backend-app-8'), '?tailLines=2&timestamps=true')).text();
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^2026-01-01T00:0\d:\d\d(\.\d+)?Z 2026-01-01T00:0\d:\d\d\.\d{3}Z {3}(INFO|WARN|ERROR) 1 --- \[backend-app\]/);
  });

  it('answers the same log at …/logs as at …/log', async () => {
    const name = podName('backend-app-8');
    const request = t.request('admin', `/api/v1/clusters/${CLUSTER}/namespaces/eks-work/pods/${name}/logs?tailLines=3&timestamps=true`);
    const viaLogs = await podLogsRoute(request, params({ cluster: CLUSTER, namespace: 'eks-work', name }));
    expect(viaLogs.status).toBe(200);
    const text = await viaLogs.text();
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
    expect(text).toBe(await (await podLog('admin', name, '?tailLines=3&timestamps=true')).text());
  });

  it('follows a log: lines written after the request arrive on the open response', async () => {
    const response = await podLog('admin', podName('backend-app-8'), '?tailLines=1&follow=true');
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await readUntil(reader, (text) => text.endsWith('\n'));
    expect(first.split('\n').filter(Boolean)).toHaveLength(1);
    t.sandbox.world.advance(20_000);
    const more = await readUntil(reader, (text) => text.split('\n').filter(Boolean).length >= 2);
    expect(more).toMatch(/^2026-01-01T00:08:\d\d\.\d{3}Z/);
    await reader.cancel();
  });

  it("interleaves pods matching a selector with kubectl's prefix, at most five streams, saying so", async () => {
    // The HPA has scaled backend-app up by now; every scheduled pod of the app counts.
    const total = t.sandbox.world.store.list('pods', 'eks-work').filter((p) => p.metadata.labels?.app === 'backend-app' && p.spec.nodeName).length;
    expect(total).toBeGreaterThan(5);
    const response = await selectorLogs('admin', '?labelSelector=app%3Dbackend-app&tailLines=1');
    expect(response.status).toBe(200);
    expect(response.headers.get('watchdeck-log-streams')).toBe(`{"shown":5,"total":${total}}`);
    const lines = (await response.text()).split('\n').filter(Boolean);
    expect(lines[0]).toBe(`[watchdeck] showing 5 of ${total} log streams: at most 5, as kubectl --max-log-requests; narrow the selector to see the others`);
    const stable = t.sandbox.world.store
      .list('pods', 'eks-work')
      .map((p) => p.metadata.name)
      .filter((n) => /^backend-app-[a-z0-9]{10}-/.test(n))
      .sort()
      .slice(0, 5);
    expect(lines.slice(1).map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual(stable.map((n) => `[pod/${n}/backend-app]`));
  });

  it('refuses dev selector logs in eks-work with the API server 403', async () => {
    const response = await selectorLogs('dev', '?labelSelector=app%3Dbackend-app');
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toBe('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  });
});
