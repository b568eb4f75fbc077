'use client';
import { useQuery } from '@tanstack/react-query';
import type { RevealedKey, SecretRow } from '@/server/k8s/secrets';
import { apiRequest } from '../api/client';
import { clusterPath } from '../api/keys';

export type { RevealedKey, SecretRow };

/** Keys and sizes only: the console API never sends values in the list. */
export function useSecrets(cluster: string, namespace: string) {
  return useQuery({
    queryKey: ['clusters', cluster, 'secrets', namespace],
    queryFn: () => apiRequest<{ namespace: string; items: SecretRow[] }>(clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'secrets')),
    enabled: !!namespace,
    staleTime: 15_000,
  });
}

/** One key's value: a POST with the CSRF token, kept by the caller only while shown, never in the query cache. */
export function revealSecretKey(cluster: string, namespace: string, name: string, key: string, csrfToken: string): Promise<RevealedKey> {
  return apiRequest<RevealedKey>(clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'secrets', encodeURIComponent(name), 'reveal'), {
    method: 'POST',
    body: { key },
    csrfToken,
  });
}
