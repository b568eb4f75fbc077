import 'server-only';
import type { DeleteOptions, StreamingKubeClient } from '../client';
import { refOf, type ActionTarget } from './target';

/** Deletes the object with the grace period and propagation policy asked for; the API server's Status or the object comes back. */
export async function deleteObject(client: StreamingKubeClient, target: ActionTarget, options: Pick<DeleteOptions, 'gracePeriodSeconds' | 'propagationPolicy'>): Promise<unknown> {
  return client.delete(refOf(target), options);
}
