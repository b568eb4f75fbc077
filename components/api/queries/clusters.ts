import { queryOptions } from '@tanstack/react-query';
import type { AwsSettings } from '@/server/api/console';
import { apiRequest } from '../client';
import { clusterPath, resourceKey } from '../keys';
import type { Clusters, Namespaces, WhoAmI } from '../types';

export type { AwsSettings };

export function clustersQuery() {
  return queryOptions({ queryKey: resourceKey({ resource: 'clusters' }), queryFn: () => apiRequest<Clusters>('/api/v1/clusters'), staleTime: 60_000 });
}

export function whoamiQuery(cluster: string) {
  return queryOptions({ queryKey: resourceKey({ resource: 'whoami', cluster }), queryFn: () => apiRequest<WhoAmI>(clusterPath(cluster, 'whoami')), staleTime: 60_000 });
}

/** `include` names namespaces the user asked for by name; the server confirms each or lists it as omitted. */
export function namespacesQuery(cluster: string, include: readonly string[]) {
  const names = [...include.filter(Boolean)].sort();
  const query = names.length ? `?include=${encodeURIComponent(names.join(','))}` : '';
  return queryOptions({
    queryKey: resourceKey({ resource: 'namespaces', cluster, include: names }),
    queryFn: () => apiRequest<Namespaces>(clusterPath(cluster, 'namespaces') + query),
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

/** The console's AWS configuration as the browser may know it: the region CloudWatch is read in. */
export function awsQuery() {
  return queryOptions({ queryKey: resourceKey({ resource: 'aws' }), queryFn: () => apiRequest<AwsSettings>('/api/v1/aws'), staleTime: Infinity });
}
