/**
 * The console's log against the sandbox: real requests carrying a script's bearer token, a
 * browser's session cookie and CSRF token, and a forged token; the captured output is searched
 * for every one of those values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as sessionRoute } from '@/app/api/v1/auth/session/route';
import { POST as signInRoute } from '@/app/api/v1/auth/sign-in/route';
import { POST as checkRoute } from '@/app/api/v1/clusters/[cluster]/access/check/route';
import { GET as podsRoute } from '@/app/api/v1/clusters/[cluster]/pods/route';
import { GET as whoamiRoute } from '@/app/api/v1/clusters/[cluster]/whoami/route';
import { store } from '../store';
import { cookieJar } from '../testing/cookie-jar';
import { captureLogs, type LogCapture } from '../testing/log-capture';
import { asRoute } from '../testing/next-route';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole } from '../testing/sandbox-console';

const ORIGIN = 'http://console.test:3000';
const PODS = '/api/v1/clusters/[cluster]/pods';

describe('request logs against the sandbox', () => {
  let t: SandboxConsole;
  let logs: LogCapture;
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startSandboxConsole();
    logs = captureLogs();
  }, 120_000);

  afterAll(async () => {
    logs.restore();
    await t?.close();
  });

  it("logs one line per request with its route pattern, status, the API server's username and the cluster", async () => {
    const answer = await asRoute(PODS, () => callAs(t, 'dev', 'GET', `/api/v1/clusters/${CLUSTER}/pods?namespace=rbac-test-ns`, podsRoute, params({ cluster: CLUSTER })));
    expect(answer.status).toBe(200);
    const forged = await asRoute(PODS, () =>
      podsRoute(new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/pods`, { headers: { authorization: 'Bearer dev.forged-token-value' } }), params({ cluster: CLUSTER })),
    );
    expect(forged.status).toBe(401);
    secrets.push(t.token('dev'), 'dev.forged-token-value');
    const lines = logs.records().filter((r) => r.msg === 'request' && r.route === PODS);
    expect(lines.map(({ level, method, route, status, user, cluster }) => ({ level, method, route, status, user, cluster }))).toEqual([
      { level: 'info', method: 'GET', route: PODS, status: 200, user: 'dev', cluster: CLUSTER },
      // A token the API server refused names nobody.
      { level: 'info', method: 'GET', route: PODS, status: 401, user: undefined, cluster: undefined },
    ]);
    expect(typeof lines[0].durationMs).toBe('number');
    expect(lines[0].reqId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes no bearer token, session cookie, session id or CSRF token anywhere, whatever the requests carried', async () => {
    const jar = cookieJar();
    const { absorb } = jar;
    const cookie = jar.header;
    const browser = (extra: Record<string, string> = {}) => ({
      host: 'console.test:3000',
      origin: ORIGIN,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/json',
      cookie: cookie(),
      ...extra,
    });

    const anonymous = await sessionRoute(new Request(`${ORIGIN}/api/v1/auth/session`), undefined);
    absorb(anonymous);
    const anonymousCsrf = (await anonymous.json()).csrfToken as string;
    const signedIn = await signInRoute(
      new Request(`${ORIGIN}/api/v1/auth/sign-in`, { method: 'POST', headers: browser({ 'x-csrf-token': anonymousCsrf }), body: JSON.stringify({ token: t.token('oncall') }) }),
      undefined,
    );
    expect(signedIn.status).toBe(200);
    absorb(signedIn);
    const session = await sessionRoute(new Request(`${ORIGIN}/api/v1/auth/session`, { headers: { cookie: cookie() } }), undefined);
    const sessionCsrf = (await session.json()).csrfToken as string;
    const who = await asRoute('/api/v1/clusters/[cluster]/whoami', () => whoamiRoute(new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/whoami`, { headers: browser() }), params({ cluster: CLUSTER })));
    expect(who.status).toBe(200);
    const check = await asRoute('/api/v1/clusters/[cluster]/access/check', () =>
      checkRoute(
        new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/access/check`, {
          method: 'POST',
          headers: browser({ 'x-csrf-token': sessionCsrf }),
          body: JSON.stringify({ verb: 'get', resource: 'pods' }),
        }),
        params({ cluster: CLUSTER }),
      ),
    );
    expect(check.status).toBe(200);
    // The same cookie with a wrong CSRF token: refused, and the refusal logged.
    const refused = await checkRoute(
      new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/access/check`, { method: 'POST', headers: browser({ 'x-csrf-token': 'guess' }), body: JSON.stringify({ verb: 'get', resource: 'pods' }) }),
      params({ cluster: CLUSTER }),
    );
    expect(refused.status).toBe(403);

    const { db } = await store();
    const sessionIds = (await db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
    expect(sessionIds.length).toBeGreaterThan(0);
    secrets.push(t.token('oncall'), jar.get('watchdeck_session')!, jar.get('watchdeck_csrf')!, anonymousCsrf, sessionCsrf, ...sessionIds);
    for (const secret of secrets) expect(secret.length).toBeGreaterThan(15);

    const text = logs.lines.join('\n');
    const requests = logs.records().filter((r) => r.msg === 'request');
    // Every request above was logged: two earlier, three session or sign-in answers, whoami and two checks.
    expect(requests.map((r) => r.status)).toEqual([200, 401, 200, 200, 200, 200, 200, 403]);
    expect(requests.filter((r) => r.route === '/api/v1/clusters/[cluster]/whoami').map((r) => r.user)).toEqual(['oncall']);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
