'use client';
import { useQuery } from '@tanstack/react-query';
import type { WorkloadDetail, WorkloadSections } from '@/server/k8s/workloads';
import { apiRequest, pollWhileHealthy } from './client';
import { clusterPath, queryKeys } from './keys';
import { unlessEverySectionFailed } from './sections';

export type { WorkloadDetail, WorkloadSections };
export type { WorkloadKind, WorkloadRow } from '@/server/k8s/workloads';

const REFRESH_MS = 10_000;

/** `namespace` '' lists every namespace. */
export function useWorkloads(cluster: string, namespace: string) {
  return useQuery({
    queryKey: queryKeys.workloads(cluster, namespace),
    queryFn: async () => unlessEverySectionFailed(await apiRequest<WorkloadSections>(`${clusterPath(cluster, 'workloads')}?namespace=${encodeURIComponent(namespace)}`)),
    enabled: namespace !== '',
    refetchInterval: pollWhileHealthy(REFRESH_MS),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[3] === namespace ? previous : undefined),
  });
}

export function useWorkload(cluster: string, namespace: string, plural: string, name: string) {
  return useQuery({
    queryKey: queryKeys.workload(cluster, namespace, plural, name),
    queryFn: () => apiRequest<WorkloadDetail>(clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), encodeURIComponent(plural), encodeURIComponent(name))),
    refetchInterval: pollWhileHealthy(5_000),
  });
}
