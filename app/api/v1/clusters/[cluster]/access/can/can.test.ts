/** The checks a page asks before it renders its buttons, against the sandbox's RBAC (sandbox/users.ts: dev reads rbac-test-ns only). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { POST as canRoute } from './route';

describe('POST /access/can', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 120_000);
  afterAll(async () => t?.close());

  const can = (user: SandboxUserName, body: unknown) => callAs(t, user, 'POST', `/api/v1/clusters/${CLUSTER}/access/can`, canRoute, params({ cluster: CLUSTER }), body);

  it('allows dev get pods in rbac-test-ns and refuses delete, naming the missing permission as a 403 would, in order', async () => {
    const { status, body } = await can('dev', {
      checks: [
        { verb: 'get', group: '', resource: 'pods', namespace: 'rbac-test-ns' },
        { verb: 'delete', group: '', resource: 'services', namespace: 'rbac-test-ns', name: 'web' },
        { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'eks-work', name: 'backend-app' },
      ],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      results: [
        { allowed: true },
        { allowed: false, missing: { verb: 'delete', group: '', resource: 'services', subresource: '', namespace: 'rbac-test-ns', name: 'web', user: 'dev' } },
        { allowed: false, missing: { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'eks-work', name: 'backend-app', user: 'dev' } },
      ],
    });
  });

  it('allows admin everything it asks', async () => {
    const { body } = await can('admin', { checks: [{ verb: 'delete', group: '', resource: 'namespaces', name: 'rbac-test-ns' }] });
    expect(body).toEqual({ results: [{ allowed: true }] });
  });

  it('refuses more than 64 checks, an empty list and an unknown field with 400', async () => {
    const check = { verb: 'get', group: '', resource: 'pods', namespace: 'rbac-test-ns' };
    expect((await can('dev', { checks: Array.from({ length: 64 }, () => check) })).status).toBe(200);
    for (const body of [{ checks: Array.from({ length: 65 }, () => check) }, { checks: [] }, { checks: [check], user: 'admin' }]) {
      const answer = await can('dev', body);
      expect([answer.status, answer.body.error.kind]).toEqual([400, 'BadRequest']);
    }
  });
});
