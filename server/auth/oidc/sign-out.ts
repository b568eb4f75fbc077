import 'server-only';
import { config } from '../../config';
import { client, oidcClient, postLogoutRedirectUri } from './provider';
import type { OidcTokens } from './tokens';

/**
 * Revokes the refresh token where the provider offers revocation, and names its end_session_endpoint
 * with id_token_hint and post_logout_redirect_uri; undefined when the provider has none or cannot be reached.
 */
export async function endSessionUrl(tokens: OidcTokens | undefined): Promise<string | undefined> {
  const oidc = config().oidc!;
  let configuration: client.Configuration;
  try {
    configuration = await oidcClient();
  } catch {
    return undefined;
  }
  const metadata = configuration.serverMetadata();
  if (tokens?.refreshToken && metadata.revocation_endpoint) {
    await client.tokenRevocation(configuration, tokens.refreshToken, { token_type_hint: 'refresh_token' }).catch(() => undefined);
  }
  if (!metadata.end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(configuration, {
    post_logout_redirect_uri: postLogoutRedirectUri(oidc),
    ...(tokens ? { id_token_hint: tokens.idToken } : {}),
  }).href;
}
