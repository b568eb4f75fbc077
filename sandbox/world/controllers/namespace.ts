/**
 * Namespace lifecycle: a new namespace gets its default ServiceAccount (the
 * serviceaccount controller); a namespace being deleted goes Terminating,
 * its objects are deleted, and once none remain the namespace is removed
 * (the namespace controller finalizing the "kubernetes" finalizer).
 */
import { servedResourceTypes } from '../../kube/registry';
import { resourceKey } from '../../kube/resources';
import type { Store } from '../../kube/store';
import type { Controller, World } from '../world';
import { WorkQueue, deleteObject, setCondition } from './common';

/** Namespaced kinds served now, custom ones included, as the namespace controller discovers them. */
const namespacedResources = (store: Store) =>
  servedResourceTypes(store)
    .filter((t) => t.namespaced && t.group !== 'metrics.k8s.io' && !t.storage && t.verbs.includes('delete'))
    .map((t) => resourceKey(t.group, t.plural));
const RECHECK_MS = 1_000;

export function createNamespaceController(): Controller {
  return {
    name: 'namespace-controller',
    start(world: World) {
      const store = world.store;
      const queue: WorkQueue = new WorkQueue(world, (name) => sync(world, name, queue));
      store.subscribe((e) => {
        if (e.resource === 'namespaces') queue.add(e.object.metadata.name);
      });
      for (const ns of store.each('namespaces')) queue.add(ns.metadata.name);
    },
  };
}

function sync(world: World, name: string, queue: WorkQueue) {
  const store = world.store;
  const ns = store.get('namespaces', undefined, name);
  if (!ns) {
    removeContents(world, name);
    return;
  }
  if (!ns.metadata.deletionTimestamp) {
    if (ns.status?.phase !== 'Active') store.update('namespaces', { ...ns, status: { ...ns.status, phase: 'Active' } });
    if (!store.get('serviceaccounts', name, 'default')) {
      store.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    }
    return;
  }
  const remaining = removeContents(world, name);
  const now = world.now();
  if (remaining.length > 0) {
    // The conditions the namespace controller reports while it waits for content to go.
    let conditions = ns.status?.conditions;
    for (const c of [
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
      { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
      { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining.join(', ')}` },
      { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ]) {
      conditions = setCondition(conditions, c, now);
    }
    const status = { ...ns.status, phase: 'Terminating', conditions };
    if (JSON.stringify(status) !== JSON.stringify(ns.status)) store.update('namespaces', { ...ns, status });
    queue.addAfter(name, RECHECK_MS);
    return;
  }
  const finalizers = (ns.spec?.finalizers ?? []).filter((f: string) => f !== 'kubernetes');
  if (finalizers.length > 0 || (ns.metadata.finalizers ?? []).length > 0) {
    store.update('namespaces', { ...ns, spec: { ...ns.spec, finalizers }, status: { ...ns.status, phase: 'Terminating' } });
    return;
  }
  store.delete('namespaces', undefined, name);
}

/** Deletes what is left in the namespace; returns what remains, as "pods has 2 resource instances". */
function removeContents(world: World, namespace: string): string[] {
  const namespaced = namespacedResources(world.store);
  for (const resource of namespaced) {
    for (const obj of [...world.store.each(resource, namespace)]) {
      // Events go with the namespace at once, as their TTL would have them go anyway.
      if (resource === 'events') world.store.delete(resource, namespace, obj.metadata.name);
      else deleteObject(world, resource, obj, { propagationPolicy: 'Background' });
    }
  }
  const remaining: string[] = [];
  for (const resource of namespaced) {
    const n = world.store.count(resource, namespace);
    // GroupResource.String(): "pods", "deployments.apps".
    const [group, plural] = resource.includes('/') ? resource.split('/') : ['', resource];
    if (n > 0) remaining.push(`${group ? `${plural}.${group}` : plural} has ${n} resource instances`);
  }
  return remaining.sort();
}
