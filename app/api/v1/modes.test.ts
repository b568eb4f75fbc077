import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@/sandbox';
import { setConfig } from '@/server/config';
import { useTestConsole, type TestConsole } from '@/server/testing/setup';
import { GET as sessionRoute } from './auth/session/route';
import { POST as signInRoute } from './auth/sign-in/route';
import { GET as clustersRoute } from './clusters/route';
import { GET as whoamiRoute } from './clusters/[cluster]/whoami/route';

const ORIGIN = 'http://console.test:3000';
const proxy = { userHeader: 'x-forwarded-user', groupHeader: 'x-forwarded-groups', secretHeader: 'x-proxy-secret', secret: 'shared-secret-between-proxy-and-console' };

function params<T>(value: T) {
  return { params: Promise.resolve(value) };
}

async function whoami(cluster: string, headers: Record<string, string> = {}) {
  const response = await whoamiRoute(new Request(`${ORIGIN}/api/v1/clusters/${cluster}/whoami`, { headers }), params({ cluster }));
  return { status: response.status, body: await response.json() };
}

describe('kubeconfig and proxy modes against the sandbox', () => {
  let sandbox: Sandbox;
  let t: TestConsole;
  let filesDir: string;

  beforeAll(async () => {
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-sandbox-'));
    sandbox = await startSandbox({ dir: filesDir, mode: 'manual' });
    t = await useTestConsole(fs.readFileSync(sandbox.files!.kubeconfig, 'utf8'));
  });

  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  describe('kubeconfig mode', () => {
    beforeAll(() => setConfig({ ...t.config, authMode: 'kubeconfig' }));

    it('lists every context with its server, the current one first choice', async () => {
      const response = await clustersRoute(new Request(`${ORIGIN}/api/v1/clusters`), undefined);
      expect(await response.json()).toEqual({
        clusters: ['sandbox-admin', 'sandbox-oncall', 'sandbox-dev'].map((name) => ({ name, server: sandbox.url })),
        defaultCluster: 'sandbox-admin',
      });
    });

    it('each context calls the API server as its own user', async () => {
      expect(await whoami('sandbox-dev')).toEqual({ status: 200, body: { username: 'dev', groups: ['rbac-test-group', 'system:authenticated'] } });
      expect((await whoami('sandbox-oncall')).body.username).toBe('oncall');
    });

    it("ignores a bearer token from the browser: the identity is the context's", async () => {
      const admin = sandbox.users.find((u) => u.username === 'admin')!;
      expect((await whoami('sandbox-dev', { authorization: `Bearer ${admin.token}` })).body.username).toBe('dev');
    });

    it('reports itself signed in, with no sandbox users to offer', async () => {
      const response = await sessionRoute(new Request(`${ORIGIN}/api/v1/auth/session`), undefined);
      const body = await response.json();
      expect(body).toEqual({ mode: 'kubeconfig', signedIn: true, csrfToken: body.csrfToken });
      expect(body.csrfToken).toMatch(/^[\w-]+\.[\w-]+$/);
    });

    it('has no sign-in', async () => {
      const request = new Request(`${ORIGIN}/api/v1/auth/sign-in`, { method: 'POST', headers: { origin: ORIGIN, host: 'console.test:3000' }, body: JSON.stringify({ token: 'x' }) });
      const response = await signInRoute(request, undefined);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { kind: 'BadRequest', message: 'sign-in is only used when WATCHDECK_AUTH_MODE=token; this console runs in kubeconfig mode' } });
    });
  });

  describe('proxy mode', () => {
    beforeAll(() => setConfig({ ...t.config, authMode: 'proxy', proxy }));
    const trusted = { 'x-proxy-secret': proxy.secret, 'x-forwarded-user': 'dev', 'x-forwarded-groups': 'rbac-test-group' };

    it('impersonates the user and groups the proxy vouches for', async () => {
      const { status, body } = await whoami('sandbox-admin', trusted);
      expect(status).toBe(200);
      expect(body.username).toBe('dev');
      expect(body.groups).toContain('rbac-test-group');
      expect(body.groups).not.toContain('system:masters');
    });

    it("refuses requests without the proxy's shared secret, whatever user header they carry", async () => {
      expect(await whoami('sandbox-admin', { 'x-forwarded-user': 'admin' })).toEqual({
        status: 401,
        body: { error: { kind: 'ProxyHeadersMissing', message: 'requests must come through the authenticating proxy (the x-proxy-secret header is missing or wrong)' } },
      });
      expect((await whoami('sandbox-admin', { ...trusted, 'x-proxy-secret': 'guess' })).status).toBe(401);
    });

    it('refuses a request from the proxy that names no user', async () => {
      expect(await whoami('sandbox-admin', { 'x-proxy-secret': proxy.secret })).toEqual({
        status: 401,
        body: { error: { kind: 'ProxyHeadersMissing', message: 'the authenticating proxy sent no user (header x-forwarded-user)' } },
      });
    });

    it('does not let a browser pass its own Impersonate headers through', async () => {
      const { body } = await whoami('sandbox-admin', { ...trusted, 'impersonate-user': 'admin', 'impersonate-group': 'system:masters' });
      expect(body.username).toBe('dev');
      expect(body.groups).not.toContain('system:masters');
    });
  });
});
