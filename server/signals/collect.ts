import 'server-only';
/**
 * The cluster's signals as the caller may see them: pods, nodes, HPAs, Deployments, Jobs and
 * events, each listed cluster-wide when the caller may, else namespace by namespace (those the
 * caller may not read named with the API server's message); a source that fails is reported
 * with its error and the rest still answers.
 */
import { callerClient } from '../api/cluster-client';
import type { ErrorObject } from '../errors';
import { ConsoleError } from '../errors';
import type { KubeClient, ResourceRef } from '../k8s/client';
import { isForbidden } from '../k8s/errors';
import { listAll } from '../k8s/list-all';
import { listableNamespaces } from '../k8s/pods';
import { clusterSignals, type ClusterObjects, type Signal } from '@/lib/signals/signals';

const REFS: Record<keyof ClusterObjects, ResourceRef & { label: string }> = {
  pods: { group: '', version: 'v1', resource: 'pods', label: 'pods' },
  nodes: { group: '', version: 'v1', resource: 'nodes', label: 'nodes' },
  hpas: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', label: 'horizontalpodautoscalers.autoscaling' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments', label: 'deployments.apps' },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs', label: 'jobs.batch' },
  events: { group: '', version: 'v1', resource: 'events', label: 'events' },
};

export interface SignalSource {
  resource: string;
  /** Namespaces the caller may not list this resource in, with the API server's message. */
  omitted: { namespace?: string; reason: string }[];
  error?: ErrorObject;
}

export interface ClusterSignals {
  cluster: string;
  signals: Signal[];
  sources: SignalSource[];
  checkedAt: string;
}

async function listEverywhere<T>(client: KubeClient, key: keyof ClusterObjects, namespaces: () => Promise<string[]>): Promise<{ items: T[]; source: SignalSource }> {
  const ref = REFS[key];
  const source: SignalSource = { resource: ref.label, omitted: [] };
  const query = key === 'events' ? { fieldSelector: 'type=Warning' } : {};
  try {
    return { items: await listAll<T>(client, ref, query), source };
  } catch (err) {
    if (!isForbidden(err) || key === 'nodes') {
      if (isForbidden(err)) source.omitted.push({ reason: err.message });
      else if (err instanceof ConsoleError && err.kind !== 'Unauthorized') source.error = err.toJSON();
      else throw err;
      return { items: [], source };
    }
  }
  const items: T[] = [];
  for (const namespace of await namespaces()) {
    try {
      items.push(...(await listAll<T>(client, { ...ref, namespace }, query)));
    } catch (err) {
      if (isForbidden(err)) source.omitted.push({ namespace, reason: err.message });
      else if (err instanceof ConsoleError && err.kind !== 'Unauthorized') source.error = err.toJSON();
      else throw err;
    }
  }
  return { items, source };
}

export async function collectSignals(request: Request, cluster: string, now = new Date()): Promise<ClusterSignals> {
  const { client } = await callerClient(request, cluster);
  let namespaces: Promise<string[]> | undefined;
  const nsList = () => (namespaces ??= listableNamespaces(client, { tryDenied: true }).then((r) => r.namespaces));
  const keys = Object.keys(REFS) as (keyof ClusterObjects)[];
  const results = await Promise.all(keys.map((k) => listEverywhere(client, k, nsList)));
  const objects = Object.fromEntries(keys.map((k, i) => [k, results[i].items])) as unknown as ClusterObjects;
  return { cluster, signals: clusterSignals(cluster, objects, now), sources: results.map((r) => r.source), checkedAt: now.toISOString() };
}
