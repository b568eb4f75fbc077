'use client';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from './client';
import { keyWithin } from './keys';
import { sessionKey, sessionQuery } from './queries/session';
import type { SignInRequest, SignInResult } from './types';

export function useSession() {
  return useQuery(sessionQuery());
}

/**
 * A state-changing request: it carries the session's CSRF token, fetched first when not cached yet.
 * The token held can be stale: two pages opened at once without a cookie are each handed a new one and
 * the browser keeps the later, and a sign-in or sign-out in another tab changes the session's. The console
 * refuses such a request before it does anything, so it is sent once more with the token asked for afresh,
 * and only when that token differs.
 */
export async function writeWithCsrf<T>(queryClient: QueryClient, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const session = await queryClient.ensureQueryData(sessionQuery());
  try {
    return await apiRequest<T>(path, { method, body, csrfToken: session.csrfToken, headers });
  } catch (error) {
    if (!(error instanceof ApiError && error.httpStatus === 403 && error.error.kind === 'CsrfRejected')) throw error;
    const fresh = await queryClient.fetchQuery({ ...sessionQuery(), staleTime: 0 });
    if (fresh.csrfToken === session.csrfToken) throw error;
    return apiRequest<T>(path, { method, body, csrfToken: fresh.csrfToken, headers });
  }
}

const postWithCsrf = <T>(queryClient: QueryClient, path: string, body: unknown) => writeWithCsrf<T>(queryClient, 'POST', path, body);

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SignInRequest) => postWithCsrf<SignInResult>(queryClient, '/api/v1/auth/sign-in', request),
    onSuccess: async () => {
      queryClient.removeQueries({ predicate: (query) => !keyWithin(query.queryKey, sessionKey) });
      await queryClient.invalidateQueries({ queryKey: sessionKey });
    },
  });
}

type SignOutResult = { signedIn: false; redirectTo?: string };

/**
 * Signing out: `leave` runs first, so the page is already on its way out when the cleared cache makes
 * the session read as signed out, and nothing mistakes the sign-out for an expired session.
 */
export function useSignOut(leave: (result: SignOutResult) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => postWithCsrf<SignOutResult>(queryClient, '/api/v1/auth/sign-out', {}),
    onSuccess: (result) => {
      leave(result);
      queryClient.clear();
    },
  });
}
