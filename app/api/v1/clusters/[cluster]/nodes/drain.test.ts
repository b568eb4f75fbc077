import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '@/server/audit/trail';
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

describe('cordon, uncordon and drain through the console API, against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 2 * 60_000 });
  }, 180_000);
  afterAll(async () => t?.close());

  const node = (name: string) => t.sandbox.world.store.get('nodes', undefined, name)!;
  const drain = async (user: SandboxUserName, name: string, body: unknown): Promise<{ status: number; events: (DrainEvent & Record<string, unknown>)[] }> => {
    const request = t.request(user, `/api/v1/clusters/${CLUSTER}/nodes/${name}/drain`, { 'content-type': 'application/json' });
    const response = await drainRoute(new Request(request, { method: 'POST', body: JSON.stringify(body) }), params({ cluster: CLUSTER, name }));
    const text = await response.text();
    if (response.status !== 200) return { status: response.status, events: [JSON.parse(text)] };
    return {
      status: 200,
      events: text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    };
  };
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
    expect(events.at(-1)).toEqual({
      type: 'done',
      node: BLOCKED_NODE,
      evicted: [
        { namespace: 'eks-work', name: 'pingpong-p6wmm' },
        { namespace: 'eks-work', name: 'postgres-0' },
      ],
      remaining: [{ namespace: 'eks-work', name: 'backend-app-854b86b8f8-d99b6' }],
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
      evicted: [
        'eks-work/backend-app-canary-74ddc64f74-fnvsn',
        'eks-work/pingpong-29453761-7w4ll',
        'eks-work/pingpong-hwwbl',
        'eks-work/report-generator-manual-8xk2q-js24c',
        'eks-work/report-generator-manual-8xk2q-wglq6',
        'eks-work/report-generator-manual-8xk2q-zcj5v',
        'kube-system/coredns-69b6ff5744-zkwks',
        'rbac-test-ns/sample-app-796b5c5664-bnxw4',
      ].map((p) => ({ namespace: p.split('/')[0], name: p.split('/')[1] })),
      remaining: [],
      message: `node ${FREE_NODE} drained; it stays cordoned until uncordoned`,
    });
    expect(node(FREE_NODE).spec?.unschedulable).toBe(true);
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
