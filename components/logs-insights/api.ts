'use client';
/** The Logs page's reads and writes of the console API (docs/api.md, "Logs Insights"). */
import { useMutation, useQueries, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { LogGroupField } from '@/lib/logs/field-shares';
import type { MetricFilterRow } from '@/server/logs/log-groups';
import type { QueryState } from '@/server/logs/queries';
import type { ResultField } from '@/lib/logs-insights';
import type { RecentSource } from '@/server/logs/recent';
import type { SavedQuery } from '@/server/logs/saved';
import { apiRequest } from '../api/client';
import {
  isFinal,
  logGroupFieldsQuery,
  logGroupsQuery,
  logsQueryPath,
  logsQueryRowsQuery,
  logsQueryStateQuery,
  metricFiltersQuery,
  recentQueriesQuery,
  rowPageOffsets,
  savedQueriesQuery,
  type PagedQueryState,
} from '../api/queries/logs-insights';
import { writeWithCsrf } from '../api/session';

export type { LogsAccessView } from '@/server/api/logs-insights';
export type { LogGroupRow } from '@/server/logs/log-groups';
export type { RecentQuery } from '@/server/logs/recent';
export type { PagedQueryState };
export type { LogGroupField, MetricFilterRow, QueryState, RecentSource, SavedQuery };
export { isFinal };

const send = writeWithCsrf;

const q = (cluster: string) => `cluster=${encodeURIComponent(cluster)}`;

export function useLogGroups(cluster: string) {
  return useQuery(logGroupsQuery(cluster));
}

export function useLogGroupFields(cluster: string, groups: string[], time: number | undefined) {
  return useQuery(logGroupFieldsQuery(cluster, groups, time));
}

export function useMetricFilters(cluster: string, group: string | null) {
  return useQuery(metricFiltersQuery(cluster, group));
}

export function useRecentQueries(cluster: string) {
  return useQuery(recentQueriesQuery(cluster));
}

export function useSavedQueries(cluster: string) {
  return useQuery(savedQueriesQuery(cluster));
}

export interface StartQuery {
  queryString: string;
  startTime: number;
  endTime: number;
  source: RecentSource;
}

export function useStartQuery(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StartQuery) => send<QueryState>(queryClient, 'POST', '/api/v1/logs/queries', { cluster, ...input }),
    onSuccess: (state) => {
      queryClient.setQueryData(logsQueryStateQuery(cluster, state.id).queryKey, state);
      void queryClient.invalidateQueries({ queryKey: recentQueriesQuery(cluster).queryKey });
    },
  });
}

export function useQueryState(cluster: string, id: string | null) {
  return useQuery(logsQueryStateQuery(cluster, id));
}

export interface QueryRows {
  results: ResultField[][];
  total: number;
  loading: boolean;
  error: unknown;
}

/** The later pages read so far, in order, and the error of the first that failed. */
function combinePages(pages: UseQueryResult<PagedQueryState>[]): { pages: ResultField[][][]; error: unknown } {
  const loaded: ResultField[][][] = [];
  for (const page of pages) {
    if (!page.data) return { pages: loaded, error: page.error ?? undefined };
    loaded.push(page.data.results);
  }
  return { pages: loaded, error: undefined };
}

/**
 * Every row of a finished query: the first page from its state, the others read a page at a time,
 * so no single answer, parse or render holds the page up (100,000 rows are about 60 MB of JSON).
 */
export function useQueryRows(cluster: string, state: PagedQueryState | undefined): QueryRows {
  const queryClient = useQueryClient();
  const id = state?.id;
  const finished = state !== undefined && isFinal(state.status);
  const first = state?.results.length ?? 0;
  const total = state?.resultCount ?? first;
  const offsets = id && finished ? rowPageOffsets(first, total) : [];
  const more = useQueries({
    queries: offsets.map((offset, i) => ({
      ...logsQueryRowsQuery(cluster, id!, offset),
      // One page after another, as they are shown: the next is asked for once the one before it is read.
      enabled: i === 0 || queryClient.getQueryData(logsQueryRowsQuery(cluster, id!, offsets[i - 1]).queryKey) !== undefined,
    })),
    combine: combinePages,
  });
  const results = useMemo(() => (state ? state.results.concat(...more.pages) : []), [state, more.pages]);
  return { results, total, loading: finished && results.length < total && more.error === undefined, error: more.error };
}

export function useStopQuery(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send<QueryState>(queryClient, 'DELETE', logsQueryPath(cluster, id)),
    onSuccess: (state) => queryClient.setQueryData(logsQueryStateQuery(cluster, state.id).queryKey, state),
  });
}

export function fetchLogRecord(cluster: string, ptr: string) {
  return apiRequest<{ record: Record<string, string> }>(`/api/v1/logs/records?${q(cluster)}&ptr=${encodeURIComponent(ptr)}`);
}

export function useSaveQuery(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; name: string; queryString: string; logGroupNames: string[] }) =>
      input.id
        ? send<SavedQuery>(queryClient, 'PUT', `/api/v1/logs/saved/${encodeURIComponent(input.id)}`, { cluster, ...input, id: undefined })
        : send<SavedQuery>(queryClient, 'POST', '/api/v1/logs/saved', { cluster, ...input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedQueriesQuery(cluster).queryKey }),
  });
}

export function useDeleteSaved(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send<{ deleted: string }>(queryClient, 'DELETE', `/api/v1/logs/saved/${encodeURIComponent(id)}?${q(cluster)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedQueriesQuery(cluster).queryKey }),
  });
}

export function useSetRetention(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { logGroupName: string; retentionInDays: number | null }) =>
      send<{ retentionInDays: number | null }>(queryClient, 'PUT', '/api/v1/logs/log-groups/retention', { cluster, ...input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: logGroupsQuery(cluster).queryKey }),
  });
}

export function usePutMetricFilter(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { logGroupName: string } & MetricFilterRow) => send<{ items: MetricFilterRow[] }>(queryClient, 'PUT', '/api/v1/logs/log-groups/metric-filters', { cluster, ...input }),
    onSuccess: (data, input) => queryClient.setQueryData(metricFiltersQuery(cluster, input.logGroupName).queryKey, data),
  });
}

export function useDeleteMetricFilter(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { logGroupName: string; filterName: string }) =>
      send<{ items: MetricFilterRow[] }>(
        queryClient,
        'DELETE',
        `/api/v1/logs/log-groups/metric-filters?${q(cluster)}&logGroupName=${encodeURIComponent(input.logGroupName)}&filterName=${encodeURIComponent(input.filterName)}`,
      ),
    onSuccess: (data, input) => queryClient.setQueryData(metricFiltersQuery(cluster, input.logGroupName).queryKey, data),
  });
}
