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
import { bytes, milliCpu } from '../quantity';
import type { Controller, World } from '../world';
import { podCondition, selectorOf, selects, setCondition, type Condition } from './common';
import {
  SYNC_PERIOD_MS,
  averageValueReplicas,
  decide,
  emptyHistory,
  recordScaleEvent,
  resourceReplicas,
  type ConditionValue,
  type HpaHistory,
  type MetricProposal,
  type PodSample,
} from './hpa-math';

/* eslint-disable @typescript-eslint/no-explicit-any */

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

/** One metric: its proposal for the decision and its entry in status.currentMetrics. */
function computeMetric(world: World, hpa: KubeObject, spec: any, currentReplicas: number, pods: KubeObject[]): { proposal: MetricProposal; status: any } {
  const failed = (reason: string, detail: string, wrapped: string) => {
    world.events.record(SOURCE, hpa, 'Warning', reason, detail);
    return { proposal: { ok: false as const, reason, detail, error: wrapped }, status: { type: '' } };
  };
  const isContainer = spec.type === 'ContainerResource';
  if (spec.type !== 'Resource' && !isContainer) {
    const name = spec.pods?.metric?.name ?? spec.object?.metric?.name ?? spec.external?.metric?.name ?? '';
    const reason = spec.type === 'Pods' ? 'FailedGetPodsMetric' : spec.type === 'Object' ? 'FailedGetObjectMetric' : 'FailedGetExternalMetric';
    const api = spec.type === 'External' ? 'external' : 'custom';
    const detail = `unable to get metric ${name}: unable to fetch metrics from ${api} metrics API: the server could not find the requested resource`;
    return failed(reason, detail, `failed to get ${spec.type === 'Pods' ? 'pods' : spec.type === 'Object' ? 'object' : name + ' external'} metric value: ${detail}`);
  }
  const source = isContainer ? spec.containerResource : spec.resource;
  const resourceName: string = source?.name ?? 'cpu';
  const container: string | undefined = isContainer ? source.container : undefined;
  const target = source?.target ?? {};
  const now = world.nowMs();
  const samples = pods.map((p) => podSample(world, p, resourceName, container));
  const metrics = { timestamp: now, windowMs: world.metrics.windowSeconds * 1000 };
  const reason = isContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  const outer = isContainer ? `failed to get ${container} container metric value` : `failed to get ${resourceName} resource metric value`;
  if (container !== undefined) {
    // The metrics API answered for a pod that has no such container.
    const without = pods.find((p) => {
      const usage = world.metrics.podUsage(p.metadata.namespace!, p.metadata.name);
      return usage !== undefined && !usage.some((u) => u.name === container);
    });
    if (without) {
      const what = target.averageValue !== undefined ? 'usage' : 'utilization';
      const detail = `failed to get ${resourceName} ${what}: unable to get metrics for resource ${resourceName}: failed to get container metrics: container ${container} not present in metrics for pod ${without.metadata.namespace}/${without.metadata.name}`;
      return failed(reason, detail, `${outer}: ${detail}`);
    }
  }

  if (target.averageValue !== undefined) {
    const targetMilli = toMilli(resourceName, target.averageValue);
    const r = averageValueReplicas({ currentReplicas, resource: resourceName, pods: samples, metrics, now, targetAverageValue: targetMilli });
    if (!r.ok) {
      const detail = `failed to get ${resourceName} usage: ${r.error}`;
      return failed(reason, detail, `${outer}: ${detail}`);
    }
    const current = { averageValue: formatMilli(r.averageValue) };
    return {
      proposal: { ok: true, replicas: r.replicas, metricName: `${resourceName} resource` },
      status: isContainer
        ? { type: 'ContainerResource', containerResource: { name: resourceName, container, current } }
        : { type: 'Resource', resource: { name: resourceName, current } },
    };
  }
  if (target.averageUtilization === undefined) {
    const detail = 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set';
    return failed(reason, detail, `${outer}: ${detail}`);
  }
  const r = resourceReplicas({ currentReplicas, resource: resourceName, pods: samples, metrics, now, targetUtilization: target.averageUtilization });
  if (!r.ok) {
    const detail = `failed to get ${resourceName} utilization: ${r.error}`;
    return failed(reason, detail, `${outer}: ${detail}`);
  }
  const current = { averageUtilization: r.utilization, averageValue: formatMilli(r.averageValue) };
  return {
    proposal: {
      ok: true,
      replicas: r.replicas,
      metricName: isContainer ? `${resourceName} container resource utilization (percentage of request)` : `${resourceName} resource utilization (percentage of request)`,
    },
    status: isContainer
      ? { type: 'ContainerResource', containerResource: { name: resourceName, container, current } }
      : { type: 'Resource', resource: { name: resourceName, current } },
  };
}

function toMilli(resource: string, quantity: string | number): number {
  return resource === 'cpu' ? milliCpu(quantity) : bytes(quantity) * 1000;
}

/** A pod as the replica calculator sees it: phase, readiness, requests and metrics.k8s.io usage in milli-units. */
export function podSample(world: World, pod: KubeObject, resource: string, container?: string): PodSample {
  const ready = podCondition(pod, 'Ready');
  let request: number | undefined = 0;
  let containerWithoutRequest: string | undefined;
  const containers: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    if (container !== undefined && c.name !== container) continue;
    const q = c.resources?.requests?.[resource];
    if (q === undefined) {
      request = undefined;
      containerWithoutRequest = c.name;
      break;
    }
    request += toMilli(resource, q);
  }
  const usage = world.metrics.podUsage(pod.metadata.namespace!, pod.metadata.name);
  let value: number | undefined;
  if (usage) {
    const counted = container !== undefined ? usage.filter((u) => u.name === container) : usage;
    if (counted.length > 0) {
      value = counted.reduce((n, u) => n + (resource === 'cpu' ? Math.ceil(u.cpu / 1e6) : resource === 'memory' ? u.memory * 1000 : 0), 0);
    }
  }
  return {
    name: pod.metadata.name,
    phase: pod.status?.phase ?? 'Pending',
    deleting: !!pod.metadata.deletionTimestamp,
    ...(ready ? { ready: { status: ready.status, lastTransitionTime: Date.parse(ready.lastTransitionTime ?? '') || 0 } } : {}),
    ...(pod.status?.startTime ? { startTime: Date.parse(pod.status.startTime) } : {}),
    ...(request !== undefined ? { request } : { containerWithoutRequest }),
    ...(value !== undefined ? { usage: value } : {}),
  };
}

/** A milli-value as resource.NewMilliQuantity(v, DecimalSI) prints it: "155m", "2", "268435456", "2k". */
export function formatMilli(milli: number): string {
  const m = Math.round(milli);
  if (m % 1000 !== 0) return `${m}m`;
  let v = m / 1000;
  const suffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let i = 0;
  while (v !== 0 && v % 1000 === 0 && i < suffixes.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v}${suffixes[i]}`;
}
