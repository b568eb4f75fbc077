'use client';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditAnswer } from '@/server/api/can';
import type { AuditEntry } from '@/server/audit/trail';
import { apiRequest } from '../api/client';
import { resourceKey } from '../api/keys';

export type { AuditAnswer, AuditEntry };

export interface AuditFilters {
  user: string;
  action: string;
  namespace: string;
}

/** The trail, newest first, a page at a time by the server's cursor. */
export function auditQuery(cluster: string, filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: resourceKey({ resource: 'audit', cluster, ...filters }),
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ cluster });
      for (const [name, value] of Object.entries(filters)) if (value) search.set(name, value);
      if (pageParam) search.set('cursor', pageParam);
      return apiRequest<AuditAnswer>(`/api/v1/audit?${search}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor,
    refetchInterval: 30_000,
  });
}

export const useAudit = (cluster: string, filters: AuditFilters) => useInfiniteQuery(auditQuery(cluster, filters));
