import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PodRow } from '@/server/k8s/pods';
import { watchTimings } from '@/server/k8s/watch';
import { startProxiedSandbox, type ProxiedSandbox } from '@/server/testing/cut-proxy';
import { SseReader } from '@/server/testing/sse-reader';
import { DEFAULT_WATCH_WINDOW_MS } from '@/sandbox/kube/store';
import { openStreamCount } from '../sse';
import { clusterPodWatch, streamOwner } from './pod-watch';
import { clusterPods } from './pods';

const CLUSTER = 'eks-work-cluster';
const LABEL = 'cut-test';

function pod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'eks-work', labels: { app: LABEL } },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], nodeName: 'ip-10-0-0-1' },
    status: { phase: 'Pending' },
  };
}

type Change = ['ADDED' | 'MODIFIED' | 'DELETED', PodRow];

/** The pods list as the page keeps it: rows by uid, each watch change applied in order. */
function apply(rows: Map<string, PodRow>, event: string, data: string): void {
  const changes: Change[] = event === 'batch' ? (JSON.parse(data) as Change[]) : [[event as Change[0], JSON.parse(data) as PodRow]];
  for (const [type, row] of changes) {
    if (type === 'DELETED') rows.delete(row.uid);
    else rows.set(row.uid, row);
  }
}

const byUid = (rows: Iterable<PodRow>) => [...rows].sort((a, b) => a.uid.localeCompare(b.uid));

describe('the pods watch relay when the API server connection is cut', () => {
  let t: ProxiedSandbox;
  beforeAll(async () => {
    t = await startProxiedSandbox();
  }, 60_000);
  afterAll(async () => t?.close());

  const token = () => t.sandbox.users.find((u) => u.username === 'admin')!.token;
  const request = (url: string) => t.request(url);
  const query = { namespace: 'eks-work', labelSelector: `app=${LABEL}` };
  const freshList = async () => (await clusterPods(request('/api/v1/clusters/x/pods'), CLUSTER, query)).items;
  const store = () => t.sandbox.world.store;

  it('resumes a watch cut mid-stream from its resourceVersion: after changes made while the API server was away, the rows equal a fresh list', async () => {
    store().create('pods', pod('cut-keep') as never);
    store().create('pods', pod('cut-gone') as never);
    const listed = await clusterPods(request('/api/v1/clusters/x/pods'), CLUSTER, query);
    const rows = new Map(listed.items.map((row) => [row.uid, row]));
    const sse = new SseReader(await clusterPodWatch(request('/watch'), CLUSTER, { ...query, resourceVersion: listed.resourceVersion }));
    store().create('pods', pod('cut-before') as never);
    const before = await sse.nextOf('ADDED');
    apply(rows, before.event, before.data);

    await t.proxy.down();
    const reconnecting = await sse.nextOf('reconnecting');
    const { error, delayMs } = JSON.parse(reconnecting.data) as { error: { kind: string; message: string }; delayMs: number };
    // The cut arrives as a reset of the watch body; lib/retry's first delay is 0.5–1 s.
    expect(error).toEqual({ kind: 'ClusterUnreachable', message: `cannot reach the API server of cluster "${CLUSTER}" at ${t.proxy.url}: connection reset (ECONNRESET)`, cluster: CLUSTER });
    expect(delayMs).toBeGreaterThanOrEqual(500);
    expect(delayMs).toBeLessThanOrEqual(1_000);
    // While it is away: two added, one changed, one deleted.
    store().create('pods', pod('cut-during-1') as never);
    store().create('pods', pod('cut-during-2') as never);
    store().mutate('pods', 'eks-work', 'cut-keep', (draft) => void (draft.metadata.labels = { ...draft.metadata.labels, changed: 'while-away' }));
    const last = store().delete('pods', 'eks-work', 'cut-gone');
    // The next try is refused, so a second notice comes with a longer ceiling.
    const refused = JSON.parse((await sse.nextOf('reconnecting')).data) as { error: { message: string }; delayMs: number };
    expect(refused.error.message).toBe(`cannot reach the API server of cluster "${CLUSTER}" at ${t.proxy.url}: connection refused (ECONNREFUSED)`);
    expect(refused.delayMs).toBeGreaterThanOrEqual(1_000);
    expect(refused.delayMs).toBeLessThanOrEqual(2_000);

    await t.proxy.up();
    await sse.nextOf('resumed', 5_000);
    for (;;) {
      const message = await sse.next();
      if (!message) throw new Error('the watch ended');
      if (['ADDED', 'MODIFIED', 'DELETED', 'batch'].includes(message.event)) apply(rows, message.event, message.data);
      if (message.id === last.metadata.resourceVersion) break;
    }
    const fresh = await freshList();
    expect(fresh.map((row) => row.name).sort()).toEqual(['cut-before', 'cut-during-1', 'cut-during-2', 'cut-keep']);
    expect(byUid(rows.values())).toEqual(byUid(fresh));
    expect(sse.lastEventId).toBe(last.metadata.resourceVersion);
    await sse.cancel();
  }, 30_000);

  it('tells the page to relist when the API server comes back after its watch window has passed the watch resourceVersion', async () => {
    const listed = await clusterPods(request('/api/v1/clusters/x/pods'), CLUSTER, query);
    const sse = new SseReader(await clusterPodWatch(request('/watch'), CLUSTER, { ...query, resourceVersion: listed.resourceVersion }));
    await t.proxy.down();
    await sse.nextOf('reconnecting');
    store().create('pods', pod('cut-compacted') as never);
    // Past the watch cache's window (DEFAULT_WATCH_WINDOW_MS of the sandbox clock): the changes since the watch resourceVersion are gone.
    t.sandbox.world.advance(DEFAULT_WATCH_WINDOW_MS + 1_000);
    const oldest = store().oldestWatchableResourceVersion;
    expect(oldest).toBeGreaterThan(Number(listed.resourceVersion));
    await t.proxy.up();
    const relist = await sse.nextOf('relist', 10_000);
    // The API server's own words, naming the oldest resourceVersion a watch may start from.
    expect(JSON.parse(relist.data).message).toBe(`too old resource version: ${listed.resourceVersion} (${oldest})`);
    expect(await sse.next()).toBeUndefined();
  }, 30_000);

  it('replaces a watch connection that goes silent (an API server gone without a reset) from its resourceVersion, without the page seeing a failure', async () => {
    const idleMs = watchTimings.idleMs;
    watchTimings.idleMs = 1_500;
    try {
      const sse = new SseReader(await clusterPodWatch(request('/watch'), CLUSTER, { ...query, resourceVersion: String(store().resourceVersion) }));
      await vi.waitFor(() => expect(t.proxy.open()).toBeGreaterThan(0), { timeout: 2_000, interval: 20 });
      t.proxy.stall();
      const created = store().create('pods', pod('cut-silent') as never);
      // The change reaches the page only through the connection opened after the silent one is given up.
      const added = await sse.next(6_000);
      expect(added).toMatchObject({ event: 'ADDED', id: created.metadata.resourceVersion });
      expect(JSON.parse(added!.data).name).toBe('cut-silent');
      await sse.cancel();
    } finally {
      watchTimings.idleMs = idleMs;
    }
  }, 30_000);

  it('lets go of the stream claim and every API server connection when the browser leaves during an outage', async () => {
    const owner = streamOwner({ identity: { mode: 'token', token: token() }, via: 'bearer' });
    await vi.waitFor(() => expect(t.proxy.open()).toBe(0), { timeout: 5_000, interval: 20 });
    const sse = new SseReader(await clusterPodWatch(request('/watch'), CLUSTER, query));
    expect(await openStreamCount(owner)).toBe(1);
    expect(t.proxy.open()).toBe(1);
    await t.proxy.down();
    await sse.nextOf('reconnecting');
    await sse.cancel();
    await vi.waitFor(async () => expect(await openStreamCount(owner)).toBe(0), { timeout: 2_000, interval: 20 });
    await t.proxy.up();
    // Past the longest first retry (1 s): a relay still running would have reconnected by now.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(t.proxy.open()).toBe(0);
  }, 30_000);
});
