/**
 * The any-resource routes from an attacker's side: only paths built from discovered resources reach
 * the API server, hostile path segments and selectors are refused before it, another user's
 * namespace leaks nothing, and a Secret's values never leave the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { GET as kindsRoute } from './clusters/[cluster]/resources/route';
import { GET as listRoute } from './clusters/[cluster]/resources/[group]/[version]/[resource]/route';
import { GET as objectRoute } from './clusters/[cluster]/resources/[group]/[version]/[resource]/[name]/route';

const PASSWORD = 'Zq8#rT2!vLm4';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('the resources API under attack', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 180_000);
  afterAll(async () => t?.close());

  const list = (user: SandboxUserName, path: { group: string; version: string; resource: string }, query = '') =>
    callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/resources/x/x/x${query}`, listRoute, params({ cluster: CLUSTER, ...path }));
  const object = (user: SandboxUserName, path: { group: string; version: string; resource: string; name: string }, query = '') =>
    callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/resources/x/x/x/x${query}`, objectRoute, params({ cluster: CLUSTER, ...path }));

  it('answers 404 for paths that name no discovered resource, a served one that cannot be listed included', async () => {
    for (const path of [
      { group: 'example.com', version: 'v1', resource: 'widgets' },
      { group: 'core', version: 'v2', resource: 'pods' },
      { group: 'apps', version: 'v1', resource: 'pods' },
      { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews' },
    ]) {
      const { status, body } = await list('admin', path);
      expect([path.resource, status, body.error.kind]).toEqual([path.resource, 404, 'NotFound']);
    }
  });

  it('refuses dot segments and slashes, encoded or not, in the group, version, resource and name with 400', async () => {
    const hostile = [
      { group: '..', version: 'v1', resource: 'pods' },
      { group: 'core', version: 'v1', resource: 'pods/log' },
      { group: 'core', version: '..%2F..', resource: 'pods' },
      { group: 'apps/../..', version: 'v1', resource: 'deployments' },
      { group: 'core', version: 'v1', resource: 'a..b' },
    ];
    for (const path of hostile) {
      const { status, body } = await list('admin', path);
      expect([status, body.error.kind]).toEqual([400, 'BadRequest']);
    }
    for (const name of ['..', '../secrets/backend-app-db', 'a%2Fb', 'a/b', 'x..y']) {
      const { status, body } = await object('admin', { group: 'core', version: 'v1', resource: 'configmaps', name }, '?namespace=eks-work');
      expect([name, status, body.error.kind]).toEqual([name, 400, 'BadRequest']);
    }
  });

  it('refuses a malformed or huge selector with 400 and a reason, and a huge query string with 414', async () => {
    const services = { group: 'core', version: 'v1', resource: 'services' };
    const bad = await list('admin', services, `?labelSelector=${encodeURIComponent('app in (a')}`);
    // The parser's words are upstream's (k8s.io/apimachinery labels.Parser parseValues).
    expect([bad.status, bad.body.error.message]).toEqual([400, "invalid query: labelSelector: unable to parse requirement: found '', expected: ',' or ')'"]);
    const badField = await list('admin', services, `?fieldSelector=${encodeURIComponent('metadata.name')}`);
    expect([badField.status, badField.body.error.message]).toEqual([400, "invalid query: fieldSelector: invalid selector: 'metadata.name'; can't understand 'metadata.name'"]);
    const huge = await list('admin', services, `?labelSelector=${'a'.repeat(5000)}`);
    expect([huge.status, huge.body.error.message]).toEqual([400, 'invalid query: labelSelector: a label selector has at most 4096 characters']);
    const longer = await list('admin', services, `?labelSelector=${'a'.repeat(20_000)}`);
    expect([longer.status, longer.body.error.kind]).toEqual([414, 'URITooLong']);
  });

  it('gives dev nothing from eks-work: 403 with the missing permission, no row, no object, no name of either', async () => {
    const rows = await list('dev', { group: 'core', version: 'v1', resource: 'configmaps' }, '?namespace=eks-work');
    expect(rows.status).toBe(403);
    expect(rows.body.missing).toEqual({ verb: 'list', resource: 'configmaps', subresource: '', group: '', namespace: 'eks-work', name: '' });
    expect(rows.text).not.toContain('backend-app-config');
    const one = await object('dev', { group: 'core', version: 'v1', resource: 'configmaps', name: 'backend-app-config' }, '?namespace=eks-work');
    expect(one.status).toBe(403);
    expect(one.body.missing).toEqual({ verb: 'get', resource: 'configmaps', subresource: '', group: '', namespace: 'eks-work', name: 'backend-app-config' });
    expect(one.text).not.toContain('SERVER_PORT');
    // A continue token is the console's own; a forged one cannot widen the listing to a namespace dev may not read.
    const forged = `ns1.${Buffer.from(JSON.stringify({ namespaces: ['eks-work'], omitted: [], index: 0 })).toString('base64url')}`;
    const widened = await list('dev', { group: 'core', version: 'v1', resource: 'configmaps' }, `?continue=${forged}`);
    expect(widened.body.rows).toEqual([]);
    expect(widened.body.omitted.map((o: { name: string }) => o.name)).toEqual(['eks-work']);
  });

  it('never sends a Secret value: the object shows sizes only and drops the last-applied copy; the list prints no data', async () => {
    t.sandbox.world.store.mutate('secrets', 'eks-work', 'backend-app-db', (secret) => {
      secret.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: { password: b64(PASSWORD) } }), team: 'payments' };
    });
    const { status, body, text } = await object('admin', { group: 'core', version: 'v1', resource: 'secrets', name: 'backend-app-db' }, '?namespace=eks-work');
    expect(status).toBe(200);
    expect(body.object.data).toEqual({ username: '(hidden: 7 bytes)', password: '(hidden: 12 bytes)', 'postgres-password': '(hidden: 13 bytes)' });
    expect(body.object.metadata.annotations).toEqual({ team: 'payments' });
    for (const secret of [PASSWORD, b64(PASSWORD), 'Pg-admin-7Xw9', b64('Pg-admin-7Xw9'), b64('backend')]) expect(text).not.toContain(secret);
    const rows = await list('admin', { group: 'core', version: 'v1', resource: 'secrets' }, '?namespace=eks-work');
    expect(rows.status).toBe(200);
    expect(rows.body.rows.find((r: { name: string }) => r.name === 'backend-app-db').cells.slice(0, 3)).toEqual(['backend-app-db', 'Opaque', 3]);
    for (const secret of [PASSWORD, b64(PASSWORD), 'last-applied']) expect(rows.text).not.toContain(secret);
  });

  it('refuses dev the streamed and the watched list of eks-work as it refuses the plain one, with nothing of eks-work in the answer', async () => {
    for (const accept of ['application/x-ndjson', 'text/event-stream']) {
      const answer = await callAs(
        t,
        'dev',
        'GET',
        `/api/v1/clusters/${CLUSTER}/resources/x/x/x?namespace=eks-work`,
        listRoute,
        params({ cluster: CLUSTER, group: 'core', version: 'v1', resource: 'configmaps' }),
        undefined,
        {
          accept,
        },
      );
      expect([accept, answer.status, answer.body.missing?.namespace]).toEqual([accept, 403, 'eks-work']);
      expect(answer.text).not.toContain('backend-app-config');
    }
  });

  it('answers the kinds list for the caller alone: dev asking about eks-work learns it may not list there and no object; a hostile namespace is 400', async () => {
    const kinds = (user: SandboxUserName, query: string) => callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/resources${query}`, kindsRoute, params({ cluster: CLUSTER }));
    const dev = await kinds('dev', '?namespace=eks-work');
    expect(dev.status).toBe(200);
    const configmaps = dev.body.resources.find((r: { group: string; resource: string }) => r.group === 'core' && r.resource === 'configmaps');
    expect(configmaps.list).toEqual({ allowed: false, missing: { verb: 'list', resource: 'configmaps', group: '', namespace: 'eks-work' } });
    for (const name of ['backend-app-config', 'backend-app-db', 'backend-app-']) expect(dev.text).not.toContain(name);
    const own = await kinds('dev', '?namespace=rbac-test-ns');
    expect(own.body.resources.find((r: { group: string; resource: string }) => r.group === 'core' && r.resource === 'configmaps').list).toEqual({ allowed: true });
    for (const namespace of ['../kube-system', 'a'.repeat(300), 'EKS-WORK']) {
      const hostile = await kinds('dev', `?namespace=${encodeURIComponent(namespace)}`);
      expect([namespace, hostile.status, hostile.body.error.kind]).toEqual([namespace, 400, 'BadRequest']);
    }
  });
});
