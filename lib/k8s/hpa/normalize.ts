/**
 * Normalization of the desired replicas, as upstream's horizontal.go: the
 * min/max and rate rules, the behavior policies and the stabilization windows.
 * Pure: recent recommendations and scale events go in and come back out.
 */
import { DOWNSCALE_STABILIZATION_WINDOW_MS } from './constants';

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
