/**
 * The write routes (edit and create as YAML, cordon, drain) from an attacker's side: another
 * user's namespace refuses the write, the YAML cannot move the object elsewhere or blow up the
 * parser, a body past the limit is refused before it is read, and a browser write needs its CSRF token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieJar } from '@/server/testing/cookie-jar';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { POST as signInRoute } from './auth/sign-in/route';
import { GET as sessionRoute } from './auth/session/route';
import { POST as createRoute } from './clusters/[cluster]/resources/[group]/[version]/[resource]/route';
import { POST as applyRoute } from './clusters/[cluster]/resources/[group]/[version]/[resource]/[name]/apply/route';
import { POST as drainRoute } from './clusters/[cluster]/nodes/[name]/drain/route';

const ORIGIN = 'http://console.test:3000';
const CONFIGMAPS = { group: 'core', version: 'v1', resource: 'configmaps' };
const configMap = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;

describe('the write routes under attack', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 180_000);
  afterAll(async () => t?.close());

  const create = (user: 'admin' | 'dev', namespace: string, body: unknown, headers: Record<string, string> = {}) =>
    callAs(t, user, 'POST', `/api/v1/clusters/${CLUSTER}/resources/core/v1/configmaps?namespace=${namespace}`, createRoute, params({ cluster: CLUSTER, ...CONFIGMAPS }), body, headers);

  it('refuses dev’s apply into eks-work with the API server’s 403, dry run or not, and stores nothing', async () => {
    for (const dryRun of [true, false]) {
      const { status, body } = await create('dev', 'eks-work', { yaml: configMap('planted'), dryRun });
      expect(status).toBe(403);
      // A create is asked as create first (an apply that creates the object is authorized as create).
      expect(body.missing).toEqual({ verb: 'create', resource: 'configmaps', subresource: '', group: '', namespace: 'eks-work', name: 'planted' });
    }
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'planted')).toBeUndefined();
  });

  it('refuses YAML whose metadata.namespace is not the URL’s with 400, as kube-apiserver does', async () => {
    const { status, body } = await create('admin', 'rbac-test-ns', { yaml: configMap('moved', '').replace('metadata:\n', 'metadata:\n  namespace: eks-work\n'), dryRun: false });
    expect([status, body.error.message]).toEqual([400, 'the namespace of the provided object does not match the namespace sent on the request']);
    const edit = await callAs(
      t,
      'admin',
      'POST',
      `/api/v1/clusters/${CLUSTER}/resources/core/v1/configmaps/sample-app-config/apply?namespace=rbac-test-ns`,
      applyRoute,
      params({ cluster: CLUSTER, ...CONFIGMAPS, name: 'sample-app-config' }),
      { yaml: configMap('sample-app-config').replace('metadata:\n', 'metadata:\n  namespace: kube-system\n'), dryRun: true },
    );
    expect([edit.status, edit.body.error.message]).toEqual([400, 'the namespace of the provided object does not match the namespace sent on the request']);
    expect(t.sandbox.world.store.get('configmaps', 'eks-work', 'moved')).toBeUndefined();
  });

  it('refuses a body over 3 MiB with 413 and the reason, before reading it', async () => {
    const { status, body } = await create('admin', 'rbac-test-ns', { yaml: configMap('huge', `data:\n  blob: ${'x'.repeat(3 * 1024 * 1024)}\n`), dryRun: true });
    expect([status, body.error]).toEqual([
      413,
      { kind: 'PayloadTooLarge', message: `the request body is larger than 3 MiB, the most POST /api/v1/clusters/${CLUSTER}/resources/core/v1/configmaps takes` },
    ]);
  });

  it('refuses a YAML bomb (aliases nine deep) with 400 instead of expanding it', async () => {
    const levels = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(',')}]`,
      );
    const started = Date.now();
    const { status, body } = await create('admin', 'rbac-test-ns', { yaml: configMap('bomb', `data:\n  ${levels.join('\n  ')}\n`), dryRun: true });
    expect([status, body.error.message]).toEqual([400, 'YAML: Excessive alias count indicates a resource exhaustion attack']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a signed-in browser’s apply and drain without the CSRF token, and does nothing', async () => {
    const jar = cookieJar();
    const browser = (path: string, init: { method?: string; body?: unknown; csrf?: string } = {}) =>
      new Request(`${ORIGIN}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          host: 'console.test:3000',
          origin: ORIGIN,
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/json',
          cookie: jar.header(),
          ...(init.csrf ? { 'x-csrf-token': init.csrf } : {}),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    const session = await sessionRoute(browser('/api/v1/auth/session'), undefined);
    jar.absorb(session);
    const { csrfToken } = await session.json();
    jar.absorb(await signInRoute(browser('/api/v1/auth/sign-in', { method: 'POST', body: { token: t.token('admin') }, csrf: csrfToken }), undefined));
    expect(jar.get('watchdeck_session')).toBeDefined();

    const apply = await createRoute(
      browser(`/api/v1/clusters/${CLUSTER}/resources/core/v1/configmaps?namespace=rbac-test-ns`, { method: 'POST', body: { yaml: configMap('forged'), dryRun: false } }),
      params({ cluster: CLUSTER, ...CONFIGMAPS }),
    );
    expect([apply.status, (await apply.json()).error.kind]).toEqual([403, 'CsrfRejected']);
    const node = 'ip-192-168-0-141.ap-northeast-2.compute.internal';
    const drain = await drainRoute(
      browser(`/api/v1/clusters/${CLUSTER}/nodes/${node}/drain`, { method: 'POST', body: { deleteEmptyDirData: true, timeoutSeconds: 5 } }),
      params({ cluster: CLUSTER, name: node }),
    );
    expect([drain.status, (await drain.json()).error.kind]).toEqual([403, 'CsrfRejected']);
    expect(t.sandbox.world.store.get('configmaps', 'rbac-test-ns', 'forged')).toBeUndefined();
    expect(t.sandbox.world.store.get('nodes', undefined, node)!.spec?.unschedulable).toBeUndefined();
  });
});
