/**
 * Every kind the API server serves at this moment: the built-in kinds and
 * the kinds of CustomResourceDefinitions whose Established condition is
 * True, read from the store at request time so that a CRD applied to a
 * running sandbox is served, discovered and collected without a restart.
 */
import { CRD_RESOURCE, crdResourceType, isEstablished } from './crd/definition';
import { findResourceType, RESOURCE_TYPES, resourceKey, type ResourceType } from './resources';
import type { Store } from './store';

interface Snapshot {
  /** The CRDs' uids and resourceVersions the types were built from. */
  key: string;
  custom: ResourceType[];
  byKey: Map<string, ResourceType>;
}

const snapshots = new WeakMap<Store, Snapshot>();

function snapshot(store: Store): Snapshot {
  const crds = store.list(CRD_RESOURCE);
  const key = crds.map((c) => `${c.metadata.uid}@${c.metadata.resourceVersion}`).join(',');
  const cached = snapshots.get(store);
  if (cached && cached.key === key) return cached;
  const custom: ResourceType[] = [];
  for (const crd of crds) {
    if (!isEstablished(crd)) continue;
    const type = crdResourceType(crd);
    // A CRD may not take the name of a built-in kind; the naming controller would refuse it.
    if (type && !findResourceType(type.group, type.plural)) custom.push(type);
  }
  const next = { key, custom, byKey: new Map(custom.map((t) => [resourceKey(t.group, t.plural), t])) };
  snapshots.set(store, next);
  return next;
}

/** The kinds of the Established CRDs, by CRD name. */
export function customResourceTypes(store: Store): ResourceType[] {
  return snapshot(store).custom;
}

/** Built-in kinds first, then custom ones. */
export function servedResourceTypes(store: Store): ResourceType[] {
  const custom = snapshot(store).custom;
  return custom.length === 0 ? RESOURCE_TYPES : [...RESOURCE_TYPES, ...custom];
}

export function findServedType(store: Store, group: string, plural: string): ResourceType | undefined {
  return findResourceType(group, plural) ?? snapshot(store).byKey.get(resourceKey(group, plural));
}

/** Changes whenever the set of served custom kinds or their definitions do: a cache key for documents built from them. */
export function registryRevision(store: Store): string {
  return snapshot(store).key;
}
