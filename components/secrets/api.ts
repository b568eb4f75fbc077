'use client';
import { useQuery } from '@tanstack/react-query';
import type { RevealedKey, SecretRow } from '@/server/k8s/secrets';
import { apiRequest } from '../api/client';
import { clusterPath } from '../api/keys';
import { secretsQuery } from '../api/queries/secrets';

export type { RevealedKey, SecretRow };

export function useSecrets(cluster: string, namespace: string) {
  return useQuery(secretsQuery(cluster, namespace));
}

/** One key's value: a POST with the CSRF token, kept by the caller only while shown, never in the query cache. */
export function revealSecretKey(cluster: string, namespace: string, name: string, key: string, csrfToken: string): Promise<RevealedKey> {
  return apiRequest<RevealedKey>(clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'secrets', encodeURIComponent(name), 'reveal'), {
    method: 'POST',
    body: { key },
    csrfToken,
  });
}
