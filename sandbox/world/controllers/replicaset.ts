/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps
 * spec.replicas active pods from the template, deleting the least valuable
 * pods first, and reports replicas/ready/available in status.
 */
import type { KubeObject } from '../../kube/store';
import { rfc3339 } from '../../kube/store';
import type { Controller, World } from '../world';
import { type Condition, createControlledPod, deleteObject, isPodActive, isPodAvailable, isPodReady, podCondition, podOwnerController, splitKey, updateStatus, WorkQueue } from './common';
import { podFromTemplate } from './pod-template';

const SOURCE = { component: 'replicaset-controller' };
/** --concurrent-... burstReplicas: the most pods created or deleted in one sync. */
const BURST_REPLICAS = 500;

export function createReplicaSetController(): Controller {
  return podOwnerController({
    name: 'replicaset-controller',
    resource: 'apps/replicasets',
    kind: 'ReplicaSet',
    sync,
    // Scale-downs go before scale-ups so a rollout never has more pods than its surge allows.
    rank: (world, key, owned) => {
      const [ns, name] = splitKey(key);
      const rs = world.store.get('apps/replicasets', ns, name);
      return rs && owned(rs.metadata.uid).filter(isPodActive).length > (rs.spec?.replicas ?? 1) ? 0 : 1;
    },
  });
}

function sync(world: World, key: string, owned: (uid: string) => KubeObject[], queue: WorkQueue) {
  const store = world.store;
  const [namespace, name] = splitKey(key);
  const rs = store.get('apps/replicasets', namespace, name);
  if (!rs) return;
  const all = owned(rs.metadata.uid);
  const active = all.filter(isPodActive);
  const want = rs.spec?.replicas ?? 1;
  // slowStartBatch stops at the first refused create; the sync error requeues the key with back-off.
  let createFailed: string | undefined;

  if (!rs.metadata.deletionTimestamp) {
    const diff = active.length - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      for (let i = 0; i < n && createFailed === undefined; i++) {
        const result = createControlledPod(world, SOURCE, rs, podFromTemplate(rs.spec.template, rs));
        if ('created' in result) world.events.record(SOURCE, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${result.created.metadata.name}`);
        else createFailed = result.refused;
      }
    } else if (diff > 0) {
      const victims = podsToDelete(active, Math.min(diff, BURST_REPLICAS));
      for (const pod of victims) {
        deleteObject(world, 'pods', pod);
        world.events.record(SOURCE, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      }
    }
  }

  const current = store.get('apps/replicasets', namespace, name);
  if (!current) return;
  const now = world.nowMs();
  const minReady = current.spec?.minReadySeconds ?? 0;
  const stillActive = owned(current.metadata.uid).filter(isPodActive);
  const templateLabels: Record<string, string> = current.spec?.template?.metadata?.labels ?? {};
  const ready = stillActive.filter(isPodReady).length;
  const available = stillActive.filter((p) => isPodAvailable(p, minReady, now)).length;
  const status: Record<string, unknown> = {
    replicas: stillActive.length,
    fullyLabeledReplicas: stillActive.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: current.metadata.generation,
  };
  // The API server omits zero counts (omitempty), except replicas.
  for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (status[k] === 0) delete status[k];
  const conditions = replicaFailure(current.status?.conditions ?? [], createFailed, world);
  if (conditions.length) status.conditions = conditions;
  updateStatus(store, 'apps/replicasets', current, status);
  if (createFailed !== undefined) queue.addRateLimited(key);
  else queue.forget(key);
  if (minReady > 0 && ready === (current.spec?.replicas ?? 1) && available !== ready) queue.addAfter(key, minReady * 1000);
}

/** calculateStatus' ReplicaFailure condition: set (reason FailedCreate) while creates are refused, removed once they are not. */
function replicaFailure(conditions: Condition[], failure: string | undefined, world: World): Condition[] {
  const existing = conditions.find((c) => c.type === 'ReplicaFailure');
  if (failure === undefined) return conditions.filter((c) => c.type !== 'ReplicaFailure');
  if (existing) return conditions;
  return [...conditions, { type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(world.now()), reason: 'FailedCreate', message: failure }];
}

/**
 * getPodsToDelete with ActivePodsWithRanks: unscheduled before scheduled,
 * Pending before Unknown before Running, not ready before ready, pods
 * sharing a node with more of their siblings first, ready for less time
 * first, more restarts first, newer first.
 */
export function podsToDelete(pods: KubeObject[], count: number): KubeObject[] {
  const onNode = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName) onNode.set(p.spec.nodeName, (onNode.get(p.spec.nodeName) ?? 0) + 1);
  const rank = (p: KubeObject) => (p.spec?.nodeName ? onNode.get(p.spec.nodeName)! : 0);
  return [...pods].sort((a, b) => deletionOrder(a, b, rank)).slice(0, count);
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionOrder(a: KubeObject, b: KubeObject, rank: (p: KubeObject) => number): number {
  const scheduledA = a.spec?.nodeName ? 1 : 0;
  const scheduledB = b.spec?.nodeName ? 1 : 0;
  if (scheduledA !== scheduledB) return scheduledA - scheduledB;
  const phaseA = PHASE_RANK[a.status?.phase] ?? 0;
  const phaseB = PHASE_RANK[b.status?.phase] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a) ? 1 : 0;
  const readyB = isPodReady(b) ? 1 : 0;
  if (readyA !== readyB) return readyA - readyB;
  if (rank(a) !== rank(b)) return rank(b) - rank(a);
  if (readyA && readyB) {
    const sinceA = Date.parse(podCondition(a, 'Ready')?.lastTransitionTime ?? '') || 0;
    const sinceB = Date.parse(podCondition(b, 'Ready')?.lastTransitionTime ?? '') || 0;
    if (sinceA !== sinceB) return sinceB - sinceA;
  }
  const restarts = (p: KubeObject) => ((p.status?.containerStatuses ?? []) as { restartCount?: number }[]).reduce((n, c) => Math.max(n, c.restartCount ?? 0), 0);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const createdA = Date.parse(a.metadata.creationTimestamp);
  const createdB = Date.parse(b.metadata.creationTimestamp);
  if (createdA !== createdB) return createdB - createdA;
  return a.metadata.name < b.metadata.name ? -1 : 1;
}
