'use client';
import { useQuery } from '@tanstack/react-query';
import { apiRequest, pollUnlessRefused } from '../api/client';
import { clusterPath, queryKeys } from '../api/keys';
import type { Overview } from '../api/types';

export const OVERVIEW_REFRESH_MS = 10_000;

export function useOverview(cluster: string, namespace: string) {
  return useQuery({
    queryKey: queryKeys.overview(cluster, namespace),
    queryFn: () => apiRequest<Overview>(`${clusterPath(cluster, 'overview')}?namespace=${encodeURIComponent(namespace)}`),
    enabled: namespace !== '',
    refetchInterval: pollUnlessRefused(OVERVIEW_REFRESH_MS),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[3] === namespace ? previous : undefined),
  });
}
