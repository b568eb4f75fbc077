/**
 * One HPA metric against the pods it covers: the pods as the replica calculator
 * sees them, the metric's proposal, and its entry in status.currentMetrics,
 * worded as upstream's computeStatusForResourceMetric and friends. Shared by the
 * console's explanation and the sandbox's controller so the two cannot disagree.
 * Pure.
 */
import { approximateFloat } from '../quantity';
import type { MetricProposal } from './decide';
import { averageValueReplicas, resourceReplicas, type CalculatorResult, type MetricsSample, type PodSample } from './replica-calculator';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

/** A container's usage from the resource metrics API, in milli-units (millicores, millibytes). */
export interface ContainerUsage {
  name: string;
  cpu: number;
  memory: number;
}

/** A quantity in milli-units rounded up, as resource.Quantity's MilliValue(). */
export function milliValue(quantity: string | number | undefined): number | undefined {
  const v = approximateFloat(quantity);
  if (v === undefined) return undefined;
  // Rounded to a millionth first so binary floating point noise never adds a milli-unit.
  return Math.ceil(Math.round(v * 1e9) / 1e6);
}

/** A pod as the API's JSON has it; only phase, readiness, start time, requests and deletion are read. */
export interface HpaPod {
  metadata?: any;
  spec?: any;
  status?: any;
}

/** A pod as the replica calculator sees it: phase, readiness, requests and metrics usage (undefined: the metrics API returned none). */
export function podSample(pod: HpaPod, usage: ContainerUsage[] | undefined, resource: string, container?: string): PodSample {
  const ready = (pod.status?.conditions as { type: string; status: string; lastTransitionTime?: string }[] | undefined)?.find((c) => c.type === 'Ready');
  let request: number | undefined = 0;
  let containerWithoutRequest: string | undefined;
  // Restartable init containers (sidecars) count, as upstream's calculatePodRequests.
  const containers: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    if (container !== undefined && c.name !== container) continue;
    const q = milliValue(c.resources?.requests?.[resource]);
    if (q === undefined) {
      request = undefined;
      containerWithoutRequest = c.name;
      break;
    }
    request += q;
  }
  let value: number | undefined;
  if (usage) {
    const counted = container !== undefined ? usage.filter((u) => u.name === container) : usage;
    if (counted.length > 0) value = counted.reduce((n, u) => n + (resource === 'cpu' ? u.cpu : resource === 'memory' ? u.memory : 0), 0);
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

export interface MetricOutcome {
  proposal: MetricProposal;
  /** The entry for status.currentMetrics; `{ type: '' }` when the metric failed, as upstream. */
  status: any;
  /** The replica calculator's working, when it ran. */
  result?: Extract<CalculatorResult, { ok: true }>;
  /** For a failed metric: the event reason and message the controller records. */
  event?: { reason: string; message: string };
}

export interface MetricInput {
  /** One entry of spec.metrics (autoscaling/v2). */
  spec: any;
  currentReplicas: number;
  /** The pods the target's selector matches, with their usage; `containers` lists the containers the metrics API returned, when it returned the pod. */
  pods: { sample: (resource: string, container?: string) => PodSample; metricContainers?: string[]; namespace: string; name: string }[];
  metrics: MetricsSample;
  now: number;
}

/** The metric's proposal as the controller computes it; only Resource and ContainerResource metrics are served (no custom or external metrics API). */
export function computeMetric(input: MetricInput): MetricOutcome {
  const { spec, currentReplicas, pods, metrics, now } = input;
  const failed = (reason: string, detail: string, wrapped: string): MetricOutcome => ({
    proposal: { ok: false, reason, detail, error: wrapped },
    status: { type: '' },
    event: { reason, message: detail },
  });
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
  const reason = isContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  const outer = isContainer ? `failed to get ${container} container metric value` : `failed to get ${resourceName} resource metric value`;
  if (container !== undefined) {
    // The metrics API answered for a pod that has no such container.
    const without = pods.find((p) => p.metricContainers !== undefined && !p.metricContainers.includes(container));
    if (without) {
      const what = target.averageValue !== undefined ? 'usage' : 'utilization';
      const detail = `failed to get ${resourceName} ${what}: unable to get metrics for resource ${resourceName}: failed to get container metrics: container ${container} not present in metrics for pod ${without.namespace}/${without.name}`;
      return failed(reason, detail, `${outer}: ${detail}`);
    }
  }
  const samples = pods.map((p) => p.sample(resourceName, container));
  const statusOf = (current: Record<string, unknown>) =>
    isContainer ? { type: 'ContainerResource', containerResource: { name: resourceName, container, current } } : { type: 'Resource', resource: { name: resourceName, current } };

  if (target.averageValue !== undefined) {
    const targetMilli = milliValue(target.averageValue) ?? 0;
    const r = averageValueReplicas({ currentReplicas, resource: resourceName, pods: samples, metrics, now, targetAverageValue: targetMilli });
    if (!r.ok) {
      const detail = `failed to get ${resourceName} usage: ${r.error}`;
      return failed(reason, detail, `${outer}: ${detail}`);
    }
    return { proposal: { ok: true, replicas: r.replicas, metricName: `${resourceName} resource` }, status: statusOf({ averageValue: formatMilli(r.averageValue) }), result: r };
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
  return {
    proposal: {
      ok: true,
      replicas: r.replicas,
      metricName: isContainer ? `${resourceName} container resource utilization (percentage of request)` : `${resourceName} resource utilization (percentage of request)`,
    },
    status: statusOf({ averageUtilization: r.utilization, averageValue: formatMilli(r.averageValue) }),
    result: r,
  };
}
