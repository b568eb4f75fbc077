import 'server-only';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { CLOCK_TOLERANCE_SECONDS, idTokenClockProblem, renewalTime } from '@/lib/oidc-times';
import { sameOriginPath } from '@/lib/same-origin';
import { config, type OidcConfig } from '../../config';
import { ConsoleError, type ErrorKind } from '../../errors';
import { checkQueryLength, errorResponse } from '../../http';
import { kubeClient } from '../../k8s/client';
import { defaultContext, kubeconfig } from '../../k8s/kubeconfig';
import { whoami } from '../../k8s/whoami';
import { isHttps, readCookie, SESSION_COOKIE, serializeCookie } from '../cookies';
import { deriveKey, safeEqual } from '../keys';
import { createSession, currentSession, deleteStaleSessions, revokeSession, SESSION_TTL_SECONDS } from '../session';
import { client, failedCheck, oidcClient, providerError, redirectUri } from './provider';
import { saveTokens, type OidcTokens } from './tokens';

/** The sign-in under way: state, nonce and PKCE verifier, and where to go after, sealed in a short-lived cookie. */
export const PENDING_COOKIE = 'watchdeck_oidc_pending';
/** A failed sign-in's error, for the sign-in page to show after the redirect. */
export const FAILURE_COOKIE = 'watchdeck_sign_in_error';
const PENDING_TTL_SECONDS = 10 * 60;
const FAILURE_TTL_SECONDS = 60;

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

function flowKey(): Uint8Array {
  return deriveKey(config().sessionSecret, 'oidc sign-in');
}

async function seal(payload: Record<string, string>, ttlSeconds: number): Promise<string> {
  return new EncryptJWT(payload).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt().setExpirationTime(`${ttlSeconds}s`).encrypt(flowKey());
}

async function unseal(value: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (!value) return undefined;
  try {
    return (await jwtDecrypt(value, flowKey(), { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] })).payload;
  } catch {
    return undefined;
  }
}

function oidcConfig(): OidcConfig {
  const { authMode, oidc } = config();
  if (authMode !== 'oidc' || !oidc) throw new ConsoleError('BadRequest', 400, `signing in with an OpenID provider is only used when WATCHDECK_AUTH_MODE=oidc; this console runs in ${authMode} mode`);
  return oidc;
}

/** A path on this console to go to after signing in; anything else is the default page. */
export function nextPath(next: string | null | undefined): string {
  return sameOriginPath(next, config().oidc?.publicUrl ?? 'http://localhost');
}

function redirect(location: string, cookies: string[]): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 303, headers });
}

/** GET /api/v1/auth/start: to the provider's authorization endpoint, with state, nonce and PKCE kept in a sealed cookie. */
export async function startSignIn(request: Request): Promise<Response> {
  const oidc = oidcConfig();
  const next = nextPath(new URL(request.url).searchParams.get('next'));
  const configuration = await oidcClient();
  const pending: Pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri(oidc),
    scope: oidc.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  const secure = isHttps(request);
  return redirect(url.href, [
    serializeCookie(PENDING_COOKIE, await seal({ ...pending }, PENDING_TTL_SECONDS), { maxAgeSeconds: PENDING_TTL_SECONDS, secure }),
    serializeCookie(FAILURE_COOKIE, '', { maxAgeSeconds: 0, secure }),
  ]);
}

/** Exchanges the code (PKCE verifier, state and nonce checked) for the provider's tokens. */
async function exchangeCode(oidc: OidcConfig, request: Request, pending: Pending): Promise<OidcTokens & { claims: client.IDToken }> {
  const params = new URL(request.url).searchParams;
  // Checked here first so a forged or replayed callback is named as such, before any provider error it carries.
  if (!safeEqual(params.get('state') ?? '', pending.state)) {
    throw new ConsoleError('StateMismatch', 400, 'the sign-in response does not belong to the sign-in this browser started (state mismatch); start again');
  }
  if (params.has('error')) {
    const description = params.get('error_description');
    throw new ConsoleError('ProviderError', 401, `the OpenID provider answered ${params.get('error')}${description ? `: ${description}` : ''}`);
  }
  const configuration = await oidcClient();
  const currentUrl = new URL(redirectUri(oidc));
  currentUrl.search = params.toString();
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    const { code, claim } = failedCheck(err);
    if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'nonce') {
      throw new ConsoleError('NonceMismatch', 400, 'the ID token was not issued for the sign-in this browser started (nonce mismatch); start again');
    }
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
      throw new ConsoleError(
        'ClockSkew',
        400,
        `the ID token's ${claim ?? 'time'} claim is outside this server's clock by more than ${CLOCK_TOLERANCE_SECONDS} s; check the clocks of this server and the OpenID provider`,
      );
    }
    throw providerError(err, oidc.issuer, 'token request');
  }
  return idTokenOf(tokens, Math.floor(Date.now() / 1000));
}

/** The ID token of a token response, refused when its times say the clocks disagree. */
export function idTokenOf(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers, nowSeconds: number): OidcTokens & { claims: client.IDToken } {
  const claims = tokens.claims();
  if (!tokens.id_token || !claims) throw new ConsoleError('ProviderError', 401, 'the OpenID provider answered without an ID token; is "openid" among WATCHDECK_OIDC_SCOPES?');
  const problem = idTokenClockProblem(claims, nowSeconds);
  if (problem) throw new ConsoleError('ClockSkew', 400, problem);
  return {
    idToken: tokens.id_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    expiresAt: new Date(claims.exp * 1000),
    renewAt: renewalTime(claims.iat, claims.exp),
    claims,
  };
}

/** Asks the API server who the ID token is, as every later request will. */
async function apiServerUser(idToken: string, cluster: string) {
  try {
    return await whoami(kubeClient({ mode: 'token', token: idToken }, cluster));
  } catch (err) {
    if (err instanceof ConsoleError && err.kind === 'Unauthorized') {
      throw new ConsoleError('Unauthorized', 401, `the API server rejected the ID token: ${err.status?.message ?? err.message}`, err.status);
    }
    throw err;
  }
}

/** GET /api/v1/auth/callback: the provider's answer, checked, becomes a session; then on to the page the browser came from. */
export async function finishSignIn(request: Request): Promise<Response> {
  const oidc = oidcConfig();
  const secure = isHttps(request);
  const clearPending = serializeCookie(PENDING_COOKIE, '', { maxAgeSeconds: 0, secure });
  const sealed = await unseal(readCookie(request, PENDING_COOKIE));
  const pending =
    sealed && typeof sealed.state === 'string' && typeof sealed.nonce === 'string' && typeof sealed.verifier === 'string' && typeof sealed.next === 'string'
      ? { state: sealed.state, nonce: sealed.nonce, verifier: sealed.verifier, next: sealed.next }
      : undefined;
  if (!pending) {
    throw new SignInFailure(new ConsoleError('StateMismatch', 400, 'no sign-in was started in this browser, or it took longer than 10 minutes (state mismatch); start again'), '/', [clearPending]);
  }
  try {
    const tokens = await exchangeCode(oidc, request, pending);
    const cluster = defaultContext(kubeconfig(config().kubeconfigPaths))?.name;
    if (!cluster) throw new ConsoleError('NotFound', 404, 'the kubeconfig has no contexts');
    const user = await apiServerUser(tokens.idToken, cluster);
    const previous = await currentSession(request);
    if (previous) await revokeSession(previous.id);
    await deleteStaleSessions();
    const { session, cookieValue } = await createSession({ token: '', username: user.username, groups: user.groups, cluster });
    await saveTokens(session.id, tokens);
    return redirect(nextPath(pending.next), [
      clearPending,
      serializeCookie(SESSION_COOKIE, cookieValue, { maxAgeSeconds: SESSION_TTL_SECONDS, secure }),
      serializeCookie(FAILURE_COOKIE, '', { maxAgeSeconds: 0, secure }),
    ]);
  } catch (err) {
    throw new SignInFailure(err, pending.next, [clearPending]);
  }
}

/** A failed start or callback, with where the browser was going and the cookies to set all the same. */
export class SignInFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly next: string,
    readonly cookies: string[],
  ) {
    super('sign-in failed');
  }
}

/** The failure the sign-in page shows, when the page was reached by the redirect that reported it. */
export async function signInFailure(cookieValue: string | undefined, kind: string | undefined): Promise<{ kind: ErrorKind; message: string } | undefined> {
  const payload = await unseal(cookieValue);
  if (!payload || typeof payload.kind !== 'string' || typeof payload.message !== 'string' || payload.kind !== kind) return undefined;
  // Sealed by this server from a ConsoleError, so its kind is one of ErrorKind.
  return { kind: payload.kind as ErrorKind, message: payload.message };
}

/**
 * A browser is sent back to the sign-in page, which shows the error it finds in a sealed cookie
 * (so no other site can make the page say something); anything else gets the non-2xx JSON body.
 */
async function failureResponse(request: Request, failure: SignInFailure): Promise<Response> {
  const response = errorResponse(failure.error);
  const navigation = request.headers.get('sec-fetch-mode') === 'navigate' || (request.headers.get('accept') ?? '').includes('text/html');
  if (!navigation) {
    for (const cookie of failure.cookies) response.headers.append('Set-Cookie', cookie);
    return response;
  }
  const { error } = (await response.json()) as { error: { kind: string; message: string } };
  const location = `/sign-in?${new URLSearchParams({ next: nextPath(failure.next), error: error.kind })}`;
  const flash = serializeCookie(FAILURE_COOKIE, await seal({ kind: error.kind, message: error.message }, FAILURE_TTL_SECONDS), { maxAgeSeconds: FAILURE_TTL_SECONDS, secure: isHttps(request) });
  return redirect(location, [...failure.cookies, flash]);
}

/** Wraps the start and callback routes, which browsers navigate to: redirects out, failures as failureResponse says. */
export function navigationRoute(handler: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      checkQueryLength(request);
      return await handler(request);
    } catch (err) {
      const failure = err instanceof SignInFailure ? err : new SignInFailure(err, nextPath(new URL(request.url).searchParams.get('next')), []);
      return failureResponse(request, failure);
    }
  };
}
