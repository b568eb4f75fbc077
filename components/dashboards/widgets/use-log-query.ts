'use client';
/**
 * Runs one log widget's Logs Insights query through the Logs page's hooks, as the viewer: start,
 * poll until final, every row a page at a time, stop when left. Past the viewer's share of the line
 * (429) it waits as told and starts again, so a dashboard with more log widgets than the share
 * still shows them all.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, toErrorObject } from '@/components/api/client';
import { keyWithin } from '@/components/api/keys';
import { isFinal, logsQueryStateQuery, type PagedQueryState } from '@/components/api/queries/logs-insights';
import { useQueryRows, useQueryState, useStartQuery, useStopQuery } from '@/components/logs-insights/api';
import type { TimeRange } from '@/lib/dashboards/model';
import { resolveRange } from '../time';
import { logQueryView, type LogQueryRun, type LogQueryView } from './log-query-view';

export type { LogQueryView };

/** When a 429 does not say when to ask again. */
const RETRY_MS = 5000;

export function useLogQuery(input: { cluster: string; queryString: string; logGroups: string[]; range: TimeRange; runKey: number }): LogQueryView {
  const queryClient = useQueryClient();
  const { cluster, queryString, runKey } = input;
  const groups = JSON.stringify(input.logGroups);
  const range = JSON.stringify(input.range);
  // A run belongs to the inputs it started with: new inputs (or Run again) show starting until theirs has begun.
  const key = JSON.stringify([cluster, queryString, groups, range, runKey]);
  const { mutateAsync: startQuery } = useStartQuery(cluster);
  const { mutate: stopQuery } = useStopQuery(cluster);
  const [run, setRun] = useState<LogQueryRun & { key: string }>();

  useEffect(() => {
    let stopped = false;
    let id: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const begin = () => {
      const { start, end } = resolveRange(JSON.parse(range) as TimeRange, Date.now());
      startQuery({ queryString, startTime: start, endTime: end, source: { kind: 'cloudwatch', logGroupNames: JSON.parse(groups) as string[] } }).then(
        (s) => {
          // Left while it was starting: give its place back now rather than when it goes unpolled.
          if (stopped) return isFinal(s.status) ? undefined : stopQuery(s.id);
          id = s.id;
          setRun({ key, id: s.id });
        },
        (err: unknown) => {
          if (stopped) return;
          if (err instanceof ApiError && err.httpStatus === 429) {
            const retryAfterSeconds = err.error.retryAfterSeconds ?? RETRY_MS / 1000;
            setRun({ key, waiting: { max: err.error.limit?.max ?? 0, retryAfterSeconds } });
            timer = setTimeout(begin, retryAfterSeconds * 1000);
            return;
          }
          setRun({ key, error: toErrorObject(err) });
        },
      );
    };
    // Stopped by the server after going unpolled (a tab in the background): run it again.
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (id === undefined || event.type !== 'updated' || event.action.type !== 'success') return;
      const state = event.query.state.data as PagedQueryState | undefined;
      if (state?.status !== 'Cancelled' || !keyWithin(event.query.queryKey, logsQueryStateQuery(cluster, id).queryKey)) return;
      id = undefined;
      begin();
    });
    begin();
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      const last = id === undefined ? undefined : queryClient.getQueryData(logsQueryStateQuery(cluster, id).queryKey);
      if (id !== undefined && !(last && isFinal(last.status))) stopQuery(id);
    };
  }, [queryClient, startQuery, stopQuery, key, cluster, queryString, groups, range]);

  const current = run?.key === key ? run : undefined;
  const state = useQueryState(cluster, current && 'id' in current ? current.id : null);
  const rows = useQueryRows(cluster, state.data);
  return logQueryView(current, state, rows);
}
