import 'server-only';
import { ConsoleError, type ErrorObject } from '../errors';
import type { KubeStream, StreamingKubeClient } from './client';
import { isForbidden } from './errors';
import { listableNamespaces, olderResourceVersion, podRow, POD_REF, type Omitted, type Pod, type PodRow } from './pods';
import { followWatch, isGone, openWatch, type WatchEvent } from './watch';

export type PodWatchMessage =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; row: PodRow; resourceVersion: string }
  /** Nothing changed, but a resume may start here. */
  | { type: 'BOOKMARK'; resourceVersion: string }
  /** The resourceVersion is too old (410 Gone): list again, then watch from the new list's. */
  | { type: 'relist'; message: string }
  /** The API server went away (refused, reset, 5xx, 429): the watch is tried again from its resourceVersion in `delayMs`. */
  | { type: 'reconnecting'; error: ErrorObject; delayMs: number }
  /** Every watch is open again after reconnecting; the changes missed meanwhile follow as events. */
  | { type: 'resumed' };

export interface PodWatchQuery {
  /** Undefined: every namespace. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
}

export interface PodWatch {
  /** Namespaces left out of an all-namespaces watch, as the list says them. */
  omitted: Omitted[];
  /** Relays events until the watch is gone or `signal` aborts, resuming each watch the API server cuts; rejects on failures a retry cannot fix. */
  run(emit: (message: PodWatchMessage) => void, now?: () => Date): Promise<void>;
}

interface Scope {
  namespace?: string;
  first: KubeStream;
  /** The newest resourceVersion this scope has reached. */
  resourceVersion?: string;
}

async function openScopes(client: StreamingKubeClient, query: PodWatchQuery, signal: AbortSignal): Promise<{ scopes: Scope[]; omitted: Omitted[] }> {
  const options = { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector, resourceVersion: query.resourceVersion };
  try {
    const first = await openWatch(client, { ...POD_REF, namespace: query.namespace }, options, signal);
    return { scopes: [{ namespace: query.namespace, first, resourceVersion: query.resourceVersion }], omitted: [] };
  } catch (err) {
    if (query.namespace !== undefined || !isForbidden(err)) throw err;
  }
  const { namespaces, omitted } = await listableNamespaces(client, { tryDenied: true });
  const scopes: Scope[] = [];
  try {
    for (const namespace of namespaces) {
      try {
        scopes.push({ namespace, first: await openWatch(client, { ...POD_REF, namespace }, options, signal), resourceVersion: query.resourceVersion });
      } catch (err) {
        if (!isForbidden(err)) throw err;
        omitted.push({ name: namespace, reason: err.message });
      }
    }
  } catch (err) {
    for (const scope of scopes) scope.first.close();
    throw err;
  }
  return { scopes, omitted };
}

/**
 * Opens the pods watch as the caller, before anything is sent, so a 403, a bad selector or a
 * too-old resourceVersion is an ordinary error answer. All namespaces for a caller who may not
 * watch pods cluster-wide: one watch per namespace they may use. Event resourceVersions then
 * come from several watches, so each message carries the oldest position any of them has reached:
 * resuming from it repeats some events and misses none.
 */
export async function openPodWatch(client: StreamingKubeClient, query: PodWatchQuery, signal: AbortSignal): Promise<PodWatch | { relist: string }> {
  let opened: { scopes: Scope[]; omitted: Omitted[] };
  try {
    opened = await openScopes(client, query, signal);
  } catch (err) {
    if (isGone(err)) return { relist: err.message };
    throw err;
  }
  const { scopes, omitted } = opened;
  const position = () => scopes.reduce<string | undefined>((rv, s) => (s.resourceVersion ? olderResourceVersion(rv, s.resourceVersion) : rv), undefined) ?? '';
  return {
    omitted,
    async run(emit, now = () => new Date()) {
      const inner = new AbortController();
      const stop = () => inner.abort();
      const failing = new Set<Scope>();
      signal.addEventListener('abort', stop);
      try {
        const ends = scopes.map((scope) =>
          followWatch<Pod>(
            client,
            { ...POD_REF, namespace: scope.namespace },
            { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector, resourceVersion: scope.resourceVersion },
            inner.signal,
            (event: WatchEvent<Pod>) => {
              scope.resourceVersion = event.object.metadata?.resourceVersion ?? scope.resourceVersion;
              const resourceVersion = scopes.length === 1 ? (scope.resourceVersion ?? '') : position();
              if (event.type === 'BOOKMARK') emit({ type: 'BOOKMARK', resourceVersion });
              else if (event.type !== 'ERROR') emit({ type: event.type, row: podRow(event.object, now()), resourceVersion });
            },
            scope.first,
            {
              onRetry(error, delayMs) {
                failing.add(scope);
                emit({ type: 'reconnecting', error: error.toJSON(), delayMs });
              },
              onResumed() {
                failing.delete(scope);
                if (failing.size === 0) emit({ type: 'resumed' });
              },
            },
          ).then(
            (end) => {
              if (end?.gone && !inner.signal.aborted) {
                emit({ type: 'relist', message: end.message });
                inner.abort();
              }
            },
            (err: unknown) => {
              inner.abort();
              throw err;
            },
          ),
        );
        const results = await Promise.allSettled(ends);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed && !signal.aborted) throw failed.reason instanceof Error ? failed.reason : new ConsoleError('Internal', 500, String(failed.reason));
      } finally {
        inner.abort();
        signal.removeEventListener('abort', stop);
        for (const scope of scopes) scope.first.close();
      }
    },
  };
}
