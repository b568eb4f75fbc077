/** One reconciliation's decision given the per-metric proposals, as upstream's reconcileAutoscaler. Pure. */
import { normalizeDesiredReplicas, type Behavior, type ConditionValue, type HpaHistory, type Normalized } from './normalize';

export type MetricProposal =
  | { ok: true; replicas: number; /** e.g. "cpu resource utilization (percentage of request)" */ metricName: string }
  | {
      ok: false;
      /** The condition (and event) reason, e.g. FailedGetResourceMetric. */
      reason: string;
      /** The metric's own error, e.g. "failed to get cpu utilization: ...": the event and ScalingActive message. */
      detail: string;
      /** The wrapped error, e.g. "failed to get cpu resource metric value: failed to get cpu utilization: ...". */
      error: string;
    };

export interface DecisionInput {
  currentReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  behavior?: Behavior | null;
  proposals: MetricProposal[];
  now: number;
  history: HpaHistory;
}

export interface Decision {
  /** The replicas to set; equal to currentReplicas when not rescaling. */
  desiredReplicas: number;
  rescale: boolean;
  /** The SuccessfulRescale reason ("cpu resource utilization (percentage of request) above target"). */
  rescaleReason: string;
  /** Set when no replica count could be computed: the FailedComputeMetricsReplicas message. */
  error?: string;
  /** The highest metric proposal, before normalization. */
  metricDesiredReplicas?: number;
  normalized?: Normalized;
  /** Conditions this reconciliation sets; absent ones keep their previous value. */
  conditions: { ableToScale?: ConditionValue; scalingActive?: ConditionValue; scalingLimited?: ConditionValue };
  history: HpaHistory;
}

/** reconcileAutoscaler from the current scale on: disabled, out of range, or metrics then normalization. */
export function decide(input: DecisionInput): Decision {
  const { currentReplicas, minReplicas, maxReplicas, now } = input;
  // recordInitialRecommendation
  const history: HpaHistory = input.history.recommendations.length === 0 ? { ...input.history, recommendations: [{ recommendation: currentReplicas, timestamp: now }] } : input.history;

  if (currentReplicas === 0 && minReplicas !== 0) {
    return {
      desiredReplicas: 0,
      rescale: false,
      rescaleReason: '',
      conditions: { scalingActive: { status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' } },
      history,
    };
  }
  if (currentReplicas > maxReplicas || currentReplicas < minReplicas) {
    const above = currentReplicas > maxReplicas;
    return {
      desiredReplicas: above ? maxReplicas : minReplicas,
      rescale: true,
      rescaleReason: above ? 'Current number of replicas above Spec.MaxReplicas' : 'Current number of replicas below Spec.MinReplicas',
      conditions: {},
      history,
    };
  }

  // computeReplicasForMetrics
  let replicas = 0;
  let metricName = '';
  let invalid = 0;
  let firstInvalid: Extract<MetricProposal, { ok: false }> | undefined;
  for (const p of input.proposals) {
    if (!p.ok) {
      if (!firstInvalid) firstInvalid = p;
      invalid++;
      continue;
    }
    if (replicas === 0 || p.replicas > replicas) {
      replicas = p.replicas;
      metricName = p.metricName;
    }
  }
  if (firstInvalid && (invalid >= input.proposals.length || replicas < currentReplicas)) {
    return {
      desiredReplicas: currentReplicas,
      rescale: false,
      rescaleReason: '',
      error: `invalid metrics (${invalid} invalid out of ${input.proposals.length}), first error is: ${firstInvalid.error}`,
      conditions: {
        scalingActive: { status: 'False', reason: firstInvalid.reason, message: `the HPA was unable to compute the replica count: ${firstInvalid.detail}` },
      },
      history,
    };
  }
  const scalingActive: ConditionValue = {
    status: 'True',
    reason: 'ValidMetricFound',
    message: `the HPA was able to successfully calculate a replica count from ${metricName}`,
  };
  let rescaleReason = '';
  if (replicas > currentReplicas) rescaleReason = `${metricName} above target`;
  if (replicas < currentReplicas) rescaleReason = 'All metrics below target';
  const normalized = normalizeDesiredReplicas({
    behavior: input.behavior,
    currentReplicas,
    desiredReplicas: replicas,
    minReplicas,
    maxReplicas,
    now,
    history,
  });
  const rescale = normalized.desiredReplicas !== currentReplicas;
  return {
    desiredReplicas: rescale ? normalized.desiredReplicas : currentReplicas,
    rescale,
    rescaleReason,
    metricDesiredReplicas: replicas,
    normalized,
    conditions: { ableToScale: normalized.ableToScale, scalingActive, scalingLimited: normalized.scalingLimited },
    history: normalized.history,
  };
}
