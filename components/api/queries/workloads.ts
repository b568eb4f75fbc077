import { queryOptions } from '@tanstack/react-query';
import type { WorkloadDetail, WorkloadSections } from '@/server/k8s/workloads';
import { apiRequest, pollWhileHealthy } from '../client';
import { clusterPath, keyWithin, resourceKey } from '../keys';
import { unlessEverySectionFailed } from '../sections';

/** `namespace` '' lists every namespace. */
export function workloadsQuery(cluster: string, namespace: string) {
  const queryKey = resourceKey({ resource: 'workloads', cluster, namespace });
  return queryOptions({
    queryKey,
    queryFn: async () => unlessEverySectionFailed(await apiRequest<WorkloadSections>(`${clusterPath(cluster, 'workloads')}?namespace=${encodeURIComponent(namespace)}`)),
    enabled: namespace !== '',
    refetchInterval: pollWhileHealthy(10_000),
    // Another namespace's workloads must not stand in for this one's while they load.
    placeholderData: (previous, previousQuery) => (previousQuery && keyWithin(previousQuery.queryKey, queryKey) ? previous : undefined),
  });
}

export function workloadQuery(cluster: string, namespace: string, plural: string, name: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'workloads', cluster, namespace, plural, name }),
    queryFn: () => apiRequest<WorkloadDetail>(clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), encodeURIComponent(plural), encodeURIComponent(name))),
    refetchInterval: pollWhileHealthy(5_000),
  });
}
