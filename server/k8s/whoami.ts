import 'server-only';
import type { KubeClient } from './client';

export interface WhoAmI {
  username: string;
  uid?: string;
  groups: string[];
}

interface SelfSubjectReview {
  status?: { userInfo?: { username?: string; uid?: string; groups?: string[] } };
}

/** Who the API server says the caller is (SelfSubjectReview, as `kubectl auth whoami`). */
export async function whoami(client: KubeClient): Promise<WhoAmI> {
  const review = await client.create<SelfSubjectReview>(
    { group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews' },
    { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  );
  const info = review.status?.userInfo ?? {};
  return { username: info.username ?? '', ...(info.uid ? { uid: info.uid } : {}), groups: info.groups ?? [] };
}
