import 'server-only';
import type { HpaHistory, ScaleEvent } from '@/lib/k8s/hpa/normalize';
import { store } from '../store';

export interface SampleMetric {
  /** "cpu", "memory", or the metric's name. */
  name: string;
  type: string;
  /** percent: utilization of requests; milli: milli-units per pod (or of the object). */
  unit: 'percent' | 'milli';
  current: number | null;
  target: number | null;
}

export interface SamplePods {
  total: number;
  ready: number;
  pending: number;
  /** Pending because no node fits them (PodScheduled False, Unschedulable). */
  unschedulable: number;
}

export interface HpaSample {
  at: string;
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  /** The highest metric proposal at the time, before stabilization and limits; null when none could be computed. */
  recommendation: number | null;
  metrics: SampleMetric[];
  pods: SamplePods;
}

export interface HpaKey {
  cluster: string;
  namespace: string;
  name: string;
}

export async function insertSamples(cluster: string, rows: (HpaSample & { namespace: string; name: string; uid: string })[]): Promise<void> {
  if (rows.length === 0) return;
  const { db } = await store();
  await db
    .insertInto('hpa_samples')
    .values(
      rows.map((r) => ({
        cluster,
        namespace: r.namespace,
        name: r.name,
        uid: r.uid,
        sampled_at: new Date(r.at),
        current_replicas: r.currentReplicas,
        desired_replicas: r.desiredReplicas,
        min_replicas: r.minReplicas,
        max_replicas: r.maxReplicas,
        recommendation: r.recommendation,
        metrics: JSON.stringify(r.metrics),
        pods: JSON.stringify(r.pods),
      })),
    )
    .onConflict((oc) => oc.columns(['cluster', 'namespace', 'name', 'sampled_at']).doNothing())
    .execute();
}

/** Samples of one HPA between two times, oldest first; `uid` keeps a recreated HPA's history apart from its predecessor's. */
export async function samplesBetween(key: HpaKey, from: Date, to: Date, uid?: string): Promise<HpaSample[]> {
  const { db } = await store();
  let query = db
    .selectFrom('hpa_samples')
    .selectAll()
    .where('cluster', '=', key.cluster)
    .where('namespace', '=', key.namespace)
    .where('name', '=', key.name)
    .where('sampled_at', '>=', from)
    .where('sampled_at', '<=', to);
  if (uid) query = query.where('uid', '=', uid);
  const rows = await query.orderBy('sampled_at').execute();
  return rows.map((r) => ({
    at: new Date(r.sampled_at).toISOString(),
    currentReplicas: r.current_replicas,
    desiredReplicas: r.desired_replicas,
    minReplicas: r.min_replicas,
    maxReplicas: r.max_replicas,
    recommendation: r.recommendation,
    metrics: r.metrics as SampleMetric[],
    pods: r.pods as SamplePods,
  }));
}

/** Deletes samples older than the retention; returns how many went. */
export async function pruneSamples(before: Date): Promise<number> {
  const { db } = await store();
  const result = await db.deleteFrom('hpa_samples').where('sampled_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The recommendations and scale events the controller would remember, rebuilt from the samples:
 * each sample's recommendation at its time, and each change of the target's replicas between
 * two samples as a scale event at the later one.
 */
export function historyFromSamples(samples: HpaSample[]): HpaHistory {
  const recommendations = samples.filter((s) => s.recommendation !== null).map((s) => ({ recommendation: s.recommendation!, timestamp: Date.parse(s.at) }));
  const scaleUpEvents: ScaleEvent[] = [];
  const scaleDownEvents: ScaleEvent[] = [];
  for (let i = 1; i < samples.length; i++) {
    const change = samples[i].currentReplicas - samples[i - 1].currentReplicas;
    if (change === 0) continue;
    const event = { replicaChange: Math.abs(change), timestamp: Date.parse(samples[i].at), outdated: false };
    (change > 0 ? scaleUpEvents : scaleDownEvents).push(event);
  }
  return { recommendations, scaleUpEvents, scaleDownEvents };
}
