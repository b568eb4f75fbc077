import { describe, expect, it } from 'vitest';
import { explainHpa, type ExplainInput } from './explain';
import type { ContainerUsage } from './metric';
import { emptyHistory } from './normalize';

const NOW = Date.parse('2026-01-01T12:00:30Z');
const HOUR_AGO = new Date(NOW - 3_600_000).toISOString();

function pod(name: string, extra: { phase?: string; ready?: boolean; deleting?: boolean } = {}) {
  return {
    metadata: { name, namespace: 'eks-work', ...(extra.deleting ? { deletionTimestamp: HOUR_AGO } : {}) },
    spec: { containers: [{ name: 'app', resources: { requests: { cpu: '250m' } } }] },
    status: {
      phase: extra.phase ?? 'Running',
      startTime: HOUR_AGO,
      conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True', lastTransitionTime: HOUR_AGO }],
    },
  };
}

/** backend-app's HPA: cpu 50% of 250m requests, 2 to 10 replicas. */
function input(usageMilli: (number | undefined)[], over: Partial<ExplainInput> = {}): ExplainInput {
  const pods = usageMilli.map((_, i) => pod(`backend-app-${i}`));
  const usage = new Map<string, ContainerUsage[]>();
  usageMilli.forEach((u, i) => u !== undefined && usage.set(`backend-app-${i}`, [{ name: 'app', cpu: u, memory: 0 }]));
  return {
    hpa: {
      metadata: { name: 'backend-app', namespace: 'eks-work' },
      spec: { minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    },
    currentReplicas: usageMilli.length,
    pods,
    usage,
    metrics: { timestamp: NOW, windowMs: 15_000 },
    now: NOW,
    history: emptyHistory(),
    ...over,
  };
}

describe('explainHpa', () => {
  it('scales out: 200m of 250m on each of 3 pods is 80% against 50%, ceil(1.6 × 3) = 5', () => {
    const e = explainHpa(input([200, 200, 200]));
    expect(e.metrics[0]).toMatchObject({ current: '80%', target: '50%', ratio: 1.6, withinTolerance: false, proposedReplicas: 5, readyPods: 3, outcome: 'scaled' });
    expect(e.metrics[0].explanation).toBe('80% against 50% over 3 ready pods: ratio 1.60. ceil(1.60 × 3) = 5.');
    expect([e.desiredReplicas, e.rescale, e.outcome]).toEqual([5, true, 'wants 5 replicas: scales from 3 to 5']);
  });

  it('stays within the 0.1 tolerance: 54% against 50% keeps 3', () => {
    const e = explainHpa(input([135, 135, 135]));
    expect(e.metrics[0]).toMatchObject({ current: '54%', withinTolerance: true, proposedReplicas: 3, outcome: 'within-tolerance' });
    expect(e.outcome).toBe('wants 3 replicas and has them: the metrics are within the tolerance of their targets');
  });

  it('holds a scale-down at the highest recommendation of the last 300 s and says until when', () => {
    const history = { ...emptyHistory(), recommendations: [{ recommendation: 9, timestamp: Date.parse('2026-01-01T12:00:30Z') - 60_000 }] };
    const e = explainHpa(input([50, 50, 50, 50, 50, 50, 50, 50, 50], { history }));
    expect(e.proposedReplicas).toBe(4);
    expect(e.stabilization).toMatchObject({ stabilizedReplicas: 9, hold: { kind: 'scale-down-stabilization', windowSeconds: 300, replicas: 9, until: '2026-01-01T12:04:30.000Z' } });
    expect(e.outcome).toBe('wants 4 replicas; held at 9 by the scale-down stabilization window until 12:04:30');
  });

  it('holds at maxReplicas when the metrics want more', () => {
    const e = explainHpa(input([250, 250, 250, 250, 250, 250, 250, 250, 250, 250]));
    expect(e.limit).toEqual({ reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count', replicas: 10 });
    expect(e.outcome).toBe('wants 20 replicas; held at 10 by maxReplicas (10)');
  });

  it('limits a scale-up to max(2 × current, 4) per sync without a behavior', () => {
    const e = explainHpa(input([500, 500]));
    expect(e.proposedReplicas).toBe(8);
    expect(e.limit).toEqual({ reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate', replicas: 4 });
    expect(e.outcome).toBe('wants 8 replicas; limited to 4 by the scale-up rate limit: scales from 2 to 4');
  });

  it('counts unready pods as using nothing on a scale-up', () => {
    const base = input([250, 250]);
    const pods = [...base.pods, { ...pod('backend-app-2', { ready: false }), status: { ...pod('x').status, phase: 'Pending', conditions: [] } }];
    const e = explainHpa({ ...base, pods, currentReplicas: 3 });
    expect(e.metrics[0]).toMatchObject({ unreadyPods: ['backend-app-2'], ratio: 2, adjustedRatio: 1.32, proposedReplicas: 4, outcome: 'rebalanced' });
    expect(e.metrics[0].explanation).toContain(
      'Unready (Pending, unready, or within the 5-minute CPU initialization period): backend-app-2; counted as using nothing, since the metric asks to scale up.',
    );
  });

  it('ignores pods being deleted', () => {
    const base = input([200, 200]);
    const e = explainHpa({ ...base, pods: [...base.pods, pod('backend-app-9', { deleting: true })], currentReplicas: 3 });
    expect(e.metrics[0].ignoredPods).toEqual(['backend-app-9']);
    expect(e.metrics[0].proposedReplicas).toBe(4);
  });

  it('cannot compute without metrics: the upstream error and no change', () => {
    const e = explainHpa(input([undefined, undefined]));
    expect(e.error).toBe(
      'invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    );
    expect(e.outcome).toBe(`cannot compute a replica count (${e.error}); stays at 2`);
  });

  it('is disabled at zero replicas and brings an out-of-range count inside first', () => {
    expect(explainHpa(input([], { currentReplicas: 0 })).outcome).toBe('scaling is disabled: the target has 0 replicas');
    expect(explainHpa(input([100], { currentReplicas: 1 })).outcome).toBe('has 1 replica, below minReplicas 2: scales up to 2 without looking at metrics');
  });

  it('what-if: a 100% target over the same pods wants fewer; the HPA itself is untouched', () => {
    const base = input([200, 200, 200]);
    const e = explainHpa({ ...base, whatIf: { targetUtilization: 100, minReplicas: 1 } });
    expect(e.metrics[0]).toMatchObject({ target: '100%', ratio: 0.8, proposedReplicas: 3 });
    expect(e.minReplicas).toBe(1);
    expect(base.hpa.spec.metrics[0].resource.target.averageUtilization).toBe(50);
  });

  it('applies a behavior: a Pods scale-down policy removes at most its value per period', () => {
    const base = input([25, 25, 25, 25, 25, 25, 25, 25]);
    const hpa = { ...base.hpa, spec: { ...base.hpa.spec, behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] } } } };
    const e = explainHpa({ ...base, hpa });
    expect(e.proposedReplicas).toBe(2);
    expect(e.limit).toEqual({ reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate', replicas: 6 });
    expect(e.outcome).toBe('wants 2 replicas; limited to 6 by the scale-down policy: scales from 8 to 6');
  });

  it('with a behavior, a scale-down window holds the current count until the last higher recommendation leaves it', () => {
    const base = input([40, 40, 40, 40]);
    const hpa = { ...base.hpa, spec: { ...base.hpa.spec, behavior: { scaleDown: { stabilizationWindowSeconds: 120 } } } };
    const history = {
      ...emptyHistory(),
      recommendations: [
        { recommendation: 6, timestamp: NOW - 90_000 },
        { recommendation: 5, timestamp: NOW - 30_000 },
      ],
    };
    const e = explainHpa({ ...base, hpa, history });
    expect([e.proposedReplicas, e.stabilization?.stabilizedReplicas, e.desiredReplicas]).toEqual([2, 4, 4]);
    expect(e.stabilization?.hold).toEqual({ kind: 'scale-down-stabilization', windowSeconds: 120, replicas: 4, until: '2026-01-01T12:02:00.000Z' });
    expect(e.outcome).toBe('wants 2 replicas; held at 4 by the scale-down stabilization window until 12:02:00');
  });

  it('explains a Pods metric from the value the controller last reported: 15 requests per second against 10 on 3 ready pods wants ceil(1.5 × 3) = 5', () => {
    const base = input([100, 100, 100]);
    const hpa = {
      ...base.hpa,
      spec: { ...base.hpa.spec, metrics: [{ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '10' } } }] },
      status: { currentMetrics: [{ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, current: { averageValue: '15' } } }] },
    };
    const e = explainHpa({ ...base, hpa });
    expect(e.metrics[0]).toMatchObject({ name: 'http_requests_per_second', current: '15', target: '10', ratio: 1.5, proposedReplicas: 5 });
    expect(e.metrics[0].explanation).toBe('15 (the value the controller last reported) against 10 over 3 ready pods: ratio 1.50. ceil(1.50 × 3) = 5.');
    expect(e.outcome).toBe('wants 5 replicas: scales from 3 to 5');
  });

  it('an Object metric the controller reported no value for cannot be computed, as the controller says', () => {
    const base = input([100, 100]);
    const hpa = {
      ...base.hpa,
      spec: { ...base.hpa.spec, metrics: [{ type: 'Object', object: { metric: { name: 'hits' }, describedObject: { kind: 'Service', name: 's' }, target: { type: 'Value', value: '100' } } }] },
    };
    const e = explainHpa({ ...base, hpa });
    expect(e.metrics[0].error).toBe('failed to get object metric value: unable to get metric hits: unable to fetch metrics from custom metrics API: the server could not find the requested resource');
  });
});
