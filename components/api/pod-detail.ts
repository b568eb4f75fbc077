'use client';
import { useQuery } from '@tanstack/react-query';
import type { PodDetail } from '@/server/k8s/pod-detail';
import { apiRequest, pollWhileHealthy } from './client';
import { clusterPath, queryKeys } from './keys';

export type { PodDetail };
export type { ContainerDetail, ContainerState } from '@/lib/k8s/containers';
export type { PendingExplanation, NodeRoom } from '@/server/k8s/pending';
export type { OwnerLink } from '@/server/k8s/owners';

const REFRESH_MS = 5_000;

export function podPath(cluster: string, namespace: string, name: string, ...rest: string[]): string {
  return clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'pods', encodeURIComponent(name), ...rest);
}

export function usePodDetail(cluster: string, namespace: string, name: string) {
  return useQuery({
    queryKey: queryKeys.pod(cluster, namespace, name),
    queryFn: () => apiRequest<PodDetail>(podPath(cluster, namespace, name)),
    refetchInterval: pollWhileHealthy(REFRESH_MS),
  });
}
