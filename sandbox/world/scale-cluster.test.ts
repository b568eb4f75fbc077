import { describe, expect, it } from 'vitest';
import { createWorld } from './index';
import { createScaleCluster } from './scale';
import { World } from './world';

describe('generated large clusters', () => {
  it('builds running Deployments in scale-N namespaces that the controllers leave as they are', () => {
    const world = createWorld({ mode: 'manual', seed: 2, scenario: 'empty', scale: { nodes: 40, pods: 1_500 } });
    expect(world.store.count('nodes')).toBe(40);
    expect(world.store.count('pods')).toBe(1_500);
    expect(
      world.store
        .list('namespaces')
        .map((n) => n.metadata.name)
        .filter((n) => n.startsWith('scale-')),
    ).toEqual(['scale-0', 'scale-1', 'scale-2']);
    expect(world.store.count('apps/deployments', 'scale-0')).toBe(20);
    const rvBefore = world.store.resourceVersion;
    world.start();
    world.advance(60_000);
    const writes = world.store.changesSince(rvBefore).filter((e) => e.resource === 'pods' || e.resource === 'apps/replicasets');
    expect(writes.map((e) => `${e.type} ${e.resource}`)).toEqual([]);
    const d = world.store.get('apps/deployments', 'scale-1', 'app-7')!;
    expect(d.status).toMatchObject({ replicas: 30, updatedReplicas: 30, readyReplicas: 30, availableReplicas: 30 });
    const perNode = new Map<string, number>();
    for (const p of world.store.each('pods')) {
      expect(p.status.phase).toBe('Running');
      perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    }
    expect(Math.max(...perNode.values())).toBeLessThanOrEqual(58);
    expect(world.store.list('events').filter((e) => e.reason === 'SuccessfulCreate')).toEqual([]);
  });

  it('gives the scenario DaemonSets a pod on every new node, counted in the total', () => {
    const world = createWorld({ mode: 'manual', seed: 2, scale: { nodes: 10, pods: 300 } });
    world.start();
    world.advance(30_000);
    const ds = world.store.get('apps/daemonsets', 'kube-system', 'kube-proxy')!;
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 14, currentNumberScheduled: 14, numberReady: 14 });
    const generated = world.store.list('pods').filter((p) => p.metadata.namespace!.startsWith('scale-')).length;
    // 10 nodes x 4 DaemonSets (fluentd and the agent too: the generated nodes are untainted) = 40 daemon pods.
    expect(generated).toBe(260);
  });

  it('refuses more than the upstream limits', () => {
    const world = new World({ mode: 'manual' });
    expect(() => createScaleCluster(world, { nodes: 5_001, pods: 10 })).toThrow('scale: at most 5000 nodes (asked for 5001)');
    expect(() => createScaleCluster(world, { nodes: 10, pods: 150_001 })).toThrow('scale: at most 150000 pods (asked for 150001)');
    expect(() => createScaleCluster(world, { nodes: 10, pods: 1_101 })).toThrow('scale: at most 110 pods per node (1101 pods on 10 nodes)');
  });
});
