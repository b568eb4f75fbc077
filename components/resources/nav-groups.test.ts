import { describe, expect, it } from 'vitest';
import { navGroups, navSection } from './nav-groups';

const r = (group: string, resource: string, kind: string) => ({ group, resource, kind });

describe('navigation sections', () => {
  it('puts built-in kinds where people look for them and any other group under its own name', () => {
    expect(
      [
        r('core', 'services', 'Service'),
        r('core', 'configmaps', 'ConfigMap'),
        r('apps', 'deployments', 'Deployment'),
        r('core', 'serviceaccounts', 'ServiceAccount'),
        r('core', 'nodes', 'Node'),
        r('cert-manager.io', 'certificates', 'Certificate'),
      ].map(navSection),
    ).toEqual(['Network', 'Config and storage', 'Workloads', 'Access', 'Cluster', { custom: 'cert-manager.io' }]);
  });

  it('orders sections as the menu does, custom groups after them by name, kinds by name within each', () => {
    const groups = navGroups([
      r('karpenter.sh', 'nodepools', 'NodePool'),
      r('cert-manager.io', 'issuers', 'Issuer'),
      r('cert-manager.io', 'certificates', 'Certificate'),
      r('core', 'services', 'Service'),
      r('core', 'pods', 'Pod'),
      r('core', 'endpoints', 'Endpoints'),
    ]);
    expect(groups.map((g) => [g.title, g.group, g.items.map((i) => i.kind)])).toEqual([
      ['Workloads', undefined, ['Pod']],
      ['Network', undefined, ['Endpoints', 'Service']],
      ['cert-manager.io', 'cert-manager.io', ['Certificate', 'Issuer']],
      ['karpenter.sh', 'karpenter.sh', ['NodePool']],
    ]);
  });
});
