'use client';
/**
 * Runs one log widget's Logs Insights query through the console API as the viewer: start, poll,
 * stop when left. Past the viewer's share of the line (429) it waits as told and starts again, so
 * a dashboard with more log widgets than the share still shows them all.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, apiRequest, toErrorObject } from '@/components/api/client';
import { isFinal, logsQueryPath } from '@/components/api/queries/logs-insights';
import type { ErrorObject } from '@/components/api/types';
import type { QueryState } from '@/components/logs-insights/api';
import type { TimeRange } from '@/lib/dashboards/model';
import { dashboardWrite } from '../api';
import { resolveRange } from '../time';
import type { ResultField } from './chart-data';

export type LogQueryView =
  | { phase: 'starting'; waiting?: { max: number; retryAfterSeconds: number } }
  | { phase: 'running' | 'done'; status: string; results: ResultField[][]; recordsScanned: number | null; restrictedTo: string[] | null }
  | { phase: 'error'; error: ErrorObject };

const POLL_MS = 1000;
/** When a 429 does not say when to ask again. */
const RETRY_MS = 5000;

export function useLogQuery(input: { cluster: string; queryString: string; logGroups: string[]; range: TimeRange; runKey: number }): LogQueryView {
  const queryClient = useQueryClient();
  const [view, setView] = useState<LogQueryView>({ phase: 'starting' });
  const { cluster, queryString, runKey } = input;
  const groups = JSON.stringify(input.logGroups);
  const range = JSON.stringify(input.range);
  useEffect(() => {
    let stopped = false;
    let id: string | undefined;
    let finished = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Shows the state; false when the query is done with, to be polled no more. */
    const show = (s: QueryState): boolean => {
      // Stopped by the server after going unpolled (a tab in the background): run it again.
      if (s.status === 'Cancelled') {
        id = undefined;
        begin();
        return false;
      }
      finished = isFinal(s.status);
      if (s.error) setView({ phase: 'error', error: s.error });
      else setView({ phase: finished ? 'done' : 'running', status: s.status, results: s.results, recordsScanned: s.statistics.recordsScanned, restrictedTo: s.restrictedTo ?? null });
      return !finished;
    };
    const poll = async () => {
      try {
        const s = await apiRequest<QueryState>(logsQueryPath(cluster, id!));
        if (stopped) return;
        if (show(s)) timer = setTimeout(poll, POLL_MS);
      } catch (err) {
        if (!stopped) setView({ phase: 'error', error: toErrorObject(err) });
        finished = true;
      }
    };
    const stop = (queryId: string) => void dashboardWrite(queryClient, 'DELETE', logsQueryPath(cluster, queryId)).catch(() => undefined);
    function begin() {
      const { start, end } = resolveRange(JSON.parse(range) as TimeRange, Date.now());
      dashboardWrite<QueryState>(queryClient, 'POST', '/api/v1/logs/queries', {
        cluster,
        queryString,
        startTime: start,
        endTime: end,
        source: { kind: 'cloudwatch', logGroupNames: JSON.parse(groups) },
      })
        .then((s) => {
          id = s.id;
          // Left while it was starting: give its place back now rather than when it goes unpolled.
          if (stopped) return isFinal(s.status) ? undefined : stop(s.id);
          if (show(s)) timer = setTimeout(poll, POLL_MS);
        })
        .catch((err) => {
          if (stopped) return;
          if (err instanceof ApiError && err.httpStatus === 429) {
            const retryAfterSeconds = err.error.retryAfterSeconds ?? RETRY_MS / 1000;
            setView({ phase: 'starting', waiting: { max: err.error.limit?.max ?? 0, retryAfterSeconds } });
            timer = setTimeout(begin, retryAfterSeconds * 1000);
            return;
          }
          finished = true;
          setView({ phase: 'error', error: toErrorObject(err) });
        });
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- each run this effect starts begins in the starting phase
    setView({ phase: 'starting' });
    begin();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (id && !finished) stop(id);
    };
  }, [queryClient, cluster, queryString, groups, range, runKey]);
  return view;
}
