'use client';
/**
 * The pods list as it is now: every page arrives in one NDJSON response (GET …/pods/stream) and
 * streams into a Map by uid, then the server's watch (Server-Sent Events) keeps it current. Changes
 * are applied per animation frame, so a page or a burst of watch events costs one render.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, toErrorObject } from '../api/client';
import { clusterPath } from '../api/keys';
import type { PodList, PodRow } from '../api/pod-types';
import type { ErrorObject } from '../api/types';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'stale';

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

export interface LivePods {
  /** The rows by uid: one Map, updated in place; `version` changes with every applied batch. */
  rows: ReadonlyMap<string, PodRow>;
  changes: PodChanges;
  version: number;
  /** The first page has arrived (or the list failed). */
  loaded: boolean;
  /** Every page has arrived. */
  complete: boolean;
  error?: ErrorObject;
  connection: Connection;
  omitted: PodList['omitted'];
}

type StreamLine = Omit<PodList, 'continue'> | { error: ErrorObject };

/** Reconnecting for longer than this means the rows may no longer be current. */
const STALE_AFTER_MS = 10_000;
const REOPEN_AFTER_MS = 3_000;
/** While the listing streams in after its first page, the table is drawn this often rather than every frame: each drawing costs CPU the stream needs. */
const LOADING_DRAW_MS = 250;

function query(parts: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(parts)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Each page of the list stream as it arrives; the console's error answer or a failure line as ApiError. */
export async function* podPages(url: string, signal: AbortSignal): AsyncGenerator<Omit<PodList, 'continue'>> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/x-ndjson' }, credentials: 'same-origin', cache: 'no-store', signal });
  } catch (cause) {
    throw new ApiError({ kind: 'ConsoleUnreachable', message: `Watchdeck did not answer: ${(cause as Error).message}` }, 0);
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => undefined)) as { error?: ErrorObject } | undefined;
    throw new ApiError(body?.error ?? { kind: 'Internal', message: `${response.status} ${response.statusText}`.trim() }, response.status);
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
      const line = JSON.parse(parts.join('')) as StreamLine;
      parts = [];
      if ('error' in line) throw new ApiError(line.error, line.error.status?.code ?? 500);
      yield line;
    }
    if (rest) parts.push(rest);
    if (done) break;
  }
  if (parts.join('').trim()) throw new ApiError({ kind: 'Internal', message: 'the pods stream ended in the middle of a page' }, 0);
}

export function useLivePods(cluster: string, { namespace, labelSelector, fieldSelector }: LivePodsQuery, enabled = true): LivePods {
  const [state, setState] = useState<LivePods>(() => ({ rows: new Map(), changes: new PodChanges(), version: 0, loaded: false, complete: false, connection: 'connecting', omitted: [] }));
  const live = useRef(new Map<string, PodRow>());

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    let cancelled = false;
    let frame = 0;
    let later: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    let staleTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let resourceVersion = '';
    live.current = new Map();
    const changes = new PodChanges();
    setState({ rows: live.current, changes, version: 0, loaded: false, complete: false, connection: 'connecting', omitted: [] });

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
    const setConnection = (connection: Connection) => {
      if (!cancelled) setState((previous) => (previous.connection === connection ? previous : { ...previous, connection }));
    };

    /** Lists every page; the first listing streams rows in, a relist swaps the rows once complete. */
    async function list(streaming: boolean): Promise<boolean> {
      const target = streaming ? live.current : new Map<string, PodRow>();
      let first = true;
      try {
        for await (const page of podPages(clusterPath(cluster, 'pods', 'stream') + query({ namespace, labelSelector, fieldSelector }), abort.signal)) {
          if (cancelled) return false;
          for (const item of page.items) {
            target.set(item.uid, item);
            if (streaming) changes.note(item.uid);
          }
          if (first) setState((previous) => ({ ...previous, loaded: true, error: undefined, omitted: page.omitted ?? [] }));
          if (streaming) schedule(first);
          resourceVersion = page.resourceVersion ?? resourceVersion;
          first = false;
        }
      } catch (error) {
        if (!cancelled) setState((previous) => ({ ...previous, loaded: true, error: toErrorObject(error), connection: 'stale' }));
        return false;
      }
      if (cancelled) return false;
      if (!streaming) {
        live.current = target;
        changes.replaceAll();
      }
      schedule();
      setState((previous) => ({ ...previous, complete: true }));
      return true;
    }

    const apply = (type: 'ADDED' | 'MODIFIED' | 'DELETED', row: PodRow) => {
      if (type === 'DELETED') live.current.delete(row.uid);
      else live.current.set(row.uid, row);
      changes.note(row.uid);
    };

    function watch() {
      if (cancelled) return;
      source?.close();
      source = new EventSource(clusterPath(cluster, 'pods', 'watch') + query({ namespace, labelSelector, fieldSelector, resourceVersion }));
      source.onopen = () => {
        clearTimeout(staleTimer);
        staleTimer = undefined;
        setConnection('live');
      };
      for (const type of ['ADDED', 'MODIFIED', 'DELETED'] as const) {
        source.addEventListener(type, (message) => {
          const event = message as MessageEvent<string>;
          if (event.lastEventId) resourceVersion = event.lastEventId;
          apply(type, JSON.parse(event.data) as PodRow);
          schedule();
        });
      }
      // Several changes in one message, as the server coalesces them when they come fast.
      source.addEventListener('batch', (message) => {
        const event = message as MessageEvent<string>;
        if (event.lastEventId) resourceVersion = event.lastEventId;
        for (const [type, row] of JSON.parse(event.data) as ['ADDED' | 'MODIFIED' | 'DELETED', PodRow][]) apply(type, row);
        schedule();
      });
      source.addEventListener('BOOKMARK', (message) => {
        const event = message as MessageEvent<string>;
        if (event.lastEventId) resourceVersion = event.lastEventId;
      });
      // The server could not keep watching (its message is in the data): the rows stop being current.
      source.addEventListener('failure', () => {
        source?.close();
        setConnection('stale');
        clearTimeout(reopenTimer);
        reopenTimer = setTimeout(watch, REOPEN_AFTER_MS * 5);
      });
      source.addEventListener('relist', () => {
        source?.close();
        setConnection('reconnecting');
        resourceVersion = '';
        void list(false).then((ok) => ok && watch());
      });
      source.onerror = () => {
        if (cancelled) return;
        staleTimer ??= setTimeout(() => setConnection('stale'), STALE_AFTER_MS);
        setConnection('reconnecting');
        if (source?.readyState === EventSource.CLOSED) {
          clearTimeout(reopenTimer);
          reopenTimer = setTimeout(watch, REOPEN_AFTER_MS);
        }
      };
    }

    void list(true).then((ok) => ok && watch());
    return () => {
      cancelled = true;
      abort.abort();
      source?.close();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(later);
      clearTimeout(staleTimer);
      clearTimeout(reopenTimer);
    };
  }, [cluster, namespace, labelSelector, fieldSelector, enabled]);

  return state;
}
