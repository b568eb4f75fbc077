import { describe, expect, it } from 'vitest';
import { aggregatedDiscovery, apiGroupList, apiResourceList, wantsAggregatedDiscovery } from './discovery';

describe('discovery', () => {
  it('prefers autoscaling/v2 and lists metrics.k8s.io last', () => {
    const groups = apiGroupList().groups;
    expect(groups.find((g) => g.name === 'autoscaling')).toEqual({
      name: 'autoscaling',
      versions: [
        { groupVersion: 'autoscaling/v2', version: 'v2' },
        { groupVersion: 'autoscaling/v1', version: 'v1' },
      ],
      preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
    });
    expect(groups.at(-1)!.name).toBe('metrics.k8s.io');
  });

  it('describes the scale subresource as autoscaling/v1 Scale', () => {
    const list = apiResourceList('apps', 'v1')!;
    expect(list.resources).toContainEqual({ name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  });

  it('gives kubectl the aggregated document with scopes and subresources', () => {
    const doc = aggregatedDiscovery('api');
    expect(doc.kind).toBe('APIGroupDiscoveryList');
    const pods = doc.items[0].versions[0].resources.find((r) => r.resource === 'pods')!;
    expect(pods).toMatchObject({ responseKind: { group: '', version: 'v1', kind: 'Pod' }, scope: 'Namespaced', singularResource: 'pod', shortNames: ['po'], categories: ['all'] });
    expect(pods.subresources!.map((s) => s.subresource)).toEqual(['status', 'log', 'eviction', 'binding', 'exec', 'attach', 'portforward', 'proxy']);
    // As kube-apiserver 1.32 lists it in /api/v1.
    expect(apiResourceList('', 'v1')!.resources).toContainEqual({ name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
  });

  it('recognizes the Accept header kubectl 1.32 sends for aggregated discovery', () => {
    expect(
      wantsAggregatedDiscovery('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'),
    ).toBe(true);
    expect(wantsAggregatedDiscovery('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')).toBe(false);
    expect(wantsAggregatedDiscovery('application/json')).toBe(false);
  });
});
