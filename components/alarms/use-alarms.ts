'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Acknowledgement, AlarmDetail, AlarmList } from '@/lib/alarms/types';
import type { ContainerInsights } from '@/server/alarms/container-insights';
import type { ClusterSignals } from '@/server/signals/collect';
import { apiRequest, pollWhileHealthy } from '../api/client';
import { clusterPath } from '../api/keys';
import { writeWithCsrf } from '../api/session';

export const ALARMS_REFRESH_MS = 15_000;

const alarmKeys = {
  list: (cluster: string) => ['alarms', cluster] as const,
  one: (cluster: string, name: string, range: string) => ['alarms', cluster, name, range] as const,
  signals: (cluster: string) => ['clusters', cluster, 'signals'] as const,
};

export function useAlarms(cluster: string) {
  return useQuery({
    queryKey: alarmKeys.list(cluster),
    queryFn: () => apiRequest<AlarmList>(`/api/v1/alarms?cluster=${encodeURIComponent(cluster)}`),
    refetchInterval: pollWhileHealthy(ALARMS_REFRESH_MS),
  });
}

export function useSignals(cluster: string) {
  return useQuery({
    queryKey: alarmKeys.signals(cluster),
    queryFn: () => apiRequest<ClusterSignals>(clusterPath(cluster, 'signals')),
    refetchInterval: pollWhileHealthy(ALARMS_REFRESH_MS),
  });
}

export function useAlarm(cluster: string, name: string, range: string) {
  return useQuery({
    queryKey: alarmKeys.one(cluster, name, range),
    queryFn: () => apiRequest<AlarmDetail>(`/api/v1/alarms/${encodeURIComponent(name)}?cluster=${encodeURIComponent(cluster)}&range=${encodeURIComponent(range)}`),
    refetchInterval: pollWhileHealthy(ALARMS_REFRESH_MS),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === name ? previous : undefined),
  });
}

/** Acknowledges the alarm's current firing; the POST carries the session's CSRF token. */
export function useAcknowledge(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, note }: { name: string; note: string }) =>
      writeWithCsrf<Acknowledgement>(queryClient, 'POST', `/api/v1/alarms/${encodeURIComponent(name)}/acknowledgements`, { note, cluster }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alarms', cluster] }),
  });
}

export function useContainerInsights(cluster: string, namespace: string, range: string, enabled: boolean) {
  return useQuery({
    queryKey: ['clusters', cluster, 'signals', 'metrics', namespace, range] as const,
    queryFn: () => apiRequest<ContainerInsights>(`${clusterPath(cluster, 'signals', 'metrics')}?range=${encodeURIComponent(range)}${namespace ? `&namespace=${encodeURIComponent(namespace)}` : ''}`),
    refetchInterval: pollWhileHealthy(60_000),
    enabled,
    placeholderData: (previous) => previous,
  });
}
