import 'server-only';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { isTransient, retryDelayMs } from '@/lib/retry';
import { ConsoleError, type KubeStatus } from '../errors';
import { readLines } from '../line-reader';
import type { KubeStream, Query, ResourceRef, StreamingKubeClient } from './client';
import { fromNetworkError } from './errors';

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

type Versioned = { metadata?: { resourceVersion?: string } };

/** Newline-delimited JSON, one value per line, as a watch body streams it. */
export async function* jsonLines<T>(body: Readable): AsyncGenerator<T> {
  for await (const line of readLines(body)) if (line.trim()) yield JSON.parse(line) as T;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Where to start; undefined: the current state as ADDED events first, as the API server does. */
  resourceVersion?: string;
  /** Another representation of each event's object (a meta.k8s.io Table), and the parameters it takes. */
  accept?: string;
  extra?: Query;
}

/** How a watch ended while the caller still wanted it. */
export type WatchEnd = { gone: true; message: string };

/** Server-side watch timeout; the watch is reopened from the last resourceVersion after it. */
const WATCH_TIMEOUT_SECONDS = 30 * 60;

/**
 * A watch that allows bookmarks hears from kube-apiserver about once a minute even when nothing
 * changes; silence for longer means a dead connection (an API server gone without a reset), which
 * is replaced from the last resourceVersion, as client-go's HTTP/2 health check replaces one.
 */
export const watchTimings = { idleMs: 3 * 60_000 };

export function isGone(err: unknown): err is ConsoleError {
  return err instanceof ConsoleError && err.kind === 'Status' && err.httpStatus === 410;
}

/** Opens a watch with bookmarks; rejects with the API server's Status (403, 400 for a bad selector, 410 when too old). */
export function openWatch(client: StreamingKubeClient, ref: ResourceRef, options: WatchOptions, signal: AbortSignal): Promise<KubeStream> {
  const query: Query = {
    ...options.extra,
    watch: 'true',
    allowWatchBookmarks: 'true',
    timeoutSeconds: WATCH_TIMEOUT_SECONDS,
    labelSelector: options.labelSelector || undefined,
    fieldSelector: options.fieldSelector || undefined,
    resourceVersion: options.resourceVersion,
  };
  return client.stream(ref, query, signal, options.accept ? { accept: options.accept } : undefined);
}

/** What a watch that resumes by itself says while the API server is away. */
export interface WatchResume {
  /** The watch failed (unreachable, reset mid-stream, 5xx, 429) and is tried again from its resourceVersion after `delayMs`. */
  onRetry(error: ConsoleError, delayMs: number): void;
  /** The watch is open again after one or more failures. */
  onResumed(): void;
  random?: () => number;
}

/** A failure of the open watch as the console's error: a socket cut mid-body arrives as a bare Node error. */
function watchError(err: unknown, client: StreamingKubeClient): ConsoleError {
  return err instanceof ConsoleError ? err : fromNetworkError(err, client);
}

/**
 * Follows one watch like a reflector: every event goes to `onEvent`; when the API server ends the
 * watch (its timeout), it is reopened from the last resourceVersion. With `resume`, a transient
 * failure (connection refused or reset, 5xx, 429) is tried again from the last resourceVersion with
 * lib/retry backoff, as client-go's reflector backs off on a refused or throttled watch. Returns
 * when the resourceVersion is too old (410 Gone) or when `signal` aborts; other failures reject.
 */
export async function followWatch<T extends Versioned>(
  client: StreamingKubeClient,
  ref: ResourceRef,
  options: WatchOptions,
  signal: AbortSignal,
  onEvent: (event: WatchEvent<T>) => void,
  first?: KubeStream,
  resume?: WatchResume,
): Promise<WatchEnd | undefined> {
  let resourceVersion = options.resourceVersion;
  let stream = first;
  let failures = 0;
  const retry = async (error: ConsoleError) => {
    if (!resume || !isTransient(error.toJSON())) throw error;
    const delayMs = retryDelayMs(failures, error.toJSON(), undefined, resume.random);
    failures += 1;
    resume.onRetry(error, delayMs);
    await sleep(delayMs, undefined, { signal }).catch(() => undefined);
  };
  while (!signal.aborted) {
    try {
      stream ??= await openWatch(client, ref, { ...options, resourceVersion }, signal);
    } catch (err) {
      if (signal.aborted) return undefined;
      if (isGone(err)) return { gone: true, message: err.message };
      await retry(watchError(err, client));
      continue;
    }
    if (failures > 0) resume?.onResumed();
    const open = stream;
    let idle = false;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const listen = () => {
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        idle = true;
        open.close();
      }, watchTimings.idleMs);
    };
    listen();
    try {
      for await (const event of jsonLines<WatchEvent<T>>(stream.body)) {
        listen();
        if (event.type === 'ERROR') {
          const status = event.object as unknown as KubeStatus;
          if (status.code === 410) return { gone: true, message: status.message ?? 'resourceVersion too old' };
          throw new ConsoleError('Status', status.code, status.message ?? `watch failed with ${status.code}`, status);
        }
        resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
        // The backoff starts over only once the API server delivers again, not when it merely accepts the watch.
        failures = 0;
        onEvent(event);
      }
    } catch (err) {
      if (signal.aborted) return undefined;
      stream.close();
      stream = undefined;
      if (!idle) await retry(watchError(err, client));
      continue;
    } finally {
      clearTimeout(quiet);
      stream?.close();
      stream = undefined;
    }
  }
  return undefined;
}
