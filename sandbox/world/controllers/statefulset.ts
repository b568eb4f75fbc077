/**
 * The StatefulSet controller (pkg/controller/statefulset) with the
 * OrderedReady policy: pods <name>-0..n-1 created one at a time, each
 * waiting for the previous to be Running and Ready; scale-down from the
 * highest ordinal; rolling updates from the highest ordinal down; status
 * with currentRevision/updateRevision. Parallel creates without waiting.
 */
import type { KubeObject } from '../../kube/store';
import { derivedUid, type Controller, type World } from '../world';
import { createControlledPod, deleteObject, isPodAvailable, isPodReady, podOwnerController, splitKey, updateStatus, WorkQueue } from './common';
import { computeHash, podFromTemplate } from './pod-template';

const SOURCE = { component: 'statefulset-controller' };

export function createStatefulSetController(): Controller {
  return podOwnerController({ name: 'statefulset-controller', resource: 'apps/statefulsets', kind: 'StatefulSet', sync });
}

function ordinalOf(sts: KubeObject, pod: KubeObject): number {
  const suffix = pod.metadata.name.slice(sts.metadata.name.length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : -1;
}

const running = (p: KubeObject) => p.status?.phase === 'Running' && isPodReady(p) && !p.metadata.deletionTimestamp;

function sync(world: World, key: string, owned: (uid: string) => KubeObject[], queue: WorkQueue) {
  const store = world.store;
  const [namespace, name] = splitKey(key);
  const sts = store.get('apps/statefulsets', namespace, name);
  if (!sts) return;
  const revision = `${name}-${computeHash(sts.spec.template)}`;
  const replicas: number = sts.spec?.replicas ?? 1;
  const ordered = (sts.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
  const minReady = sts.spec?.minReadySeconds ?? 0;
  const pods = owned(sts.metadata.uid);
  const byOrdinal = new Map<number, KubeObject>();
  for (const p of pods) byOrdinal.set(ordinalOf(sts, p), p);
  const currentRevision: string = sts.status?.currentRevision ?? revision;

  if (!sts.metadata.deletionTimestamp) {
    let blocked = false;
    for (let i = 0; i < replicas && !blocked; i++) {
      const pod = byOrdinal.get(i);
      if (!pod) {
        const podName = `${name}-${i}`;
        const claims = createClaims(world, sts, i);
        const result = createControlledPod(
          world,
          SOURCE,
          sts,
          podFromTemplate(sts.spec.template, sts, {
            name: podName,
            extraLabels: { 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName },
            spec: (spec) => ({ ...spec, ...(claims.length ? { volumes: withClaims(spec.volumes, claims) } : {}), hostname: podName, subdomain: sts.spec.serviceName }),
          }),
          // stateful_pod_control.go recordPodEvent's words for a failed create.
          (message) => `create Pod ${podName} in StatefulSet ${name} failed error: ${message}`,
        );
        if (!('created' in result)) {
          // The sync's error: nothing more this pass, retried with back-off.
          queue.addRateLimited(key);
          break;
        }
        world.events.record(SOURCE, sts, 'Normal', 'SuccessfulCreate', `create Pod ${result.created.metadata.name} in StatefulSet ${name} successful`);
        if (ordered) blocked = true;
        continue;
      }
      if (pod.status?.phase === 'Failed' && !pod.metadata.deletionTimestamp) {
        deleteObject(world, 'pods', pod);
        world.events.record(SOURCE, sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`);
        blocked = ordered;
        continue;
      }
      if (ordered && !running(pod)) blocked = true;
    }
    // Scale down from the highest ordinal, one at a time when ordered.
    const extra = [...byOrdinal.entries()].filter(([i]) => i >= replicas || i < 0).sort(([a], [b]) => b - a);
    if (!blocked && extra.length > 0) {
      const condemned = ordered ? extra.slice(0, 1) : extra;
      if (!ordered || !condemned.some(([, p]) => p.metadata.deletionTimestamp)) {
        for (const [, pod] of condemned) {
          if (pod.metadata.deletionTimestamp) continue;
          deleteObject(world, 'pods', pod);
          world.events.record(SOURCE, sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`);
        }
      }
      blocked = true;
    }
    // Rolling update from the highest ordinal down, once everything is running.
    const partition = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (!blocked && (sts.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const all = [...Array(replicas).keys()].map((i) => byOrdinal.get(i));
      if (all.every((p) => p && running(p))) {
        for (let i = replicas - 1; i >= partition; i--) {
          const pod = all[i]!;
          if (pod.metadata.labels?.['controller-revision-hash'] !== revision) {
            deleteObject(world, 'pods', pod);
            world.events.record(SOURCE, sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`);
            break;
          }
        }
      }
    }
  }

  const now = world.nowMs();
  const live = owned(sts.metadata.uid).filter((p) => !p.metadata.deletionTimestamp);
  const updated = live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision).length;
  const allUpdated = updated === replicas && live.length === replicas;
  const status: Record<string, unknown> = {
    observedGeneration: sts.metadata.generation,
    replicas: live.length,
    ...(live.filter(isPodReady).length ? { readyReplicas: live.filter(isPodReady).length } : {}),
    ...(live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === (allUpdated ? revision : currentRevision)).length
      ? { currentReplicas: live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === (allUpdated ? revision : currentRevision)).length }
      : {}),
    ...(updated ? { updatedReplicas: updated } : {}),
    currentRevision: allUpdated ? revision : currentRevision,
    updateRevision: revision,
    collisionCount: 0,
    availableReplicas: live.filter((p) => isPodAvailable(p, minReady, now)).length,
  };
  updateStatus(store, 'apps/statefulsets', sts, status);
  if (minReady > 0 && (status.availableReplicas as number) < live.filter(isPodReady).length) queue.addAfter(key, minReady * 1000);
}

/**
 * The claims of one ordinal from spec.volumeClaimTemplates (<template>-<set>-<ordinal>),
 * created before its pod when missing, with the template's labels and the set's selector labels.
 */
function createClaims(world: World, sts: KubeObject, ordinal: number): { volume: string; claim: string }[] {
  const out: { volume: string; claim: string }[] = [];
  for (const template of sts.spec?.volumeClaimTemplates ?? []) {
    const volume: string = template.metadata?.name ?? '';
    const claim = `${volume}-${sts.metadata.name}-${ordinal}`;
    out.push({ volume, claim });
    if (world.store.get('persistentvolumeclaims', sts.metadata.namespace, claim)) continue;
    world.store.create('persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claim,
        namespace: sts.metadata.namespace,
        uid: derivedUid(`persistentvolumeclaims/${sts.metadata.namespace}/${claim}`),
        labels: { ...(template.metadata?.labels ?? {}), ...(sts.spec.selector?.matchLabels ?? {}) },
      },
      spec: { volumeMode: 'Filesystem', ...structuredClone(template.spec ?? {}) },
      status: { phase: 'Pending' },
    });
  }
  return out;
}

/** The pod's volumes with each claim template's volume pointing at its claim. */
function withClaims(volumes: { name: string }[] | undefined, claims: { volume: string; claim: string }[]): { name: string }[] {
  const named = new Set(claims.map((c) => c.volume));
  return [...claims.map((c) => ({ name: c.volume, persistentVolumeClaim: { claimName: c.claim } })), ...(volumes ?? []).filter((v) => !named.has(v.name))];
}
