'use client';
import { useQuery } from '@tanstack/react-query';
import { overviewQuery } from '../api/queries/overview';

export function useOverview(cluster: string, namespace: string) {
  return useQuery(overviewQuery(cluster, namespace));
}
