import { queryOptions } from '@tanstack/react-query';
import type { SearchHit, SearchResult } from '@/server/api/search';
import { apiRequest } from '../client';
import { clusterPath, resourceKey } from '../keys';

export type { SearchHit, SearchResult };

/** Objects whose name holds `text`, in the namespaces the caller may list. */
export function objectSearchQuery(cluster: string, text: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'search', cluster, q: text }),
    queryFn: () => apiRequest<SearchResult>(`${clusterPath(cluster, 'search')}?q=${encodeURIComponent(text)}`),
    staleTime: 10_000,
    placeholderData: (previous) => previous,
  });
}
