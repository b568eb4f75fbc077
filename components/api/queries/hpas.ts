import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { HpaDetail, HpaHistoryAnswer, HpaList } from '@/server/api/hpas';
import type { WhatIf } from '@/lib/k8s/hpa/explain';
import { apiRequest, pollWhileHealthy } from '../client';
import { clusterPath, resourceKey } from '../keys';

export type { HpaDetail, HpaHistoryAnswer, HpaList, WhatIf };

const REFRESH_MS = 15_000;

const hpaPath = (cluster: string, namespace: string, name: string, ...rest: string[]) => clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'hpas', encodeURIComponent(name), ...rest);

/** `namespace` '' or '(all)' lists every namespace. */
export function hpasQuery(cluster: string, namespace: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'hpas', cluster, namespace }),
    queryFn: () => apiRequest<HpaList>(`${clusterPath(cluster, 'hpas')}?namespace=${encodeURIComponent(namespace)}`),
    refetchInterval: pollWhileHealthy(REFRESH_MS),
  });
}

function whatIfQuery(whatIf: WhatIf | undefined): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(whatIf ?? {})) if (value !== undefined) q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}

export function hpaQuery(cluster: string, namespace: string, name: string, whatIf?: WhatIf) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'hpas', cluster, namespace, name, whatIf: whatIf ?? null }),
    queryFn: () => apiRequest<HpaDetail>(`${hpaPath(cluster, namespace, name)}${whatIfQuery(whatIf)}`),
    refetchInterval: pollWhileHealthy(REFRESH_MS),
    placeholderData: keepPreviousData,
  });
}

/** `to` undefined follows now: the range slides on every refresh. */
export function hpaHistoryQuery(cluster: string, namespace: string, name: string, rangeMs: number, to: number | undefined) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'hpa-history', cluster, namespace, name, rangeMs, to: to ?? null }),
    queryFn: () => {
      const end = to ?? Date.now();
      const q = new URLSearchParams({ from: new Date(end - rangeMs).toISOString(), to: new Date(end).toISOString() });
      return apiRequest<HpaHistoryAnswer>(`${hpaPath(cluster, namespace, name, 'history')}?${q}`);
    },
    refetchInterval: to === undefined ? pollWhileHealthy(REFRESH_MS) : false,
    placeholderData: keepPreviousData,
  });
}
