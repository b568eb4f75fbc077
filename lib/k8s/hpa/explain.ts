/**
 * The HPA algorithm applied to now, step by step: each metric's ratio and
 * proposal, the highest proposal, the stabilization window and the rules that
 * hold or limit it, and the outcome in one sentence. Pure: the caller brings
 * the HPA, the target's replicas, the pods with their usage, the recent
 * recommendations and the clock.
 */
import { CPU_INITIALIZATION_PERIOD_MS, DOWNSCALE_STABILIZATION_WINDOW_MS, TOLERANCE } from './constants';
import { decide, type Decision } from './decide';
import { computeMetric, formatMilli, podSample, type ContainerUsage, type HpaPod, type MetricOutcome } from './metric';
import { completeBehavior, type Behavior, type HpaHistory } from './normalize';
import { reportedMetric } from './reported-metric';
import { englishOutcome, englishStep, type OutcomeMessage, type StepPart } from './outcome';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

export interface ExplainInput {
  /** The HPA as autoscaling/v2 serves it. */
  hpa: { metadata: { name: string; namespace?: string }; spec?: any; status?: any };
  /** The target's spec.replicas (its scale subresource). */
  currentReplicas: number;
  /** The pods the target's selector matches. */
  pods: HpaPod[];
  /** PodMetrics by pod name; a pod absent here has no metrics. */
  usage: Map<string, ContainerUsage[]>;
  /** When the metrics were collected and over which window. */
  metrics: { timestamp: number; windowMs: number };
  now: number;
  /** Recent recommendations and scale events, as the controller would remember them. */
  history: HpaHistory;
  /** Changes to try without writing them: a utilization target for every utilization metric, min and max. */
  whatIf?: WhatIf;
}

export interface WhatIf {
  targetUtilization?: number;
  minReplicas?: number;
  maxReplicas?: number;
}

export interface MetricStep {
  /** "cpu", "memory", or the custom metric's name. */
  name: string;
  type: string;
  container?: string;
  /** "50%" or "500m". */
  target: string;
  /** "62%" or "310m"; absent when the metric could not be computed. */
  current?: string;
  /** current / target over the pods that have metrics. */
  ratio?: number;
  /** The ratio after counting unready and missing pods, when that second pass ran. */
  adjustedRatio?: number;
  withinTolerance?: boolean;
  /** ceil(ratio × ready pods), or the current count within the tolerance. */
  proposedReplicas?: number;
  readyPods?: number;
  unreadyPods?: string[];
  missingPods?: string[];
  ignoredPods?: string[];
  /** How the calculator reached its count: the tolerance, a plain ratio, a second pass, or a reversed direction. */
  outcome?: 'within-tolerance' | 'scaled' | 'direction-change' | 'rebalanced';
  /** Why, in English sentences: the pods' treatment and the arithmetic. */
  explanation: string;
  /** The same, sentence by sentence as kinds and numbers, for a page to say in its language. */
  explanationParts: StepPart[];
  error?: string;
}

export interface Hold {
  kind: 'scale-down-stabilization' | 'scale-up-stabilization';
  windowSeconds: number;
  /** The recommendation the window applies. */
  replicas: number;
  /** When that recommendation leaves the window. */
  until: string;
}

export interface Limit {
  reason: string;
  message: string;
  replicas: number;
}

export interface Explanation {
  now: string;
  currentReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  tolerance: number;
  metrics: MetricStep[];
  /** The highest proposal across metrics. */
  proposedReplicas?: number;
  /** What the controller does before looking at metrics, when the count is out of range or zero. */
  special?: 'scaling-disabled' | 'above-max' | 'below-min';
  error?: string;
  stabilization?: { windowSeconds: { scaleUp: number; scaleDown: number }; recommendations: number; stabilizedReplicas: number; hold?: Hold };
  /** The behavior as the controller applies it (defaults filled in), or null for the classic rules. */
  behavior: ReturnType<typeof completeBehavior> | null;
  limit?: Limit;
  desiredReplicas: number;
  rescale: boolean;
  conditions: Decision['conditions'];
  /** The outcome in one sentence, in English. */
  outcome: string;
  /** The same outcome as a kind and its numbers, for a page to say in its language. */
  outcomeMessage: OutcomeMessage;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function applyWhatIf(spec: any, whatIf: WhatIf | undefined): any {
  if (!whatIf) return spec;
  const metrics = (spec?.metrics ?? []).map((m: any) => {
    const key = m.type === 'Resource' ? 'resource' : m.type === 'ContainerResource' ? 'containerResource' : undefined;
    if (!key || whatIf.targetUtilization === undefined || m[key]?.target?.averageUtilization === undefined) return m;
    return { ...m, [key]: { ...m[key], target: { ...m[key].target, averageUtilization: whatIf.targetUtilization } } };
  });
  return {
    ...spec,
    metrics,
    ...(whatIf.minReplicas !== undefined ? { minReplicas: whatIf.minReplicas } : {}),
    ...(whatIf.maxReplicas !== undefined ? { maxReplicas: whatIf.maxReplicas } : {}),
  };
}

function targetText(spec: any): { name: string; container?: string; target: string; utilization: boolean } {
  const source = spec.type === 'Resource' ? spec.resource : spec.type === 'ContainerResource' ? spec.containerResource : undefined;
  if (source) {
    const t = source.target ?? {};
    const utilization = t.averageUtilization !== undefined;
    return { name: source.name, ...(source.container ? { container: source.container } : {}), target: utilization ? `${t.averageUtilization}%` : String(t.averageValue ?? '<unset>'), utilization };
  }
  const other = spec.pods ?? spec.object ?? spec.external ?? {};
  const t = other.target ?? {};
  return { name: other.metric?.name ?? spec.type, target: String(t.averageValue ?? t.value ?? '<unset>'), utilization: false };
}

function metricStep(spec: any, outcome: MetricOutcome, currentReplicas: number, resource: string): MetricStep {
  const t = targetText(spec);
  const base = { name: t.name, type: spec.type, ...(t.container ? { container: t.container } : {}), target: t.target };
  if (!outcome.proposal.ok || !outcome.result) {
    const error = outcome.proposal.ok ? 'no result' : outcome.proposal.error;
    const parts: StepPart[] = [{ kind: 'error', error }];
    return { ...base, error, explanation: englishStep(parts), explanationParts: parts };
  }
  const r = outcome.result;
  const current = t.utilization ? `${r.utilization}%` : formatMilli(r.averageValue);
  const within = Math.abs(1 - (r.newUsageRatio ?? r.usageRatio)) <= TOLERANCE;
  const g = r.groups;
  const parts: StepPart[] = [{ kind: 'usage', current, reported: !(spec.type === 'Resource' || spec.type === 'ContainerResource'), target: t.target, ready: g.readyPodCount, ratio: r.usageRatio }];
  if (g.ignored.length) parts.push({ kind: 'ignored', pods: g.ignored });
  if (g.unready.length) parts.push({ kind: 'unready', pods: g.unready, cpu: resource === 'cpu', minutes: CPU_INITIALIZATION_PERIOD_MS / 60_000, up: r.usageRatio > 1 });
  if (g.missing.length) {
    parts.push({ kind: 'missing', pods: g.missing, counted: r.usageRatio < 1 ? 'assumed' : r.usageRatio > 1 ? 'nothing' : 'target', utilization: Boolean(t.utilization) });
  }
  if (r.newUsageRatio !== undefined) parts.push({ kind: 'adjusted', ratio: r.newUsageRatio });
  switch (r.outcome) {
    case 'within-tolerance':
      parts.push({ kind: 'withinTolerance', tolerance: TOLERANCE, current: currentReplicas });
      break;
    case 'direction-change':
      parts.push({ kind: 'directionChange', current: currentReplicas });
      break;
    case 'scaled':
      parts.push({ kind: 'ceil', ratio: r.usageRatio, pods: g.readyPodCount, replicas: r.replicas });
      break;
    case 'rebalanced':
      parts.push({ kind: 'ceil', ratio: r.newUsageRatio!, pods: g.readyPodCount + g.missing.length + (r.usageRatio > 1 ? g.unready.length : 0), replicas: r.replicas });
      break;
  }
  return {
    ...base,
    current,
    ratio: r.usageRatio,
    ...(r.newUsageRatio !== undefined ? { adjustedRatio: r.newUsageRatio } : {}),
    withinTolerance: within,
    proposedReplicas: r.replicas,
    readyPods: g.readyPodCount,
    unreadyPods: g.unready,
    missingPods: g.missing,
    ignoredPods: g.ignored,
    outcome: r.outcome,
    explanation: englishStep(parts),
    explanationParts: parts,
  };
}

/** Which window holds the count and until when: the newest recommendation that keeps it there, plus the window. */
function holdOf(input: { history: HpaHistory; behavior: Behavior | null; current: number; wanted: number; stabilized: number; now: number }): Hold | undefined {
  const { history, behavior, current, wanted, stabilized, now } = input;
  if (stabilized === wanted) return undefined;
  const complete = behavior ? completeBehavior(behavior) : null;
  const up = complete !== null && wanted >= current;
  const windowSeconds = up ? complete.scaleUp.stabilizationWindowSeconds : complete ? complete.scaleDown.stabilizationWindowSeconds : DOWNSCALE_STABILIZATION_WINDOW_MS / 1000;
  const cutoff = now - windowSeconds * 1000;
  // The count holds while a recommendation at or beyond it (above going down, below going up) is in the window.
  const at = history.recommendations.filter((r) => (up ? r.recommendation <= stabilized : r.recommendation >= stabilized) && r.timestamp >= cutoff).map((r) => r.timestamp);
  const newest = at.length ? Math.max(...at) : now;
  return { kind: up ? 'scale-up-stabilization' : 'scale-down-stabilization', windowSeconds, replicas: stabilized, until: new Date(newest + windowSeconds * 1000).toISOString() };
}

function outcomeOf(e: Omit<Explanation, 'outcome' | 'outcomeMessage'>): OutcomeMessage {
  const { currentReplicas: current, desiredReplicas: desired, minReplicas: min, maxReplicas: max } = e;
  if (e.special === 'scaling-disabled') return { kind: 'scalingDisabled' };
  if (e.special === 'above-max') return { kind: 'aboveMax', current, max };
  if (e.special === 'below-min') return { kind: 'belowMin', current, min };
  if (e.error) return { kind: 'error', error: e.error, current };
  const wanted = e.proposedReplicas ?? current;
  const hold = e.stabilization?.hold;
  const limit = e.limit ? { reason: e.limit.reason, min, max } : undefined;
  const move = desired !== current ? { move: { from: current, to: desired } } : {};
  if (wanted === current && desired === current) {
    return { kind: 'steady', current, tolerant: e.metrics.some((m) => m.outcome === 'within-tolerance' || m.outcome === 'direction-change') };
  }
  const upward = e.limit && (e.limit.reason === 'TooManyReplicas' || e.limit.reason === 'ScaleUpLimit');
  // The limit decides when the algorithm wants to go past it; otherwise a window holding the count decides.
  const limitDecides = e.limit && (upward ? wanted > desired : wanted < desired);
  const limited: OutcomeMessage = { kind: 'limited', wanted, desired, held: desired === current, ...(limit ? { limit } : {}), ...move };
  if (limitDecides) return limited;
  if (hold) {
    const capped = e.limit && desired !== hold.replicas;
    return {
      kind: 'held',
      wanted,
      heldAt: capped ? desired : hold.replicas,
      window: hold.kind === 'scale-down-stabilization' ? 'down' : 'up',
      until: clock(Date.parse(hold.until)),
      ...(capped ? { capped: { holds: hold.replicas, ...(limit ? { limit } : {}) } } : {}),
      ...move,
    };
  }
  if (e.limit) return limited;
  return { kind: 'wants', wanted, ...move };
}

/** The controller's next decision for this HPA, explained. */
export function explainHpa(input: ExplainInput): Explanation {
  const { hpa, currentReplicas, pods, usage, metrics, now, history } = input;
  const spec = applyWhatIf(hpa.spec ?? {}, input.whatIf);
  const minReplicas: number = spec.minReplicas ?? 1;
  const maxReplicas: number = spec.maxReplicas ?? 1;
  const behavior: Behavior | null = spec.behavior ?? null;
  const metricSpecs: any[] = spec.metrics ?? [];
  const outOfRange = currentReplicas > maxReplicas || currentReplicas < minReplicas || (currentReplicas === 0 && minReplicas !== 0);
  const podInputs = pods.map((p) => {
    const u = usage.get(String(p.metadata?.name ?? ''));
    return {
      namespace: String(p.metadata?.namespace ?? ''),
      name: String(p.metadata?.name ?? ''),
      ...(u ? { metricContainers: u.map((c) => c.name) } : {}),
      sample: (resource: string, container?: string) => podSample(p, u, resource, container),
    };
  });
  const reported: unknown[] = hpa.status?.currentMetrics ?? [];
  const outcomes = outOfRange ? [] : metricSpecs.map((m, i) => reportedMetric(m, reported[i], currentReplicas, pods) ?? computeMetric({ spec: m, currentReplicas, pods: podInputs, metrics, now }));
  const decision = decide({ currentReplicas, minReplicas, maxReplicas, behavior, proposals: outcomes.map((o) => o.proposal), now, history });
  const steps = outcomes.map((o, i) => {
    const m = metricSpecs[i];
    const source = m.type === 'Resource' ? m.resource : m.type === 'ContainerResource' ? m.containerResource : undefined;
    return metricStep(m, o, currentReplicas, source?.name ?? '');
  });
  let special: Explanation['special'];
  if (currentReplicas === 0 && minReplicas !== 0) special = 'scaling-disabled';
  else if (currentReplicas > maxReplicas) special = 'above-max';
  else if (currentReplicas < minReplicas) special = 'below-min';
  const complete = behavior ? completeBehavior(behavior) : null;
  const n = decision.normalized;
  const explanation: Omit<Explanation, 'outcome' | 'outcomeMessage'> = {
    now: new Date(now).toISOString(),
    currentReplicas,
    minReplicas,
    maxReplicas,
    tolerance: TOLERANCE,
    metrics: steps,
    ...(decision.metricDesiredReplicas !== undefined ? { proposedReplicas: decision.metricDesiredReplicas } : {}),
    ...(special ? { special } : {}),
    ...(decision.error ? { error: decision.error } : {}),
    ...(n
      ? {
          stabilization: {
            windowSeconds: {
              scaleUp: complete ? complete.scaleUp.stabilizationWindowSeconds : 0,
              scaleDown: complete ? complete.scaleDown.stabilizationWindowSeconds : DOWNSCALE_STABILIZATION_WINDOW_MS / 1000,
            },
            recommendations: history.recommendations.length,
            stabilizedReplicas: n.stabilizedRecommendation,
            ...(() => {
              const hold = holdOf({ history, behavior, current: currentReplicas, wanted: decision.metricDesiredReplicas!, stabilized: n.stabilizedRecommendation, now });
              return hold ? { hold } : {};
            })(),
          },
        }
      : {}),
    behavior: complete,
    ...(n && n.scalingLimited.status === 'True' ? { limit: { reason: n.scalingLimited.reason, message: n.scalingLimited.message, replicas: n.desiredReplicas } } : {}),
    desiredReplicas: decision.desiredReplicas,
    rescale: decision.rescale,
    conditions: decision.conditions,
  };
  const outcomeMessage = outcomeOf(explanation);
  return { ...explanation, outcome: englishOutcome(outcomeMessage), outcomeMessage };
}
