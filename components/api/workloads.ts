'use client';
import { useQuery } from '@tanstack/react-query';
import type { WorkloadDetail, WorkloadSections } from '@/server/k8s/workloads';
import { workloadQuery, workloadsQuery } from './queries/workloads';

export type { WorkloadDetail, WorkloadSections };
export type { WorkloadKind, WorkloadRow } from '@/server/k8s/workloads';

export function useWorkloads(cluster: string, namespace: string) {
  return useQuery(workloadsQuery(cluster, namespace));
}

export function useWorkload(cluster: string, namespace: string, plural: string, name: string) {
  return useQuery(workloadQuery(cluster, namespace, plural, name));
}
