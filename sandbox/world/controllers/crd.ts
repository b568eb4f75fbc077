/**
 * The apiextensions-apiserver's controllers for CustomResourceDefinitions:
 * the naming controller accepts a new CRD's names (NamesAccepted), the
 * establishing controller marks it Established so its kind is served, and
 * once a CRD is gone its custom resources go with it (the finalizer
 * customresourcecleanup.apiextensions.k8s.io does this upstream).
 */
import { CRD_RESOURCE, isEstablished, specOf } from '../../kube/crd/definition';
import { resourceKey } from '../../kube/resources';
import type { KubeObject, Store } from '../../kube/store';
import type { Controller, World } from '../world';
import { setCondition } from './common';

/** The status the naming and establishing controllers leave on a CRD whose names conflict with nothing. */
export function establishedStatus(crd: KubeObject, now: Date): Record<string, unknown> {
  const spec = specOf(crd);
  let conditions = crd.status?.conditions;
  conditions = setCondition(conditions, { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }, now);
  conditions = setCondition(conditions, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
  const storedVersions = crd.status?.storedVersions?.length ? crd.status.storedVersions : spec.versions.filter((v) => v.storage).map((v) => v.name);
  return { ...(crd.status ?? {}), conditions, acceptedNames: spec.names, storedVersions };
}

function establish(world: World, name: string): void {
  const crd = world.store.get(CRD_RESOURCE, undefined, name);
  if (!crd || crd.metadata.deletionTimestamp || isEstablished(crd)) return;
  world.store.update(CRD_RESOURCE, { ...crd, status: establishedStatus(crd, world.now()) });
}

/** Deletes every object of a kind whose CRD is gone, then forgets the kind. */
function cleanUp(store: Store, resource: string): void {
  if (!store.holds(resource)) return;
  for (const obj of [...store.each(resource)]) store.delete(resource, obj.metadata.namespace, obj.metadata.name);
  store.forget(resource);
}

export function createCrdController(): Controller {
  return {
    name: 'crd-controller',
    start(world: World) {
      const store = world.store;
      // These controllers run on the API server's own clock, not the simulated one: a new CRD is served at once, even in manual time.
      const later = (fn: () => void) => queueMicrotask(fn);
      store.subscribe((e) => {
        if (e.resource !== CRD_RESOURCE) return;
        if (e.type === 'DELETED') {
          const spec = specOf(e.object);
          const resource = resourceKey(spec.group, spec.names.plural);
          later(() => {
            // A CRD of the same name created again in between keeps its instances.
            if (!store.get(CRD_RESOURCE, undefined, e.object.metadata.name)) cleanUp(store, resource);
          });
          return;
        }
        const name = e.object.metadata.name;
        later(() => establish(world, name));
      });
      for (const crd of store.each(CRD_RESOURCE)) establish(world, crd.metadata.name);
    },
  };
}
