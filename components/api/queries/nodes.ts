import { queryOptions } from '@tanstack/react-query';
import type { NodeDetail, NodeList } from '@/server/k8s/nodes';
import { apiRequest, pollWhileHealthy } from '../client';
import { clusterPath, resourceKey } from '../keys';

const REFRESH_MS = 10_000;

export function nodesQuery(cluster: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'nodes', cluster }),
    queryFn: () => apiRequest<NodeList>(clusterPath(cluster, 'nodes')),
    refetchInterval: pollWhileHealthy(REFRESH_MS),
  });
}

export function nodeQuery(cluster: string, name: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'nodes', cluster, name }),
    queryFn: () => apiRequest<NodeDetail>(clusterPath(cluster, 'nodes', encodeURIComponent(name))),
    refetchInterval: pollWhileHealthy(REFRESH_MS),
  });
}
