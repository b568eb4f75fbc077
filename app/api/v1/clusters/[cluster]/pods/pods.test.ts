import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { streamOwner } from '@/server/api/pod-watch';
import { openStreamCount } from '@/server/sse';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { SseReader } from '@/server/testing/sse-reader';
import type { PodRow } from '@/server/k8s/pods';
import { GET as podsRoute } from './route';
import { GET as streamRoute } from './stream/route';
import { GET as watchRoute } from './watch/route';

/** Generated name suffixes dropped, so rows read as the scenario's workloads. */
function shape(rows: PodRow[]) {
  return rows.map((r) => [r.name.replace(/-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{8,10}$/, ''), r.status, r.ready, r.severity, r.problem, r.ownerKind]);
}

function barePod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'eks-work', labels: { app: 'watch-test' } },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }], nodeName: 'ip-10-0-0-1' },
    status: { phase: 'Pending' },
  };
}

describe('pods list and watch against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    // Eight simulated minutes in: the canary is in its crash back-off, the report job has failed.
    t = await startSandboxConsole({ advanceMs: 8 * 60_000 });
  }, 60_000);
  afterAll(async () => t?.close());

  const list = async (user: 'admin' | 'dev', query: string) => {
    const response = await podsRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/pods${query}`), params({ cluster: CLUSTER }));
    return { status: response.status, body: await response.json(), response };
  };
  const watch = async (user: 'admin' | 'oncall' | 'dev', query: string, headers?: Record<string, string>) =>
    watchRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/pods/watch${query}`, headers), params({ cluster: CLUSTER }));

  it('lists eks-work with the STATUS, READY and owner kubectl shows for each scenario pod', async () => {
    const { status, body, response } = await list('admin', '?namespace=eks-work');
    expect(status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const running = ['backend-app', 'Running', '1/1', 'ok', false, 'ReplicaSet'];
    const completed = ['pingpong', 'Completed', '0/1', 'done', false, 'Job'];
    const oom = ['report-generator-manual-8xk2q', 'OOMKilled', '0/1', 'error', true, 'Job'];
    expect(shape(body.items)).toEqual([
      ...Array(7).fill(running),
      ['backend-app-canary', 'CrashLoopBackOff', '0/1', 'error', true, 'ReplicaSet'],
      // Both Unschedulable (PodScheduled False): Pending as kubectl prints it, and a problem.
      ['batch-analytics', 'Pending', '0/1', 'warning', true, 'ReplicaSet'],
      ['dedicated-worker', 'Pending', '0/1', 'warning', true, 'ReplicaSet'],
      ['frontend-web', 'ImagePullBackOff', '0/1', 'error', true, 'ReplicaSet'],
      ...Array(6).fill(completed),
      ['postgres-0', 'Running', '1/1', 'ok', false, 'StatefulSet'],
      oom,
      oom,
      oom,
    ]);
    const postgres = body.items.find((r: PodRow) => r.name === 'postgres-0');
    const stored = t.sandbox.world.store.get('pods', 'eks-work', 'postgres-0')!;
    expect(postgres).toEqual({
      name: 'postgres-0',
      namespace: 'eks-work',
      uid: stored.metadata.uid,
      ready: '1/1',
      status: 'Running',
      severity: 'ok',
      problem: false,
      restarts: 0,
      restartsText: '0',
      createdAt: stored.metadata.creationTimestamp,
      node: stored.spec.nodeName,
      podIP: stored.status.podIP,
      labels: stored.metadata.labels,
      ownerKind: 'StatefulSet',
      ownerName: 'postgres',
    });
    expect(body.resourceVersion).toMatch(/^\d+$/);
    expect(body.continue).toBeUndefined();
  });

  it('pages with limit and continue through every pod of every namespace', async () => {
    const all = (await list('admin', '')).body.items.map((r: PodRow) => r.uid);
    const paged: string[] = [];
    let next = '';
    let pages = 0;
    do {
      const { body } = await list('admin', `?namespace=(all)&limit=7${next ? `&continue=${encodeURIComponent(next)}` : ''}`);
      expect(body.items.length).toBeLessThanOrEqual(7);
      paged.push(...body.items.map((r: PodRow) => r.uid));
      next = body.continue ?? '';
      pages += 1;
    } while (next);
    expect(paged).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 7));
  });

  const stream = async (user: 'admin' | 'dev', query: string) => {
    const response = await streamRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/pods/stream${query}`), params({ cluster: CLUSTER }));
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text,
      lines: response.ok
        ? text
            .trimEnd()
            .split('\n')
            .map((line) => JSON.parse(line))
        : [],
    };
  };

  it('streams every page of all namespaces as NDJSON lines, in the order paging gives them', async () => {
    const all = (await list('admin', '')).body.items.map((r: PodRow) => r.uid);
    const { status, type, lines } = await stream('admin', '?limit=7');
    expect([status, type]).toEqual([200, 'application/x-ndjson; charset=utf-8']);
    expect(lines.flatMap((line) => line.items.map((r: PodRow) => r.uid))).toEqual(all);
    expect(lines.length).toBe(Math.ceil(all.length / 7));
    expect(lines.every((line) => line.continue === undefined && /^\d+$/.test(line.resourceVersion))).toBe(true);
  });

  it('streams all namespaces for dev from rbac-test-ns, eks-work named as left out; a namespace dev may not list is the 403 answer itself', async () => {
    const { status, lines } = await stream('dev', '');
    expect(status).toBe(200);
    expect(lines.flatMap((line) => line.items.map((r: PodRow) => r.namespace))).toEqual(['rbac-test-ns']);
    expect(lines.at(-1).omitted).toEqual([{ name: 'eks-work', reason: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"' }]);
    const denied = await stream('dev', '?namespace=eks-work');
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.text).message).toBe('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  });

  it('answers a malformed label selector in the stream with the API server 400 before any line', async () => {
    const { status, text } = await stream('admin', `?namespace=eks-work&labelSelector=${encodeURIComponent('app in (')}`);
    expect(status).toBe(400);
    expect(JSON.parse(text).error.status.reason).toBe('BadRequest');
  });

  it('passes the label selector to the API server and its parse error back unchanged', async () => {
    const narrowed = await list('admin', `?namespace=eks-work&labelSelector=${encodeURIComponent('app=backend-app,track!=canary')}`);
    expect(shape(narrowed.body.items)).toEqual(Array(7).fill(['backend-app', 'Running', '1/1', 'ok', false, 'ReplicaSet']));
    const bad = await list('admin', `?labelSelector=${encodeURIComponent('app in (a')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: {
        kind: 'Status',
        message: "unable to parse requirement: found '', expected: ',' or ')'",
        status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: "unable to parse requirement: found '', expected: ',' or ')'", reason: 'BadRequest', code: 400 },
      },
    });
  });

  it('passes the field selector through: phase filters, an unknown field is the API server 400', async () => {
    const pending = await list('admin', `?namespace=eks-work&fieldSelector=${encodeURIComponent('status.phase=Pending')}`);
    expect(pending.body.items.map((r: PodRow) => r.status)).toEqual(['Pending', 'Pending', 'ImagePullBackOff']);
    const bad = await list('admin', `?fieldSelector=${encodeURIComponent('status.phaze=Pending')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ kind: 'Status', message: 'field label not supported: status.phaze', status: { code: 400, reason: 'BadRequest' } });
  });

  it('gives dev the API server 403 for eks-work unchanged', async () => {
    const { status, body } = await list('dev', '?namespace=eks-work');
    expect(status).toBe(403);
    const message = 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"';
    expect(body).toEqual({
      code: 403,
      reason: 'Forbidden',
      message,
      missing: { verb: 'list', resource: 'pods', subresource: '', group: '', namespace: 'eks-work', name: '' },
      error: { kind: 'Status', message, status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { kind: 'pods' }, code: 403 } },
    });
  });

  it('lists all namespaces for dev namespace by namespace: rbac-test-ns, and eks-work left out with the API server 403 message', async () => {
    const { status, body } = await list('dev', '');
    expect(status).toBe(200);
    expect(body.items.map((r: PodRow) => [r.namespace, r.name.replace(/-[a-z0-9]+-[a-z0-9]{5}$/, ''), r.status])).toEqual([['rbac-test-ns', 'sample-app', 'Running']]);
    expect(body.omitted).toEqual([{ name: 'eks-work', reason: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"' }]);
    expect(body.continue).toBeUndefined();
  });

  it('relays a created and a deleted pod as SSE events with the row and resourceVersion ids', async () => {
    const { body } = await list('admin', '?namespace=eks-work');
    const response = await watch('admin', `?namespace=eks-work&labelSelector=app%3Dwatch-test&resourceVersion=${body.resourceVersion}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const sse = new SseReader(response);
    const created = t.sandbox.world.store.create('pods', barePod('watch-a') as never);
    const added = await sse.nextOf('ADDED');
    expect(added.id).toBe(created.metadata.resourceVersion);
    expect(JSON.parse(added.data)).toMatchObject({ name: 'watch-a', namespace: 'eks-work', status: 'Pending', ready: '0/1', uid: created.metadata.uid });
    const deleted = t.sandbox.world.store.delete('pods', 'eks-work', 'watch-a');
    const gone = await sse.nextOf('DELETED');
    expect(JSON.parse(gone.data).name).toBe('watch-a');
    expect(gone.id).toBe(deleted.metadata.resourceVersion);
    await sse.cancel();
  });

  it('sends changes made together as one batch, the latest per pod in order, its id the last resourceVersion', async () => {
    const sse = new SseReader(await watch('admin', `?namespace=eks-work&labelSelector=app%3Dwatch-batch&resourceVersion=${t.sandbox.world.store.resourceVersion}`));
    const pod = (name: string) => ({ ...barePod(name), metadata: { name, namespace: 'eks-work', labels: { app: 'watch-batch' } } });
    t.sandbox.world.store.create('pods', pod('batch-a') as never);
    t.sandbox.world.store.create('pods', pod('batch-b') as never);
    t.sandbox.world.store.mutate('pods', 'eks-work', 'batch-a', (draft) => {
      draft.metadata.labels = { ...draft.metadata.labels, changed: 'yes' };
    });
    const last = t.sandbox.world.store.delete('pods', 'eks-work', 'batch-b');
    const batch = await sse.nextOf('batch');
    expect(batch.id).toBe(last.metadata.resourceVersion);
    expect((JSON.parse(batch.data) as [string, PodRow][]).map(([type, row]) => [type, row.name, row.labels.changed])).toEqual([
      ['MODIFIED', 'batch-a', 'yes'],
      ['DELETED', 'batch-b', undefined],
    ]);
    await sse.cancel();
    t.sandbox.world.store.delete('pods', 'eks-work', 'batch-a');
  });

  it('resumes from Last-Event-ID: only what happened after it arrives', async () => {
    const first = new SseReader(await watch('admin', `?namespace=eks-work&labelSelector=app%3Dwatch-test&resourceVersion=${t.sandbox.world.store.resourceVersion}`));
    t.sandbox.world.store.create('pods', barePod('watch-b') as never);
    const seen = await first.nextOf('ADDED');
    await first.cancel();
    // While no one is connected:
    t.sandbox.world.store.create('pods', barePod('watch-c') as never);
    const resumed = new SseReader(await watch('admin', `?namespace=eks-work&labelSelector=app%3Dwatch-test&resourceVersion=1`, { 'last-event-id': seen.id! }));
    const next = await resumed.nextOf('ADDED');
    expect(JSON.parse(next.data).name).toBe('watch-c');
    await resumed.cancel();
  });

  it('watches all namespaces for dev through rbac-test-ns and names eks-work as omitted with the API server 403 message', async () => {
    const sse = new SseReader(await watch('dev', `?resourceVersion=${t.sandbox.world.store.resourceVersion}`));
    expect(JSON.parse((await sse.nextOf('omitted')).data)).toEqual({
      omitted: [{ name: 'eks-work', reason: 'pods is forbidden: User "dev" cannot watch resource "pods" in API group "" in the namespace "eks-work"' }],
    });
    t.sandbox.world.store.create('pods', { ...barePod('watch-dev'), metadata: { name: 'watch-dev', namespace: 'rbac-test-ns' } } as never);
    t.sandbox.world.store.create('pods', barePod('watch-hidden') as never);
    const added = await sse.nextOf('ADDED');
    expect(JSON.parse(added.data)).toMatchObject({ name: 'watch-dev', namespace: 'rbac-test-ns' });
    await sse.cancel();
  });

  it('counts a stream against its user while open and frees the slot when the browser goes away', async () => {
    const owner = streamOwner({ identity: { mode: 'token', token: t.token('oncall') }, via: 'bearer' });
    const sse = new SseReader(await watch('oncall', '?namespace=eks-work&labelSelector=app%3Dnone'));
    expect(await openStreamCount(owner)).toBe(1);
    await sse.cancel();
    // The claim's row is deleted as the stream closes.
    await vi.waitFor(async () => expect(await openStreamCount(owner)).toBe(0), { timeout: 2_000, interval: 20 });
  });

  it('tells the page to relist when the resourceVersion is older than the API server keeps', async () => {
    const rv = t.sandbox.world.store.resourceVersion;
    t.sandbox.world.store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'churn', namespace: 'default' }, data: { n: '0' } } as never);
    // Push the resourceVersion out of the store's watch history.
    for (let i = 0; i < 200_001; i += 1) t.sandbox.world.store.mutate('configmaps', 'default', 'churn', (cm) => void (cm.data.n = String(i)));
    const response = await watch('admin', `?namespace=eks-work&resourceVersion=${rv}`);
    expect(response.status).toBe(200);
    const sse = new SseReader(response);
    const relist = await sse.nextOf('relist');
    expect(JSON.parse(relist.data).message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    expect(await sse.next()).toBeUndefined();
  }, 60_000);
});
