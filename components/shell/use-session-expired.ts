'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { toErrorObject } from '../api/client';
import { sessionKey } from '../api/queries/session';
import { onStreamFailure } from '../api/stream-failures';

/**
 * Whether a console answer means this browser must sign in again: the session ended (SessionExpired,
 * SignInRequired) or, where the console signs users in, the API server refused the user's own
 * credentials (a revoked token, an ID token past renewal). Where it does not (kubeconfig, proxy), a 401
 * is the kubeconfig's or the proxy's and shows as a panel instead.
 */
export function endsSession(kind: string, signsIn: boolean): boolean {
  return kind === 'SessionExpired' || kind === 'SignInRequired' || (signsIn && kind === 'Unauthorized');
}

/**
 * Whether a console answer said the session has ended. Every query is then cancelled and none asked
 * again, so the page sends the browser to sign in once, not into a loop of refused calls.
 */
export function useSessionExpired(signsIn: boolean): boolean {
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    const failed = (error: unknown) => {
      if (!endsSession(toErrorObject(error).kind, signsIn)) return;
      setExpired(true);
      void queryClient.cancelQueries();
      // The session has ended on the server: the sign-in page must not offer to continue with it.
      void queryClient.invalidateQueries({ queryKey: sessionKey });
    };
    const fromQueries = queryClient.getQueryCache().subscribe((event) => {
      const error = event.query.state.error;
      if (event.type === 'updated' && event.action.type === 'error' && error !== null) failed(error);
    });
    const fromStreams = onStreamFailure(failed);
    return () => {
      fromQueries();
      fromStreams();
    };
  }, [queryClient, signsIn]);
  return expired;
}
