import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../client';
import { resourceKey } from '../keys';
import type { Session } from '../types';

export const sessionKey = resourceKey({ resource: 'session' });

export function sessionQuery() {
  return queryOptions({ queryKey: sessionKey, queryFn: () => apiRequest<Session>('/api/v1/auth/session'), staleTime: 30_000 });
}
