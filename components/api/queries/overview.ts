import { queryOptions } from '@tanstack/react-query';
import { apiRequest, pollWhileHealthy } from '../client';
import { clusterPath, keyWithin, resourceKey } from '../keys';
import { unlessEverySectionFailed } from '../sections';
import type { Overview } from '../types';

const OVERVIEW_REFRESH_MS = 10_000;

export function overviewQuery(cluster: string, namespace: string) {
  const queryKey = resourceKey({ resource: 'overview', cluster, namespace });
  return queryOptions({
    queryKey,
    queryFn: async () => unlessEverySectionFailed(await apiRequest<Overview>(`${clusterPath(cluster, 'overview')}?namespace=${encodeURIComponent(namespace)}`)),
    enabled: namespace !== '',
    refetchInterval: pollWhileHealthy(OVERVIEW_REFRESH_MS),
    // Another namespace's sections must not stand in for this one's while it loads.
    placeholderData: (previous, previousQuery) => (previousQuery && keyWithin(previousQuery.queryKey, queryKey) ? previous : undefined),
  });
}
