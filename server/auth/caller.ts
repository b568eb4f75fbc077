import 'server-only';
import { config } from '../config';
import { consoleErrors } from '../errors';
import type { RequestIdentity } from '../k8s/identity';
import { loadedClusters } from '../k8s/clusters';
import { defaultContext } from '../k8s/kubeconfig';
import { noteCaller } from '../observability/context';
import { bearerToken, validateBearer } from './bearer';
import { checkCsrf } from './csrf';
import { oidcIdentity } from './oidc/identity';
import { proxyIdentity } from './proxy';
import { currentSession, type Session } from './session';

/** Who is calling and with which identity the API server will see them. */
export interface Caller {
  identity: RequestIdentity;
  /** Present when a browser session authenticated the request. */
  session?: Session;
  via: 'kubeconfig' | 'session' | 'bearer' | 'proxy';
}

/**
 * Authenticates a console API request for the given cluster (the default one when the route
 * names none) and, for state-changing methods, applies the CSRF checks. Scripts' bearer tokens
 * are confirmed with the API server and exempt from CSRF: browsers cannot send them cross-site.
 */
export async function authenticate(request: Request, cluster?: string): Promise<Caller> {
  const { authMode, proxy } = config();
  let caller: Caller;
  if (authMode === 'kubeconfig') {
    caller = { identity: { mode: 'kubeconfig' }, via: 'kubeconfig' };
  } else if (authMode === 'proxy') {
    caller = { identity: proxyIdentity(request, proxy!), via: 'proxy' };
  } else {
    const token = bearerToken(request);
    if (token) {
      const target = cluster ?? defaultContext(loadedClusters())?.name;
      if (!target) throw consoleErrors.notFound('the kubeconfig has no contexts');
      noteCaller((await validateBearer(token, target)).username, cluster);
      return { identity: { mode: 'token', token }, via: 'bearer' };
    }
    const session = await currentSession(request);
    if (!session) {
      checkCsrf(request, undefined);
      throw consoleErrors.signInRequired();
    }
    if (authMode === 'oidc') {
      // Checked before renewing: a refused cross-site request must not cost the provider a refresh.
      checkCsrf(request, session.id);
      return { identity: await oidcIdentity(session), session, via: 'session' };
    }
    caller = { identity: { mode: 'token', token: session.token }, session, via: 'session' };
  }
  checkCsrf(request, caller.session?.id);
  noteCaller(caller.session?.username ?? (caller.identity.mode === 'proxy' ? caller.identity.username : undefined), cluster);
  return caller;
}
