import 'server-only';
import { authenticate, type Caller } from '../auth/caller';
import { kubeClient, type StreamingKubeClient } from '../k8s/client';

/** Authenticates the request for a cluster and gives the client that asks it as the caller. */
export async function callerClient(request: Request, cluster: string): Promise<{ caller: Caller; client: StreamingKubeClient }> {
  const caller = await authenticate(request, cluster);
  return { caller, client: kubeClient(caller.identity, cluster) };
}
