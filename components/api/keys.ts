/** Stable query keys for every console API read. */
export const queryKeys = {
  session: ['session'] as const,
  clusters: ['clusters'] as const,
  whoami: (cluster: string) => ['clusters', cluster, 'whoami'] as const,
  namespaces: (cluster: string, include: readonly string[]) => ['clusters', cluster, 'namespaces', [...include].sort()] as const,
  overview: (cluster: string, namespace: string) => ['clusters', cluster, 'overview', namespace] as const,
  nodes: (cluster: string) => ['clusters', cluster, 'nodes'] as const,
  node: (cluster: string, name: string) => ['clusters', cluster, 'nodes', name] as const,
  pod: (cluster: string, namespace: string, name: string) => ['clusters', cluster, 'pods', namespace, name] as const,
  workloads: (cluster: string, namespace: string) => ['clusters', cluster, 'workloads', namespace] as const,
  workload: (cluster: string, namespace: string, kind: string, name: string) => ['clusters', cluster, 'workloads', namespace, kind, name] as const,
};

export function clusterPath(cluster: string, ...rest: string[]): string {
  return ['/api/v1/clusters', encodeURIComponent(cluster), ...rest].join('/');
}
