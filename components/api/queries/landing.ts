import { queryOptions } from '@tanstack/react-query';
import type { Landing } from '@/server/k8s/landing';
import { apiRequest } from '../client';
import { clusterPath, resourceKey } from '../keys';

/** The namespace with the most problem pods, for a caller who may list pods cluster-wide; null otherwise. */
export function landingQuery(cluster: string, enabled: boolean) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'landing', cluster }),
    queryFn: () => apiRequest<{ landing: Landing | null }>(clusterPath(cluster, 'landing')),
    staleTime: 30_000,
    enabled,
  });
}
