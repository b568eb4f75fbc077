import 'server-only';
/** The console API's HorizontalPodAutoscaler endpoints: list, one HPA explained, and its recorded history. */
import { consoleErrors } from '../errors';
import type { KubeClient } from '../k8s/client';
import { isForbidden } from '../k8s/errors';
import { eventsFor, type EventRow } from '../k8s/events';
import { completeBehavior } from '@/lib/k8s/hpa/normalize';
import { explainHpa, type Explanation, type WhatIf } from '@/lib/k8s/hpa/explain';
import { hpaRow, type HpaRow } from '@/lib/k8s/hpa/row';
import { listAll } from '../k8s/list-all';
import { listableNamespaces, podRow, type Omitted, type PodRow } from '../k8s/pods';
import { parseSchedulingMessage } from '@/lib/k8s/scheduling-message';
import { section, type Section } from '../k8s/section';
import { hpaNow } from '../hpa/clock';
import { startHpaRecorder } from '../hpa/recorder';
import { historyFromSamples, samplesBetween, type HpaSample } from '../hpa/samples';
import { recorderSettings } from '../hpa/settings';
import { HPA_REF, readHpaState, type HpaState } from '../hpa/state';
import { callerClient } from './cluster-client';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

export interface HpaList {
  namespace?: string;
  items: HpaRow[];
  /** All namespaces for a caller who may not list HPAs cluster-wide: the namespaces left out and why. */
  omitted?: Omitted[];
}

export async function clusterHpas(request: Request, cluster: string, namespace: string | undefined): Promise<HpaList> {
  startHpaRecorder();
  const { client } = await callerClient(request, cluster);
  if (namespace) return { namespace, items: (await listAll<any>(client, { ...HPA_REF, namespace })).map(hpaRow) };
  try {
    return { items: (await listAll<any>(client, HPA_REF)).map(hpaRow) };
  } catch (err) {
    if (!isForbidden(err)) throw err;
  }
  // As for pods: the namespaces the caller can use, one by one.
  const usable = await listableNamespaces(client);
  const omitted = [...usable.omitted];
  const items: HpaRow[] = [];
  for (const ns of usable.namespaces) {
    try {
      items.push(...(await listAll<any>(client, { ...HPA_REF, namespace: ns })).map(hpaRow));
    } catch (err) {
      if (!isForbidden(err)) throw err;
      omitted.push({ name: ns, reason: err.message });
    }
  }
  return { items, omitted };
}

/** Pods the scheduler cannot place for lack of CPU or memory, and what that means for the HPA. */
export interface Capacity {
  pods: { name: string; resources: string[]; message: string }[];
  message: string;
}

function capacityOf(state: HpaState, desired: number): Capacity | undefined {
  const pods: Capacity['pods'] = [];
  for (const p of state.pods) {
    if (p.status?.phase !== 'Pending') continue;
    const scheduled = (p.status?.conditions as { type: string; status: string; reason?: string; message?: string }[] | undefined)?.find((c) => c.type === 'PodScheduled');
    if (scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable') continue;
    const parsed = parseSchedulingMessage(scheduled.message ?? '');
    const resources = (parsed?.reasons ?? []).filter((r) => r.kind === 'insufficient' && (r.resource === 'cpu' || r.resource === 'memory')).map((r) => r.resource!);
    if (resources.length) pods.push({ name: p.metadata?.name ?? '', resources, message: scheduled.message ?? '' });
  }
  if (pods.length === 0) return undefined;
  const lacking = [...new Set(pods.flatMap((p) => p.resources))].join(' and ');
  const running = state.pods.length - pods.length;
  return {
    pods,
    message:
      `The HPA wants ${desired} replicas but ${pods.length} pod${pods.length === 1 ? '' : 's'} cannot be scheduled: no node has enough requested ${lacking} free, so ${running} of them run. ` +
      'Nodes must be added for them: the Cluster Autoscaler adds nodes when pods stay Pending for lack of CPU or memory, judging by the pods\u2019 requests, not their usage.',
  };
}

export interface HpaDetail {
  hpa: HpaRow;
  /** spec as autoscaling/v2 serves it (metrics, behavior, bounds, scaleTargetRef). */
  spec: any;
  explanation: Section<Explanation>;
  /** The same algorithm with the what-if values, when the request gave any. */
  whatIf?: Section<Explanation>;
  pods: Section<PodRow[]>;
  capacity?: Capacity;
  events: Section<EventRow[]>;
  /** Why the resource metrics API answered nothing (not installed, unavailable), when it failed. */
  metricsError?: string;
  /** The oldest recorded sample that fed the stabilization window, when any did. */
  recommendationsSince?: string;
}

/** The stabilization windows' reach: how far back recommendations matter. */
function historyWindowMs(spec: any): number {
  if (!spec?.behavior) return 300_000;
  const b = completeBehavior(spec.behavior);
  return Math.max(b.scaleUp.stabilizationWindowSeconds, b.scaleDown.stabilizationWindowSeconds) * 1000;
}

async function recentSamples(cluster: string, hpa: any, now: number): Promise<HpaSample[]> {
  const key = { cluster, namespace: hpa.metadata.namespace, name: hpa.metadata.name };
  return samplesBetween(key, new Date(now - historyWindowMs(hpa.spec)), new Date(now), hpa.metadata.uid);
}

export async function clusterHpa(request: Request, cluster: string, namespace: string, name: string, whatIf: WhatIf | undefined): Promise<HpaDetail> {
  startHpaRecorder();
  const { client } = await callerClient(request, cluster);
  return hpaDetail(client, cluster, namespace, name, whatIf);
}

/** One HPA explained as the client's identity: its state as the controller reads it, its recommendations recorded in the window, its events. */
export async function hpaDetail(client: KubeClient, cluster: string, namespace: string, name: string, whatIf: WhatIf | undefined): Promise<HpaDetail> {
  const hpa = await client.get<any>({ ...HPA_REF, namespace, name });
  const now = hpaNow();
  const [recent, state, events] = await Promise.all([recentSamples(cluster, hpa, now), section(() => readHpaState(client, namespace, name, now, hpa)), hpaEvents(client, hpa)]);
  const history = historyFromSamples(recent);
  const explain = (w?: WhatIf): Section<Explanation> => {
    if ('error' in state) return { error: state.error };
    if (state.data.metricsForbidden) return { error: state.data.metricsForbidden.toJSON() };
    return { data: explainHpa({ ...state.data, now, history, ...(w ? { whatIf: w } : {}) }) };
  };
  const explanation = explain();
  const capacity = 'data' in state && 'data' in explanation ? capacityOf(state.data, explanation.data.desiredReplicas) : undefined;
  return {
    hpa: hpaRow(hpa),
    spec: hpa.spec ?? {},
    explanation,
    ...(whatIf ? { whatIf: explain(whatIf) } : {}),
    pods: 'error' in state ? { error: state.error } : { data: state.data.pods.map((p) => podRow(p, new Date(now))) },
    ...(capacity ? { capacity } : {}),
    ...('data' in state && state.data.metricsError ? { metricsError: state.data.metricsError } : {}),
    events,
    ...(recent.length ? { recommendationsSince: recent[0].at } : {}),
  };
}

const SCALE_EVENTS = new Set(['SuccessfulRescale', 'FailedGetResourceMetric', 'FailedGetContainerResourceMetric', 'FailedComputeMetricsReplicas', 'FailedGetScale', 'FailedRescale']);

function hpaEvents(client: KubeClient, hpa: any): Promise<Section<EventRow[]>> {
  return section(() => eventsFor(client, { kind: 'HorizontalPodAutoscaler', name: hpa.metadata.name, namespace: hpa.metadata.namespace, uid: hpa.metadata.uid }));
}

export interface HpaHistoryAnswer {
  from: string;
  to: string;
  /** How often the recorder samples and how long it keeps samples. */
  intervalSeconds: number;
  retentionSeconds: number;
  samples: HpaSample[];
  /** The HPA's scale events (SuccessfulRescale, FailedGetResourceMetric, FailedComputeMetricsReplicas, …) within the range. */
  events: Section<EventRow[]>;
}

export const MAX_HISTORY_RANGE_MS = 8 * 86_400_000;

/** The recorded samples of an HPA the caller may get, with its scale events merged in. */
export async function clusterHpaHistory(request: Request, cluster: string, namespace: string, name: string, from: Date, to: Date): Promise<HpaHistoryAnswer> {
  if (!(from < to)) throw consoleErrors.badRequest('from must be before to');
  if (to.getTime() - from.getTime() > MAX_HISTORY_RANGE_MS) throw consoleErrors.badRequest('the range may span at most 8 days');
  startHpaRecorder();
  const { client } = await callerClient(request, cluster);
  // The API server decides: a caller who may not get this HPA sees its 403 and no samples.
  const hpa = await client.get<any>({ ...HPA_REF, namespace, name });
  const settings = recorderSettings();
  const [samples, events] = await Promise.all([samplesBetween({ cluster, namespace, name }, from, to, hpa.metadata.uid), hpaEvents(client, hpa)]);
  const inRange = (e: EventRow) => {
    const t = Date.parse(e.lastSeen ?? e.firstSeen ?? '');
    return SCALE_EVENTS.has(e.reason) && t >= from.getTime() && t <= to.getTime();
  };
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    intervalSeconds: settings.intervalMs / 1000,
    retentionSeconds: settings.retentionMs / 1000,
    samples,
    events: 'data' in events ? { data: events.data.filter(inRange).reverse() } : events,
  };
}
