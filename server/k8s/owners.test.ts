import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../errors';
import type { KubeClient, ResourceRef } from './client';
import { ownerChain } from './owners';
import { readingClient } from '../testing/fake-kube-client';

const forbidden = new ConsoleError('Status', 403, 'deployments.apps "web" is forbidden: User "dev" cannot get resource "deployments" in API group "apps" in the namespace "shop"', {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  reason: 'Forbidden',
  code: 403,
  message: 'deployments.apps "web" is forbidden: User "dev" cannot get resource "deployments" in API group "apps" in the namespace "shop"',
  details: { name: 'web', group: 'apps', kind: 'deployments' },
});

/** Lets the caller read ReplicaSets but not Deployments; records what was asked. */
function client(asked: ResourceRef[]): KubeClient {
  return readingClient(async (ref: ResourceRef) => {
    asked.push(ref);
    if (ref.resource === 'replicasets') return { metadata: { name: ref.name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true }] } };
    throw forbidden;
  });
}

describe('ownerChain', () => {
  it('reports a hop the caller may not read on its link and stops there, without failing', async () => {
    const asked: ResourceRef[] = [];
    const chain = await ownerChain(client(asked), 'shop', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f', controller: true }] });
    expect(chain).toEqual([
      { kind: 'ReplicaSet', name: 'web-7d9f', apiVersion: 'apps/v1' },
      { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1', error: forbidden.toJSON() },
    ]);
    expect(asked).toEqual([
      { group: 'apps', version: 'v1', resource: 'replicasets', namespace: 'shop', name: 'web-7d9f' },
      { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'shop', name: 'web' },
    ]);
  });

  it('follows only the controlling owner, and has nothing for an object without one', async () => {
    const asked: ResourceRef[] = [];
    expect(await ownerChain(client(asked), 'shop', { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }] })).toEqual([]);
    expect(await ownerChain(client(asked), 'shop', undefined)).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("names a static pod's Node owner, reading the node without a namespace", async () => {
    const asked: ResourceRef[] = [];
    const chain = await ownerChain(client(asked), 'kube-system', { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'ip-10-0-1-10', controller: true }] });
    expect(chain.map((l) => [l.kind, l.name, l.error?.status?.code])).toEqual([['Node', 'ip-10-0-1-10', 403]]);
    expect(asked).toEqual([{ group: '', version: 'v1', resource: 'nodes', name: 'ip-10-0-1-10' }]);
  });
});
