import 'server-only';
import { config } from '../../config';
import { consoleErrors } from '../../errors';
import type { RequestIdentity } from '../../k8s/identity';
import { store } from '../../store';
import type { Session } from '../session';
import { idTokenOf } from './flow';
import { client, oidcClient, providerError } from './provider';
import { currentIdToken, renewOnce, type OidcTokens, type RenewalDeps } from './tokens';

/** The provider's refresh_token grant; its refusal (an OAuth error such as invalid_grant) ends the session. */
async function refreshWithProvider(refreshToken: string): Promise<OidcTokens> {
  const configuration = await oidcClient();
  let tokens: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
  try {
    tokens = await client.refreshTokenGrant(configuration, refreshToken);
  } catch (err) {
    if (err instanceof client.ResponseBodyError) {
      throw consoleErrors.sessionExpired(`the OpenID provider would not renew the session (${err.error}${err.error_description ? `: ${err.error_description}` : ''}); sign in again`);
    }
    throw providerError(err, config().oidc!.issuer, 'token request');
  }
  const { idToken, refreshToken: next, expiresAt, renewAt } = idTokenOf(tokens, Math.floor(Date.now() / 1000));
  return { idToken, ...(next ? { refreshToken: next } : {}), expiresAt, renewAt };
}

async function renewalDeps(): Promise<RenewalDeps> {
  return { db: (await store()).db, refresh: refreshWithProvider, now: () => new Date() };
}

/** The session's ID token as the bearer token to the API server, renewed when close to expiry or when the API server refuses it. */
export async function oidcIdentity(session: Session): Promise<Extract<RequestIdentity, { mode: 'token' }>> {
  const deps = await renewalDeps();
  const { token, generation } = await currentIdToken(deps, session.id);
  return { mode: 'token', token, renew: async () => (await renewOnce(deps, session.id, generation)).token };
}
