import { queryOptions } from '@tanstack/react-query';
import type { NamespaceDetail, NamespaceDetails } from '@/server/k8s/namespaces';
import { apiRequest, pollWhileHealthy } from '../client';
import { clusterPath, resourceKey } from '../keys';

export type { NamespaceDetail, NamespaceDetails };

/** Each namespace the caller can use with its phase, quotas, limit ranges and verbs; `include` as for the namespace picker. */
export function namespaceDetailsQuery(cluster: string, include: readonly string[]) {
  const names = [...include.filter(Boolean)].sort();
  const query = `?details=true${names.length ? `&include=${encodeURIComponent(names.join(','))}` : ''}`;
  return queryOptions({
    queryKey: resourceKey({ resource: 'namespace-details', cluster, include: names }),
    queryFn: () => apiRequest<NamespaceDetails>(clusterPath(cluster, 'namespaces') + query),
    refetchInterval: pollWhileHealthy(30_000),
  });
}
