import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../errors';
import type { StreamingKubeClient } from './client';
import {
  AGGREGATED_ACCEPT,
  discoveryTimings,
  findResource,
  forgetDiscovery,
  fromAggregated,
  fromLegacy,
  preferredGroupVersions,
  readDiscovery,
  servedResources,
  type APIGroupDiscoveryList,
} from './discovery';

/**
 * Aggregated discovery as kube-apiserver v1.30 answers /apis: the shape of k8s.io/api/apidiscovery/v2
 * (types.go: versions in descending preference, the first preferred; freshness Stale when an aggregated
 * API server did not answer), apps/v1 deployments with the verbs, shortNames, categories and subresources the server gives
 * (APISubresourceDiscovery: scale answers autoscaling/v1 Scale), and a CRD's scale subresource as apiextensions-apiserver lists it.
 */
const aggregatedApis: APIGroupDiscoveryList = {
  kind: 'APIGroupDiscoveryList',
  items: [
    {
      metadata: { name: 'apps' },
      versions: [
        {
          version: 'v1',
          freshness: 'Current',
          resources: [
            {
              resource: 'deployments',
              responseKind: { group: '', version: '', kind: 'Deployment' },
              scope: 'Namespaced',
              verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
              shortNames: ['deploy'],
              categories: ['all'],
              subresources: [
                { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
                { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
              ],
            },
          ],
        },
      ],
    },
    {
      metadata: { name: 'autoscaling' },
      versions: [
        {
          version: 'v2',
          freshness: 'Current',
          resources: [{ resource: 'horizontalpodautoscalers', responseKind: { kind: 'HorizontalPodAutoscaler' }, scope: 'Namespaced', verbs: ['get', 'list', 'watch'], shortNames: ['hpa'] }],
        },
        { version: 'v1', freshness: 'Current', resources: [{ resource: 'horizontalpodautoscalers', responseKind: { kind: 'HorizontalPodAutoscaler' }, scope: 'Namespaced', verbs: ['get', 'list'] }] },
      ],
    },
    { metadata: { name: 'metrics.k8s.io' }, versions: [{ version: 'v1beta1', freshness: 'Stale' }] },
    {
      metadata: { name: 'karpenter.sh' },
      versions: [
        {
          version: 'v1',
          freshness: 'Current',
          resources: [
            {
              resource: 'nodepools',
              responseKind: { group: 'karpenter.sh', version: 'v1', kind: 'NodePool' },
              scope: 'Cluster',
              verbs: ['get', 'list', 'watch'],
              subresources: [
                { subresource: 'status', responseKind: { group: 'karpenter.sh', version: 'v1', kind: 'NodePool' }, verbs: ['get', 'patch', 'update'] },
                { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** /api aggregated: the core group has no name. */
const aggregatedCore: APIGroupDiscoveryList = {
  kind: 'APIGroupDiscoveryList',
  items: [
    {
      versions: [
        {
          version: 'v1',
          resources: [
            { resource: 'pods', responseKind: { kind: 'Pod' }, scope: 'Namespaced', verbs: ['get', 'list', 'watch'], shortNames: ['po'], categories: ['all'] },
            { resource: 'namespaces', responseKind: { kind: 'Namespace' }, scope: 'Cluster', verbs: ['get', 'list'], shortNames: ['ns'] },
          ],
        },
      ],
    },
  ],
};

/** Legacy lists from client-go's discovery_client_test.go (TestGetServerResources: "v1" and "extensions/v1beta1"), with a subresource added. */
const legacyV1 = {
  groupVersion: 'v1',
  resources: [
    { name: 'pods', namespaced: true, kind: 'Pod' },
    { name: 'pods/log', namespaced: true, kind: 'Pod' },
    { name: 'services', namespaced: true, kind: 'Service' },
    { name: 'namespaces', namespaced: false, kind: 'Namespace' },
  ],
};
const legacyBeta = {
  groupVersion: 'extensions/v1beta1',
  resources: [
    { name: 'deployments', namespaced: true, kind: 'Deployment' },
    { name: 'ingresses', namespaced: true, kind: 'Ingress' },
    { name: 'jobs', namespaced: true, kind: 'Job' },
  ],
};

const notAcceptable = new ConsoleError('Status', 406, 'only the following media types are accepted: application/json', { kind: 'Status', code: 406, reason: 'NotAcceptable' });

/** A client that answers discovery paths from a table and records each path and Accept asked. */
function client(answers: Record<string, unknown | ((accept?: string) => unknown)>, asked: string[] = []): StreamingKubeClient {
  return {
    cluster: 'c',
    server: 'https://example.invalid',
    async discovery<T>(path: string, options?: { accept?: string }): Promise<T> {
      asked.push(`${path} ${options?.accept ?? 'json'}`);
      const answer = answers[path];
      const value = typeof answer === 'function' ? (answer as (accept?: string) => unknown)(options?.accept) : answer;
      if (value instanceof Error) throw value;
      if (value === undefined) throw new ConsoleError('Status', 404, `${path} not found`, { kind: 'Status', code: 404 });
      return value as T;
    },
  } as unknown as StreamingKubeClient;
}

describe('discovery parsing', () => {
  it('reads the preferred version of each aggregated group, skipping a stale one, with core spelled core', () => {
    expect(fromAggregated(aggregatedApis)).toEqual([
      {
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
        kind: 'Deployment',
        namespaced: true,
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['deploy'],
        categories: ['all'],
        subresources: ['scale', 'status'],
      },
      {
        group: 'autoscaling',
        version: 'v2',
        resource: 'horizontalpodautoscalers',
        kind: 'HorizontalPodAutoscaler',
        namespaced: true,
        verbs: ['get', 'list', 'watch'],
        shortNames: ['hpa'],
        categories: [],
        subresources: [],
      },
      {
        group: 'karpenter.sh',
        version: 'v1',
        resource: 'nodepools',
        kind: 'NodePool',
        namespaced: false,
        verbs: ['get', 'list', 'watch'],
        shortNames: [],
        categories: [],
        subresources: ['status', 'scale'],
      },
    ]);
    expect(fromAggregated(aggregatedCore).map((r) => `${r.group}/${r.version}/${r.resource}`)).toEqual(['core/v1/pods', 'core/v1/namespaces']);
  });

  it('reads legacy resource lists, "pods/log" as a subresource of pods, the group and version from groupVersion', () => {
    expect(fromLegacy([legacyV1, legacyBeta]).map((r) => [r.group, r.version, r.resource, r.kind, r.namespaced, r.subresources])).toEqual([
      ['core', 'v1', 'pods', 'Pod', true, ['log']],
      ['core', 'v1', 'services', 'Service', true, []],
      ['core', 'v1', 'namespaces', 'Namespace', false, []],
      ['extensions', 'v1beta1', 'deployments', 'Deployment', true, []],
      ['extensions', 'v1beta1', 'ingresses', 'Ingress', true, []],
      ['extensions', 'v1beta1', 'jobs', 'Job', true, []],
    ]);
  });

  it('reads a legacy "deployments/scale" entry as the scale subresource of deployments', () => {
    // kube-apiserver's /apis/apps/v1 lists each subresource as its own entry after its resource.
    const apps = {
      groupVersion: 'apps/v1',
      resources: [
        { name: 'deployments', namespaced: true, kind: 'Deployment', verbs: ['get', 'list'] },
        { name: 'deployments/scale', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
        { name: 'deployments/status', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
      ],
    };
    expect(fromLegacy([apps]).map((r) => [r.resource, r.subresources])).toEqual([['deployments', ['scale', 'status']]]);
  });

  it('takes each group preferred version from the APIGroupList, the first listed when none is preferred', () => {
    expect(
      preferredGroupVersions({
        groups: [
          {
            name: 'autoscaling',
            versions: [
              { groupVersion: 'autoscaling/v2', version: 'v2' },
              { groupVersion: 'autoscaling/v1', version: 'v1' },
            ],
            preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
          },
          { name: 'extensions', versions: [{ groupVersion: 'extensions/v1beta1', version: 'v1beta1' }] },
        ],
      }),
    ).toEqual(['autoscaling/v2', 'extensions/v1beta1']);
  });
});

describe('reading discovery', () => {
  afterEach(() => forgetDiscovery());

  it('asks /api and /apis for aggregated discovery and sorts core first, then by group', async () => {
    const asked: string[] = [];
    const resources = await readDiscovery(client({ '/api': aggregatedCore, '/apis': aggregatedApis }, asked));
    expect(asked.sort()).toEqual([`/api ${AGGREGATED_ACCEPT}`, `/apis ${AGGREGATED_ACCEPT}`]);
    expect(resources.map((r) => `${r.group}/${r.resource}`)).toEqual(['core/namespaces', 'core/pods', 'apps/deployments', 'autoscaling/horizontalpodautoscalers', 'karpenter.sh/nodepools']);
  });

  it('falls back to the legacy documents when the server answers 406 to aggregated discovery', async () => {
    const asked: string[] = [];
    const legacyOnly = (value: unknown) => (accept?: string) => (accept ? notAcceptable : value);
    const resources = await readDiscovery(
      client(
        {
          '/api': legacyOnly({ kind: 'APIVersions', versions: ['v1'] }),
          '/apis': legacyOnly({ kind: 'APIGroupList', groups: [{ name: 'extensions', preferredVersion: { groupVersion: 'extensions/v1beta1', version: 'v1beta1' } }] }),
          '/api/v1': legacyV1,
          '/apis/extensions/v1beta1': legacyBeta,
        },
        asked,
      ),
    );
    expect(resources.map((r) => `${r.group}/${r.version}/${r.resource}`)).toEqual([
      'core/v1/namespaces',
      'core/v1/pods',
      'core/v1/services',
      'extensions/v1beta1/deployments',
      'extensions/v1beta1/ingresses',
      'extensions/v1beta1/jobs',
    ]);
    expect(asked.filter((a) => a.endsWith(' json')).sort()).toEqual(['/api/v1 json', '/apis json', '/apis/extensions/v1beta1 json']);
  });

  it('falls back to legacy discovery when the server answers the plain APIGroupList to the aggregated Accept', async () => {
    const groups = { kind: 'APIGroupList', groups: [] };
    const resources = await readDiscovery(client({ '/api': { kind: 'APIVersions', versions: ['v1'] }, '/apis': groups, '/api/v1': legacyV1 }));
    expect(resources.map((r) => r.resource)).toEqual(['namespaces', 'pods', 'services']);
  });

  it('reads discovery again once older than the maxAgeMs asked for, keeping the same array while nothing changed', async () => {
    const asked: string[] = [];
    let crd = false;
    const apis = () => ({ ...aggregatedApis, items: crd ? aggregatedApis.items : aggregatedApis.items!.filter((i) => i.metadata?.name !== 'karpenter.sh') });
    const c = client({ '/api': aggregatedCore, '/apis': apis }, asked);
    const identity = { mode: 'kubeconfig' as const };
    const first = await servedResources(c, identity, 1_000, 5_000);
    expect(await servedResources(c, identity, 5_999, 5_000)).toBe(first);
    expect(asked.length).toBe(2);
    // Read again, unchanged: the very same array, so caches keyed on it hold.
    expect(await servedResources(c, identity, 6_000, 5_000)).toBe(first);
    expect(asked.length).toBe(4);
    crd = true;
    const after = await servedResources(c, identity, 11_000, 5_000);
    expect(after).not.toBe(first);
    expect(after.map((r) => r.resource)).toEqual(['namespaces', 'pods', 'deployments', 'horizontalpodautoscalers', 'nodepools']);
  });

  it('reads discovery again for an unknown resource, at most once per minRefreshMs, and then answers 404', async () => {
    const asked: string[] = [];
    let crd = false;
    const apis = () => ({ ...aggregatedApis, items: crd ? aggregatedApis.items : aggregatedApis.items!.filter((i) => i.metadata?.name !== 'karpenter.sh') });
    const c = client({ '/api': aggregatedCore, '/apis': apis }, asked);
    const identity = { mode: 'token' as const, token: 'secret-token' };
    const nodepools = { group: 'karpenter.sh', version: 'v1', resource: 'nodepools' };
    await findResource(c, identity, { group: 'apps', version: 'v1', resource: 'deployments' }, 1_000);
    expect(asked.length).toBe(2);
    crd = true;
    expect((await findResource(c, identity, nodepools, 1_000 + discoveryTimings.minRefreshMs)).kind).toBe('NodePool');
    expect(asked.length).toBe(4);
    const soon = 1_000 + discoveryTimings.minRefreshMs + 1;
    await expect(findResource(c, identity, { group: 'example.com', version: 'v1', resource: 'widgets' }, soon)).rejects.toMatchObject({
      kind: 'NotFound',
      httpStatus: 404,
      message: 'the server does not serve "widgets" in example.com/v1',
    });
    expect(asked.length).toBe(4);
  });
});
