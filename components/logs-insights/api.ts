'use client';
/** The Logs page's reads and writes of the console API (docs/api.md, "Logs Insights"). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { LogsAccessView } from '@/server/api/logs-insights';
import type { LogGroupField } from '@/lib/logs/field-shares';
import type { LogGroupFields } from '@/server/logs/fields';
import type { LogGroupRow, MetricFilterRow } from '@/server/logs/log-groups';
import type { QueryState } from '@/server/logs/queries';
import type { ResultField } from '@/lib/logs-insights';
import type { RecentQuery, RecentSource } from '@/server/logs/recent';
import type { SavedQuery } from '@/server/logs/saved';
import { apiRequest } from '../api/client';
import { writeWithCsrf } from '../api/session';

export type { LogsAccessView, LogGroupField, LogGroupRow, MetricFilterRow, QueryState, RecentQuery, RecentSource, SavedQuery };

export const logsKeys = {
  logGroups: (cluster: string) => ['logs', cluster, 'log-groups'] as const,
  fields: (cluster: string, groups: string[], time: number | undefined) => ['logs', cluster, 'fields', [...groups].sort(), time ?? null] as const,
  metricFilters: (cluster: string, group: string) => ['logs', cluster, 'metric-filters', group] as const,
  recent: (cluster: string) => ['logs', cluster, 'recent'] as const,
  saved: (cluster: string) => ['logs', cluster, 'saved'] as const,
  query: (cluster: string, id: string) => ['logs', cluster, 'queries', id] as const,
};

const FINAL = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);
export const isFinal = (status: string) => FINAL.has(status);

const send = writeWithCsrf;

const q = (cluster: string) => `cluster=${encodeURIComponent(cluster)}`;

export function useLogGroups(cluster: string) {
  return useQuery({
    queryKey: logsKeys.logGroups(cluster),
    queryFn: () => apiRequest<{ logGroups: LogGroupRow[]; access: LogsAccessView }>(`/api/v1/logs/log-groups?${q(cluster)}`),
    staleTime: 60_000,
  });
}

/** The fields of the selected groups' events (around `time`, epoch seconds; else the last 15 minutes), for completion. */
export function useLogGroupFields(cluster: string, groups: string[], time: number | undefined) {
  return useQuery({
    queryKey: logsKeys.fields(cluster, groups, time),
    queryFn: () => {
      const names = [...groups].sort().map((g) => `&logGroupName=${encodeURIComponent(g)}`).join('');
      return apiRequest<LogGroupFields>(`/api/v1/logs/log-groups/fields?${q(cluster)}${names}${time !== undefined ? `&time=${time}` : ''}`);
    },
    enabled: groups.length > 0,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useMetricFilters(cluster: string, group: string | null) {
  return useQuery({
    queryKey: logsKeys.metricFilters(cluster, group ?? ''),
    queryFn: () => apiRequest<{ items: MetricFilterRow[] }>(`/api/v1/logs/log-groups/metric-filters?${q(cluster)}&logGroupName=${encodeURIComponent(group!)}`),
    enabled: group !== null,
  });
}

export function useRecentQueries(cluster: string) {
  return useQuery({ queryKey: logsKeys.recent(cluster), queryFn: () => apiRequest<{ items: RecentQuery[] }>(`/api/v1/logs/queries?${q(cluster)}`) });
}

export function useSavedQueries(cluster: string) {
  return useQuery({ queryKey: logsKeys.saved(cluster), queryFn: () => apiRequest<{ items: SavedQuery[]; canSave: boolean }>(`/api/v1/logs/saved?${q(cluster)}`) });
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
      queryClient.setQueryData(logsKeys.query(cluster, state.id), state);
      void queryClient.invalidateQueries({ queryKey: logsKeys.recent(cluster) });
    },
  });
}

/** A query's state with one page of its rows: where they start and how many rows there are in all. */
export type PagedQueryState = QueryState & { rowOffset?: number; resultCount?: number };

/** Rows each poll carries: the first page; the rest of a finished query's rows come a page at a time (useQueryRows). */
const FIRST_ROWS = 1_000;
export const ROWS_PAGE = 20_000;

/** Polls a query until it ends: every half second while it runs; a failed poll is asked again with backoff by the retry scheduler. */
export function useQueryState(cluster: string, id: string | null) {
  return useQuery({
    queryKey: logsKeys.query(cluster, id ?? ''),
    queryFn: () => apiRequest<PagedQueryState>(`/api/v1/logs/queries/${id}?${q(cluster)}&limit=${FIRST_ROWS}`),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.status === 'error' || (query.state.data && isFinal(query.state.data.status)) ? false : 500),
    staleTime: Infinity,
    // Each answer replaces the last: comparing up to 100,000 rows with the previous ones only costs time.
    structuralSharing: false,
  });
}

/**
 * Every row of a finished query: the first page from its state, the others read a page at a time,
 * so no single answer, parse or render holds the page up (100,000 rows are about 60 MB of JSON).
 */
export function useQueryRows(cluster: string, state: PagedQueryState | undefined): { results: ResultField[][]; total: number; loading: boolean; error: unknown } {
  const [more, setMore] = useState<{ id: string; rows: ResultField[][]; error?: unknown } | null>(null);
  const id = state?.id;
  const finished = state !== undefined && isFinal(state.status);
  const first = state?.results.length ?? 0;
  const total = state?.resultCount ?? first;
  useEffect(() => {
    if (!id || !finished || total <= first) return;
    let cancelled = false;
    let rows: ResultField[][] = [];
    (async () => {
      for (let offset = first; offset < total && !cancelled; offset += ROWS_PAGE) {
        const page = await apiRequest<PagedQueryState>(`/api/v1/logs/queries/${id}?${q(cluster)}&offset=${offset}&limit=${ROWS_PAGE}`);
        if (cancelled) return;
        rows = rows.concat(page.results);
        setMore({ id, rows });
      }
    })().catch((error: unknown) => !cancelled && setMore({ id, rows, error }));
    return () => {
      cancelled = true;
    };
  }, [cluster, id, finished, first, total]);
  const mine = more !== null && more.id === id ? more : undefined;
  const results = useMemo(() => (state && mine ? state.results.concat(mine.rows) : (state?.results ?? [])), [state, mine]);
  return { results, total, loading: finished && results.length < total && mine?.error === undefined, error: mine?.error };
}

export function useStopQuery(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send<QueryState>(queryClient, 'DELETE', `/api/v1/logs/queries/${id}?${q(cluster)}`),
    onSuccess: (state) => queryClient.setQueryData(logsKeys.query(cluster, state.id), state),
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
    onSuccess: () => queryClient.invalidateQueries({ queryKey: logsKeys.saved(cluster) }),
  });
}

export function useDeleteSaved(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send<{ deleted: string }>(queryClient, 'DELETE', `/api/v1/logs/saved/${encodeURIComponent(id)}?${q(cluster)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: logsKeys.saved(cluster) }),
  });
}

export function useSetRetention(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { logGroupName: string; retentionInDays: number | null }) =>
      send<{ retentionInDays: number | null }>(queryClient, 'PUT', '/api/v1/logs/log-groups/retention', { cluster, ...input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: logsKeys.logGroups(cluster) }),
  });
}

export function usePutMetricFilter(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { logGroupName: string } & MetricFilterRow) => send<{ items: MetricFilterRow[] }>(queryClient, 'PUT', '/api/v1/logs/log-groups/metric-filters', { cluster, ...input }),
    onSuccess: (data, input) => queryClient.setQueryData(logsKeys.metricFilters(cluster, input.logGroupName), data),
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
    onSuccess: (data, input) => queryClient.setQueryData(logsKeys.metricFilters(cluster, input.logGroupName), data),
  });
}
