import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { GET as podRoute } from './route';
import { GET as eventsRoute } from './events/route';
import { GET as nodesRoute } from '../../../../nodes/route';
import { GET as nodeRoute } from '../../../../nodes/[name]/route';

describe('a pod, its events and the nodes against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    // Eight simulated minutes in: the canary is in its crash back-off.
    t = await startSandboxConsole({ advanceMs: 8 * 60_000 });
  }, 60_000);
  afterAll(async () => t?.close());
  const podName = (prefix: string, ns = 'eks-work') => t.sandbox.world.store.list('pods', ns).find((p) => p.metadata.name.startsWith(prefix))!.metadata.name;
  const get = async (user: 'admin' | 'dev', namespace: string, name: string) => {
    const response = await podRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/namespaces/${namespace}/pods/${name}`), params({ cluster: CLUSTER, namespace, name }));
    return { status: response.status, body: await response.json() };
  };

  it('resolves the owner chain Pod → ReplicaSet → Deployment and Pod → Job → CronJob', async () => {
    const canary = await get('admin', 'eks-work', podName('backend-app-canary-'));
    const rs = canary.body.row.ownerName;
    expect(canary.body.owners).toEqual([
      { kind: 'ReplicaSet', name: rs, apiVersion: 'apps/v1' },
      { kind: 'Deployment', name: 'backend-app-canary', apiVersion: 'apps/v1' },
    ]);
    const cronPod = t.sandbox.world.store.list('pods', 'eks-work').find((p) => /^pingpong-\d+-/.test(p.metadata.name))!;
    const job = cronPod.metadata.ownerReferences![0].name;
    expect((await get('admin', 'eks-work', cronPod.metadata.name)).body.owners).toEqual([
      { kind: 'Job', name: job, apiVersion: 'batch/v1' },
      { kind: 'CronJob', name: 'pingpong', apiVersion: 'batch/v1' },
    ]);
  });

  it('shows the crash-looping container waiting in back-off with its last run terminated with exit code 1', async () => {
    const { body } = await get('admin', 'eks-work', podName('backend-app-canary-'));
    expect(body.phase).toBe('Running');
    expect(body.qosClass).toBe('Burstable');
    expect(body.row.status).toBe('CrashLoopBackOff');
    const [container] = body.containers;
    expect(container).toMatchObject({
      name: 'backend-app',
      type: 'app',
      image: '566620743708.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:1.5.0',
      ready: false,
      restarts: 6,
      state: { state: 'waiting', reason: 'CrashLoopBackOff' },
      lastState: { state: 'terminated', reason: 'Error', exitCode: 1 },
      ports: ['8080/TCP (http)'],
      probes: {
        liveness: 'http-get http://:8080/health delay=30s timeout=1s period=10s #success=1 #failure=3',
        readiness: 'http-get http://:8080/health delay=10s timeout=1s period=5s #success=1 #failure=3',
      },
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
    expect(body.events.data[0]).toMatchObject({ type: 'Warning', reason: 'BackOff', from: 'kubelet', fieldPath: 'spec.containers{backend-app}' });
    const seen = body.events.data.map((e: { lastSeen: string }) => e.lastSeen);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('gives a running pod its usage from metrics.k8s.io and its YAML without managedFields', async () => {
    const name = podName('postgres-0');
    const { body } = await get('admin', 'eks-work', name);
    expect(body.usage).toEqual({ data: { timestamp: expect.any(String), window: expect.any(String) } });
    expect(body.containers[0].usage.cpuMillicores).toBeGreaterThan(0);
    const object = parse(body.yaml);
    expect(object.metadata.name).toBe('postgres-0');
    expect(object.metadata.managedFields).toBeUndefined();
    expect(object.spec.containers[0].name).toBe('postgres');
  });

  it('says why there is no usage for a pod metrics-server does not report', async () => {
    const { body } = await get('admin', 'eks-work', podName('dedicated-worker-'));
    expect(body.usage.error).toMatchObject({ kind: 'Status', status: { code: 404, reason: 'NotFound' } });
  });

  it("explains the Pending pod meant for the dedicated node: the untolerated taint and the selector, with each node's room", async () => {
    const { body } = await get('admin', 'eks-work', podName('dedicated-worker-'));
    const message =
      "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: true}, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
    expect(body.pending.scheduled).toEqual({ status: 'False', reason: 'Unschedulable', message, lastTransitionTime: '2026-01-01T00:00:00Z', parsed: body.pending.failedScheduling.parsed });
    expect(body.pending.failedScheduling.message).toBe(message);
    expect(body.pending.failedScheduling.parsed.reasons).toEqual([
      { count: 1, reason: 'node(s) had untolerated taint {dedicated: true}', kind: 'taint', taint: 'dedicated: true' },
      { count: 3, reason: "node(s) didn't match Pod's node affinity/selector", kind: 'affinity' },
    ]);
    expect(body.pending.requests).toEqual({ cpu: '200m', memory: '128Mi', cpuMillicores: 200, memoryBytes: 134217728 });
    const nodes = body.pending.nodes.data.nodes;
    expect(nodes).toHaveLength(4);
    expect(nodes.filter((n: { taints: unknown[] }) => n.taints.length).map((n: { taints: unknown[] }) => n.taints)).toEqual([[{ key: 'dedicated', value: 'true', effect: 'NoSchedule' }]]);
  });

  it('explains the Pending pod that asks for more CPU than any node has free', async () => {
    const { body } = await get('admin', 'eks-work', podName('batch-analytics-'));
    expect(body.pending.failedScheduling.parsed.reasons).toContainEqual({ count: 3, reason: 'Insufficient cpu', kind: 'insufficient', resource: 'cpu' });
    expect(body.pending.requests.cpuMillicores).toBe(3000);
    const { largestFree, nodes } = body.pending.nodes.data;
    expect(largestFree.cpu.cpuMillicores).toBeLessThan(3000);
    expect(nodes.every((n: { fits: boolean }) => n.fits === false)).toBe(true);
  });

  it('tells dev they may not see eks-work pods with the API server 403, and lets them read their own', async () => {
    const denied = await get('dev', 'eks-work', podName('postgres-0'));
    expect(denied.status).toBe(403);
    expect(denied.body.error.status).toMatchObject({
      reason: 'Forbidden',
      code: 403,
      message: 'pods "postgres-0" is forbidden: User "dev" cannot get resource "pods" in API group "" in the namespace "eks-work"',
    });
    const own = await get('dev', 'rbac-test-ns', podName('sample-app-', 'rbac-test-ns'));
    expect(own.status).toBe(200);
    expect(own.body.owners.map((o: { kind: string }) => o.kind)).toEqual(['ReplicaSet', 'Deployment']);
  });

  it("lists a pod's events newest first", async () => {
    const name = podName('dedicated-worker-');
    const response = await eventsRoute(t.request('admin', `/api/v1/clusters/${CLUSTER}/namespaces/eks-work/pods/${name}/events`), params({ cluster: CLUSTER, namespace: 'eks-work', name }));
    const { items } = await response.json();
    expect(items.map((e: { reason: string; from: string; object: string }) => [e.reason, e.from, e.object])).toEqual([['FailedScheduling', 'default-scheduler', `Pod/${name}`]]);
  });

  it('lists nodes as kubectl does, with requests summed from their pods, and refuses dev with the 403', async () => {
    const response = await nodesRoute(t.request('admin', `/api/v1/clusters/${CLUSTER}/nodes`), params({ cluster: CLUSTER }));
    const body = await response.json();
    expect(body.items).toHaveLength(4);
    expect(body.allocated).toEqual({ data: true });
    expect(body.usage).toEqual({ data: true });
    const dedicated = body.items.find((n: { taints: unknown[] }) => n.taints.length > 0);
    expect(dedicated).toMatchObject({
      status: 'Ready',
      roles: '<none>',
      instanceType: 'm5.large',
      zone: 'ap-northeast-2a',
      version: 'v1.32.9-eks-113cf36',
      allocatable: { cpu: '1930m', memory: '7220172Ki', pods: 29 },
    });
    // The two DaemonSet pods that tolerate everything: aws-node 25m and kube-proxy 100m.
    expect(dedicated.allocated.requests).toMatchObject({ cpu: '125m', cpuMillicores: 125 });
    const denied = await nodesRoute(t.request('dev', `/api/v1/clusters/${CLUSTER}/nodes`), params({ cluster: CLUSTER }));
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.message).toBe('nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope');
  });

  it('shows one node with the pods on it', async () => {
    const name = t.sandbox.world.store.list('nodes').find((n) => n.spec.taints)!.metadata.name;
    const response = await nodeRoute(t.request('admin', `/api/v1/clusters/${CLUSTER}/nodes/${name}`), params({ cluster: CLUSTER, name }));
    const body = await response.json();
    expect(body.node.name).toBe(name);
    expect(body.pods.data.map((p: { namespace: string; ownerKind: string }) => [p.namespace, p.ownerKind]).sort()).toEqual([
      ['kube-system', 'DaemonSet'],
      ['kube-system', 'DaemonSet'],
    ]);
  });

  // Last: it adds a claim and a pod to the world the tests above read.
  it('explains a pod Pending on a claim that no provisioner binds', async () => {
    const { store } = t.sandbox.world;
    store.create('storage.k8s.io/storageclasses', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'efs-sc' },
      provisioner: 'efs.csi.aws.com',
      volumeBindingMode: 'Immediate',
    } as never);
    store.create('persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'report-archive', namespace: 'eks-work' },
      spec: { accessModes: ['ReadWriteMany'], storageClassName: 'efs-sc', resources: { requests: { storage: '5Gi' } } },
      status: { phase: 'Pending' },
    } as never);
    store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'report-archive', namespace: 'eks-work' },
      spec: {
        volumes: [{ name: 'archive', persistentVolumeClaim: { claimName: 'report-archive' } }],
        containers: [{ name: 'archiver', image: 'busybox:1.36', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
      },
    } as never);
    t.sandbox.world.advance(1_000);
    const { body } = await get('admin', 'eks-work', 'report-archive');
    const nodes = store.list('nodes').length;
    expect(body.row.status).toBe('Pending');
    expect(body.pending.failedScheduling.message).toBe(
      `0/${nodes} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`,
    );
    expect(body.pending.failedScheduling.parsed.reasons).toEqual([{ count: nodes, reason: 'pod has unbound immediate PersistentVolumeClaims', kind: 'volume', unboundClaims: true }]);
    expect(body.pending.claims).toEqual([{ name: 'report-archive', phase: 'Pending', storageClass: 'efs-sc', requested: '5Gi' }]);
    // A pod whose claim does not exist: the claim's row carries the API server's 404.
    store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'no-claim', namespace: 'eks-work' },
      spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'gone' } }], containers: [{ name: 'app', image: 'busybox:1.36' }] },
    } as never);
    t.sandbox.world.advance(1_000);
    const missing = await get('admin', 'eks-work', 'no-claim');
    expect(missing.body.pending.failedScheduling.message).toContain('persistentvolumeclaim "gone" not found');
    expect(missing.body.pending.claims).toEqual([
      { name: 'gone', error: expect.objectContaining({ message: 'persistentvolumeclaims "gone" not found', status: expect.objectContaining({ code: 404, reason: 'NotFound' }) }) },
    ]);
  });
});
