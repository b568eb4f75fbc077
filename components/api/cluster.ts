'use client';
import { useQuery } from '@tanstack/react-query';
import { awsQuery, clustersQuery, namespacesQuery, whoamiQuery } from './queries/clusters';

export function useClusters() {
  return useQuery(clustersQuery());
}

export function useWhoAmI(cluster: string) {
  return useQuery(whoamiQuery(cluster));
}

export function useNamespaces(cluster: string, include: readonly string[]) {
  return useQuery(namespacesQuery(cluster, include));
}

export function useAwsSettings() {
  return useQuery(awsQuery());
}
