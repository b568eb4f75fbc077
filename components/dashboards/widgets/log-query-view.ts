/** What a log widget shows of its Logs Insights query, from its start, its polled state and its rows. */
import { toErrorObject } from '@/components/api/client';
import { isFinal } from '@/components/api/queries/logs-insights';
import type { ErrorObject } from '@/components/api/types';
import type { PagedQueryState, QueryRows } from '@/components/logs-insights/api';
import type { ResultField } from './chart-data';

export type LogQueryView =
  | { phase: 'starting'; waiting?: { max: number; retryAfterSeconds: number } }
  | { phase: 'running' | 'done'; status: string; results: ResultField[][]; recordsScanned: number | null; restrictedTo: string[] | null }
  | { phase: 'error'; error: ErrorObject };

/** How the widget's start of the query for its current inputs went: its id, a wait its 429 asked for, or a refusal. */
export type LogQueryRun = { id: string } | { waiting: { max: number; retryAfterSeconds: number } } | { error: ErrorObject };

export function logQueryView(run: LogQueryRun | undefined, state: { data?: PagedQueryState; error: unknown }, rows: Pick<QueryRows, 'results' | 'loading' | 'error'>): LogQueryView {
  if (!run) return { phase: 'starting' };
  if ('waiting' in run) return { phase: 'starting', waiting: run.waiting };
  if ('error' in run) return { phase: 'error', error: run.error };
  if (state.error) return { phase: 'error', error: toErrorObject(state.error) };
  const s = state.data;
  // Stopped by the server after going unpolled: the hook starts it again.
  if (!s || s.id !== run.id || s.status === 'Cancelled') return { phase: 'starting' };
  if (s.error) return { phase: 'error', error: s.error };
  if (rows.error) return { phase: 'error', error: toErrorObject(rows.error) };
  const done = isFinal(s.status) && !rows.loading;
  return { phase: done ? 'done' : 'running', status: s.status, results: rows.results, recordsScanned: s.statistics.recordsScanned, restrictedTo: s.restrictedTo ?? null };
}
