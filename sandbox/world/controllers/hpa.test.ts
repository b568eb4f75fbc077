import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/store';
import { KNOWN_IMAGES } from '../images';
import { workloadControllers } from '../index';
import { createKubelet } from '../kubelet';
import { createLoadModel } from '../load';
import { addNode, createNodeLifecycle } from '../nodes';
import { createScheduler } from '../scheduler';
import { World } from '../world';
import { formatMilli } from '@/lib/k8s/hpa';
import { container, deploymentManifest } from './manifests';

const START = Date.parse('2026-01-01T00:00:00Z');

function setup(behavior?: unknown) {
  const world = new World({ mode: 'manual', seed: 5 });
  const load = createLoadModel();
  world.add(createNodeLifecycle(), createScheduler(), createKubelet(), load, ...workloadControllers());
  addNode(world, { instanceType: 'm5.2xlarge', events: false });
  addNode(world, { instanceType: 'm5.2xlarge', events: false });
  world.store.create(
    'apps/deployments',
    deploymentManifest({
      namespace: 'eks-work',
      name: 'web',
      replicas: 2,
      labels: { app: 'web' },
      podSpec: { containers: [container('web', KNOWN_IMAGES.nginx, { requests: { cpu: '250m', memory: '64Mi' } })] },
    }),
  );
  world.store.create('autoscaling/horizontalpodautoscalers', {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'eks-work' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...(behavior ? { behavior } : {}),
    },
  });
  let demand = 0;
  load.setDemand('eks-work', { app: 'web' }, () => ({ cpuMillicores: demand }));
  world.start();
  const rescales: { at: number; size: number }[] = [];
  world.store.subscribe((e) => {
    if (e.resource === 'events' && e.type === 'ADDED' && e.object.reason === 'SuccessfulRescale') {
      rescales.push({ at: world.nowMs() - START, size: Number(/New size: (\d+)/.exec(e.object.message)![1]) });
    }
  });
  return {
    world,
    rescales,
    setDemand: (m: number) => void (demand = m),
    hpa: () => world.store.get('autoscaling/horizontalpodautoscalers', 'eks-work', 'web')!,
    replicas: () => world.store.get('apps/deployments', 'eks-work', 'web')!.spec.replicas as number,
  };
}

function condition(hpa: KubeObject, type: string): string {
  const c = hpa.status.conditions.find((x: { type: string }) => x.type === type);
  return `${c.status} ${c.reason}`;
}

const messages = (world: World, reason: string) =>
  world.store
    .list('events', 'eks-work')
    .filter((e) => e.reason === reason)
    .map((e) => e.message);

describe('HPA controller with the load model', () => {
  it('scales out at most max(2 x current, 4) per sync, up to maxReplicas, then holds a scale-in for 300 s', () => {
    const t = setup();
    t.world.advance(60_000);
    expect(t.replicas()).toBe(2);
    expect(condition(t.hpa(), 'ScalingActive')).toBe('True ValidMetricFound');
    expect(t.hpa().status.currentMetrics[0].resource.current.averageUtilization).toBeLessThan(10);

    // 2000m over two 250m pods: about 400% against 50%, asking for far more than the first step allows.
    t.setDemand(2000);
    t.world.advance(30_000);
    expect(t.rescales[0].size).toBe(4);
    expect(condition(t.hpa(), 'ScalingLimited')).toBe('True ScaleUpLimit');
    expect(messages(t.world, 'SuccessfulRescale')[0]).toBe('New size: 4; reason: cpu resource utilization (percentage of request) above target');

    t.world.advance(3 * 60_000);
    expect(t.rescales.map((r) => r.size)).toEqual([4, 8, 10]);
    expect(t.replicas()).toBe(10);
    const atMax = t.hpa();
    expect(condition(atMax, 'ScalingLimited')).toBe('True TooManyReplicas');
    expect(atMax.status).toMatchObject({ currentReplicas: 10, desiredReplicas: 10 });
    expect(atMax.status.lastScaleTime).toBe(new Date(START + t.rescales[2].at).toISOString().replace('.000', ''));

    // The load goes away: the 300 s window keeps the highest recent recommendation (10).
    t.setDemand(0);
    const drop = t.world.nowMs() - START;
    t.world.advance(280_000);
    expect(t.replicas()).toBe(10);
    expect(condition(t.hpa(), 'AbleToScale')).toBe('True ScaleDownStabilized');
    t.world.advance(60_000);
    expect(t.replicas()).toBe(2);
    const last = t.rescales[t.rescales.length - 1];
    expect(last.size).toBe(2);
    expect(last.at - drop).toBeGreaterThanOrEqual(300_000);
    expect(last.at - drop).toBeLessThanOrEqual(330_000);
    expect(messages(t.world, 'SuccessfulRescale').at(-1)).toBe('New size: 2; reason: All metrics below target');
    expect(condition(t.hpa(), 'ScalingLimited')).toBe('True TooFewReplicas');
  });

  it('a Pods scale-up policy adds one pod per period', () => {
    const t = setup({ scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } });
    t.world.advance(60_000);
    t.setDemand(2000);
    t.world.advance(4 * 60_000);
    const sizes = t.rescales.map((r) => r.size);
    expect(sizes).toEqual([3, 4, 5, 6]);
    for (let i = 1; i < t.rescales.length; i++) expect(t.rescales[i].at - t.rescales[i - 1].at).toBeGreaterThanOrEqual(60_000);
    expect(condition(t.hpa(), 'ScalingLimited')).toBe('True ScaleUpLimit');
  });

  it('reports FailedGetScale for a missing target', () => {
    const t = setup();
    t.world.store.mutate('autoscaling/horizontalpodautoscalers', 'eks-work', 'web', (h) => void (h.spec.scaleTargetRef.name = 'nope'));
    t.world.advance(20_000);
    expect(condition(t.hpa(), 'AbleToScale')).toBe('False FailedGetScale');
    expect(messages(t.world, 'FailedGetScale')).toEqual(['deployments.apps "nope" not found']);
  });

  it('prints milli-values as resource.Quantity does', () => {
    expect([formatMilli(155), formatMilli(2000), formatMilli(268_435_456_000), formatMilli(2_000_000), formatMilli(0)]).toEqual(['155m', '2', '268435456', '2k', '0']);
  });
});

describe('HPA ContainerResource metrics', () => {
  it('fails with the metrics client message when the container is not in the pods', () => {
    const t = setup();
    t.world.store.mutate('autoscaling/horizontalpodautoscalers', 'eks-work', 'web', (h) => {
      h.spec.metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'sidecar', target: { type: 'Utilization', averageUtilization: 50 } } }];
    });
    t.world.advance(90_000);
    const active = t.hpa().status.conditions.find((c: { type: string }) => c.type === 'ScalingActive');
    expect(active.reason).toBe('FailedGetContainerResourceMetric');
    expect(active.message).toMatch(
      /^the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: failed to get container metrics: container sidecar not present in metrics for pod eks-work\/web-[a-z0-9]+-[a-z0-9]{5}$/,
    );
  });

  it('scales on the named container', () => {
    const t = setup();
    t.world.store.mutate('autoscaling/horizontalpodautoscalers', 'eks-work', 'web', (h) => {
      h.spec.metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'web', target: { type: 'Utilization', averageUtilization: 50 } } }];
    });
    t.world.advance(60_000);
    t.setDemand(2000);
    t.world.advance(30_000);
    expect(messages(t.world, 'SuccessfulRescale')[0]).toBe('New size: 4; reason: cpu container resource utilization (percentage of request) above target');
    expect(t.hpa().status.currentMetrics[0]).toMatchObject({ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'web' } });
  });
});
