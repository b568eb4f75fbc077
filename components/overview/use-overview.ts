'use client';
import { useQuery } from '@tanstack/react-query';
import { apiRequest, pollWhileHealthy } from '../api/client';
import { clusterPath, queryKeys } from '../api/keys';
import { unlessEverySectionFailed } from '../api/sections';
import type { Overview } from '../api/types';

export const OVERVIEW_REFRESH_MS = 10_000;

export function useOverview(cluster: string, namespace: string) {
  return useQuery({
    queryKey: queryKeys.overview(cluster, namespace),
    queryFn: async () => unlessEverySectionFailed(await apiRequest<Overview>(`${clusterPath(cluster, 'overview')}?namespace=${encodeURIComponent(namespace)}`)),
    enabled: namespace !== '',
    refetchInterval: pollWhileHealthy(OVERVIEW_REFRESH_MS),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[3] === namespace ? previous : undefined),
  });
}
