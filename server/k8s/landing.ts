import 'server-only';
import { namespaceWithMostProblems, type Landing } from '@/lib/k8s/landing-namespace';
import type { KubeClient } from './client';
import { isForbidden } from './errors';
import { listAll } from './list-all';

export type { Landing };

/**
 * Where the caller opens the console: the namespace with the most problem pods, from one
 * cluster-wide pod list asked as them; null when they may not list pods cluster-wide (they open
 * on a namespace they may read instead) or no pod has a problem.
 */
export async function landing(client: KubeClient, now = new Date()): Promise<{ landing: Landing | null }> {
  try {
    const pods = await listAll<Parameters<typeof namespaceWithMostProblems>[0][number]>(client, { group: '', version: 'v1', resource: 'pods' });
    return { landing: namespaceWithMostProblems(pods, now) };
  } catch (err) {
    if (isForbidden(err)) return { landing: null };
    throw err;
  }
}
