/**
 * WATCH as the API server's watch cache serves it: a chunked HTTP 200 stream
 * of JSON lines {"type","object"}, filtered by namespace and selectors, with
 * synthetic ADDED events for the initial state, resume from a resourceVersion
 * (410 Expired as an ERROR event when it is too old), bookmarks, and
 * timeoutSeconds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compileSelector, currentObjects, invalidListOptions, parseResourceVersion, type CompiledSelector, type ListOptionsCause, type ListQuery } from './list';
import { groupVersion, storageKey, type ResourceType } from './resources';
import { StatusError } from './status';
import type { KubeObject, Store, StoreEvent } from './store';

export interface WatchQuery extends ListQuery {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  sendInitialEvents?: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** How often a watch with allowWatchBookmarks gets a BOOKMARK, in real time. */
export const BOOKMARK_INTERVAL_MS = 60_000;
/** A client this far behind is dropped, as the watch cache drops blocked watchers. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

// ---------------------------------------------------------------------------
// Previous object of each change, so a watcher can tell an object that stops
// matching its selector (DELETED) from one that starts (ADDED), as the watch
// cache does with its events' PrevObject.

interface PrevTracker {
  /** Current objects by namespace/name. */
  current: Map<string, KubeObject>;
  /** resourceVersion of a change -> the object before it (null: it did not exist). */
  prev: Map<number, KubeObject | null>;
}

const PREV_RETAINED = 50_000;
const trackers = new WeakMap<Store, Map<string, PrevTracker>>();

const keyOf = (obj: KubeObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;

function trackerFor(store: Store, resource: string): PrevTracker {
  let byResource = trackers.get(store);
  if (!byResource) trackers.set(store, (byResource = new Map()));
  let t = byResource.get(resource);
  if (t) return t;
  const tracker: PrevTracker = { current: new Map(), prev: new Map() };
  for (const obj of store.each(resource)) tracker.current.set(keyOf(obj), obj);
  store.subscribe((e) => {
    if (e.resource !== resource) return;
    const key = keyOf(e.object);
    tracker.prev.set(e.rv, tracker.current.get(key) ?? null);
    if (e.type === 'DELETED') tracker.current.delete(key);
    else tracker.current.set(key, e.object);
    if (tracker.prev.size > PREV_RETAINED) tracker.prev.delete(tracker.prev.keys().next().value!);
  });
  byResource.set(resource, (t = tracker));
  return t;
}

// ---------------------------------------------------------------------------

function validateWatch(query: WatchQuery): void {
  const causes: ListOptionsCause[] = [];
  const forbidden = (field: string, detail: string) => causes.push({ field, reason: 'FieldValueForbidden', body: `Forbidden: ${detail}` });
  if (query.sendInitialEvents !== undefined) {
    if (query.resourceVersionMatch !== 'NotOlderThan') forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    if (!query.allowWatchBookmarks) forbidden('allowWatchBookmarks', 'sendInitialEvents requires setting allowWatchBookmarks to true');
  } else if (query.resourceVersionMatch) {
    forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
  }
  if (causes.length > 0) throw invalidListOptions(causes);
}

/** What one watch event carries for a store change, or nothing when the watcher does not see it. */
function translate(e: StoreEvent, selector: CompiledSelector, prev: KubeObject | null | undefined): { type: WatchEventType; object: KubeObject } | undefined {
  if (selector.empty) return { type: e.type, object: e.object };
  const now = selector.matches(e.object);
  if (e.type === 'ADDED') return now ? { type: 'ADDED', object: e.object } : undefined;
  if (e.type === 'DELETED') return now ? { type: 'DELETED', object: e.object } : undefined;
  // Without the previous object (a change older than the tracker), judge by the new one.
  const before = prev === undefined ? now : prev !== null && selector.matches(prev);
  if (now && before) return { type: 'MODIFIED', object: e.object };
  if (now) return { type: 'ADDED', object: e.object };
  if (before) {
    const gone = prev ? { ...prev, metadata: { ...prev.metadata, resourceVersion: String(e.rv) } } : e.object;
    return { type: 'DELETED', object: gone };
  }
  return undefined;
}

/**
 * Serves GET .../pods?watch=1. Throws StatusError before writing anything for
 * a malformed selector or invalid options; afterwards every problem is an
 * ERROR event inside the 200 stream, as the API server sends it.
 *
 * Output honours the socket's backpressure: the initial state is written as
 * the client reads it, and changes wait in a queue behind it. A client whose
 * queue passes MAX_BUFFERED_BYTES is dropped, as the watch cache drops a
 * blocked watcher; it re-watches from its last resourceVersion.
 */
export function serveWatch(store: Store, type: ResourceType, namespace: string | undefined, query: WatchQuery, req: IncomingMessage, res: ServerResponse, encode: (obj: KubeObject) => unknown): void {
  validateWatch(query);
  const selector = compileSelector(type, query.labelSelector, query.fieldSelector);
  const resource = storageKey(type);
  const rawRv = query.resourceVersion ?? '';
  const fromRv = rawRv === '' || rawRv === '0' ? undefined : parseResourceVersion(rawRv);
  const sendInitial = query.sendInitialEvents ?? fromRv === undefined;
  const inScope = (obj: KubeObject) => !type.namespaced || namespace === undefined || obj.metadata.namespace === namespace;
  const tracker = trackerFor(store, resource);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders?.();

  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: () => void = () => {};
  // The initial state, written lazily from the snapshot; then queued lines.
  let initial: KubeObject[] = [];
  let next = 0;
  const queue: string[] = [];
  let head = 0;
  let queuedBytes = 0;
  let draining = false;

  const line = (type: WatchEventType, object: unknown) => `${JSON.stringify({ type, object })}\n`;
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
  };
  const pump = () => {
    while (!closed && !draining) {
      let chunk: string | undefined;
      if (next < initial.length) {
        const obj = initial[next++];
        if (!selector.empty && !selector.matches(obj)) continue;
        chunk = line('ADDED', encode(obj));
      } else if (head < queue.length) {
        chunk = queue[head];
        queue[head++] = '';
        queuedBytes -= chunk.length;
        if (head === queue.length) queue.length = head = 0;
      } else {
        return;
      }
      if (!res.write(chunk)) {
        draining = true;
        res.once('drain', () => {
          draining = false;
          pump();
        });
      }
    }
  };
  const send = (type: WatchEventType, object: unknown) => {
    if (closed) return;
    const chunk = line(type, object);
    queue.push(chunk);
    queuedBytes += chunk.length;
    if (queuedBytes > MAX_BUFFERED_BYTES) return close();
    pump();
  };
  const bookmark = (rv: number, annotations?: Record<string, string>) =>
    send('BOOKMARK', {
      kind: type.kind,
      apiVersion: groupVersion(type),
      metadata: { resourceVersion: String(rv), ...(annotations ? { annotations } : {}) },
    });
  const deliver = (e: StoreEvent) => {
    if (e.resource !== resource || !inScope(e.object)) return;
    if (fromRv !== undefined && !sendInitial && e.rv <= fromRv) return;
    const out = translate(e, selector, tracker.prev.get(e.rv));
    if (out) send(out.type, encode(out.object));
  };

  // The response closes when the client goes away; the request may close as soon as its (empty) body is read.
  res.on('close', close);

  // Everything below runs in one tick, so no change can fall between the
  // initial state (or the replayed history) and the subscription.
  if (fromRv !== undefined && !sendInitial) {
    let backlog: StoreEvent[];
    try {
      backlog = store.changesSince(fromRv);
    } catch (e) {
      if (e instanceof StatusError) {
        send('ERROR', e.status);
        close();
        return;
      }
      throw e;
    }
    for (const e of backlog) deliver(e);
  } else if (sendInitial) {
    const state = currentObjects(store, type, namespace);
    initial = state.objects;
    // Bookmarks carry the store's resourceVersion: delivery is synchronous, so every change up to it is queued.
    if (query.sendInitialEvents) bookmark(state.rv, { [INITIAL_EVENTS_END]: 'true' });
  }
  pump();
  if (closed) return;
  unsubscribe = store.subscribe(deliver);

  if (query.allowWatchBookmarks) {
    const every = setInterval(() => bookmark(store.resourceVersion), BOOKMARK_INTERVAL_MS);
    every.unref?.();
    timers.push(every);
  }
  // Without timeoutSeconds the API server picks a random time in [30m, 60m).
  const timeoutMs = query.timeoutSeconds !== undefined ? query.timeoutSeconds * 1000 : (30 + Math.random() * 30) * 60_000;
  const deadline = setTimeout(() => {
    if (query.allowWatchBookmarks) bookmark(store.resourceVersion);
    close();
  }, timeoutMs);
  deadline.unref?.();
  timers.push(deadline);
}
