'use client';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';
import { clusterPath, queryKeys } from './keys';
import type { Clusters, Namespaces, WhoAmI } from './types';

export function useClusters() {
  return useQuery({
    queryKey: queryKeys.clusters,
    queryFn: () => apiRequest<Clusters>('/api/v1/clusters'),
    staleTime: 60_000,
  });
}

export function useWhoAmI(cluster: string) {
  return useQuery({
    queryKey: queryKeys.whoami(cluster),
    queryFn: () => apiRequest<WhoAmI>(clusterPath(cluster, 'whoami')),
    staleTime: 60_000,
  });
}

/** `include` names namespaces the user asked for by name; the server confirms each or lists it as omitted. */
export function useNamespaces(cluster: string, include: readonly string[]) {
  const names = include.filter(Boolean);
  const query = names.length ? `?include=${encodeURIComponent([...names].sort().join(','))}` : '';
  return useQuery({
    queryKey: queryKeys.namespaces(cluster, names),
    queryFn: () => apiRequest<Namespaces>(clusterPath(cluster, 'namespaces') + query),
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}
