import 'server-only';
import { ConsoleError, type ErrorObject } from '../errors';
import type { KubeStream, Query, ResourceRef, StreamingKubeClient } from './client';
import { isForbidden } from './errors';
import { listableNamespaces, olderResourceVersion, podRow, POD_REF, type Omitted, type Pod, type PodRow } from './pods';
import { followWatch, isGone, openWatch, type WatchEvent, type WatchOptions } from './watch';

/** What a watch relays: a collection, the representation its events are asked in, and the row each event's object becomes. */
export interface RowSource<O, R> {
  ref: Omit<ResourceRef, 'namespace' | 'name'>;
  accept?: string;
  extra?: Query;
  /** The rows an event's object stands for (a Table event holds one row, or none in a bookmark). */
  rows(object: O, now: Date): R[];
}

const POD_SOURCE: RowSource<Pod, PodRow> = { ref: POD_REF, rows: (pod, now) => [podRow(pod, now)] };

export type RowWatchMessage<R> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; row: R; resourceVersion: string }
  /** Nothing changed, but a resume may start here. */
  | { type: 'BOOKMARK'; resourceVersion: string }
  /** The resourceVersion is too old (410 Gone): list again, then watch from the new list's. */
  | { type: 'relist'; message: string }
  /** The API server went away (refused, reset, 5xx, 429): the watch is tried again from its resourceVersion in `delayMs`. */
  | { type: 'reconnecting'; error: ErrorObject; delayMs: number }
  /** Every watch is open again after reconnecting; the changes missed meanwhile follow as events. */
  | { type: 'resumed' };

export type PodWatchMessage = RowWatchMessage<PodRow>;

export interface PodWatchQuery {
  /** Undefined: every namespace. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
}

export interface RowWatch<R> {
  /** Namespaces left out of an all-namespaces watch, as the list says them. */
  omitted: Omitted[];
  /** Relays events until the watch is gone or `signal` aborts, resuming each watch the API server cuts; rejects on failures a retry cannot fix. */
  run(emit: (message: RowWatchMessage<R>) => void, now?: () => Date): Promise<void>;
}

export type PodWatch = RowWatch<PodRow>;

interface Scope {
  namespace?: string;
  first: KubeStream;
  /** The newest resourceVersion this scope has reached. */
  resourceVersion?: string;
}

async function openScopes(
  client: StreamingKubeClient,
  ref: RowSource<unknown, unknown>['ref'],
  options: WatchOptions,
  query: PodWatchQuery,
  signal: AbortSignal,
): Promise<{ scopes: Scope[]; omitted: Omitted[] }> {
  try {
    const first = await openWatch(client, { ...ref, namespace: query.namespace }, options, signal);
    return { scopes: [{ namespace: query.namespace, first, resourceVersion: query.resourceVersion }], omitted: [] };
  } catch (err) {
    if (query.namespace !== undefined || !isForbidden(err)) throw err;
  }
  const { namespaces, omitted } = await listableNamespaces(client, { tryDenied: true });
  const scopes: Scope[] = [];
  try {
    for (const namespace of namespaces) {
      try {
        scopes.push({ namespace, first: await openWatch(client, { ...ref, namespace }, options, signal), resourceVersion: query.resourceVersion });
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
export function openPodWatch(client: StreamingKubeClient, query: PodWatchQuery, signal: AbortSignal): Promise<PodWatch | { relist: string }> {
  return openRowWatch(client, POD_SOURCE, query, signal);
}

/** openPodWatch for any collection: `source` says what to watch and how each event becomes rows. */
export async function openRowWatch<O extends { metadata?: { resourceVersion?: string } }, R>(
  client: StreamingKubeClient,
  source: RowSource<O, R>,
  query: PodWatchQuery,
  signal: AbortSignal,
): Promise<RowWatch<R> | { relist: string }> {
  const options: WatchOptions = { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector, resourceVersion: query.resourceVersion, accept: source.accept, extra: source.extra };
  let opened: { scopes: Scope[]; omitted: Omitted[] };
  try {
    opened = await openScopes(client, source.ref, options, query, signal);
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
          followWatch<O>(
            client,
            { ...source.ref, namespace: scope.namespace },
            { ...options, resourceVersion: scope.resourceVersion },
            inner.signal,
            (event: WatchEvent<O>) => {
              scope.resourceVersion = event.object.metadata?.resourceVersion ?? scope.resourceVersion;
              const resourceVersion = scopes.length === 1 ? (scope.resourceVersion ?? '') : position();
              if (event.type === 'BOOKMARK') emit({ type: 'BOOKMARK', resourceVersion });
              else if (event.type !== 'ERROR') {
                const type = event.type;
                for (const row of source.rows(event.object, now())) emit({ type, row, resourceVersion });
              }
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
