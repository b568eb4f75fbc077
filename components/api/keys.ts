/** Stable query keys for every console API read. */
export const queryKeys = {
  session: ['session'] as const,
  clusters: ['clusters'] as const,
  whoami: (cluster: string) => ['clusters', cluster, 'whoami'] as const,
  namespaces: (cluster: string, include: readonly string[]) => ['clusters', cluster, 'namespaces', [...include].sort()] as const,
  overview: (cluster: string, namespace: string) => ['clusters', cluster, 'overview', namespace] as const,
};

export function clusterPath(cluster: string, ...rest: string[]): string {
  return ['/api/v1/clusters', encodeURIComponent(cluster), ...rest].join('/');
}
