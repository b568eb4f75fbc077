/**
 * What the workload controllers share: a work queue on simulated time, an
 * index of objects by their controlling owner, pod readiness, owner
 * references, deletion as the API server performs it, and conditions.
 */
import type { KubeObject, NewObject, OwnerReference, Store } from '../../kube/store';
import { StatusError } from '../../kube/status';
import { admitPod } from '../../kube/admission/pod';
import { rfc3339 } from '../../kube/store';
import { fromLabelSelector, matchesLabels, type Requirement } from '@/lib/k8s/label-selector';
import type { Controller, World } from '../world';
import type { StoreEvent } from '../../kube/store';

/**
 * Keys to reconcile, drained on the next timer turn (after the write that
 * queued them returns), so a controller never runs inside a store listener.
 */
export class WorkQueue {
  private readonly dirty = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly world: World,
    private readonly handle: (key: string) => void,
    /** Keys with a lower rank are handled first within one drain. */
    private readonly rank?: (key: string) => number,
  ) {}

  add(key: string): void {
    this.dirty.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      this.world.after(0, () => this.drain());
    }
  }

  /** Re-queues after `ms` of simulated time (a requeue-after). */
  addAfter(key: string, ms: number): void {
    this.world.after(ms, () => this.add(key));
  }

  private readonly failures = new Map<string, number>();

  /** AddRateLimited with client-go's per-item exponential failure limiter: 5 ms doubling to 1000 s. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(5 * 2 ** n, 1_000_000));
  }

  /** Forget: the key's next failure starts the back-off over. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.dirty];
    this.dirty.clear();
    if (this.rank) {
      const ranks = new Map(keys.map((k) => [k, this.rank!(k)]));
      keys.sort((a, b) => ranks.get(a)! - ranks.get(b)!);
    }
    for (const key of keys) {
      try {
        this.handle(key);
      } catch (err) {
        console.error(`sandbox: reconcile ${key} failed: ${(err as Error).stack ?? err}`);
      }
    }
  }
}

/** A uid from the world's seeded random source, for objects whose uid must be known before creation. */
export function newUid(world: World): string {
  const word = () =>
    Math.floor(world.random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  const a = word();
  const b = word();
  const c = word();
  const d = word();
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[Math.floor(world.random() * 4)]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

export function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function ownerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * Objects of one resource grouped by a key derived from each (its
 * controller's uid, its node), kept in step with the store so reconciles
 * never scan every object.
 */
export class ObjectIndex {
  private readonly groups = new Map<string, Map<string, KubeObject>>();
  /** object key -> the group it is in */
  private readonly groupOf = new Map<string, string>();

  constructor(
    store: Store,
    resource: string,
    private readonly groupKey: (obj: KubeObject) => string | undefined,
  ) {
    for (const obj of store.each(resource)) this.put(obj);
    store.subscribe((e) => {
      if (e.resource !== resource) return;
      if (e.type === 'DELETED') this.remove(keyOf(e.object));
      else this.put(e.object);
    });
  }

  /** The objects in a group, least recently written first. */
  get(group: string): KubeObject[] {
    const m = this.groups.get(group);
    return m ? [...m.values()] : [];
  }

  private put(obj: KubeObject) {
    const key = keyOf(obj);
    const group = this.groupKey(obj);
    // The group may change (adoption, orphaning, binding); leave the old one first.
    this.remove(key);
    if (group === undefined) return;
    let m = this.groups.get(group);
    if (!m) this.groups.set(group, (m = new Map()));
    m.set(key, obj);
    this.groupOf.set(key, group);
  }

  private remove(key: string) {
    const group = this.groupOf.get(key);
    if (group === undefined) return;
    this.groupOf.delete(key);
    const m = this.groups.get(group);
    m?.delete(key);
    if (m && m.size === 0) this.groups.delete(group);
  }
}

/** Objects of one resource grouped by the uid of their controller. */
export class OwnerIndex extends ObjectIndex {
  constructor(store: Store, resource: string) {
    super(store, resource, (obj) => controllerRef(obj)?.uid);
  }

  owned(uid: string): KubeObject[] {
    return this.get(uid);
  }
}

const indexes = new WeakMap<Store, Map<string, ObjectIndex>>();

function sharedIndex<T extends ObjectIndex>(store: Store, name: string, make: () => T): T {
  let perStore = indexes.get(store);
  if (!perStore) indexes.set(store, (perStore = new Map()));
  let index = perStore.get(name);
  if (!index) perStore.set(name, (index = make()));
  return index as T;
}

/** One shared owner index per store and resource. */
export function ownerIndex(store: Store, resource: string): OwnerIndex {
  return sharedIndex(store, `owner:${resource}`, () => new OwnerIndex(store, resource));
}

/** One shared index per store of pods by the node they are bound to (spec.nodeName). */
export function nodePodIndex(store: Store): ObjectIndex {
  return sharedIndex(store, 'node:pods', () => new ObjectIndex(store, 'pods', (pod) => pod.spec?.nodeName || undefined));
}

/** The object's spec.selector parsed; null (nothing) when absent or invalid. */
export function selectorOf(obj: KubeObject): Requirement[] | null {
  try {
    return fromLabelSelector(obj.spec?.selector);
  } catch {
    return null;
  }
}

export function selects(selector: Requirement[] | null, labels: Record<string, string> | undefined): boolean {
  return selector !== null && matchesLabels(selector, labels);
}

// ---------------------------------------------------------------------------
// Pods

export function podCondition(pod: KubeObject, type: string): { status: string; lastTransitionTime?: string } | undefined {
  return (pod.status?.conditions as { type: string; status: string; lastTransitionTime?: string }[] | undefined)?.find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** podutil.IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds === 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0;
  return since + minReadySeconds * 1000 <= now;
}

/** controller.IsPodActive */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function isTerminating(obj: KubeObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined;
}

// ---------------------------------------------------------------------------
// Deletion as the API server performs it

/**
 * DELETE of an object with the API server's semantics: a pod bound to a node
 * gets a deletionTimestamp and its grace period (the kubelet removes it); an
 * object with finalizers gets a deletionTimestamp; anything else goes now.
 * `propagationPolicy` Foreground/Orphan adds the garbage collector's finalizer.
 */
export function deleteObject(world: World, resource: string, obj: KubeObject, options: { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; gracePeriodSeconds?: number } = {}): void {
  const store = world.store;
  const current = store.get(resource, obj.metadata.namespace, obj.metadata.name);
  if (!current || current.metadata.uid !== obj.metadata.uid) return;
  if (current.metadata.deletionTimestamp) return;
  const now = world.now();
  const finalizer = options.propagationPolicy === 'Foreground' ? 'foregroundDeletion' : options.propagationPolicy === 'Orphan' ? 'orphan' : undefined;
  const finalizers = [...(current.metadata.finalizers ?? [])];
  if (finalizer && !finalizers.includes(finalizer)) finalizers.push(finalizer);

  if (resource === 'pods' && current.spec?.nodeName && current.status?.phase !== 'Succeeded' && current.status?.phase !== 'Failed') {
    const grace = options.gracePeriodSeconds ?? current.spec.terminationGracePeriodSeconds ?? 30;
    store.update(resource, {
      ...current,
      metadata: {
        ...current.metadata,
        finalizers: finalizers.length ? finalizers : undefined,
        deletionTimestamp: rfc3339(new Date(now.getTime() + grace * 1000)),
        deletionGracePeriodSeconds: grace,
      },
    });
    return;
  }
  if (finalizers.length > 0) {
    store.update(resource, {
      ...current,
      metadata: { ...current.metadata, finalizers, deletionTimestamp: rfc3339(now), deletionGracePeriodSeconds: 0 },
    });
    return;
  }
  store.delete(resource, current.metadata.namespace, current.metadata.name);
}

// ---------------------------------------------------------------------------
// Status helpers

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
}

/** Sets a condition, moving lastTransitionTime only when the status changes. */
export function setCondition(
  conditions: Condition[] | undefined,
  next: { type: string; status: string; reason?: string; message?: string },
  now: Date,
  options: { lastUpdateTime?: boolean } = {},
): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const at = rfc3339(now);
  const previous = i >= 0 ? list[i] : undefined;
  const condition: Condition = {
    type: next.type,
    status: next.status,
    ...(options.lastUpdateTime ? { lastUpdateTime: previous && sameCondition(previous, next) ? previous.lastUpdateTime : at } : {}),
    lastTransitionTime: previous && previous.status === next.status ? previous.lastTransitionTime : at,
    ...(next.reason !== undefined ? { reason: next.reason } : {}),
    ...(next.message !== undefined ? { message: next.message } : {}),
  };
  if (i >= 0) list[i] = condition;
  else list.push(condition);
  return list;
}

function sameCondition(a: Condition, b: { status: string; reason?: string; message?: string }) {
  return a.status === b.status && a.reason === b.reason && a.message === b.message;
}

export function findCondition(obj: KubeObject, type: string): Condition | undefined {
  return (obj.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
}

/** Writes `status` when it differs from the stored one. */
export function updateStatus(store: Store, resource: string, obj: KubeObject, status: Record<string, unknown>): KubeObject {
  const current = store.get(resource, obj.metadata.namespace, obj.metadata.name);
  if (!current || current.metadata.uid !== obj.metadata.uid) return obj;
  if (JSON.stringify(current.status ?? {}) === JSON.stringify(status)) return current;
  return store.update(resource, { ...current, status });
}

/** intstr.GetScaledValueFromIntOrPercent */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean, fallback: number | string): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.parseInt(v, 10) || 0;
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export type OwnedSync = (world: World, key: string, owned: (uid: string) => KubeObject[], queue: WorkQueue) => void;

/**
 * A controller of pods (ReplicaSet, StatefulSet, DaemonSet, Job): reconciles
 * an object of `resource` when it or one of the pods it controls changes.
 */
export function podOwnerController(options: {
  name: string;
  resource: string;
  kind: string;
  sync: OwnedSync;
  rank?: (world: World, key: string, owned: (uid: string) => KubeObject[]) => number;
  /**
   * Other changes that call for a reconcile: called once at start, returns
   * the listener for events of other resources.
   */
  also?: (world: World, enqueue: { key(key: string): void; all(): void }) => (event: StoreEvent) => void;
}): Controller {
  return {
    name: options.name,
    start(world: World) {
      const store = world.store;
      const pods = ownerIndex(store, 'pods');
      const owned = pods.owned.bind(pods);
      const rank = options.rank;
      const queue: WorkQueue = new WorkQueue(world, (key) => options.sync(world, key, owned, queue), rank && ((key) => rank(world, key, owned)));
      const enqueueAll = () => {
        for (const obj of store.each(options.resource)) queue.add(keyOf(obj));
      };
      const also = options.also?.(world, { key: (key) => queue.add(key), all: enqueueAll });
      store.subscribe((e) => {
        if (e.resource === options.resource) {
          if (e.type !== 'DELETED') queue.add(keyOf(e.object));
        } else if (e.resource === 'pods') {
          const ref = controllerRef(e.object);
          if (ref?.kind === options.kind) queue.add(`${e.object.metadata.namespace}/${ref.name}`);
        } else also?.(e);
      });
      enqueueAll();
    },
  };
}

/**
 * Creates a controller's pod through the pod admission the API server runs
 * (LimitRanger, ResourceQuota); a refusal is recorded on the owner as the
 * controller's FailedCreate warning ("Error creating: <status message>" from
 * RealPodControl.createPods unless `failedMessage` words it) and its message returned.
 */
export function createControlledPod(
  world: World,
  source: { component: string },
  owner: KubeObject,
  pod: NewObject,
  failedMessage = (message: string) => `Error creating: ${message}`,
): { created: KubeObject } | { refused: string } {
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name || world.store.generatedName('pods', namespace, pod.metadata.generateName!);
  const candidate = { ...structuredClone(pod), metadata: { ...structuredClone(pod.metadata), name, namespace } } as KubeObject;
  try {
    admitPod(world.store, candidate);
  } catch (err) {
    if (!(err instanceof StatusError)) throw err;
    const message = err.status.message ?? '';
    world.events.record(source, owner, 'Warning', 'FailedCreate', failedMessage(message));
    return { refused: message };
  }
  return { created: world.store.create('pods', candidate as NewObject) };
}
