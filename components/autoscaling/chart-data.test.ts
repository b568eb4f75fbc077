import { describe, expect, it } from 'vitest';
import { chartData, displayValue } from './chart-data';

const sample = (at: string, current: number, cpu: number | null) => ({
  at,
  currentReplicas: current,
  desiredReplicas: current,
  minReplicas: 2,
  maxReplicas: 10,
  recommendation: current,
  metrics: [{ name: 'cpu', type: 'Resource', unit: 'percent' as const, current: cpu, target: 50 }],
  pods: { total: current, ready: current - 1, pending: 1, unschedulable: 0 },
});

describe('HPA chart data', () => {
  it('turns samples into points with the min/max band and each metric against its target', () => {
    const { points, metrics } = chartData([sample('2026-01-01T00:00:15Z', 2, 62), sample('2026-01-01T00:00:30Z', 3, null)], []);
    expect(metrics).toEqual([{ key: 'm0', targetKey: 'm0target', label: 'cpu (% of request)', unit: '% of request' }]);
    expect(points).toEqual([
      { t: Date.parse('2026-01-01T00:00:15Z'), current: 2, desired: 2, bounds: [2, 10], ready: 1, pending: 1, unschedulable: 0, m0: 62, m0target: 50 },
      { t: Date.parse('2026-01-01T00:00:30Z'), current: 3, desired: 3, bounds: [2, 10], ready: 2, pending: 1, unschedulable: 0, m0: null, m0target: 50 },
    ]);
  });

  it('marks scale events oldest first, warnings apart', () => {
    const { markers } = chartData(
      [],
      [
        {
          type: 'Normal',
          reason: 'SuccessfulRescale',
          message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target',
          count: 1,
          lastSeen: '2026-01-01T00:05:00Z',
          from: 'horizontal-pod-autoscaler',
          object: 'HorizontalPodAutoscaler/backend-app',
        },
        {
          type: 'Warning',
          reason: 'FailedGetResourceMetric',
          message: 'failed to get cpu utilization',
          count: 1,
          lastSeen: '2026-01-01T00:00:15Z',
          from: 'horizontal-pod-autoscaler',
          object: 'HorizontalPodAutoscaler/backend-app',
        },
      ],
    );
    expect(markers.map((m) => [m.t, m.reason, m.warning])).toEqual([
      [Date.parse('2026-01-01T00:00:15Z'), 'FailedGetResourceMetric', true],
      [Date.parse('2026-01-01T00:05:00Z'), 'SuccessfulRescale', false],
    ]);
  });

  it('shows memory averages in MiB and CPU averages in millicores', () => {
    expect(displayValue({ name: 'memory', unit: 'milli' }, 256 * 1024 * 1024 * 1000)).toBe(256);
    expect(displayValue({ name: 'cpu', unit: 'milli' }, 310)).toBe(310);
  });
});
