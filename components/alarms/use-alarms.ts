'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Acknowledgement } from '@/lib/alarms/types';
import { withPolling, type ReadOptions } from '../api/client';
import { alarmQuery, alarmsKey, alarmsQuery, containerInsightsQuery, signalsQuery } from '../api/queries/alarms';
import { writeWithCsrf } from '../api/session';

export function useAlarms(cluster: string, read?: ReadOptions) {
  return useQuery(withPolling(alarmsQuery(cluster), read));
}

export function useSignals(cluster: string) {
  return useQuery(signalsQuery(cluster));
}

export function useAlarm(cluster: string, name: string, range: string) {
  return useQuery(alarmQuery(cluster, name, range));
}

/** Acknowledges the alarm's current firing; the POST carries the session's CSRF token. */
export function useAcknowledge(cluster: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, note }: { name: string; note: string }) =>
      writeWithCsrf<Acknowledgement>(queryClient, 'POST', `/api/v1/alarms/${encodeURIComponent(name)}/acknowledgements`, { note, cluster }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alarmsKey(cluster) }),
  });
}

export function useContainerInsights(cluster: string, namespace: string, range: string, enabled: boolean) {
  return useQuery({ ...containerInsightsQuery(cluster, namespace, range), enabled });
}
