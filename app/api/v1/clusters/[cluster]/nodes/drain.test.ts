import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@/server/audit/trail';
import { kubeClient } from '@/server/k8s/client';
import type { DrainEvent } from '@/server/k8s/actions/drain';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { POST as cordonRoute } from './[name]/cordon/route';
import { POST as uncordonRoute } from './[name]/uncordon/route';
import { POST as drainRoute } from './[name]/drain/route';

/**
 * Nodes and pods of the seeded scenario (seed 1) two simulated minutes in: backend-app's two
 * ready pods sit on ip-192-168-0-9 and ip-192-168-64-11, and pdb-backend-app (maxUnavailable 1 of
 * backend-app's two replicas and the canary's one) allows no disruption; ip-192-168-128-3 carries
 * the canary (never ready), coredns, sample-app and finished Job pods.
 */
const BLOCKED_NODE = 'ip-192-168-64-11.ap-northeast-2.compute.internal';
const FREE_NODE = 'ip-192-168-128-3.ap-northeast-2.compute.internal';
const BUDGET_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
/** Past the scenario pods' terminationGracePeriodSeconds (30, the default). */
const GRACE_MS = 31_000;

describe('cordon, uncordon and drain through the console API, against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 2 * 60_000 });
  }, 180_000);
  afterAll(async () => t?.close());

  const node = (name: string) => t.sandbox.world.store.get('nodes', undefined, name)!;
  /** The drain's NDJSON read line by line as it streams; `onEvent` sees each event as it comes (the test moves the manual clock). */
  const drain = async (
    user: SandboxUserName,
    name: string,
    body: unknown,
    onEvent: (e: DrainEvent) => void = advanceOnEviction,
  ): Promise<{ status: number; events: (DrainEvent & Record<string, unknown>)[] }> => {
    const request = t.request(user, `/api/v1/clusters/${CLUSTER}/nodes/${name}/drain`, { 'content-type': 'application/json' });
    const response = await drainRoute(new Request(request, { method: 'POST', body: JSON.stringify(body) }), params({ cluster: CLUSTER, name }));
    if (response.status !== 200) return { status: response.status, events: [JSON.parse(await response.text())] };
    const events: (DrainEvent & Record<string, unknown>)[] = [];
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      buffer += chunk.value;
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        if (!line.trim()) continue;
        const event = JSON.parse(line) as DrainEvent & Record<string, unknown>;
        events.push(event);
        onEvent(event);
      }
    }
    return { status: 200, events };
  };
  /** An accepted eviction leaves the pod terminating: the kubelet ends it once its grace period (30 s in the scenario) has passed on the clock. */
  function advanceOnEviction(event: DrainEvent) {
    if (event.type === 'evicted') t.sandbox.world.advance(GRACE_MS);
  }
  const names = (pods: { namespace: string; name: string }[]) => pods.map((p) => `${p.namespace}/${p.name}`);

  it('drains a node that backend-app’s budget protects: the 429 shows as it happens, the rest are evicted, the node stays cordoned', async () => {
    const { status, events } = await drain('admin', BLOCKED_NODE, { deleteEmptyDirData: false, timeoutSeconds: 5 });
    expect(status).toBe(200);
    expect(events[0]).toEqual({ type: 'cordoned', node: BLOCKED_NODE });
    const plan = events[1] as Extract<DrainEvent, { type: 'plan' }>;
    expect(plan.type).toBe('plan');
    expect(names(plan.evict).sort()).toEqual(['eks-work/backend-app-854b86b8f8-d99b6', 'eks-work/pingpong-p6wmm', 'eks-work/postgres-0']);
    expect(names(plan.skipped).sort()).toEqual([
      'amazon-cloudwatch/cloudwatch-agent-njg5l',
      'amazon-cloudwatch/fluentd-cloudwatch-6wxjn',
      'kube-system/aws-node-fwslf',
      'kube-system/kube-proxy-gb9lz',
    ]);
    expect(events.find((e) => e.type === 'blocked')).toEqual({
      type: 'blocked',
      pod: { namespace: 'eks-work', name: 'backend-app-854b86b8f8-d99b6' },
      message: BUDGET_MESSAGE,
      // The disruption controller's status of pdb-backend-app: three expected pods, two ready, one unavailable allowed.
      causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget pdb-backend-app needs 2 healthy pods and has 2 currently' }],
      retryInSeconds: 5,
    });
    // Each evicted pod is waited for: the Job's pod is gone, the StatefulSet's postgres-0 comes back under its name with another uid.
    expect(events.filter((e) => e.type === 'terminated' || e.type === 'timedOut')).toEqual([
      {
        type: 'timedOut',
        pod: { namespace: 'eks-work', name: 'backend-app-854b86b8f8-d99b6' },
        message: 'error when evicting pods/"backend-app-854b86b8f8-d99b6" -n "eks-work": global timeout reached: 5s',
      },
      { type: 'terminated', pod: { namespace: 'eks-work', name: 'pingpong-p6wmm' }, replaced: false },
      { type: 'terminated', pod: { namespace: 'eks-work', name: 'postgres-0' }, replaced: true },
    ]);
    expect(events.at(-1)).toEqual({
      type: 'done',
      node: BLOCKED_NODE,
      evicted: [
        { namespace: 'eks-work', name: 'pingpong-p6wmm' },
        { namespace: 'eks-work', name: 'postgres-0' },
      ],
      remaining: [{ namespace: 'eks-work', name: 'backend-app-854b86b8f8-d99b6' }],
      result: 'notEvicted',
      message: `1 pod not evicted; node ${BLOCKED_NODE} stays cordoned`,
    });
    expect(node(BLOCKED_NODE).spec?.unschedulable).toBe(true);
    expect(t.sandbox.world.store.get('pods', 'eks-work', 'backend-app-854b86b8f8-d99b6')!.metadata.deletionTimestamp).toBeUndefined();

    const entries = (await listAudit({ cluster: CLUSTER, user: 'admin' }, { limit: 50 })).entries.filter((e) => e.name === BLOCKED_NODE || e.resource === 'pods');
    expect(entries.map((e) => [e.action, e.namespace, e.name, e.status]).sort()).toEqual([
      ['cordon', '', BLOCKED_NODE, 200],
      ['evict', 'eks-work', 'backend-app-854b86b8f8-d99b6', 429],
      ['evict', 'eks-work', 'pingpong-p6wmm', 201],
      ['evict', 'eks-work', 'postgres-0', 201],
    ]);
  });

  it('drains a node to the end: every pod but the DaemonSets’ evicted, the never-ready canary too while its budget is healthy', async () => {
    const { events } = await drain('admin', FREE_NODE, { deleteEmptyDirData: false, timeoutSeconds: 30 });
    expect(events.filter((e) => e.type === 'blocked' || e.type === 'failed')).toEqual([]);
    expect(events.at(-1)).toEqual({
      type: 'done',
      node: FREE_NODE,
      // With the pods scheduled here while the previous drain's clock ran: two more pingpong CronJob runs and postgres-0 again.
      evicted: [
        'eks-work/backend-app-canary-74ddc64f74-fnvsn',
        'eks-work/pingpong-29453761-7w4ll',
        'eks-work/pingpong-29453762-c842p',
        'eks-work/pingpong-29453763-jw5b9',
        'eks-work/pingpong-hwwbl',
        'eks-work/postgres-0',
        'eks-work/report-generator-manual-8xk2q-js24c',
        'eks-work/report-generator-manual-8xk2q-wglq6',
        'eks-work/report-generator-manual-8xk2q-zcj5v',
        'kube-system/coredns-69b6ff5744-zkwks',
        'rbac-test-ns/sample-app-796b5c5664-bnxw4',
      ].map((p) => ({ namespace: p.split('/')[0], name: p.split('/')[1] })),
      remaining: [],
      result: 'drained',
      message: `node ${FREE_NODE} drained; it stays cordoned until uncordoned`,
    });
    expect(node(FREE_NODE).spec?.unschedulable).toBe(true);
  });

  it('refuses as kubectl drain does per filter, then with --force evicts a pod no controller declares and waits until it is gone', async () => {
    const node = t.sandbox.world.store.list('nodes').find((n) => n.metadata.labels?.dedicated === 'true')!.metadata.name;
    const admin = kubeClient({ mode: 'token', token: t.token('admin') }, CLUSTER);
    const bare = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'true', effect: 'NoSchedule' }], containers: [{ name, image: 'busybox:1.36' }] },
    });
    // A bare pod with an emptyDir volume, bound to the dedicated node: no controller will recreate it.
    await admin.create(
      { group: '', version: 'v1', resource: 'pods', namespace: 'default' },
      {
        ...bare('scratch'),
        spec: {
          ...bare('scratch').spec,
          nodeName: node,
          containers: [{ name: 'scratch', image: 'busybox:1.36', volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    );
    t.sandbox.world.advance(5_000);
    const scratch = { namespace: 'default', name: 'scratch' };
    const refusals = async (body: Record<string, unknown>) => (await drain('admin', node, { timeoutSeconds: 5, ...body })).events.filter((e) => e.type === 'refused');
    // filters.go: daemonSetFilter comes first, then localStorageFilter, then unreplicatedFilter.
    const withDaemonSets = (await refusals({ deleteEmptyDirData: false, ignoreDaemonSets: false })) as Extract<DrainEvent, { type: 'refused' }>[];
    expect(withDaemonSets.map((r) => r.message).sort()).toEqual([
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override)',
    ]);
    const daemonSetPods = withDaemonSets.find((r) => r.message.includes('DaemonSet'))!;
    // Of the scenario's DaemonSets only the EKS add-ons tolerate the dedicated node's taint.
    expect(names(daemonSetPods.pods).map((p) => p.replace(/-[a-z0-9]{5}$/, ''))).toEqual(['kube-system/aws-node', 'kube-system/kube-proxy']);
    expect(await refusals({ deleteEmptyDirData: false })).toEqual([{ type: 'refused', message: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)', pods: [scratch] }]);
    expect(await refusals({ deleteEmptyDirData: true })).toEqual([{ type: 'refused', message: 'cannot delete Pods that declare no controller (use --force to override)', pods: [scratch] }]);
    expect(t.sandbox.world.store.get('pods', 'default', 'scratch')).toBeDefined();

    const { events } = await drain('admin', node, { deleteEmptyDirData: true, force: true, timeoutSeconds: 30 });
    expect((events[1] as Extract<DrainEvent, { type: 'plan' }>).warnings).toEqual([{ message: 'deleting Pods that declare no controller', pods: [scratch] }]);
    expect(events.filter((e) => 'pod' in e && (e.pod as { name: string }).name === 'scratch').map((e) => e.type)).toEqual(['evicting', 'evicted', 'terminated']);
    expect(events.find((e) => e.type === 'terminated')).toEqual({ type: 'terminated', pod: scratch, replaced: false });
    expect(events.at(-1)).toEqual({ type: 'done', node, evicted: [scratch], remaining: [], result: 'drained', message: `node ${node} drained; it stays cordoned until uncordoned` });
    expect(t.sandbox.world.store.get('pods', 'default', 'scratch')).toBeUndefined();

    // With the clock stopped the evicted pod stays terminating: the wait gives up at the timeout with kubectl's words.
    await admin.create({ group: '', version: 'v1', resource: 'pods', namespace: 'default' }, { ...bare('lingering'), spec: { ...bare('lingering').spec, nodeName: node } });
    t.sandbox.world.advance(5_000);
    const stopped = await drain('admin', node, { deleteEmptyDirData: false, force: true, timeoutSeconds: 5 }, () => {});
    expect(stopped.events.filter((e) => e.type === 'timedOut')).toEqual([
      { type: 'timedOut', pod: { namespace: 'default', name: 'lingering' }, message: 'error when waiting for pod "lingering" terminating: global timeout reached: 5s' },
    ]);
    expect(stopped.events.at(-1)).toEqual({
      type: 'done',
      node,
      evicted: [],
      remaining: [{ namespace: 'default', name: 'lingering' }],
      result: 'notEvicted',
      message: `1 pod not evicted; node ${node} stays cordoned`,
    });
    expect(t.sandbox.world.store.get('pods', 'default', 'lingering')!.metadata.deletionTimestamp).toBeDefined();
    await admin.patch({ group: '', version: 'v1', resource: 'nodes', name: node }, 'strategic', { spec: { unschedulable: null } });
  });

  it('uncordons, and refuses dev’s cordon with the API server’s 403 and the missing patch on nodes', async () => {
    const uncordoned = await callAs(t, 'admin', 'POST', `/api/v1/clusters/${CLUSTER}/nodes/${FREE_NODE}/uncordon`, uncordonRoute, params({ cluster: CLUSTER, name: FREE_NODE }), {});
    expect([uncordoned.status, uncordoned.body]).toEqual([200, { node: FREE_NODE, unschedulable: false }]);
    expect(node(FREE_NODE).spec?.unschedulable).toBeUndefined();

    const refused = await callAs(t, 'dev', 'POST', `/api/v1/clusters/${CLUSTER}/nodes/${FREE_NODE}/cordon`, cordonRoute, params({ cluster: CLUSTER, name: FREE_NODE }), {});
    expect(refused.status).toBe(403);
    expect(refused.body.missing).toEqual({ verb: 'patch', resource: 'nodes', subresource: '', group: '', namespace: '', name: FREE_NODE });
    const drained = await drain('dev', FREE_NODE, { deleteEmptyDirData: false, timeoutSeconds: 5 });
    expect(drained.status).toBe(403);
    expect(node(FREE_NODE).spec?.unschedulable).toBeUndefined();
  });
});
