/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per node whose
 * labels match the template's node selector and affinity and whose taints
 * the pod tolerates, pinned to that node with required node affinity on
 * metadata.name; rolling updates within maxUnavailable; status counts.
 */
import { deepEqual, type KubeObject } from '../../kube/store';
import { matchesNodeAffinity, tolerates } from '../scheduler';
import type { Taint } from '../nodes';
import type { Controller, World } from '../world';
import { WorkQueue, createControlledPod, deleteObject, keyOf, isPodAvailable, isPodReady, podOwnerController, scaledValue, splitKey, updateStatus } from './common';
import { computeHash, podFromTemplate } from './pod-template';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

const SOURCE = { component: 'daemonset-controller' };

/** The tolerations the controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations). */
function daemonTolerations(spec: any): any[] {
  const tolerations = [...(spec.tolerations ?? [])];
  const add = (key: string, effect: string) => {
    if (!tolerations.some((t: any) => t.key === key && t.effect === effect)) tolerations.push({ key, operator: 'Exists', effect });
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (spec.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  return tolerations;
}

/** NodeShouldRunDaemonPod for one template: node affinity/selector and NoSchedule/NoExecute taints. */
function placement(template: any): (node: KubeObject) => boolean {
  const tolerations = daemonTolerations(template?.spec ?? {});
  return (node) => {
    if (!matchesNodeAffinity(template?.spec, node)) return false;
    for (const taint of (node.spec?.taints ?? []) as Taint[]) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!tolerations.some((t: any) => tolerates(t, taint))) return false;
    }
    return true;
  };
}

export function shouldRunOn(template: any, node: KubeObject): boolean {
  return placement(template)(node);
}

/** Whether placement can differ between two versions of a node: it reads only the labels and taints (heartbeats change neither). */
function samePlacementView(a: KubeObject, b: KubeObject): boolean {
  return deepEqual(a.metadata.labels, b.metadata.labels) && deepEqual(a.spec?.taints, b.spec?.taints);
}

/** The daemon pod's spec: the controller's tolerations and required node affinity on the node's name. */
export function pinToNode(spec: any, node: string): any {
  const affinity = spec.affinity ?? {};
  const nodeAffinity = affinity.nodeAffinity ?? {};
  return {
    ...spec,
    tolerations: daemonTolerations(spec),
    affinity: {
      ...affinity,
      nodeAffinity: {
        ...nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
        },
      },
    },
  };
}

/** The node a daemon pod is pinned to. */
function pinnedNode(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.values?.length === 1) return f.values[0];
  return undefined;
}

export function createDaemonSetController(): Controller {
  return podOwnerController({
    name: 'daemonset-controller',
    resource: 'apps/daemonsets',
    kind: 'DaemonSet',
    sync,
    // As the upstream node handler: a node update matters to a DaemonSet only when it changes whether its pods should run there.
    also: (world, enqueue) => {
      const nodes = new Map<string, KubeObject>();
      for (const node of world.store.each('nodes')) nodes.set(node.metadata.name, node);
      return (e) => {
        if (e.resource !== 'nodes') return;
        const name = e.object.metadata.name;
        const before = nodes.get(name);
        if (e.type === 'DELETED') nodes.delete(name);
        else nodes.set(name, e.object);
        if (e.type === 'DELETED' || !before) {
          enqueue.all();
          return;
        }
        if (samePlacementView(before, e.object)) return;
        for (const ds of world.store.each('apps/daemonsets')) {
          const runs = placement(ds.spec?.template);
          if (runs(before) !== runs(e.object)) enqueue.key(keyOf(ds));
        }
      };
    },
  });
}

function sync(world: World, key: string, owned: (uid: string) => KubeObject[], queue: WorkQueue) {
  const store = world.store;
  const [namespace, name] = splitKey(key);
  const ds = store.get('apps/daemonsets', namespace, name);
  if (!ds) return;
  const hash = computeHash(ds.spec.template);
  const generation = String(ds.metadata.generation ?? 1);
  const now = world.nowMs();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const pods = owned(ds.metadata.uid).filter((p) => !p.metadata.deletionTimestamp);
  const byNode = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const n = pinnedNode(p);
    if (!n) continue;
    if (!byNode.has(n)) byNode.set(n, []);
    byNode.get(n)!.push(p);
  }
  const nodes = [...store.each('nodes')];
  const eligible = nodes.filter(placement(ds.spec.template));
  const eligibleNames = new Set(eligible.map((n) => n.metadata.name));

  // A refused create fails the sync, which is retried with back-off.
  let refused = false;
  if (!ds.metadata.deletionTimestamp) {
    for (const node of eligible) {
      const nodePods = byNode.get(node.metadata.name) ?? [];
      // The common case: one daemon pod, not failed; nothing to do here.
      if (nodePods.length === 1 && nodePods[0].status?.phase !== 'Failed') continue;
      // A failed daemon pod is deleted and replaced.
      for (const p of nodePods.filter((x) => x.status?.phase === 'Failed')) {
        deleteObject(world, 'pods', p);
        world.events.record(SOURCE, ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${namespace}/${p.metadata.name} on node ${node.metadata.name}, will try to kill it`);
      }
      if (nodePods.filter((x) => x.status?.phase !== 'Failed').length === 0) {
        const result = createControlledPod(
          world,
          SOURCE,
          ds,
          podFromTemplate(ds.spec.template, ds, {
            extraLabels: { 'controller-revision-hash': hash, 'pod-template-generation': generation },
            spec: (spec) => pinToNode(spec, node.metadata.name),
          }),
        );
        if ('created' in result) world.events.record(SOURCE, ds, 'Normal', 'SuccessfulCreate', `Created pod: ${result.created.metadata.name}`);
        else refused = true;
      }
    }
    for (const [node, nodePods] of byNode) {
      if (eligibleNames.has(node)) continue;
      for (const p of nodePods) {
        deleteObject(world, 'pods', p);
        world.events.record(SOURCE, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      }
    }
    // Rolling update: replace out-of-date pods, keeping at most maxUnavailable nodes without an available pod.
    const outOfDate = pods.some((p) => p.metadata.labels?.['controller-revision-hash'] !== hash);
    if (outOfDate && (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const maxUnavailable = scaledValue(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, eligible.length, true, 1) || 1;
      let unavailable = eligible.filter((n) => !(byNode.get(n.metadata.name) ?? []).some((p) => isPodAvailable(p, minReady, now))).length;
      for (const node of eligible) {
        if (unavailable >= maxUnavailable) break;
        const old = (byNode.get(node.metadata.name) ?? []).filter((p) => p.metadata.labels?.['controller-revision-hash'] !== hash);
        for (const p of old) {
          deleteObject(world, 'pods', p);
          world.events.record(SOURCE, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
          unavailable++;
        }
      }
    }
  }

  const bound = new Map<string, KubeObject[]>();
  for (const p of owned(ds.metadata.uid)) {
    const n = p.spec?.nodeName;
    if (!n || p.metadata.deletionTimestamp) continue;
    if (!bound.has(n)) bound.set(n, []);
    bound.get(n)!.push(p);
  }
  let scheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  let misscheduled = 0;
  for (const n of nodes) {
    const here = bound.get(n.metadata.name);
    if (!here) continue;
    if (!eligibleNames.has(n.metadata.name)) {
      misscheduled++;
      continue;
    }
    scheduled++;
    if (here.some(isPodReady)) ready++;
    if (here.some((p) => isPodAvailable(p, minReady, now))) available++;
    if (here.some((p) => p.metadata.labels?.['controller-revision-hash'] === hash)) updated++;
  }
  const desired = eligible.length;
  const status: Record<string, unknown> = {
    currentNumberScheduled: scheduled,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
    ...(updated ? { updatedNumberScheduled: updated } : {}),
    ...(available ? { numberAvailable: available } : {}),
    ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
  };
  updateStatus(store, 'apps/daemonsets', ds, status);
  if (minReady > 0 && ready > available) queue.addAfter(key, minReady * 1000);
  if (refused) queue.addRateLimited(key);
  else queue.forget(key);
}
