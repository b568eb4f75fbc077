/** Liveness, readiness and the answers of a console that is shutting down. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '@/server/config';
import { beginDrain, endDrain } from '@/server/lifecycle';
import { closeStore } from '@/server/store';
import { kubeconfigYaml, useTestConsole, type TestConsole } from '@/server/testing/setup';
import { GET as clustersRoute } from '../clusters/route';
import { GET as healthzRoute } from '../healthz/route';
import { GET as readyzRoute } from './route';

const ORIGIN = 'http://console.test:3000';
const get = (route: (r: Request, c: undefined) => Promise<Response>, path: string) => route(new Request(`${ORIGIN}${path}`), undefined);
const KUBECONFIG = kubeconfigYaml({ clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }], users: [{ name: 'u', user: { token: 't' } }], contexts: [{ name: 'c', cluster: 'c', user: 'u' }] });

let t: TestConsole;
beforeAll(async () => {
  t = await useTestConsole(KUBECONFIG);
});
afterAll(() => t?.close());
afterEach(() => endDrain());

describe('readiness and liveness', () => {
  it('is ready when the store answers, naming the store', async () => {
    const response = await get(readyzRoute, '/api/v1/readyz');
    expect([response.status, await response.json()]).toEqual([200, { status: 'ready', store: 'pglite' }]);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('while draining: not ready with the reason, still alive, and other requests 503 with Connection: close', async () => {
    beginDrain('shutting down (SIGTERM)');
    const ready = await get(readyzRoute, '/api/v1/readyz');
    expect([ready.status, await ready.json()]).toEqual([503, { error: { kind: 'Unavailable', message: 'not ready: this console replica is shutting down (SIGTERM)' } }]);
    const alive = await get(healthzRoute, '/api/v1/healthz');
    expect(alive.status).toBe(200);
    const refused = await get(clustersRoute, '/api/v1/clusters');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('connection')).toBe('close');
    expect(await refused.json()).toEqual({
      error: { kind: 'Unavailable', message: 'this console replica is shutting down; send the request again and another replica answers it' },
    });
  });
  it('is not ready while the store does not answer, and stays alive', async () => {
    // Nothing listens on port 1: the pool's connection is refused.
    await closeStore();
    setConfig({
      authMode: 'kubeconfig',
      kubeconfigPaths: [],
      sessionSecret: 'test-session-secret-that-is-long-enough',
      namespaces: [],
      dataDir: '/nonexistent',
      port: 3000,
      databaseUrl: 'postgres://watchdeck@127.0.0.1:1/watchdeck',
    });
    try {
      const response = await get(readyzRoute, '/api/v1/readyz');
      const body = (await response.json()) as { error: { kind: string; message: string } };
      expect([response.status, body.error.kind]).toEqual([503, 'Unavailable']);
      expect(body.error.message).toMatch(/^not ready: the store is unavailable: (database migration .*failed: )?connect ECONNREFUSED 127\.0\.0\.1:1$/);
      const alive = await get(healthzRoute, '/api/v1/healthz');
      expect([alive.status, await alive.json()]).toEqual([200, { status: 'ok' }]);
    } finally {
      await closeStore();
      // Back to the test console's configuration, for its own closing.
      setConfig(t.config);
    }
  });
});
