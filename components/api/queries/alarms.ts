import { queryOptions } from '@tanstack/react-query';
import type { AlarmDetail, AlarmList } from '@/lib/alarms/types';
import type { ContainerInsights } from '@/server/alarms/container-insights';
import type { ClusterSignals } from '@/server/signals/collect';
import { apiRequest, pollWhileHealthy } from '../client';
import { clusterPath, keyWithin, resourceKey } from '../keys';

const ALARMS_REFRESH_MS = 15_000;

/** Every alarms read of the cluster, the list and each alarm's page: what an acknowledgement changes. */
export const alarmsKey = (cluster: string) => resourceKey({ resource: 'alarms', cluster });

export function alarmsQuery(cluster: string) {
  return queryOptions({
    queryKey: alarmsKey(cluster),
    queryFn: () => apiRequest<AlarmList>(`/api/v1/alarms?cluster=${encodeURIComponent(cluster)}`),
    refetchInterval: pollWhileHealthy(ALARMS_REFRESH_MS),
  });
}

export function alarmQuery(cluster: string, name: string, range: string) {
  const alarm = resourceKey({ resource: 'alarms', cluster, name });
  return queryOptions({
    queryKey: resourceKey({ resource: 'alarms', cluster, name, range }),
    queryFn: () => apiRequest<AlarmDetail>(`/api/v1/alarms/${encodeURIComponent(name)}?cluster=${encodeURIComponent(cluster)}&range=${encodeURIComponent(range)}`),
    refetchInterval: pollWhileHealthy(ALARMS_REFRESH_MS),
    // The same alarm over another range keeps its page while the new range loads; another alarm does not.
    placeholderData: (previous, previousQuery) => (previousQuery && keyWithin(previousQuery.queryKey, alarm) ? previous : undefined),
  });
}

export function signalsQuery(cluster: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'signals', cluster }),
    queryFn: () => apiRequest<ClusterSignals>(clusterPath(cluster, 'signals')),
    refetchInterval: pollWhileHealthy(ALARMS_REFRESH_MS),
  });
}

export function containerInsightsQuery(cluster: string, namespace: string, range: string) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'container-insights', cluster, namespace, range }),
    queryFn: () => apiRequest<ContainerInsights>(`${clusterPath(cluster, 'signals', 'metrics')}?range=${encodeURIComponent(range)}${namespace ? `&namespace=${encodeURIComponent(namespace)}` : ''}`),
    refetchInterval: pollWhileHealthy(60_000),
    placeholderData: (previous) => previous,
  });
}
