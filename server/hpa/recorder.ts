import 'server-only';
/**
 * Samples every HPA of every cluster on an interval into the store, as the
 * configured recording identity, so an HPA's page can show how it scaled over
 * time. One recorder per console process.
 */
import type { KubeClient } from '../k8s/client';
import { listClusters } from '../k8s/clusters';
import { emptyHistory } from '../k8s/hpa/normalize';
import { explainHpa } from '../k8s/hpa/explain';
import { milliValue } from '../k8s/hpa/metric';
import { listAll } from '../k8s/list-all';
import { log } from '../observability/logger';
import { hpaNow } from './clock';
import { recorderClient } from './identity';
import { insertSamples, pruneSamples, type HpaSample, type SampleMetric, type SamplePods } from './samples';
import { recorderSettings, type RecorderSettings } from './settings';
import { HPA_REF, readHpaState, type HpaState } from './state';

/* eslint-disable @typescript-eslint/no-explicit-any */

function metricOf(spec: any, status: any): SampleMetric {
  const key = { Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object', External: 'external' }[spec.type as string];
  const src = key ? spec[key] ?? {} : {};
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
  let complete = true;
  for (const { name } of listClusters().clusters) {
    try {
      const client = recorderClient(settings, name);
      if (!client) {
        warnOnce('identity', 'no recording identity in token or oidc mode; set WATCHDECK_HPA_RECORDER_TOKEN_FILE to record HPA history');
        return false;
      }
      const { skipped } = await recordCluster(client);
      for (const s of skipped) warnOnce(`${name}/${s.hpa}`, `${name} ${s.hpa} not recorded: ${s.reason}`, { cluster: name });
    } catch (err) {
      complete = false;
      warnOnce(`${name}`, `cannot record cluster ${name}: ${(err as Error).message}`, { cluster: name });
    }
  }
  await pruneSamples(new Date(hpaNow() - settings.retentionMs));
  return complete;
}

/** The running recorder; lastSampleAt is when its last round sampled every cluster, or when it started. */
const holder = globalThis as unknown as { __watchdeckHpaRecorder?: { stop(): void; lastSampleAt?: number } };

/** When the process's recorder last sampled every cluster (its start until then); undefined when it is not recording. */
export function recorderLastSampleAt(): number | undefined {
  return holder.__watchdeckHpaRecorder?.lastSampleAt;
}

/** Starts the process's recorder once: a round now, then one per interval. */
export function startHpaRecorder(): void {
  if (holder.__watchdeckHpaRecorder) return;
  let settings: RecorderSettings;
  try {
    settings = recorderSettings();
  } catch (err) {
    log().error({ err }, 'HPA recorder not started');
    holder.__watchdeckHpaRecorder = { stop() {} };
    return;
  }
  if (!settings.enabled) {
    holder.__watchdeckHpaRecorder = { stop() {} };
    return;
  }
  let running = false;
  const round = async () => {
    // A slow round is not overlapped by the next.
    if (running) return;
    running = true;
    try {
      if (await recordRound(settings)) recorder.lastSampleAt = Date.now();
    } catch (err) {
      warnOnce('round', `round failed: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(round, settings.intervalMs);
  timer.unref();
  const recorder = { stop: () => clearInterval(timer), lastSampleAt: Date.now() };
  holder.__watchdeckHpaRecorder = recorder;
  void round();
}

/** Stops the process's recorder (tests); the next startHpaRecorder starts a new one. */
export function stopHpaRecorder(): void {
  holder.__watchdeckHpaRecorder?.stop();
  holder.__watchdeckHpaRecorder = undefined;
}
