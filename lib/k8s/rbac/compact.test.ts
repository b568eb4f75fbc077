import { describe, expect, it } from 'vitest';
import { combineResourceGroup, describeRules } from './compact';

describe('describeRules', () => {
  it('prints rules as kubectl describe clusterrole does: one row per resource, sorted by verbs first', () => {
    const rows = describeRules([
      { verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'] },
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz', '/version'] },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['db-password'] },
    ]);
    expect(rows.map((r) => [r.resources, `[${r.nonResourceURLs.join(' ')}]`, `[${r.resourceNames.join(' ')}]`, `[${r.verbs.join(' ')}]`].join(' '))).toEqual([
      'selfsubjectaccessreviews.authorization.k8s.io [] [] [create]',
      // "]" sorts after "/" in PolicyRule.String(), so a subresource comes before its resource, as in kubectl.
      'deployments.apps/scale [] [] [get list watch]',
      'deployments.apps [] [] [get list watch]',
      ' [/healthz] [] [get]',
      ' [/version] [] [get]',
      'secrets [] [db-password] [get]',
    ]);
  });

  it('merges the verbs two rules give one resource', () => {
    expect(
      describeRules([
        { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
        { verbs: ['list', 'get'], apiGroups: [''], resources: ['pods'] },
      ]),
    ).toEqual([{ resources: 'pods', nonResourceURLs: [], resourceNames: [], verbs: ['get', 'list'] }]);
  });
});

describe('combineResourceGroup', () => {
  it('puts the group between the resource and its subresource', () => {
    expect(combineResourceGroup(['deployments/scale'], ['apps'])).toBe('deployments.apps/scale');
    expect(combineResourceGroup(['pods'], [''])).toBe('pods');
    expect(combineResourceGroup([], ['apps'])).toBe('');
  });
});
