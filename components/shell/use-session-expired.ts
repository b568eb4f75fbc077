'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { queryKeys } from '../api/keys';

/**
 * Whether a console answer said the session has ended for good (SessionExpired: the OpenID provider
 * would not renew it). Every query is then cancelled, so the page sends one browser to sign in, not a loop of refused calls.
 */
export function useSessionExpired(): boolean {
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    const cache = queryClient.getQueryCache();
    return cache.subscribe((event) => {
      const error = event.query.state.error;
      if (event.type !== 'updated' || !(error instanceof ApiError) || error.error.kind !== 'SessionExpired') return;
      setExpired(true);
      void queryClient.cancelQueries();
      // The session has ended on the server: the sign-in page must not offer to continue with it.
      void queryClient.invalidateQueries({ queryKey: queryKeys.session });
    });
  }, [queryClient]);
  return expired;
}
