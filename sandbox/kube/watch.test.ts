import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findResourceType } from './resources';
import { StatusError } from './status';
import { Store, type KubeObject, type NewObject } from './store';
import { serveWatch, type WatchQuery } from './watch';

const podsType = findResourceType('', 'pods')!;

class FakeResponse extends EventEmitter {
  status?: number;
  headers?: Record<string, string>;
  chunks: string[] = [];
  writableEnded = false;
  writableLength = 0;
  /** Writes accepted before write() asks the caller to wait for 'drain'. */
  budget = Infinity;
  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
    return this;
  }
  flushHeaders() {}
  write(chunk: string) {
    this.chunks.push(chunk);
    this.budget--;
    return this.budget > 0;
  }
  /** The client reads: `n` more writes fit before the next wait. */
  drain(n: number) {
    this.budget = n;
    this.emit('drain');
  }
  end() {
    this.writableEnded = true;
  }
  /** Parsed events: type and namespace/name (or the whole object for BOOKMARK and ERROR). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer read by path in assertions
  events(): { type: string; object: Record<string, any> }[] {
    return this.chunks.map((c) => JSON.parse(c));
  }
  summary(): string[] {
    return this.events().map((e) => (e.type === 'BOOKMARK' || e.type === 'ERROR' ? e.type : `${e.type} ${e.object.metadata.namespace}/${e.object.metadata.name}`));
  }
}

function pod(namespace: string, name: string, labels: Record<string, string> = {}): NewObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'app' }] }, status: { phase: 'Pending' } };
}

function watch(store: Store, namespace: string | undefined, query: WatchQuery, budget = Infinity) {
  const req = new EventEmitter() as unknown as IncomingMessage;
  const res = new FakeResponse();
  res.budget = budget;
  serveWatch(store, podsType, namespace, query, req, res as unknown as ServerResponse, (o: KubeObject) => o);
  return { req, res };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('serveWatch', () => {
  it('starts with synthetic ADDED for the current state, then streams changes in its namespace', () => {
    const store = new Store();
    store.create('pods', pod('a', 'one'));
    store.create('pods', pod('b', 'other'));
    const { res } = watch(store, 'a', {});
    expect([res.status, res.headers?.['Content-Type']]).toEqual([200, 'application/json']);
    store.create('pods', pod('a', 'two'));
    store.create('pods', pod('b', 'ignored'));
    store.mutate('pods', 'a', 'two', (p) => void (p.status.phase = 'Running'));
    store.delete('pods', 'a', 'one');
    expect(res.summary()).toEqual(['ADDED a/one', 'ADDED a/two', 'MODIFIED a/two', 'DELETED a/one']);
    expect(res.chunks.every((c) => c.endsWith('}\n'))).toBe(true);
  });

  it('sends DELETED when an object stops matching the selector and ADDED when it matches again', () => {
    const store = new Store();
    store.create('pods', pod('a', 'web', { app: 'web' }));
    const { res } = watch(store, 'a', { labelSelector: 'app=web' });
    store.mutate('pods', 'a', 'web', (p) => void (p.metadata.labels = { app: 'api' }));
    const rvAfterRelabel = store.resourceVersion;
    store.mutate('pods', 'a', 'web', (p) => void (p.metadata.labels = { app: 'web', v: '2' }));
    store.mutate('pods', 'a', 'web', (p) => void (p.status.phase = 'Running'));
    expect(res.summary()).toEqual(['ADDED a/web', 'DELETED a/web', 'ADDED a/web', 'MODIFIED a/web']);
    const deleted = res.events()[1].object;
    // The DELETED event carries the object as it last matched, at the change's resourceVersion.
    expect([deleted.metadata.labels, deleted.metadata.resourceVersion]).toEqual([{ app: 'web' }, String(rvAfterRelabel)]);
  });

  it('resumes after a resourceVersion without replaying the state', () => {
    const store = new Store();
    store.create('pods', pod('a', 'one'));
    const rv = String(store.resourceVersion);
    store.create('pods', pod('a', 'two'));
    const { res } = watch(store, undefined, { resourceVersion: rv });
    store.create('pods', pod('a', 'three'));
    expect(res.summary()).toEqual(['ADDED a/two', 'ADDED a/three']);
  });

  it('a too-old resourceVersion is an ERROR event with 410 Expired inside a 200 stream', () => {
    const store = new Store({ historySize: 2 });
    for (let i = 0; i < 10; i++) store.create('pods', pod('a', `p${i}`));
    const { res } = watch(store, 'a', { resourceVersion: '2' });
    expect(res.status).toBe(200);
    expect(res.events()).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          // Changes 2..11 written, the last two kept: the oldest kept is 10, and the message names 10 - 1 as watch_cache.go does.
          message: 'too old resource version: 2 (9)',
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
    expect(res.writableEnded).toBe(true);
  });

  it('keeps changes for the watch window on the store clock: a watch from before it gets 410 naming the oldest resumable version', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new Store({ now: () => new Date(now), watchWindowMs: 60_000 });
    store.create('pods', pod('a', 'old-1'));
    store.create('pods', pod('a', 'old-2'));
    now += 30_000;
    store.create('pods', pod('a', 'mid'));
    // Within the window, resuming from resourceVersion 1 replays all three.
    expect(watch(store, 'a', { resourceVersion: '1' }).res.summary()).toEqual(['ADDED a/old-1', 'ADDED a/old-2', 'ADDED a/mid']);
    now += 45_000;
    // 75 s on, the changes at 2 and 3 (written at 0 s) are past the window; the one at 4 (30 s) is kept, so 3 is the oldest start.
    expect(store.oldestWatchableResourceVersion).toBe(3);
    expect(watch(store, 'a', { resourceVersion: '3' }).res.summary()).toEqual(['ADDED a/mid']);
    const expired = watch(store, 'a', { resourceVersion: '2' }).res;
    expect([expired.status, expired.events(), expired.writableEnded]).toEqual([
      200,
      [{ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 2 (3)', reason: 'Expired', code: 410 } }],
      true,
    ]);
    now += 60_000;
    // Nothing kept: the oldest start is the current resourceVersion, as after a relist of the watch cache.
    expect(store.changesSince(4)).toEqual([]);
    expect(() => store.changesSince(3)).toThrow('too old resource version: 3 (4)');
  });

  it('sends bookmarks every minute and at the timeout, then closes', () => {
    const store = new Store();
    const { res } = watch(store, 'a', { allowWatchBookmarks: true, timeoutSeconds: 150 });
    store.create('pods', pod('b', 'elsewhere'));
    vi.advanceTimersByTime(60_000);
    expect(res.events()).toEqual([{ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(store.resourceVersion) } } }]);
    vi.advanceTimersByTime(90_000);
    expect(res.summary()).toEqual(['BOOKMARK', 'BOOKMARK', 'BOOKMARK']);
    expect(res.writableEnded).toBe(true);
    store.create('pods', pod('a', 'late'));
    expect(res.chunks).toHaveLength(3);
  });

  it('sendInitialEvents ends the initial state with the initial-events-end bookmark', () => {
    const store = new Store();
    store.create('pods', pod('a', 'one'));
    const { res } = watch(store, 'a', { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersionMatch: 'NotOlderThan' });
    expect(res.events()[1]).toEqual({
      type: 'BOOKMARK',
      object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(store.resourceVersion), annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    expect(res.summary()).toEqual(['ADDED a/one', 'BOOKMARK']);
  });

  it('writes the initial state as the client reads it, with changes queued behind it', () => {
    const store = new Store();
    for (let i = 0; i < 5; i++) store.create('pods', pod('a', `p${i}`));
    const { res } = watch(store, 'a', {}, 2);
    store.create('pods', pod('a', 'live'));
    expect(res.summary()).toEqual(['ADDED a/p0', 'ADDED a/p1']);
    res.drain(2);
    expect(res.summary()).toEqual(['ADDED a/p0', 'ADDED a/p1', 'ADDED a/p2', 'ADDED a/p3']);
    res.drain(Infinity);
    expect(res.summary()).toEqual(['ADDED a/p0', 'ADDED a/p1', 'ADDED a/p2', 'ADDED a/p3', 'ADDED a/p4', 'ADDED a/live']);
  });

  it('stops delivering when the client goes away', () => {
    const store = new Store();
    const { req, res } = watch(store, 'a', {});
    store.create('pods', pod('a', 'one'));
    // A consumed request body closes the request, not the watch.
    req.emit('close');
    store.create('pods', pod('a', 'two'));
    res.emit('close');
    store.create('pods', pod('a', 'three'));
    expect(res.summary()).toEqual(['ADDED a/one', 'ADDED a/two']);
    expect(res.writableEnded).toBe(true);
  });

  it('rejects bad selectors and options before the stream starts', () => {
    const store = new Store();
    const error = (query: WatchQuery) => {
      try {
        watch(store, 'a', query);
      } catch (e) {
        return (e as StatusError).status;
      }
      throw new Error('no error');
    };
    expect(error({ labelSelector: 'a in (' })).toMatchObject({ code: 400, message: "unable to parse requirement: found '', expected: ',', ')' or identifier" });
    expect(error({ sendInitialEvents: true })).toMatchObject({
      code: 422,
      message:
        'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true]',
    });
  });
});

describe('watch delivery order', () => {
  /** resourceVersions of the change events a watcher received (BOOKMARK and ERROR left out). */
  const rvs = (res: FakeResponse) =>
    res
      .events()
      .filter((e) => e.type !== 'BOOKMARK' && e.type !== 'ERROR')
      .map((e) => Number(e.object.metadata.resourceVersion));
  const increasing = (list: number[]) => list.every((rv, i) => i === 0 || rv > list[i - 1]);

  it('a watcher subscribed after a listener that writes in reaction still sees the change before the reaction', () => {
    const store = new Store();
    // A controller that reacts synchronously, as the kubelet and the garbage collector do.
    store.subscribe((e) => {
      if (e.type === 'ADDED' && e.resource === 'pods') store.mutate('pods', e.object.metadata.namespace, e.object.metadata.name, (p) => void (p.spec.nodeName = 'node-1'));
    });
    const { res } = watch(store, 'a', { resourceVersion: String(store.resourceVersion) });
    store.create('pods', pod('a', 'web'));
    expect(res.events().map((e) => [e.type, e.object.metadata.resourceVersion, e.object.spec.nodeName])).toEqual([
      ['ADDED', '2', undefined],
      ['MODIFIED', '3', 'node-1'],
    ]);
  });

  it('across the initial-events-end bookmark: the initial state is at or before it, every later change after it', () => {
    const store = new Store();
    store.subscribe((e) => {
      if (e.type === 'ADDED' && e.resource === 'pods') store.mutate('pods', e.object.metadata.namespace, e.object.metadata.name, (p) => void (p.spec.nodeName = 'node-1'));
    });
    for (const name of ['c', 'b', 'a']) store.create('pods', pod('a', name));
    const { res } = watch(store, 'a', { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersionMatch: 'NotOlderThan' });
    store.create('pods', pod('a', 'd'));
    vi.advanceTimersByTime(60_000);
    store.delete('pods', 'a', 'a');
    // Writes 2..7 make the initial state (pods written at 3, 5, 7 after binding), then d at 8 and 9, the delete at 10.
    expect(res.events().map((e) => [e.type, e.object.metadata.name ?? null, Number(e.object.metadata.resourceVersion)])).toEqual([
      ['ADDED', 'a', 7],
      ['ADDED', 'b', 5],
      ['ADDED', 'c', 3],
      ['BOOKMARK', null, 7],
      ['ADDED', 'd', 8],
      ['MODIFIED', 'd', 9],
      ['BOOKMARK', null, 9],
      ['DELETED', 'a', 10],
    ]);
  });

  it('many concurrent writers with reacting controllers: every watcher sees strictly increasing resourceVersions', async () => {
    const store = new Store();
    // Two reacting controllers: one binds a new pod, one marks a bound pod Running; each writes inside the listener.
    store.subscribe((e) => {
      if (e.resource === 'pods' && e.type === 'ADDED') store.mutate('pods', e.object.metadata.namespace, e.object.metadata.name, (p) => void (p.spec.nodeName = 'n1'));
    });
    store.subscribe((e) => {
      const p = e.object;
      if (e.resource === 'pods' && e.type === 'MODIFIED' && p.spec.nodeName && p.status.phase === 'Pending' && store.get('pods', p.metadata.namespace, p.metadata.name)) {
        store.mutate('pods', p.metadata.namespace, p.metadata.name, (d) => void (d.status.phase = 'Running'));
      }
    });
    const watchers = [
      watch(store, 'a', {}),
      watch(store, undefined, { resourceVersion: '1' }),
      watch(store, 'b', { labelSelector: 'w=1' }),
      watch(store, undefined, { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersionMatch: 'NotOlderThan' }),
    ];
    const writer = async (w: number) => {
      for (let i = 0; i < 50; i++) {
        const ns = i % 2 ? 'a' : 'b';
        store.create('pods', pod(ns, `w${w}-${i}`, { w: String(w % 2) }));
        await null;
        if (i % 3 === 0) store.delete('pods', ns, `w${w}-${i}`);
        await null;
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    for (const { res } of watchers) {
      const seen = rvs(res);
      expect(seen.length).toBeGreaterThan(100);
      expect(increasing(seen)).toBe(true);
    }
    // The all-namespaces watch from resourceVersion 1 saw every change: 400 creates, 800 reactions, 136 deletes.
    expect(rvs(watchers[1].res)).toEqual(Array.from({ length: store.resourceVersion - 1 }, (_, i) => i + 2));
    expect(store.resourceVersion - 1).toBe(8 * (50 * 3 + 17));
  });
});
