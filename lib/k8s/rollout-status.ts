/** `kubectl rollout status` wording (kubectl/pkg/polymorphichelpers/rollout_status.go), one check. Pure. */

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface WorkloadLike {
  metadata?: { name?: string; generation?: number };
  spec?: { replicas?: number; updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    conditions?: Condition[];
  };
}

export interface RolloutStatus {
  message: string;
  done: boolean;
  /** The rollout failed (progress deadline exceeded) or has no status (OnDelete strategy). */
  error?: boolean;
}

function deployment(d: WorkloadLike): RolloutStatus {
  const name = d.metadata?.name ?? '';
  const status = d.status ?? {};
  if ((d.metadata?.generation ?? 0) > (status.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...', done: false };
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { message: `deployment "${name}" exceeded its progress deadline`, done: false, error: true };
  const replicas = d.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const current = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (updated < replicas) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`, done: false };
  if (current > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${current - updated} old replicas are pending termination...`, done: false };
  if (available < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, done: false };
  return { message: `deployment "${name}" successfully rolled out`, done: true };
}

function daemonSet(ds: WorkloadLike): RolloutStatus {
  const name = ds.metadata?.name ?? '';
  const status = ds.status ?? {};
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return { message: 'rollout status is only available for RollingUpdate strategy type', done: false, error: true };
  if ((ds.metadata?.generation ?? 0) > (status.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...', done: false };
  const desired = status.desiredNumberScheduled ?? 0;
  const updated = status.updatedNumberScheduled ?? 0;
  const available = status.numberAvailable ?? 0;
  if (updated < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`, done: false };
  if (available < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`, done: false };
  return { message: `daemon set "${name}" successfully rolled out`, done: true };
}

function statefulSet(sts: WorkloadLike): RolloutStatus {
  const status = sts.status ?? {};
  if (sts.spec?.updateStrategy?.type !== 'RollingUpdate') return { message: 'rollout status is only available for RollingUpdate strategy type', done: false, error: true };
  if (!status.observedGeneration || (sts.metadata?.generation ?? 0) > status.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...', done: false };
  const replicas = sts.spec?.replicas ?? 1;
  const ready = status.readyReplicas ?? 0;
  if (ready < replicas) return { message: `Waiting for ${replicas - ready} pods to be ready...`, done: false };
  const partition = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    const expected = replicas - partition;
    if ((status.updatedReplicas ?? 0) < expected) {
      return { message: `Waiting for partitioned roll out to finish: ${status.updatedReplicas ?? 0} out of ${expected} new pods have been updated...`, done: false };
    }
    return { message: `partitioned roll out complete: ${status.updatedReplicas ?? 0} new pods have been updated...`, done: true };
  }
  if (status.updateRevision !== status.currentRevision) {
    return { message: `waiting for statefulset rolling update to complete ${status.updatedReplicas ?? 0} pods at revision ${status.updateRevision ?? ''}...`, done: false };
  }
  return { message: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision ?? ''}...`, done: true };
}

export function rolloutStatus(kind: 'Deployment' | 'DaemonSet' | 'StatefulSet', object: WorkloadLike): RolloutStatus {
  if (kind === 'Deployment') return deployment(object);
  if (kind === 'DaemonSet') return daemonSet(object);
  return statefulSet(object);
}
