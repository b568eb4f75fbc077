import 'server-only';
import { authenticate, type Caller } from '../auth/caller';
import { validateBearer } from '../auth/bearer';
import { consoleErrors } from '../errors';
import { kubeClient, type StreamingKubeClient } from '../k8s/client';
import { whoami } from '../k8s/whoami';
import type { AuditContext } from './trail';

export interface Actor {
  caller: Caller;
  /** Asks the API server as the caller. */
  client: StreamingKubeClient;
  /** Who the API server knows the caller as, on this cluster, for the audit trail. */
  audit: AuditContext;
}

/** Authenticates a request for a cluster (CSRF included for writes) and names the caller as the API server knows them. */
export async function actorFor(request: Request, cluster: string): Promise<Actor> {
  const caller = await authenticate(request, cluster);
  const client = kubeClient(caller.identity, cluster);
  let user: { username: string; groups: string[] };
  if (caller.session && caller.session.cluster === cluster) user = { username: caller.session.username, groups: caller.session.groups };
  else if (caller.identity.mode === 'proxy') user = { username: caller.identity.username, groups: caller.identity.groups };
  else if (caller.via === 'bearer' && caller.identity.mode === 'token') user = await validateBearer(caller.identity.token, cluster);
  else user = await whoami(client);
  if (!user.username) throw consoleErrors.unauthorized('the API server did not say who the caller is');
  return { caller, client, audit: { cluster, user: { username: user.username, groups: user.groups } } };
}
