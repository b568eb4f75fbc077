/**
 * The horizontal pod autoscaler's arithmetic, as upstream's
 * pkg/controller/podautoscaler (replica_calculator.go, horizontal.go) does it:
 * the replica calculator for resource metrics, the min/max and rate rules, the
 * behavior policies and the stabilization windows.
 *
 * Pure: no store, no clock. Times are epoch milliseconds passed in; history
 * (recent recommendations and scale events) goes in and comes back out.
 * Values are milli-units, as upstream's MilliValue(): millicores for CPU,
 * millibytes for memory.
 */

export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** --horizontal-pod-autoscaler-initial-readiness-delay */
export const DELAY_OF_INITIAL_READINESS_STATUS_MS = 30_000;
/** --horizontal-pod-autoscaler-downscale-stabilization */
export const DOWNSCALE_STABILIZATION_WINDOW_MS = 300_000;
/** --horizontal-pod-autoscaler-sync-period */
export const SYNC_PERIOD_MS = 15_000;

// ---------------------------------------------------------------------------
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
  if (
    Math.abs(1 - newUsageRatio) <= TOLERANCE ||
    (usageRatio < 1 && newUsageRatio > 1) ||
    (usageRatio > 1 && newUsageRatio < 1)
  ) {
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

// ---------------------------------------------------------------------------
// Behavior: policies, rate limits and stabilization

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: ScalingPolicy[];
  tolerance?: unknown;
}

export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

export type CompleteRules = Required<Pick<ScalingRules, 'stabilizationWindowSeconds' | 'selectPolicy' | 'policies'>>;

/** The API server's defaulting of a given behavior (GenerateHPAScaleUpRules / ...ScaleDownRules) and the controller's scale-down window. */
export function completeBehavior(behavior: Behavior): { scaleUp: CompleteRules; scaleDown: CompleteRules } {
  const up = behavior.scaleUp ?? {};
  const down = behavior.scaleDown ?? {};
  return {
    scaleUp: {
      stabilizationWindowSeconds: up.stabilizationWindowSeconds ?? 0,
      selectPolicy: up.selectPolicy ?? 'Max',
      policies: up.policies ?? [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_WINDOW_MS / 1000,
      selectPolicy: down.selectPolicy ?? 'Max',
      policies: down.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  };
}

export interface Recommendation {
  recommendation: number;
  timestamp: number;
}

export interface ScaleEvent {
  /** Absolute change, non-negative. */
  replicaChange: number;
  timestamp: number;
  outdated: boolean;
}

/** What the controller remembers per HPA between syncs (in memory, as upstream does). */
export interface HpaHistory {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export function emptyHistory(): HpaHistory {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

export interface ConditionValue {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface Normalized {
  desiredReplicas: number;
  /** The recommendation after the stabilization window, before the rate and min/max rules. */
  stabilizedRecommendation: number;
  ableToScale: ConditionValue;
  scalingLimited: ConditionValue;
  history: HpaHistory;
}

export interface NormalizeInput {
  behavior?: Behavior | null;
  currentReplicas: number;
  /** The highest proposal across metrics. */
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  now: number;
  history: HpaHistory;
}

const READY_FOR_NEW_SCALE: ConditionValue = { status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };

/** normalizeDesiredReplicas (no behavior) or normalizeDesiredReplicasWithBehaviors. */
export function normalizeDesiredReplicas(input: NormalizeInput): Normalized {
  return input.behavior ? normalizeWithBehaviors(input, input.behavior) : normalizeWithoutBehavior(input);
}

function normalizeWithoutBehavior(input: NormalizeInput): Normalized {
  const { currentReplicas, desiredReplicas, minReplicas, maxReplicas, now } = input;
  // stabilizeRecommendation: the highest recommendation within the downscale window.
  let stabilized = desiredReplicas;
  let oldIndex = -1;
  const cutoff = now - DOWNSCALE_STABILIZATION_WINDOW_MS;
  const recommendations = input.history.recommendations.map((r) => ({ ...r }));
  recommendations.forEach((rec, i) => {
    if (rec.timestamp < cutoff) oldIndex = i;
    else if (rec.recommendation > stabilized) stabilized = rec.recommendation;
  });
  const entry = { recommendation: desiredReplicas, timestamp: now };
  if (oldIndex >= 0) recommendations[oldIndex] = entry;
  else recommendations.push(entry);

  const ableToScale: ConditionValue =
    stabilized !== desiredReplicas
      ? { status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
      : READY_FOR_NEW_SCALE;

  // convertDesiredReplicasWithRules
  const scaleUpLimit = Math.max(2 * currentReplicas, 4);
  let maximum: number;
  let limit: { reason: string; message: string };
  if (maxReplicas > scaleUpLimit) {
    maximum = scaleUpLimit;
    limit = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
  } else {
    maximum = maxReplicas;
    limit = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
  }
  let result = stabilized;
  let scalingLimited: ConditionValue;
  if (stabilized < minReplicas) {
    result = minReplicas;
    scalingLimited = { status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  } else if (stabilized > maximum) {
    result = maximum;
    scalingLimited = { status: 'True', ...limit };
  } else {
    scalingLimited = { status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
  }
  return { desiredReplicas: result, stabilizedRecommendation: stabilized, ableToScale, scalingLimited, history: { ...input.history, recommendations } };
}

function normalizeWithBehaviors(input: NormalizeInput, given: Behavior): Normalized {
  const behavior = completeBehavior(given);
  const { currentReplicas, desiredReplicas, minReplicas, maxReplicas, now } = input;

  // stabilizeRecommendationWithBehaviors
  const upCutoff = now - behavior.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = now - behavior.scaleDown.stabilizationWindowSeconds * 1000;
  let upRecommendation = desiredReplicas;
  let downRecommendation = desiredReplicas;
  let oldIndex = -1;
  const recommendations = input.history.recommendations.map((r) => ({ ...r }));
  recommendations.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.timestamp > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldIndex = i;
  });
  let stabilized = currentReplicas;
  if (stabilized < upRecommendation) stabilized = upRecommendation;
  if (stabilized > downRecommendation) stabilized = downRecommendation;
  const entry = { recommendation: desiredReplicas, timestamp: now };
  if (oldIndex >= 0) recommendations[oldIndex] = entry;
  else recommendations.push(entry);

  let ableToScale = READY_FOR_NEW_SCALE;
  if (stabilized !== desiredReplicas) {
    ableToScale =
      desiredReplicas >= currentReplicas
        ? { status: 'True', reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
        : { status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
  }

  // convertDesiredReplicasWithBehaviorRate
  let result = stabilized;
  let reason = 'DesiredWithinRange';
  let message = 'the desired count is within the acceptable range';
  const { scaleUpEvents, scaleDownEvents } = input.history;
  if (stabilized > currentReplicas) {
    let scaleUpLimit = scaleUpLimitWithRules(currentReplicas, scaleUpEvents, scaleDownEvents, behavior.scaleUp, now);
    if (scaleUpLimit < currentReplicas) scaleUpLimit = currentReplicas;
    let maximum = maxReplicas;
    let r: string;
    let m: string;
    if (maximum > scaleUpLimit) {
      maximum = scaleUpLimit;
      r = 'ScaleUpLimit';
      m = 'the desired replica count is increasing faster than the maximum scale rate';
    } else {
      r = 'TooManyReplicas';
      m = 'the desired replica count is more than the maximum replica count';
    }
    if (stabilized > maximum) [result, reason, message] = [maximum, r, m];
  } else if (stabilized < currentReplicas) {
    let scaleDownLimit = scaleDownLimitWithRules(currentReplicas, scaleUpEvents, scaleDownEvents, behavior.scaleDown, now);
    if (scaleDownLimit > currentReplicas) scaleDownLimit = currentReplicas;
    let minimum = minReplicas;
    let r: string;
    let m: string;
    if (minimum < scaleDownLimit) {
      minimum = scaleDownLimit;
      r = 'ScaleDownLimit';
      m = 'the desired replica count is decreasing faster than the maximum scale rate';
    } else {
      r = 'TooFewReplicas';
      m = 'the desired replica count is less than the minimum replica count';
    }
    if (stabilized < minimum) [result, reason, message] = [minimum, r, m];
  }
  const scalingLimited: ConditionValue = { status: result === stabilized ? 'False' : 'True', reason, message };
  return { desiredReplicas: result, stabilizedRecommendation: stabilized, ableToScale, scalingLimited, history: { ...input.history, recommendations } };
}

/** Replicas added (or removed) within the last `periodSeconds`. */
export function replicasChangePerPeriod(periodSeconds: number, events: ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.timestamp > cutoff) sum += e.replicaChange;
  return sum;
}

/**
 * calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors:
 * the furthest the policies let the count go from where each period started.
 * "Max" picks the largest change, "Min" the smallest, "Disabled" none.
 */
function limitWithRules(direction: 1 | -1, current: number, up: ScaleEvent[], down: ScaleEvent[], rules: CompleteRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  // The largest change is the highest ceiling going up and the lowest floor going down.
  const pickHigher = (rules.selectPolicy === 'Min') !== (direction === 1);
  let result = pickHigher ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const policy of rules.policies) {
    const periodStart = current - replicasChangePerPeriod(policy.periodSeconds, up, now) + replicasChangePerPeriod(policy.periodSeconds, down, now);
    let proposed: number;
    if (policy.type === 'Pods') proposed = periodStart + direction * policy.value;
    // Rounded up going up, so a small percentage still adds a pod; truncated going down.
    else if (direction === 1) proposed = Math.ceil(periodStart * (1 + policy.value / 100));
    else proposed = Math.trunc(periodStart * (1 - policy.value / 100));
    result = pickHigher ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

export function scaleUpLimitWithRules(current: number, up: ScaleEvent[], down: ScaleEvent[], rules: CompleteRules, now: number): number {
  return limitWithRules(1, current, up, down, rules, now);
}

export function scaleDownLimitWithRules(current: number, up: ScaleEvent[], down: ScaleEvent[], rules: CompleteRules, now: number): number {
  return limitWithRules(-1, current, up, down, rules, now);
}

/** storeScaleEvent: remembers a rescale for the rate policies (only with a behavior, as upstream). */
export function recordScaleEvent(behavior: Behavior | null | undefined, history: HpaHistory, previous: number, next: number, now: number): HpaHistory {
  if (!behavior) return history;
  const complete = completeBehavior(behavior);
  const up = next > previous;
  const rules = up ? complete.scaleUp : complete.scaleDown;
  const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds));
  const cutoff = now - longest * 1000;
  const events = (up ? history.scaleUpEvents : history.scaleDownEvents).map((e) => ({ ...e, outdated: e.outdated || e.timestamp < cutoff }));
  const entry: ScaleEvent = { replicaChange: Math.abs(next - previous), timestamp: now, outdated: false };
  let oldIndex = -1;
  events.forEach((e, i) => {
    if (e.outdated) oldIndex = i;
  });
  if (oldIndex >= 0) events[oldIndex] = entry;
  else events.push(entry);
  return up ? { ...history, scaleUpEvents: events } : { ...history, scaleDownEvents: events };
}

// ---------------------------------------------------------------------------
// One reconciliation's decision, given the per-metric proposals

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
  const history: HpaHistory =
    input.history.recommendations.length === 0
      ? { ...input.history, recommendations: [{ recommendation: currentReplicas, timestamp: now }] }
      : input.history;

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
