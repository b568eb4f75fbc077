import { describe, expect, it } from 'vitest';
import { encodeContinue, listObjects } from './list';
import { findResourceType } from './resources';
import { StatusError } from './status';
import { Store, type NewObject } from './store';

const podsType = findResourceType('', 'pods')!;
const deployments = findResourceType('apps', 'deployments')!;

function pod(namespace: string, name: string, labels: Record<string, string> = {}, phase = 'Running', nodeName = 'node-1'): NewObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { nodeName, containers: [{ name: 'app' }] }, status: { phase } };
}

function names(list: { items: { metadata: { namespace?: string; name: string } }[] }): string[] {
  return list.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
}

function statusOf(fn: () => unknown): StatusError['status'] {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('no error');
}

function storeWith(...pods: NewObject[]): Store {
  const store = new Store();
  for (const p of pods) store.create('pods', p);
  return store;
}

describe('listObjects: order and selectors', () => {
  it('sorts items by namespace/name as etcd keys sort', () => {
    const store = storeWith(pod('kube', 'b'), pod('kube-system', 'a'), pod('kube', 'a'), pod('default', 'z'));
    // "kube-system/a" < "kube/a" because '-' sorts before '/'.
    expect(names(listObjects(store, podsType, undefined, {}))).toEqual(['default/z', 'kube-system/a', 'kube/a', 'kube/b']);
    expect(names(listObjects(store, podsType, 'kube', {}))).toEqual(['kube/a', 'kube/b']);
  });

  it('returns the list kind, group version and the store resourceVersion', () => {
    const store = storeWith(pod('a', 'p'));
    const list = listObjects(store, podsType, undefined, {});
    expect([list.kind, list.apiVersion, list.metadata]).toEqual(['PodList', 'v1', { resourceVersion: String(store.resourceVersion) }]);
    // Changes to other kinds still move the list's resourceVersion forward.
    store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } });
    expect(listObjects(store, podsType, undefined, {}).metadata.resourceVersion).toBe(String(store.resourceVersion));
    expect(listObjects(store, deployments, 'a', {}).kind).toBe('DeploymentList');
  });

  it('filters by label and field selectors', () => {
    const store = storeWith(
      pod('eks-work', 'api-1', { app: 'backend-app', track: 'stable' }),
      pod('eks-work', 'api-2', { app: 'backend-app', track: 'canary' }, 'Pending', ''),
      pod('eks-work', 'web-1', { app: 'web' }),
    );
    expect(names(listObjects(store, podsType, 'eks-work', { labelSelector: 'app=backend-app,track!=canary' }))).toEqual(['eks-work/api-1']);
    expect(names(listObjects(store, podsType, 'eks-work', { fieldSelector: 'status.phase=Pending' }))).toEqual(['eks-work/api-2']);
    expect(names(listObjects(store, podsType, undefined, { fieldSelector: 'spec.nodeName=node-1', labelSelector: 'app in (web)' }))).toEqual(['eks-work/web-1']);
  });

  it('answers 400 with the API server text for malformed selectors', () => {
    const store = storeWith(pod('a', 'p'));
    expect(statusOf(() => listObjects(store, podsType, 'a', { labelSelector: 'app in (' }))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: "unable to parse requirement: found '', expected: ',', ')' or identifier",
    });
    expect(statusOf(() => listObjects(store, podsType, 'a', { fieldSelector: 'foo=bar' })).message).toBe('field label not supported: foo');
  });
});

describe('listObjects: pages', () => {
  const store = storeWith(...Array.from({ length: 7 }, (_, i) => pod(i < 4 ? 'a' : 'b', `p${i}`)));

  it('pages with limit/continue and counts what remains', () => {
    const first = listObjects(store, podsType, undefined, { limit: 3 });
    expect(names(first)).toEqual(['a/p0', 'a/p1', 'a/p2']);
    expect(first.metadata.remainingItemCount).toBe(4);
    const token = JSON.parse(Buffer.from(first.metadata.continue!, 'base64url').toString());
    expect(token).toEqual({ v: 'meta.k8s.io/v1', rv: store.resourceVersion, start: 'a/p2\u0000' });
    const second = listObjects(store, podsType, undefined, { limit: 3, continue: first.metadata.continue });
    expect(names(second)).toEqual(['a/p3', 'b/p4', 'b/p5']);
    const third = listObjects(store, podsType, undefined, { limit: 3, continue: second.metadata.continue });
    expect(names(third)).toEqual(['b/p6']);
    expect(third.metadata).toEqual({ resourceVersion: first.metadata.resourceVersion });
  });

  it('a namespaced continue token holds the name only', () => {
    const first = listObjects(store, podsType, 'b', { limit: 2 });
    expect(JSON.parse(Buffer.from(first.metadata.continue!, 'base64url').toString()).start).toBe('p5\u0000');
    expect(names(listObjects(store, podsType, 'b', { limit: 2, continue: first.metadata.continue }))).toEqual(['b/p6']);
  });

  it('fills a filtered page with matches and leaves remainingItemCount unset', () => {
    const s = storeWith(pod('n', 'a', { x: '1' }), pod('n', 'b'), pod('n', 'c', { x: '1' }), pod('n', 'd'), pod('n', 'e', { x: '1' }));
    const first = listObjects(s, podsType, 'n', { limit: 2, labelSelector: 'x' });
    expect(names(first)).toEqual(['n/a', 'n/c']);
    expect(first.metadata.remainingItemCount).toBeUndefined();
    expect(names(listObjects(s, podsType, 'n', { limit: 2, labelSelector: 'x', continue: first.metadata.continue }))).toEqual(['n/e']);
  });

  it('later pages show the objects as of the first page even after changes', () => {
    const s = storeWith(pod('n', 'a'), pod('n', 'b'), pod('n', 'c'), pod('n', 'd'));
    const first = listObjects(s, podsType, 'n', { limit: 2 });
    s.delete('pods', 'n', 'c');
    s.create('pods', pod('n', 'bb'));
    s.mutate('pods', 'n', 'd', (d) => {
      d.metadata.labels = { changed: 'yes' };
    });
    const second = listObjects(s, podsType, 'n', { limit: 2, continue: first.metadata.continue });
    expect(names(second)).toEqual(['n/c', 'n/d']);
    expect(second.items[1].metadata.labels).toEqual({});
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    // A fresh list sees the changes.
    expect(names(listObjects(s, podsType, 'n', {}))).toEqual(['n/a', 'n/b', 'n/bb', 'n/d']);
  });

  it('an expired continue token is 410 with a token that continues at the latest state', () => {
    const s = storeWith(pod('n', 'a'), pod('n', 'b'), pod('n', 'c'));
    const stale = encodeContinue('a\u0000', 1);
    const status = statusOf(() => listObjects(s, podsType, 'n', { limit: 1, continue: stale }));
    expect(status.code).toBe(410);
    expect(status.reason).toBe('Expired');
    expect(status.message).toBe(
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    );
    const fresh = (status.metadata as { continue?: string }).continue!;
    expect(JSON.parse(Buffer.from(fresh, 'base64url').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: -1, start: 'a\u0000' });
    const rest = listObjects(s, podsType, 'n', { continue: fresh });
    expect(names(rest)).toEqual(['n/b', 'n/c']);
    expect(rest.metadata.resourceVersion).toBe(String(s.resourceVersion));
  });

  it('rejects a malformed continue token with 400', () => {
    const s = storeWith(pod('n', 'a'));
    expect(statusOf(() => listObjects(s, podsType, 'n', { continue: 'not a token!' }))).toMatchObject({
      code: 400,
      message: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 3',
    });
    expect(statusOf(() => listObjects(s, podsType, 'n', { continue: encodeContinue('../other/a\u0000', s.resourceVersion) })).message).toBe(
      'invalid continue token: continue key is not valid: ../other/a\u0000',
    );
  });
});

describe('listObjects: resourceVersion semantics', () => {
  const store = storeWith(pod('n', 'a'), pod('n', 'b'), pod('n', 'c'));

  it('resourceVersion=0 is served in full, as from the watch cache', () => {
    const list = listObjects(store, podsType, 'n', { resourceVersion: '0', limit: 1 });
    expect(names(list)).toEqual(['n/a', 'n/b', 'n/c']);
    expect(list.metadata.continue).toBeUndefined();
  });

  it('a resourceVersion ahead of the store is a 504 Timeout', () => {
    const ahead = String(store.resourceVersion + 10);
    expect(statusOf(() => listObjects(store, podsType, 'n', { resourceVersion: ahead }))).toMatchObject({
      code: 504,
      reason: 'Timeout',
      message: `Timeout: Too large resource version: ${ahead}, current: ${store.resourceVersion}`,
    });
  });

  it('resourceVersionMatch needs a resourceVersion and no continue', () => {
    expect(statusOf(() => listObjects(store, podsType, 'n', { resourceVersionMatch: 'NotOlderThan' }))).toMatchObject({
      code: 422,
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    });
    expect(statusOf(() => listObjects(store, podsType, 'n', { resourceVersion: '5', continue: 'x' })).message).toBe('specifying resource version is not allowed when using continue');
  });

  it('Exact serves a snapshot a list took', () => {
    const rv = listObjects(store, podsType, 'n', {}).metadata.resourceVersion;
    store.delete('pods', 'n', 'c');
    expect(names(listObjects(store, podsType, 'n', { resourceVersion: rv, resourceVersionMatch: 'Exact' }))).toEqual(['n/a', 'n/b', 'n/c']);
  });

  it('Exact lists the state at any resourceVersion within the watch window and 410s one before it; NotOlderThan serves the current state', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new Store({ now: () => new Date(now), watchWindowMs: 60_000 });
    store.create('pods', pod('n', 'a'));
    store.create('pods', pod('n', 'b'));
    now += 50_000;
    store.create('pods', pod('n', 'c'));
    store.mutate('pods', 'n', 'a', (p) => void (p.status.phase = 'Failed'));
    store.delete('pods', 'n', 'b');
    const exact = (rv: string) => listObjects(store, podsType, 'n', { resourceVersion: rv, resourceVersionMatch: 'Exact' });
    // Written: a at 2, b at 3, c at 4, a changed at 5, b deleted at 6; nothing listed before, so no snapshot was kept.
    expect([exact('3').metadata.resourceVersion, names(exact('3')), exact('3').items.map((p) => p.status.phase)]).toEqual(['3', ['n/a', 'n/b'], ['Running', 'Running']]);
    expect(names(exact('4'))).toEqual(['n/a', 'n/b', 'n/c']);
    expect(exact('5').items.map((p) => [p.metadata.name, p.status.phase])).toEqual([
      ['a', 'Failed'],
      ['b', 'Running'],
      ['c', 'Running'],
    ]);
    now += 20_000;
    // 70 s after the first two writes they are past the window: resourceVersion 3 is the oldest a watch or an Exact list may name.
    expect(names(exact('3'))).toEqual(['n/a', 'n/b']);
    expect(statusOf(() => exact('2'))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'The resourceVersion for the provided list is too old.',
      reason: 'Expired',
      code: 410,
    });
    const notOlder = listObjects(store, podsType, 'n', { resourceVersion: '2', resourceVersionMatch: 'NotOlderThan' });
    expect([notOlder.metadata.resourceVersion, names(notOlder)]).toEqual(['6', ['n/a', 'n/c']]);
    expect(names(listObjects(store, podsType, 'n', { resourceVersion: '2' }))).toEqual(['n/a', 'n/c']);
  });
});

describe('listObjects at scale', () => {
  it('pages 150,000 pods in pages of 500 in well under the time a client would notice', () => {
    const store = new Store({ historySize: 1000 });
    for (let i = 0; i < 150_000; i++) {
      store.create('pods', pod(`ns-${i % 50}`, `pod-${i.toString().padStart(6, '0')}`, { app: `app-${i % 10}` }));
    }
    // CPU time of this process, so a busy machine does not decide the outcome.
    const started = process.cpuUsage();
    let count = 0;
    let pages = 0;
    let token: string | undefined;
    do {
      const page = listObjects(store, podsType, undefined, { limit: 500, continue: token });
      count += page.items.length;
      pages++;
      token = page.metadata.continue;
      // The world keeps changing while the client pages.
      if (pages % 10 === 0) store.mutate('pods', 'ns-1', 'pod-000001', (p) => void (p.status.phase = pages % 20 === 0 ? 'Running' : 'Failed'));
    } while (token);
    const used = process.cpuUsage(started);
    const cpuMs = (used.user + used.system) / 1000;
    expect([count, pages]).toEqual([150_000, 300]);
    expect(cpuMs).toBeLessThan(2000);
  });
});
