/**
 * The disruption controller's PodDisruptionBudget status: expected pods
 * (from the matching pods' controllers' scale, or the pod count for an
 * integer minAvailable), desired and current healthy, disruptions allowed,
 * and the DisruptionAllowed condition.
 */
import type { KubeObject } from '../../kube/store';
import type { Controller, World } from '../world';
import { WorkQueue, controllerRef, isPodReady, keyOf, scaledValue, selectorOf, selects, setCondition, splitKey, updateStatus } from './common';

export function createDisruptionController(): Controller {
  return {
    name: 'disruption-controller',
    start(world: World) {
      const store = world.store;
      const queue = new WorkQueue(world, (key) => sync(world, key));
      store.subscribe((e) => {
        if (e.resource === 'policy/poddisruptionbudgets') queue.add(keyOf(e.object));
        else if (e.resource === 'pods' || e.resource === 'apps/deployments' || e.resource === 'apps/statefulsets' || e.resource === 'apps/replicasets') {
          const ns = e.object.metadata.namespace!;
          for (const pdb of store.each('policy/poddisruptionbudgets', ns)) queue.add(keyOf(pdb));
        }
      });
      for (const pdb of store.each('policy/poddisruptionbudgets')) queue.add(keyOf(pdb));
    },
  };
}

/** The scale of a pod's top controller (Deployment over ReplicaSet, StatefulSet, ReplicaSet), as the finders do. */
function controllerScale(world: World, pod: KubeObject): { uid: string; replicas: number } | undefined {
  const ref = controllerRef(pod);
  if (!ref) return undefined;
  const store = world.store;
  const ns = pod.metadata.namespace;
  if (ref.kind === 'ReplicaSet') {
    const rs = store.get('apps/replicasets', ns, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const owner = controllerRef(rs);
    if (owner?.kind === 'Deployment') {
      const d = store.get('apps/deployments', ns, owner.name);
      if (d && d.metadata.uid === owner.uid) return { uid: d.metadata.uid, replicas: d.spec?.replicas ?? 1 };
      return undefined;
    }
    return { uid: rs.metadata.uid, replicas: rs.spec?.replicas ?? 1 };
  }
  if (ref.kind === 'StatefulSet') {
    const sts = store.get('apps/statefulsets', ns, ref.name);
    return sts && sts.metadata.uid === ref.uid ? { uid: sts.metadata.uid, replicas: sts.spec?.replicas ?? 1 } : undefined;
  }
  return undefined;
}

function sync(world: World, key: string) {
  const store = world.store;
  const [namespace, name] = splitKey(key);
  const pdb = store.get('policy/poddisruptionbudgets', namespace, name);
  if (!pdb) return;
  const selector = selectorOf(pdb);
  const pods = [...store.each('pods', namespace)].filter((p) => selects(selector, p.metadata.labels));
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  let expected: number;
  let desiredHealthy: number;
  if (maxUnavailable !== undefined || typeof minAvailable === 'string') {
    const controllers = new Map<string, number>();
    for (const p of pods) {
      const scale = controllerScale(world, p);
      if (scale) controllers.set(scale.uid, scale.replicas);
    }
    expected = [...controllers.values()].reduce((a, b) => a + b, 0);
    desiredHealthy = maxUnavailable !== undefined ? Math.max(0, expected - scaledValue(maxUnavailable, expected, true, 0)) : scaledValue(minAvailable, expected, true, 0);
  } else {
    expected = pods.length;
    desiredHealthy = typeof minAvailable === 'number' ? minAvailable : 0;
  }
  const currentHealthy = pods.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p)).length;
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  const condition =
    disruptionsAllowed > 0
      ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '' }
      : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' };
  updateStatus(store, 'policy/poddisruptionbudgets', pdb, {
    ...(pdb.status?.disruptedPods ? { disruptedPods: pdb.status.disruptedPods } : {}),
    currentHealthy,
    desiredHealthy,
    disruptionsAllowed,
    expectedPods: expected,
    observedGeneration: pdb.metadata.generation,
    conditions: setCondition(pdb.status?.conditions, condition, world.now()).map((c) => ({ ...c, observedGeneration: pdb.metadata.generation })),
  });
}
