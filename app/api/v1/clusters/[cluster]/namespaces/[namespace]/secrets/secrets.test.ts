import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { POST as revealRoute } from './[name]/reveal/route';
import { GET as secretsRoute } from './route';

describe('Secrets console API against the sandbox', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 60_000);
  afterAll(async () => t?.close());

  const list = async (user: 'admin' | 'oncall' | 'dev', namespace: string) => {
    const response = await secretsRoute(t.request(user, `/api/v1/clusters/${CLUSTER}/namespaces/${namespace}/secrets`), params({ cluster: CLUSTER, namespace }));
    return { status: response.status, text: await response.text() };
  };
  const reveal = async (user: 'admin' | 'oncall' | 'dev', name: string, body: unknown, headers: Record<string, string> = {}) => {
    const request = new Request(`http://console.test:3000/api/v1/clusters/${CLUSTER}/namespaces/eks-work/secrets/${name}/reveal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token(user)}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const response = await revealRoute(request, params({ cluster: CLUSTER, namespace: 'eks-work', name }));
    return { status: response.status, body: await response.json(), cache: response.headers.get('cache-control') };
  };

  it('lists the keys and decoded sizes of eks-work secrets for admin, and no value', async () => {
    const { status, text } = await list('admin', 'eks-work');
    expect(status).toBe(200);
    const body = JSON.parse(text);
    expect(body.items.find((s: { name: string }) => s.name === 'backend-app-db')).toMatchObject({
      name: 'backend-app-db',
      type: 'Opaque',
      immutable: false,
      keys: [
        { key: 'password', size: 12 },
        { key: 'postgres-password', size: 13 },
        { key: 'username', size: 7 },
      ],
    });
    for (const secret of ['Zq8#rT2!vLm4', Buffer.from('Zq8#rT2!vLm4').toString('base64'), 'Pg-admin-7Xw9', Buffer.from('backend').toString('base64')]) expect(text).not.toContain(secret);
  });

  it("refuses oncall (view does not include secrets) and dev with the API server's 403 and no data", async () => {
    const oncall = await list('oncall', 'eks-work');
    expect(oncall.status).toBe(403);
    expect(JSON.parse(oncall.text)).toMatchObject({
      message: 'secrets is forbidden: User "oncall" cannot list resource "secrets" in API group "" in the namespace "eks-work"',
      missing: { verb: 'list', resource: 'secrets', subresource: '', group: '', namespace: 'eks-work', name: '' },
    });
    expect(oncall.text).not.toContain('backend-app-db');
    const dev = await list('dev', 'eks-work');
    expect(dev.status).toBe(403);
  });

  it('reveals one key to admin on a POST, never cached, and refuses oncall with the get 403', async () => {
    expect(await reveal('admin', 'backend-app-db', { key: 'password' })).toEqual({
      status: 200,
      cache: 'no-store',
      body: { name: 'backend-app-db', namespace: 'eks-work', key: 'password', encoding: 'utf-8', value: 'Zq8#rT2!vLm4', size: 12 },
    });
    const denied = await reveal('oncall', 'backend-app-db', { key: 'password' });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe('secrets "backend-app-db" is forbidden: User "oncall" cannot get resource "secrets" in API group "" in the namespace "eks-work"');
    expect(denied.body.missing).toEqual({ verb: 'get', resource: 'secrets', subresource: '', group: '', namespace: 'eks-work', name: 'backend-app-db' });
    expect(JSON.stringify(denied.body)).not.toContain('Zq8#');
  });

  it('answers a key the secret does not have with NotFound, and a malformed key with BadRequest', async () => {
    expect((await reveal('admin', 'backend-app-db', { key: 'nope' })).body).toEqual({ error: { kind: 'NotFound', message: 'secret "backend-app-db" has no key "nope"' } });
    expect((await reveal('admin', 'backend-app-db', { key: '../x' })).status).toBe(400);
  });
});
