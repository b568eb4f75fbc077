'use client';
/** Whether the caller may do each action a page shows: one POST per page for all its buttons, asked as the caller. */
import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CanCheck, CanResult } from '@/server/k8s/can';
import { clusterPath, resourceKey } from '../api/keys';
import { writeWithCsrf } from '../api/session';

export type { CanCheck, CanResult };

export interface CanAnswer {
  results: CanResult[];
}

/** The API server's answers live 30 s in the console; the page asks again after as long. */
const STALE_MS = 30_000;

export function canQuery(queryClient: QueryClient, cluster: string, checks: CanCheck[]) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'can', cluster, checks }),
    queryFn: () => writeWithCsrf<CanAnswer>(queryClient, 'POST', clusterPath(cluster, 'access', 'can'), { checks }),
    enabled: !!cluster && checks.length > 0,
    staleTime: STALE_MS,
  });
}

/**
 * The answers for `checks`, in order: `results[i]` is undefined while the page still asks. Every
 * button of a page reads its answer from the one call, so a page asks once for all of them.
 */
export function useCan(cluster: string, checks: CanCheck[]) {
  const queryClient = useQueryClient();
  const query = useQuery(canQuery(queryClient, cluster, checks));
  return { ...query, results: checks.map((_, i) => query.data?.results[i]) };
}
