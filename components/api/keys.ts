import { partialMatchKey, type QueryKey } from '@tanstack/react-query';

/**
 * A query key: one object naming the resource and the fields that pick it. A filter is the same
 * object with fewer fields (TanStack matches objects partially), so no code reads a key by position.
 */
export function resourceKey<const F extends { resource: string }>(fields: F): readonly [F] {
  return [fields] as const;
}

/** Whether `key` is `filter` or narrower: the same resource, and every field `filter` names equal. */
export function keyWithin(key: QueryKey, filter: QueryKey): boolean {
  return partialMatchKey(key, filter);
}

export function clusterPath(cluster: string, ...rest: string[]): string {
  return ['/api/v1/clusters', encodeURIComponent(cluster), ...rest].join('/');
}
