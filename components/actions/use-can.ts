'use client';
/** Whether the caller may do each action a page shows: one POST per page for all its buttons, asked as the caller. */
import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CanCheck, CanResult } from '@/server/k8s/can';
import { clusterPath, resourceKey } from '../api/keys';
import { writeWithCsrf } from '../api/session';
import { canBatcher } from './can-batch';

export type { CanCheck, CanResult };

export interface CanAnswer {
  results: CanResult[];
}

/** The API server's answers live 30 s in the console; the page asks again after as long. */
const STALE_MS = 30_000;

const batchers = new WeakMap<QueryClient, ReturnType<typeof canBatcher>>();

/** The page's one loader: the checks of every button rendered together go in one request. */
function batcherFor(queryClient: QueryClient) {
  let load = batchers.get(queryClient);
  if (!load) {
    load = canBatcher(async (cluster, checks) => (await writeWithCsrf<CanAnswer>(queryClient, 'POST', clusterPath(cluster, 'access', 'can'), { checks })).results);
    batchers.set(queryClient, load);
  }
  return load;
}

export function canQuery(queryClient: QueryClient, cluster: string, checks: CanCheck[]) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'can', cluster, checks }),
    queryFn: async (): Promise<CanAnswer> => ({ results: await batcherFor(queryClient)(cluster, checks) }),
    enabled: !!cluster && checks.length > 0,
    staleTime: STALE_MS,
  });
}

/**
 * The answers for `checks`, in order: `results[i]` is undefined while the page still asks. The
 * checks of every component rendered together go in one request (can-batch.ts).
 */
export function useCan(cluster: string, checks: CanCheck[]) {
  const queryClient = useQueryClient();
  const query = useQuery(canQuery(queryClient, cluster, checks));
  return { ...query, results: checks.map((_, i) => query.data?.results[i]) };
}
