'use client';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';
import { queryKeys } from './keys';
import type { Session, SignInRequest, SignInResult } from './types';

const sessionQuery = {
  queryKey: queryKeys.session,
  queryFn: () => apiRequest<Session>('/api/v1/auth/session'),
  staleTime: 30_000,
};

export function useSession() {
  return useQuery(sessionQuery);
}

/** POSTs carry the session's CSRF token; it is fetched first when not cached yet. */
async function postWithCsrf<T>(queryClient: QueryClient, path: string, body: unknown): Promise<T> {
  const session = await queryClient.ensureQueryData(sessionQuery);
  return apiRequest<T>(path, { method: 'POST', body, csrfToken: session.csrfToken });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SignInRequest) => postWithCsrf<SignInResult>(queryClient, '/api/v1/auth/sign-in', request),
    onSuccess: async () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      await queryClient.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => postWithCsrf<{ signedIn: false }>(queryClient, '/api/v1/auth/sign-out', {}),
    onSuccess: () => queryClient.clear(),
  });
}
