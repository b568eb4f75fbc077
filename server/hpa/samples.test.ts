import { describe, expect, it } from 'vitest';
import { historyFromSamples, type HpaSample } from './samples';

const at = (s: number, current: number, recommendation: number | null): HpaSample => ({
  at: new Date(Date.parse('2026-01-01T00:00:00Z') + s * 1000).toISOString(),
  currentReplicas: current,
  desiredReplicas: current,
  minReplicas: 2,
  maxReplicas: 10,
  recommendation,
  metrics: [],
  pods: { total: current, ready: current, pending: 0, unschedulable: 0 },
});

describe('historyFromSamples', () => {
  it('rebuilds the recommendations and the scale events the controller would remember', () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    expect(historyFromSamples([at(0, 2, 2), at(15, 2, null), at(30, 4, 5), at(45, 3, 3)])).toEqual({
      recommendations: [
        { recommendation: 2, timestamp: base },
        { recommendation: 5, timestamp: base + 30_000 },
        { recommendation: 3, timestamp: base + 45_000 },
      ],
      scaleUpEvents: [{ replicaChange: 2, timestamp: base + 30_000, outdated: false }],
      scaleDownEvents: [{ replicaChange: 1, timestamp: base + 45_000, outdated: false }],
    });
  });
});
