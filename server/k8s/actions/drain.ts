import 'server-only';
/**
 * Cordon, uncordon and drain a node as kubectl does: cordon patches spec.unschedulable; drain
 * cordons, picks the pods as `kubectl drain --ignore-daemonsets` does, and evicts each through the
 * Eviction API at once, retrying each refusal (429, a PodDisruptionBudget's among them) every 5 s
 * until the caller's timeout or until they stop. Every write is kept in the audit trail.
 */
import { drainPlan, type DrainPod, type PodName } from '@/lib/k8s/drain-plan';
import { audited, type AuditContext } from '../../audit/trail';
import { ConsoleError, type ErrorObject, type KubeStatus } from '../../errors';
import { errorBody } from '../../http';
import type { StreamingKubeClient } from '../client';
import { listAll } from '../list-all';

/** kubectl drain's wait between two evictions of a pod the API server refused with 429. */
export const EVICTION_RETRY_MS = 5_000;

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

export interface DrainOptions {
  deleteEmptyDirData: boolean;
  /** How long refused evictions are retried, from the start of the drain. */
  timeoutSeconds: number;
}

export type DrainEvent =
  | { type: 'cordoned'; node: string }
  | { type: 'plan'; evict: PodName[]; skipped: (PodName & { reason: string })[] }
  /** kubectl's refusal before any eviction (pods with local storage, pods without a controller); the node stays cordoned. */
  | { type: 'refused'; message: string; pods: PodName[] }
  | { type: 'evicting'; pod: PodName }
  | { type: 'evicted'; pod: PodName }
  /** The API server's 429 (a disruption budget's, with its causes), verbatim; tried again after retryInSeconds. */
  | { type: 'blocked'; pod: PodName; message: string; causes: NonNullable<KubeStatus['details']>['causes']; retryInSeconds: number }
  | { type: 'failed'; pod: PodName; error: ErrorObject }
  | { type: 'timedOut'; pod: PodName; message: string }
  | { type: 'done'; node: string; evicted: PodName[]; remaining: PodName[]; message: string };

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

/** Evicts one pod, retrying 429s every EVICTION_RETRY_MS until `deadline`; reports each step. */
async function evictPod(client: StreamingKubeClient, audit: AuditContext, pod: PodName, deadline: number, signal: AbortSignal, report: (e: DrainEvent) => void): Promise<Outcome> {
  const ref = { group: '', version: 'v1', resource: 'pods', namespace: pod.namespace, name: pod.name, subresource: 'eviction' };
  const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.name, namespace: pod.namespace } };
  report({ type: 'evicting', pod });
  for (;;) {
    try {
      await audited(audit, { action: 'evict', group: '', version: 'v1', resource: 'pods', subresource: 'eviction', namespace: pod.namespace, name: pod.name, successStatus: 201 }, () =>
        client.create(ref, eviction),
      );
      report({ type: 'evicted', pod });
      return 'evicted';
    } catch (err) {
      if (!(err instanceof ConsoleError)) throw err;
      // Gone already: what the eviction was for.
      if (err.status?.code === 404) {
        report({ type: 'evicted', pod });
        return 'evicted';
      }
      if (err.httpStatus !== 429) {
        report({ type: 'failed', pod, error: errorBody(err).error });
        return 'left';
      }
      const retryInSeconds = EVICTION_RETRY_MS / 1000;
      report({ type: 'blocked', pod, message: err.status?.message ?? err.message, causes: err.status?.details?.causes ?? [], retryInSeconds });
      if (Date.now() + EVICTION_RETRY_MS > deadline) {
        report({ type: 'timedOut', pod, message: `still refused when the drain's timeout ran out; ${pod.namespace}/${pod.name} stays on the node` });
        return 'left';
      }
      if (!(await pause(EVICTION_RETRY_MS, signal))) return 'left';
    }
  }
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
  const plan = drainPlan(pods, options);
  yield { type: 'plan', evict: plan.evict, skipped: plan.skipped };
  const stays = `node ${node} stays cordoned`;
  if (plan.refusals.length > 0) {
    for (const refusal of plan.refusals) yield { type: 'refused', ...refusal };
    yield { type: 'done', node, evicted: [], remaining: plan.evict, message: `nothing was evicted; ${stays}` };
    return;
  }
  const events = eventQueue<DrainEvent | { type: 'finished'; pod: PodName; outcome: Outcome }>();
  for (const pod of plan.evict) {
    evictPod(client, audit, pod, deadline, signal, (e) => events.push(e)).then(
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
  const message = signal.aborted
    ? `stopped; ${stays}`
    : remaining.length > 0
      ? `${remaining.length} pod${remaining.length === 1 ? '' : 's'} not evicted; ${stays}`
      : `node ${node} drained; it stays cordoned until uncordoned`;
  yield { type: 'done', node, evicted: order(evicted), remaining: order(remaining), message };
}
