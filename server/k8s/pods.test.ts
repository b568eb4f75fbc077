import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setConfig } from '../config';
import { ConsoleError } from '../errors';
import { podListProtobuf, readingClient } from '../testing/fake-kube-client';
import type { GetOptions, KubeClient, Query, ResourceRef } from './client';
import { listPods, olderResourceVersion, UPSTREAM_PAGE } from './pods';

const now = new Date('2026-11-23T12:00:00Z');

function forbidden(message: string) {
  return new ConsoleError('Status', 403, message, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { kind: 'pods' }, code: 403 });
}

function pod(namespace: string, name: string) {
  return { metadata: { name, namespace, uid: `${namespace}/${name}`, creationTimestamp: '2026-11-23T11:00:00Z' }, spec: { containers: [{ name: 'app' }] }, status: { phase: 'Pending' } };
}

/**
 * A caller who may list pods in "a" (3 pods, resourceVersion 120) and "c" (1 pod, 110) but not
 * cluster-wide, not in "b", and not namespaces; SelfSubjectAccessReviews allow a, b and c.
 */
function client(asked: string[], pods: Record<string, ReturnType<typeof pod>[]> = { a: [pod('a', 'p1'), pod('a', 'p2'), pod('a', 'p3')], c: [pod('c', 'q1')] }): KubeClient {
  const rv: Record<string, string> = { a: '120', c: '110' };
  return {
    cluster: 'c',
    server: 'https://example.invalid',
    async get<T>(ref: ResourceRef, query?: Query): Promise<T> {
      asked.push(`${ref.resource} ${ref.namespace ?? '*'} limit=${query?.limit ?? ''} continue=${query?.continue ?? ''}`);
      if (ref.resource === 'namespaces') throw forbidden('namespaces is forbidden');
      const ns = ref.namespace;
      if (ns === undefined) throw forbidden('pods is forbidden: User "dev" cannot list resource "pods" in API group "" at the cluster scope');
      if (!pods[ns]) throw forbidden(`pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "${ns}"`);
      const start = Number(query?.continue ?? 0);
      const limit = Number(query?.limit ?? 1000);
      const items = pods[ns].slice(start, start + limit);
      const more = start + limit < pods[ns].length;
      return { metadata: { resourceVersion: rv[ns], ...(more ? { continue: String(start + limit) } : {}) }, items } as T;
    },
    async create<T>(): Promise<T> {
      return { status: { allowed: true } } as T;
    },
    async version() {
      throw new Error('unexpected version');
    },
  };
}

describe('listPods across namespaces one by one', () => {
  beforeEach(() => setConfig({ authMode: 'token', kubeconfigPaths: [], sessionSecret: 'test-session-secret-that-is-long-enough', namespaces: ['a', 'b', 'c'], dataDir: '/tmp', port: 0 }));
  afterEach(() => setConfig(undefined));

  it('pages through each usable namespace, names the forbidden one, and keeps the oldest resourceVersion', async () => {
    const asked: string[] = [];
    const c = client(asked);
    const pages = [];
    let next: string | undefined;
    do {
      const page = await listPods(c, { limit: 2, continue: next }, now);
      pages.push({ names: page.items.map((r) => `${r.namespace}/${r.name}`), resourceVersion: page.resourceVersion, omitted: page.omitted, more: page.continue !== undefined });
      next = page.continue;
    } while (next);
    const omitted = [{ name: 'b', reason: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "b"' }];
    expect(pages).toEqual([
      { names: ['a/p1', 'a/p2'], resourceVersion: '120', omitted: [], more: true },
      { names: ['a/p3'], resourceVersion: '120', omitted: [], more: true },
      { names: ['c/q1'], resourceVersion: '110', omitted, more: false },
    ]);
    expect(asked.filter((a) => a.startsWith('pods'))).toEqual([
      'pods * limit=2 continue=',
      'pods a limit=2 continue=',
      'pods a limit=2 continue=2',
      'pods b limit=2 continue=',
      'pods c limit=2 continue=',
    ]);
  });

  it('refuses a namespace-by-namespace continue token for one namespace, and a forged one', async () => {
    const c = client([]);
    const first = await listPods(c, { limit: 2 }, now);
    await expect(listPods(c, { namespace: 'a', continue: first.continue }, now)).rejects.toMatchObject({ kind: 'BadRequest', message: 'invalid continue token' });
    await expect(listPods(c, { continue: 'ns1.bm90IGpzb24' }, now)).rejects.toMatchObject({ kind: 'BadRequest', message: 'invalid continue token' });
  });

  it('compares resourceVersions as numbers', () => {
    expect([olderResourceVersion('99', '120'), olderResourceVersion(undefined, '7'), olderResourceVersion('5', undefined)]).toEqual(['99', '7', '5']);
  });
});

describe('listPods gathers a large page from bounded requests', () => {
  const many = Array.from({ length: 2 * UPSTREAM_PAGE + 234 }, (_, i) => pod('a', `p${String(i).padStart(5, '0')}`));

  it('answers a limit above the upstream page with several requests, and the next token where the last one stopped', async () => {
    const asked: string[] = [];
    const page = await listPods(client(asked, { a: many }), { namespace: 'a', limit: UPSTREAM_PAGE + 200 }, now);
    expect(page.items).toHaveLength(UPSTREAM_PAGE + 200);
    expect(page.items.at(-1)!.name).toBe(many[UPSTREAM_PAGE + 199].metadata.name);
    expect(page.continue).toBe(String(UPSTREAM_PAGE + 200));
    expect(asked).toEqual([`pods a limit=${UPSTREAM_PAGE} continue=`, `pods a limit=200 continue=${UPSTREAM_PAGE}`]);
    const rest = await listPods(client([], { a: many }), { namespace: 'a', limit: UPSTREAM_PAGE + 200, continue: page.continue }, now);
    expect(rest.items.map((r) => r.name)).toEqual(many.slice(UPSTREAM_PAGE + 200).map((p) => p.metadata.name));
    expect(rest.continue).toBeUndefined();
  });

  it('lists everything without a limit in upstream pages, never one unbounded request', async () => {
    const asked: string[] = [];
    const page = await listPods(client(asked, { a: many }), { namespace: 'a' }, now);
    expect(page.items).toHaveLength(many.length);
    expect(page.continue).toBeUndefined();
    expect(asked).toEqual([`pods a limit=${UPSTREAM_PAGE} continue=`, `pods a limit=${UPSTREAM_PAGE} continue=${UPSTREAM_PAGE}`, `pods a limit=${UPSTREAM_PAGE} continue=${2 * UPSTREAM_PAGE}`]);
  });
});

describe('listPods over protobuf', () => {
  const pods = Array.from({ length: 3 }, (_, i) => pod('eks-work', `web-${i}`));

  /** The pods in protobuf, a page of one each, as the API server answers client-go's Accept, read with the decoder the listing gives. */
  function protobufClient(asked: string[]): KubeClient {
    return readingClient(async (_ref: ResourceRef, query?: Query, options?: GetOptions) => {
      const at = Number(query?.continue ?? 0);
      asked.push(`${options?.accept} continue=${at}`);
      return options!.protobuf!(podListProtobuf([pods[at]], at + 1 < pods.length ? { resourceVersion: '7', continue: String(at + 1) } : { resourceVersion: '7' }));
    });
  }

  it('asks for protobuf as client-go does and gives the rows JSON would', async () => {
    const asked: string[] = [];
    const page = await listPods(protobufClient(asked), { namespace: 'eks-work' }, now);
    expect(page.items.map((r) => [r.name, r.status, r.ready])).toEqual(pods.map((p) => [p.metadata.name, 'Pending', '0/1']));
    expect(page.resourceVersion).toBe('7');
    expect(asked).toEqual([0, 1, 2].map((at) => `application/vnd.kubernetes.protobuf, application/json continue=${at}`));
  });
});
