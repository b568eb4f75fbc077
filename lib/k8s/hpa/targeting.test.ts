import { describe, expect, it } from 'vitest';
import type { HpaRow } from './row';
import { hpasTargeting } from './targeting';

const hpa = (name: string, reference: HpaRow['reference']): HpaRow => ({
  namespace: 'eks-work',
  name,
  uid: name,
  reference,
  targets: 'cpu: 62%/50%',
  metrics: [],
  minReplicas: 2,
  maxReplicas: 10,
  currentReplicas: 4,
  desiredReplicas: 5,
  conditions: [],
});

describe('the HPAs that scale a workload', () => {
  const rows = [
    hpa('backend-app', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend-app' }),
    hpa('other', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'frontend-web' }),
    hpa('sts', { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'backend-app' }),
    hpa('custom', { apiVersion: 'example.com/v1', kind: 'Deployment', name: 'backend-app' }),
    hpa('beta', { apiVersion: 'apps/v1beta2', kind: 'Deployment', name: 'backend-app' }),
  ];

  it('matches kind, name and API group, whatever the version', () => {
    expect(hpasTargeting(rows, { group: 'apps', kind: 'Deployment', name: 'backend-app' }).map((r) => r.name)).toEqual(['backend-app', 'beta']);
    expect(hpasTargeting(rows, { group: 'apps', kind: 'StatefulSet', name: 'backend-app' }).map((r) => r.name)).toEqual(['sts']);
  });

  it('finds none for a workload nothing scales', () => {
    expect(hpasTargeting(rows, { group: 'apps', kind: 'Deployment', name: 'dedicated-worker' })).toEqual([]);
  });
});
