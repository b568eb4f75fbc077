'use client';
/** Runs one log widget's Logs Insights query through the console API as the viewer: start, poll, stop when left. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiRequest, toErrorObject } from '@/components/api/client';
import { isFinal } from '@/components/logs-insights/api';
import type { ErrorObject } from '@/components/api/types';
import type { TimeRange } from '@/server/dashboards/model';
import { dashboardWrite } from '../api';
import { resolveRange } from '../time';
import type { ResultField } from './chart-data';

interface QueryState {
  id: string;
  status: string;
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
  results: ResultField[][];
  /** The namespaces a restricted reader's query was limited to; null for a cluster-wide reader. */
  restrictedTo: string[] | null;
  error?: ErrorObject;
}

export type LogQueryView =
  | { phase: 'starting' }
  | { phase: 'running' | 'done'; status: string; results: ResultField[][]; recordsScanned: number; restrictedTo: string[] | null }
  | { phase: 'error'; error: ErrorObject };

const POLL_MS = 1000;

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
    const show = (s: QueryState) => {
      finished = isFinal(s.status);
      if (s.error) setView({ phase: 'error', error: s.error });
      else setView({ phase: finished ? 'done' : 'running', status: s.status, results: s.results, recordsScanned: s.statistics.recordsScanned, restrictedTo: s.restrictedTo ?? null });
    };
    const poll = async () => {
      try {
        const s = await apiRequest<QueryState>(`/api/v1/logs/queries/${encodeURIComponent(id!)}?cluster=${encodeURIComponent(cluster)}`);
        if (stopped) return;
        show(s);
        if (!finished) timer = setTimeout(poll, POLL_MS);
      } catch (err) {
        if (!stopped) setView({ phase: 'error', error: toErrorObject(err) });
        finished = true;
      }
    };
    setView({ phase: 'starting' });
    const { start, end } = resolveRange(JSON.parse(range) as TimeRange, Date.now());
    dashboardWrite<QueryState>(queryClient, 'POST', '/api/v1/logs/queries', { cluster, queryString, startTime: start, endTime: end, source: { kind: 'cloudwatch', logGroupNames: JSON.parse(groups) } })
      .then((s) => {
        id = s.id;
        if (stopped) return;
        show(s);
        if (!finished) timer = setTimeout(poll, POLL_MS);
      })
      .catch((err) => {
        finished = true;
        if (!stopped) setView({ phase: 'error', error: toErrorObject(err) });
      });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (id && !finished) void dashboardWrite(queryClient, 'DELETE', `/api/v1/logs/queries/${encodeURIComponent(id)}?cluster=${encodeURIComponent(cluster)}`).catch(() => undefined);
    };
  }, [queryClient, cluster, queryString, groups, range, runKey]);
  return view;
}
