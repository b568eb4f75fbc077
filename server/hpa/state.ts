import 'server-only';
import { consoleErrors, type ConsoleError } from '../errors';
import type { KubeClient, ResourceRef } from '../k8s/client';
import { isForbidden } from '../k8s/errors';
import { milliValue, type ContainerUsage } from '@/lib/k8s/hpa/metric';
import { listAll } from '../k8s/list-all';
import type { KubeList, Pod } from '../k8s/pods';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

export const HPA_REF = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' } as const;

/** The kinds with a scale subresource the controller can target, by "group/Kind". */
const SCALE_TARGETS: Record<string, Omit<ResourceRef, 'namespace' | 'name'>> = {
  'apps/Deployment': { group: 'apps', version: 'v1', resource: 'deployments' },
  'apps/StatefulSet': { group: 'apps', version: 'v1', resource: 'statefulsets' },
  'apps/ReplicaSet': { group: 'apps', version: 'v1', resource: 'replicasets' },
  '/ReplicationController': { group: '', version: 'v1', resource: 'replicationcontrollers' },
};

export interface HpaState {
  hpa: any;
  /** The target's spec.replicas, from its scale subresource. */
  currentReplicas: number;
  /** The scale's status.selector. */
  selector: string;
  pods: Pod[];
  /** PodMetrics by pod name, in milli-units. */
  usage: Map<string, ContainerUsage[]>;
  metrics: { timestamp: number; windowMs: number };
  /** Why the resource metrics API gave nothing, when it failed. */
  metricsError?: string;
  /** The API server's 403 when the caller may not list pod metrics: no explanation can be built on none. */
  metricsForbidden?: ConsoleError;
}

export function scaleTargetRef(hpa: any, namespace: string): ResourceRef {
  const ref = hpa.spec?.scaleTargetRef ?? {};
  const group = typeof ref.apiVersion === 'string' && ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  const target = SCALE_TARGETS[`${group}/${ref.kind}`];
  if (!target) throw consoleErrors.badRequest(`the HPA's scaleTargetRef ${ref.kind}/${ref.name} (${ref.apiVersion}) is not a kind Watchdeck can read the scale of`);
  return { ...target, namespace, name: String(ref.name) };
}

function windowMs(text: unknown): number {
  const m = typeof text === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(text) : null;
  return m ? Number(m[1]) * 1000 : 30_000;
}

/** PodMetrics as ContainerUsage by pod name, and the newest sample's time and window. */
export function podUsage(items: any[], fallbackNow: number): { usage: Map<string, ContainerUsage[]>; metrics: { timestamp: number; windowMs: number } } {
  const usage = new Map<string, ContainerUsage[]>();
  let timestamp = 0;
  let window = 30_000;
  for (const m of items) {
    usage.set(
      m.metadata.name,
      (m.containers ?? []).map((c: any) => ({ name: c.name, cpu: milliValue(c.usage?.cpu) ?? 0, memory: milliValue(c.usage?.memory) ?? 0 })),
    );
    const t = Date.parse(m.timestamp ?? '');
    if (t > timestamp) {
      timestamp = t;
      window = windowMs(m.window);
    }
  }
  return { usage, metrics: { timestamp: timestamp || fallbackNow, windowMs: window } };
}

/** What the controller looks at for one HPA: the HPA, the target's scale, its pods and their metrics, read as the client's identity. */
export async function readHpaState(client: KubeClient, namespace: string, name: string, now: number, given?: any): Promise<HpaState> {
  const hpa = given ?? (await client.get<any>({ ...HPA_REF, namespace, name }));
  const scale = await client.get<any>({ ...scaleTargetRef(hpa, namespace), subresource: 'scale' });
  const selector: string = scale.status?.selector ?? '';
  if (!selector) throw consoleErrors.badRequest(`the HPA target's scale has no selector`);
  let metricsError: string | undefined;
  let metricsForbidden: ConsoleError | undefined;
  const readMetrics = async (): Promise<any[]> => {
    try {
      return (await client.get<KubeList<any>>({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', namespace }, { labelSelector: selector })).items;
    } catch (err) {
      // A caller who may not read pod metrics gets that 403, not an explanation built on no metrics.
      if (isForbidden(err)) metricsForbidden = err;
      else metricsError = (err as Error).message;
      return [];
    }
  };
  const [pods, items] = await Promise.all([listAll<Pod>(client, { group: '', version: 'v1', resource: 'pods', namespace }, { labelSelector: selector }), readMetrics()]);
  const { usage, metrics } = podUsage(items, now);
  return { hpa, currentReplicas: scale.spec?.replicas ?? 0, selector, pods, usage, metrics, ...(metricsError ? { metricsError } : {}), ...(metricsForbidden ? { metricsForbidden } : {}) };
}
