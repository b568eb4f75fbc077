import { describe, expect, it } from 'vitest';
import { averageValueReplicas, decide, emptyHistory, normalizeDesiredReplicas, recordScaleEvent, resourceReplicas, type PodSample } from './index';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const metrics = { timestamp: NOW, windowMs: 15_000 };

/** A Running pod, ready for an hour, requesting 1 CPU. */
function pod(name: string, usage: number | undefined, over: Partial<PodSample> = {}): PodSample {
  return {
    name,
    phase: 'Running',
    deleting: false,
    ready: { status: 'True', lastTransitionTime: NOW - 3_600_000 },
    startTime: NOW - 3_600_000,
    request: 1000,
    usage,
    ...over,
  };
}

function cpu(currentReplicas: number, targetUtilization: number, pods: PodSample[]) {
  return resourceReplicas({ currentReplicas, resource: 'cpu', pods, metrics, now: NOW, targetUtilization });
}

describe('replica calculator (resource utilization)', () => {
  it('scales up by ceil(ratio x ready pods): 300/500/700m of 1 CPU at target 30% gives 5', () => {
    const r = cpu(3, 30, [pod('a', 300), pod('b', 500), pod('c', 700)]);
    expect(r).toMatchObject({ ok: true, replicas: 5, utilization: 50, averageValue: 500, outcome: 'scaled' });
  });

  it('scales down: 1400m of 5 CPU at target 50% gives ceil(0.56 x 5) = 3', () => {
    const r = cpu(5, 50, [pod('a', 100), pod('b', 300), pod('c', 500), pod('d', 250), pod('e', 250)]);
    expect(r).toMatchObject({ ok: true, replicas: 3, utilization: 28 });
  });

  it('keeps the current count within the 0.1 tolerance (54% against 50%)', () => {
    const r = cpu(2, 50, [pod('a', 540), pod('b', 540)]);
    expect(r).toMatchObject({ ok: true, replicas: 2, utilization: 54, outcome: 'within-tolerance' });
  });

  it('scales at just over the tolerance (56% against 50% gives ceil(1.12 x 2) = 3)', () => {
    expect(cpu(2, 50, [pod('a', 560), pod('b', 560)])).toMatchObject({ ok: true, replicas: 3 });
  });

  it('counts unready pods as 0% on a scale-up', () => {
    // Ready pods: 1200m of 2 CPU = 60% -> ratio 2; with the unready pod at 0: 1200/3000 = 40% -> ceil(1.333 x 3) = 4.
    const r = cpu(3, 30, [pod('a', 300, { ready: { status: 'False', lastTransitionTime: NOW - 3_600_000 + 1000 } }), pod('b', 500), pod('c', 700)]);
    expect(r).toMatchObject({ ok: true, replicas: 4, utilization: 60, outcome: 'rebalanced' });
    if (r.ok) expect(r.groups.unready).toEqual(['a']);
  });

  it('leaves unready pods out of a scale-down', () => {
    // Only the two ready pods count: 200/2000 = 10% -> ceil(0.2 x 2) = 1.
    const r = cpu(3, 50, [pod('a', 900, { phase: 'Pending', usage: undefined }), pod('b', 100), pod('c', 100)]);
    expect(r).toMatchObject({ ok: true, replicas: 1, utilization: 10 });
  });

  it('assumes 100% for pods missing metrics on a scale-down', () => {
    // 300/3000 = 10%; the missing pod at 1000m: 1300/4000 = 32% -> ceil(0.64 x 4) = 3.
    const r = cpu(4, 50, [pod('a', 100), pod('b', 100), pod('c', 100), pod('d', undefined)]);
    expect(r).toMatchObject({ ok: true, replicas: 3, utilization: 10, outcome: 'rebalanced' });
    if (r.ok) expect(r.newUsageRatio).toBeCloseTo(0.64, 10);
  });

  it('assumes 0% for pods missing metrics on a scale-up', () => {
    // 2700/3000 = 90% -> ratio 1.8; the missing pod at 0: 2700/4000 = 67% -> ceil(1.34 x 4) = 6.
    const r = cpu(4, 50, [pod('a', 900), pod('b', 900), pod('c', 900), pod('d', undefined)]);
    expect(r).toMatchObject({ ok: true, replicas: 6, utilization: 90 });
  });

  it('does not scale when filling in missing pods reverses the direction', () => {
    // 40% -> ratio 0.8 (down); with the missing pod at 100%: 70% -> ratio 1.4 (up): keep 2.
    const r = cpu(2, 50, [pod('a', 400), pod('b', undefined)]);
    expect(r).toMatchObject({ ok: true, replicas: 2, outcome: 'direction-change' });
  });

  it('ignores pods being deleted and failed pods', () => {
    const r = cpu(3, 50, [pod('a', 500), pod('b', 2000, { deleting: true }), pod('c', 2000, { phase: 'Failed' })]);
    expect(r).toMatchObject({ ok: true, replicas: 3, utilization: 50, outcome: 'within-tolerance' });
    if (r.ok) expect(r.groups.ignored).toEqual(['b', 'c']);
  });

  it('ignores a CPU sample taken less than a metric window after a young pod became ready', () => {
    const young = pod('b', 1000, { startTime: NOW - 60_000, ready: { status: 'True', lastTransitionTime: NOW - 10_000 } });
    const r = cpu(2, 50, [pod('a', 500), young]);
    // b counts as unready; a alone is at target: within tolerance even with b at 0 is not considered (ratio 1.0, no scale-up).
    expect(r).toMatchObject({ ok: true, replicas: 2, utilization: 50 });
    if (r.ok) expect(r.groups.unready).toEqual(['b']);
  });

  it('after the initialization period ignores a pod only when it has never been ready', () => {
    const neverReady = pod('b', 1000, { startTime: NOW - 600_000, ready: { status: 'False', lastTransitionTime: NOW - 600_000 + 20_000 } });
    const wasReady = pod('c', 1000, { startTime: NOW - 600_000, ready: { status: 'False', lastTransitionTime: NOW - 600_000 + 120_000 } });
    const r = cpu(3, 50, [pod('a', 1000), neverReady, wasReady]);
    if (!r.ok) throw new Error(r.error);
    expect(r.groups).toEqual({ readyPodCount: 2, unready: ['b'], missing: [], ignored: [] });
    // 2000/2000 = 100% -> ratio 2; with b at 0: 2000/3000 = 66% -> ceil(1.32 x 3) = 4.
    expect(r.replicas).toBe(4);
  });

  it('reports the upstream errors', () => {
    expect(cpu(2, 50, [pod('a', undefined), pod('b', undefined)])).toEqual({
      ok: false,
      error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    });
    expect(cpu(1, 50, [pod('a', 100, { phase: 'Pending' })])).toEqual({ ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' });
    expect(cpu(1, 50, [pod('a', 100, { request: undefined, containerWithoutRequest: 'app' })])).toEqual({
      ok: false,
      error: 'missing request for cpu in container app of Pod a',
    });
  });
});

describe('replica calculator (average value)', () => {
  it('scales to ceil(average / target x ready pods)', () => {
    const r = averageValueReplicas({ currentReplicas: 3, resource: 'cpu', pods: [pod('a', 300), pod('b', 500), pod('c', 700)], metrics, now: NOW, targetAverageValue: 250 });
    expect(r).toMatchObject({ ok: true, replicas: 6, averageValue: 500 });
  });

  it('treats missing pods as exactly the target on a scale-down', () => {
    // average 100 -> ratio 0.4; with the missing pod at 250: (100+100+250)/3 = 150 -> ratio 0.6 -> ceil(1.8) = 2.
    const r = averageValueReplicas({ currentReplicas: 3, resource: 'memory', pods: [pod('a', 100), pod('b', 100), pod('c', undefined)], metrics, now: NOW, targetAverageValue: 250 });
    expect(r).toMatchObject({ ok: true, replicas: 2, averageValue: 100 });
  });
});

describe('normalization without a behavior', () => {
  const base = { behavior: null, minReplicas: 2, maxReplicas: 10, now: NOW, history: emptyHistory() };

  it('limits a scale-up to max(2 x current, 4)', () => {
    const n = normalizeDesiredReplicas({ ...base, currentReplicas: 2, desiredReplicas: 9 });
    expect(n.desiredReplicas).toBe(4);
    expect(n.scalingLimited).toEqual({ status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
  });

  it('clamps to maxReplicas with TooManyReplicas', () => {
    const n = normalizeDesiredReplicas({ ...base, currentReplicas: 6, desiredReplicas: 14 });
    expect(n.desiredReplicas).toBe(10);
    expect(n.scalingLimited.reason).toBe('TooManyReplicas');
  });

  it('clamps to minReplicas with TooFewReplicas', () => {
    const n = normalizeDesiredReplicas({ ...base, currentReplicas: 3, desiredReplicas: 1 });
    expect(n.desiredReplicas).toBe(2);
    expect(n.scalingLimited).toEqual({ status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
  });

  it('holds a scale-down at the highest recommendation of the last 300 s', () => {
    const history = {
      ...emptyHistory(),
      recommendations: [
        { recommendation: 6, timestamp: NOW - 299_000 },
        { recommendation: 5, timestamp: NOW - 100_000 },
      ],
    };
    const n = normalizeDesiredReplicas({ ...base, currentReplicas: 6, desiredReplicas: 3, history });
    expect(n.desiredReplicas).toBe(6);
    expect(n.ableToScale).toEqual({ status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
    expect(n.history.recommendations).toEqual([...history.recommendations, { recommendation: 3, timestamp: NOW }]);
    // Two seconds later the 6 has left the window and replaces itself with the new sample.
    const later = normalizeDesiredReplicas({ ...base, currentReplicas: 6, desiredReplicas: 3, history: n.history, now: NOW + 2_000 });
    expect(later.desiredReplicas).toBe(5);
    expect(later.history.recommendations[0]).toEqual({ recommendation: 3, timestamp: NOW + 2_000 });
  });
});

describe('normalization with a behavior', () => {
  const base = { minReplicas: 1, maxReplicas: 20, now: NOW, history: emptyHistory() };

  it('default scale-up: the larger of 4 pods and 100% per 15 s', () => {
    const n = normalizeDesiredReplicas({ ...base, behavior: {}, currentReplicas: 2, desiredReplicas: 12 });
    expect(n.desiredReplicas).toBe(6);
    expect(n.scalingLimited.reason).toBe('ScaleUpLimit');
    const big = normalizeDesiredReplicas({ ...base, behavior: {}, currentReplicas: 6, desiredReplicas: 19 });
    expect(big.desiredReplicas).toBe(12);
  });

  it('counts replicas already added within the period', () => {
    const history = recordScaleEvent({}, emptyHistory(), 2, 6, NOW - 10_000);
    const n = normalizeDesiredReplicas({ ...base, behavior: {}, currentReplicas: 6, desiredReplicas: 12, history });
    // Period start = 6 - 4 = 2: at most max(2 + 4, 2 x 2) = 6, so nothing more yet.
    expect(n.desiredReplicas).toBe(6);
    const after = normalizeDesiredReplicas({ ...base, behavior: {}, currentReplicas: 6, desiredReplicas: 12, history, now: NOW + 6_000 });
    expect(after.desiredReplicas).toBe(12);
  });

  it('selectPolicy Min picks the smaller change', () => {
    const behavior = { scaleUp: { selectPolicy: 'Min' as const } };
    expect(normalizeDesiredReplicas({ ...base, behavior, currentReplicas: 2, desiredReplicas: 12 }).desiredReplicas).toBe(4);
  });

  it('selectPolicy Disabled never scales in that direction', () => {
    const behavior = { scaleDown: { selectPolicy: 'Disabled' as const, stabilizationWindowSeconds: 0 } };
    const n = normalizeDesiredReplicas({ ...base, behavior, currentReplicas: 5, desiredReplicas: 2 });
    expect(n.desiredReplicas).toBe(5);
    expect(n.scalingLimited).toEqual({ status: 'True', reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' });
  });

  it('a Pods scale-down policy removes at most its value per period', () => {
    const behavior = { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods' as const, value: 1, periodSeconds: 60 }] } };
    const n = normalizeDesiredReplicas({ ...base, behavior, currentReplicas: 5, desiredReplicas: 2 });
    expect(n.desiredReplicas).toBe(4);
    const history = recordScaleEvent(behavior, emptyHistory(), 5, 4, NOW);
    const next = normalizeDesiredReplicas({ ...base, behavior, currentReplicas: 4, desiredReplicas: 2, history, now: NOW + 15_000 });
    expect(next.desiredReplicas).toBe(4);
  });

  it('a Percent scale-down policy rounds the floor down', () => {
    const behavior = { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent' as const, value: 50, periodSeconds: 15 }] } };
    expect(normalizeDesiredReplicas({ ...base, behavior, currentReplicas: 5, desiredReplicas: 1 }).desiredReplicas).toBe(2);
  });

  it('a scale-up stabilization window applies the lowest recent recommendation', () => {
    const behavior = { scaleUp: { stabilizationWindowSeconds: 60 } };
    const history = { ...emptyHistory(), recommendations: [{ recommendation: 4, timestamp: NOW - 30_000 }] };
    const n = normalizeDesiredReplicas({ ...base, behavior, currentReplicas: 3, desiredReplicas: 8, history });
    expect(n.desiredReplicas).toBe(4);
    expect(n.ableToScale.reason).toBe('ScaleUpStabilized');
  });

  it('the default scale-down window is 300 s', () => {
    const history = { ...emptyHistory(), recommendations: [{ recommendation: 8, timestamp: NOW - 200_000 }] };
    expect(normalizeDesiredReplicas({ ...base, behavior: {}, currentReplicas: 8, desiredReplicas: 3, history }).desiredReplicas).toBe(8);
  });
});

describe('decide', () => {
  const base = { minReplicas: 2, maxReplicas: 10, behavior: null, now: NOW, history: emptyHistory() };
  const cpuName = 'cpu resource utilization (percentage of request)';

  it('rescales with the upstream reason', () => {
    const d = decide({ ...base, currentReplicas: 3, proposals: [{ ok: true, replicas: 5, metricName: cpuName }] });
    expect(d).toMatchObject({ desiredReplicas: 5, rescale: true, rescaleReason: 'cpu resource utilization (percentage of request) above target' });
    expect(d.conditions.scalingActive?.message).toBe('the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
  });

  it('is disabled when the target has zero replicas', () => {
    const d = decide({ ...base, currentReplicas: 0, proposals: [] });
    expect(d.rescale).toBe(false);
    expect(d.conditions.scalingActive?.reason).toBe('ScalingDisabled');
  });

  it('brings a target above maxReplicas down without looking at metrics', () => {
    const d = decide({ ...base, currentReplicas: 12, proposals: [] });
    expect(d).toMatchObject({ desiredReplicas: 10, rescale: true, rescaleReason: 'Current number of replicas above Spec.MaxReplicas' });
  });

  it('fails when every metric fails', () => {
    const detail = 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';
    const error = `failed to get cpu resource metric value: ${detail}`;
    const d = decide({ ...base, currentReplicas: 3, proposals: [{ ok: false, reason: 'FailedGetResourceMetric', detail, error }] });
    expect(d.rescale).toBe(false);
    expect(d.error).toBe(`invalid metrics (1 invalid out of 1), first error is: ${error}`);
    expect(d.conditions.scalingActive).toEqual({ status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${detail}` });
  });
});
