import 'server-only';
import { stringify } from 'yaml';
import type { KubeClient } from './client';
import { containerDetails, type ContainerDetail } from '@/lib/k8s/containers';
import { eventsFor, type EventRow } from './events';
import { amountsOf, type Amounts } from './nodes';
import { ownerChain, type OwnerLink } from './owners';
import { explainPending, type PendingExplanation } from './pending';
import { podRow, POD_REF, type ObjectMeta, type Pod, type PodRow } from './pods';
import { amounts } from '@/lib/k8s/resources';
import { section, type Section } from './section';

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string;
}

export interface PodDetail {
  row: PodRow;
  phase: string;
  /** status.reason / status.message, e.g. Evicted and the kubelet's words. */
  reason?: string;
  message?: string;
  qosClass?: string;
  node?: string;
  hostIP?: string;
  podIPs: string[];
  startTime?: string;
  serviceAccount?: string;
  priority?: number;
  priorityClassName?: string;
  deletionTimestamp?: string;
  conditions: PodCondition[];
  /** The controller chain, nearest first: ReplicaSet, Deployment; or Job, CronJob. */
  owners: OwnerLink[];
  containers: (ContainerDetail & { usage?: Amounts })[];
  /** metrics.k8s.io PodMetrics: its error says why there is no usage (no metrics API, forbidden, not yet scraped). */
  usage: Section<{ timestamp?: string; window?: string }>;
  /** Newest first. */
  events: Section<EventRow[]>;
  /** Only for a Pending pod. */
  pending?: PendingExplanation;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The object as YAML, managedFields left out. */
  yaml: string;
}

interface PodMetrics {
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

type FullPod = Pod & {
  metadata?: ObjectMeta;
  spec?: Pod['spec'] & { serviceAccountName?: string; priority?: number; priorityClassName?: string };
  status?: Pod['status'] & { qosClass?: string; hostIP?: string; podIPs?: { ip: string }[]; startTime?: string; message?: string; conditions?: PodCondition[] };
};

export function objectYaml(object: { metadata?: ObjectMeta }): string {
  const { managedFields: _dropped, ...metadata } = object.metadata ?? {};
  return stringify({ ...object, metadata });
}

/** One pod as `kubectl describe` shows it, plus its owner chain, usage and YAML; every read as the caller. */
export async function podDetail(client: KubeClient, namespace: string, name: string, now = new Date()): Promise<PodDetail> {
  const pod = await client.get<FullPod>({ ...POD_REF, namespace, name });
  const meta = pod.metadata ?? {};
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  const unscheduled = !pod.spec?.nodeName;
  const podEvents = section(() => eventsFor(client, { kind: 'Pod', name, namespace, uid: meta.uid }));
  // Every read after the pod's own goes out at once: the page waits for its longest chain (the owners'), not their sum.
  const [owners, events, metrics, pending] = await Promise.all([
    ownerChain(client, namespace, meta),
    podEvents,
    section(() => client.get<PodMetrics>({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', namespace, name })),
    phase === 'Pending' && unscheduled
      ? explainPending(
          client,
          pod,
          podEvents.then((e) => ('data' in e ? e.data : [])),
        )
      : undefined,
  ]);
  const usageByContainer = new Map(('data' in metrics ? (metrics.data.containers ?? []) : []).map((c) => [c.name, amountsOf(amounts(c.usage))]));
  return {
    row: podRow(pod, now),
    phase,
    ...(status.reason ? { reason: status.reason } : {}),
    ...(status.message ? { message: status.message } : {}),
    ...(status.qosClass ? { qosClass: status.qosClass } : {}),
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    ...(status.hostIP ? { hostIP: status.hostIP } : {}),
    podIPs: (status.podIPs ?? []).map((p) => p.ip),
    ...(status.startTime ? { startTime: status.startTime } : {}),
    ...(pod.spec?.serviceAccountName ? { serviceAccount: pod.spec.serviceAccountName } : {}),
    ...(pod.spec?.priority !== undefined ? { priority: pod.spec.priority } : {}),
    ...(pod.spec?.priorityClassName ? { priorityClassName: pod.spec.priorityClassName } : {}),
    ...(meta.deletionTimestamp ? { deletionTimestamp: meta.deletionTimestamp } : {}),
    conditions: (status.conditions ?? []).map((c) => ({ ...c })),
    owners,
    containers: containerDetails(pod as never).map((c) => {
      const usage = usageByContainer.get(c.name);
      return usage ? { ...c, usage } : c;
    }),
    usage: 'data' in metrics ? { data: { ...(metrics.data.timestamp ? { timestamp: metrics.data.timestamp } : {}), ...(metrics.data.window ? { window: metrics.data.window } : {}) } } : metrics,
    events,
    ...(pending ? { pending } : {}),
    labels: meta.labels ?? {},
    annotations: meta.annotations ?? {},
    yaml: objectYaml(pod),
  };
}
