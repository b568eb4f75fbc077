'use client';
import { useQuery } from '@tanstack/react-query';
import type { NodeDetail, NodeList } from '@/server/k8s/nodes';
import { apiRequest, pollWhileHealthy } from './client';
import { clusterPath, queryKeys } from './keys';

export type { NodeDetail, NodeList };
export type { NodeRow, Amounts, Taint } from '@/server/k8s/nodes';

const REFRESH_MS = 10_000;

export function useNodes(cluster: string) {
  return useQuery({
    queryKey: queryKeys.nodes(cluster),
    queryFn: () => apiRequest<NodeList>(clusterPath(cluster, 'nodes')),
    refetchInterval: pollWhileHealthy(REFRESH_MS),
  });
}

export function useNode(cluster: string, name: string) {
  return useQuery({
    queryKey: queryKeys.node(cluster, name),
    queryFn: () => apiRequest<NodeDetail>(clusterPath(cluster, 'nodes', encodeURIComponent(name))),
    refetchInterval: pollWhileHealthy(REFRESH_MS),
  });
}
