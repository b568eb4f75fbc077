import { describe, expect, it } from 'vitest';
import { createWorld } from '../world/index';
import { aggregatedDiscovery, apiGroupList, apiResourceList } from './http/discovery';
import { openApiV3Document } from './http/openapi';
import { compileSelector } from './list';
import { findServedType, servedResourceTypes } from './registry';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'] },
    versions: [
      { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', description: 'The widget.' } } } } },
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        schema: { openAPIV3Schema: { type: 'object' } },
      },
    ],
  },
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the registry of served kinds', () => {
  it('serves a CRD once the controller marks it Established, and stops when it is deleted, taking its objects along', async () => {
    const world = createWorld({ mode: 'manual', scenario: 'empty' }).start();
    const store = world.store;
    store.create('apiextensions.k8s.io/customresourcedefinitions', CRD);
    expect(findServedType(store, 'example.com', 'widgets')).toBeUndefined();
    await settle();
    expect(
      store
        .get('apiextensions.k8s.io/customresourcedefinitions', undefined, 'widgets.example.com')!
        .status.conditions.map((c: { type: string; status: string; reason: string }) => `${c.type}=${c.status} ${c.reason}`),
    ).toEqual(['NamesAccepted=True NoConflicts', 'Established=True InitialNamesAccepted']);
    const types = servedResourceTypes(store);
    // CRD groups rank after the built-in groups and before metrics.k8s.io (GroupPriorityMinimum 1000 against the metrics APIService's 100); versions in kube-aware order.
    expect(apiGroupList(types).groups.slice(-2)).toEqual([
      {
        name: 'example.com',
        versions: [
          { groupVersion: 'example.com/v1', version: 'v1' },
          { groupVersion: 'example.com/v1beta1', version: 'v1beta1' },
        ],
        preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' },
      },
      expect.objectContaining({ name: 'metrics.k8s.io' }),
    ]);
    // The discovery controller's verbs and subresources, in its order (apiextensions-apiserver pkg/apiserver/customresource_discovery_controller.go).
    expect(apiResourceList('example.com', 'v1', types)!.resources).toEqual([
      { name: 'widgets', singularName: 'widget', namespaced: true, kind: 'Widget', verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'], shortNames: ['wd'] },
      { name: 'widgets/status', singularName: '', namespaced: true, kind: 'Widget', verbs: ['get', 'patch', 'update'] },
      { name: 'widgets/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
    ]);
    const aggregated = aggregatedDiscovery('apis', types).items.find((g) => g.metadata.name === 'example.com')!;
    expect(aggregated.versions.map((v) => `${v.version}:${v.resources.map((r) => r.resource).join(',')}`)).toEqual(['v1:widgets', 'v1beta1:widgets']);
    const doc = openApiV3Document('apis/example.com/v1beta1', types)!;
    expect(doc.components.schemas['com.example.v1beta1.Widget']).toMatchObject({
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'example.com', kind: 'Widget', version: 'v1beta1' }],
      properties: { spec: { type: 'object', description: 'The widget.' }, metadata: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }] } },
    });

    // crConverter.ConvertFieldLabel: name and namespace only, anything else a 400.
    const widgets = findServedType(store, 'example.com', 'widgets')!;
    expect(compileSelector(widgets, undefined, 'metadata.namespace=team,metadata.name=w').fields).toHaveLength(2);
    expect(() => compileSelector(widgets, undefined, 'spec.replicas=3')).toThrow('field label not supported: spec.replicas');

    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    store.create('example.com/widgets', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'team' }, spec: {} });
    store.delete('apiextensions.k8s.io/customresourcedefinitions', undefined, 'widgets.example.com');
    expect(findServedType(store, 'example.com', 'widgets')).toBeUndefined();
    expect(apiGroupList(servedResourceTypes(store)).groups.map((g) => g.name)).not.toContain('example.com');
    await settle();
    expect(store.holds('example.com/widgets')).toBe(false);
    world.stop();
  });
});
