'use client';
/**
 * The pods list as it is now: pages fetched with limit/continue stream into a Map by uid, then the
 * server's watch (Server-Sent Events) keeps it current. Updates are applied per animation frame, so a
 * burst of watch events costs one render.
 */
import { useEffect, useRef, useState } from 'react';
import { apiRequest, toErrorObject } from './client';
import { clusterPath } from './keys';
import type { PodList, PodRow, PodWatchEvent } from './pod-types';
import type { ErrorObject } from './types';

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

const FIRST_PAGE = 500;
/** The console API allows up to 10,000 per page; fewer round trips load large clusters sooner. */
const NEXT_PAGES = 10_000;
/** Reconnecting for longer than this means the rows may no longer be current. */
const STALE_AFTER_MS = 10_000;
const REOPEN_AFTER_MS = 3_000;

function query(parts: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(parts)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function useLivePods(cluster: string, { namespace, labelSelector, fieldSelector }: LivePodsQuery, enabled = true): LivePods {
  const [state, setState] = useState<LivePods>(() => ({ rows: new Map(), changes: new PodChanges(), version: 0, loaded: false, complete: false, connection: 'connecting', omitted: [] }));
  const live = useRef(new Map<string, PodRow>());

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let frame = 0;
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
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(flush);
    };
    const setConnection = (connection: Connection) => {
      if (!cancelled) setState((previous) => (previous.connection === connection ? previous : { ...previous, connection }));
    };

    /** Lists every page; the first listing streams rows in, a relist swaps the rows once complete. */
    async function list(streaming: boolean): Promise<boolean> {
      const target = streaming ? live.current : new Map<string, PodRow>();
      const fetchPage = (limit: number, next: string) =>
        apiRequest<PodList>(clusterPath(cluster, 'pods') + query({ namespace, labelSelector, fieldSelector, limit, continue: next }));
      let first = true;
      try {
        let pending: Promise<PodList> | undefined = fetchPage(FIRST_PAGE, '');
        while (pending) {
          const page: PodList = await pending;
          if (cancelled) return false;
          // The next page is on its way while this one is applied and rendered.
          pending = page.continue ? fetchPage(NEXT_PAGES, page.continue) : undefined;
          // Keep the request from being reported as unhandled if this listing stops before awaiting it.
          pending?.catch(() => undefined);
          for (const item of page.items) {
            target.set(item.uid, item);
            if (streaming) changes.note(item.uid);
          }
          if (first) setState((previous) => ({ ...previous, loaded: true, error: undefined, omitted: page.omitted ?? [] }));
          if (streaming) schedule();
          resourceVersion = page.resourceVersion ?? resourceVersion;
          first = false;
        }
      } catch (error) {
        if (!cancelled) setState((previous) => ({ ...previous, loaded: true, error: toErrorObject(error), connection: 'stale' }));
        return false;
      }
      if (!streaming) {
        live.current = target;
        changes.replaceAll();
      }
      schedule();
      setState((previous) => ({ ...previous, complete: true }));
      return true;
    }

    function apply(event: PodWatchEvent) {
      if (event.type === 'DELETED') live.current.delete(event.object.uid);
      else live.current.set(event.object.uid, event.object);
      changes.note(event.object.uid);
      schedule();
    }

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
          apply({ type, object: JSON.parse(event.data) as PodRow });
        });
      }
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
        if (source?.readyState === EventSource.CLOSED) {
          setConnection('reconnecting');
          clearTimeout(reopenTimer);
          reopenTimer = setTimeout(watch, REOPEN_AFTER_MS);
        } else {
          setConnection('reconnecting');
        }
      };
    }

    void list(true).then((ok) => ok && watch());
    return () => {
      cancelled = true;
      source?.close();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(staleTimer);
      clearTimeout(reopenTimer);
    };
  }, [cluster, namespace, labelSelector, fieldSelector, enabled]);

  return state;
}
