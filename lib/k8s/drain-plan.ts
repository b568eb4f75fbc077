/**
 * Which pods a drain evicts, as `kubectl drain` decides (k8s.io/kubectl pkg/drain/filters.go): each
 * pod goes through the filters in kubectl's order (DaemonSet, mirror, local storage, no controller),
 * the first that keeps it deciding; the flags --ignore-daemonsets, --delete-emptydir-data and --force
 * turn a filter's error into a warning. Finished pods always go.
 */

export interface DrainPod {
  metadata: { name: string; namespace?: string; uid?: string; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
  spec?: { volumes?: { name: string; emptyDir?: unknown }[] };
  status?: { phase?: string };
}

export interface PodName {
  namespace: string;
  name: string;
}

export interface DrainFlags {
  /** --force: pods no controller declares (and pods of a DaemonSet that is gone) are evicted too; nothing recreates them. */
  force: boolean;
  /** --ignore-daemonsets: DaemonSet pods stay on the node instead of stopping the drain. */
  ignoreDaemonSets: boolean;
  /** --delete-emptydir-data: pods with emptyDir volumes are evicted too, their data lost. */
  deleteEmptyDirData: boolean;
}

/** Why the controlling DaemonSet could not be read (kubectl reads each before it decides); undefined when it was. */
export type DaemonSetLookup = (namespace: string, name: string) => { notFound: boolean; message: string } | undefined;

export interface DrainPlan {
  evict: PodName[];
  /** Pods left on the node, each with kubectl's reason. */
  skipped: (PodName & { reason: string })[];
  /** kubectl's warnings about pods it evicts anyway, each with the pods it names. */
  warnings: { message: string; pods: PodName[] }[];
  /** kubectl's errors that stop the drain before any eviction, each with the pods it names. */
  refusals: { message: string; pods: PodName[] }[];
}

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
/** filters.go's fatal messages as `kubectl drain` prints them ("cannot delete <message>: <pods>"). */
export const DAEMONSET_FATAL = 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
export const LOCAL_STORAGE_FATAL = 'cannot delete Pods with local storage (use --delete-emptydir-data to override)';
export const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
export const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
export const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
export const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
export const MIRROR_WARNING = 'a mirror pod: the kubelet runs it from a file on the node';

type Status = { delete: true; warning?: string } | { delete: false; skip: string } | { delete: false; error: string };

const finished = (pod: DrainPod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const controllerOf = (pod: DrainPod) => pod.metadata.ownerReferences?.find((r) => r.controller === true);
const OKAY: Status = { delete: true };

function daemonSetFilter(pod: DrainPod, flags: DrainFlags, lookup: DaemonSetLookup): Status {
  const controller = controllerOf(pod);
  if (controller?.kind !== 'DaemonSet' || finished(pod)) return OKAY;
  const failure = lookup(pod.metadata.namespace ?? '', controller.name);
  if (failure) return failure.notFound && flags.force ? { delete: true, warning: failure.message } : { delete: false, error: `cannot delete ${failure.message}` };
  return flags.ignoreDaemonSets ? { delete: false, skip: DAEMONSET_WARNING } : { delete: false, error: DAEMONSET_FATAL };
}

function localStorageFilter(pod: DrainPod, flags: DrainFlags): Status {
  if (!(pod.spec?.volumes ?? []).some((v) => v.emptyDir !== undefined) || finished(pod)) return OKAY;
  return flags.deleteEmptyDirData ? { delete: true, warning: LOCAL_STORAGE_WARNING } : { delete: false, error: LOCAL_STORAGE_FATAL };
}

function unreplicatedFilter(pod: DrainPod, flags: DrainFlags): Status {
  if (finished(pod) || controllerOf(pod)) return OKAY;
  return flags.force ? { delete: true, warning: UNMANAGED_WARNING } : { delete: false, error: UNMANAGED_FATAL };
}

/** makeFilters' chain: the first filter that keeps the pod decides; of the warnings, the last one stands. */
function podStatus(pod: DrainPod, flags: DrainFlags, lookup: DaemonSetLookup): Status {
  const filters: (() => Status)[] = [
    () => daemonSetFilter(pod, flags, lookup),
    () => (pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined ? { delete: false, skip: MIRROR_WARNING } : OKAY),
    () => localStorageFilter(pod, flags),
    () => unreplicatedFilter(pod, flags),
  ];
  let status: Status = OKAY;
  for (const filter of filters) {
    const next = filter();
    if (!next.delete) return next;
    if (next.warning) status = next;
  }
  return status;
}

function grouped(entries: [string, PodName][]): { message: string; pods: PodName[] }[] {
  const byMessage = new Map<string, PodName[]>();
  for (const [message, pod] of entries) byMessage.set(message, [...(byMessage.get(message) ?? []), pod]);
  return [...byMessage].map(([message, pods]) => ({ message, pods }));
}

export function drainPlan(pods: DrainPod[], flags: DrainFlags, lookup: DaemonSetLookup = () => undefined): DrainPlan {
  const plan: DrainPlan = { evict: [], skipped: [], warnings: [], refusals: [] };
  const warnings: [string, PodName][] = [];
  const errors: [string, PodName][] = [];
  for (const pod of pods) {
    const name = { namespace: pod.metadata.namespace ?? '', name: pod.metadata.name };
    const status = podStatus(pod, flags, lookup);
    if (status.delete) {
      plan.evict.push(name);
      if (status.warning) warnings.push([status.warning, name]);
    } else if ('skip' in status) {
      plan.skipped.push({ ...name, reason: status.skip });
    } else {
      errors.push([status.error, name]);
    }
  }
  plan.warnings = grouped(warnings);
  plan.refusals = grouped(errors);
  return plan;
}
