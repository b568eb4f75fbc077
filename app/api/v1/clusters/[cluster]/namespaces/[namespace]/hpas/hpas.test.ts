import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureRecorderAccount, requestRecorderToken } from '@/sandbox/world/controllers/hpa-recorder-account';
import { setHpaClock } from '@/server/hpa/clock';
import { recordCluster } from '@/server/hpa/recorder';
import { kubeClient } from '@/server/k8s/client';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { GET as allHpasRoute } from '../../../hpas/route';
import { GET as historyRoute } from './[name]/history/route';
import { GET as hpaRoute } from './[name]/route';
import { GET as listRoute } from './route';

vi.hoisted(() => {
  // The test records each sync itself; the console's own recorder would add samples, and create its Lease (a uid from the
  // seeded world's stream, changing later pods'), at whatever moment it wins the election.
  process.env.WATCHDECK_HPA_RECORDER = 'off';
});

const NS = 'eks-work';
const START = Date.parse('2026-01-01T00:00:00Z');

describe('HPAs against the sandbox while backend-app load rises and falls', () => {
  let t: SandboxConsole;
  let recorderToken: string;
  /** Per controller sync: what the page predicted a millisecond before, and what the controller then did. */
  const syncs: { at: number; predicted: number; outcome: string; controller: number; proposed?: number }[] = [];

  const json = async (response: Response) => ({ status: response.status, body: await response.json() });
  const detail = (user: 'admin' | 'oncall' | 'dev', query = '') =>
    hpaRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/namespaces/${NS}/hpas/backend-app${query}`), params({ cluster: CLUSTER, namespace: NS, name: 'backend-app' })).then(json);
  const deploymentReplicas = () => t.sandbox.world.store.get('apps/deployments', NS, 'backend-app')!.spec!.replicas as number;

  beforeAll(async () => {
    t = await startSandboxConsole();
    setHpaClock(() => t.sandbox.world.nowMs());
    ensureRecorderAccount(t.sandbox.world.store);
    recorderToken = await requestRecorderToken(t.sandbox.url, t.sandbox.caData, t.token('admin'));
    const recorder = kubeClient({ mode: 'token', token: recorderToken }, CLUSTER);
    // The HPA recreated half a metrics resolution after the scenario's start, so each sync falls between two scrapes
    // and the page a millisecond before a sync sees the metrics the controller will.
    t.sandbox.world.advance(7_500);
    const original = t.sandbox.world.store.delete('autoscaling/horizontalpodautoscalers', NS, 'backend-app');
    t.sandbox.world.store.create('autoscaling/horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'backend-app', namespace: NS },
      spec: original.spec,
      status: { currentReplicas: 0, desiredReplicas: 0 },
    });
    // 27 minutes of 15 s syncs: the rise to the peak at 15 min and the start of the fall.
    for (let at = 22_500; at <= 27 * 60_000; at += 15_000) {
      t.sandbox.world.advance(at - 1 - (t.sandbox.world.nowMs() - START));
      await recordCluster(recorder);
      const { body } = await detail('admin');
      t.sandbox.world.advance(1);
      const e = body.explanation.data;
      syncs.push({ at, predicted: e.desiredReplicas, outcome: e.outcome, controller: deploymentReplicas(), proposed: e.proposedReplicas });
    }
  }, 240_000);
  afterAll(async () => {
    setHpaClock(undefined);
    await t?.close();
  });

  it("the explanation's desired replicas is the controller's next decision at every sync", () => {
    const mismatches = syncs.filter((s) => s.predicted !== s.controller);
    expect(mismatches).toEqual([]);
    expect(syncs.length).toBe(107);
  });

  it('explains the scale-out, the hold at maxReplicas and the scale-down stabilization window in one sentence each', () => {
    const outcome = (seconds: number) => syncs.find((s) => s.at === seconds * 1000)?.outcome;
    expect([Math.min(...syncs.map((s) => s.controller)), Math.max(...syncs.map((s) => s.controller))]).toEqual([2, 10]);
    expect(outcome(172.5)).toBe('wants 3 replicas: scales from 2 to 3');
    expect(outcome(562.5)).toBe('wants 10 replicas: scales from 8 to 10');
    expect(outcome(727.5)).toBe('wants 11 replicas; held at 10 by maxReplicas (10)');
    expect(outcome(1282.5)).toBe('wants 8 replicas; held at 10 by the scale-down stabilization window until 00:22:07 (it holds 13, capped by maxReplicas (10))');
    expect(outcome(1522.5)).toBe('wants 4 replicas; held at 10 by the scale-down stabilization window until 00:26:07');
    expect(outcome(1582.5)).toBe('wants 3 replicas; held at 8 by the scale-down stabilization window until 00:27:07: scales from 10 to 8');
  });

  it('lists backend-app as kubectl get hpa does, in the namespace and across namespaces', async () => {
    const { status, body } = await json(await listRoute(t.request('admin', `/api/v1/clusters/${CLUSTER}/namespaces/${NS}/hpas`), params({ cluster: CLUSTER, namespace: NS })));
    expect(status).toBe(200);
    const row = body.items.find((r: { name: string }) => r.name === 'backend-app');
    const hpa = t.sandbox.world.store.get('autoscaling/horizontalpodautoscalers', NS, 'backend-app')!;
    expect(row.targets).toBe(`cpu: ${hpa.status!.currentMetrics[0].resource.current.averageUtilization}%/50%`);
    expect([row.minReplicas, row.maxReplicas, row.currentReplicas]).toEqual([2, 10, hpa.status!.currentReplicas]);
    expect(row.reference).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend-app' });
    expect(row.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`).sort()).toEqual(['AbleToScale=True', 'ScalingActive=True', 'ScalingLimited=False']);
    const all = await json(await allHpasRoute(t.request('oncall', `/api/v1/clusters/${CLUSTER}/hpas`), params({ cluster: CLUSTER })));
    expect(all.status).toBe(200);
    expect(all.body.items.map((r: { namespace: string; name: string }) => `${r.namespace}/${r.name}`)).toContain('eks-work/backend-app');
  });

  it('history returns the recorded samples with the SuccessfulRescale events in range', async () => {
    const from = new Date(START).toISOString();
    const to = new Date(t.sandbox.world.nowMs()).toISOString();
    const url = `/api/v1/clusters/${CLUSTER}/namespaces/${NS}/hpas/backend-app/history?from=${from}&to=${to}`;
    const { status, body } = await json(await historyRoute(t.request('oncall', url), params({ cluster: CLUSTER, namespace: NS, name: 'backend-app' })));
    expect(status).toBe(200);
    expect(body.samples.length).toBe(syncs.length);
    expect(body.samples[0]).toMatchObject({ at: '2026-01-01T00:00:22.499Z', minReplicas: 2, maxReplicas: 10 });
    expect(body.samples.map((s: { currentReplicas: number }) => s.currentReplicas)).toEqual(syncs.map((s, i) => (i === 0 ? 2 : syncs[i - 1].controller)));
    const rescales = body.events.data.filter((e: { reason: string }) => e.reason === 'SuccessfulRescale');
    // Seed 7's load in this range: out one pod at a time to 8, then to maxReplicas 10, then back in to 8 as the load eases.
    const above = (n: number) => `New size: ${n}; reason: cpu resource utilization (percentage of request) above target`;
    expect(rescales.map((e: { message: string }) => e.message)).toEqual([...[3, 4, 5, 6, 7, 8, 10].map(above), 'New size: 8; reason: All metrics below target']);
  });

  it('dev may not get the eks-work HPA: its history answers the API server\u2019s 403 and no samples', async () => {
    const url = `/api/v1/clusters/${CLUSTER}/namespaces/${NS}/hpas/backend-app/history`;
    const { status, body } = await json(await historyRoute(t.request('dev', url), params({ cluster: CLUSTER, namespace: NS, name: 'backend-app' })));
    expect(status).toBe(403);
    expect([body.error.kind, body.error.status.reason]).toEqual(['Status', 'Forbidden']);
    expect(body.error.message).toBe(
      'horizontalpodautoscalers.autoscaling "backend-app" is forbidden: User "dev" cannot get resource "horizontalpodautoscalers" in API group "autoscaling" in the namespace "eks-work"',
    );
    expect(body.samples).toBeUndefined();
  });

  it('what-if: a lower target reruns the calculator over the same pods, and a max below the current count is the out-of-range rule; nothing is written', async () => {
    const before = JSON.stringify(t.sandbox.world.store.get('autoscaling/horizontalpodautoscalers', NS, 'backend-app')!.spec);
    const lower = await detail('admin', '?targetUtilization=20&maxReplicas=30');
    expect(lower.status).toBe(200);
    const actual = lower.body.explanation.data.metrics[0];
    const w = lower.body.whatIf.data;
    expect([w.maxReplicas, w.metrics[0].target, w.metrics[0].current]).toEqual([30, '20%', actual.current]);
    expect(w.metrics[0].proposedReplicas).toBe(Math.ceil((parseInt(actual.current, 10) / 20) * actual.readyPods));
    const below = await detail('admin', '?maxReplicas=3');
    expect(below.body.whatIf.data.outcome).toBe(`has ${deploymentReplicas()} replicas, above maxReplicas 3: scales down to 3 without looking at metrics`);
    expect(JSON.stringify(t.sandbox.world.store.get('autoscaling/horizontalpodautoscalers', NS, 'backend-app')!.spec)).toBe(before);
  });

  it("oncall reads pod metrics through view, as metrics-server's aggregated reader grants; without them the explanation is the 403 and the rest of the page still answers", async () => {
    expect((await detail('oncall')).body.explanation.data.desiredReplicas).toBe(deploymentReplicas());
    const reader = t.sandbox.world.store.delete('rbac.authorization.k8s.io/clusterroles', undefined, 'system:aggregated-metrics-reader');
    try {
      const { status, body } = await detail('oncall');
      expect(status).toBe(200);
      expect(body.explanation.error.status.reason).toBe('Forbidden');
      expect(body.explanation.error.message).toBe('pods.metrics.k8s.io is forbidden: User "oncall" cannot list resource "pods" in API group "metrics.k8s.io" in the namespace "eks-work"');
      expect(body.hpa.name).toBe('backend-app');
      const stable = t.sandbox.world.store.list('pods', NS).filter((p) => p.metadata.labels?.app === 'backend-app' && p.metadata.labels?.track === 'stable');
      expect(body.pods.data.map((p: { name: string }) => p.name).sort()).toEqual(stable.map((p) => p.metadata.name).sort());
    } finally {
      const { metadata, ...rest } = reader;
      t.sandbox.world.store.create('rbac.authorization.k8s.io/clusterroles', { ...rest, metadata: { name: metadata.name, labels: metadata.labels } });
    }
  });

  it('rejects a what-if whose min exceeds its max, and a history range that ends before it starts', async () => {
    const bad = await detail('oncall', '?minReplicas=5&maxReplicas=3');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('invalid what-if: minReplicas must not exceed maxReplicas');
    const url = `/api/v1/clusters/${CLUSTER}/namespaces/${NS}/hpas/backend-app/history?from=2026-01-01T01:00:00Z&to=2026-01-01T00:00:00Z`;
    const range = await json(await historyRoute(t.request('oncall', url), params({ cluster: CLUSTER, namespace: NS, name: 'backend-app' })));
    expect(range.status).toBe(400);
    expect(range.body.error.message).toBe('from must be before to');
  });

  it('an HPA created through autoscaling/v1 is listed through v2 with its CPU target', async () => {
    const admin = kubeClient({ mode: 'token', token: t.token('admin') }, CLUSTER);
    await admin.create(
      { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', namespace: NS },
      {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'canary-v1' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend-app-canary' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 70 },
      },
    );
    const { body } = await json(await listRoute(t.request('admin', `/api/v1/clusters/${CLUSTER}/namespaces/${NS}/hpas`), params({ cluster: CLUSTER, namespace: NS })));
    const row = body.items.find((r: { name: string }) => r.name === 'canary-v1');
    expect([row.targets, row.minReplicas, row.maxReplicas, row.reference.name]).toEqual(['cpu: <unknown>/70%', 1, 3, 'backend-app-canary']);
  });

  it('says so when the HPA wants more pods than the nodes fit, naming the Pending pods and the Cluster Autoscaler', async () => {
    t.sandbox.world.store.mutate('autoscaling/horizontalpodautoscalers', NS, 'backend-app', (h) => {
      h.spec = { ...h.spec, minReplicas: 40, maxReplicas: 40 };
    });
    t.sandbox.world.store.mutate('apps/deployments', NS, 'backend-app', (d) => {
      d.spec = { ...d.spec, replicas: 40 };
    });
    // Long enough for the scheduler to give up on the pods that do not fit, short of the HPA's next sync.
    t.sandbox.world.advance(10_000);
    const { body } = await detail('admin');
    const pending = t.sandbox.world.store
      .list('pods', NS)
      .filter(
        (p) =>
          p.metadata.labels?.track === 'stable' &&
          p.status?.phase === 'Pending' &&
          p.status?.conditions?.some((c: { type: string; reason?: string }) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'),
      );
    // 40 wanted, and seed 7's nodes have cpu requests free for 13 of them: 27 wait Pending.
    expect([pending.length, body.pods.data.length]).toEqual([27, 40]);
    expect(body.capacity.pods.map((p: { name: string }) => p.name).sort()).toEqual(pending.map((p) => p.metadata.name).sort());
    expect(body.capacity.pods[0].resources).toEqual(['cpu']);
    expect(body.capacity.message).toBe(
      `The HPA wants 40 replicas but ${pending.length} pods cannot be scheduled: no node has enough requested cpu free, so ${body.pods.data.length - pending.length} of them run. ` +
        'Nodes must be added for them: the Cluster Autoscaler adds nodes when pods stay Pending for lack of CPU or memory, judging by the pods\u2019 requests, not their usage.',
    );
  });
});
