/**
 * The sandbox's etcd: every object of every kind, one global resourceVersion,
 * and a window of recent changes for watches, like the API server's watch
 * cache: a watch from before it gets 410 Expired.
 *
 * Stored objects are immutable: readers get the stored reference and must not
 * change it; writers pass a new object (see `mutate`).
 */
import { findServedType } from './registry';
import { resourceKey, type ResourceType } from './resources';
import { statusErrors } from './status';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // Kind-specific fields (spec, status, data, rules, ...).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON
  [field: string]: any;
}

/** What a caller passes to create: metadata without the server-set fields. */
export type NewObject = Omit<KubeObject, 'metadata'> & {
  metadata: Partial<ObjectMeta> & ({ name: string } | { generateName: string });
};

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** resourceKey(group, plural), e.g. "pods" or "apps/deployments". */
  resource: string;
  object: KubeObject;
  rv: number;
}

export type StoreListener = (event: StoreEvent) => void;

export interface StoreOptions {
  /** The world's clock; timestamps are taken from it. */
  now?: () => Date;
  /** Deterministic uid source (the world seeds it). */
  uid?: () => string;
  /** Random suffixes for generateName (5 chars of bcdfghjklmnpqrstvwxz2456789, like the API server). */
  random?: () => number;
  /** At most how many change events watches can resume from (the watch cache's upper bound capacity, 100 * 1024). */
  historySize?: number;
  /** How long, on the store's clock, a change event stays resumable. */
  watchWindowMs?: number;
}

/** The default watch window: a watch resumed from a resourceVersion older than this gets 410 Expired. */
export const DEFAULT_WATCH_WINDOW_MS = 5 * 60_000;

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface Table {
  type: ResourceType;
  /** namespace ("" for cluster-scoped) -> name -> object */
  byNamespace: Map<string, Map<string, KubeObject>>;
  count: number;
}

export class Store {
  private rv = 1;
  private readonly tables = new Map<string, Table>();
  private readonly listeners = new Set<StoreListener>();
  /** Retained change events from index `historyStart`, with the store-clock time each was written. */
  private readonly history: StoreEvent[] = [];
  private readonly historyAt: number[] = [];
  /** The object each retained change replaced (null: it created one), for lists at an older resourceVersion. */
  private readonly historyPrev: (KubeObject | null)[] = [];
  private historyStart = 0;
  private readonly historySize: number;
  private readonly watchWindowMs: number;
  /** Changes written while listeners were being told of an earlier one, delivered after it. */
  private readonly pending: StoreEvent[] = [];
  private dispatching = false;
  readonly now: () => Date;
  private readonly uid: () => string;
  private readonly random: () => number;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.uid = options.uid ?? (() => crypto.randomUUID());
    this.random = options.random ?? Math.random;
    this.historySize = options.historySize ?? 100 * 1024;
    this.watchWindowMs = options.watchWindowMs ?? DEFAULT_WATCH_WINDOW_MS;
  }

  /** The current (latest) resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch may start from (exclusive): events after it are retained. */
  get oldestWatchableResourceVersion(): number {
    this.trimHistory();
    return this.historyStart < this.history.length ? this.history[this.historyStart].rv - 1 : this.rv;
  }

  private table(resource: string): Table {
    let t = this.tables.get(resource);
    if (!t) {
      const [group, plural] = resource.includes('/') ? resource.split('/') : ['', resource];
      const type = findServedType(this, group, plural);
      if (!type) throw new Error(`unknown resource ${resource}`);
      t = { type, byNamespace: new Map(), count: 0 };
      this.tables.set(resource, t);
    }
    return t;
  }

  /** Whether the store has ever held the kind (a custom kind's table outlives its CRD until emptied). */
  holds(resource: string): boolean {
    return this.tables.has(resource);
  }

  /** Forgets an empty kind's table, once its CustomResourceDefinition is gone, so that a new definition starts afresh. */
  forget(resource: string): void {
    if (this.tables.get(resource)?.count === 0) this.tables.delete(resource);
  }

  typeOf(resource: string): ResourceType {
    return this.table(resource).type;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.table(resource)
      .byNamespace.get(namespace ?? '')
      ?.get(name);
  }

  /** Like get, but throws the API server's NotFound. */
  mustGet(resource: string, namespace: string | undefined, name: string): KubeObject {
    const obj = this.get(resource, namespace, name);
    if (!obj) throw statusErrors.notFound(this.table(resource).type, name);
    return obj;
  }

  count(resource: string, namespace?: string): number {
    const t = this.table(resource);
    return namespace === undefined ? t.count : (t.byNamespace.get(namespace)?.size ?? 0);
  }

  /** Objects sorted by namespace then name, as etcd's key order gives them. */
  list(resource: string, namespace?: string): KubeObject[] {
    const t = this.table(resource);
    const out: KubeObject[] = [];
    const namespaces = namespace === undefined ? [...t.byNamespace.keys()].sort() : [namespace];
    for (const ns of namespaces) {
      const objs = t.byNamespace.get(ns);
      if (!objs) continue;
      const names = [...objs.keys()].sort();
      for (const n of names) out.push(objs.get(n)!);
    }
    return out;
  }

  /** Unsorted iteration, for controllers that do not care about order. */
  *each(resource: string, namespace?: string): IterableIterator<KubeObject> {
    const t = this.table(resource);
    if (namespace !== undefined) {
      const objs = t.byNamespace.get(namespace);
      if (objs) yield* objs.values();
      return;
    }
    for (const objs of t.byNamespace.values()) yield* objs.values();
  }

  /** A name from generateName's prefix that no object of the resource has in the namespace. */
  generatedName(resource: string, namespace: string, prefix: string): string {
    const taken = this.table(resource).byNamespace.get(namespace);
    let name: string;
    do name = prefix + this.randomSuffix();
    while (taken?.has(name));
    return name;
  }

  create(resource: string, input: NewObject): KubeObject {
    const t = this.table(resource);
    const ns = t.type.namespaced ? (input.metadata.namespace ?? 'default') : '';
    const name = input.metadata.name || this.generatedName(resource, ns, input.metadata.generateName!);
    if (input.metadata.name && t.byNamespace.get(ns)?.has(name)) {
      throw statusErrors.alreadyExists(t.type, name);
    }
    const rv = ++this.rv;
    const metadata: ObjectMeta = {
      ...input.metadata,
      name,
      ...(t.type.namespaced ? { namespace: ns } : {}),
      uid: input.metadata.uid ?? this.uid(),
      resourceVersion: String(rv),
      creationTimestamp: input.metadata.creationTimestamp ?? rfc3339(this.now()),
    };
    if (!t.type.namespaced) delete metadata.namespace;
    if ('spec' in input && hasGeneration(t.type)) metadata.generation = 1;
    const obj = { ...input, metadata } as KubeObject;
    this.put(t, ns, obj);
    t.count++;
    this.emit({ type: 'ADDED', resource, object: obj, rv }, null);
    return obj;
  }

  /**
   * Replaces an object. With `expectResourceVersion`, fails with 409 Conflict
   * when the stored object has moved on (optimistic concurrency).
   */
  update(resource: string, obj: KubeObject, options: { expectResourceVersion?: string } = {}): KubeObject {
    const t = this.table(resource);
    const ns = t.type.namespaced ? (obj.metadata.namespace ?? '') : '';
    const current = t.byNamespace.get(ns)?.get(obj.metadata.name);
    if (!current) throw statusErrors.notFound(t.type, obj.metadata.name);
    if (options.expectResourceVersion && options.expectResourceVersion !== current.metadata.resourceVersion) {
      throw statusErrors.conflict(t.type, obj.metadata.name);
    }
    const rv = ++this.rv;
    const metadata: ObjectMeta = {
      ...obj.metadata,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      resourceVersion: String(rv),
    };
    if (hasGeneration(t.type) && current.metadata.generation !== undefined) {
      const specChanged = !deepEqual(obj.spec, current.spec);
      metadata.generation = current.metadata.generation + (specChanged ? 1 : 0);
    }
    const next = { ...obj, metadata } as KubeObject;
    this.put(t, ns, next);
    this.emit({ type: 'MODIFIED', resource, object: next, rv }, current);
    return next;
  }

  /** Read-modify-write on a private copy; returns the stored result. */
  mutate(resource: string, namespace: string | undefined, name: string, change: (draft: KubeObject) => void): KubeObject {
    const draft = structuredClone(this.mustGet(resource, namespace, name));
    change(draft);
    return this.update(resource, draft);
  }

  /** Removes an object now (graceful deletion is the caller's business). */
  delete(resource: string, namespace: string | undefined, name: string): KubeObject {
    const t = this.table(resource);
    const ns = t.type.namespaced ? (namespace ?? '') : '';
    const objs = t.byNamespace.get(ns);
    const current = objs?.get(name);
    if (!objs || !current) throw statusErrors.notFound(t.type, name);
    objs.delete(name);
    if (objs.size === 0) t.byNamespace.delete(ns);
    t.count--;
    const rv = ++this.rv;
    const gone = { ...current, metadata: { ...current.metadata, resourceVersion: String(rv) } };
    this.emit({ type: 'DELETED', resource, object: gone, rv }, current);
    return gone;
  }

  /** Listens to every change of every kind, synchronously. Returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Changes after `rv` (exclusive), oldest first; throws 410 Expired when
   * they are no longer all retained.
   */
  changesSince(rv: number): StoreEvent[] {
    return this.history.slice(this.firstAfter(rv));
  }

  /** The objects the changes after `rv` replaced (null where a change created one), oldest first; 410 as changesSince. */
  replacedSince(rv: number): (KubeObject | null)[] {
    return this.historyPrev.slice(this.firstAfter(rv));
  }

  private firstAfter(rv: number): number {
    if (rv >= this.rv) return this.history.length;
    const oldest = this.oldestWatchableResourceVersion;
    if (rv < oldest) throw statusErrors.tooOldResourceVersion(rv, oldest);
    let lo = this.historyStart;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private put(t: Table, ns: string, obj: KubeObject) {
    let objs = t.byNamespace.get(ns);
    if (!objs) t.byNamespace.set(ns, (objs = new Map()));
    objs.set(obj.metadata.name, obj);
  }

  /**
   * Records a change and tells every listener. A listener that writes (a
   * controller reacting) does not reach the others before the change it
   * reacts to: nested changes wait in `pending`, so every listener sees
   * changes in resourceVersion order.
   */
  private emit(event: StoreEvent, replaced: KubeObject | null) {
    this.history.push(event);
    this.historyAt.push(this.now().getTime());
    this.historyPrev.push(replaced);
    this.trimHistory();
    this.pending.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    let failure: { error: unknown } | undefined;
    try {
      for (let i = 0; i < this.pending.length; i++) {
        for (const l of this.listeners) {
          try {
            l(this.pending[i]);
          } catch (error) {
            failure ??= { error };
          }
        }
      }
    } finally {
      this.pending.length = 0;
      this.dispatching = false;
    }
    if (failure) throw failure.error;
  }

  /** Drops changes past the window, by count or age, as the watch cache's ring buffer evicts them. */
  private trimHistory() {
    const oldestKept = this.now().getTime() - this.watchWindowMs;
    let start = this.historyStart;
    const end = this.history.length;
    while (start < end && (end - start > this.historySize || this.historyAt[start] < oldestKept)) start++;
    this.historyStart = start;
    // Compact once the dropped prefix outgrows what is kept, so trimming stays amortised O(1).
    if (start > 1024 && start * 2 > end) {
      this.history.splice(0, start);
      this.historyAt.splice(0, start);
      this.historyPrev.splice(0, start);
      this.historyStart = 0;
    }
  }

  private randomSuffix(): string {
    let s = '';
    for (let i = 0; i < 5; i++) s += NAME_ALPHABET[Math.floor(this.random() * NAME_ALPHABET.length)];
    return s;
  }
}

function hasGeneration(type: ResourceType): boolean {
  return type.kind !== 'Pod' && type.kind !== 'Event' && type.kind !== 'Namespace' && type.kind !== 'Node';
}

/** Structural equality of JSON values; key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((v, i) => deepEqual(v, bs[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  if (keys.length !== Object.keys(bo).filter((k) => bo[k] !== undefined).length) return false;
  return keys.every((k) => deepEqual(ao[k], bo[k]));
}

/** Timestamps as the API server writes them: second precision, UTC, "Z". */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export { resourceKey };
