import 'server-only';
/**
 * Samples every HPA of every cluster on an interval into the store, as the
 * configured recording identity, so an HPA's page can show how it scaled over
 * time. Every console process campaigns for the recorder's Lease; only the
 * replica holding it records.
 */
import type { KubeClient } from '../k8s/client';
import { listClusters } from '../k8s/clusters';
import { emptyHistory } from '@/lib/k8s/hpa/normalize';
import { explainHpa } from '@/lib/k8s/hpa/explain';
import { milliValue } from '@/lib/k8s/hpa/metric';
import { listAll } from '../k8s/list-all';
import { log } from '../observability/logger';
import { replicaId } from '../replica';
import { hpaNow } from './clock';
import { recorderClient, recorderLeaseClient } from './identity';
import { LeaderElector, leaderElectionSettings, type LeaderElectionSettings } from './leader-election';
import { insertSamples, pruneSamples, type HpaSample, type SampleMetric, type SamplePods } from './samples';
import { recorderSettings, type RecorderSettings } from './settings';
import { HPA_REF, readHpaState, type HpaState } from './state';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

function metricOf(spec: any, status: any): SampleMetric {
  const key = { Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object', External: 'external' }[spec.type as string];
  const src = key ? (spec[key] ?? {}) : {};
  const cur = key ? status?.[key]?.current : undefined;
  const name: string = src.name ?? src.metric?.name ?? String(spec.type);
  const target = src.target ?? {};
  if (target.averageUtilization !== undefined) {
    return { name, type: spec.type, unit: 'percent', current: cur?.averageUtilization ?? null, target: target.averageUtilization };
  }
  const which = target.averageValue !== undefined ? 'averageValue' : 'value';
  return { name, type: spec.type, unit: 'milli', current: milliValue(cur?.[which]) ?? null, target: milliValue(target[which]) ?? null };
}

function podsOf(state: HpaState): SamplePods {
  let ready = 0;
  let pending = 0;
  let unschedulable = 0;
  for (const p of state.pods) {
    const conditions = p.status?.conditions ?? [];
    if (conditions.some((c) => c.type === 'Ready' && c.status === 'True')) ready++;
    if (p.status?.phase === 'Pending') {
      pending++;
      if (conditions.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable')) unschedulable++;
    }
  }
  return { total: state.pods.length, ready, pending, unschedulable };
}

/** One HPA's sample now: its status, bounds, the algorithm's recommendation over its pods, and the pods' states. */
export function sampleOf(state: HpaState, now: number): HpaSample {
  const { hpa } = state;
  const explanation = explainHpa({ ...state, history: emptyHistory(), now });
  const specs: any[] = hpa.spec?.metrics ?? [];
  return {
    at: new Date(now).toISOString(),
    currentReplicas: state.currentReplicas,
    desiredReplicas: hpa.status?.desiredReplicas ?? 0,
    minReplicas: hpa.spec?.minReplicas ?? 1,
    maxReplicas: hpa.spec?.maxReplicas ?? 1,
    recommendation: explanation.special || explanation.error ? null : (explanation.proposedReplicas ?? null),
    metrics: specs.map((m, i) => metricOf(m, hpa.status?.currentMetrics?.[i])),
    pods: podsOf(state),
  };
}

/** Samples every HPA the client may list in one cluster; an HPA whose target cannot be read is skipped this round. */
export async function recordCluster(client: KubeClient, now = hpaNow()): Promise<{ recorded: number; skipped: { hpa: string; reason: string }[] }> {
  const hpas = await listAll<any>(client, HPA_REF);
  const rows: Parameters<typeof insertSamples>[1] = [];
  const skipped: { hpa: string; reason: string }[] = [];
  for (const hpa of hpas) {
    const { namespace, name, uid } = hpa.metadata;
    try {
      const state = await readHpaState(client, namespace, name, now, hpa);
      rows.push({ namespace, name, uid, ...sampleOf(state, now) });
    } catch (err) {
      skipped.push({ hpa: `${namespace}/${name}`, reason: (err as Error).message });
    }
  }
  await insertSamples(client.cluster, rows);
  return { recorded: rows.length, skipped };
}

const warned = new Set<string>();

function warnOnce(key: string, message: string, fields: Record<string, string> = {}): void {
  if (warned.has(key)) return;
  warned.add(key);
  log().warn(fields, `HPA recorder: ${message}`);
}

/** One round: every cluster, then the retention. True when every cluster was sampled. */
export async function recordRound(settings: RecorderSettings): Promise<boolean> {
  let identityMissing = false;
  // Every cluster at once: one whose API server does not answer delays no other cluster's samples.
  const sampled = await Promise.all(
    listClusters().clusters.map(async ({ name }) => {
      try {
        const client = recorderClient(settings, name);
        if (!client) {
          identityMissing = true;
          return false;
        }
        const { skipped } = await recordCluster(client);
        for (const s of skipped) warnOnce(`${name}/${s.hpa}`, `${name} ${s.hpa} not recorded: ${s.reason}`, { cluster: name });
        return true;
      } catch (err) {
        warnOnce(`${name}`, `cannot record cluster ${name}: ${(err as Error).message}`, { cluster: name });
        return false;
      }
    }),
  );
  if (identityMissing) {
    warnOnce('identity', 'no recording identity in token or oidc mode; set WATCHDECK_HPA_RECORDER_TOKEN_FILE to record HPA history');
    return false;
  }
  await pruneSamples(new Date(hpaNow() - settings.retentionMs));
  return sampled.every(Boolean);
}

interface Recorder {
  stop(): Promise<void>;
  elector?: LeaderElector;
  /** When the last round that sampled every cluster ended (performance.now()), or when this replica began to lead. */
  lastSampleAt?: number;
  leading: boolean;
}

const holder = globalThis as unknown as { __watchdeckHpaRecorder?: Recorder };
const idle = (): Recorder => ({ stop: async () => {}, leading: false });

/** The Lease lives on the cluster the console runs in: the kubeconfig's current context (in a pod, its own cluster). */
function leaseClient(settings: RecorderSettings, election: LeaderElectionSettings) {
  return async () => {
    const elector = holder.__watchdeckHpaRecorder?.elector;
    if (elector?.lastError) warnOnce('lease', `cannot hold Lease ${election.namespace}/${election.name}: ${elector.lastError}`);
    return recorderLeaseClient(settings, listClusters().defaultCluster, election.renewDeadlineMs);
  };
}

/**
 * Starts the process's recorder once: it campaigns for the Lease and, while it leads, records a
 * round at once and then one per interval.
 */
export function startHpaRecorder(): void {
  if (holder.__watchdeckHpaRecorder) return;
  let settings: RecorderSettings;
  let election: LeaderElectionSettings;
  try {
    settings = recorderSettings();
    election = leaderElectionSettings();
  } catch (err) {
    log().error({ err }, 'HPA recorder not started');
    holder.__watchdeckHpaRecorder = idle();
    return;
  }
  if (!settings.enabled) {
    holder.__watchdeckHpaRecorder = idle();
    return;
  }
  let running = false;
  const recorder: Recorder = { stop: async () => {}, leading: false };
  const round = async () => {
    // A slow round is not overlapped by the next.
    if (running) return;
    running = true;
    try {
      if (await recordRound(settings)) recorder.lastSampleAt = performance.now();
    } catch (err) {
      warnOnce('round', `round failed: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const campaign = new AbortController();
  recorder.elector = new LeaderElector(replicaId(), election, leaseClient(settings, election));
  const done = recorder.elector.run(campaign.signal, (leading) => {
    recorder.leading = true;
    recorder.lastSampleAt = performance.now();
    const timer = setInterval(round, settings.intervalMs);
    timer.unref();
    leading.addEventListener('abort', () => {
      clearInterval(timer);
      recorder.leading = false;
    });
    void round();
  });
  recorder.stop = async () => {
    campaign.abort();
    await done;
  };
  holder.__watchdeckHpaRecorder = recorder;
}

/** Stops the process's recorder and releases its Lease; the next startHpaRecorder starts a new one. */
export async function stopHpaRecorder(): Promise<void> {
  const recorder = holder.__watchdeckHpaRecorder;
  holder.__watchdeckHpaRecorder = undefined;
  await recorder?.stop();
}

/** Whether this replica records now, and who holds the Lease as it last saw it. */
export function recorderLeadership(): { leading: boolean; leader: string } {
  const recorder = holder.__watchdeckHpaRecorder;
  return { leading: recorder?.leading ?? false, leader: recorder?.elector?.leader() ?? '' };
}

/** Milliseconds since this replica's last recording round ended while it leads; undefined when it does not record. */
export function recorderLag(): number | undefined {
  const recorder = holder.__watchdeckHpaRecorder;
  if (!recorder?.leading || recorder.lastSampleAt === undefined) return undefined;
  return performance.now() - recorder.lastSampleAt;
}
