import 'server-only';
import { config, type AuthMode } from '../config';
import { ConsoleError, consoleErrors } from '../errors';
import { kubeClient } from '../k8s/client';
import { loadedClusters } from '../k8s/clusters';
import { defaultContext } from '../k8s/kubeconfig';
import { whoami } from '../k8s/whoami';
import type { Reply } from '../http';
import { isHttps, readCookie, SESSION_COOKIE, serializeCookie } from './cookies';
import { anonymousCsrfToken, checkCsrf, sessionCsrfToken } from './csrf';
import { readSandboxUsers } from './sandbox-users';
import { createSession, currentSession, deleteStaleSessions, revokeSession, SESSION_TTL_SECONDS } from './session';
import { bearerToken, validateBearer } from './bearer';
import { endSessionUrl } from './oidc/sign-out';
import { loadTokens } from './oidc/tokens';
import { proxyIdentity } from './proxy';

export type SignInInput = { token: string } | { sandboxUser: string };

export interface SessionInfo {
  mode: AuthMode;
  signedIn: boolean;
  csrfToken: string;
  sandboxUsers?: { name: string; description: string }[];
  /** oidc mode: the provider the sign-in button leads to, by its host. */
  oidc?: { issuerHost: string };
}

function requireTokenMode(action: string): void {
  const { authMode } = config();
  if (authMode !== 'token') throw consoleErrors.badRequest(`${action} is only used when WATCHDECK_AUTH_MODE=token; this console runs in ${authMode} mode`);
}

function defaultCluster(): string {
  const context = defaultContext(loadedClusters());
  if (!context) throw consoleErrors.notFound('the kubeconfig has no contexts');
  return context.name;
}

/** What the sign-in page and the shell need to know before any other call, and the cookies answering it must set. */
async function describeSession(request: Request): Promise<{ info: SessionInfo; cookies: string[] }> {
  const { authMode, sandboxUsersFile, proxy } = config();
  const cookies: string[] = [];
  const session = authMode === 'token' || authMode === 'oidc' ? await currentSession(request) : undefined;
  let csrfToken: string;
  if (session) {
    csrfToken = sessionCsrfToken(session.id);
  } else {
    // A session that ended (signed out elsewhere, expired, revoked): drop its cookie.
    if (readCookie(request, SESSION_COOKIE) !== undefined) cookies.push(serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: isHttps(request) }));
    const anonymous = anonymousCsrfToken(request);
    if (anonymous.setCookie) cookies.push(anonymous.setCookie);
    csrfToken = anonymous.token;
  }
  let signedIn: boolean;
  if (authMode === 'kubeconfig') {
    signedIn = true;
  } else if (authMode === 'proxy') {
    try {
      proxyIdentity(request, proxy!);
      signedIn = true;
    } catch {
      signedIn = false;
    }
  } else {
    const token = session ? undefined : bearerToken(request);
    signedIn =
      !!session ||
      (token !== undefined &&
        (await validateBearer(token, defaultCluster()).then(
          () => true,
          () => false,
        )));
  }
  const info: SessionInfo = { mode: authMode, signedIn, csrfToken };
  if (authMode === 'oidc') info.oidc = { issuerHost: new URL(config().oidc!.issuer).host };
  if (sandboxUsersFile) info.sandboxUsers = readSandboxUsers(sandboxUsersFile).map(({ name, description }) => ({ name, description }));
  return { info, cookies };
}

export async function sessionInfo(request: Request, reply: Reply): Promise<SessionInfo> {
  const { info, cookies } = await describeSession(request);
  for (const cookie of cookies) reply.setCookie(cookie);
  return info;
}

/**
 * The session as a page's HTML can carry it, so the shell starts the page's own requests at once
 * instead of asking first. Undefined when answering would have to set a cookie, which a rendered
 * page cannot: the shell then asks GET /api/v1/auth/session, which sets it.
 */
export async function sessionForPage(request: Request): Promise<SessionInfo | undefined> {
  const { info, cookies } = await describeSession(request);
  return cookies.length ? undefined : info;
}

/** Confirms the token with the API server (SelfSubjectReview) and opens a session for it. */
export async function signIn(request: Request, input: SignInInput, reply: Reply): Promise<{ signedIn: true; user: { username: string; groups: string[] } }> {
  requireTokenMode('sign-in');
  const previous = await currentSession(request);
  checkCsrf(request, previous?.id);
  let token: string;
  if ('sandboxUser' in input) {
    const { sandboxUsersFile } = config();
    if (!sandboxUsersFile) throw consoleErrors.badRequest('sandbox users are not configured (WATCHDECK_SANDBOX_USERS_FILE is not set)');
    const entry = readSandboxUsers(sandboxUsersFile).find((u) => u.name === input.sandboxUser);
    if (!entry) throw consoleErrors.notFound(`no sandbox user named "${input.sandboxUser}"`);
    token = entry.token;
  } else {
    token = input.token.trim();
  }
  const cluster = defaultCluster();
  let user;
  try {
    user = await whoami(kubeClient({ mode: 'token', token }, cluster));
  } catch (err) {
    if (err instanceof ConsoleError && err.kind === 'Unauthorized') {
      throw new ConsoleError('Unauthorized', 401, `the API server rejected the token: ${err.status?.message ?? 'Unauthorized'}`, err.status);
    }
    throw err;
  }
  if (previous) await revokeSession(previous.id);
  await deleteStaleSessions();
  const { cookieValue } = await createSession({ token, username: user.username, groups: user.groups, cluster });
  reply.setCookie(serializeCookie(SESSION_COOKIE, cookieValue, { maxAgeSeconds: SESSION_TTL_SECONDS, secure: isHttps(request) }));
  return { signedIn: true, user: { username: user.username, groups: user.groups } };
}

/**
 * Ends the session on the server (its row is revoked) and clears the cookie. In oidc mode the
 * answer names the provider's end-session URL, where the browser goes to end its session there too.
 */
export async function signOut(request: Request, reply: Reply): Promise<{ signedIn: false; redirectTo?: string }> {
  if (config().authMode !== 'oidc') requireTokenMode('sign-out');
  const session = await currentSession(request);
  checkCsrf(request, session?.id);
  const tokens = session && config().authMode === 'oidc' ? await loadTokens(session.id) : undefined;
  if (session) await revokeSession(session.id);
  reply.setCookie(serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: isHttps(request) }));
  if (config().authMode !== 'oidc') return { signedIn: false };
  const redirectTo = await endSessionUrl(tokens);
  return redirectTo ? { signedIn: false, redirectTo } : { signedIn: false };
}
