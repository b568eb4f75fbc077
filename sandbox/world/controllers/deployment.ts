/**
 * The Deployment controller (pkg/controller/deployment): one ReplicaSet per
 * pod template (named <deployment>-<pod-template-hash>), rolling updates
 * within maxSurge/maxUnavailable, Recreate, proportional scaling, revision
 * annotations and history cleanup, and the Available/Progressing conditions.
 */
import type { KubeObject } from '../../kube/store';
import { rfc3339 } from '../../kube/store';
import type { Controller, World } from '../world';
import { WorkQueue, controllerRef, deleteObject, keyOf, ownerIndex, ownerReference, scaledValue, splitKey, type Condition } from './common';
import { computeHash, equalIgnoreHash } from './pod-template';

const SOURCE = { component: 'deployment-controller' };
export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const NOT_COPIED = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'deprecated.deployment.rollback.to']);

export function createDeploymentController(): Controller {
  return {
    name: 'deployment-controller',
    start(world: World) {
      const store = world.store;
      const replicaSets = ownerIndex(store, 'apps/replicasets');
      const queue: WorkQueue = new WorkQueue(world, (key) => new DeploymentSync(world, queue, replicaSets.owned.bind(replicaSets), key).run());
      const enqueueOwner = (rs: KubeObject) => {
        const ref = controllerRef(rs);
        if (ref?.kind === 'Deployment') queue.add(`${rs.metadata.namespace}/${ref.name}`);
      };
      store.subscribe((e) => {
        if (e.resource === 'apps/deployments') queue.add(keyOf(e.object));
        else if (e.resource === 'apps/replicasets') enqueueOwner(e.object);
        else if (e.resource === 'pods' && e.type === 'DELETED') {
          // Recreate waits for the old pods to be gone.
          const ref = controllerRef(e.object);
          if (ref?.kind !== 'ReplicaSet') return;
          const rs = store.get('apps/replicasets', e.object.metadata.namespace, ref.name);
          if (rs) enqueueOwner(rs);
        }
      });
      for (const d of store.each('apps/deployments')) queue.add(keyOf(d));
    },
  };
}

function replicasOf(obj: KubeObject): number {
  return obj.spec?.replicas ?? 1;
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

function sum(rss: KubeObject[], f: (rs: KubeObject) => number): number {
  return rss.reduce((n, rs) => n + f(rs), 0);
}

const specReplicas = (rs: KubeObject) => rs.spec?.replicas ?? 0;
const statusReplicas = (rs: KubeObject) => rs.status?.replicas ?? 0;
const availableReplicas = (rs: KubeObject) => rs.status?.availableReplicas ?? 0;
const readyReplicas = (rs: KubeObject) => rs.status?.readyReplicas ?? 0;

function byCreation(a: KubeObject, b: KubeObject): number {
  const d = Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp);
  return d !== 0 ? d : a.metadata.name < b.metadata.name ? -1 : 1;
}

function isRollingUpdate(d: KubeObject): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** ResolveFenceposts: surge rounds up, unavailable rounds down, never both zero. */
export function fenceposts(d: KubeObject): { maxSurge: number; maxUnavailable: number } {
  const replicas = replicasOf(d);
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const maxSurge = scaledValue(ru.maxSurge, replicas, true, '25%');
  let maxUnavailable = scaledValue(ru.maxUnavailable, replicas, false, '25%');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

function maxSurgeOf(d: KubeObject): number {
  return isRollingUpdate(d) ? fenceposts(d).maxSurge : 0;
}

function maxUnavailableOf(d: KubeObject): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d).maxUnavailable, replicasOf(d));
}

class DeploymentSync {
  private d!: KubeObject;
  private readonly store;

  constructor(
    private readonly world: World,
    private readonly queue: WorkQueue,
    private readonly owned: (uid: string) => KubeObject[],
    private readonly key: string,
  ) {
    this.store = world.store;
  }

  run(): void {
    const [namespace, name] = splitKey(this.key);
    const d = this.store.get('apps/deployments', namespace, name);
    if (!d) return;
    this.d = d;
    if (d.metadata.deletionTimestamp) {
      this.syncStatus(false);
      return;
    }
    this.checkPausedConditions();
    if (d.spec?.paused || this.isScalingEvent()) {
      this.scaleOnly();
      return;
    }
    if (isRollingUpdate(d)) this.rolloutRolling();
    else this.rolloutRecreate();
  }

  /** checkPausedConditions: Progressing Unknown while paused, and once more when resumed. */
  private checkPausedConditions() {
    if (this.d.spec?.progressDeadlineSeconds === undefined) return;
    const paused = this.condition('Progressing')?.reason === 'DeploymentPaused';
    let next: { type: string; status: string; reason: string; message: string } | undefined;
    if (this.d.spec?.paused && !paused) next = { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' };
    else if (!this.d.spec?.paused && paused) next = { type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' };
    if (next) this.writeStatus({ ...this.d.status, conditions: setDeploymentCondition(this.d.status?.conditions, next, this.world.now()) });
  }

  private replicaSets(): KubeObject[] {
    return this.owned(this.d.metadata.uid).filter((rs) => !rs.metadata.deletionTimestamp);
  }

  private split(): { newRS?: KubeObject; oldRSs: KubeObject[] } {
    const all = this.replicaSets().sort(byCreation);
    const newRS = all.find((rs) => equalIgnoreHash(rs.spec?.template, this.d.spec?.template));
    return { newRS, oldRSs: all.filter((rs) => rs !== newRS) };
  }

  private isScalingEvent(): boolean {
    const { newRS, oldRSs } = this.split();
    const active = [...(newRS ? [newRS] : []), ...oldRSs.filter((rs) => specReplicas(rs) > 0)];
    return active.some((rs) => {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      return desired !== undefined && Number(desired) !== replicasOf(this.d);
    });
  }

  /** getAllReplicaSetsAndSyncRevision */
  private syncRevision(create: boolean): { newRS?: KubeObject; oldRSs: KubeObject[] } {
    const { newRS: existing, oldRSs } = this.split();
    const maxOldRevision = Math.max(0, ...oldRSs.map(revisionOf));
    const newRevision = String(maxOldRevision + 1);
    const now = this.world.now();
    let newRS = existing;
    if (existing) {
      const annotations = { ...(existing.metadata.annotations ?? {}) };
      const oldRevision = annotations[REVISION];
      let changed = false;
      if (!oldRevision || Number(oldRevision) < Number(newRevision)) {
        annotations[REVISION] = newRevision;
        if (oldRevision) annotations[REVISION_HISTORY] = annotations[REVISION_HISTORY] ? `${annotations[REVISION_HISTORY]},${oldRevision}` : oldRevision;
        changed = true;
      }
      changed = this.setReplicasAnnotations(annotations) || changed;
      if (changed) newRS = this.store.update('apps/replicasets', { ...existing, metadata: { ...existing.metadata, annotations } });
      this.setDeploymentRevision(newRS!.metadata.annotations![REVISION]);
      if (this.d.spec?.progressDeadlineSeconds !== undefined && !this.condition('Progressing')) {
        this.writeStatus({
          ...this.d.status,
          conditions: setDeploymentCondition(
            this.d.status?.conditions,
            {
              type: 'Progressing',
              status: 'True',
              reason: 'FoundNewReplicaSet',
              message: `Found new replica set "${newRS!.metadata.name}"`,
            },
            now,
          ),
        });
      }
      return { newRS, oldRSs };
    }
    if (!create) return { oldRSs };

    const template = this.d.spec.template;
    const hash = computeHash(template, this.d.status?.collisionCount);
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) annotations[k] = v as string;
    annotations[REVISION] = newRevision;
    this.setReplicasAnnotations(annotations);
    const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
    const selector = this.d.spec.selector ?? {};
    const draft: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${this.d.metadata.name}-${hash}`,
        namespace: this.d.metadata.namespace,
        labels,
        annotations,
        ownerReferences: [ownerReference(this.d)],
      } as KubeObject['metadata'],
      spec: {
        replicas: 0,
        minReadySeconds: this.d.spec.minReadySeconds ?? 0,
        selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash } },
        template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
      },
    };
    const replicas = this.newRSReplicas(oldRSs, draft);
    draft.spec.replicas = replicas;
    const existingByName = this.store.get('apps/replicasets', this.d.metadata.namespace, draft.metadata.name);
    if (existingByName) return { oldRSs }; // a hash collision with a foreign ReplicaSet: leave it
    newRS = this.store.create('apps/replicasets', draft);
    if (replicas > 0) {
      this.world.events.record(SOURCE, this.d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${newRS.metadata.name} from 0 to ${replicas}`);
    }
    this.setDeploymentRevision(newRevision);
    this.writeStatus({
      ...this.d.status,
      conditions: setDeploymentCondition(
        this.d.status?.conditions,
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRS.metadata.name}"` },
        now,
      ),
    });
    return { newRS, oldRSs };
  }

  private setReplicasAnnotations(annotations: Record<string, string>): boolean {
    const desired = String(replicasOf(this.d));
    const max = String(replicasOf(this.d) + maxSurgeOf(this.d));
    const changed = annotations[DESIRED_REPLICAS] !== desired || annotations[MAX_REPLICAS] !== max;
    annotations[DESIRED_REPLICAS] = desired;
    annotations[MAX_REPLICAS] = max;
    return changed;
  }

  private setDeploymentRevision(revision: string | undefined) {
    if (!revision || this.d.metadata.annotations?.[REVISION] === revision) return;
    this.d = this.store.update('apps/deployments', {
      ...this.d,
      metadata: { ...this.d.metadata, annotations: { ...(this.d.metadata.annotations ?? {}), [REVISION]: revision } },
    });
  }

  private condition(type: string): Condition | undefined {
    return (this.d.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
  }

  private writeStatus(status: Record<string, unknown>) {
    const current = this.store.get('apps/deployments', this.d.metadata.namespace, this.d.metadata.name);
    if (!current) return;
    this.d = current;
    if (JSON.stringify(current.status ?? {}) === JSON.stringify(status)) return;
    this.d = this.store.update('apps/deployments', { ...current, status });
  }

  /** NewRSNewReplicas */
  private newRSReplicas(oldRSs: KubeObject[], newRS: KubeObject): number {
    const replicas = replicasOf(this.d);
    if (!isRollingUpdate(this.d)) return replicas;
    const { maxSurge } = fenceposts(this.d);
    const current = sum(oldRSs, specReplicas) + specReplicas(newRS);
    const maxTotal = replicas + maxSurge;
    if (current >= maxTotal) return specReplicas(newRS);
    const up = Math.min(maxTotal - current, replicas - specReplicas(newRS));
    return specReplicas(newRS) + up;
  }

  /** scaleReplicaSetAndRecordEvent: returns the stored ReplicaSet. */
  private scaleReplicaSet(rs: KubeObject, replicas: number): KubeObject {
    const annotations = { ...(rs.metadata.annotations ?? {}) };
    const annotationsChanged = this.setReplicasAnnotations(annotations);
    const from = specReplicas(rs);
    if (from === replicas && !annotationsChanged) return rs;
    const updated = this.store.update('apps/replicasets', {
      ...rs,
      metadata: { ...rs.metadata, annotations },
      spec: { ...rs.spec, replicas },
    });
    if (from !== replicas) {
      const op = replicas > from ? 'up' : 'down';
      this.world.events.record(SOURCE, this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${from} to ${replicas}`);
    }
    return updated;
  }

  private fresh(rs: KubeObject): KubeObject {
    return this.store.get('apps/replicasets', rs.metadata.namespace, rs.metadata.name) ?? rs;
  }

  // -------------------------------------------------------------------------

  private rolloutRolling() {
    const { newRS, oldRSs } = this.syncRevision(true);
    if (newRS && this.reconcileNewReplicaSet([...oldRSs, newRS], newRS)) return this.syncStatus(true);
    const fresh = newRS ? this.fresh(newRS) : undefined;
    if (
      this.reconcileOldReplicaSets(
        oldRSs.map((rs) => this.fresh(rs)),
        fresh,
      )
    )
      return this.syncStatus(true);
    this.syncStatus(true, true);
  }

  private reconcileNewReplicaSet(all: KubeObject[], newRS: KubeObject): boolean {
    const replicas = replicasOf(this.d);
    if (specReplicas(newRS) === replicas) return false;
    if (specReplicas(newRS) > replicas) {
      this.scaleReplicaSet(newRS, replicas);
      return true;
    }
    const count = this.newRSReplicas(
      all.filter((rs) => rs !== newRS),
      newRS,
    );
    if (count === specReplicas(newRS)) return false;
    this.scaleReplicaSet(newRS, count);
    return true;
  }

  private reconcileOldReplicaSets(oldRSs: KubeObject[], newRS: KubeObject | undefined): boolean {
    if (sum(oldRSs, specReplicas) === 0) return false;
    const all = [...oldRSs, ...(newRS ? [newRS] : [])];
    const allPods = sum(all, specReplicas);
    const minAvailable = replicasOf(this.d) - maxUnavailableOf(this.d);
    const newUnavailable = newRS ? specReplicas(newRS) - availableReplicas(newRS) : 0;
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;

    // cleanupUnhealthyReplicas: old pods that are not available go first.
    let cleaned = 0;
    const olds = oldRSs.filter((rs) => specReplicas(rs) > 0).sort(byCreation);
    for (let i = 0; i < olds.length; i++) {
      if (cleaned >= maxScaledDown) break;
      const rs = olds[i];
      if (specReplicas(rs) === 0 || specReplicas(rs) === availableReplicas(rs)) continue;
      const down = Math.min(maxScaledDown - cleaned, specReplicas(rs) - availableReplicas(rs));
      olds[i] = this.scaleReplicaSet(rs, specReplicas(rs) - down);
      cleaned += down;
    }

    // scaleDownOldReplicaSetsForRollingUpdate: keep minAvailable available.
    const available = sum([...olds, ...(newRS ? [newRS] : [])], availableReplicas);
    let scaled = 0;
    if (available > minAvailable) {
      const total = available - minAvailable;
      for (const rs of olds) {
        if (scaled >= total) break;
        if (specReplicas(rs) === 0) continue;
        const down = Math.min(specReplicas(rs), total - scaled);
        this.scaleReplicaSet(rs, specReplicas(rs) - down);
        scaled += down;
      }
    }
    return cleaned + scaled > 0;
  }

  private rolloutRecreate() {
    let { newRS, oldRSs } = this.syncRevision(false);
    let scaledDown = false;
    for (const rs of oldRSs) {
      if (specReplicas(rs) > 0) {
        this.scaleReplicaSet(rs, 0);
        scaledDown = true;
      }
    }
    if (scaledDown) return this.syncStatus(true);
    const podIndex = ownerIndex(this.store, 'pods');
    const oldPodsRunning = oldRSs.some((rs) => statusReplicas(this.fresh(rs)) > 0 || podIndex.owned(rs.metadata.uid).some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded'));
    if (oldPodsRunning) return this.syncStatus(true);
    if (!newRS) ({ newRS, oldRSs } = this.syncRevision(true));
    if (newRS) this.scaleReplicaSet(this.fresh(newRS), replicasOf(this.d));
    this.syncStatus(true, true);
  }

  private scaleOnly() {
    const { newRS, oldRSs } = this.syncRevision(false);
    const all = [...(newRS ? [newRS] : []), ...oldRSs];
    const active = all.filter((rs) => specReplicas(rs) > 0);
    const replicas = replicasOf(this.d);
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? [...oldRSs].sort((a, b) => revisionOf(b) - revisionOf(a))[0];
      // Also refreshes the replicas annotations when the size is already right.
      if (target) this.scaleReplicaSet(target, replicas);
    } else if (newRS && specReplicas(newRS) === replicas && availableReplicas(newRS) === replicas) {
      for (const rs of oldRSs) if (specReplicas(rs) > 0) this.scaleReplicaSet(rs, 0);
    } else if (isRollingUpdate(this.d)) {
      this.scaleProportionally(active);
    }
    this.syncStatus(false);
  }

  /** Spreads a replica change over the active ReplicaSets in proportion to their size. */
  private scaleProportionally(active: KubeObject[]) {
    const allowed = replicasOf(this.d) + maxSurgeOf(this.d);
    const current = sum(active, specReplicas);
    const toAdd = allowed - current;
    if (toAdd === 0 || current === 0) return;
    const ordered = [...active].sort((a, b) => (toAdd > 0 ? specReplicas(b) - specReplicas(a) || byCreation(b, a) : specReplicas(b) - specReplicas(a) || byCreation(a, b)));
    const sizes = ordered.map((rs) => {
      const share = Math.round((specReplicas(rs) * toAdd) / current);
      return Math.max(0, specReplicas(rs) + (toAdd > 0 ? Math.min(share, toAdd) : Math.max(share, toAdd)));
    });
    const leftover = toAdd - sizes.reduce((n, s, i) => n + (s - specReplicas(ordered[i])), 0);
    if (leftover !== 0) sizes[0] = Math.max(0, sizes[0] + leftover);
    ordered.forEach((rs, i) => this.scaleReplicaSet(rs, sizes[i]));
  }

  // -------------------------------------------------------------------------

  /** calculateStatus (+ syncRolloutStatus with the Progressing logic when `rollout`), cleanup when complete. */
  private syncStatus(rollout: boolean, cleanup = false) {
    const d = (this.d = this.store.get('apps/deployments', this.d.metadata.namespace, this.d.metadata.name) ?? this.d);
    const { newRS, oldRSs } = this.split();
    const all = [...oldRSs, ...(newRS ? [newRS] : [])];
    const replicas = replicasOf(d);
    const available = sum(all, availableReplicas);
    const now = this.world.now();
    const status: Record<string, unknown> = {
      observedGeneration: d.metadata.generation,
      replicas: sum(all, statusReplicas),
      updatedReplicas: newRS ? statusReplicas(newRS) : 0,
      readyReplicas: sum(all, readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
      ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    };
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (status[k] === 0) delete status[k];
    let conditions = d.status?.conditions as Condition[] | undefined;
    conditions =
      available >= replicas - maxUnavailableOf(d)
        ? setDeploymentCondition(conditions, { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }, now)
        : setDeploymentCondition(conditions, { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, now);

    const deadline = d.spec?.progressDeadlineSeconds;
    const complete =
      (status.updatedReplicas ?? 0) === replicas && (status.replicas ?? 0) === replicas && available === replicas && (d.metadata.generation ?? 0) <= (status.observedGeneration as number);
    // While paused, checkPausedConditions owns the Progressing condition.
    if (!d.spec?.paused && rollout && deadline !== undefined) {
      const current = conditions?.find((c) => c.type === 'Progressing');
      if (current?.reason !== 'ProgressDeadlineExceeded') {
        const rsName = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
        if (complete) {
          conditions = setDeploymentCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `${rsName} has successfully progressed.` }, now);
        } else if (this.progressing(status)) {
          const at = rfc3339(now);
          const next: Condition = {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: at,
            lastTransitionTime: current?.status === 'True' ? current.lastTransitionTime : at,
            reason: 'ReplicaSetUpdated',
            message: `${rsName} is progressing.`,
          };
          conditions = [...(conditions ?? []).filter((c) => c.type !== 'Progressing'), next];
        } else if (current && current.reason !== 'NewReplicaSetAvailable' && Date.parse(current.lastUpdateTime ?? '') + deadline * 1000 < now.getTime()) {
          conditions = setDeploymentCondition(conditions, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `${rsName} has timed out progressing.` }, now);
        }
      }
    }
    if (rollout) conditions = withReplicaFailure(conditions, [...(newRS ? [newRS] : []), ...oldRSs]);
    if (conditions?.length) status.conditions = conditions;
    this.writeStatus(status);

    if (rollout && deadline !== undefined && !complete) {
      const cur = conditions?.find((c) => c.type === 'Progressing');
      if (cur && cur.reason !== 'NewReplicaSetAvailable' && cur.reason !== 'ProgressDeadlineExceeded') {
        const after = Date.parse(cur.lastUpdateTime ?? '') + deadline * 1000 - now.getTime();
        this.queue.addAfter(this.key, Math.max(1000, after + 1000));
      }
    }
    if (cleanup && complete) this.cleanup(oldRSs);
  }

  /** DeploymentProgressing: any count moved the right way since the stored status. */
  private progressing(next: Record<string, unknown>): boolean {
    const old = this.d.status ?? {};
    const n = (v: unknown) => (typeof v === 'number' ? v : 0);
    const oldStatusReplicas = n(old.replicas) - n(old.updatedReplicas);
    const newStatusReplicas = n(next.replicas) - n(next.updatedReplicas);
    return (
      n(next.updatedReplicas) > n(old.updatedReplicas) || newStatusReplicas < oldStatusReplicas || n(next.readyReplicas) > n(old.readyReplicas) || n(next.availableReplicas) > n(old.availableReplicas)
    );
  }

  /** cleanupDeployment: keep revisionHistoryLimit scaled-down old ReplicaSets. */
  private cleanup(oldRSs: KubeObject[]) {
    const limit = this.d.spec?.revisionHistoryLimit ?? 10;
    const cleanable = oldRSs
      .map((rs) => this.fresh(rs))
      .filter((rs) => specReplicas(rs) === 0 && statusReplicas(rs) === 0 && !rs.metadata.deletionTimestamp)
      .sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    const diff = cleanable.length - limit;
    for (let i = 0; i < diff; i++) deleteObject(this.world, 'apps/replicasets', cleanable[i]);
  }
}

/** SetDeploymentCondition: no change for the same status and reason; lastTransitionTime kept for the same status; moved to the end. */
/**
 * syncRolloutStatus' getReplicaFailures: the new ReplicaSet's ReplicaFailure condition (else an old one's) moved onto the
 * Deployment with the ReplicaSet's times (ReplicaSetToDeploymentCondition), or removed when none has one.
 */
function withReplicaFailure(conditions: Condition[] | undefined, replicaSets: KubeObject[]): Condition[] | undefined {
  const failure = replicaSets.map((rs) => (rs.status?.conditions as Condition[] | undefined)?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True')).find((c) => c !== undefined);
  if (!failure) return conditions?.filter((c) => c.type !== 'ReplicaFailure');
  const current = conditions?.find((c) => c.type === 'ReplicaFailure');
  if (current && current.status === failure.status && current.reason === failure.reason) return conditions;
  const moved: Condition = {
    type: 'ReplicaFailure',
    status: failure.status,
    lastUpdateTime: failure.lastTransitionTime,
    lastTransitionTime: current?.status === failure.status ? current.lastTransitionTime : failure.lastTransitionTime,
    reason: failure.reason,
    message: failure.message,
  };
  return [...(conditions ?? []).filter((c) => c.type !== 'ReplicaFailure'), moved];
}

export function setDeploymentCondition(conditions: Condition[] | undefined, next: { type: string; status: string; reason: string; message: string }, now: Date): Condition[] {
  const list = conditions ?? [];
  const current = list.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason) return list;
  const at = rfc3339(now);
  const condition: Condition = {
    type: next.type,
    status: next.status,
    lastUpdateTime: at,
    lastTransitionTime: current && current.status === next.status ? current.lastTransitionTime : at,
    reason: next.reason,
    message: next.message,
  };
  return [...list.filter((c) => c.type !== next.type), condition];
}
