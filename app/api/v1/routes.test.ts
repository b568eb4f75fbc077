import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@/sandbox';
import { authenticate } from '@/server/auth/caller';
import { sessionForPage } from '@/server/auth/sign-in';
import { useTestConsole, type TestConsole } from '@/server/testing/setup';
import { POST as signInRoute } from './auth/sign-in/route';
import { POST as signOutRoute } from './auth/sign-out/route';
import { GET as sessionRoute } from './auth/session/route';
import { GET as clustersRoute } from './clusters/route';
import { GET as namespacesRoute } from './clusters/[cluster]/namespaces/route';
import { GET as overviewRoute } from './clusters/[cluster]/overview/route';
import { GET as whoamiRoute } from './clusters/[cluster]/whoami/route';
import { GET as healthzRoute } from './healthz/route';

const ORIGIN = 'http://console.test:3000';
const CLUSTER = 'eks-work-cluster';

/** A browser: keeps cookies between calls and sends same-origin headers like fetch from the console's pages. */
class Browser {
  cookies = new Map<string, string>();
  csrfToken = '';

  request(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Request {
    const headers: Record<string, string> = { host: 'console.test:3000', 'sec-fetch-site': 'same-origin', ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.method === 'POST') {
      headers.origin = ORIGIN;
      headers['content-type'] = 'application/json';
      if (this.csrfToken && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrfToken;
    }
    return new Request(`${ORIGIN}${url}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer read by path in assertions
  async receive(response: Response): Promise<{ status: number; body: any; response: Response }> {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split('; ');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (attrs.includes('Max-Age=0')) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, body: await response.json(), response };
  }

  async session() {
    const result = await this.receive(await sessionRoute(this.request('/api/v1/auth/session'), undefined));
    this.csrfToken = result.body.csrfToken;
    return result;
  }

  async signIn(body: unknown, headers?: Record<string, string>) {
    await this.session();
    const result = await this.receive(await signInRoute(this.request('/api/v1/auth/sign-in', { method: 'POST', body, headers }), undefined));
    await this.session();
    return result;
  }
}

function params<T>(value: T) {
  return { params: Promise.resolve(value) };
}

function ensure(sandbox: Sandbox, resource: string, namespace: string | undefined, object: { metadata: { name: string; [key: string]: unknown }; [key: string]: unknown }) {
  if (!sandbox.world.store.get(resource, namespace, object.metadata.name)) sandbox.world.store.create(resource, object as never);
}

describe('console API against the sandbox (token mode)', () => {
  let sandbox: Sandbox;
  let t: TestConsole;
  let filesDir: string;
  const token = (name: string) => sandbox.users.find((u) => u.username === name)!.token;

  beforeAll(async () => {
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-sandbox-'));
    sandbox = await startSandbox({ dir: filesDir, mode: 'realtime', scenario: 'empty' });
    // The access the scenario gives: oncall views everything, dev views rbac-test-ns.
    for (const ns of ['eks-work', 'rbac-test-ns']) {
      ensure(sandbox, 'namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, spec: {}, status: { phase: 'Active' } });
    }
    ensure(sandbox, 'rbac.authorization.k8s.io/clusterrolebindings', undefined, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'oncall-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'oncall' }],
    });
    ensure(sandbox, 'rbac.authorization.k8s.io/rolebindings', 'rbac-test-ns', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rbac-test-view', namespace: 'rbac-test-ns' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'rbac-test-group' }],
    });
    t = await useTestConsole(fs.readFileSync(sandbox.files!.consoleKubeconfig, 'utf8'), {
      authMode: 'token',
      sandboxUsersFile: sandbox.files!.users,
      namespaces: ['eks-work', 'rbac-test-ns'],
    });
  });

  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('healthz answers ok without asking the store and is never cached', async () => {
    const response = await healthzRoute(new Request(`${ORIGIN}/api/v1/healthz`), undefined);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('the session endpoint offers the sandbox users without their tokens', async () => {
    const browser = new Browser();
    const { status, body, response } = await browser.session();
    expect(status).toBe(200);
    expect(body).toEqual({
      mode: 'token',
      signedIn: false,
      csrfToken: browser.cookies.get('watchdeck_csrf'),
      sandboxUsers: sandbox.users.map((u) => ({ name: u.username, description: u.description })),
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = JSON.stringify(body);
    for (const u of sandbox.users) expect(text).not.toContain(u.token);
  });

  it('signs dev in by sandbox user name with an httpOnly SameSite session cookie', async () => {
    const browser = new Browser();
    await browser.session();
    const request = browser.request('/api/v1/auth/sign-in', { method: 'POST', body: { sandboxUser: 'dev' } });
    const response = await signInRoute(request, undefined);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('watchdeck_session='))!;
    expect(cookie).toMatch(/^watchdeck_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    expect(cookie).not.toContain(token('dev'));
    const { status, body } = await browser.receive(response);
    expect(status).toBe(200);
    expect(body).toEqual({ signedIn: true, user: { username: 'dev', groups: ['rbac-test-group', 'system:authenticated'] } });
    expect((await browser.session()).body.signedIn).toBe(true);
  });

  it('marks the session cookie Secure when served over HTTPS', async () => {
    const browser = new Browser();
    await browser.session();
    const request = browser.request('/api/v1/auth/sign-in', { method: 'POST', body: { sandboxUser: 'oncall' }, headers: { 'x-forwarded-proto': 'https', origin: 'https://console.test:3000' } });
    const response = await signInRoute(request, undefined);
    expect(response.status).toBe(200);
    expect(
      response.headers
        .getSetCookie()
        .find((c) => c.startsWith('watchdeck_session='))!
        .endsWith('; Secure'),
    ).toBe(true);
  });

  it('refuses a sign-in without the CSRF token', async () => {
    const browser = new Browser();
    await browser.session();
    const { status, body } = await browser.receive(
      await signInRoute(browser.request('/api/v1/auth/sign-in', { method: 'POST', body: { sandboxUser: 'admin' }, headers: { 'x-csrf-token': '' } }), undefined),
    );
    expect(status).toBe(403);
    expect(body).toEqual({ error: { kind: 'CsrfRejected', message: 'the X-CSRF-Token header is missing' } });
  });

  it('refuses a token the API server rejects, with its message', async () => {
    const browser = new Browser();
    const { status, body } = await browser.signIn({ token: 'admin.not-a-real-token' });
    expect(status).toBe(401);
    expect(body.error.kind).toBe('Unauthorized');
    expect(body.error.message).toBe('the API server rejected the token: Unauthorized');
    expect(body.error.status).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
    expect(browser.cookies.has('watchdeck_session')).toBe(false);
  });

  it('whoami answers from the API server for admin, oncall and dev', async () => {
    for (const [name, groups] of [
      ['admin', ['system:masters', 'system:authenticated']],
      ['oncall', ['oncall', 'system:authenticated']],
      ['dev', ['rbac-test-group', 'system:authenticated']],
    ] as const) {
      const browser = new Browser();
      await browser.signIn({ token: token(name) });
      const { status, body } = await browser.receive(await whoamiRoute(browser.request(`/api/v1/clusters/${CLUSTER}/whoami`), params({ cluster: CLUSTER })));
      expect(status).toBe(200);
      expect(body).toEqual({ username: name, groups });
    }
  });

  it('offers dev only rbac-test-ns and says why eks-work is left out', async () => {
    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'dev' });
    const { status, body } = await browser.receive(await namespacesRoute(browser.request(`/api/v1/clusters/${CLUSTER}/namespaces`), params({ cluster: CLUSTER })));
    expect(status).toBe(200);
    expect(body).toEqual({
      namespaces: [{ name: 'rbac-test-ns', source: 'configured' }],
      canListAll: false,
      omitted: [{ name: 'eks-work', reason: 'cannot list pods in namespace "eks-work"' }],
    });
  });

  it('adds a requested namespace dev may use and omits one dev may not', async () => {
    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'dev' });
    const request = browser.request(`/api/v1/clusters/${CLUSTER}/namespaces?include=kube-system`);
    const { body } = await browser.receive(await namespacesRoute(request, params({ cluster: CLUSTER })));
    expect(body.namespaces).toEqual([{ name: 'rbac-test-ns', source: 'configured' }]);
    expect(body.omitted.map((o: { name: string }) => o.name)).toEqual(['eks-work', 'kube-system']);
  });

  it('offers admin every namespace from the list', async () => {
    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'admin' });
    const { body } = await browser.receive(await namespacesRoute(browser.request(`/api/v1/clusters/${CLUSTER}/namespaces`), params({ cluster: CLUSTER })));
    expect(body.canListAll).toBe(true);
    expect(body.omitted).toEqual([]);
    const names = body.namespaces.map((n: { name: string }) => n.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['default', 'eks-work', 'kube-system', 'rbac-test-ns']));
    expect(body.namespaces.every((n: { source: string }) => n.source === 'list')).toBe(true);
  });

  it('tells admin which requested namespaces do not exist', async () => {
    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'admin' });
    const request = browser.request(`/api/v1/clusters/${CLUSTER}/namespaces?include=eks-work,does-not-exist`);
    const { body } = await browser.receive(await namespacesRoute(request, params({ cluster: CLUSTER })));
    expect(body.omitted).toEqual([{ name: 'does-not-exist', reason: 'namespace "does-not-exist" not found' }]);
  });

  it('passes the Forbidden Status through unchanged for dev in eks-work, panel by panel', async () => {
    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'dev' });
    const request = browser.request(`/api/v1/clusters/${CLUSTER}/overview?namespace=eks-work`);
    const { status, body } = await browser.receive(await overviewRoute(request, params({ cluster: CLUSTER })));
    expect(status).toBe(200);
    const podsMessage = 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"';
    expect(body.pods).toEqual({
      error: {
        kind: 'Status',
        message: podsMessage,
        status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: podsMessage, reason: 'Forbidden', details: { kind: 'pods' }, code: 403 },
      },
    });
    expect(body.nodes.error.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope',
    });
    expect(body.version.data.gitVersion).toMatch(/^v1\.\d+\.\d+/);
  });

  it('summarises a namespace: pods by status with the problems, node readiness, the version', async () => {
    const ns = 'overview-test';
    ensure(sandbox, 'namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: {}, status: { phase: 'Active' } });
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000 - 5_000).toISOString();
    const container = { name: 'app', image: 'backend-app:1.0' };
    // Bound to a node created after them, so the sandbox's kubelet never adopts them; pending-1 names a scheduler nobody runs.
    const pod = (name: string, status: Record<string, unknown>, spec: Record<string, unknown> = { nodeName: 'overview-node-a' }) =>
      ensure(sandbox, 'pods', ns, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { containers: [container], ...spec }, status });
    pod('web-1', { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: twentyMinutesAgo } } }] });
    pod('crash-1', {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 5,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: twentyMinutesAgo } },
        },
      ],
    });
    pod('pending-1', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }, { schedulerName: 'watchdeck-test' });
    const node = (name: string, ready: string) =>
      ensure(sandbox, 'nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {}, status: { conditions: [{ type: 'Ready', status: ready }] } });
    node('overview-node-a', 'True');
    node('overview-node-b', 'Unknown');

    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'admin' });
    const { status, body } = await browser.receive(await overviewRoute(browser.request(`/api/v1/clusters/${CLUSTER}/overview?namespace=${ns}`), params({ cluster: CLUSTER })));
    expect(status).toBe(200);
    expect(body.namespace).toBe(ns);
    expect(body.pods.data.total).toBe(3);
    expect(body.pods.data.byStatus).toEqual({ Running: 1, CrashLoopBackOff: 1, Pending: 1 });
    // A pod the scheduler calls Unschedulable is a problem from that moment, though kubectl prints it Pending; problems sort by name.
    expect(body.pods.data.problems).toHaveLength(2);
    expect(body.pods.data.problems[0]).toMatchObject({ name: 'crash-1', status: 'CrashLoopBackOff', ready: '0/1', restarts: '5 (20m ago)' });
    expect(body.pods.data.problems[0].age).toMatch(/^\d+s$/);
    expect(body.pods.data.problems[1]).toMatchObject({ name: 'pending-1', status: 'Pending', ready: '0/1', restarts: '0' });
    const nodes = body.nodes.data;
    expect(nodes.notReady).toContain('overview-node-b');
    expect(nodes.notReady).not.toContain('overview-node-a');
    expect(nodes.ready + nodes.notReady.length).toBe(nodes.total);
    expect(body.version.data).toEqual({ gitVersion: expect.stringMatching(/^v1\.\d+\.\d+/), platform: expect.stringMatching(/^linux\//) });
  });

  it("accepts a script's bearer token after checking it with the API server", async () => {
    const ok = await clustersRoute(new Request(`${ORIGIN}/api/v1/clusters`, { headers: { authorization: `Bearer ${token('oncall')}` } }), undefined);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ clusters: [{ name: CLUSTER, server: sandbox.url }], defaultCluster: CLUSTER });
    const bad = await clustersRoute(new Request(`${ORIGIN}/api/v1/clusters`, { headers: { authorization: 'Bearer oncall.forged' } }), undefined);
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.kind).toBe('Unauthorized');
  });

  it('exempts bearer-authenticated state-changing requests from CSRF, but not cookie-authenticated ones', async () => {
    const script = new Request(`${ORIGIN}/api/v1/anything`, { method: 'POST', headers: { authorization: `Bearer ${token('oncall')}` } });
    expect(await authenticate(script, CLUSTER)).toEqual({ identity: { mode: 'token', token: token('oncall') }, via: 'bearer' });
    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'oncall' });
    const forged = browser.request('/api/v1/anything', { method: 'POST', headers: { 'x-csrf-token': 'guess', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    await expect(authenticate(forged, CLUSTER)).rejects.toMatchObject({ kind: 'CsrfRejected', message: 'cross-site request refused (Sec-Fetch-Site: cross-site)' });
    const sameSite = browser.request('/api/v1/anything', { method: 'POST' });
    await expect(authenticate(sameSite, CLUSTER)).resolves.toMatchObject({ via: 'session', identity: { mode: 'token', token: token('oncall') } });
  });

  it('asks for sign-in when there is no session', async () => {
    const response = await clustersRoute(new Request(`${ORIGIN}/api/v1/clusters`), undefined);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { kind: 'SignInRequired', message: 'sign in to continue' } });
  });

  it('answers NotFound for a cluster that is not in the kubeconfig', async () => {
    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'admin' });
    const { status, body } = await browser.receive(await whoamiRoute(browser.request('/api/v1/clusters/prod/whoami'), params({ cluster: 'prod' })));
    expect(status).toBe(404);
    expect(body).toEqual({ error: { kind: 'NotFound', message: 'cluster "prod" is not a context in the kubeconfig' } });
  });

  it('rejects a malformed namespace with BadRequest', async () => {
    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'admin' });
    const { status, body } = await browser.receive(await overviewRoute(browser.request(`/api/v1/clusters/${CLUSTER}/overview?namespace=../kube-system`), params({ cluster: CLUSTER })));
    expect(status).toBe(400);
    expect(body.error.kind).toBe('BadRequest');
  });

  it('a page carries the session the session endpoint would answer, unless answering must set a cookie', async () => {
    const browser = new Browser();
    // A first visit has no CSRF cookie yet: only the endpoint can set it.
    expect(await sessionForPage(browser.request('/c/eks-work-cluster/pods'))).toBeUndefined();
    const anonymous = await browser.session();
    expect(await sessionForPage(browser.request('/c/eks-work-cluster/pods'))).toEqual(anonymous.body);
    await browser.signIn({ sandboxUser: 'oncall' });
    const signedIn = await browser.session();
    expect(signedIn.body.signedIn).toBe(true);
    expect(await sessionForPage(browser.request('/c/eks-work-cluster/pods'))).toEqual(signedIn.body);
    // Signed out elsewhere: the stale cookie must be dropped, which the endpoint does.
    const stale = browser.cookies.get('watchdeck_session')!;
    await browser.receive(await signOutRoute(browser.request('/api/v1/auth/sign-out', { method: 'POST' }), undefined));
    browser.cookies.set('watchdeck_session', stale);
    expect(await sessionForPage(browser.request('/c/eks-work-cluster/pods'))).toBeUndefined();
  });

  it('signing out ends the session on the server: the old cookie no longer works', async () => {
    const browser = new Browser();
    await browser.signIn({ sandboxUser: 'oncall' });
    const stolen = browser.cookies.get('watchdeck_session')!;
    const { status, body } = await browser.receive(await signOutRoute(browser.request('/api/v1/auth/sign-out', { method: 'POST' }), undefined));
    expect([status, body]).toEqual([200, { signedIn: false }]);
    expect(browser.cookies.has('watchdeck_session')).toBe(false);
    const replay = new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/whoami`, { headers: { cookie: `watchdeck_session=${stolen}` } });
    const response = await whoamiRoute(replay, params({ cluster: CLUSTER }));
    expect(response.status).toBe(401);
    expect((await response.json()).error.kind).toBe('SignInRequired');
    const session = await sessionRoute(new Request(`${ORIGIN}/api/v1/auth/session`, { headers: { cookie: `watchdeck_session=${stolen}` } }), undefined);
    expect((await session.json()).signedIn).toBe(false);
    expect(session.headers.getSetCookie()).toContain('watchdeck_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  });
});
