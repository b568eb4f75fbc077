'use client';
import { useQuery } from '@tanstack/react-query';
import { withPolling, type ReadOptions } from '../api/client';
import { hpaHistoryQuery, hpaQuery, hpasQuery, type WhatIf } from '../api/queries/hpas';

export type { HpaDetail, HpaHistoryAnswer, HpaList, WhatIf } from '../api/queries/hpas';

export function useHpas(cluster: string, namespace: string) {
  return useQuery(hpasQuery(cluster, namespace));
}

export function useHpa(cluster: string, namespace: string, name: string, whatIf?: WhatIf, read?: ReadOptions) {
  return useQuery(withPolling(hpaQuery(cluster, namespace, name, whatIf), read));
}

export function useHpaHistory(cluster: string, namespace: string, name: string, rangeMs: number, to: number | undefined) {
  return useQuery(hpaHistoryQuery(cluster, namespace, name, rangeMs, to));
}
