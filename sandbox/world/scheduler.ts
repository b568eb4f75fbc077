/**
 * default-scheduler: binds Pending pods to nodes with the upstream filter
 * plugins (NodeUnschedulable, TaintToleration, NodeAffinity,
 * NodeResourcesFit), least-allocated scoring, and the exact
 * FailedScheduling wording of framework.FitError and default preemption.
 *
 * Requested resources per node are kept incrementally from store events, so
 * a cluster of 150,000 bound pods costs O(1) per pod change. Pods that fit
 * nowhere wait in an unschedulable set and are retried with per-pod
 * back-off (1 s doubling to 10 s) when the cluster changes, and at the
 * latest after 5 minutes, as the scheduling queue does.
 */
import type { KubeObject, StoreEvent } from '../kube/store';
import { claimClass } from '../kube/storage';
import { deepEqual, rfc3339 } from '../kube/store';
import { isNodeReady, type Taint } from './nodes';
import { quantityMilliValue, quantityValue } from '@/lib/k8s/quantity';
import type { Controller, World } from './world';

export const SCHEDULER_NAME = 'default-scheduler';
const INITIAL_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
const MAX_UNSCHEDULABLE_MS = 5 * 60_000;
// Scoring treats pods without requests as asking for this much (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest).
const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

export interface Resources {
  cpu: number;
  memory: number;
}

interface ContainerLike {
  name: string;
  restartPolicy?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

function containerRequest(c: ContainerLike): Resources {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  // The API server defaults a missing request to the limit.
  return { cpu: quantityMilliValue(req.cpu ?? lim.cpu), memory: quantityValue(req.memory ?? lim.memory) };
}

/**
 * A pod's effective requests (millicores, bytes) as the scheduler computes
 * them: app containers and sidecars summed, then the max with each init
 * container plus the sidecars started before it, plus overhead.
 */
export function podRequests(spec: { containers?: ContainerLike[]; initContainers?: ContainerLike[]; overhead?: Record<string, string> } | undefined): Resources {
  const sum: Resources = { cpu: 0, memory: 0 };
  for (const c of spec?.containers ?? []) {
    const r = containerRequest(c);
    sum.cpu += r.cpu;
    sum.memory += r.memory;
  }
  const sidecars: Resources = { cpu: 0, memory: 0 };
  const initMax: Resources = { cpu: 0, memory: 0 };
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequest(c);
    if (c.restartPolicy === 'Always') {
      sidecars.cpu += r.cpu;
      sidecars.memory += r.memory;
      initMax.cpu = Math.max(initMax.cpu, sidecars.cpu);
      initMax.memory = Math.max(initMax.memory, sidecars.memory);
    } else {
      initMax.cpu = Math.max(initMax.cpu, sidecars.cpu + r.cpu);
      initMax.memory = Math.max(initMax.memory, sidecars.memory + r.memory);
    }
  }
  const total = {
    cpu: Math.max(sum.cpu + sidecars.cpu, initMax.cpu) + quantityMilliValue(spec?.overhead?.cpu),
    memory: Math.max(sum.memory + sidecars.memory, initMax.memory) + quantityValue(spec?.overhead?.memory),
  };
  return total;
}

interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** v1.Toleration.ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if ((toleration.operator ?? 'Equal') === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

function untoleratedTaint(taints: Taint[] | undefined, tolerations: Toleration[] | undefined): Taint | undefined {
  for (const taint of taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!(tolerations ?? []).some((t) => tolerates(t, taint))) return taint;
  }
  return undefined;
}

interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function requirementMatches(r: NodeSelectorRequirement, fields: Record<string, string> | undefined): boolean {
  const has = fields !== undefined && Object.prototype.hasOwnProperty.call(fields, r.key);
  const value = has ? fields![r.key] : undefined;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1 || !/^-?\d+$/.test(value!) || !/^-?\d+$/.test(values[0])) return false;
      const a = Number(value);
      const b = Number(values[0]);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: KubeObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // An empty term selects no nodes.
  if (exprs.length === 0 && fields.length === 0) return false;
  return exprs.every((r) => requirementMatches(r, node.metadata.labels)) && fields.every((r) => requirementMatches(r, { 'metadata.name': node.metadata.name }));
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution node affinity. */
export function matchesNodeAffinity(spec: KubeObject['spec'], node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((spec?.nodeSelector ?? {}) as Record<string, string>)) if (labels[k] !== v) return false;
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  const terms: NodeSelectorTerm[] = required.nodeSelectorTerms ?? [];
  return terms.some((t) => termMatches(t, node));
}

interface NodeInfo {
  node: KubeObject;
  allocatable: Resources;
  maxPods: number;
  requested: Resources;
  /** Requests with the scoring defaults for pods that request nothing. */
  nonZero: Resources;
  pods: number;
}

interface Filtered {
  reasons: string[];
  /** True for failures preemption cannot fix (UnschedulableAndUnresolvable). */
  unresolvable: boolean;
}

/** Runs the filter plugins in the default profile's order; undefined when the node fits. */
function filterNode(pod: KubeObject, req: Resources, info: NodeInfo): Filtered | undefined {
  const node = info.node;
  const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
  if (node.spec?.unschedulable && !tolerations.some((t) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))) {
    return { reasons: ['node(s) were unschedulable'], unresolvable: true };
  }
  const taint = untoleratedTaint(node.spec?.taints, tolerations);
  if (taint) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], unresolvable: true };
  if (!matchesNodeAffinity(pod.spec, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
  const reasons: string[] = [];
  if (info.pods + 1 > info.maxPods) reasons.push('Too many pods');
  if (req.cpu > 0 && req.cpu > info.allocatable.cpu - info.requested.cpu) reasons.push('Insufficient cpu');
  if (req.memory > 0 && req.memory > info.allocatable.memory - info.requested.memory) reasons.push('Insufficient memory');
  return reasons.length > 0 ? { reasons, unresolvable: false } : undefined;
}

function histogram(counts: Map<string, number>): string {
  // framework.FitError sorts "<count> <reason>" strings lexically.
  return [...counts]
    .map(([reason, n]) => `${n} ${reason}`)
    .sort()
    .join(', ');
}

/**
 * The FailedScheduling message for a pod that fits no node: `0/N nodes are
 * available: <filter reasons>. preemption: 0/N nodes are available: <...>.`
 */
export function fitErrorMessage(pod: KubeObject, failures: Filtered[]): string {
  const total = failures.length;
  if (total === 0) return 'no nodes available to schedule pods';
  const reasons = new Map<string, number>();
  for (const f of failures) for (const r of f.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  return withPreemption(pod, `0/${total} nodes are available: ${histogram(reasons)}.`, failures);
}

/**
 * A PreFilter rejection (UnschedulableAndUnresolvable on every node), which FitError prints without
 * a count: `0/N nodes are available: <reason>. preemption: 0/N nodes are available: N Preemption is not helpful for scheduling.`
 */
export function preFilterMessage(pod: KubeObject, nodes: number, reason: string): string {
  if (nodes === 0) return 'no nodes available to schedule pods';
  return withPreemption(
    pod,
    `0/${nodes} nodes are available: ${reason}.`,
    Array.from({ length: nodes }, () => ({ reasons: [reason], unresolvable: true })),
  );
}

/** DefaultPreemption's PostFilter message after the filter's. */
function withPreemption(pod: KubeObject, message: string, failures: Filtered[]): string {
  const total = failures.length;
  if (pod.spec?.preemptionPolicy === 'Never') return `${message} preemption: not eligible due to preemptionPolicy=Never.`;
  const preemption = new Map<string, number>();
  for (const f of failures) {
    const r = f.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod';
    preemption.set(r, (preemption.get(r) ?? 0) + 1);
  }
  return `${message} preemption: 0/${total} nodes are available: ${histogram(preemption)}.`;
}

/** The pod's PersistentVolumeClaims as VolumeBinding's PreFilter sees them: a reason to refuse the pod, or the claims to bind when it is placed. */
type PodClaims = { refused: string } | { delayed: KubeObject[] };

/**
 * VolumeBinding's PreFilter: a missing, deleted or lost claim refuses the pod with its own message;
 * an unbound claim whose class binds immediately (or has no class, or an unknown one) refuses it
 * with "pod has unbound immediate PersistentVolumeClaims"; an unbound WaitForFirstConsumer claim
 * waits for the node the pod is placed on.
 */
function podClaims(world: World, pod: KubeObject): PodClaims {
  const delayed: KubeObject[] = [];
  let unboundImmediate = false;
  for (const volume of pod.spec?.volumes ?? []) {
    const name: string | undefined = volume.persistentVolumeClaim?.claimName;
    if (!name) continue;
    const claim = world.store.get('persistentvolumeclaims', pod.metadata.namespace, name);
    if (!claim) return { refused: `persistentvolumeclaim "${name}" not found` };
    if (claim.status?.phase === 'Lost') return { refused: `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${claim.spec?.volumeName ?? ''}"` };
    if (claim.metadata.deletionTimestamp) return { refused: `persistentvolumeclaim "${name}" is being deleted` };
    if (claim.spec?.volumeName && claim.status?.phase === 'Bound') continue;
    const className = claimClass(claim);
    const storageClass = className ? world.store.get('storage.k8s.io/storageclasses', undefined, className) : undefined;
    if (storageClass?.volumeBindingMode === 'WaitForFirstConsumer' && !claim.spec?.volumeName) delayed.push(claim);
    else unboundImmediate = true;
  }
  return unboundImmediate ? { refused: 'pod has unbound immediate PersistentVolumeClaims' } : { delayed };
}

interface Waiting {
  attempts: number;
  /** When the pod may be tried again (back-off). */
  backoffUntil: number;
  /** When it will be retried even without a cluster change. */
  flushAt: number;
  lastMessage?: string;
}

export function createScheduler(): Controller {
  return {
    name: SCHEDULER_NAME,
    start(world) {
      new Scheduler(world).start();
    },
  };
}

class Scheduler {
  private readonly nodes = new Map<string, NodeInfo>();
  /** pod key -> where its requests are accounted. */
  private readonly bound = new Map<string, { node: string; req: Resources; nonZero: Resources }>();
  private readonly active = new Set<string>();
  private readonly unschedulable = new Map<string, Waiting>();
  private kick?: () => void;
  private wake?: { at: number; cancel: () => void };

  constructor(private readonly world: World) {}

  start() {
    for (const node of this.world.store.each('nodes')) this.upsertNode(node);
    for (const pod of this.world.store.each('pods')) this.onPod({ type: 'ADDED', resource: 'pods', object: pod, rv: 0 });
    this.world.store.subscribe((e) => {
      if (e.resource === 'pods') this.onPod(e);
      else if (e.resource === 'nodes') this.onNode(e);
      // A claim bound or created, or a class added, may let a waiting pod through.
      else if ((e.resource === 'persistentvolumeclaims' || e.resource === 'storage.k8s.io/storageclasses') && this.unschedulable.size > 0) this.clusterChanged();
    });
    this.schedule();
  }

  private onNode(e: StoreEvent) {
    const name = e.object.metadata.name;
    if (e.type === 'DELETED') {
      this.nodes.delete(name);
      return;
    }
    const before = this.nodes.get(name)?.node;
    this.upsertNode(e.object);
    // Only waiting pods care, and only about what filtering reads.
    if (this.unschedulable.size > 0 && (!before || !sameSchedulingView(before, e.object))) this.clusterChanged();
  }

  private upsertNode(node: KubeObject) {
    const existing = this.nodes.get(node.metadata.name);
    const alloc = node.status?.allocatable ?? {};
    const info: NodeInfo = {
      node,
      allocatable: { cpu: quantityMilliValue(alloc.cpu), memory: quantityValue(alloc.memory) },
      maxPods: quantityValue(alloc.pods ?? '110'),
      requested: existing?.requested ?? { cpu: 0, memory: 0 },
      nonZero: existing?.nonZero ?? { cpu: 0, memory: 0 },
      pods: existing?.pods ?? 0,
    };
    this.nodes.set(node.metadata.name, info);
  }

  private onPod(e: StoreEvent) {
    const pod = e.object;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    const nodeName: string | undefined = pod.spec?.nodeName;
    const accounted = this.bound.get(key);
    if (e.type === 'DELETED' || terminal || !nodeName) {
      if (accounted) {
        this.unaccount(key, accounted);
        this.clusterChanged();
      }
    } else if (!accounted) {
      this.account(key, nodeName, pod);
    }
    if (e.type === 'DELETED' || nodeName || pod.metadata.deletionTimestamp || !this.isOurs(pod)) {
      this.active.delete(key);
      this.unschedulable.delete(key);
      return;
    }
    if (e.type === 'ADDED') {
      this.active.add(key);
      this.scheduleSoon();
    }
  }

  private isOurs(pod: KubeObject): boolean {
    const name = pod.spec?.schedulerName;
    return (name === undefined || name === SCHEDULER_NAME) && !(pod.spec?.schedulingGates?.length > 0);
  }

  private account(key: string, nodeName: string, pod: KubeObject) {
    const req = podRequests(pod.spec);
    const nonZero = { cpu: req.cpu || DEFAULT_MILLI_CPU, memory: req.memory || DEFAULT_MEMORY };
    this.bound.set(key, { node: nodeName, req, nonZero });
    const info = this.nodes.get(nodeName);
    if (!info) return;
    info.requested.cpu += req.cpu;
    info.requested.memory += req.memory;
    info.nonZero.cpu += nonZero.cpu;
    info.nonZero.memory += nonZero.memory;
    info.pods++;
  }

  private unaccount(key: string, a: { node: string; req: Resources; nonZero: Resources }) {
    this.bound.delete(key);
    const info = this.nodes.get(a.node);
    if (!info) return;
    info.requested.cpu -= a.req.cpu;
    info.requested.memory -= a.req.memory;
    info.nonZero.cpu -= a.nonZero.cpu;
    info.nonZero.memory -= a.nonZero.memory;
    info.pods--;
  }

  // A change that may let waiting pods fit: move them to the active queue once their back-off ends.
  private clusterChanged() {
    if (this.unschedulable.size === 0) return;
    const now = this.world.nowMs();
    for (const w of this.unschedulable.values()) w.flushAt = Math.min(w.flushAt, Math.max(now, w.backoffUntil));
    this.armWake();
  }

  private scheduleSoon() {
    if (this.kick) return;
    this.kick = this.world.after(0, () => {
      this.kick = undefined;
      this.schedule();
    });
  }

  private armWake() {
    let next = Infinity;
    for (const w of this.unschedulable.values()) next = Math.min(next, w.flushAt);
    if (next === Infinity || (this.wake && this.wake.at <= next)) return;
    this.wake?.cancel();
    const at = next;
    this.wake = {
      at,
      cancel: this.world.after(at - this.world.nowMs(), () => {
        this.wake = undefined;
        const now = this.world.nowMs();
        for (const [key, w] of this.unschedulable) if (w.flushAt <= now) this.active.add(key);
        this.schedule();
      }),
    };
  }

  private schedule() {
    // Oldest first, as the queue's default sort (priority, then timestamp).
    const pods: KubeObject[] = [];
    for (const key of this.active) {
      const [ns, name] = key.split('/');
      const pod = this.world.store.get('pods', ns, name);
      if (pod && !pod.spec?.nodeName && !pod.metadata.deletionTimestamp) pods.push(pod);
    }
    this.active.clear();
    pods.sort(
      (a, b) =>
        (b.spec?.priority ?? 0) - (a.spec?.priority ?? 0) ||
        a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) ||
        (a.metadata.namespace + a.metadata.name).localeCompare(b.metadata.namespace + b.metadata.name),
    );
    for (const pod of pods) this.scheduleOne(pod);
    this.armWake();
  }

  private scheduleOne(pod: KubeObject) {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const req = podRequests(pod.spec);
    const nonZero = { cpu: req.cpu || DEFAULT_MILLI_CPU, memory: req.memory || DEFAULT_MEMORY };
    const claims = podClaims(this.world, pod);
    if ('refused' in claims) {
      this.fail(key, pod, preFilterMessage(pod, this.nodes.size, claims.refused));
      return;
    }
    const failures: Filtered[] = [];
    let best: string | undefined;
    let bestScore = -Infinity;
    let ties = 0;
    for (const [name, info] of this.nodes) {
      const failed = filterNode(pod, req, info);
      if (failed) {
        failures.push(failed);
        continue;
      }
      const score = leastAllocated(info, nonZero);
      if (score > bestScore) {
        bestScore = score;
        best = name;
        ties = 1;
      } else if (score === bestScore && this.world.random() * ++ties < 1) {
        best = name;
      }
    }
    if (best) {
      this.provision(claims.delayed, best);
      this.bind(pod, best);
    } else this.fail(key, pod, fitErrorMessage(pod, failures));
  }

  private bind(pod: KubeObject, nodeName: string) {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.unschedulable.delete(key);
    const now = rfc3339(this.world.now());
    const bound = this.world.store.mutate('pods', pod.metadata.namespace, pod.metadata.name, (draft) => {
      draft.spec.nodeName = nodeName;
      draft.status = draft.status ?? {};
      draft.status.phase = draft.status.phase ?? 'Pending';
      const conditions = (draft.status.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
      draft.status.conditions = conditions;
    });
    this.world.events.record({ component: SCHEDULER_NAME }, bound, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`);
  }

  /**
   * WaitForFirstConsumer claims get the chosen node and a volume there. The sandbox serves no
   * PersistentVolumes: the claim is bound to the name the provisioner would give its volume, at once.
   */
  private provision(claims: KubeObject[], nodeName: string) {
    for (const claim of claims) {
      this.world.store.mutate('persistentvolumeclaims', claim.metadata.namespace, claim.metadata.name, (draft) => {
        draft.metadata.annotations = {
          ...draft.metadata.annotations,
          'volume.kubernetes.io/selected-node': nodeName,
          'pv.kubernetes.io/bind-completed': 'yes',
          'pv.kubernetes.io/bound-by-controller': 'yes',
        };
        draft.spec.volumeName = `pvc-${draft.metadata.uid}`;
        draft.status = { phase: 'Bound', accessModes: draft.spec.accessModes ?? [], capacity: { storage: draft.spec.resources?.requests?.storage ?? '' } };
      });
    }
  }

  private fail(key: string, pod: KubeObject, message: string) {
    const now = this.world.nowMs();
    const prev = this.unschedulable.get(key);
    const attempts = (prev?.attempts ?? 0) + 1;
    const backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** (attempts - 1));
    this.unschedulable.set(key, { attempts, backoffUntil: now + backoff, flushAt: now + MAX_UNSCHEDULABLE_MS, lastMessage: message });
    this.world.events.record({ component: SCHEDULER_NAME }, pod, 'Warning', 'FailedScheduling', message);
    const cond = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
    if (cond?.status === 'False' && cond.message === message) return;
    const ts = rfc3339(this.world.now());
    this.world.store.mutate('pods', pod.metadata.namespace, pod.metadata.name, (draft) => {
      draft.status = draft.status ?? {};
      draft.status.phase = 'Pending';
      const conditions = (draft.status.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: cond?.status === 'False' ? cond.lastTransitionTime : ts, reason: 'Unschedulable', message });
      draft.status.conditions = conditions;
    });
  }
}

// NodeResourcesFit's LeastAllocated score (cpu and memory weighted equally), 0-100.
function leastAllocated(info: NodeInfo, nonZero: Resources): number {
  const part = (alloc: number, used: number) => (alloc <= 0 ? 0 : Math.max(0, ((alloc - used) * 100) / alloc));
  return Math.floor((part(info.allocatable.cpu, info.nonZero.cpu + nonZero.cpu) + part(info.allocatable.memory, info.nonZero.memory + nonZero.memory)) / 2);
}

// Whether two versions of a node differ in what scheduling depends on; heartbeats change none of it.
function sameSchedulingView(a: KubeObject, b: KubeObject): boolean {
  return (
    deepEqual(a.spec?.taints, b.spec?.taints) &&
    deepEqual(a.spec?.unschedulable, b.spec?.unschedulable) &&
    deepEqual(a.metadata.labels, b.metadata.labels) &&
    deepEqual(a.status?.allocatable, b.status?.allocatable) &&
    isNodeReady(a) === isNodeReady(b)
  );
}
