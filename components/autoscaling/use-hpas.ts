'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { HpaDetail, HpaHistoryAnswer, HpaList } from '@/server/api/hpas';
import type { WhatIf } from '@/lib/k8s/hpa/explain';
import { apiRequest, pollWhileHealthy } from '../api/client';
import { clusterPath } from '../api/keys';

export type { HpaDetail, HpaHistoryAnswer, HpaList, WhatIf };

/** Query keys of the autoscaling pages, under the cluster's like every console read. */
export const hpaKeys = {
  list: (cluster: string, namespace: string) => ['clusters', cluster, 'hpas', namespace] as const,
  detail: (cluster: string, namespace: string, name: string, whatIf: WhatIf | undefined) => ['clusters', cluster, 'hpas', namespace, name, whatIf ?? null] as const,
  history: (cluster: string, namespace: string, name: string, from: number, to: number) => ['clusters', cluster, 'hpas', namespace, name, 'history', from, to] as const,
};

/** `namespace` '' or '(all)' lists every namespace. */
export function useHpas(cluster: string, namespace: string) {
  return useQuery({
    queryKey: hpaKeys.list(cluster, namespace),
    queryFn: () => apiRequest<HpaList>(`${clusterPath(cluster, 'hpas')}?namespace=${encodeURIComponent(namespace)}`),
    refetchInterval: pollWhileHealthy(15_000),
  });
}

function whatIfQuery(whatIf: WhatIf | undefined): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(whatIf ?? {})) if (value !== undefined) q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}

export function useHpa(cluster: string, namespace: string, name: string, whatIf?: WhatIf) {
  return useQuery({
    queryKey: hpaKeys.detail(cluster, namespace, name, whatIf),
    queryFn: () => apiRequest<HpaDetail>(`${clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'hpas', encodeURIComponent(name))}${whatIfQuery(whatIf)}`),
    refetchInterval: pollWhileHealthy(15_000),
    placeholderData: keepPreviousData,
  });
}

/** `to` undefined follows now: the range slides on every refresh. */
export function useHpaHistory(cluster: string, namespace: string, name: string, rangeMs: number, to: number | undefined) {
  return useQuery({
    queryKey: hpaKeys.history(cluster, namespace, name, rangeMs, to ?? 0),
    queryFn: () => {
      const end = to ?? Date.now();
      const q = new URLSearchParams({ from: new Date(end - rangeMs).toISOString(), to: new Date(end).toISOString() });
      return apiRequest<HpaHistoryAnswer>(`${clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'hpas', encodeURIComponent(name), 'history')}?${q}`);
    },
    refetchInterval: to === undefined ? pollWhileHealthy(15_000) : false,
    placeholderData: keepPreviousData,
  });
}
