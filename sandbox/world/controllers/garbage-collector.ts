/**
 * The garbage collector (pkg/controller/garbagecollector): dependents whose
 * owners are all gone are deleted (background propagation); an owner being
 * deleted with the foregroundDeletion finalizer waits until its blocking
 * dependents are gone; with the orphan finalizer its dependents are released.
 */
import { servedResourceTypes } from '../../kube/registry';
import { resourceKey } from '../../kube/resources';
import type { KubeObject, OwnerReference, Store } from '../../kube/store';
import type { Controller, World } from '../world';
import { WorkQueue, deleteObject } from './common';

/** The kinds served now, custom ones included: owners and dependents may be of any of them. */
const storedResources = (store: Store) =>
  servedResourceTypes(store)
    .filter((t) => t.group !== 'metrics.k8s.io' && !t.storage && t.verbs.includes('list'))
    .map((t) => resourceKey(t.group, t.plural));

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

export function resourceForOwner(store: Store, ref: Pick<OwnerReference, 'apiVersion' | 'kind'>): string | undefined {
  const group = groupOf(ref.apiVersion);
  const type = servedResourceTypes(store).find((t) => t.group === group && t.kind === ref.kind && t.group !== 'metrics.k8s.io');
  return type && resourceKey(type.group, type.plural);
}

interface Ref {
  resource: string;
  namespace: string;
  name: string;
}

const encode = (r: Ref) => `${r.resource}|${r.namespace}|${r.name}`;
const decode = (s: string): Ref => {
  const [resource, namespace, name] = s.split('|');
  return { resource, namespace, name };
};

export function createGarbageCollector(): Controller {
  return {
    name: 'garbage-collector',
    start(world: World) {
      const store = world.store;
      // owner uid -> dependents
      const dependents = new Map<string, Set<string>>();
      const ownersOf = new Map<string, string[]>();
      const index = (resource: string, obj: KubeObject, remove: boolean) => {
        const key = encode({ resource, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name });
        for (const uid of ownersOf.get(key) ?? []) dependents.get(uid)?.delete(key);
        ownersOf.delete(key);
        if (remove) return;
        const uids = (obj.metadata.ownerReferences ?? []).map((r) => r.uid);
        if (uids.length === 0) return;
        ownersOf.set(key, uids);
        for (const uid of uids) {
          let set = dependents.get(uid);
          if (!set) dependents.set(uid, (set = new Set()));
          set.add(key);
        }
      };
      for (const resource of storedResources(store)) for (const obj of store.each(resource)) index(resource, obj, false);

      // Dependents to check, and owners being deleted in the foreground or orphaning.
      const attempt = new WorkQueue(world, (key) => attemptToDelete(world, decode(key)));
      const owners = new WorkQueue(world, (key) => processOwner(world, decode(key), dependents, attempt));

      store.subscribe((e) => {
        if (e.resource.startsWith('metrics.k8s.io/') || e.resource === 'events') return;
        const obj = e.object;
        const key = encode({ resource: e.resource, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name });
        index(e.resource, obj, e.type === 'DELETED');
        // A dependent going away (or going) may be what an owner deleted in the foreground waits for.
        if (e.type === 'DELETED' || obj.metadata.deletionTimestamp) {
          for (const ref of obj.metadata.ownerReferences ?? []) {
            const resource = resourceForOwner(store, ref);
            if (resource) owners.add(encode({ resource, namespace: store.typeOf(resource).namespaced ? (obj.metadata.namespace ?? '') : '', name: ref.name }));
          }
        }
        if (e.type === 'DELETED') {
          for (const dep of dependents.get(obj.metadata.uid) ?? []) attempt.add(dep);
          dependents.delete(obj.metadata.uid);
          return;
        }
        const finalizers = obj.metadata.finalizers ?? [];
        if (obj.metadata.deletionTimestamp && (finalizers.includes('foregroundDeletion') || finalizers.includes('orphan'))) owners.add(key);
        // A new object may name owners that are already gone.
        if (e.type === 'ADDED' && obj.metadata.ownerReferences?.length) attempt.add(key);
      });
      for (const resource of storedResources(store)) {
        for (const obj of store.each(resource)) {
          const finalizers = obj.metadata.finalizers ?? [];
          if (obj.metadata.deletionTimestamp && (finalizers.includes('foregroundDeletion') || finalizers.includes('orphan'))) {
            owners.add(encode({ resource, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name }));
          }
        }
      }
    },
  };
}

function lookupOwner(world: World, dependent: KubeObject, ref: OwnerReference): KubeObject | undefined {
  const resource = resourceForOwner(world.store, ref);
  if (!resource) return undefined;
  const namespaced = world.store.typeOf(resource).namespaced;
  const owner = world.store.get(resource, namespaced ? dependent.metadata.namespace : undefined, ref.name);
  return owner && owner.metadata.uid === ref.uid ? owner : undefined;
}

/** attemptToDeleteItem: delete a dependent whose owners are all gone; drop references to absent owners otherwise. */
function attemptToDelete(world: World, ref: Ref) {
  const store = world.store;
  const obj = store.get(ref.resource, ref.namespace || undefined, ref.name);
  if (!obj || obj.metadata.deletionTimestamp) return;
  const refs = obj.metadata.ownerReferences ?? [];
  if (refs.length === 0) return;
  const solid: OwnerReference[] = [];
  let waiting = 0;
  for (const r of refs) {
    const owner = lookupOwner(world, obj, r);
    if (!owner) continue;
    if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes('foregroundDeletion')) waiting++;
    else solid.push(r);
  }
  if (solid.length === refs.length) return;
  if (solid.length > 0) {
    store.update(ref.resource, { ...obj, metadata: { ...obj.metadata, ownerReferences: solid } });
    return;
  }
  // Pods have no dependents of their own: the kubelet finishes their deletion.
  deleteObject(world, ref.resource, obj, { propagationPolicy: waiting > 0 && ref.resource !== 'pods' ? 'Foreground' : 'Background' });
}

/** An owner with the foregroundDeletion or orphan finalizer. */
function processOwner(world: World, ref: Ref, dependents: Map<string, Set<string>>, attempt: WorkQueue) {
  const store = world.store;
  const owner = store.get(ref.resource, ref.namespace || undefined, ref.name);
  if (!owner || !owner.metadata.deletionTimestamp) return;
  const finalizers = owner.metadata.finalizers ?? [];
  const deps = [...(dependents.get(owner.metadata.uid) ?? [])].map(decode);
  let remove: string | undefined;
  if (finalizers.includes('orphan')) {
    for (const d of deps) {
      const obj = store.get(d.resource, d.namespace || undefined, d.name);
      if (!obj) continue;
      const ownerReferences = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
      store.update(d.resource, { ...obj, metadata: { ...obj.metadata, ownerReferences: ownerReferences.length ? ownerReferences : undefined } });
    }
    remove = 'orphan';
  } else if (finalizers.includes('foregroundDeletion')) {
    let blocking = 0;
    for (const d of deps) {
      const obj = store.get(d.resource, d.namespace || undefined, d.name);
      if (!obj) continue;
      const r = obj.metadata.ownerReferences?.find((o) => o.uid === owner.metadata.uid);
      if (r?.blockOwnerDeletion) blocking++;
      if (!obj.metadata.deletionTimestamp) attempt.add(`${d.resource}|${d.namespace}|${d.name}`);
    }
    if (blocking > 0) return;
    remove = 'foregroundDeletion';
  }
  if (!remove) return;
  const rest = finalizers.filter((f) => f !== remove);
  // A bound pod is removed by its kubelet after the grace period, not by the collector.
  if (rest.length === 0 && !(ref.resource === 'pods' && owner.spec?.nodeName)) store.delete(ref.resource, ref.namespace || undefined, ref.name);
  else store.update(ref.resource, { ...owner, metadata: { ...owner.metadata, finalizers: rest.length ? rest : undefined } });
}
