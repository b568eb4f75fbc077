/**
 * ControllerRevisions as the StatefulSet and DaemonSet controllers keep them
 * (pkg/controller/history): one per distinct pod template, named after the
 * owner and the template's hash (the value the pods carry in
 * controller-revision-hash), with revision numbers counting up from 1 and a
 * template the owner returns to taking the next number.
 */
import type { KubeObject } from '../../kube/store';
import { derivedUid, type Controller, type World } from '../world';
import { WorkQueue, keyOf, ownerReference, splitKey } from './common';
import { computeHash } from './pod-template';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

const OWNERS: Record<string, string> = { 'apps/statefulsets': 'StatefulSet', 'apps/daemonsets': 'DaemonSet' };
const REVISIONS = 'apps/controllerrevisions';

/** The revision's name: the StatefulSet's pods carry it whole, the DaemonSet's only its hash. */
export function revisionName(owner: KubeObject): { name: string; hash: string } {
  const hash = computeHash(owner.spec.template);
  return { name: `${owner.metadata.name}-${hash}`, hash };
}

export function createControllerHistory(): Controller {
  return {
    name: 'controller-history',
    start(world: World) {
      const store = world.store;
      const queue = new WorkQueue(world, (key) => {
        const [resource, rest] = [key.slice(0, key.indexOf('|')), key.slice(key.indexOf('|') + 1)];
        const [namespace, name] = splitKey(rest);
        const owner = store.get(resource, namespace, name);
        if (owner && !owner.metadata.deletionTimestamp) sync(world, owner);
      });
      store.subscribe((e) => {
        if (OWNERS[e.resource] && e.type !== 'DELETED') queue.add(`${e.resource}|${keyOf(e.object)}`);
      });
      for (const resource of Object.keys(OWNERS)) for (const owner of store.each(resource)) queue.add(`${resource}|${keyOf(owner)}`);
    },
  };
}

/** Go's json.Marshal of a map: keys sorted at every level. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
  );
}

/**
 * getPatch: the template as a strategic merge patch that replaces it whole, encoded as the
 * controllers encode it (the typed template, whose metadata carries creationTimestamp null, through
 * a map, so keys sorted): kubectl rollout undo compares these bytes with the object's own patch.
 */
function revisionData(template: any): any {
  return sortedKeys({ spec: { template: { ...template, metadata: { creationTimestamp: null, ...template?.metadata }, $patch: 'replace' } } });
}

function sync(world: World, owner: KubeObject) {
  const store = world.store;
  const namespace = owner.metadata.namespace!;
  const history = store.list(REVISIONS, namespace).filter((r) => r.metadata.ownerReferences?.some((o) => o.uid === owner.metadata.uid));
  const { name, hash } = revisionName(owner);
  const max = history.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
  const existing = history.find((r) => r.metadata.name === name);
  if (existing) {
    // Returning to an older template makes it the newest revision again.
    if (existing.revision !== max) store.update(REVISIONS, { ...existing, revision: max + 1 });
    return;
  }
  const isSts = owner.kind === 'StatefulSet';
  const template = structuredClone(owner.spec.template);
  store.create(REVISIONS, {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace,
      uid: derivedUid(`controllerrevisions/${namespace}/${name}`),
      labels: { ...(owner.spec.template?.metadata?.labels ?? {}), [isSts ? 'controller.kubernetes.io/hash' : 'controller-revision-hash']: hash },
      // Both controllers copy the owner's annotations onto the revision they make (newRevision, snapshot).
      ...(owner.metadata.annotations ? { annotations: { ...owner.metadata.annotations } } : {}),
      ownerReferences: [ownerReference(owner)],
    },
    data: revisionData(template),
    revision: max + 1,
  });
}
