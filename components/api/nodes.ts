'use client';
import { useQuery } from '@tanstack/react-query';
import type { NodeDetail, NodeList } from '@/server/k8s/nodes';
import { nodeQuery, nodesQuery } from './queries/nodes';

export type { NodeDetail, NodeList };
export type { NodeRow, Amounts, Taint } from '@/server/k8s/nodes';

export function useNodes(cluster: string) {
  return useQuery(nodesQuery(cluster));
}

export function useNode(cluster: string, name: string) {
  return useQuery(nodeQuery(cluster, name));
}
