'use client';
import { useQuery } from '@tanstack/react-query';
import type { WorkloadDetail, WorkloadSections } from '@/server/k8s/workloads';
import { apiRequest, pollUnlessRefused } from './client';
import { clusterPath, queryKeys } from './keys';

export type { WorkloadDetail, WorkloadSections };
export type { WorkloadKind, WorkloadRow } from '@/server/k8s/workloads';

const REFRESH_MS = 10_000;

/** `namespace` '' lists every namespace. */
export function useWorkloads(cluster: string, namespace: string) {
  return useQuery({
    queryKey: queryKeys.workloads(cluster, namespace),
    queryFn: () => apiRequest<WorkloadSections>(`${clusterPath(cluster, 'workloads')}?namespace=${encodeURIComponent(namespace)}`),
    enabled: namespace !== '',
    refetchInterval: pollUnlessRefused(REFRESH_MS),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[3] === namespace ? previous : undefined),
  });
}

export function useWorkload(cluster: string, namespace: string, plural: string, name: string) {
  return useQuery({
    queryKey: queryKeys.workload(cluster, namespace, plural, name),
    queryFn: () => apiRequest<WorkloadDetail>(clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), encodeURIComponent(plural), encodeURIComponent(name))),
    refetchInterval: pollUnlessRefused(5_000),
  });
}
