/**
 * The replica calculator, as upstream's pkg/controller/podautoscaler/replica_calculator.go:
 * which pods count, the usage ratio, the tolerance, and how unready pods, pods
 * without metrics and pods being deleted are treated.
 *
 * Pure: no store, no clock. Times are epoch milliseconds passed in. Values are
 * milli-units, as upstream's MilliValue(): millicores for CPU, millibytes for memory.
 */
import { CPU_INITIALIZATION_PERIOD_MS, DELAY_OF_INITIAL_READINESS_STATUS_MS, TOLERANCE } from './constants';
// Replica calculator

export interface PodSample {
  name: string;
  phase: string;
  /** metadata.deletionTimestamp is set. */
  deleting: boolean;
  /** The pod's Ready condition; undefined when the pod has none. */
  ready?: { status: string; lastTransitionTime: number };
  /** status.startTime */
  startTime?: number;
  /**
   * Sum of the requests of the counted containers (all, or the one a
   * ContainerResource metric names), in milli-units; undefined when a counted
   * container has no request for the resource.
   */
  request?: number;
  /** The container that lacks a request (for the error message). */
  containerWithoutRequest?: string;
  /** Usage in milli-units from the resource metrics API; undefined when the API returned none for this pod. */
  usage?: number;
}

export interface MetricsSample {
  /** When the metrics were collected, and over which window. */
  timestamp: number;
  windowMs: number;
}

export interface PodGroups {
  readyPodCount: number;
  unready: string[];
  missing: string[];
  ignored: string[];
}

/** groupPods: which pods count, which are unready, which lack metrics, which are ignored. */
export function groupPods(pods: PodSample[], resource: string, metrics: MetricsSample, now: number): PodGroups {
  const groups: PodGroups = { readyPodCount: 0, unready: [], missing: [], ignored: [] };
  for (const pod of pods) {
    if (pod.deleting || pod.phase === 'Failed') {
      groups.ignored.push(pod.name);
      continue;
    }
    if (pod.phase === 'Pending') {
      groups.unready.push(pod.name);
      continue;
    }
    if (pod.usage === undefined) {
      groups.missing.push(pod.name);
      continue;
    }
    if (resource === 'cpu') {
      let unready: boolean;
      const condition = pod.ready;
      if (!condition || pod.startTime === undefined) {
        unready = true;
      } else if (pod.startTime + CPU_INITIALIZATION_PERIOD_MS > now) {
        // Within the initialization period: ignore an unready pod, or a sample not a full window after the last transition.
        unready = condition.status === 'False' || metrics.timestamp < condition.lastTransitionTime + metrics.windowMs;
      } else {
        // Afterwards: ignore a pod that is unready and has never been ready.
        unready = condition.status === 'False' && pod.startTime + DELAY_OF_INITIAL_READINESS_STATUS_MS > condition.lastTransitionTime;
      }
      if (unready) {
        groups.unready.push(pod.name);
        continue;
      }
    }
    groups.readyPodCount++;
  }
  return groups;
}

export type CalculatorResult =
  | {
      ok: true;
      replicas: number;
      /** Utilization in percent of requests (utilization targets only). */
      utilization?: number;
      /** Average usage per pod in milli-units. */
      averageValue: number;
      groups: PodGroups;
      /** The first ratio, over the pods with metrics. */
      usageRatio: number;
      /** The ratio after filling in missing and unready pods, when that second pass ran. */
      newUsageRatio?: number;
      /** Why the count is what it is, for explanations. */
      outcome: 'within-tolerance' | 'scaled' | 'direction-change' | 'rebalanced';
    }
  | { ok: false; error: string };

interface CalculatorInput {
  currentReplicas: number;
  resource: string;
  pods: PodSample[];
  metrics: MetricsSample;
  now: number;
}

/** Pods' usage keyed by name: those the metrics API returned. */
function metricsOf(pods: PodSample[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of pods) if (p.usage !== undefined) m.set(p.name, p.usage);
  return m;
}

function noMetrics(resource: string): { ok: false; error: string } {
  return { ok: false, error: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API` };
}

/** The pods with metrics that count (ready, not being deleted), or the calculator's error. */
function countedMetrics(input: CalculatorInput): { ok: true; metrics: Map<string, number>; groups: PodGroups } | { ok: false; error: string } {
  const metrics = metricsOf(input.pods);
  if (metrics.size === 0) return noMetrics(input.resource);
  if (input.pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const groups = groupPods(input.pods, input.resource, input.metrics, input.now);
  for (const n of [...groups.ignored, ...groups.unready]) metrics.delete(n);
  if (metrics.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  return { ok: true, metrics, groups };
}

/** The first pass: with no unready pods to count on a scale-up and none missing, the ratio over the ready pods decides. */
function firstPass(base: Base, currentReplicas: number): CalculatorResult | undefined {
  const { groups, usageRatio } = base;
  const scaleUpWithUnready = groups.unready.length > 0 && usageRatio > 1;
  if (scaleUpWithUnready || groups.missing.length > 0) return undefined;
  if (Math.abs(1 - usageRatio) <= TOLERANCE) return { ...base, replicas: currentReplicas, outcome: 'within-tolerance' };
  return { ...base, replicas: Math.ceil(usageRatio * groups.readyPodCount), outcome: 'scaled' };
}

/** GetResourceReplicas: a target utilization (percent of requests). */
export function resourceReplicas(input: CalculatorInput & { targetUtilization: number }): CalculatorResult {
  const { currentReplicas, resource, pods, targetUtilization } = input;
  const counted = countedMetrics(input);
  if (!counted.ok) return counted;
  const { metrics, groups } = counted;
  const requests = new Map<string, number>();
  for (const p of pods) {
    if (p.request === undefined) {
      return { ok: false, error: `missing request for ${resource} in container ${p.containerWithoutRequest ?? ''} of Pod ${p.name}` };
    }
    requests.set(p.name, p.request);
  }
  const first = utilizationRatio(metrics, requests, targetUtilization);
  if (!first.ok) return first;
  const { ratio: usageRatio, utilization, rawAverage } = first;
  const base: Base = { ok: true, utilization, averageValue: rawAverage, groups, usageRatio };
  const decided = firstPass(base, currentReplicas);
  if (decided) return decided;
  if (groups.missing.length > 0) {
    if (usageRatio < 1) {
      // On a scale-down, missing pods count as using 100% of their request (or the target when it is above 100%).
      const fallback = Math.max(100, targetUtilization);
      for (const n of groups.missing) metrics.set(n, Math.trunc((requests.get(n)! * fallback) / 100));
    } else if (usageRatio > 1) {
      for (const n of groups.missing) metrics.set(n, 0);
    }
  }
  if (usageRatio > 1) for (const n of groups.unready) metrics.set(n, 0);
  const second = utilizationRatio(metrics, requests, targetUtilization);
  if (!second.ok) return second;
  return rebalanced(base, currentReplicas, usageRatio, second.ratio, metrics.size);
}

/** GetRawResourceReplicas / calcPlainMetricReplicas: a target average value per pod (milli-units). */
export function averageValueReplicas(input: CalculatorInput & { targetAverageValue: number }): CalculatorResult {
  const { currentReplicas, targetAverageValue } = input;
  const counted = countedMetrics(input);
  if (!counted.ok) return counted;
  const { metrics, groups } = counted;
  const { ratio: usageRatio, usage } = usageRatioOf(metrics, targetAverageValue);
  const base: Base = { ok: true, averageValue: usage, groups, usageRatio };
  const decided = firstPass(base, currentReplicas);
  if (decided) return decided;
  if (groups.missing.length > 0) {
    // On a scale-down, missing pods count as exactly at the target; on a scale-up as using nothing.
    if (usageRatio < 1) for (const n of groups.missing) metrics.set(n, targetAverageValue);
    else if (usageRatio > 1) for (const n of groups.missing) metrics.set(n, 0);
  }
  if (usageRatio > 1) for (const n of groups.unready) metrics.set(n, 0);
  return rebalanced(base, currentReplicas, usageRatio, usageRatioOf(metrics, targetAverageValue).ratio, metrics.size);
}

type Base = { ok: true; utilization?: number; averageValue: number; groups: PodGroups; usageRatio: number };

function rebalanced(base: Base, currentReplicas: number, usageRatio: number, newUsageRatio: number, counted: number): CalculatorResult {
  if (Math.abs(1 - newUsageRatio) <= TOLERANCE || (usageRatio < 1 && newUsageRatio > 1) || (usageRatio > 1 && newUsageRatio < 1)) {
    const outcome = Math.abs(1 - newUsageRatio) <= TOLERANCE ? ('within-tolerance' as const) : ('direction-change' as const);
    return { ...base, replicas: currentReplicas, newUsageRatio, outcome };
  }
  const newReplicas = Math.ceil(newUsageRatio * counted);
  if ((newUsageRatio < 1 && newReplicas > currentReplicas) || (newUsageRatio > 1 && newReplicas < currentReplicas)) {
    return { ...base, replicas: currentReplicas, newUsageRatio, outcome: 'direction-change' };
  }
  return { ...base, replicas: newReplicas, newUsageRatio, outcome: 'rebalanced' };
}

/** GetResourceUtilizationRatio: integer percent of the summed requests. */
export function utilizationRatio(
  metrics: Map<string, number>,
  requests: Map<string, number>,
  targetUtilization: number,
): { ok: true; ratio: number; utilization: number; rawAverage: number } | { ok: false; error: string } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, value] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    metricsTotal += value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) return { ok: false, error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ok: true, ratio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(metricsTotal / entries) };
}

/** GetMetricUsageRatio: integer average per pod against the target. */
export function usageRatioOf(metrics: Map<string, number>, target: number): { ratio: number; usage: number } {
  let total = 0;
  for (const v of metrics.values()) total += v;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / target, usage };
}
