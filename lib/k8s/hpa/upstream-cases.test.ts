/** Cases from upstream's replica_calculator_test.go, with the counts it expects. */
import { describe, expect, it } from 'vitest';
import { averageValueReplicas, resourceReplicas, type PodSample } from './replica-calculator';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const COOL_START = NOW - 10 * 60_000;
const metrics = { timestamp: NOW, windowMs: 30_000 };

interface PodSpec {
  usage?: number;
  request?: number;
  ready?: 'True' | 'False';
  phase?: string;
  deleting?: boolean;
}

/** Pods started ten minutes ago whose Ready condition changed when they started, as upstream's test pods. */
function pods(specs: PodSpec[]): PodSample[] {
  return specs.map((s, i) => ({
    name: `test-pod-${i}`,
    phase: s.phase ?? 'Running',
    deleting: s.deleting ?? false,
    ready: { status: s.ready ?? 'True', lastTransitionTime: COOL_START },
    startTime: COOL_START,
    ...('request' in s && s.request === undefined ? { containerWithoutRequest: 'container' } : { request: s.request ?? 1000 }),
    ...(s.usage !== undefined ? { usage: s.usage } : {}),
  }));
}

const levels = (values: number[], count = values.length, extra: (i: number) => PodSpec = () => ({})) =>
  Array.from({ length: count }, (_, i) => ({ ...(i < values.length ? { usage: values[i] } : {}), ...extra(i) }));

function cpu(currentReplicas: number, targetUtilization: number, specs: PodSpec[]) {
  const r = resourceReplicas({ currentReplicas, resource: 'cpu', pods: pods(specs), metrics, now: NOW, targetUtilization });
  return r.ok ? { replicas: r.replicas, utilization: r.utilization } : { error: r.error };
}

describe('upstream replica calculator cases (resource utilization)', () => {
  it('TestReplicaCalcScaleDown: 5 → 3 at 28%', () => {
    expect(cpu(5, 50, levels([100, 300, 500, 250, 250]))).toEqual({ replicas: 3, utilization: 28 });
  });

  it('TestReplicaCalcScaleDownIncludeUnreadyPods: never-ready pods are left out of a scale-down, 5 → 2 at 30%', () => {
    expect(
      cpu(
        5,
        50,
        levels([100, 300, 500, 250, 250], 5, (i) => ({ ready: i >= 3 ? 'False' : 'True' })),
      ),
    ).toEqual({ replicas: 2, utilization: 30 });
  });

  it('TestReplicaCalcScaleDownExcludeUnscheduledPods: Pending pods are left out, 5 → 1 at 10%', () => {
    expect(
      cpu(
        5,
        50,
        levels([100], 5, (i) => (i > 0 ? { ready: 'False', phase: 'Pending' } : {})),
      ),
    ).toEqual({ replicas: 1, utilization: 10 });
  });

  it('TestReplicaCalcScaleDownIgnoresFailedPods and …DeletionPods: 5 → 3 at 28%', () => {
    expect(
      cpu(
        5,
        50,
        levels([100, 300, 500, 250, 250], 7, (i) => (i >= 5 ? { ready: 'False', phase: 'Failed' } : {})),
      ),
    ).toEqual({ replicas: 3, utilization: 28 });
    expect(
      cpu(
        5,
        50,
        levels([100, 300, 500, 250, 250], 7, (i) => (i >= 5 ? { ready: 'False', deleting: true } : {})),
      ),
    ).toEqual({ replicas: 3, utilization: 28 });
  });

  it('TestReplicaCalcTolerance: 102% of 100% with requests 0.9/1.0/1.1 keeps 3', () => {
    expect(
      cpu(3, 100, [
        { usage: 1010, request: 900 },
        { usage: 1030, request: 1000 },
        { usage: 1020, request: 1100 },
      ]),
    ).toEqual({ replicas: 3, utilization: 102 });
  });

  it('TestReplicaCalcSuperfluousMetrics: only the target’s pods count, 4 → 24 at 587%', () => {
    expect(cpu(4, 100, levels([4000, 9500, 3000, 7000]))).toEqual({ replicas: 24, utilization: 587 });
  });

  it('TestReplicaCalcMissingMetrics: missing pods count as 100% on a scale-down, 4 → 3', () => {
    expect(cpu(4, 100, levels([400, 95], 4))).toEqual({ replicas: 3, utilization: 24 });
  });

  it('TestReplicaCalcMissingMetricsNoChangeEq/Gt/Lt: a missing pod never flips the direction, 2 stays 2', () => {
    expect(cpu(2, 100, levels([1000], 2))).toEqual({ replicas: 2, utilization: 100 });
    expect(cpu(2, 100, levels([1900], 2))).toEqual({ replicas: 2, utilization: 190 });
    expect(cpu(2, 100, levels([600], 2))).toEqual({ replicas: 2, utilization: 60 });
  });

  it('TestReplicaCalcMissingMetricsUnreadyChange: 3 stays 3 at 45%', () => {
    expect(cpu(3, 50, [{ usage: 100, ready: 'False' }, { usage: 450 }, {}])).toEqual({ replicas: 3, utilization: 45 });
  });

  it('TestReplicaCalcEmptyMetrics and TestReplicaCalcEmptyCPURequest: the upstream errors', () => {
    expect(cpu(4, 100, levels([], 3))).toEqual({ error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API' });
    expect(cpu(1, 100, [{ usage: 200, request: undefined }])).toEqual({ error: 'missing request for cpu in container container of Pod test-pod-0' });
  });
});

describe('upstream replica calculator cases (average value per pod)', () => {
  const value = (currentReplicas: number, target: number, usage: number[]) => {
    const r = averageValueReplicas({ currentReplicas, resource: 'cpu', pods: pods(usage.map((u) => ({ usage: u }))), metrics, now: NOW, targetAverageValue: target });
    return r.ok ? { replicas: r.replicas, averageValue: r.averageValue } : { error: r.error };
  };

  it('TestReplicaCalcScaleDownCM: 12000 per pod against 20000, 5 → 3', () => {
    expect(value(5, 20000, [12000, 12000, 12000, 12000, 12000])).toEqual({ replicas: 3, averageValue: 12000 });
  });

  it('TestReplicaCalcToleranceCM: 20666 against 20000 keeps 3', () => {
    expect(value(3, 20000, [20000, 21000, 21000])).toEqual({ replicas: 3, averageValue: 20666 });
  });
});
