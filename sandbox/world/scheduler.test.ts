import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/store';
import { addNode, createNodeLifecycle } from './nodes';
import { createScheduler, fitErrorMessage, podRequests } from './scheduler';
import { World } from './world';

function pod(name: string, spec: Record<string, unknown> = {}, cpu = '100m'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'eks-work', uid: '', resourceVersion: '', creationTimestamp: '' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu, memory: '64Mi' } } }], ...spec },
    status: { phase: 'Pending' },
  };
}

function create(world: World, p: KubeObject): void {
  world.store.create('pods', { ...p, metadata: { name: p.metadata.name, namespace: p.metadata.namespace } });
}

function events(world: World, name: string, reason: string): string[] {
  return world.store
    .list('events', 'eks-work')
    .filter((e) => e.involvedObject.name === name && e.reason === reason)
    .map((e) => e.message);
}

const nodeNames = (world: World) => world.store.list('nodes').map((n) => n.metadata.name);
const nodeOf = (world: World, name: string) => world.store.get('pods', 'eks-work', name)!.spec.nodeName;

function newWorld(nodes: Parameters<typeof addNode>[1][]): World {
  const world = new World({ mode: 'manual', seed: 7 });
  for (const spec of nodes) addNode(world, { events: false, ...spec });
  world.add(createNodeLifecycle(), createScheduler());
  return world;
}

describe('scheduler', () => {
  it('words a cpu and taint mix exactly as the v1.32 scheduler', () => {
    const world = newWorld([{ taints: [{ key: 'dedicated', value: 'true', effect: 'NoSchedule' }] }, {}, {}]).start();
    create(world, pod('big', {}, '3'));
    world.advance(1);
    expect(events(world, 'big', 'FailedScheduling')).toEqual([
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: true}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    ]);
    const cond = world.store.get('pods', 'eks-work', 'big')!.status.conditions[0];
    expect(cond).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: events(world, 'big', 'FailedScheduling')[0] });
  });

  it('reports selector mismatches, unschedulable nodes and pod counts', () => {
    const world = newWorld([{ labels: { disktype: 'ssd' } }, { unschedulable: true }, { instanceType: 't3.medium' }]).start();
    create(world, pod('picky', { nodeSelector: { disktype: 'hdd' } }));
    world.advance(1);
    expect(events(world, 'picky', 'FailedScheduling')).toEqual([
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    ]);
  });

  it('matches required node affinity expressions', () => {
    const world = newWorld([{ zone: 'ap-northeast-2a' }, { zone: 'ap-northeast-2c', labels: { tier: '3' } }]).start();
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['ap-northeast-2a'] },
                { key: 'tier', operator: 'Gt', values: ['2'] },
              ],
            },
          ],
        },
      },
    };
    create(world, pod('zonal', { affinity }));
    world.advance(1);
    const bound = world.store.get('pods', 'eks-work', 'zonal')!;
    const node = world.store.get('nodes', undefined, bound.spec.nodeName)!;
    expect(node.metadata.labels!['topology.kubernetes.io/zone']).toBe('ap-northeast-2c');
    expect(events(world, 'zonal', 'Scheduled')).toEqual([`Successfully assigned eks-work/zonal to ${bound.spec.nodeName}`]);
  });

  it('binds a pod that tolerates the taint and spreads pods over the least allocated nodes', () => {
    const world = newWorld([{ taints: [{ key: 'dedicated', value: 'true', effect: 'NoSchedule' }] }, {}, {}]).start();
    for (let i = 0; i < 4; i++) create(world, pod(`web-${i}`, {}, '500m'));
    create(world, pod('tolerant', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] }, '1500m'));
    world.advance(1);
    const perNode = new Map<string, number>();
    for (let i = 0; i < 4; i++) {
      const n = world.store.get('pods', 'eks-work', `web-${i}`)!.spec.nodeName;
      perNode.set(n, (perNode.get(n) ?? 0) + 1);
    }
    expect([...perNode.values()]).toEqual([2, 2]);
    const tainted = world.store.list('nodes').find((n) => n.spec.taints)!.metadata.name;
    expect(perNode.has(tainted)).toBe(false);
    // 1500m no longer fits next to 1000m on the untainted nodes; only the tainted node takes it.
    expect(world.store.get('pods', 'eks-work', 'tolerant')!.spec.nodeName).toBe(tainted);
  });

  it('retries an unschedulable pod after a node is added, with back-off and no busy loop', () => {
    const world = newWorld([{}]).start();
    create(world, pod('a-big', {}, '1800m'));
    create(world, pod('b-small', {}, '1000m'));
    world.advance(1);
    // Equal creation times: the queue orders by name, so a-big takes the node and b-small waits.
    const [first] = nodeNames(world);
    expect(nodeOf(world, 'a-big')).toBe(first);
    expect(events(world, 'b-small', 'FailedScheduling')).toEqual(['0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.']);
    world.advance(60_000);
    const failed = world.store.list('events', 'eks-work').find((e) => e.reason === 'FailedScheduling')!;
    expect(failed.count).toBe(1);
    const added = addNode(world, { events: false }).metadata.name;
    world.advance(1_000);
    // The first node still has no room for 1000m beside 1800m: only the added node takes b-small.
    expect(nodeOf(world, 'b-small')).toBe(added);
  });

  describe('PersistentVolumeClaims (VolumeBinding PreFilter)', () => {
    const withClaim = (name: string, claim: string) => pod(name, { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] });
    const claim = (name: string, storageClassName: string | undefined, status: Record<string, unknown> = { phase: 'Pending' }) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'eks-work' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(storageClassName ? { storageClassName } : {}) },
      status,
    });
    const storageClass = (name: string, volumeBindingMode: string) => ({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name },
      provisioner: 'ebs.csi.aws.com',
      volumeBindingMode,
    });

    it('refuses a pod whose claim is missing, then schedules it once the claim exists and is bound', () => {
      const world = newWorld([{}, {}]).start();
      create(world, withClaim('needs-data', 'data'));
      world.advance(1);
      expect(events(world, 'needs-data', 'FailedScheduling')).toEqual([
        '0/2 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      ]);
      world.store.create('persistentvolumeclaims', claim('data', undefined, { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } }) as never);
      world.store.mutate('persistentvolumeclaims', 'eks-work', 'data', (draft) => {
        draft.spec.volumeName = 'pv-data';
      });
      world.advance(15_000);
      // Both empty nodes score alike; as kube-scheduler's selectHost, a random pick among the best, which seed 7 makes the second.
      expect(nodeOf(world, 'needs-data')).toBe(nodeNames(world)[1]);
    });

    it('refuses a pod whose claim of an Immediate class, no class or an unknown class is unbound, without a count, as v1.32 prints it', () => {
      const world = newWorld([{}, {}, {}]).start();
      world.store.create('storage.k8s.io/storageclasses', storageClass('efs-sc', 'Immediate') as never);
      for (const [name, cls] of [
        ['efs', 'efs-sc'],
        ['none', undefined],
        ['unknown', 'no-such-class'],
      ] as const) {
        world.store.create('persistentvolumeclaims', claim(name, cls) as never);
        create(world, withClaim(`uses-${name}`, name));
      }
      world.advance(1);
      for (const name of ['efs', 'none', 'unknown']) {
        expect(events(world, `uses-${name}`, 'FailedScheduling')).toEqual([
          '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
        ]);
      }
      create(world, { ...withClaim('never-preempts', 'efs'), spec: { ...withClaim('never-preempts', 'efs').spec, preemptionPolicy: 'Never' } });
      world.advance(1);
      expect(events(world, 'never-preempts', 'FailedScheduling')).toEqual([
        '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: not eligible due to preemptionPolicy=Never.',
      ]);
    });

    it('places a pod with a WaitForFirstConsumer claim and binds the claim on its node', () => {
      const world = newWorld([{}]).start();
      world.store.create('storage.k8s.io/storageclasses', storageClass('gp2', 'WaitForFirstConsumer') as never);
      world.store.create('persistentvolumeclaims', claim('cache', 'gp2') as never);
      create(world, withClaim('uses-cache', 'cache'));
      world.advance(1);
      const node = nodeOf(world, 'uses-cache');
      expect(node).toBe(nodeNames(world)[0]);
      const bound = world.store.get('persistentvolumeclaims', 'eks-work', 'cache')!;
      expect(bound.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(node);
      expect(bound.spec.volumeName).toBe(`pvc-${bound.metadata.uid}`);
      expect(bound.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
    });
  });

  it('frees requests when a pod is deleted', () => {
    const world = newWorld([{}]).start();
    create(world, pod('first', {}, '1500m'));
    world.advance(1);
    create(world, pod('second', {}, '1500m'));
    world.advance(1);
    expect(world.store.get('pods', 'eks-work', 'second')!.spec.nodeName).toBeUndefined();
    world.store.delete('pods', 'eks-work', 'first');
    world.advance(2_000);
    expect(nodeOf(world, 'second')).toBe(nodeNames(world)[0]);
  });

  it('says preemption is not possible for preemptionPolicy Never', () => {
    expect(fitErrorMessage(pod('x', { preemptionPolicy: 'Never' }), [{ reasons: ['Insufficient memory'], unresolvable: false }])).toBe(
      '0/1 nodes are available: 1 Insufficient memory. preemption: not eligible due to preemptionPolicy=Never.',
    );
    expect(fitErrorMessage(pod('x'), [])).toBe('no nodes available to schedule pods');
  });

  it('computes requests with the init container max rule and sidecars', () => {
    expect(
      podRequests({
        initContainers: [
          { name: 'migrate', resources: { requests: { cpu: '1', memory: '1Gi' } } },
          { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '64Mi' } } },
          { name: 'warm', resources: { requests: { cpu: '1200m' } } },
        ],
        containers: [
          { name: 'app', resources: { requests: { cpu: '250m', memory: '512Mi' } } },
          { name: 'limits-only', resources: { limits: { cpu: '250m', memory: '1.5Gi' } } },
        ],
      }),
    ).toEqual({ cpu: 1300, memory: 2048 * 1024 * 1024 + 64 * 1024 * 1024 });
  });
});
