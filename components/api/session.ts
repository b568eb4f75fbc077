'use client';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';
import { keyWithin } from './keys';
import { sessionKey, sessionQuery } from './queries/session';
import type { SignInRequest, SignInResult } from './types';

export function useSession() {
  return useQuery(sessionQuery());
}

/** A state-changing request: it carries the session's CSRF token, fetched first when not cached yet. */
export async function writeWithCsrf<T>(queryClient: QueryClient, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const session = await queryClient.ensureQueryData(sessionQuery());
  return apiRequest<T>(path, { method, body, csrfToken: session.csrfToken, headers });
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

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => postWithCsrf<{ signedIn: false; redirectTo?: string }>(queryClient, '/api/v1/auth/sign-out', {}),
    onSuccess: () => queryClient.clear(),
  });
}
