/**
 * The write path from an attacker's side: dev (sandbox/users.ts: read-only in rbac-test-ns) acting
 * in eks-work is refused by the API server and changes nothing; another user's audit entries stay
 * hidden; the check route takes at most 64 checks and a bounded body; a browser session without its
 * CSRF token changes nothing; hostile names never reach the API server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeClient } from '@/server/k8s/client';
import { cookieJar } from '@/server/testing/cookie-jar';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { GET as auditRoute } from './audit/route';
import { GET as sessionRoute } from './auth/session/route';
import { POST as signInRoute } from './auth/sign-in/route';
import { POST as canRoute } from './clusters/[cluster]/access/can/route';
import { POST as actionRoute } from './clusters/[cluster]/actions/[group]/[version]/[resource]/[name]/[action]/route';

const ORIGIN = 'http://console.test:3000';
const backendApp = { group: 'apps', version: 'v1', resource: 'deployments', name: 'backend-app' };

describe('the write path under attack', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 120_000);
  afterAll(async () => t?.close());

  const act = (user: SandboxUserName, target: Record<string, string>, action: string, body: unknown, namespace = 'eks-work') =>
    callAs(t, user, 'POST', `/api/v1/clusters/${CLUSTER}/actions/x/x/x/x/${action}?namespace=${namespace}`, actionRoute, params({ cluster: CLUSTER, ...target, action }), body);
  const can = (user: SandboxUserName, body: unknown) => callAs(t, user, 'POST', `/api/v1/clusters/${CLUSTER}/access/can`, canRoute, params({ cluster: CLUSTER }), body);
  const readBackend = () =>
    kubeClient({ mode: 'token', token: t.token('admin') }, CLUSTER).get<{ metadata: { resourceVersion: string; deletionTimestamp?: string }; spec: { replicas: number } }>({
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      namespace: 'eks-work',
      name: 'backend-app',
    });

  it("refuses dev's scale, restart, pause, undo and delete in eks-work with the API server's 403 and leaves backend-app as it was", async () => {
    const before = await readBackend();
    const cases: [string, unknown, string, string][] = [
      ['scale', { replicas: 0 }, 'patch', 'scale'],
      ['restart', {}, 'patch', ''],
      ['pause', {}, 'patch', ''],
      ['delete', { propagationPolicy: 'Foreground' }, 'delete', ''],
    ];
    for (const [action, body, verb, subresource] of cases) {
      const answer = await act('dev', backendApp, action, body);
      expect([action, answer.status, answer.body.missing]).toEqual([action, 403, { verb, resource: 'deployments', subresource, group: 'apps', namespace: 'eks-work', name: 'backend-app' }]);
    }
    // Undo reads the ReplicaSets first, as kubectl does: refused at the read.
    const undo = await act('dev', backendApp, 'undo', { toRevision: 1 });
    expect([undo.status, undo.body.missing.verb]).toEqual([403, 'get']);
    const after = await readBackend();
    expect([after.metadata.resourceVersion, after.metadata.deletionTimestamp]).toEqual([before.metadata.resourceVersion, undefined]);
  });

  it("hides admin's entries from dev, and refuses dev's asking for them", async () => {
    await act('admin', backendApp, 'scale', { replicas: 3 });
    const mine = await callAs(t, 'dev', 'GET', `/api/v1/audit?cluster=${CLUSTER}&limit=200`, auditRoute, {});
    expect(mine.status).toBe(200);
    expect(mine.body.entries.length).toBeGreaterThan(0);
    expect(mine.body.entries.filter((e: { username: string }) => e.username !== 'dev')).toEqual([]);
    const theirs = await callAs(t, 'dev', 'GET', `/api/v1/audit?cluster=${CLUSTER}&user=admin`, auditRoute, {});
    expect([theirs.status, theirs.body.error.kind]).toEqual([403, 'Forbidden']);
    // A forged cursor names a position, never a user: dev still gets only dev's.
    const cursor = Buffer.from(JSON.stringify(['2999-01-01T00:00:00.000000Z', '9999999'])).toString('base64url');
    const forged = await callAs(t, 'dev', 'GET', `/api/v1/audit?cluster=${CLUSTER}&cursor=${cursor}`, auditRoute, {});
    expect(forged.body.entries.filter((e: { username: string }) => e.username !== 'dev')).toEqual([]);
  });

  it('refuses 65 checks with 400 and a body past 32 KiB with 413', async () => {
    const check = { verb: 'get', group: '', resource: 'pods', namespace: 'rbac-test-ns' };
    const many = await can('dev', { checks: Array.from({ length: 65 }, () => check) });
    expect([many.status, many.body.error.kind]).toEqual([400, 'BadRequest']);
    const huge = await can('dev', { checks: [{ ...check, name: 'a'.repeat(40 * 1024) }] });
    expect([huge.status, huge.body.error.kind]).toEqual([413, 'PayloadTooLarge']);
    const hugeAction = await act('admin', backendApp, 'scale', { replicas: 1, pad: 'x'.repeat(40 * 1024) });
    expect([hugeAction.status, hugeAction.body.error.kind]).toEqual([413, 'PayloadTooLarge']);
  });

  it('refuses hostile names, namespaces and actions with 400 before the API server', async () => {
    for (const name of ['../..', '..', 'a/b', '%2e%2e']) {
      const answer = await act('admin', { ...backendApp, name }, 'delete', {});
      expect([name, answer.status, answer.body.error.kind]).toEqual([name, 400, 'BadRequest']);
    }
    const namespace = await act('admin', backendApp, 'delete', {}, '..%2Fkube-system');
    expect([namespace.status, namespace.body.error.kind]).toEqual([400, 'BadRequest']);
    const action = await act('admin', backendApp, 'exec', {});
    expect([action.status, action.body.error.kind]).toEqual([400, 'BadRequest']);
    const check = await can('dev', { checks: [{ verb: 'delete', group: '', resource: 'pods', namespace: 'rbac-test-ns', name: '../..' }] });
    expect([check.status, check.body.error.kind]).toEqual([400, 'BadRequest']);
    expect((await readBackend()).metadata.deletionTimestamp).toBeUndefined();
  });

  it("refuses a signed-in browser's action and check without the CSRF token, and takes them with it", async () => {
    const jar = cookieJar();
    const session = await sessionRoute(new Request(`${ORIGIN}/api/v1/auth/session`), undefined);
    jar.absorb(session);
    const headers = (csrf: string) => ({ host: 'console.test:3000', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: jar.header() });
    const signedIn = await signInRoute(
      new Request(`${ORIGIN}/api/v1/auth/sign-in`, { method: 'POST', headers: headers((await session.json()).csrfToken), body: JSON.stringify({ token: t.token('admin') }) }),
      undefined,
    );
    expect(signedIn.status).toBe(200);
    jar.absorb(signedIn);
    const csrf = (await (await sessionRoute(new Request(`${ORIGIN}/api/v1/auth/session`, { headers: { cookie: jar.header() } }), undefined)).json()).csrfToken as string;
    const scale = (token: string) =>
      actionRoute(
        new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/actions/apps/v1/deployments/backend-app/scale?namespace=eks-work`, {
          method: 'POST',
          headers: headers(token),
          body: JSON.stringify({ replicas: 5 }),
        }),
        params({ cluster: CLUSTER, ...backendApp, action: 'scale' }),
      );
    const refused = await scale('');
    expect([refused.status, await refused.json()]).toEqual([403, { error: { kind: 'CsrfRejected', message: 'the X-CSRF-Token header is missing' } }]);
    expect((await readBackend()).spec.replicas).toBe(3);
    const checkWithout = await canRoute(
      new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/access/can`, { method: 'POST', headers: headers('guess'), body: JSON.stringify({ checks: [{ verb: 'get', group: '', resource: 'pods' }] }) }),
      params({ cluster: CLUSTER }),
    );
    expect(checkWithout.status).toBe(403);
    expect((await scale(csrf)).status).toBe(200);
    expect((await readBackend()).spec.replicas).toBe(5);
  });
});
