import { describe, expect, it } from 'vitest';
import { podStatus } from '@/lib/k8s/pod-status';
import type { KubeObject } from '../kube/store';
import { createWorld } from './index';
import type { World } from './world';

function statusOf(world: World, namespace: string, prefix: string): string[] {
  return world.store
    .list('pods', namespace)
    .filter((p) => p.metadata.name.startsWith(prefix))
    .map((p) => podStatus(p as never, world.now()).status);
}

function scheduled(pod: KubeObject) {
  return pod.status.conditions?.find((c: { type: string }) => c.type === 'PodScheduled');
}

describe('default scenario', () => {
  // One world for the whole file: 12 simulated minutes of the cluster from the operations notes.
  const world = createWorld({ mode: 'manual', seed: 1 });
  // Every STATUS the canary's pod showed, as `kubectl get pods -w` would have printed them.
  const canary = new Set<string>();
  world.store.subscribe((e) => {
    if (e.resource === 'pods' && e.object.metadata.name.startsWith('backend-app-canary-')) canary.add(podStatus(e.object as never, world.now()).status);
  });
  world.start();
  world.advance(6 * 60_000);

  it('has the cluster, namespaces and nodes of the notes', () => {
    expect(world.store.list('namespaces').map((n) => n.metadata.name)).toEqual(['amazon-cloudwatch', 'default', 'eks-work', 'kube-node-lease', 'kube-public', 'kube-system', 'rbac-test-ns']);
    const nodes = world.store.list('nodes');
    expect(nodes.map((n) => n.metadata.labels!['topology.kubernetes.io/zone']).sort()).toEqual(['ap-northeast-2a', 'ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c']);
    expect(nodes.filter((n) => n.spec.taints).map((n) => n.spec.taints)).toEqual([[{ key: 'dedicated', value: 'true', effect: 'NoSchedule' }]]);
    // The ServiceAccount controller gives every namespace its "default" ServiceAccount.
    for (const ns of ['default', 'eks-work', 'rbac-test-ns']) {
      expect(world.store.get('serviceaccounts', ns, 'default')).toMatchObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
    }
    expect(world.store.get('services', 'default', 'kubernetes')!.spec.clusterIP).toBe('10.100.0.1');
    expect(world.store.get('endpoints', 'default', 'kubernetes')!.subsets[0].ports).toEqual([{ name: 'https', port: 443, protocol: 'TCP' }]);
  });

  it('backend-app is available behind its Service', () => {
    const d = world.store.get('apps/deployments', 'eks-work', 'backend-app')!;
    const available = d.status.conditions.find((c: { type: string }) => c.type === 'Available');
    expect(available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(d.status.availableReplicas).toBe(d.spec.replicas);
    const ep = world.store.get('endpoints', 'eks-work', 'backend-app-service')!;
    // The canary is in the Service too, but never ready.
    expect(ep.subsets[0].addresses).toHaveLength(d.spec.replicas);
    expect(ep.subsets[0].notReadyAddresses).toHaveLength(1);
  });

  it('the canary crash-loops, the bad tag cannot be pulled, the report job is OOMKilled', () => {
    expect([...canary].sort()).toEqual(['ContainerCreating', 'CrashLoopBackOff', 'Error', 'Pending', 'Running']);
    const [pod] = world.store.list('pods', 'eks-work').filter((p) => p.metadata.name.startsWith('backend-app-canary-'));
    // Seed 7's count after six simulated minutes; the kubelet doubles the back-off from 10 s, so restarts thin out (10, 20, 40, 80, 160 s).
    expect(pod.status.containerStatuses[0].restartCount).toBe(6);
    expect(pod.status.containerStatuses[0].lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });
    expect(statusOf(world, 'eks-work', 'frontend-web-')).toEqual(['ImagePullBackOff']);
    expect(statusOf(world, 'eks-work', 'report-generator-manual-')).toEqual(['OOMKilled', 'OOMKilled', 'OOMKilled']);
    const job = world.store.get('batch/jobs', 'eks-work', 'report-generator-manual-8xk2q')!;
    expect(job.status.conditions.map((c: { type: string; reason: string }) => `${c.type} ${c.reason}`)).toEqual(['FailureTarget BackoffLimitExceeded', 'Failed BackoffLimitExceeded']);
  });

  it('pods wait Pending for CPU and for the dedicated taint, with the scheduler saying why', () => {
    const cpu = world.store.list('pods', 'eks-work').find((p) => p.metadata.name.startsWith('batch-analytics-'))!;
    expect(podStatus(cpu as never, world.now()).status).toBe('Pending');
    expect(scheduled(cpu)).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(scheduled(cpu).message).toContain('3 Insufficient cpu');
    const taint = world.store.list('pods', 'eks-work').find((p) => p.metadata.name.startsWith('dedicated-worker-'))!;
    expect(scheduled(taint).message).toContain('1 node(s) had untolerated taint {dedicated: true}');
  });

  it('pingpong completes with 3 parallel pods, its CronJob runs every minute, postgres-0 runs', () => {
    expect(world.store.get('batch/jobs', 'eks-work', 'pingpong')!.status).toMatchObject({ succeeded: 3 });
    const cronJobs = world.store.list('batch/jobs', 'eks-work').filter((j) => j.metadata.ownerReferences?.[0]?.name === 'pingpong');
    // One Job a minute, named by its scheduled minute since the epoch; successfulJobsHistoryLimit 3 (scenario.ts) keeps the last three.
    expect(cronJobs.map((j) => [j.metadata.name, j.status.succeeded])).toEqual([
      ['pingpong-29453763', 1],
      ['pingpong-29453764', 1],
      ['pingpong-29453765', 1],
    ]);
    expect(world.store.get('batch/cronjobs', 'eks-work', 'pingpong')!.status.lastScheduleTime).toBe('2026-01-01T00:05:00Z');
    expect(statusOf(world, 'eks-work', 'postgres-')).toEqual(['Running']);
  });

  it('DaemonSets cover the nodes they tolerate', () => {
    const ds = (ns: string, name: string) => world.store.get('apps/daemonsets', ns, name)!.status;
    expect(ds('kube-system', 'aws-node')).toMatchObject({ desiredNumberScheduled: 4, numberReady: 4 });
    expect(ds('amazon-cloudwatch', 'fluentd-cloudwatch')).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
  });

  it('the HPA scales backend-app out as the load rises', () => {
    world.advance(6 * 60_000);
    const hpa = world.store.get('autoscaling/horizontalpodautoscalers', 'eks-work', 'backend-app')!;
    // Seed 7's load outgrows 10 replicas: the HPA climbs from minReplicas 2 to maxReplicas 10 (scenario.ts), one pod per rescale here.
    expect(hpa.status.currentReplicas).toBe(10);
    const rescales = world.store.list('events', 'eks-work').filter((e) => e.reason === 'SuccessfulRescale');
    expect(rescales.map((e) => e.message)).toEqual([3, 4, 5, 6, 7, 8, 9, 10].map((n) => `New size: ${n}; reason: cpu resource utilization (percentage of request) above target`));
  });

  it('is the same cluster for the same seed', () => {
    const again = createWorld({ mode: 'manual', seed: 1 });
    again.start();
    again.advance(12 * 60_000);
    const names = (w: World) => w.store.list('pods').map((p) => p.metadata.name);
    expect(names(again)).toEqual(names(world));
  });
});
