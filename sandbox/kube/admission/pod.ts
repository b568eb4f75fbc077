/**
 * The admission a new pod passes, whoever sends it (kubectl or a
 * controller's client): LimitRanger's defaults (the mutating phase), then
 * LimitRanger's limits and the quota check (the validating phase).
 */
import type { KubeObject, Store } from '../store';
import { qosClass } from '../http/defaults';
import { admitLimitRange, validateLimitRange } from './limitrange';
import { admitPodQuota } from './quota';

/** The mutating phase; the QoS class is the one of the defaulted pod, as PrepareForCreate runs after admission. */
export function mutatePod(store: Store, pod: KubeObject): void {
  admitLimitRange(store, pod);
  if (pod.status) pod.status.qosClass = qosClass(pod.spec);
}

/** The validating phase: LimitRanger then ResourceQuota, each refusing with its 403. */
export function validatePod(store: Store, pod: KubeObject): void {
  validateLimitRange(store, pod);
  admitPodQuota(store, pod);
}

/** Both phases, for pods the sandbox's own controllers create. */
export function admitPod(store: Store, pod: KubeObject): void {
  mutatePod(store, pod);
  validatePod(store, pod);
}
