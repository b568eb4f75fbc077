/**
 * Namespace lifecycle: a new namespace gets its default ServiceAccount (the
 * serviceaccount controller); a namespace being deleted goes Terminating,
 * its objects are deleted, and once none remain the namespace is removed
 * (the namespace controller finalizing the "kubernetes" finalizer).
 */
import { RESOURCE_TYPES, resourceKey } from '../../kube/resources';
import type { Controller, World } from '../world';
import { WorkQueue, deleteObject, setCondition } from './common';

const NAMESPACED = RESOURCE_TYPES.filter((t) => t.namespaced && t.group !== 'metrics.k8s.io' && t.verbs.includes('delete')).map((t) => resourceKey(t.group, t.plural));
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
  if (remaining > 0) {
    const conditions = setCondition(
      ns.status?.conditions,
      { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining} objects` },
      now,
    );
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

/** Deletes what is left in the namespace; returns how many objects remain. */
function removeContents(world: World, namespace: string): number {
  let remaining = 0;
  for (const resource of NAMESPACED) {
    for (const obj of [...world.store.each(resource, namespace)]) {
      remaining++;
      // Events go with the namespace at once, as their TTL would have them go anyway.
      if (resource === 'events') {
        world.store.delete(resource, namespace, obj.metadata.name);
        remaining--;
        continue;
      }
      deleteObject(world, resource, obj, { propagationPolicy: 'Background' });
    }
  }
  // Pods without a node and objects without finalizers went at once; count what is left.
  let left = 0;
  for (const resource of NAMESPACED) left += world.store.count(resource, namespace);
  return Math.min(remaining, left);
}
