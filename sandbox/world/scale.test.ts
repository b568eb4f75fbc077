import { describe, expect, it } from 'vitest';
import { rfc3339 } from '../kube/store';
import { KNOWN_IMAGES } from './images';
import { createWorld } from './index';
import { createKubelet, createRunningPod } from './kubelet';
import { createLoadModel } from './load';
import { addNode, createNodeLifecycle, heartbeatIntervalMs } from './nodes';
import { createScheduler } from './scheduler';
import { World } from './world';

describe('a generated cluster at scale', () => {
  it('stays quiet in steady state: heartbeats only, no per-pod writes or timers', () => {
    const world = new World({ mode: 'manual', seed: 9 });
    const nodes: string[] = [];
    for (let i = 0; i < 300; i++) nodes.push(addNode(world, { events: false, instanceType: 'm5.xlarge' }).metadata.name);
    for (let i = 0; i < 15_000; i++) {
      createRunningPod(world, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `app-${i}`, namespace: `ns-${i % 20}`, labels: { app: `app-${i % 100}` } },
        spec: {
          nodeName: nodes[i % nodes.length],
          terminationGracePeriodSeconds: 30,
          containers: [{ name: 'app', image: KNOWN_IMAGES.nginx, resources: { requests: { cpu: '20m', memory: '32Mi' } } }],
        },
      });
    }
    world.add(createNodeLifecycle(), createScheduler(), createKubelet(), createLoadModel()).start();
    const writes = new Map<string, number>();
    world.store.subscribe((e) => writes.set(e.resource, (writes.get(e.resource) ?? 0) + 1));
    world.advance(10 * 60_000);
    // 300 nodes heartbeat every 40 s: 38 nodes per 5 s monitor tick, 120 ticks in 10 minutes.
    expect(heartbeatIntervalMs(300)).toBe(40_000);
    expect([...writes]).toEqual([['nodes', 4560]]);
    const pod = world.store.get('pods', 'ns-7', 'app-7')!;
    expect(pod.status.podIP).toBe(pod.status.podIPs[0].ip);
    expect(world.metrics.podUsage('ns-7', 'app-7')![0].memory).toBeGreaterThan(0);

    world.store.mutate('pods', 'ns-7', 'app-7', (d) => {
      d.metadata.deletionTimestamp = rfc3339(world.now());
      d.metadata.deletionGracePeriodSeconds = 30;
    });
    world.store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'late', namespace: 'ns-7' }, spec: { containers: [{ name: 'web', image: KNOWN_IMAGES.nginx }] } });
    world.advance(10_000);
    expect(world.store.get('pods', 'ns-7', 'app-7')).toBeUndefined();
    expect(world.store.get('pods', 'ns-7', 'late')!.status.phase).toBe('Running');
  });
});

describe('the whole world at 1,000 nodes and 30,000 pods', () => {
  it('advances 5 simulated minutes with work per change, not per node or pod', () => {
    const world = createWorld({ mode: 'manual', seed: 3, scale: { nodes: 1_000, pods: 30_000 } });
    // CPU time of this process, so a busy machine does not decide the outcome.
    const started = process.cpuUsage();
    world.start();
    for (let s = 0; s < 30; s++) world.advance(10_000);
    const used = process.cpuUsage(started);
    const cpuMs = (used.user + used.system) / 1000;
    // Rescanning every daemon pod on each node heartbeat took over 5 s here.
    expect(cpuMs).toBeLessThan(3_000);
    const kubeProxy = world.store.get('apps/daemonsets', 'kube-system', 'kube-proxy')!;
    // The scenario's 4 nodes and the 1,000 generated ones.
    expect(kubeProxy.status).toEqual({
      currentNumberScheduled: 1_004,
      numberMisscheduled: 0,
      desiredNumberScheduled: 1_004,
      numberReady: 1_004,
      observedGeneration: 1,
      updatedNumberScheduled: 1_004,
      numberAvailable: 1_004,
    });
    // The 30,000 generated pods and the scenario's 36.
    expect(world.store.count('pods')).toBe(30_036);
  });
});
