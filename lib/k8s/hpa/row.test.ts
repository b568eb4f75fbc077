import { describe, expect, it } from 'vitest';
import { formatTargets, hpaRow } from './row';

const cpu = (target: Record<string, unknown>) => ({ type: 'Resource', resource: { name: 'cpu', target } });

describe('TARGETS as kubectl get hpa prints them', () => {
  it('utilization, average value, and <unknown> before the controller reports', () => {
    expect(formatTargets([cpu({ type: 'Utilization', averageUtilization: 50 })], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 62, averageValue: '155m' } } }])).toBe(
      'cpu: 62%/50%',
    );
    expect(formatTargets([cpu({ type: 'Utilization', averageUtilization: 50 })], undefined)).toBe('cpu: <unknown>/50%');
    expect(
      formatTargets(
        [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '256Mi' } } }],
        [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '120Mi' } } }],
      ),
    ).toBe('memory: 120Mi/256Mi');
  });

  it('Pods, Object and External metrics, then "+ N more..." past two', () => {
    const specs = [
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } },
      { type: 'Object', object: { metric: { name: 'hits' }, target: { type: 'AverageValue', averageValue: '5' } } },
      { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } } },
    ];
    expect(formatTargets(specs, [{ type: 'Pods', pods: { current: { averageValue: '12' } } }])).toBe('12/10, <unknown>/5 (avg) + 1 more...');
    expect(formatTargets(specs.slice(2), [{ type: 'External', external: { current: { value: '42' } } }])).toBe('42/30');
    expect(formatTargets([], [])).toBe('<none>');
  });
});

describe('hpaRow attention', () => {
  const hpa = (status: Record<string, unknown>) => ({
    metadata: { name: 'backend-app', namespace: 'eks-work', uid: 'u1' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend-app' }, minReplicas: 2, maxReplicas: 10, metrics: [cpu({ type: 'Utilization', averageUtilization: 50 })] },
    status,
  });

  it('flags an HPA at max replicas with cpu above target', () => {
    const row = hpaRow(hpa({ currentReplicas: 10, desiredReplicas: 10, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 81 } } }] }));
    expect(row.attention).toEqual({ kind: 'at-max', message: 'at maxReplicas (10) with cpu 81% > 50%', maxReplicas: 10, above: ['cpu 81% > 50%'] });
  });

  it('flags an HPA that cannot get its metrics, with the controller’s message', () => {
    const message = 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';
    const row = hpaRow(hpa({ currentReplicas: 2, desiredReplicas: 2, conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message }] }));
    expect(row.attention).toEqual({ kind: 'no-metrics', message });
    expect(row.targets).toBe('cpu: <unknown>/50%');
  });

  it('leaves a healthy HPA below max alone', () => {
    const row = hpaRow(hpa({ currentReplicas: 4, desiredReplicas: 4, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 81 } } }] }));
    expect(row.attention).toBeUndefined();
    expect([row.minReplicas, row.maxReplicas, row.currentReplicas]).toEqual([2, 10, 4]);
  });
});
