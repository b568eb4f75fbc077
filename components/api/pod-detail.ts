'use client';
import { useQuery } from '@tanstack/react-query';
import type { PodDetail } from '@/server/k8s/pod-detail';
import { podListQuery, podQuery } from './queries/pods';

export type { PodDetail };
export type { ContainerDetail, ContainerState } from '@/lib/k8s/containers';
export type { PendingExplanation, NodeRoom } from '@/server/k8s/pending';
export type { OwnerLink } from '@/server/k8s/owners';
export { podPath } from './queries/pods';

export function usePodDetail(cluster: string, namespace: string, name: string) {
  return useQuery(podQuery(cluster, namespace, name));
}

export function usePodList(cluster: string, namespace: string, labelSelector: string) {
  return useQuery(podListQuery(cluster, namespace, labelSelector));
}
