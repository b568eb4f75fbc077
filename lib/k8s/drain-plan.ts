/**
 * Which pods a drain evicts, as `kubectl drain --ignore-daemonsets` decides (k8s.io/kubectl
 * pkg/drain/filters.go, in its order): DaemonSet pods and mirror pods stay; a pod with emptyDir
 * volumes goes only with delete-emptydir-data; a pod no controller declares is refused (kubectl's
 * --force, which deletes it for good, is not offered). Finished pods always go.
 */

export interface DrainPod {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
  spec?: { volumes?: { name: string; emptyDir?: unknown }[] };
  status?: { phase?: string };
}

export interface PodName {
  namespace: string;
  name: string;
}

export interface DrainPlan {
  evict: PodName[];
  /** Pods left on the node, each with kubectl's reason. */
  skipped: (PodName & { reason: string })[];
  /** kubectl's errors that stop the drain before any eviction, each with the pods it names. */
  refusals: { message: string; pods: PodName[] }[];
}

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const LOCAL_STORAGE_FATAL = 'cannot delete Pods with local storage (use --delete-emptydir-data to override)';
export const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
export const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
export const MIRROR_WARNING = 'a mirror pod: the kubelet runs it from a file on the node';

const finished = (pod: DrainPod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const controllerOf = (pod: DrainPod) => pod.metadata.ownerReferences?.find((r) => r.controller === true);

export function drainPlan(pods: DrainPod[], options: { deleteEmptyDirData: boolean }): DrainPlan {
  const plan: DrainPlan = { evict: [], skipped: [], refusals: [] };
  const localStorage: PodName[] = [];
  const unmanaged: PodName[] = [];
  for (const pod of pods) {
    const name = { namespace: pod.metadata.namespace ?? '', name: pod.metadata.name };
    if (controllerOf(pod)?.kind === 'DaemonSet') {
      plan.skipped.push({ ...name, reason: DAEMONSET_WARNING });
    } else if (pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) {
      plan.skipped.push({ ...name, reason: MIRROR_WARNING });
    } else if (!finished(pod) && !options.deleteEmptyDirData && (pod.spec?.volumes ?? []).some((v) => v.emptyDir !== undefined)) {
      localStorage.push(name);
    } else if (!finished(pod) && !controllerOf(pod)) {
      unmanaged.push(name);
    } else {
      plan.evict.push(name);
    }
  }
  if (unmanaged.length > 0) plan.refusals.push({ message: UNMANAGED_FATAL, pods: unmanaged });
  if (localStorage.length > 0) plan.refusals.push({ message: LOCAL_STORAGE_FATAL, pods: localStorage });
  return plan;
}
