import { queryOptions } from '@tanstack/react-query';
import type { SecretRow } from '@/server/k8s/secrets';
import { apiRequest } from '../client';
import { clusterPath, resourceKey } from '../keys';

/** Keys and sizes only: the console API never sends values in the list. */
export function secretsQuery(cluster: string, namespace: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'secrets', cluster, namespace }),
    queryFn: () => apiRequest<{ namespace: string; items: SecretRow[] }>(clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'secrets')),
    enabled: !!namespace,
    staleTime: 15_000,
  });
}
