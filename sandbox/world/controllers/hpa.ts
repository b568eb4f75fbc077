/**
 * The horizontal pod autoscaler controller (pkg/controller/podautoscaler):
 * every 15 s per HPA, reads the target's scale, computes each metric's
 * proposal from the resource metrics (world.metrics) with the replica
 * calculator, normalizes with min/max, behaviors and stabilization
 * (hpa-math.ts), writes the target's spec.replicas, and reports status,
 * conditions and events worded as upstream.
 */
import type { KubeObject } from '../../kube/store';
import { rfc3339 } from '../../kube/store';
import type { Controller, World } from '../world';
import { selectorOf, selects, setCondition, type Condition } from './common';
import {
  SYNC_PERIOD_MS,
  computeMetric as computeMetricOutcome,
  decide,
  emptyHistory,
  podSample as samplePod,
  recordScaleEvent,
  type ConditionValue,
  type ContainerUsage,
  type HpaHistory,
  type MetricProposal,
} from '@/lib/k8s/hpa';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

const SOURCE = { component: 'horizontal-pod-autoscaler' };
const RESOURCE = 'autoscaling/horizontalpodautoscalers';

const SCALE_TARGETS: Record<string, { resource: string; qualified: string }> = {
  'apps/Deployment': { resource: 'apps/deployments', qualified: 'deployments.apps' },
  'apps/ReplicaSet': { resource: 'apps/replicasets', qualified: 'replicasets.apps' },
  'apps/StatefulSet': { resource: 'apps/statefulsets', qualified: 'statefulsets.apps' },
};

export function createHpaController(): Controller {
  return {
    name: 'horizontal-pod-autoscaler',
    start(world: World) {
      const store = world.store;
      const timers = new Map<string, () => void>();
      const histories = new Map<string, HpaHistory>();
      const watch = (hpa: KubeObject) => {
        const uid = hpa.metadata.uid;
        if (timers.has(uid)) return;
        const ns = hpa.metadata.namespace!;
        const name = hpa.metadata.name;
        timers.set(
          uid,
          world.every(SYNC_PERIOD_MS, () => {
            const current = store.get(RESOURCE, ns, name);
            if (!current || current.metadata.uid !== uid) return;
            const history = reconcile(world, current, histories.get(uid) ?? emptyHistory());
            histories.set(uid, history);
          }),
        );
      };
      store.subscribe((e) => {
        if (e.resource !== RESOURCE) return;
        if (e.type === 'ADDED') watch(e.object);
        else if (e.type === 'DELETED') {
          timers.get(e.object.metadata.uid)?.();
          timers.delete(e.object.metadata.uid);
          histories.delete(e.object.metadata.uid);
        }
      });
      for (const hpa of store.each(RESOURCE)) watch(hpa);
    },
  };
}

interface Status {
  currentReplicas: number;
  desiredReplicas: number;
  currentMetrics?: any[];
  conditions?: Condition[];
  lastScaleTime?: string;
  observedGeneration?: number;
}

function reconcile(world: World, hpa: KubeObject, history: HpaHistory): HpaHistory {
  const store = world.store;
  const now = world.now();
  const ns = hpa.metadata.namespace!;
  const status: Status = {
    ...(hpa.status?.observedGeneration !== undefined || hpa.metadata.generation !== undefined ? { observedGeneration: hpa.metadata.generation } : {}),
    ...(hpa.status?.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}),
    currentReplicas: hpa.status?.currentReplicas ?? 0,
    desiredReplicas: hpa.status?.desiredReplicas ?? 0,
    ...(hpa.status?.currentMetrics ? { currentMetrics: hpa.status.currentMetrics } : {}),
    conditions: hpa.status?.conditions,
  };
  const set = (type: string, c: ConditionValue) => {
    status.conditions = setCondition(status.conditions, { type, ...c }, now);
  };
  const write = () => {
    const next = JSON.parse(JSON.stringify(status));
    if (JSON.stringify(hpa.status ?? {}) !== JSON.stringify(next)) store.update(RESOURCE, { ...hpa, status: next });
  };

  const ref = hpa.spec?.scaleTargetRef ?? {};
  const group = typeof ref.apiVersion === 'string' && ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  const targetType = SCALE_TARGETS[`${group}/${ref.kind}`];
  const target = targetType ? store.get(targetType.resource, ns, ref.name) : undefined;
  if (!targetType || !target) {
    const message = targetType ? `${targetType.qualified} "${ref.name}" not found` : `no matches for kind "${ref.kind}" in group "${group}"`;
    world.events.record(SOURCE, hpa, 'Warning', 'FailedGetScale', message);
    set('AbleToScale', { status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${message}` });
    write();
    return history;
  }
  set('AbleToScale', { status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
  const currentReplicas: number = target.spec?.replicas ?? 1;
  const minReplicas: number = hpa.spec?.minReplicas ?? 1;
  const maxReplicas: number = hpa.spec?.maxReplicas ?? 1;
  const metricSpecs: any[] = hpa.spec?.metrics ?? [];

  let proposals: MetricProposal[] = [];
  let statuses: any[] = [];
  const outOfRange = currentReplicas > maxReplicas || currentReplicas < minReplicas || (currentReplicas === 0 && minReplicas !== 0);
  if (!outOfRange) {
    const selector = selectorOf(target);
    if (!target.spec?.selector) {
      world.events.record(SOURCE, hpa, 'Warning', 'SelectorRequired', 'selector is required');
      set('ScalingActive', { status: 'False', reason: 'InvalidSelector', message: "the HPA target's scale is missing a selector" });
      status.currentReplicas = currentReplicas;
      write();
      world.events.record(SOURCE, hpa, 'Warning', 'FailedComputeMetricsReplicas', 'selector is required');
      return history;
    }
    const pods = [...store.each('pods', ns)].filter((p) => selects(selector, p.metadata.labels));
    const computed = metricSpecs.map((spec) => computeMetric(world, hpa, spec, currentReplicas, pods));
    proposals = computed.map((c) => c.proposal);
    statuses = computed.map((c) => c.status);
  }

  const decision = decide({ currentReplicas, minReplicas, maxReplicas, behavior: hpa.spec?.behavior ?? null, proposals, now: now.getTime(), history });
  if (decision.conditions.ableToScale) set('AbleToScale', decision.conditions.ableToScale);
  if (decision.conditions.scalingActive) set('ScalingActive', decision.conditions.scalingActive);
  if (decision.conditions.scalingLimited) set('ScalingLimited', decision.conditions.scalingLimited);
  status.currentMetrics = outOfRange ? undefined : statuses;

  if (decision.error) {
    status.currentReplicas = currentReplicas;
    write();
    world.events.record(SOURCE, hpa, 'Warning', 'FailedComputeMetricsReplicas', decision.error);
    return decision.history;
  }
  let next = decision.history;
  if (decision.rescale) {
    store.mutate(targetType.resource, ns, ref.name, (t) => {
      t.spec = { ...t.spec, replicas: decision.desiredReplicas };
    });
    set('AbleToScale', { status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${decision.desiredReplicas}` });
    world.events.record(SOURCE, hpa, 'Normal', 'SuccessfulRescale', `New size: ${decision.desiredReplicas}; reason: ${decision.rescaleReason}`);
    next = recordScaleEvent(hpa.spec?.behavior ?? null, next, currentReplicas, decision.desiredReplicas, now.getTime());
    status.lastScaleTime = rfc3339(now);
  }
  status.currentReplicas = currentReplicas;
  status.desiredReplicas = decision.desiredReplicas;
  write();
  return next;
}

/** One metric: its proposal for the decision and its entry in status.currentMetrics; a failure is recorded as its event. */
function computeMetric(world: World, hpa: KubeObject, spec: any, currentReplicas: number, pods: KubeObject[]): { proposal: MetricProposal; status: any } {
  const outcome = computeMetricOutcome({
    spec,
    currentReplicas,
    pods: pods.map((p) => {
      const usage = containerUsage(world, p);
      return {
        namespace: p.metadata.namespace!,
        name: p.metadata.name,
        ...(usage ? { metricContainers: usage.map((u) => u.name) } : {}),
        sample: (resource: string, container?: string) => samplePod(p, usage, resource, container),
      };
    }),
    metrics: { timestamp: world.nowMs(), windowMs: world.metrics.windowSeconds * 1000 },
    now: world.nowMs(),
  });
  if (outcome.event) world.events.record(SOURCE, hpa, 'Warning', outcome.event.reason, outcome.event.message);
  return { proposal: outcome.proposal, status: outcome.status };
}

/** The pod's usage as the resource metrics API reports it, in milli-units. */
function containerUsage(world: World, pod: KubeObject): ContainerUsage[] | undefined {
  return world.metrics.podUsage(pod.metadata.namespace!, pod.metadata.name)?.map((u) => ({ name: u.name, cpu: Math.ceil(u.cpu / 1e6), memory: u.memory * 1000 }));
}
