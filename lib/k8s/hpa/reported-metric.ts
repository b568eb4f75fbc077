/**
 * Pods, Object and External metrics from the value the controller last reported in
 * status.currentMetrics (Watchdeck does not query the custom or external metrics
 * APIs), with upstream's formulas: GetMetricReplicas, GetObjectMetricReplicas,
 * GetObjectPerPodMetricReplicas and their External counterparts. Pure.
 */
import { TOLERANCE } from './constants';
import { milliValue, type HpaPod, type MetricOutcome } from './metric';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

/** getReadyPodsCount: Running pods whose Ready condition is True. */
function readyPods(pods: HpaPod[]): number {
  return pods.filter((p) => p.status?.phase === 'Running' && (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
}

/** The proposal from the reported value, or undefined when the controller reported none (it could not get the metric). */
export function reportedMetric(spec: any, status: any, currentReplicas: number, pods: HpaPod[]): MetricOutcome | undefined {
  const key = spec.type === 'Pods' ? 'pods' : spec.type === 'Object' ? 'object' : spec.type === 'External' ? 'external' : undefined;
  if (!key) return undefined;
  const target = spec[key]?.target ?? {};
  const current = status?.[key]?.current;
  const perPod = spec.type === 'Pods' || target.averageValue !== undefined;
  const usage = milliValue(perPod ? current?.averageValue : current?.value);
  const goal = milliValue(perPod ? target.averageValue : target.value);
  if (usage === undefined || !goal) return undefined;
  const ready = readyPods(pods);
  let ratio: number;
  let replicas: number;
  if (spec.type === 'Pods' || !perPod) {
    // A per-pod average (Pods) or a whole value (Object, External Value): scaled by the ready pods.
    ratio = usage / goal;
    replicas = Math.abs(1 - ratio) <= TOLERANCE ? currentReplicas : Math.ceil(ratio * ready);
  } else {
    // An AverageValue target on an Object or External metric: the total divided by the per-pod target.
    ratio = usage / (goal * currentReplicas);
    replicas = Math.abs(1 - ratio) <= TOLERANCE ? currentReplicas : Math.ceil(usage / goal);
  }
  const name = spec[key]?.metric?.name ?? spec.type;
  return {
    proposal: { ok: true, replicas, metricName: spec.type === 'Pods' ? `pods metric ${name}` : spec.type === 'Object' ? `${name} metric on the object` : `external metric ${name}` },
    status,
    result: {
      ok: true,
      replicas,
      averageValue: usage,
      groups: { readyPodCount: ready, unready: [], missing: [], ignored: [] },
      usageRatio: ratio,
      outcome: Math.abs(1 - ratio) <= TOLERANCE ? 'within-tolerance' : 'scaled',
    },
  };
}
