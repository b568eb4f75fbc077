import { queryOptions } from '@tanstack/react-query';
import type { PodDetail } from '@/server/k8s/pod-detail';
import { apiRequest, pollWhileHealthy } from '../client';
import { clusterPath, resourceKey } from '../keys';
import type { PodList } from '../pod-types';

export function podPath(cluster: string, namespace: string, name: string, ...rest: string[]): string {
  return clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'pods', encodeURIComponent(name), ...rest);
}

/** One page of a namespace's pods by a label selector (GET …/pods); the pods page streams and watches its list instead. */
export function podListQuery(cluster: string, namespace: string, labelSelector: string) {
  const search = new URLSearchParams({ namespace, ...(labelSelector ? { labelSelector } : {}) });
  return queryOptions({
    queryKey: resourceKey({ resource: 'pods', cluster, namespace, labelSelector }),
    queryFn: () => apiRequest<PodList>(`${clusterPath(cluster, 'pods')}?${search}`),
  });
}

export function podQuery(cluster: string, namespace: string, name: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'pods', cluster, namespace, name }),
    queryFn: () => apiRequest<PodDetail>(podPath(cluster, namespace, name)),
    refetchInterval: pollWhileHealthy(5_000),
  });
}
