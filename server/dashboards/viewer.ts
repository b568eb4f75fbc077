import 'server-only';
import { authenticate } from '../auth/caller';
import { validateBearer } from '../auth/bearer';
import { consoleErrors } from '../errors';
import { kubeClient } from '../k8s/client';
import { loadedClusters } from '../k8s/clusters';
import { defaultContext } from '../k8s/kubeconfig';
import { whoami } from '../k8s/whoami';

/**
 * The username dashboards are owned by: the one the API server knows the caller as. Applies the
 * console's authentication and, for state-changing methods, its CSRF checks.
 */
export async function dashboardViewer(request: Request): Promise<string> {
  const caller = await authenticate(request);
  if (caller.session) return caller.session.username;
  if (caller.identity.mode === 'proxy') return caller.identity.username;
  const cluster = defaultContext(loadedClusters())?.name;
  if (!cluster) throw consoleErrors.notFound('the kubeconfig has no contexts');
  const user = caller.identity.mode === 'token' ? await validateBearer(caller.identity.token, cluster) : await whoami(kubeClient(caller.identity, cluster));
  if (!user.username) throw consoleErrors.unauthorized('the API server did not say who the caller is');
  return user.username;
}
