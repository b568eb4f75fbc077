/**
 * The console's security properties, route by route against the sandbox: a user who may only
 * read rbac-test-ns (dev) gets nothing of eks-work through any route, parameter, path trick or
 * header; state-changing routes need the CSRF token; the session cookie's flags; tokens never
 * leave the server; signing out ends the session; proxy mode refuses unvouched requests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setConfig } from '@/server/config';
import { cookieJar } from '@/server/testing/cookie-jar';
import { captureLogs } from '@/server/testing/log-capture';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { GET as sessionRoute } from './auth/session/route';
import { POST as signInRoute } from './auth/sign-in/route';
import { POST as signOutRoute } from './auth/sign-out/route';
import { POST as checkRoute } from './clusters/[cluster]/access/check/route';
import { GET as podsRoute } from './clusters/[cluster]/pods/route';
import { POST as revealRoute } from './clusters/[cluster]/namespaces/[namespace]/secrets/[name]/reveal/route';
import { GET as secretsRoute } from './clusters/[cluster]/namespaces/[namespace]/secrets/route';
import { GET as whoamiRoute } from './clusters/[cluster]/whoami/route';

const ORIGIN = 'http://console.test:3000';
const ROUTES_DIR = path.join(__dirname, 'clusters', '[cluster]');
const FORBIDDEN = /^\S+( "[^"]+")? is forbidden: User "dev" cannot \S+ resource "[^"]+" in API group "[^"]*" (in the namespace "eks-work"|at the cluster scope)$/;

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Every route file under clusters/[cluster], as its URL template. */
function routeTemplates(dir = ROUTES_DIR, prefix = `/api/v1/clusters/[cluster]`): { template: string; file: string }[] {
  const out: { template: string; file: string }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...routeTemplates(path.join(dir, entry.name), `${prefix}/${entry.name}`));
    else if (entry.name === 'route.ts') out.push({ template: prefix, file: path.join(dir, entry.name) });
  }
  return out.sort((a, b) => a.template.localeCompare(b.template));
}

/** Reads a response body, giving up on a stream that stays open (a watch that was let through). */
async function readBody(response: Response, abort: AbortController): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  const deadline = setTimeout(() => abort.abort(), 3_000);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch {
    // aborted: whatever arrived is judged
  } finally {
    clearTimeout(deadline);
  }
  return Buffer.concat(chunks).toString('utf8');
}

describe('security against the sandbox', () => {
  let t: SandboxConsole;
  let podName: string;
  let nodeName: string;
  /** Strings only eks-work's data contains: object UIDs, pod names and IPs, secret and config values. */
  let markers: string[];

  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 60_000 });
    const store = t.sandbox.world.store;
    const pods = store.list('pods', 'eks-work');
    podName = pods.find((p) => p.metadata.name.startsWith('backend-app-'))!.metadata.name;
    nodeName = store.list('nodes')[0].metadata.name;
    const objects = ['pods', 'secrets', 'configmaps', 'services', 'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'batch/jobs'].flatMap((r) => store.list(r, 'eks-work'));
    markers = [
      ...objects.map((o) => o.metadata.uid as string),
      ...pods.map((p) => p.metadata.name).filter((n) => n !== podName),
      ...pods.map((p) => (p.status as { podIP?: string } | undefined)?.podIP).filter((ip): ip is string => !!ip),
      ...store.list('secrets', 'eks-work').flatMap((s) => Object.values((s.data ?? {}) as Record<string, string>).flatMap((v) => [v, Buffer.from(v, 'base64').toString('utf8')])),
    ].filter((m) => m.length >= 8 && ![podName, 'backend-app-db', 'backend-app'].some((requested) => requested.includes(m)));
    expect(markers.length).toBeGreaterThan(20);
  }, 60_000);
  afterAll(async () => t?.close());

  function paramsFor(template: string, method: 'GET' | 'POST' = 'GET'): Record<string, string> {
    const values: Record<string, string> = { cluster: CLUSTER, namespace: 'eks-work' };
    // Any resource: eks-work's Secrets, which dev may neither list nor read; its writes apply eks-work's ConfigMap (Secrets are never applied as YAML).
    if (template.includes('/resources/[group]') && method === 'POST') Object.assign(values, { group: 'core', version: 'v1', resource: 'configmaps', name: 'backend-app-config' });
    else if (template.includes('/resources/[group]')) Object.assign(values, { group: 'core', version: 'v1', resource: 'secrets', name: 'backend-app-db' });
    else if (template.includes('/actions/[group]')) Object.assign(values, { group: 'apps', version: 'v1', resource: 'deployments', name: 'backend-app', action: 'scale' });
    else if (template.includes('/access/roles/')) Object.assign(values, { kind: 'clusterroles', name: 'view' });
    else if (template.includes('/access/bindings/')) Object.assign(values, { kind: 'clusterrolebindings', name: 'oncall-view' });
    else if (template.includes('/pods/[name]')) values.name = podName;
    else if (template.includes('/nodes/[name]')) values.name = nodeName;
    else if (template.includes('/secrets/[name]')) values.name = 'backend-app-db';
    else if (template.includes('/[kind]/[name]/proxy')) Object.assign(values, { kind: 'services', name: 'backend-app-service' });
    else if (template.includes('/[kind]/[name]')) Object.assign(values, { kind: 'deployments', name: 'backend-app' });
    else if (template.includes('[name]')) values.name = 'backend-app';
    return values;
  }

  const APPLY_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: backend-app-config\ndata:\n  LOG_LEVEL: DEBUG\n';
  /** The routes whose POST body has a shape of its own: the checks of a page, an action (scale), an apply of eks-work's ConfigMap, a drain. */
  const POST_BODIES: Record<string, unknown> = {
    '/api/v1/clusters/[cluster]/access/can': { checks: [{ verb: 'get', group: '', resource: 'secrets', namespace: 'eks-work', name: 'backend-app-db' }] },
    '/api/v1/clusters/[cluster]/actions/[group]/[version]/[resource]/[name]/[action]': { replicas: 1 },
    '/api/v1/clusters/[cluster]/resources/[group]/[version]/[resource]': { yaml: APPLY_YAML, dryRun: false },
    '/api/v1/clusters/[cluster]/resources/[group]/[version]/[resource]/[name]/apply': { yaml: APPLY_YAML, dryRun: false },
    '/api/v1/clusters/[cluster]/nodes/[name]/drain': { deleteEmptyDirData: true, timeoutSeconds: 5 },
  };

  function urlFor(template: string, values: Record<string, string>): string {
    const url = template.replace(/\[(\w+)\]/g, (_, key: string) => encodeURIComponent(values[key]));
    return `${url}?namespace=eks-work&labelSelector=${encodeURIComponent('app=backend-app')}&verb=list&resource=pods&q=backend-app`;
  }

  it('gives dev nothing of eks-work through any route: each answers 403 with the API server message, or only what dev may see', async () => {
    const seen: string[] = [];
    for (const { template, file } of routeTemplates()) {
      const module = (await import(file)) as Record<string, Handler>;
      for (const method of ['GET', 'POST'] as const) {
        const handler = module[method];
        if (!handler) continue;
        const values = paramsFor(template, method);
        const abort = new AbortController();
        const request = new Request(`${ORIGIN}${urlFor(template, values)}`, {
          method,
          signal: abort.signal,
          headers: { authorization: `Bearer ${t.token('dev')}`, 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: JSON.stringify(POST_BODIES[template] ?? { key: 'password', verb: 'get', resource: 'secrets', namespace: 'eks-work', name: 'backend-app-db' }) } : {}),
        });
        const response = await handler(request, params(values));
        const text = await readBody(response, abort);
        seen.push(`${method} ${template} ${response.status}`);
        for (const marker of markers) expect(text, `${method} ${template} leaks ${marker}`).not.toContain(marker);
        expect(text, `${method} ${template}`).not.toContain(t.token('dev'));
        if (response.status === 403) {
          const body = JSON.parse(text);
          expect(body.message, `${method} ${template}`).toMatch(FORBIDDEN);
          expect(body.missing, `${method} ${template}`).not.toBeNull();
          expect(body.error.status.message).toBe(body.message);
        } else {
          expect([200], `${method} ${template}: ${text.slice(0, 300)}`).toContain(response.status);
        }
      }
    }
    // The data routes of eks-work all refuse dev outright.
    for (const refused of [
      'GET /api/v1/clusters/[cluster]/pods',
      'GET /api/v1/clusters/[cluster]/events',
      'GET /api/v1/clusters/[cluster]/nodes',
      'GET /api/v1/clusters/[cluster]/resources/[group]/[version]/[resource]',
      'GET /api/v1/clusters/[cluster]/resources/[group]/[version]/[resource]/[name]',
      'GET /api/v1/clusters/[cluster]/namespaces/[namespace]/[kind]/[name]',
      'GET /api/v1/clusters/[cluster]/namespaces/[namespace]/pods/[name]',
      'GET /api/v1/clusters/[cluster]/namespaces/[namespace]/pods/[name]/log',
      'GET /api/v1/clusters/[cluster]/namespaces/[namespace]/logs',
      'GET /api/v1/clusters/[cluster]/namespaces/[namespace]/secrets',
      'POST /api/v1/clusters/[cluster]/namespaces/[namespace]/secrets/[name]/reveal',
      'POST /api/v1/clusters/[cluster]/resources/[group]/[version]/[resource]',
      'POST /api/v1/clusters/[cluster]/resources/[group]/[version]/[resource]/[name]/apply',
      'POST /api/v1/clusters/[cluster]/nodes/[name]/cordon',
      'POST /api/v1/clusters/[cluster]/nodes/[name]/uncordon',
      'POST /api/v1/clusters/[cluster]/nodes/[name]/drain',
      'GET /api/v1/clusters/[cluster]/actions/[group]/[version]/[resource]/[name]/[action]',
      'POST /api/v1/clusters/[cluster]/actions/[group]/[version]/[resource]/[name]/[action]',
    ]) {
      expect(seen).toContain(`${refused} 403`);
    }
    // Pages of several parts answer 200 with each eks-work part as its 403.
    const workloads = await (await import('./clusters/[cluster]/workloads/route')).GET(t.request('dev', `/api/v1/clusters/${CLUSTER}/workloads?namespace=eks-work`), params({ cluster: CLUSTER }));
    const sections = Object.entries(await workloads.json()).filter(([key]) => key !== 'namespace');
    expect(sections.length).toBeGreaterThan(5);
    for (const [kind, section] of sections) expect([kind, (section as { error?: { status?: { code?: number } } }).error?.status?.code]).toEqual([kind, 403]);
  }, 120_000);

  it('refuses path tricks in the namespace and name with BadRequest before asking the API server', async () => {
    for (const namespace of ['..', '../eks-work', 'rbac-test-ns/../eks-work', 'rbac-test-ns%2F..%2Feks-work', 'eks-work%00', 'EKS-WORK']) {
      const response = await secretsRoute(t.request('admin', `/api/v1/clusters/${CLUSTER}/namespaces/${encodeURIComponent(namespace)}/secrets`), params({ cluster: CLUSTER, namespace }));
      expect([namespace, response.status]).toEqual([namespace, 400]);
      expect((await response.json()).error.kind).toBe('BadRequest');
    }
    for (const query of ['rbac-test-ns/../eks-work', '..%2Feks-work', 'rbac-test-ns,eks-work']) {
      const response = await podsRoute(t.request('dev', `/api/v1/clusters/${CLUSTER}/pods?namespace=${encodeURIComponent(query)}`), params({ cluster: CLUSTER }));
      expect([query, response.status]).toEqual([query, 400]);
    }
    const reveal = await revealRoute(
      new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/namespaces/rbac-test-ns/secrets/x/reveal`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token('admin')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key: 'password' }),
      }),
      params({ cluster: CLUSTER, namespace: 'rbac-test-ns', name: '..%2F..%2Feks-work%2Fsecrets%2Fbackend-app-db' }),
    );
    expect(reveal.status).toBe(400);
  });

  it('ignores Impersonate-* and X-Forwarded-* headers from the browser: dev stays dev', async () => {
    const forged = {
      'impersonate-user': 'admin',
      'impersonate-group': 'system:masters',
      'x-forwarded-user': 'admin',
      'x-forwarded-groups': 'system:masters',
      'x-remote-user': 'admin',
      'x-remote-group': 'system:masters',
      'x-forwarded-for': '127.0.0.1',
    };
    const who = await whoamiRoute(t.request('dev', `/api/v1/clusters/${CLUSTER}/whoami`, forged), params({ cluster: CLUSTER }));
    expect(await who.json()).toEqual({ username: 'dev', groups: ['rbac-test-group', 'system:authenticated'] });
    const pods = await podsRoute(t.request('dev', `/api/v1/clusters/${CLUSTER}/pods?namespace=eks-work`, forged), params({ cluster: CLUSTER }));
    expect(pods.status).toBe(403);
    expect((await pods.json()).message).toBe('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  });

  describe('browser sessions', () => {
    /** A browser signed in as `user`: its cookies and CSRF token. */
    async function signIn(user: 'admin' | 'dev', headers: Record<string, string> = {}) {
      const jar = cookieJar();
      const { absorb } = jar;
      const cookie = jar.header;
      const session = await sessionRoute(new Request(`${ORIGIN}/api/v1/auth/session`), undefined);
      absorb(session);
      const csrf = (await session.json()).csrfToken as string;
      const response = await signInRoute(
        new Request(`${ORIGIN}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { host: 'console.test:3000', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: cookie(), ...headers },
          body: JSON.stringify({ token: t.token(user) }),
        }),
        undefined,
      );
      const setCookies = response.headers.getSetCookie();
      const body = await response.text();
      absorb(response);
      const after = await sessionRoute(new Request(`${ORIGIN}/api/v1/auth/session`, { headers: { cookie: cookie() } }), undefined);
      const sessionCsrf = (await after.json()).csrfToken as string;
      const post = (url: string, payload: unknown, extra: Record<string, string> = {}) =>
        new Request(`${ORIGIN}${url}`, {
          method: 'POST',
          headers: { host: 'console.test:3000', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', 'x-csrf-token': sessionCsrf, cookie: cookie(), ...extra },
          body: JSON.stringify(payload),
        });
      return { setCookies, body, cookie, post, status: response.status };
    }

    it('sets the session cookie httpOnly and SameSite, Secure over HTTPS, and never puts the token in it or the answer', async () => {
      const plain = await signIn('dev');
      const cookie = plain.setCookies.find((c) => c.startsWith('watchdeck_session='))!;
      expect(cookie).toMatch(/; HttpOnly; SameSite=Lax; /);
      expect(cookie).not.toContain('Secure');
      expect(cookie).not.toContain(t.token('dev'));
      expect(plain.body).not.toContain(t.token('dev'));
      const https = await signIn('dev', { 'x-forwarded-proto': 'https', origin: 'https://console.test:3000' });
      expect(https.setCookies.find((c) => c.startsWith('watchdeck_session='))).toMatch(/; HttpOnly; SameSite=Lax; .*Secure/);
    });

    it('refuses state-changing routes without the CSRF token or from another site', async () => {
      const browser = await signIn('admin');
      const reveal = (extra: Record<string, string>) =>
        revealRoute(
          browser.post(`/api/v1/clusters/${CLUSTER}/namespaces/eks-work/secrets/backend-app-db/reveal`, { key: 'password' }, extra),
          params({ cluster: CLUSTER, namespace: 'eks-work', name: 'backend-app-db' }),
        );
      const ok = await reveal({});
      expect(ok.status).toBe(200);
      expect((await ok.json()).value).toBe('Zq8#rT2!vLm4');
      for (const [extra, message] of [
        [{ 'x-csrf-token': '' }, 'the X-CSRF-Token header is missing'],
        [{ 'x-csrf-token': 'guess' }, 'the X-CSRF-Token header does not match this session'],
        [{ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 'cross-site request refused (Sec-Fetch-Site: cross-site)'],
      ] as const) {
        const refused = await reveal(extra);
        expect(refused.status).toBe(403);
        const body = await refused.json();
        expect(body).toEqual({ error: { kind: 'CsrfRejected', message } });
      }
      const check = await checkRoute(browser.post(`/api/v1/clusters/${CLUSTER}/access/check`, { verb: 'get', resource: 'pods' }, { 'x-csrf-token': '' }), params({ cluster: CLUSTER }));
      expect(check.status).toBe(403);
    });

    it('ends the session on the server when signing out: the old cookie no longer works', async () => {
      const browser = await signIn('admin');
      const stolen = browser.cookie();
      const out = await signOutRoute(browser.post('/api/v1/auth/sign-out', {}), undefined);
      expect(out.status).toBe(200);
      const replay = await whoamiRoute(new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/whoami`, { headers: { cookie: stolen } }), params({ cluster: CLUSTER }));
      expect(replay.status).toBe(401);
      expect((await replay.json()).error.kind).toBe('SignInRequired');
    });
  });

  it('never writes a token to the server log', async () => {
    const lines: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))));
    const logs = captureLogs();
    try {
      await podsRoute(t.request('dev', `/api/v1/clusters/${CLUSTER}/pods?namespace=eks-work`), params({ cluster: CLUSTER }));
      await podsRoute(new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/pods`, { headers: { authorization: 'Bearer dev.forged-token-value' } }), params({ cluster: CLUSTER }));
      await secretsRoute(t.request('admin', `/api/v1/clusters/${CLUSTER}/namespaces/eks-work/secrets`), params({ cluster: CLUSTER, namespace: 'eks-work' }));
    } finally {
      for (const spy of spies) spy.mockRestore();
      logs.restore();
    }
    // One request line for each of the three requests, at least: the capture saw them.
    expect(logs.records().filter((r) => r.msg === 'request').length).toBe(3);
    for (const line of [...lines, ...logs.lines]) {
      for (const user of t.sandbox.users) expect(line).not.toContain(user.token);
      expect(line).not.toContain('forged-token-value');
    }
  });

  describe('proxy mode', () => {
    const proxy = { userHeader: 'x-forwarded-user', groupHeader: 'x-forwarded-groups', secretHeader: 'x-proxy-secret', secret: 'a-secret-only-the-proxy-knows' };
    beforeAll(() => setConfig({ ...t.console.config, authMode: 'proxy', proxy }));
    afterAll(() => setConfig(t.console.config));

    it("refuses a request without the proxy's secret, whatever identity headers a browser forges", async () => {
      const forged: Record<string, string>[] = [{}, { 'x-forwarded-user': 'admin', 'x-forwarded-groups': 'system:masters' }, { 'x-forwarded-user': 'admin', 'x-proxy-secret': 'guess' }];
      for (const headers of forged) {
        const response = await podsRoute(new Request(`${ORIGIN}/api/v1/clusters/${CLUSTER}/pods?namespace=eks-work`, { headers }), params({ cluster: CLUSTER }));
        expect(response.status).toBe(401);
        expect((await response.json()).error).toEqual({
          kind: 'ProxyHeadersMissing',
          message: 'requests must come through the authenticating proxy (the x-proxy-secret header is missing or wrong)',
        });
      }
    });
  });
});
