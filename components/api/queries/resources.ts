import { queryOptions } from '@tanstack/react-query';
import type { ResourceEntry, ResourceObject } from '@/server/api/resources';
import { apiRequest, pollWhileHealthy } from '../client';
import { clusterPath, resourceKey } from '../keys';

export type { ResourceEntry, ResourceObject };

/** Names a served resource in the console's paths: `core` for the core group. */
export interface ResourceId {
  group: string;
  version: string;
  resource: string;
}

export function resourcePath(cluster: string, { group, version, resource }: ResourceId, ...rest: string[]): string {
  return clusterPath(cluster, 'resources', encodeURIComponent(group), encodeURIComponent(version), encodeURIComponent(resource), ...rest);
}

/** Every served resource and whether the caller may list it in `namespace` ('' asks cluster-wide). */
export function resourcesQuery(cluster: string, namespace: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'resources', cluster, namespace }),
    queryFn: () => apiRequest<{ resources: ResourceEntry[] }>(clusterPath(cluster, 'resources') + (namespace ? `?namespace=${encodeURIComponent(namespace)}` : '')),
    staleTime: 30_000,
    // A CustomResourceDefinition established meanwhile shows up without a reload.
    refetchInterval: pollWhileHealthy(60_000),
  });
}

/** One object with its events, owners, children and related objects; `namespace` '' for a cluster-scoped one. */
export function resourceObjectQuery(cluster: string, id: ResourceId, namespace: string, name: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'resource-object', cluster, group: id.group, version: id.version, plural: id.resource, namespace, name }),
    queryFn: () => apiRequest<ResourceObject>(resourcePath(cluster, id, encodeURIComponent(name)) + (namespace ? `?namespace=${encodeURIComponent(namespace)}` : '')),
    refetchInterval: pollWhileHealthy(10_000),
  });
}
