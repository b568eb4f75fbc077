import { describe, expect, it } from 'vitest';
import { addNode, allocatePodIP, createNodeLifecycle, heartbeatIntervalMs, setKubeletPosting } from './nodes';
import { World } from './world';

describe('nodes', () => {
  it('registers an m5.large the way EKS reports it', () => {
    const world = new World({ mode: 'manual', seed: 3 });
    const node = addNode(world, { zone: 'ap-northeast-2b', nodegroup: 'ng-app' });
    expect(node.metadata.name).toMatch(/^ip-192-168-64-\d+\.ap-northeast-2\.compute\.internal$/);
    expect(node.metadata.labels).toMatchObject({
      'topology.kubernetes.io/zone': 'ap-northeast-2b',
      'node.kubernetes.io/instance-type': 'm5.large',
      'eks.amazonaws.com/nodegroup': 'ng-app',
      'kubernetes.io/hostname': node.metadata.name,
    });
    expect(node.status.allocatable).toMatchObject({ cpu: '1930m', memory: '7220172Ki', pods: '29' });
    expect(node.status.capacity).toMatchObject({ cpu: '2', memory: '7910348Ki', pods: '29' });
    expect(node.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`)).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
    expect(allocatePodIP(world, node.metadata.name, 'uid-1')).toBe('192.168.64.16');
    expect(allocatePodIP(world, node.metadata.name, 'uid-1')).toBe('192.168.64.16');
    expect(allocatePodIP(world, node.metadata.name, 'uid-2')).toBe('192.168.64.17');
  });

  it('moves heartbeats every 40 s and slows them down in large clusters', () => {
    const world = new World({ mode: 'manual', seed: 3 });
    const name = addNode(world, { events: false }).metadata.name;
    world.add(createNodeLifecycle()).start();
    world.advance(40_000);
    const ready = world.store.get('nodes', undefined, name)!.status.conditions[3];
    expect(ready.lastHeartbeatTime).toBe('2026-01-01T00:00:40Z');
    expect(ready.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(heartbeatIntervalMs(3)).toBe(40_000);
    expect(heartbeatIntervalMs(5_000)).toBe(300_000);
  });

  it('marks a silent node Unknown, taints it unreachable, then evicts its pods as NodeLost', () => {
    const world = new World({ mode: 'manual', seed: 3 });
    const name = addNode(world, { events: false }).metadata.name;
    world.add(createNodeLifecycle()).start();
    world.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'eks-work' },
      spec: { nodeName: name, containers: [{ name: 'web', image: 'nginx:1.27' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    setKubeletPosting(world, name, false);
    world.advance(45_000);
    const node = world.store.get('nodes', undefined, name)!;
    expect(node.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(node.spec.taints.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(world.store.get('pods', 'eks-work', 'web')!.status.conditions[0].status).toBe('False');
    world.advance(300_000);
    const pod = world.store.get('pods', 'eks-work', 'web')!;
    expect(pod.metadata.deletionTimestamp).toBe('2026-01-01T00:06:10Z');
    expect(pod.status.reason).toBe('NodeLost');
    expect(pod.status.message).toBe(`Node ${name} which was running pod web is unresponsive`);
    setKubeletPosting(world, name, true);
    const back = world.store.get('nodes', undefined, name)!;
    expect(back.spec.taints).toBeUndefined();
    expect(back.status.conditions[3]).toMatchObject({ status: 'True', reason: 'KubeletReady' });
  });
});
