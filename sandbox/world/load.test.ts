import { describe, expect, it } from 'vitest';
import { KNOWN_IMAGES } from './images';
import { createKubelet } from './kubelet';
import { createLoadModel } from './load';
import { addNode, createNodeLifecycle } from './nodes';
import { createScheduler } from './scheduler';
import { World } from './world';

const MiB = 1024 * 1024;

function setup() {
  const world = new World({ mode: 'manual', seed: 5 });
  const node = addNode(world, { events: false }).metadata.name;
  const load = createLoadModel();
  world.add(createNodeLifecycle(), createScheduler(), createKubelet(), load).start();
  for (const name of ['web-0', 'web-1']) {
    world.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'eks-work', labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: KNOWN_IMAGES.nginx, resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '300m', memory: '128Mi' } } }] },
    });
  }
  return { world, node, load };
}

describe('load model', () => {
  it('has no metrics for a pod until it has run for a full scrape interval', () => {
    const { world } = setup();
    world.advance(10_000);
    expect(world.store.get('pods', 'eks-work', 'web-0')!.status.phase).toBe('Running');
    expect(world.metrics.podUsage('eks-work', 'web-0')).toBeUndefined();
    world.advance(30_000);
    expect(world.metrics.podUsage('eks-work', 'web-0')).toHaveLength(1);
  });

  it('spreads demand over the ready pods and throttles CPU at the limit', () => {
    const { world, node, load } = setup();
    load.setDemand('eks-work', { app: 'web' }, () => ({ cpuMillicores: 1000 }));
    world.advance(60_000);
    const [web0] = world.metrics.podUsage('eks-work', 'web-0')!;
    const [web1] = world.metrics.podUsage('eks-work', 'web-1')!;
    // 500m each wanted, 300m allowed.
    expect(web0.cpu).toBe(300_000_000);
    expect(web1.cpu).toBe(300_000_000);
    expect(web0.memory).toBeGreaterThanOrEqual(Math.floor(6 * MiB * 0.99));
    expect(web0.memory).toBeLessThanOrEqual(Math.ceil(6 * MiB * 1.01));
    const nodeUsage = world.metrics.nodeUsage(node)!;
    const system = nodeUsage.cpu - web0.cpu - web1.cpu;
    expect(system).toBeGreaterThanOrEqual(65e6 * 0.85);
    expect(system).toBeLessThanOrEqual(65e6 * 1.15);
    load.setDemand('eks-work', { app: 'web' }, () => ({ cpuMillicores: 200 }));
    const [after] = world.metrics.podUsage('eks-work', 'web-0')!;
    // 100m of demand plus nginx's 1m idle, within the scrape's noise.
    expect(after.cpu).toBeGreaterThanOrEqual(101e6 * 0.8);
    expect(after.cpu).toBeLessThanOrEqual(101e6 * 1.2);
  });

  it('gets a container OOM-killed when its memory demand passes the limit', () => {
    const { world, load } = setup();
    world.advance(30_000);
    load.setDemand('eks-work', { app: 'web' }, () => ({ cpuMillicores: 100, memoryBytes: 400 * MiB }));
    world.advance(2_000);
    const status = world.store.get('pods', 'eks-work', 'web-0')!.status.containerStatuses[0];
    expect(status.lastState.terminated ?? status.state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });
});
