import { queryOptions } from '@tanstack/react-query';
import type { LogsAccessView } from '@/server/api/logs-insights';
import type { LogGroupFields } from '@/server/logs/fields';
import type { LogGroupRow, MetricFilterRow } from '@/server/logs/log-groups';
import type { QueryState } from '@/server/logs/queries';
import type { RecentQuery } from '@/server/logs/recent';
import type { SavedQuery } from '@/server/logs/saved';
import { apiRequest } from '../client';
import { resourceKey } from '../keys';

const FINAL = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);
export const isFinal = (status: string) => FINAL.has(status);

const q = (cluster: string) => `cluster=${encodeURIComponent(cluster)}`;

/** A running or finished query's path; `offset` and `limit` pick a page of its rows. */
export function logsQueryPath(cluster: string, id: string, page?: { offset?: number; limit: number }): string {
  const paging = page ? `${page.offset !== undefined ? `&offset=${page.offset}` : ''}&limit=${page.limit}` : '';
  return `/api/v1/logs/queries/${encodeURIComponent(id)}?${q(cluster)}${paging}`;
}

/** A query's state with one page of its rows: where they start and how many rows there are in all. */
export type PagedQueryState = QueryState & { rowOffset?: number; resultCount?: number };

/** Rows each poll carries: the first page; the rest of a finished query's rows come a page at a time. */
const FIRST_ROWS = 1_000;

/** Rows each later page of a finished query carries (100,000 rows are about 60 MB of JSON). */
export const ROWS_PAGE = 20_000;

/** Where each page of a finished query's rows after the first `first` starts, up to `total`. */
export function rowPageOffsets(first: number, total: number): number[] {
  const offsets: number[] = [];
  for (let offset = first; offset < total; offset += ROWS_PAGE) offsets.push(offset);
  return offsets;
}

export function logGroupsQuery(cluster: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'log-groups', cluster }),
    queryFn: () => apiRequest<{ logGroups: LogGroupRow[]; access: LogsAccessView }>(`/api/v1/logs/log-groups?${q(cluster)}`),
    staleTime: 60_000,
  });
}

/** The fields of the selected groups' events (around `time`, epoch seconds; else the last 15 minutes), for completion. */
export function logGroupFieldsQuery(cluster: string, groups: string[], time: number | undefined) {
  const sorted = [...groups].sort();
  return queryOptions({
    queryKey: resourceKey({ resource: 'log-group-fields', cluster, groups: sorted, time: time ?? null }),
    queryFn: () => {
      const names = sorted.map((g) => `&logGroupName=${encodeURIComponent(g)}`).join('');
      return apiRequest<LogGroupFields>(`/api/v1/logs/log-groups/fields?${q(cluster)}${names}${time !== undefined ? `&time=${time}` : ''}`);
    },
    enabled: groups.length > 0,
    staleTime: 5 * 60_000,
  });
}

export function metricFiltersQuery(cluster: string, group: string | null) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'metric-filters', cluster, group: group ?? '' }),
    queryFn: () => apiRequest<{ items: MetricFilterRow[] }>(`/api/v1/logs/log-groups/metric-filters?${q(cluster)}&logGroupName=${encodeURIComponent(group!)}`),
    enabled: group !== null,
  });
}

export function recentQueriesQuery(cluster: string) {
  return queryOptions({ queryKey: resourceKey({ resource: 'recent-queries', cluster }), queryFn: () => apiRequest<{ items: RecentQuery[] }>(`/api/v1/logs/queries?${q(cluster)}`) });
}

export function savedQueriesQuery(cluster: string) {
  return queryOptions({ queryKey: resourceKey({ resource: 'saved-queries', cluster }), queryFn: () => apiRequest<{ items: SavedQuery[]; canSave: boolean }>(`/api/v1/logs/saved?${q(cluster)}`) });
}

/** Polls a query until it ends: every half second while it runs; a failed poll is asked again with backoff by the retry scheduler. */
export function logsQueryStateQuery(cluster: string, id: string | null) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'logs-query', cluster, id: id ?? '' }),
    queryFn: () => apiRequest<PagedQueryState>(logsQueryPath(cluster, id!, { limit: FIRST_ROWS })),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.status === 'error' || (query.state.data && isFinal(query.state.data.status)) ? false : 500),
    staleTime: Infinity,
    // Each answer replaces the last: comparing up to 100,000 rows with the previous ones only costs time.
    structuralSharing: false,
  });
}

/** One page of a finished query's rows from `offset`: a finished query's rows never change, so a page is read once. */
export function logsQueryRowsQuery(cluster: string, id: string, offset: number) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'logs-query-rows', cluster, id, offset }),
    queryFn: () => apiRequest<PagedQueryState>(logsQueryPath(cluster, id, { offset, limit: ROWS_PAGE })),
    staleTime: Infinity,
    // Up to 60 MB for 100,000 rows: let it go soon after no page shows it rather than after the default five minutes.
    gcTime: 10_000,
    structuralSharing: false,
  });
}
