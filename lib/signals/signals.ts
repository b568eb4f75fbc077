/**
 * Cluster signals for the on-call page: what is wrong in the cluster right now, each with links
 * to the object, its events and a Logs Insights query for it. Pure: the objects come from
 * server/signals/collect.ts.
 */
import { logGroups, logsPath, nodeLogsQuery, nodePath, podLogsQuery, podPath, workloadLogsQuery, workloadPath } from '../alarms/links';
import { isUnschedulable, podStatus, type PodLike } from '../k8s/pod-status';
import { rolloutStatus, type WorkloadLike } from '../k8s/rollout-status';

export type SignalKind =
  'CrashLoopBackOff' | 'ImagePullBackOff' | 'OOMKilled' | 'Unschedulable' | 'PendingTooLong' | 'NodeNotReady' | 'NodePressure' | 'HpaAtMax' | 'RolloutStuck' | 'JobFailing' | 'WarningEventBurst';

/**
 * What Watchdeck itself says of a signal, for the page to say in its language: the title's parameters (its wording
 * is the kind's), and the message's key and parameters when the message is Watchdeck's rather than the API server's.
 */
export interface SignalWords {
  title: Record<string, string | number>;
  message?: SignalMessage;
}

export type SignalMessage =
  | { key: 'crashLoop'; container: string; restarts: number; exitCode?: number | string; reason?: string }
  | { key: 'pullFailed'; container: string; reason: string }
  | { key: 'oom'; container: string; restarts: number }
  | { key: 'noNodeFits' | 'notScheduled' | 'noReadyCondition' }
  | { key: 'podStatus'; status: string }
  | { key: 'aboveTarget'; above: { resource: string; current: number; target: number }[] }
  | { key: 'retriesUsed'; failures: number; backoffLimit: number }
  | { key: 'progressDeadline'; deployment: string };

export interface Signal {
  /** Stable across refreshes: kind and object. */
  id: string;
  kind: SignalKind;
  severity: 'critical' | 'warning';
  object: { kind: string; namespace?: string; name: string };
  /** The title and message in English; `says` is the same for the page to put in the reader's language. */
  title: string;
  message: string;
  says: SignalWords;
  /** When it started, as far as the object says (RFC 3339). */
  since?: string;
  links: { object: string; events: string; logs?: string };
}

interface Meta {
  name?: string;
  namespace?: string;
  creationTimestamp?: string;
  ownerReferences?: { kind: string; name: string; controller?: boolean }[];
}

export type PodObject = PodLike & {
  metadata?: PodLike['metadata'] & { namespace?: string };
  spec?: PodLike['spec'] & { nodeName?: string };
  status?: PodLike['status'] & {
    conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] | null;
    containerStatuses?:
      | {
          name: string;
          restartCount?: number;
          state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; finishedAt?: string } };
          lastState?: { terminated?: { reason?: string; finishedAt?: string; exitCode?: number } };
        }[]
      | null;
  };
};

export interface NodeObject {
  metadata?: Meta;
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] };
}

export interface HpaObject {
  metadata?: Meta;
  spec?: {
    maxReplicas?: number;
    scaleTargetRef?: { kind?: string; name?: string };
    metrics?: { type: string; resource?: { name: string; target?: { type?: string; averageUtilization?: number; averageValue?: string } } }[];
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: { type: string; resource?: { name: string; current?: { averageUtilization?: number; averageValue?: string } } }[];
    conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
  };
}

export type DeploymentObject = WorkloadLike & {
  metadata?: Meta & WorkloadLike['metadata'];
  status?: WorkloadLike['status'] & { conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] };
};

export interface JobObject {
  metadata?: Meta;
  spec?: { backoffLimit?: number };
  status?: { failed?: number; succeeded?: number; active?: number; conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] };
}

export interface EventObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  metadata?: Meta;
  involvedObject?: { kind?: string; namespace?: string; name?: string };
}

export interface ClusterObjects {
  pods: PodObject[];
  nodes: NodeObject[];
  hpas: HpaObject[];
  deployments: DeploymentObject[];
  jobs: JobObject[];
  events: EventObject[];
}

export const PENDING_LIMIT_MS = 5 * 60_000;
export const BURST_WINDOW_MS = 10 * 60_000;
/** Warning events in the window that make a burst for one object. */
export const BURST_MIN_EVENTS = 10;
/** An OOM kill this recent is still news. */
const OOM_RECENT_MS = 60 * 60_000;

const SEVERITY: Record<SignalKind, Signal['severity']> = {
  CrashLoopBackOff: 'critical',
  ImagePullBackOff: 'critical',
  OOMKilled: 'critical',
  Unschedulable: 'warning',
  PendingTooLong: 'warning',
  NodeNotReady: 'critical',
  NodePressure: 'warning',
  HpaAtMax: 'warning',
  RolloutStuck: 'critical',
  JobFailing: 'warning',
  WarningEventBurst: 'warning',
};

const when = (t: string | Date | undefined | null) => (t ? (t instanceof Date ? t.getTime() : Date.parse(t)) : NaN);
const iso = (t: string | Date | undefined | null) => (t instanceof Date ? t.toISOString() : (t ?? undefined));

/** No container of the pod has ever run: none running or terminated, now or before a restart, so it has written no log line. */
function neverRan(pod: PodObject): boolean {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.every((c) => !c.state?.running && !c.state?.terminated && !c.lastState?.terminated);
}

/** A pod's page, its events, and its log lines; for a pod whose containers never ran, "logs" leads to the events that say why. */
function podLinks(cluster: string, ns: string, name: string, pod?: PodObject) {
  const object = podPath(cluster, ns, name);
  const events = `${object}#events`;
  return { object, events, logs: pod && neverRan(pod) ? events : logsPath(cluster, podLogsQuery(ns, name), [logGroups(cluster).application], '1h', ns) };
}

function podSignals(cluster: string, pods: PodObject[], now: Date): Signal[] {
  const out: Signal[] = [];
  for (const pod of pods) {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const status = podStatus(pod, now);
    const object = { kind: 'Pod', namespace: ns, name };
    const add = (kind: SignalKind, title: string, message: string, since?: string, says: SignalWords = { title: { name } }) =>
      out.push({ id: `${kind}/${ns}/${name}`, kind, severity: SEVERITY[kind], object, title, message, says, ...(since ? { since } : {}), links: podLinks(cluster, ns, name, pod) });
    const containers = pod.status?.containerStatuses ?? [];
    const waiting = (reason: string[]) => containers.find((c) => reason.includes(c.state?.waiting?.reason ?? ''));
    const crash = waiting(['CrashLoopBackOff']);
    const pull = waiting(['ImagePullBackOff', 'ErrImagePull']);
    const oom = containers.find((c) => {
      const t = c.state?.terminated?.reason === 'OOMKilled' ? c.state.terminated : c.lastState?.terminated?.reason === 'OOMKilled' ? c.lastState.terminated : undefined;
      return t && now.getTime() - when(t.finishedAt) < OOM_RECENT_MS;
    });
    if (crash) {
      const last = crash.lastState?.terminated;
      add(
        'CrashLoopBackOff',
        `${name} is in CrashLoopBackOff`,
        `container ${crash.name} restarted ${crash.restartCount ?? 0} times${last ? `, last exit code ${last.exitCode ?? '?'} (${last.reason ?? 'Error'})` : ''}`,
        iso(last?.finishedAt),
        {
          title: { name },
          message: { key: 'crashLoop', container: crash.name, restarts: crash.restartCount ?? 0, ...(last ? { exitCode: last.exitCode ?? '?', reason: last.reason ?? 'Error' } : {}) },
        },
      );
    }
    if (pull) {
      const says: SignalWords = pull.state?.waiting?.message
        ? { title: { name } }
        : { title: { name }, message: { key: 'pullFailed', container: pull.name, reason: pull.state?.waiting?.reason ?? '' } };
      add('ImagePullBackOff', `${name} cannot pull its image`, pull.state?.waiting?.message ?? `container ${pull.name}: ${pull.state?.waiting?.reason}`, iso(pod.metadata?.creationTimestamp), says);
    }
    if (oom)
      add(
        'OOMKilled',
        `${name} was OOMKilled`,
        `container ${oom.name} exceeded its memory limit (${oom.restartCount ?? 0} restarts)`,
        iso((oom.state?.terminated ?? oom.lastState?.terminated)?.finishedAt),
        { title: { name }, message: { key: 'oom', container: oom.name, restarts: oom.restartCount ?? 0 } },
      );
    const conditions = (pod.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
    const scheduled = conditions.find((c) => c.type === 'PodScheduled');
    if (pod.status?.phase === 'Pending' && isUnschedulable(pod)) {
      // No waiting period: the scheduler has already tried every node.
      add('Unschedulable', `${name} cannot be scheduled`, scheduled?.message ?? 'no node fits the pod', iso(scheduled?.lastTransitionTime ?? pod.metadata?.creationTimestamp), {
        title: { name },
        ...(scheduled?.message ? {} : { message: { key: 'noNodeFits' } }),
      });
    } else if (pod.status?.phase === 'Pending' && !pull && now.getTime() - when(pod.metadata?.creationTimestamp) > PENDING_LIMIT_MS) {
      const minutes = Math.floor((now.getTime() - when(pod.metadata?.creationTimestamp)) / 60_000);
      const notScheduled = scheduled?.status === 'False';
      add(
        'PendingTooLong',
        `${name} Pending for ${minutes} min`,
        notScheduled ? (scheduled.message ?? scheduled.reason ?? 'not scheduled') : `status ${status.status}`,
        iso(pod.metadata?.creationTimestamp),
        {
          title: { name, minutes },
          ...(!notScheduled ? { message: { key: 'podStatus', status: status.status } } : scheduled.message || scheduled.reason ? {} : { message: { key: 'notScheduled' } }),
        },
      );
    }
  }
  return out;
}

function nodeSignals(cluster: string, nodes: NodeObject[]): Signal[] {
  const out: Signal[] = [];
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    const object = nodePath(cluster, name);
    const links = { object, events: `${object}#events`, logs: logsPath(cluster, nodeLogsQuery(name), [logGroups(cluster).dataplane]) };
    const conditions = node.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === 'Ready');
    if (ready?.status !== 'True') {
      out.push({
        id: `NodeNotReady/${name}`,
        kind: 'NodeNotReady',
        severity: 'critical',
        object: { kind: 'Node', name },
        title: `${name} is NotReady`,
        message: ready?.message ?? ready?.reason ?? 'the node has no Ready condition',
        says: { title: { name }, ...(ready?.message || ready?.reason ? {} : { message: { key: 'noReadyCondition' } }) },
        ...(ready?.lastTransitionTime ? { since: ready.lastTransitionTime } : {}),
        links,
      });
    }
    for (const c of conditions) {
      if (!['MemoryPressure', 'DiskPressure', 'PIDPressure'].includes(c.type) || c.status !== 'True') continue;
      out.push({
        id: `NodePressure/${name}/${c.type}`,
        kind: 'NodePressure',
        severity: 'warning',
        object: { kind: 'Node', name },
        title: `${name} has ${c.type}`,
        message: c.message ?? c.reason ?? c.type,
        says: { title: { name, condition: c.type } },
        ...(c.lastTransitionTime ? { since: c.lastTransitionTime } : {}),
        links,
      });
    }
  }
  return out;
}

function workloadLinks(cluster: string, ns: string, kind: string, name: string, logsOf = name) {
  const object = workloadPath(cluster, ns, kind, name);
  return { object, events: `${object}#events`, logs: logsPath(cluster, workloadLogsQuery(ns, logsOf), [logGroups(cluster).application], '1h', ns) };
}

function hpaSignals(cluster: string, hpas: HpaObject[]): Signal[] {
  const out: Signal[] = [];
  for (const hpa of hpas) {
    const ns = hpa.metadata?.namespace ?? '';
    const name = hpa.metadata?.name ?? '';
    const max = hpa.spec?.maxReplicas;
    if (max === undefined || (hpa.status?.currentReplicas ?? 0) < max) continue;
    const above: { resource: string; current: number; target: number }[] = [];
    for (const m of hpa.spec?.metrics ?? []) {
      if (m.type !== 'Resource' || !m.resource) continue;
      const target = m.resource.target?.averageUtilization;
      const current = hpa.status?.currentMetrics?.find((c) => c.type === 'Resource' && c.resource?.name === m.resource!.name)?.resource?.current?.averageUtilization;
      if (target !== undefined && current !== undefined && current > target) above.push({ resource: m.resource.name, current, target });
    }
    if (above.length === 0) continue;
    const limited = hpa.status?.conditions?.find((c) => c.type === 'ScalingLimited' && c.status === 'True');
    const target = hpa.spec?.scaleTargetRef;
    out.push({
      id: `HpaAtMax/${ns}/${name}`,
      kind: 'HpaAtMax',
      severity: 'warning',
      object: { kind: 'HorizontalPodAutoscaler', namespace: ns, name },
      title: `${name} is at its maximum of ${max} replicas`,
      message: `above target: ${above.map((a) => `${a.resource} ${a.current}% (target ${a.target}%)`).join(', ')}`,
      says: { title: { name, max }, message: { key: 'aboveTarget', above } },
      ...(limited?.lastTransitionTime ? { since: limited.lastTransitionTime } : {}),
      links: target?.kind === 'Deployment' && target.name ? workloadLinks(cluster, ns, 'Deployment', target.name) : workloadLinks(cluster, ns, 'Deployment', name),
    });
  }
  return out;
}

function deploymentSignals(cluster: string, deployments: DeploymentObject[]): Signal[] {
  const out: Signal[] = [];
  for (const d of deployments) {
    const ns = d.metadata?.namespace ?? '';
    const name = d.metadata?.name ?? '';
    const rollout = rolloutStatus('Deployment', d);
    const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing') as { status: string; message?: string; lastTransitionTime?: string } | undefined;
    if (!rollout.error && progressing?.status !== 'False') continue;
    out.push({
      id: `RolloutStuck/${ns}/${name}`,
      kind: 'RolloutStuck',
      severity: 'critical',
      object: { kind: 'Deployment', namespace: ns, name },
      title: `${name} rollout is not progressing`,
      message: progressing?.message ?? rollout.message,
      // Without the controller's message, a deadline that passed is said in Watchdeck's words; kubectl's "Waiting for…" stays as it prints it.
      says: { title: { name }, ...(!progressing?.message && rollout.error ? { message: { key: 'progressDeadline' as const, deployment: name } } : {}) },
      ...(progressing?.lastTransitionTime ? { since: progressing.lastTransitionTime } : {}),
      links: workloadLinks(cluster, ns, 'Deployment', name),
    });
  }
  return out;
}

function jobSignals(cluster: string, jobs: JobObject[]): Signal[] {
  const out: Signal[] = [];
  for (const job of jobs) {
    const ns = job.metadata?.namespace ?? '';
    const name = job.metadata?.name ?? '';
    const failedCondition = job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
    const complete = job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True');
    const failures = job.status?.failed ?? 0;
    if (complete || (!failedCondition && failures === 0)) continue;
    out.push({
      id: `JobFailing/${ns}/${name}`,
      kind: 'JobFailing',
      severity: failedCondition ? 'critical' : 'warning',
      object: { kind: 'Job', namespace: ns, name },
      title: failedCondition ? `${name} failed` : `${name} has ${failures} failed ${failures === 1 ? 'pod' : 'pods'}`,
      message: failedCondition ? (failedCondition.message ?? failedCondition.reason ?? 'Failed') : `${failures} of backoffLimit ${job.spec?.backoffLimit ?? 6} retries used`,
      says: {
        title: { name, failed: String(Boolean(failedCondition)), failures },
        ...(failedCondition ? {} : { message: { key: 'retriesUsed', failures, backoffLimit: job.spec?.backoffLimit ?? 6 } }),
      },
      ...(failedCondition?.lastTransitionTime ? { since: failedCondition.lastTransitionTime } : {}),
      links: workloadLinks(cluster, ns, 'Job', name),
    });
  }
  return out;
}

function eventTime(e: EventObject): number {
  return when(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp);
}

function burstSignals(cluster: string, events: EventObject[], now: Date): Signal[] {
  const byObject = new Map<string, { object: EventObject['involvedObject']; count: number; reasons: Map<string, number>; first: number }>();
  for (const e of events) {
    if (e.type !== 'Warning') continue;
    const t = eventTime(e);
    if (!(now.getTime() - t <= BURST_WINDOW_MS)) continue;
    const o = e.involvedObject ?? {};
    const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
    const entry = byObject.get(key) ?? { object: o, count: 0, reasons: new Map(), first: t };
    const n = e.series?.count ?? e.count ?? 1;
    entry.count += n;
    entry.reasons.set(e.reason ?? '', (entry.reasons.get(e.reason ?? '') ?? 0) + n);
    entry.first = Math.min(entry.first, t);
    byObject.set(key, entry);
  }
  const out: Signal[] = [];
  for (const [key, entry] of byObject) {
    if (entry.count < BURST_MIN_EVENTS) continue;
    const o = entry.object ?? {};
    const ns = o.namespace ?? '';
    const name = o.name ?? '';
    const links =
      o.kind === 'Pod'
        ? podLinks(cluster, ns, name)
        : o.kind === 'Node'
          ? { object: nodePath(cluster, name), events: `${nodePath(cluster, name)}#events`, logs: logsPath(cluster, nodeLogsQuery(name), [logGroups(cluster).dataplane]) }
          : ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet'].includes(o.kind ?? '')
            ? workloadLinks(cluster, ns, o.kind!, name)
            : { object: `/c/${encodeURIComponent(cluster)}?namespace=${encodeURIComponent(ns)}`, events: `/c/${encodeURIComponent(cluster)}?namespace=${encodeURIComponent(ns)}#events` };
    const reasons = [...entry.reasons.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ×${n}`);
    out.push({
      id: `WarningEventBurst/${key}`,
      kind: 'WarningEventBurst',
      severity: 'warning',
      object: { kind: o.kind ?? '', ...(ns ? { namespace: ns } : {}), name },
      title: `${entry.count} Warning events for ${o.kind} ${name} in ${BURST_WINDOW_MS / 60_000} min`,
      message: reasons.join(', '),
      says: { title: { count: entry.count, objectKind: o.kind ?? '', name, minutes: BURST_WINDOW_MS / 60_000 } },
      since: new Date(entry.first).toISOString(),
      links,
    });
  }
  return out;
}

const ORDER: Record<Signal['severity'], number> = { critical: 0, warning: 1 };

/** Every signal, critical first, then the longest-standing first. */
export function clusterSignals(cluster: string, objects: ClusterObjects, now: Date): Signal[] {
  const all = [
    ...podSignals(cluster, objects.pods, now),
    ...nodeSignals(cluster, objects.nodes),
    ...hpaSignals(cluster, objects.hpas),
    ...deploymentSignals(cluster, objects.deployments),
    ...jobSignals(cluster, objects.jobs),
    ...burstSignals(cluster, objects.events, now),
  ];
  return all.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || (when(a.since) || Infinity) - (when(b.since) || Infinity) || a.id.localeCompare(b.id));
}
