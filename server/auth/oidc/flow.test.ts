import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader, EncryptJWT, jwtDecrypt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@/sandbox';
import { GET as callbackRoute } from '@/app/api/v1/auth/callback/route';
import { GET as startRoute } from '@/app/api/v1/auth/start/route';
import { POST as signOutRoute } from '@/app/api/v1/auth/sign-out/route';
import { setConfig, type Config } from '../../config';
import { whoami } from '../../k8s/whoami';
import { kubeClient } from '../../k8s/client';
import { useTestConsole, type TestConsole } from '../../testing/setup';
import { authenticate } from '../caller';
import { SESSION_COOKIE } from '../cookies';
import { deriveKey } from '../keys';
import { currentSession, unsealSession } from '../session';
import { sessionCsrfToken } from '../csrf';
import { fetchTrusting } from './fetch';
import { FAILURE_COOKIE, idTokenOf, nextPath, PENDING_COOKIE, signInFailure } from './flow';
import { encryptToken, loadTokens } from './tokens';
import { store } from '../../store';

const PUBLIC_URL = 'http://console.test:3000';
const CLUSTER = 'eks-work-cluster';

/** The `name=value` pairs a response sets, by name. */
function setCookies(response: Response): Record<string, string> {
  return Object.fromEntries(
    response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

/** Drives the provider as a browser would: its login form, then redirects until one leads back to the console. */
class ProviderBrowser {
  private readonly jar = new Map<string, string>();
  constructor(private readonly fetch: ReturnType<typeof fetchTrusting>) {}

  async get(url: string, init: { method?: string; body?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await this.fetch(url, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
    for (const [name, value] of Object.entries(setCookies(response))) this.jar.set(name, value);
    return response;
  }

  /** Follows redirects on the provider; answers the first URL outside it, or the page it stopped on. */
  async follow(url: string, issuer: string): Promise<{ left?: string; page?: Response; url: string }> {
    let next = url;
    for (let i = 0; i < 10; i++) {
      if (!next.startsWith(issuer)) return { left: next, url: next };
      const response = await this.get(next);
      const location = response.headers.get('location');
      if (!location) return { page: response, url: next };
      next = new URL(location, next).href;
    }
    throw new Error('too many redirects');
  }

  /** Submits the login form (or its Cancel button) on the interaction page `page` came from. */
  async submit(pageUrl: string, issuer: string, fields: Record<string, string>): Promise<{ left?: string; page?: Response }> {
    const action = new URL(`${new URL(pageUrl).pathname}/login`, issuer).href;
    const response = await this.get(action, { method: 'POST', body: new URLSearchParams(fields).toString() });
    const location = response.headers.get('location');
    return location ? this.follow(new URL(location, issuer).href, issuer) : { page: response };
  }
}

describe('signing in with the sandbox OpenID provider', () => {
  let sandbox: Sandbox;
  let t: TestConsole;
  let dir: string;
  let oidcConfig: Config;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-oidc-'));
    sandbox = await startSandbox({ seed: 1, mode: 'manual', dir, oidc: { redirectUris: [`${PUBLIC_URL}/api/v1/auth/callback`], postLogoutRedirectUris: [`${PUBLIC_URL}/sign-in`] } });
    await sandbox.jwtReady();
    const oidc = sandbox.oidc!;
    t = await useTestConsole(fs.readFileSync(sandbox.files!.consoleKubeconfig, 'utf8'), {
      authMode: 'oidc',
      oidc: {
        issuer: oidc.issuer,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        scopes: ['openid', 'email', 'profile', 'groups', 'offline_access'],
        publicUrl: PUBLIC_URL,
        caPem: oidc.caPem,
      },
    });
    oidcConfig = t.config;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const password = (name: string) => sandbox.oidc!.users.find((u) => u.username === name)!.password;

  /** Starts a sign-in and answers the provider's redirect to the login page, the pending cookie and a browser at the provider. */
  async function start(next: string) {
    const response = await startRoute(new Request(`${PUBLIC_URL}/api/v1/auth/start?next=${encodeURIComponent(next)}`));
    expect(response.status).toBe(303);
    const browser = new ProviderBrowser(fetchTrusting(sandbox.oidc!.caPem));
    const { page, url } = await browser.follow(response.headers.get('location')!, sandbox.oidc!.issuer);
    return { pending: setCookies(response)[PENDING_COOKIE], authorize: new URL(response.headers.get('location')!), browser, page: page!, loginPage: url };
  }

  async function loginAs(name: string, next = '/') {
    const s = await start(next);
    const { left } = await s.browser.submit(s.loginPage, sandbox.oidc!.issuer, { username: name, password: password(name) });
    return { ...s, callback: left! };
  }

  function callback(url: string, cookies: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const cookie = Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    return callbackRoute(new Request(url, { headers: { cookie, accept: 'application/json', ...headers } }));
  }

  it('sends the browser to the provider with PKCE (S256), state, nonce and the configured scopes', async () => {
    const { authorize, page } = await start('/c/eks-work-cluster/pods');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${sandbox.oidc!.issuer}/auth`);
    const params = Object.fromEntries(authorize.searchParams);
    expect(params).toMatchObject({
      client_id: 'watchdeck',
      response_type: 'code',
      redirect_uri: `${PUBLIC_URL}/api/v1/auth/callback`,
      scope: 'openid email profile groups offline_access',
      code_challenge_method: 'S256',
    });
    expect(params.state.length).toBeGreaterThanOrEqual(43);
    expect(params.nonce.length).toBeGreaterThanOrEqual(43);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<label for="password">Password</label>');
  });

  it("signs dev in: the session is the API server's user oidc:dev@eks-work.example, and the cookie holds no token", async () => {
    const { pending, callback: url } = await loginAs('dev', '/c/eks-work-cluster/pods?namespace=rbac-test-ns');
    expect(url.startsWith(`${PUBLIC_URL}/api/v1/auth/callback?code=`)).toBe(true);
    const response = await callback(url, { [PENDING_COOKIE]: pending });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/c/eks-work-cluster/pods?namespace=rbac-test-ns');
    const cookies = setCookies(response);
    expect(cookies[PENDING_COOKIE]).toBe('');
    const sessionCookie = decodeURIComponent(cookies[SESSION_COOKIE]);
    const sealed = await unsealSession(sessionCookie);
    expect(sealed?.tok).toBe('');

    const request = new Request(`${PUBLIC_URL}/api/v1/clusters`, { headers: { cookie: `${SESSION_COOKIE}=${cookies[SESSION_COOKIE]}` } });
    const session = (await currentSession(request))!;
    expect({ username: session.username, groups: session.groups }).toEqual({ username: 'oidc:dev@eks-work.example', groups: ['oidc:developers', 'system:authenticated'] });
    const tokens = (await loadTokens(session.id))!;
    expect(sessionCookie).not.toContain(tokens.idToken);
    expect(tokens.refreshToken).toBeTruthy();

    const caller = await authenticate(request);
    expect(caller.identity).toMatchObject({ mode: 'token', token: tokens.idToken });
    expect(await whoami(kubeClient(caller.identity, CLUSTER))).toEqual({ username: 'oidc:dev@eks-work.example', groups: ['oidc:developers', 'system:authenticated'] });
  });

  it("renews the ID token once with the provider's refresh_token grant when the API server answers 401, and the request then succeeds", async () => {
    const { pending, callback: url } = await loginAs('dev');
    const cookies = setCookies(await callback(url, { [PENDING_COOKIE]: pending }));
    const request = new Request(`${PUBLIC_URL}/api/v1/clusters`, { headers: { cookie: `${SESSION_COOKIE}=${cookies[SESSION_COOKIE]}` } });
    const session = (await currentSession(request))!;
    // A token the API server refuses, not yet due for renewal by its times.
    const { db } = await store();
    await db
      .updateTable('oidc_sessions')
      .set({ id_token: await encryptToken(session.id, 'refused.by.apiserver') })
      .where('session_id', '=', session.id)
      .execute();
    const caller = await authenticate(request);
    expect(caller.identity).toMatchObject({ mode: 'token', token: 'refused.by.apiserver' });
    expect(await whoami(kubeClient(caller.identity, CLUSTER))).toEqual({ username: 'oidc:dev@eks-work.example', groups: ['oidc:developers', 'system:authenticated'] });
    const renewed = (await loadTokens(session.id))!;
    expect(renewed.generation).toBe(2);
    expect(renewed.idToken.split('.')).toHaveLength(3);
  });

  it("keeps a wrong password on the provider's form", async () => {
    const s = await start('/');
    const { page, left } = await s.browser.submit(s.loginPage, sandbox.oidc!.issuer, { username: 'dev', password: 'not-the-password' });
    expect(left).toBeUndefined();
    expect(page!.status).toBe(401);
    expect(await page!.text()).toContain('<p class="error" role="alert">Wrong username or password.</p>');
  });

  it('refuses a callback whose state is not the one this browser started with: StateMismatch, as JSON and as a redirect to the sign-in page', async () => {
    const { pending, callback: url } = await loginAs('dev', '/c/eks-work-cluster/nodes');
    const forged = new URL(url);
    forged.searchParams.set('state', 'state-of-another-sign-in');
    const json = await callback(forged.href, { [PENDING_COOKIE]: pending });
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({ error: { kind: 'StateMismatch', message: 'the sign-in response does not belong to the sign-in this browser started (state mismatch); start again' } });

    const navigation = await callback(forged.href, { [PENDING_COOKIE]: pending }, { accept: 'text/html', 'sec-fetch-mode': 'navigate' });
    expect(navigation.status).toBe(303);
    expect(navigation.headers.get('location')).toBe('/sign-in?next=%2Fc%2Feks-work-cluster%2Fnodes&error=StateMismatch');
    const flash = decodeURIComponent(setCookies(navigation)[FAILURE_COOKIE]);
    expect(await signInFailure(flash, 'StateMismatch')).toEqual({
      kind: 'StateMismatch',
      message: 'the sign-in response does not belong to the sign-in this browser started (state mismatch); start again',
    });
    // The address alone cannot make the page show anything.
    expect(await signInFailure(flash, 'ProviderError')).toBeUndefined();
    expect(await signInFailure(undefined, 'StateMismatch')).toBeUndefined();
  });

  it('refuses a callback without the pending cookie', async () => {
    const { callback: url } = await loginAs('dev');
    const response = await callback(url, {});
    expect(response.status).toBe(400);
    expect((await response.json()).error.kind).toBe('StateMismatch');
  });

  it('refuses an ID token whose nonce is not the one this browser sent: NonceMismatch', async () => {
    const { pending, callback: url } = await loginAs('dev');
    const state = new URL(url).searchParams.get('state')!;
    const key = deriveKey(oidcConfig.sessionSecret, 'oidc sign-in');
    const { payload } = await jwtDecrypt(decodeURIComponent(pending), key);
    expect(payload.state).toBe(state);
    const swapped = await new EncryptJWT({ ...payload, nonce: 'nonce-of-another-sign-in' }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(key);
    const response = await callback(url, { [PENDING_COOKIE]: encodeURIComponent(swapped) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { kind: 'NonceMismatch', message: 'the ID token was not issued for the sign-in this browser started (nonce mismatch); start again' } });
  });

  it("shows the provider's own error and description when the user cancels at the provider: ProviderError", async () => {
    const s = await start('/');
    const { left } = await s.browser.submit(s.loginPage, sandbox.oidc!.issuer, { cancel: 'yes' });
    expect(new URL(left!).searchParams.get('error')).toBe('access_denied');
    const response = await callback(left!, { [PENDING_COOKIE]: s.pending });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { kind: 'ProviderError', message: 'the OpenID provider answered access_denied: The user cancelled the sign-in at the sandbox OpenID provider.' },
    });
  });

  it("ends the session and names the provider's end-session URL with id_token_hint and post_logout_redirect_uri", async () => {
    const { pending, callback: url } = await loginAs('admin');
    const cookies = setCookies(await callback(url, { [PENDING_COOKIE]: pending }));
    const cookie = `${SESSION_COOKIE}=${cookies[SESSION_COOKIE]}`;
    const session = (await currentSession(new Request(PUBLIC_URL, { headers: { cookie } })))!;
    expect(session.username).toBe('oidc:admin@eks-work.example');
    const idToken = (await loadTokens(session.id))!.idToken;
    const response = await signOutRoute(
      new Request(`${PUBLIC_URL}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie, origin: PUBLIC_URL, host: 'console.test:3000', 'x-csrf-token': sessionCsrfToken(session.id) } }),
      undefined,
    );
    expect(response.status).toBe(200);
    const { redirectTo } = await response.json();
    const end = new URL(redirectTo);
    expect(`${end.origin}${end.pathname}`).toBe(`${sandbox.oidc!.issuer}/session/end`);
    expect(Object.fromEntries(end.searchParams)).toEqual({ client_id: 'watchdeck', id_token_hint: idToken, post_logout_redirect_uri: `${PUBLIC_URL}/sign-in` });
    expect(await currentSession(new Request(PUBLIC_URL, { headers: { cookie } }))).toBeUndefined();
    expect(await loadTokens(session.id)).toBeUndefined();
  });

  it('after the provider rotates its signing key, new ID tokens name the new key and the API server accepts old and new', async () => {
    const idTokenOfSignIn = async () => {
      const { pending, callback: url } = await loginAs('oncall');
      const cookies = setCookies(await callback(url, { [PENDING_COOKIE]: pending }));
      const session = (await currentSession(new Request(PUBLIC_URL, { headers: { cookie: `${SESSION_COOKIE}=${cookies[SESSION_COOKIE]}` } })))!;
      return (await loadTokens(session.id))!.idToken;
    };
    const before = await idTokenOfSignIn();
    await sandbox.oidc!.rotateKeys();
    const after = await idTokenOfSignIn();
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    for (const token of [before, after]) {
      expect(await whoami(kubeClient({ mode: 'token', token }, CLUSTER))).toEqual({ username: 'oidc:oncall@eks-work.example', groups: ['oidc:oncall', 'system:authenticated'] });
    }
  });

  it('quotes the API server when it rejects the ID token: Unauthorized', async () => {
    // A cluster whose API server trusts no OpenID provider.
    const other = await startSandbox({ seed: 1, mode: 'manual', scenario: 'empty', dir: path.join(dir, 'other') });
    try {
      setConfig({ ...oidcConfig, kubeconfigPaths: [other.files!.consoleKubeconfig] });
      const { pending, callback: url } = await loginAs('dev');
      const response = await callback(url, { [PENDING_COOKIE]: pending });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { kind: 'Unauthorized', message: 'the API server rejected the ID token: Unauthorized', status: { code: 401, reason: 'Unauthorized' } } });
    } finally {
      setConfig(oidcConfig);
      await other.close();
    }
  });

  describe('an attacker at the sign-in routes', () => {
    it('cannot replay a callback: the code was spent, so no second session is made', async () => {
      const { pending, callback: url } = await loginAs('dev');
      expect((await callback(url, { [PENDING_COOKIE]: pending })).status).toBe(303);
      const replay = await callback(url, { [PENDING_COOKIE]: pending });
      expect(replay.status).toBe(401);
      expect((await replay.json()).error.kind).toBe('ProviderError');
      expect(setCookies(replay)[SESSION_COOKIE]).toBeUndefined();
    });

    it('refuses an answer that names another issuer (RFC 9207 mix-up)', async () => {
      const { pending, callback: url } = await loginAs('dev');
      const forged = new URL(url);
      expect(forged.searchParams.get('iss')).toBe(sandbox.oidc!.issuer);
      forged.searchParams.set('iss', 'https://idp.attacker.example');
      const response = await callback(forged.href, { [PENDING_COOKIE]: pending });
      expect(response.status).toBe(401);
      // The check is oauth4webapi's (validateAuthResponse), as the provider advertises authorization_response_iss_parameter_supported.
      expect(await response.json()).toEqual({ error: { kind: 'ProviderError', message: 'the OpenID provider\'s answer could not be used: unexpected "iss" (issuer) response parameter value' } });
      expect(setCookies(response)[SESSION_COOKIE]).toBeUndefined();
    });

    it('sends a browser only to a path on this console after signing in, whatever `next` it started with', async () => {
      for (const next of ['https://evil.example/phish', '//evil.example/phish', '/\\evil.example']) {
        const { pending, callback: url } = await loginAs('dev', next);
        const response = await callback(url, { [PENDING_COOKIE]: pending });
        expect(response.status, next).toBe(303);
        expect(response.headers.get('location'), next).toBe('/');
      }
    });

    it("keeps a provider's error description out of the address it redirects to; the page reads it from a sealed cookie", async () => {
      const s = await start('/');
      const state = s.authorize.searchParams.get('state')!;
      const hostile = '<script>alert(1)</script> 세션이 만료되었습니다';
      const url = `${PUBLIC_URL}/api/v1/auth/callback?error=access_denied&error_description=${encodeURIComponent(hostile)}&state=${state}&iss=${encodeURIComponent(sandbox.oidc!.issuer)}`;
      const navigation = await callback(url, { [PENDING_COOKIE]: s.pending }, { accept: 'text/html', 'sec-fetch-mode': 'navigate' });
      expect(navigation.status).toBe(303);
      expect(navigation.headers.get('location')).toBe('/sign-in?next=%2F&error=ProviderError');
      const flash = decodeURIComponent(setCookies(navigation)[FAILURE_COOKIE]);
      expect(flash).not.toContain('script');
      expect(await signInFailure(flash, 'ProviderError')).toEqual({ kind: 'ProviderError', message: `the OpenID provider answered access_denied: ${hostile}` });
    });
  });

  it('says when the issuer does not answer: IssuerUnreachable', async () => {
    setConfig({ ...oidcConfig, oidc: { ...oidcConfig.oidc!, issuer: 'https://127.0.0.1:1' } });
    try {
      const response = await startRoute(new Request(`${PUBLIC_URL}/api/v1/auth/start?next=/`, { headers: { accept: 'application/json' } }));
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ error: { kind: 'IssuerUnreachable', message: 'the OpenID provider https://127.0.0.1:1 did not answer the discovery: ECONNREFUSED' } });
    } finally {
      setConfig(oidcConfig);
    }
  });

  it('says when the discovery document cannot be used: DiscoveryInvalid', async () => {
    const issuer = `${sandbox.oidc!.issuer}/realms/missing`;
    setConfig({ ...oidcConfig, oidc: { ...oidcConfig.oidc!, issuer } });
    try {
      const response = await startRoute(new Request(`${PUBLIC_URL}/api/v1/auth/start?next=/`, { headers: { accept: 'application/json' } }));
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({
        error: { kind: 'DiscoveryInvalid', message: `the OpenID provider's discovery document at ${issuer}/.well-known/openid-configuration is not usable: unexpected HTTP response status code` },
      });
    } finally {
      setConfig(oidcConfig);
    }
  });
});

describe('where signing in leads', () => {
  it('follows only a path on this console', () => {
    setConfig({
      authMode: 'oidc',
      kubeconfigPaths: [],
      sessionSecret: 's'.repeat(32),
      namespaces: [],
      dataDir: '/tmp',
      port: 3000,
      oidc: { issuer: 'https://idp.example', clientId: 'c', clientSecret: 's', scopes: ['openid'], publicUrl: PUBLIC_URL },
    });
    try {
      expect(nextPath('/c/eks-work-cluster/pods?namespace=rbac-test-ns#top')).toBe('/c/eks-work-cluster/pods?namespace=rbac-test-ns#top');
      for (const open of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '/%2F%2Fevil.example', 'javascript:alert(1)', null, undefined]) expect(nextPath(open)).toBe('/');
    } finally {
      setConfig(undefined);
    }
  });
});

describe("an ID token's times", () => {
  it('refuses a token issued beyond the tolerance in the future: ClockSkew', () => {
    const now = 1_800_000_000;
    const tokens = { id_token: 'h.p.s', claims: () => ({ iss: 'https://idp.example', sub: 'dev', aud: 'c', iat: now + 120, exp: now + 3720 }) };
    expect(() => idTokenOf(tokens as unknown as Parameters<typeof idTokenOf>[0], now)).toThrow(
      "the ID token is issued 120 s in the future (iat 1800000120, this server's time 1800000000); the clocks of this server and the OpenID provider differ by more than 30 s",
    );
  });
});
