'use client';
/**
 * The pods list as it is now: every page arrives in one NDJSON response (GET …/pods/stream) and
 * streams into a Map by uid, then the server's watch (Server-Sent Events) keeps it current. Changes
 * are applied per animation frame, so a page or a burst of watch events costs one render.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, failureAnswer, toErrorObject } from '../api/client';
import { clusterPath } from '../api/keys';
import { reportStreamFailure } from '../api/stream-failures';
import type { PodList, PodRow } from '../api/pod-types';
import type { ErrorObject } from '../api/types';
import { connectionAt, initialFeed, nextFeed, STALE_AFTER_MS, type Connection, type Feed, type FeedEvent, type Step } from './live-pods-state';

export type { Connection };

export interface LivePodsQuery {
  /** '' lists every namespace. */
  namespace: string;
  labelSelector: string;
  fieldSelector: string;
}

/**
 * What changed in `rows` since its reader last took the changes: the uids added, replaced or removed,
 * or `all` after the rows were replaced as a whole (a new listing). One reader per hook.
 */
export class PodChanges {
  private uids = new Set<string>();
  private all = true;
  note(uid: string): void {
    if (!this.all) this.uids.add(uid);
  }
  replaceAll(): void {
    this.all = true;
    this.uids.clear();
  }
  take(): { all: boolean; uids: ReadonlySet<string> } {
    const taken = { all: this.all, uids: this.uids };
    this.all = false;
    this.uids = new Set();
    return taken;
  }
}

export interface LiveRows<R, L> {
  /** The rows by uid: one Map, updated in place; `version` changes with every applied batch. */
  rows: ReadonlyMap<string, R>;
  changes: PodChanges;
  version: number;
  /** The first page has arrived (or the list failed). */
  loaded: boolean;
  /** Every page has arrived. */
  complete: boolean;
  /** The current failure of the listing or the watch; the rows of an earlier listing stay meanwhile. */
  error?: ErrorObject;
  /** When the next try starts (epoch ms), while one is scheduled. */
  nextTryAt?: number;
  connection: Connection;
  omitted: PodList['omitted'];
  /** The latest page of the listing, for what it says besides the rows. */
  page?: L;
  /** Runs the scheduled try now rather than at `nextTryAt`. */
  retry: () => void;
}

type PodLine = Omit<PodList, 'continue'>;

export type LivePods = LiveRows<PodRow, PodLine>;

/** A page of a list stream: its rows, where a watch may start, and the namespaces left out. */
export interface ListLine {
  resourceVersion?: string;
  omitted?: PodList['omitted'];
}

/** While the listing streams in after its first page, the table is drawn this often rather than every frame: each drawing costs CPU the stream needs. */
const LOADING_DRAW_MS = 250;

function query(parts: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(parts)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Each line of an NDJSON stream (a list's pages, a drain's steps) as it arrives; the console's error answer or a failure line as ApiError. */
export async function* podPages<L = PodLine>(url: string, signal: AbortSignal, init: { method?: 'POST'; body?: string; headers?: Record<string, string> } = {}): AsyncGenerator<L> {
  let response: Response;
  try {
    response = await fetch(url, { method: init.method, body: init.body, headers: { Accept: 'application/x-ndjson', ...init.headers }, credentials: 'same-origin', cache: 'no-store', signal });
  } catch (cause) {
    throw new ApiError({ kind: 'ConsoleUnreachable', message: `Watchdeck did not answer: ${(cause as Error).message}` }, 0);
  }
  if (!response.ok || !response.body) {
    throw new ApiError(await failureAnswer(response), response.status);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  // A line of thousands of rows comes in many chunks: only each new chunk is searched for its end, and the parts joined once.
  let parts: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    let rest = value ?? '';
    let end: number;
    while ((end = rest.indexOf('\n')) >= 0) {
      parts.push(rest.slice(0, end));
      rest = rest.slice(end + 1);
      const line = JSON.parse(parts.join('')) as L | { error: ErrorObject };
      parts = [];
      if (line && typeof line === 'object' && 'error' in line) throw new ApiError(line.error, line.error.status?.code ?? 500);
      yield line;
    }
    if (rest) parts.push(rest);
    if (done) break;
  }
  if (parts.join('').trim()) throw new ApiError({ kind: 'Internal', message: 'the list stream ended in the middle of a page' }, 0);
}

/** The console's error answer to a watch that would not open, or undefined when it opens now or the console cannot be reached. */
export async function watchRefusal(url: string, signal: AbortSignal): Promise<ErrorObject | undefined> {
  try {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, credentials: 'same-origin', cache: 'no-store', signal });
    if (response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    return await failureAnswer(response);
  } catch {
    return undefined;
  }
}

export function useLivePods(cluster: string, { namespace, labelSelector, fieldSelector }: LivePodsQuery, enabled = true): LivePods {
  const filter = { namespace, labelSelector, fieldSelector };
  return useLiveRows<PodRow, PodLine>(
    clusterPath(cluster, 'pods', 'stream') + query(filter),
    (resourceVersion) => clusterPath(cluster, 'pods', 'watch') + query({ ...filter, resourceVersion }),
    podItems,
    enabled,
  );
}

const podItems = (line: PodLine) => line.items;

/**
 * A list kept live: every page from `streamUrl` (NDJSON) into a Map by uid, then the Server-Sent
 * Events of `watchUrl(resourceVersion)`. A new `streamUrl` starts over; `watchUrl` and `rowsOf` are read when used.
 */
export function useLiveRows<R extends { uid: string }, L extends ListLine>(streamUrl: string, watchUrl: (resourceVersion: string) => string, rowsOf: (line: L) => R[], enabled = true): LiveRows<R, L> {
  const tryNow = useRef<() => void>(() => {});
  const [retry] = useState(() => () => tryNow.current());
  const fresh = (): LiveRows<R, L> => ({ rows: new Map(), changes: new PodChanges(), version: 0, loaded: false, complete: false, connection: 'connecting', omitted: [], retry });
  const [state, setState] = useState<LiveRows<R, L>>(fresh);
  const live = useRef(new Map<string, R>());
  const urls = useRef({ watchUrl, rowsOf });
  useEffect(() => {
    urls.current = { watchUrl, rowsOf };
  });

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let cancelled = false;
    let frame = 0;
    let later: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    let nextTimer: ReturnType<typeof setTimeout> | undefined;
    let staleTimer: ReturnType<typeof setTimeout> | undefined;
    let resourceVersion = '';
    let feed: Feed = initialFeed;
    let pending: Step = { do: 'list', at: Date.now() };
    live.current = new Map();
    const changes = new PodChanges();
    setState({ ...fresh(), rows: live.current, changes });

    const flush = () => {
      frame = 0;
      // Copying 150,000 entries per frame would cost more than rendering them.
      if (!cancelled) setState((previous) => ({ ...previous, rows: live.current, version: previous.version + 1 }));
    };
    /** Draws the changes on the next frame, or (`soon` false) within LOADING_DRAW_MS. */
    const schedule = (soon = true) => {
      if (soon && later) {
        clearTimeout(later);
        later = undefined;
      }
      if (frame || later) return;
      if (soon) frame = requestAnimationFrame(flush);
      else
        later = setTimeout(() => {
          later = undefined;
          frame = requestAnimationFrame(flush);
        }, LOADING_DRAW_MS);
    };
    const show = () => {
      if (cancelled) return;
      const now = Date.now();
      const connection = connectionAt(feed, now);
      setState((previous) => ({ ...previous, connection, error: feed.error, nextTryAt: feed.nextTryAt, loaded: previous.loaded || feed.error !== undefined }));
      if (feed.error) reportStreamFailure(feed.error);
      clearTimeout(staleTimer);
      // Reconnecting turns stale on its own after a while: show it then.
      if (connection === 'reconnecting' && feed.failingSince !== undefined) staleTimer = setTimeout(show, feed.failingSince + STALE_AFTER_MS - now);
    };
    /** Takes an event into the feed, shows it, and lists or watches when the feed says. */
    const on = (event: FeedEvent) => {
      if (cancelled) return;
      const next = nextFeed(feed, event, Date.now(), pending);
      feed = next.feed;
      pending = next.step;
      show();
      clearTimeout(nextTimer);
      if (pending.do === 'wait') return;
      const what = pending.do;
      nextTimer = setTimeout(
        () => {
          pending = { do: 'wait' };
          if (what === 'list') void list();
          else watch();
        },
        Math.max(0, pending.at - Date.now()),
      );
    };
    tryNow.current = () => on({ type: 'tryNow' });

    /** Lists every page: the first listing streams rows in; a relist (or a retry after a partial one) swaps the rows once complete. */
    async function list(): Promise<void> {
      source?.close();
      const streaming = !feed.listed && live.current.size === 0;
      const target = streaming ? live.current : new Map<string, R>();
      let first = true;
      try {
        for await (const page of podPages<L>(streamUrl, abort.signal)) {
          if (cancelled) return;
          setState((previous) => ({ ...previous, page }));
          for (const item of urls.current.rowsOf(page)) {
            target.set(item.uid, item);
            if (streaming) changes.note(item.uid);
          }
          if (first) setState((previous) => ({ ...previous, loaded: true, omitted: page.omitted ?? [] }));
          if (streaming) schedule(first);
          resourceVersion = page.resourceVersion ?? resourceVersion;
          first = false;
        }
      } catch (error) {
        on({ type: 'listFailed', error: toErrorObject(error) });
        return;
      }
      if (cancelled) return;
      if (!streaming) {
        live.current = target;
        changes.replaceAll();
      }
      schedule();
      setState((previous) => ({ ...previous, complete: true }));
      on({ type: 'listed' });
    }

    const apply = (type: 'ADDED' | 'MODIFIED' | 'DELETED', row: R) => {
      if (type === 'DELETED') live.current.delete(row.uid);
      else live.current.set(row.uid, row);
      changes.note(row.uid);
    };

    /** Watches from the last resourceVersion; every way it ends is an event for the feed. */
    function watch() {
      if (cancelled) return;
      source?.close();
      let opened = false;
      const current = new EventSource(urls.current.watchUrl(resourceVersion));
      source = current;
      const data = <T>(message: Event) => {
        const event = message as MessageEvent<string>;
        if (event.lastEventId) resourceVersion = event.lastEventId;
        return JSON.parse(event.data) as T;
      };
      const end = (event: FeedEvent) => {
        current.close();
        on(event);
      };
      current.onopen = () => {
        opened = true;
        on({ type: 'watchOpened' });
      };
      for (const type of ['ADDED', 'MODIFIED', 'DELETED'] as const) {
        current.addEventListener(type, (message) => {
          apply(type, data<R>(message));
          schedule();
        });
      }
      // Several changes in one message, as the server coalesces them when they come fast.
      current.addEventListener('batch', (message) => {
        for (const [type, row] of data<['ADDED' | 'MODIFIED' | 'DELETED', R][]>(message)) apply(type, row);
        schedule();
      });
      current.addEventListener('BOOKMARK', (message) => void data(message));
      current.addEventListener('reconnecting', (message) => {
        const { error, delayMs } = data<{ error: ErrorObject; delayMs: number }>(message);
        on({ type: 'reconnecting', error, delayMs });
      });
      current.addEventListener('resumed', () => on({ type: 'resumed' }));
      // The server could not keep watching: its error is the data.
      current.addEventListener('failure', (message) => end({ type: 'failure', error: data<ErrorObject>(message) }));
      current.addEventListener('relist', () => {
        resourceVersion = '';
        end({ type: 'relist' });
      });
      current.addEventListener('reconnect', () => end({ type: 'drain' }));
      // EventSource would reconnect on its own every few seconds; the feed's backoff decides instead.
      current.onerror = () => {
        current.close();
        if (opened) return on({ type: 'dropped', opened });
        // EventSource cannot read an error answer (a refused watch's 403): ask once with fetch to read it.
        void watchRefusal(urls.current.watchUrl(resourceVersion), abort.signal).then((error) => on(error ? { type: 'failure', error } : { type: 'dropped', opened }));
      };
    }

    void list();
    return () => {
      cancelled = true;
      tryNow.current = () => {};
      abort.abort();
      source?.close();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(later);
      clearTimeout(nextTimer);
      clearTimeout(staleTimer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `fresh` only reads the stable `retry`
  }, [streamUrl, enabled]);

  return state;
}
