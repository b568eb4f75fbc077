/**
 * When the live pods list lists, watches, waits or gives up, as client-go's reflector decides: a
 * failed listing is tried again with backoff; a watch cut while open resumes from its last
 * resourceVersion; a watch that could not open, or a 410 Gone, lists again and swaps the rows once
 * the listing is complete. No I/O here: the hook feeds events in and runs the step that comes out.
 */
import { isTransient, retryDelayMs } from '@/lib/retry';
import type { ErrorObject } from '../api/types';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'stale';

/** Reconnecting for longer than this means the rows may no longer be current. */
export const STALE_AFTER_MS = 10_000;
/** A refused list or watch is asked again this often: only an admin's grant changes the answer, and the page should work once it does. */
export const FORBIDDEN_RECHECK_MS = 10_000;
/** A console replica shutting down asks the page to come back at once, to another replica. */
export const DRAIN_REOPEN_MS = 250;

export interface Feed {
  connection: Connection;
  /** The current failure: what the page says while it waits. */
  error?: ErrorObject;
  /** When the next try starts (epoch ms), while one is scheduled. */
  nextTryAt?: number;
  /** Failures since the watch last delivered, for the backoff. */
  failures: number;
  /** When the rows stopped being current, while they are not. */
  failingSince?: number;
  /** A listing has completed since the query was set. */
  listed: boolean;
}

export type FeedEvent =
  | { type: 'listFailed'; error: ErrorObject }
  | { type: 'listed' }
  | { type: 'watchOpened' }
  /** The server lost the API server's watch and tries again itself in `delayMs`. */
  | { type: 'reconnecting'; error: ErrorObject; delayMs: number }
  | { type: 'resumed' }
  /** 410 Gone: the resourceVersion is no longer kept. */
  | { type: 'relist' }
  /** The server ended the watch with the console's error. */
  | { type: 'failure'; error: ErrorObject }
  /** The connection to the console dropped; `opened` says whether it had been open. */
  | { type: 'dropped'; opened: boolean }
  | { type: 'drain' }
  /** The user asked not to wait. */
  | { type: 'tryNow' };

/** What the hook does next: list or watch at `at` (epoch ms), or nothing until an event comes. */
export type Step = { do: 'list' | 'watch'; at: number } | { do: 'wait' };

export const initialFeed: Feed = { connection: 'connecting', failures: 0, listed: false };

/** The connection shown at `now`: reconnecting turns stale once the rows have been behind for STALE_AFTER_MS. */
export function connectionAt(feed: Feed, now: number): Connection {
  return feed.connection === 'reconnecting' && feed.failingSince !== undefined && now - feed.failingSince >= STALE_AFTER_MS ? 'stale' : feed.connection;
}

/** A failure that retries `what` after the backoff when a later try may succeed, at a calm pace when refused (403), or waits for the user when it cannot. */
function failed(feed: Feed, error: ErrorObject, what: 'list' | 'watch', connection: Connection, now: number, random: () => number): { feed: Feed; step: Step } {
  const failingSince = feed.failingSince ?? now;
  if (error.kind === 'Status' && error.status?.code === 403) {
    const at = now + FORBIDDEN_RECHECK_MS;
    return { feed: { ...feed, connection: 'stale', error, nextTryAt: at, failingSince }, step: { do: what, at } };
  }
  if (!isTransient(error)) return { feed: { ...feed, connection: 'stale', error, nextTryAt: undefined, failingSince }, step: { do: 'wait' } };
  const at = now + retryDelayMs(feed.failures, error, undefined, random);
  return { feed: { ...feed, connection, error, nextTryAt: at, failures: feed.failures + 1, failingSince }, step: { do: what, at } };
}

const caughtUp = (feed: Feed): Feed => ({ ...feed, connection: 'live', error: undefined, nextTryAt: undefined, failures: 0, failingSince: undefined });

/** The feed after `event` at `now`, and the step to take; `pending` is the step scheduled before it, for "try now". */
export function nextFeed(feed: Feed, event: FeedEvent, now: number, pending: Step = { do: 'wait' }, random: () => number = Math.random): { feed: Feed; step: Step } {
  switch (event.type) {
    case 'listFailed':
      return failed(feed, event.error, 'list', 'stale', now, random);
    case 'listed':
      // The rows are current as of the listing; the watch from its resourceVersion makes them live.
      return { feed: { ...feed, listed: true, error: undefined, nextTryAt: undefined }, step: { do: 'watch', at: now } };
    case 'watchOpened':
    case 'resumed':
      return { feed: caughtUp(feed), step: { do: 'wait' } };
    case 'reconnecting':
      return { feed: { ...feed, connection: 'reconnecting', error: event.error, nextTryAt: now + event.delayMs, failingSince: feed.failingSince ?? now }, step: { do: 'wait' } };
    case 'relist':
      return { feed: { ...feed, connection: 'reconnecting', nextTryAt: undefined, failingSince: feed.failingSince ?? now }, step: { do: 'list', at: now } };
    case 'failure':
      return failed(feed, event.error, 'watch', 'reconnecting', now, random);
    case 'dropped':
      // A watch that never opened got an error answer EventSource cannot read: listing again shows it, as a reflector relists after a failed watch.
      return failed(
        feed,
        { kind: 'ConsoleUnreachable', message: event.opened ? 'the live connection to Watchdeck was cut' : 'Watchdeck did not open the watch' },
        event.opened ? 'watch' : 'list',
        feed.listed ? 'reconnecting' : 'stale',
        now,
        random,
      );
    case 'drain':
      return { feed: { ...feed, connection: 'reconnecting', failingSince: feed.failingSince ?? now }, step: { do: 'watch', at: now + DRAIN_REOPEN_MS } };
    case 'tryNow':
      return pending.do === 'wait' ? { feed, step: pending } : { feed: { ...feed, nextTryAt: now }, step: { ...pending, at: now } };
  }
}
