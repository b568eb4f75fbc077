import 'server-only';
/**
 * Cordon, uncordon and drain a node as kubectl does: cordon patches spec.unschedulable; drain
 * cordons, picks the pods as `kubectl drain` does with the flags asked (--force,
 * --ignore-daemonsets, --delete-emptydir-data), evicts each through the Eviction API at once,
 * retrying each refusal (429, a PodDisruptionBudget's among them) every 5 s, and waits for each
 * evicted pod to be gone or replaced, until the caller's timeout or until they stop. Every write
 * is kept in the audit trail.
 */
import { drainPlan, type DaemonSetLookup, type DrainFlags, type DrainPod, type PodName } from '@/lib/k8s/drain-plan';
import { audited, type AuditContext } from '../../audit/trail';
import { ConsoleError, type ErrorObject, type KubeStatus } from '../../errors';
import { errorBody } from '../../http';
import type { StreamingKubeClient } from '../client';
import { listAll } from '../list-all';

/** kubectl drain's wait between two evictions of a pod the API server refused with 429. */
export const EVICTION_RETRY_MS = 5_000;
/** kubectl drain's interval between two reads of an evicted pod while it waits for it to go (waitForDelete). */
export const DELETE_POLL_MS = 1_000;

const NODES = { group: '', version: 'v1', resource: 'nodes' };

export interface CordonResult {
  node: string;
  unschedulable: boolean;
}

/** Sets spec.unschedulable with a strategic merge patch, as `kubectl cordon` and `uncordon` do. */
export async function setUnschedulable(client: StreamingKubeClient, audit: AuditContext, node: string, unschedulable: boolean): Promise<CordonResult> {
  const patched = await audited(audit, { action: unschedulable ? 'cordon' : 'uncordon', group: '', version: 'v1', resource: 'nodes', name: node }, () =>
    // kubectl sends null to clear the field, leaving no unschedulable: false behind.
    client.patch<{ spec?: { unschedulable?: boolean } }>({ ...NODES, name: node }, 'strategic', { spec: { unschedulable: unschedulable ? true : null } }),
  );
  return { node, unschedulable: patched.spec?.unschedulable === true };
}

export interface DrainOptions extends DrainFlags {
  /** How long refused evictions are retried and evicted pods waited for, from the start of the drain (kubectl's --timeout). */
  timeoutSeconds: number;
}

export type DrainEvent =
  | { type: 'cordoned'; node: string }
  | { type: 'plan'; evict: PodName[]; skipped: (PodName & { reason: string })[]; warnings: { message: string; pods: PodName[] }[] }
  /** kubectl's refusal before any eviction (pods with local storage, pods without a controller); the node stays cordoned. */
  | { type: 'refused'; message: string; pods: PodName[] }
  | { type: 'evicting'; pod: PodName }
  /** The API server accepted the eviction; the pod is terminating. */
  | { type: 'evicted'; pod: PodName }
  /** The evicted pod is gone, or a pod of the same name with another uid took its place (a StatefulSet's). */
  | { type: 'terminated'; pod: PodName; replaced: boolean }
  /** The API server's 429 (a disruption budget's, with its causes), verbatim; tried again after retryInSeconds. */
  | { type: 'blocked'; pod: PodName; message: string; causes: NonNullable<KubeStatus['details']>['causes']; retryInSeconds: number }
  | { type: 'failed'; pod: PodName; error: ErrorObject }
  | { type: 'timedOut'; pod: PodName; message: string }
  /** `result` says how it ended, for a page to word; `message` is the same in English. */
  | { type: 'done'; node: string; evicted: PodName[]; remaining: PodName[]; result: 'refused' | 'stopped' | 'notEvicted' | 'drained'; message: string };

/** Waits, or stops waiting when the signal aborts; says whether the wait ran its course. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve(true);
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** Events pushed by several workers, read in the order they happen. */
function eventQueue<T>() {
  const items: T[] = [];
  let wake: (() => void) | undefined;
  return {
    push(item: T) {
      items.push(item);
      wake?.();
    },
    async next(): Promise<T> {
      while (items.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      return items.shift()!;
    },
  };
}

type Outcome = 'evicted' | 'left';

/** Go's time.Duration String() of whole seconds, as kubectl prints its --timeout ("30s", "5m0s", "1h0m0s"). */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

interface Drain {
  client: StreamingKubeClient;
  audit: AuditContext;
  deadline: number;
  timeout: string;
  signal: AbortSignal;
  report: (e: DrainEvent) => void;
}

/** waitForDelete: reads the pod every second until it is gone or another pod (another uid) has its name, or the drain's timeout. */
async function waitForDelete(d: Drain, pod: PodName, uid: string | undefined): Promise<Outcome> {
  for (;;) {
    try {
      const now = await d.client.get<{ metadata: { uid?: string } }>({ group: '', version: 'v1', resource: 'pods', namespace: pod.namespace, name: pod.name });
      if (uid !== undefined && now.metadata.uid !== uid) {
        d.report({ type: 'terminated', pod, replaced: true });
        return 'evicted';
      }
    } catch (err) {
      if (!(err instanceof ConsoleError && err.status?.code === 404)) throw err;
      d.report({ type: 'terminated', pod, replaced: false });
      return 'evicted';
    }
    if (Date.now() + DELETE_POLL_MS > d.deadline) {
      d.report({ type: 'timedOut', pod, message: `error when waiting for pod "${pod.name}" terminating: global timeout reached: ${d.timeout}` });
      return 'left';
    }
    if (!(await pause(DELETE_POLL_MS, d.signal))) return 'left';
  }
}

/** Evicts one pod, retrying 429s every EVICTION_RETRY_MS until the deadline, then waits for it to go; reports each step. */
async function evictPod(d: Drain, pod: PodName, uid: string | undefined): Promise<Outcome> {
  const ref = { group: '', version: 'v1', resource: 'pods', namespace: pod.namespace, name: pod.name, subresource: 'eviction' };
  const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.name, namespace: pod.namespace } };
  d.report({ type: 'evicting', pod });
  for (;;) {
    try {
      await audited(d.audit, { action: 'evict', group: '', version: 'v1', resource: 'pods', subresource: 'eviction', namespace: pod.namespace, name: pod.name, successStatus: 201 }, () =>
        d.client.create(ref, eviction),
      );
      d.report({ type: 'evicted', pod });
      return await waitForDelete(d, pod, uid);
    } catch (err) {
      if (!(err instanceof ConsoleError)) throw err;
      // Gone already: what the eviction was for.
      if (err.status?.code === 404) {
        d.report({ type: 'terminated', pod, replaced: false });
        return 'evicted';
      }
      if (err.httpStatus !== 429) {
        d.report({ type: 'failed', pod, error: errorBody(err).error });
        return 'left';
      }
      const retryInSeconds = EVICTION_RETRY_MS / 1000;
      d.report({ type: 'blocked', pod, message: err.status?.message ?? err.message, causes: err.status?.details?.causes ?? [], retryInSeconds });
      if (Date.now() + EVICTION_RETRY_MS > d.deadline) {
        d.report({ type: 'timedOut', pod, message: `error when evicting pods/"${pod.name}" -n "${pod.namespace}": global timeout reached: ${d.timeout}` });
        return 'left';
      }
      if (!(await pause(EVICTION_RETRY_MS, d.signal))) return 'left';
    }
  }
}

/** kubectl's daemonSetFilter reads each DaemonSet that controls a running pod: a missing one is an orphan --force may evict. */
async function daemonSetLookup(client: StreamingKubeClient, pods: DrainPod[]): Promise<DaemonSetLookup> {
  const failures = new Map<string, { notFound: boolean; message: string }>();
  const owners = new Set<string>();
  for (const pod of pods) {
    const controller = pod.metadata.ownerReferences?.find((r) => r.controller === true);
    if (controller?.kind === 'DaemonSet' && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') owners.add(`${pod.metadata.namespace ?? ''}/${controller.name}`);
  }
  await Promise.all(
    [...owners].map(async (owner) => {
      const [namespace, name] = owner.split('/');
      try {
        await client.get({ group: 'apps', version: 'v1', resource: 'daemonsets', namespace, name });
      } catch (err) {
        if (!(err instanceof ConsoleError)) throw err;
        failures.set(owner, { notFound: err.status?.code === 404, message: err.status?.message ?? err.message });
      }
    }),
  );
  return (namespace, name) => failures.get(`${namespace}/${name}`);
}

const key = (p: PodName) => `${p.namespace}/${p.name}`;

/**
 * The drain, event by event. The cordon comes first, so a refusal (403, an unknown node) is an
 * error before anything is streamed; a drain stopped or timed out leaves the node cordoned.
 */
export async function* drainNode(client: StreamingKubeClient, audit: AuditContext, node: string, options: DrainOptions, signal: AbortSignal): AsyncGenerator<DrainEvent> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  await setUnschedulable(client, audit, node, true);
  yield { type: 'cordoned', node };
  const pods = await listAll<DrainPod>(client, { group: '', version: 'v1', resource: 'pods' }, { fieldSelector: `spec.nodeName=${node}` });
  const plan = drainPlan(pods, options, await daemonSetLookup(client, pods));
  yield { type: 'plan', evict: plan.evict, skipped: plan.skipped, warnings: plan.warnings };
  const stays = `node ${node} stays cordoned`;
  if (plan.refusals.length > 0) {
    for (const refusal of plan.refusals) yield { type: 'refused', ...refusal };
    yield { type: 'done', node, evicted: [], remaining: plan.evict, result: 'refused', message: `nothing was evicted; ${stays}` };
    return;
  }
  const events = eventQueue<DrainEvent | { type: 'finished'; pod: PodName; outcome: Outcome }>();
  const drain: Drain = { client, audit, deadline, timeout: goDuration(options.timeoutSeconds), signal, report: (e) => events.push(e) };
  const uids = new Map(pods.map((p) => [key({ namespace: p.metadata.namespace ?? '', name: p.metadata.name }), p.metadata.uid]));
  for (const pod of plan.evict) {
    evictPod(drain, pod, uids.get(key(pod))).then(
      (outcome) => events.push({ type: 'finished', pod, outcome }),
      (err: unknown) => {
        events.push({ type: 'failed', pod, error: errorBody(err instanceof ConsoleError ? err : new ConsoleError('Internal', 500, 'eviction failed')).error });
        events.push({ type: 'finished', pod, outcome: 'left' });
      },
    );
  }
  const evicted: PodName[] = [];
  const remaining: PodName[] = [];
  for (let open = plan.evict.length; open > 0;) {
    const event = await events.next();
    if (event.type !== 'finished') {
      yield event;
      continue;
    }
    open--;
    (event.outcome === 'evicted' ? evicted : remaining).push(event.pod);
  }
  const order = (list: PodName[]) => list.sort((a, b) => key(a).localeCompare(key(b)));
  const result = signal.aborted ? 'stopped' : remaining.length > 0 ? 'notEvicted' : 'drained';
  const message =
    result === 'stopped'
      ? `stopped; ${stays}`
      : result === 'notEvicted'
        ? `${remaining.length} pod${remaining.length === 1 ? '' : 's'} not evicted; ${stays}`
        : `node ${node} drained; it stays cordoned until uncordoned`;
  yield { type: 'done', node, evicted: order(evicted), remaining: order(remaining), result, message };
}
