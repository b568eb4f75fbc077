import 'server-only';
import * as client from 'openid-client';
import { config, type OidcConfig } from '../../config';
import { ConsoleError } from '../../errors';
import { fetchTrusting } from './fetch';

const DISCOVERY_TTL_MS = 60 * 60 * 1000;
const TIMEOUT_SECONDS = 10;

const cache = globalThis as unknown as { __watchdeckOidc?: { key: string; until: number; configuration: Promise<client.Configuration> } };

/** The callback URL registered with the provider. */
export function redirectUri(oidc: OidcConfig): string {
  return `${oidc.publicUrl}/api/v1/auth/callback`;
}

/** Where the provider sends the browser after signing out. */
export function postLogoutRedirectUri(oidc: OidcConfig): string {
  return `${oidc.publicUrl}/sign-in`;
}

function oidcError(kind: 'IssuerUnreachable' | 'DiscoveryInvalid' | 'ProviderError', message: string): ConsoleError {
  return new ConsoleError(kind, kind === 'ProviderError' ? 401 : 502, message);
}

/** The oauth4webapi check that failed under openid-client's wrapper, e.g. OAUTH_JWT_TIMESTAMP_CHECK_FAILED. */
export function failedCheck(err: unknown): { code?: string; claim?: string; attribute?: string } {
  if (!(err instanceof client.ClientError)) return {};
  const inner = err.cause as { cause?: { claim?: string; attribute?: string } } | undefined;
  return { code: err.code, claim: inner?.cause?.claim, attribute: inner?.cause?.attribute };
}

function unreachable(err: unknown): boolean {
  const name = (err as Error | undefined)?.name;
  return err instanceof TypeError || name === 'TimeoutError' || name === 'AbortError';
}

/** Why talking to the provider failed, as a typed error; no token, code or secret is part of any message. */
export function providerError(err: unknown, issuer: string, during: 'discovery' | 'token request'): ConsoleError {
  if (err instanceof ConsoleError) return err;
  if (unreachable(err)) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return oidcError('IssuerUnreachable', `the OpenID provider ${issuer} did not answer the ${during}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  if (err instanceof client.ResponseBodyError || err instanceof client.AuthorizationResponseError) {
    return oidcError('ProviderError', `the OpenID provider answered ${err.error}${err.error_description ? `: ${err.error_description}` : ''}`);
  }
  if (during === 'discovery') {
    const { attribute } = failedCheck(err);
    const detail = attribute === 'issuer' ? `its discovery document names another issuer than ${issuer}` : (err as Error).message;
    return oidcError('DiscoveryInvalid', `the OpenID provider's discovery document at ${issuer}/.well-known/openid-configuration is not usable: ${detail}`);
  }
  // openid-client's own message is generic ("invalid response encountered"); the check that failed is its cause's.
  const cause = err instanceof client.ClientError && err.cause instanceof Error ? err.cause.message : undefined;
  return oidcError('ProviderError', `the OpenID provider's answer could not be used: ${cause ?? (err as Error).message}`);
}

async function discover(oidc: OidcConfig): Promise<client.Configuration> {
  try {
    return await client.discovery(new URL(oidc.issuer), oidc.clientId, { client_secret: oidc.clientSecret, redirect_uris: [redirectUri(oidc)] }, client.ClientSecretBasic(oidc.clientSecret), {
      timeout: TIMEOUT_SECONDS,
      ...(oidc.caPem ? { [client.customFetch]: fetchTrusting(oidc.caPem) } : {}),
    });
  } catch (err) {
    throw providerError(err, oidc.issuer, 'discovery');
  }
}

/** The provider's metadata from discovery, kept for an hour; a failed discovery is tried again on the next use. */
export function oidcClient(now = Date.now()): Promise<client.Configuration> {
  const oidc = config().oidc!;
  const key = `${oidc.issuer}\0${oidc.clientId}`;
  const hit = cache.__watchdeckOidc;
  if (hit && hit.key === key && hit.until > now) return hit.configuration;
  const configuration = discover(oidc);
  cache.__watchdeckOidc = { key, until: now + DISCOVERY_TTL_MS, configuration };
  configuration.catch(() => {
    if (cache.__watchdeckOidc?.configuration === configuration) cache.__watchdeckOidc = undefined;
  });
  return configuration;
}

export { client };
